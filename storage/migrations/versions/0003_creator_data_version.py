"""stamp each creator's data with a version

Every write to a creator's pieces, scores or insights stores a fresh random stamp in
``creators.data_version``; views cached in memory compare it with one cheap read, so they stay
correct when another process (a CLI import, the scheduler) changes the data.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("creators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("data_version", sa.Uuid(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("creators", schema=None) as batch_op:
        batch_op.drop_column("data_version")
