"""Declarative base, naming convention and the enumerations the schema uses."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every model; constraint names are stable across databases."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


def new_id() -> uuid.UUID:
    """A fresh primary key (generated client-side so bulk inserts need no round trips)."""
    return uuid.uuid4()


class IdMixin:
    """A UUID primary key; UUIDs stay internal, people see short per-creator numbers."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)


class TimestampMixin:
    """created_at / updated_at in UTC, set by every writer from the injected clock.

    Neither has a default: a default would read the wall clock, and the scheduler compares both
    with the injected clock's instants. An insert that forgets one fails as NOT NULL at once.
    """

    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Platform(StrEnum):
    """Where a piece was published."""

    YOUTUBE = "youtube"
    INSTAGRAM = "instagram"
    TIKTOK = "tiktok"


class ContentType(StrEnum):
    """The format of a piece."""

    VIDEO = "video"
    SHORT = "short"
    REEL = "reel"
    POST = "post"
    CAROUSEL = "carousel"
    STORY = "story"


class PerformanceCategory(StrEnum):
    """The seed's three buckets: > 75 over, 40-75 normal, < 40 under."""

    OVERPERFORMING = "overperforming"
    NORMAL = "normal"
    UNDERPERFORMING = "underperforming"


class InsightType(StrEnum):
    """What an insight says about content."""

    SUCCESS_FACTOR = "success_factor"
    FAILURE_FACTOR = "failure_factor"
    PATTERN = "pattern"
    RECOMMENDATION = "recommendation"


class ImpactLevel(StrEnum):
    """How much an insight matters."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class PlanStatus(StrEnum):
    """Lifecycle of an action plan."""

    ACTIVE = "active"
    COMPLETED = "completed"
    ARCHIVED = "archived"


class IdentityKind(StrEnum):
    """The chat services a creator can be reached on."""

    TELEGRAM = "telegram"
    DISCORD = "discord"
    CONSOLE = "console"


class DeliveryStatus(StrEnum):
    """States of a scheduled message in the delivery log."""

    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"
