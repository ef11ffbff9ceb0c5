"""index the delivery log by scheduled instant

The scheduler reads the last hours of the delivery log every minute, across all creators;
without this index that read scans the whole log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 15:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.create_index("ix_deliveries_scheduled_for", ["scheduled_for"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_deliveries_scheduled_for")
