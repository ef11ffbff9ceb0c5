"""web sign-in links and sessions

The dashboard pages (a Telegram Mini App, or a browser opened from a one-time sign-in link) keep
a session in an HttpOnly cookie; only hashes of the link and session tokens are stored.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _token_table(name: str, *extra: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("creator_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=128), nullable=False),
        *extra,
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"],
            ["creators.id"],
            name=op.f(f"fk_{name}_creator_id_creators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint("token_hash", name=op.f(f"uq_{name}_token_hash")),
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{name}_creator_id"), ["creator_id"], unique=False)


def upgrade() -> None:
    _token_table("web_sign_ins", sa.Column("used_at", sa.DateTime(timezone=True), nullable=True))
    _token_table(
        "web_sessions",
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    for name in ("web_sessions", "web_sign_ins"):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{name}_creator_id"))
        op.drop_table(name)
