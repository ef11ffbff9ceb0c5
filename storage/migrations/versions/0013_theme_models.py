"""what the last clustering of a creator's words left, so new pieces are themed without another

A refresh clustered every inferred piece's words again whenever a piece arrived without a theme
(at 10,000 pieces a third of a second per import). ``theme_models`` keeps each inferred theme's
telling terms: a new piece takes the theme its words share most, and the words are clustered
anew once the pieces named that way reach a share of those clustered (insights/theme_assign.py).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 14:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "theme_models",
        sa.Column("creator_id", sa.Uuid(), nullable=False),
        sa.Column("clustered", sa.Integer(), nullable=False),
        sa.Column("matched", sa.Integer(), nullable=False),
        sa.Column("profiles", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"],
            ["creators.id"],
            name=op.f("fk_theme_models_creator_id_creators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("creator_id", name=op.f("pk_theme_models")),
    )


def downgrade() -> None:
    op.drop_table("theme_models")
