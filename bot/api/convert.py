"""Request bodies into the domain's own commands and records (translation only)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.api.schemas_demo import PieceIn
from bot.api.schemas_plans import ItemIn
from insights.records import MetricsRecord, PieceRecord
from plans import ItemSpec, parse_due
from storage.errors import InvalidInput


def item_specs(items: Sequence[ItemIn], tz: ZoneInfo, now: datetime) -> list[ItemSpec]:
    """The plan items of a request, due dates read on the creator's calendar."""
    specs = [
        (item.order_index, index, _item_spec(item, index, tz, now))
        for index, item in enumerate(items)
    ]
    # The seed's order_index orders the items; items without one keep their place in the list.
    specs.sort(key=lambda s: (s[1] if s[0] is None else s[0], s[1]))
    return [spec for _, _, spec in specs]


def _item_spec(item: ItemIn, index: int, tz: ZoneInfo, now: datetime) -> ItemSpec:
    due, known = None, False
    if item.due_date is not None:
        where = f"body.items.{index}.due_date"  # the path a validation error would name
        try:
            due, known = parse_due(item.due_date, tz, now=now)
        except InvalidInput as exc:
            raise InvalidInput(f"{where}: {exc}") from None
        except OverflowError:
            # parse_due lets dates at the ends of the calendar (year 1, 9999) overflow.
            raise InvalidInput(
                f"{where}: {item.due_date!r} is too far in the past or future"
            ) from None
    return ItemSpec(
        title=item.title,
        due_date=due,
        due_time_known=known,
        estimated_hours=item.estimated_hours,
        description=item.description,
        projected_outcome=dict(item.projected_outcome),
    )


def piece_record(piece: PieceIn) -> PieceRecord:
    """The ingestion pipeline's neutral record of one posted piece."""
    fields = piece.model_dump(exclude={"performance", "tags"})
    metrics = MetricsRecord(**piece.performance.model_dump())
    return PieceRecord(**fields, metrics=metrics, tags=tuple(piece.tags))
