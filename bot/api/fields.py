"""Bounded text fields every request model shares.

No text may contain NUL: PostgreSQL refuses it in text columns, so it is refused here, in the
schema, where a client can see the rule. (Lone surrogates are refused by pydantic itself.)
"""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

NO_NUL = r"^[^\x00]*$"

Title = Annotated[str, StringConstraints(min_length=1, max_length=255, pattern=NO_NUL)]
Line = Annotated[str, StringConstraints(max_length=255, pattern=NO_NUL)]
LongText = Annotated[str, StringConstraints(max_length=5000, pattern=NO_NUL)]
Goal = Annotated[str, StringConstraints(min_length=1, max_length=5000, pattern=NO_NUL)]
MetricName = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=NO_NUL)]
DueText = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=NO_NUL)]
PieceTitle = Annotated[str, StringConstraints(min_length=1, max_length=1000, pattern=NO_NUL)]
PlatformId = Annotated[str, StringConstraints(min_length=1, max_length=255, pattern=NO_NUL)]
Theme = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=NO_NUL)]
Tag = Annotated[str, StringConstraints(max_length=100, pattern=NO_NUL)]
Url = Annotated[str, StringConstraints(max_length=2048, pattern=NO_NUL)]
