"""What the last clustering of a creator's words left: each inferred theme's telling terms.

A piece that arrives without a theme is given the inferred theme whose telling terms its words
share most (insights/theme_matching.py), instead of every inferred piece being clustered again;
the creator's words are clustered anew once the pieces named that way since reach a share of
those clustered. Deleted with the creator.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import JSON, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class ThemeModel(Base):
    """One creator's inferred themes as terms with weights, and how many pieces each way."""

    __tablename__ = "theme_models"

    creator_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("creators.id", ondelete="CASCADE"), primary_key=True
    )
    clustered: Mapped[int]  # pieces the last clustering named
    matched: Mapped[int]  # pieces named by their terms since
    profiles: Mapped[dict[str, Any]] = mapped_column(JSON)  # theme -> {term: weight}
