"""the dashboard's per-day cells and the data stamp they were built from

A cold dashboard build joined and grouped every piece of its period and the trend's window
before it (at 10,000 pieces on PostgreSQL, most of its time). ``dashboard_day_cells`` holds a
creator's pieces summed by (UTC day, platform, theme, verdict); a build sums the cells of its
whole days and reads rows only for the days its window boundaries cut. The cells are used only
while ``dashboard_cell_versions`` holds the creator's current data stamp; until a refresh
builds them (insights/day_cells.py), the dashboard reads the rows as before. A rate is summed in
two exact parts (insights/rate_sums.py), so sums come out the same in any order.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 11:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dashboard_cell_versions",
        sa.Column("creator_id", sa.Uuid(), nullable=False),
        sa.Column("data_version", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["creator_id"],
            ["creators.id"],
            name=op.f("fk_dashboard_cell_versions_creator_id_creators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("creator_id", name=op.f("pk_dashboard_cell_versions")),
    )
    op.create_table(
        "dashboard_day_cells",
        sa.Column("creator_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("theme", sa.String(length=100), nullable=True),
        sa.Column("verdict", sa.String(length=20), nullable=True),
        sa.Column("pieces", sa.Integer(), nullable=False),
        sa.Column("views", sa.BigInteger(), nullable=False),
        sa.Column("reach", sa.BigInteger(), nullable=False),
        sa.Column("engagement_whole", sa.Float(), nullable=False),
        sa.Column("engagement_units", sa.BigInteger(), nullable=False),
        sa.Column("engagement_n", sa.Integer(), nullable=False),
        sa.Column("score_whole", sa.Float(), nullable=False),
        sa.Column("score_units", sa.BigInteger(), nullable=False),
        sa.Column("score_n", sa.Integer(), nullable=False),
        sa.Column("retention_whole", sa.Float(), nullable=False),
        sa.Column("retention_units", sa.BigInteger(), nullable=False),
        sa.Column("retention_n", sa.Integer(), nullable=False),
        sa.Column("views_n", sa.Integer(), nullable=False),
        sa.Column("reach_n", sa.Integer(), nullable=False),
        sa.Column("first_published", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"],
            ["creators.id"],
            name=op.f("fk_dashboard_day_cells_creator_id_creators"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        "ix_dashboard_day_cells_creator_day", "dashboard_day_cells", ["creator_id", "day"]
    )


def downgrade() -> None:
    op.drop_index("ix_dashboard_day_cells_creator_day", table_name="dashboard_day_cells")
    op.drop_table("dashboard_day_cells")
    op.drop_table("dashboard_cell_versions")
