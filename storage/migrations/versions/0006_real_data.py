"""real creators' data: unknown views, inferred themes, theme choices, saved import mappings

Views a platform did not report are stored as NULL (unknown), never 0. Pieces remember whether
their theme was inferred; creators' renames, merges and per-piece themes live in theme_choices so
they survive re-imports and re-inference; import_mappings keeps a creator's column mappings and
pending_imports a file sent in chat while its mapping waits for confirmation.

Revision ID: 0006
Revises: 0003
Create Date: 2026-12-05 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _owned(name: str, *columns: sa.Column, unique: tuple[str, ...] = ()) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("creator_id", sa.Uuid(), nullable=False),
        *columns,
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["creator_id"],
            ["creators.id"],
            name=op.f(f"fk_{name}_creator_id_creators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        sa.UniqueConstraint(*unique, name=op.f(f"uq_{name}_{'_'.join(unique)}")),
    )


def upgrade() -> None:
    with op.batch_alter_table("content_performance", schema=None) as batch_op:
        batch_op.alter_column("views", existing_type=sa.BigInteger(), nullable=True)
    with op.batch_alter_table("content_pieces", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("theme_inferred", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    _owned(
        "theme_choices",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("theme", sa.String(length=100), nullable=False),
        unique=("creator_id", "kind", "subject"),
    )
    _owned(
        "import_mappings",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        unique=("creator_id", "name"),
    )
    _owned(
        "pending_imports",
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        unique=("creator_id",),
    )


def downgrade() -> None:
    op.drop_table("pending_imports")
    op.drop_table("import_mappings")
    op.drop_table("theme_choices")
    with op.batch_alter_table("content_pieces", schema=None) as batch_op:
        batch_op.drop_column("theme_inferred")
    op.execute("UPDATE content_performance SET views = 0 WHERE views IS NULL")
    with op.batch_alter_table("content_performance", schema=None) as batch_op:
        batch_op.alter_column("views", existing_type=sa.BigInteger(), nullable=False)
