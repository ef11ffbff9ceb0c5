"""partial indexes of the performance rows a refresh must find apart: unscored, NaN rates

After a write, the refresh read the creator's pieces with neither views nor reach (never
scored) and, on PostgreSQL, counted rates stored as NaN, each by walking every performance row
of the creator (10,000 pieces: several ms, growing with the catalogue). These indexes hold only
those rows, which are few or none, so both become a look-up (on SQLite, which stores NaN as
NULL, the second stays empty) (insights/unscored.py,
insights/day_cell_diff.py).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 16:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNSCORED = "views IS NULL AND reach IS NULL"
NAN_RATES = " OR ".join(
    f"{rate} = 'NaN'" for rate in ("engagement_rate", "performance_score", "retention_rate")
)


def upgrade() -> None:
    for name, where in (("unscored", UNSCORED), ("nan_rates", NAN_RATES)):
        op.create_index(
            f"ix_content_performance_{name}",
            "content_performance",
            ["creator_id"],
            sqlite_where=sa.text(where),
            postgresql_where=sa.text(where),
        )


def downgrade() -> None:
    for name in ("unscored", "nan_rates"):
        op.drop_index(f"ix_content_performance_{name}", table_name="content_performance")
