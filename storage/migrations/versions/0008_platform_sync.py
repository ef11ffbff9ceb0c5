"""platform connections, the shared API quota, metric snapshots and OAuth states

Revision ID: 0008
Revises: 0003
Create Date: 2026-12-05 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIME = sa.DateTime(timezone=True)


def _creator_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["creator_id"],
        ["creators.id"],
        name=op.f(f"fk_{table}_creator_id_creators"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "platform_connections",
        sa.Column("creator_id", sa.Uuid(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("account_id", sa.String(length=255), nullable=False),
        sa.Column("account_name", sa.String(length=255), nullable=False),
        sa.Column("token_ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.Column("catalogue_ref", sa.String(length=255), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_sync_at", _TIME, nullable=True),
        sa.Column("last_catalogue_at", _TIME, nullable=True),
        sa.Column("last_full_at", _TIME, nullable=True),
        sa.Column("next_sync_at", _TIME, nullable=True),
        sa.Column("revoked_at", _TIME, nullable=True),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("claimed_until", _TIME, nullable=True),
        sa.Column("units_used_total", sa.BigInteger(), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("updated_at", _TIME, nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        _creator_fk("platform_connections"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_connections")),
        sa.UniqueConstraint(
            "creator_id", "platform", name=op.f("uq_platform_connections_creator_id_platform")
        ),
    )
    op.create_index(
        "ix_platform_connections_due", "platform_connections", ["status", "next_sync_at"]
    )
    op.create_table(
        "quota_usage",
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("units", sa.BigInteger(), nullable=False),
        sa.Column("exhausted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("platform", "day", name=op.f("pk_quota_usage")),
    )
    op.create_table(
        "metric_snapshots",
        sa.Column("content_id", sa.Uuid(), nullable=False),
        sa.Column("creator_id", sa.Uuid(), nullable=False),
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("taken_at", _TIME, nullable=False),
        sa.Column("views", sa.BigInteger(), nullable=False),
        sa.Column("likes", sa.BigInteger(), nullable=True),
        sa.Column("comments", sa.BigInteger(), nullable=True),
        sa.Column("shares", sa.BigInteger(), nullable=True),
        sa.Column("watch_time_hours", sa.Double(), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["content_id"],
            ["content_pieces.id"],
            name=op.f("fk_metric_snapshots_content_id_content_pieces"),
            ondelete="CASCADE",
        ),
        _creator_fk("metric_snapshots"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metric_snapshots")),
        sa.UniqueConstraint(
            "content_id", "bucket", name=op.f("uq_metric_snapshots_content_id_bucket")
        ),
    )
    op.create_index(
        "ix_metric_snapshots_creator_taken", "metric_snapshots", ["creator_id", "taken_at"]
    )
    op.create_table(
        "oauth_states",
        sa.Column("state_hash", sa.String(length=128), nullable=False),
        sa.Column("creator_id", sa.Uuid(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("verifier_ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("expires_at", _TIME, nullable=False),
        sa.Column("used_at", _TIME, nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        _creator_fk("oauth_states"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oauth_states")),
        sa.UniqueConstraint("state_hash", name=op.f("uq_oauth_states_state_hash")),
    )


def downgrade() -> None:
    op.drop_table("oauth_states")
    op.drop_index("ix_metric_snapshots_creator_taken", table_name="metric_snapshots")
    op.drop_table("metric_snapshots")
    op.drop_table("quota_usage")
    op.drop_index("ix_platform_connections_due", table_name="platform_connections")
    op.drop_table("platform_connections")
