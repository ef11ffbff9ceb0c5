"""Every model, importable from one place."""

from storage.models.base import (
    Base,
    ContentType,
    DeliveryStatus,
    IdentityKind,
    ImpactLevel,
    InsightType,
    PerformanceCategory,
    PlanStatus,
    Platform,
    new_id,
)
from storage.models.chat import ChatMessage, Conversation, Delivery
from storage.models.content import (
    ContentInsight,
    ContentPerformance,
    ContentPiece,
    ContentTheme,
    ImportMapping,
    PendingImport,
    ThemeChoice,
)
from storage.models.creators import DEFAULT_DIGEST_TIME, ApiToken, ChatIdentity, Creator, LinkCode
from storage.models.day_cells import DAY_CELLS, DayCellVersion
from storage.models.plans import ActionItem, ActionPlan
from storage.models.sync import MetricSnapshot, OAuthState, PlatformConnection, QuotaUsage
from storage.models.theme_models import ThemeModel
from storage.models.web import WebSession, WebSignIn

__all__ = [
    "DAY_CELLS",
    "DEFAULT_DIGEST_TIME",
    "ActionItem",
    "ActionPlan",
    "ApiToken",
    "Base",
    "ChatIdentity",
    "ChatMessage",
    "ContentInsight",
    "ContentPerformance",
    "ContentPiece",
    "ContentTheme",
    "ContentType",
    "Conversation",
    "Creator",
    "DayCellVersion",
    "Delivery",
    "DeliveryStatus",
    "IdentityKind",
    "ImpactLevel",
    "ImportMapping",
    "InsightType",
    "LinkCode",
    "MetricSnapshot",
    "OAuthState",
    "PendingImport",
    "PerformanceCategory",
    "PlanStatus",
    "Platform",
    "PlatformConnection",
    "QuotaUsage",
    "ThemeChoice",
    "ThemeModel",
    "WebSession",
    "WebSignIn",
    "new_id",
]
