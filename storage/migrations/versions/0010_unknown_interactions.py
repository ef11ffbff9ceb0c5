"""unknown likes, comments, shares and saves

A platform may not report an interaction count: TikTok's Display API gives no saves, YouTube's
Data API gives no likes for a video whose likes are hidden, an import's doubtful figure is left
unknown. Those were stored as 0; they are NULL (unknown) now, like views since 0006. Existing
zeros stay: which of them were unreported cannot be told afterwards.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 00:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTS = ("likes", "comments", "shares", "saves")


def upgrade() -> None:
    with op.batch_alter_table("content_performance", schema=None) as batch_op:
        for name in COUNTS:
            batch_op.alter_column(name, existing_type=sa.BigInteger(), nullable=True)


def downgrade() -> None:
    table = sa.table("content_performance", *(sa.column(name) for name in COUNTS))
    for name in COUNTS:
        column = table.c[name]
        op.execute(table.update().where(column.is_(None)).values({name: 0}))
    with op.batch_alter_table("content_performance", schema=None) as batch_op:
        for name in COUNTS:
            batch_op.alter_column(name, existing_type=sa.BigInteger(), nullable=False)
