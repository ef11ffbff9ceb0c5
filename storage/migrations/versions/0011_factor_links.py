"""pattern factors stored as links to their pattern

A piece's pattern factor used to copy its pattern's figures (sentence, impact, confidence,
supporting data), so every pattern that moved rewrote all its factors. Now a factor row with
``is_link`` holds only the piece, the pattern key, the side and the piece's own data; the rest
is read from the creator's pattern row, whose new ``figures`` keeps the unrounded lift and
medians the sentences quote. Existing factor rows (``is_link`` false) still read as they were
stored, and pattern rows without figures read from their rounded supporting data, until the
next refresh of their creator rewrites them.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("content_insights", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_link", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("figures", sa.JSON(none_as_null=True), nullable=True))


def downgrade() -> None:
    # Links say nothing without this code: drop them (the next refresh stores whole factors).
    table = sa.table("content_insights", sa.column("is_link", sa.Boolean()))
    op.execute(table.delete().where(table.c.is_link.is_(True)))
    with op.batch_alter_table("content_insights", schema=None) as batch_op:
        batch_op.drop_column("figures")
        batch_op.drop_column("is_link")
