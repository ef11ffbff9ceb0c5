"""Early alerts: a young piece far above or below the creator's usual first day, one message."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.scheduler import Dispatcher, Kind, SchedulerConfig, derive_due
from context.scheduled.alerts import AlertRules, EarlyFigures, alert_reply, early_signal
from context.scheduled.delivery.due import Due
from storage import Database
from storage.clock import FixedClock
from storage.models import ContentPerformance, ContentPiece, Creator
from tests.scheduler.fakes import RecordingNotifier, fake_chart
from tests.scheduler.helpers import NOW, new_creator, set_creator

BERLIN = ZoneInfo("Europe/Berlin")
USUAL = [900, 1000, 1100, 1000, 950, 1050]


def figures(n: int, views_24h: int | None, *, days_ago: float, **kw: object) -> EarlyFigures:
    values: dict[str, object] = {
        "content_id": uuid.uuid4(),
        "number": n,
        "title": f"Piece {n}",
        "theme": "tutorials",
        "platform": "youtube",
        "format_class": "long",
        "published_at": NOW - timedelta(days=days_ago),
        "views_24h": views_24h,
        "views_48h": None if views_24h is None else views_24h * 2,
    }
    values.update(kw)
    return EarlyFigures(**values)  # type: ignore[arg-type]


def history() -> list[EarlyFigures]:
    return [figures(i + 1, v, days_ago=30 - i) for i, v in enumerate(USUAL)]


def test_a_piece_far_above_usual_gets_one_high_signal_on_its_first_day() -> None:
    piece = figures(9, 3100, days_ago=1.1)
    signal = early_signal(piece, [*history(), piece])
    assert signal is not None and signal.window == "24h" and signal.is_high
    assert signal.usual == 1000 and round(signal.ratio, 1) == 3.1 and signal.peers == 6
    assert signal.group == "YouTube long-form"


def test_near_usual_is_quiet_and_far_below_is_a_low_signal() -> None:
    assert early_signal(figures(9, 1800, days_ago=1.1), history()) is None
    low = early_signal(figures(9, 300, days_ago=1.1), history())
    assert low is not None and not low.is_high and low.window == "24h"


def test_the_48h_figure_counts_when_the_24h_one_is_missing_or_unremarkable() -> None:
    late = figures(9, None, days_ago=2.1, views_48h=6000)
    signal = early_signal(late, history())
    assert signal is not None and signal.window == "48h" and signal.usual == 2000


def test_too_few_earlier_pieces_means_no_usual_and_no_alert() -> None:
    few = history()[:3]
    assert early_signal(figures(9, 9000, days_ago=1.1), few) is None
    rules = AlertRules(min_peers=3)
    assert early_signal(figures(9, 9000, days_ago=1.1), few, rules) is not None


def test_other_formats_do_not_set_the_usual_unless_the_format_has_too_few() -> None:
    shorts = [figures(20 + i, 50_000, days_ago=20 - i, format_class="short") for i in range(6)]
    signal = early_signal(figures(9, 3100, days_ago=1.1), [*history(), *shorts])
    assert signal is not None and signal.usual == 1000


def _grown(growth: float) -> list[EarlyFigures]:
    """Forty earlier pieces, one every three days, whose first days grew ``growth``-fold."""
    return [
        figures(i + 1, round(300 * growth ** (i / 39)), days_ago=125 - 3 * i) for i in range(40)
    ]


def test_a_growing_channels_new_piece_is_usual_for_its_era_not_taking_off() -> None:
    piece = figures(99, 3000, days_ago=1.1)
    signal = early_signal(piece, [*_grown(10.0), piece])
    assert signal is None  # the whole history's median (about 1,000) would make it 3x


def test_the_usual_of_a_grown_channel_is_its_recent_level_over_the_nearest_pieces() -> None:
    piece = figures(99, 9000, days_ago=1.1)
    signal = early_signal(piece, _grown(10.0))
    assert signal is not None and signal.is_high and signal.peers == 32
    # Near the level the channel has reached (about 3,000), far above its whole history's ~950.
    assert 1800 < signal.usual < 3600


def test_the_alert_reads_like_a_person_wrote_it() -> None:
    piece = figures(9, 3100, days_ago=1.0, published_at=datetime(2026, 11, 19, 18, tzinfo=BERLIN))
    signal = early_signal(piece, history())
    assert signal is not None
    text = alert_reply(signal, BERLIN).plain_text()
    assert "Your Thursday tutorials piece “Piece 9” is at 3.1× your usual 24 h views." in text
    assert "Pin a comment and share it now" in text


def _store(session: Session, creator_id: uuid.UUID, pieces: list[EarlyFigures]) -> None:
    creator = session.get(Creator, creator_id)
    assert creator is not None
    for piece in pieces:
        creator.content_seq += 1
        row = ContentPiece(
            id=piece.content_id,
            creator_id=creator_id,
            number=piece.number,
            platform=piece.platform,
            platform_id=f"yt{piece.number}",
            content_type="video",
            title=piece.title,
            theme=piece.theme,
            duration_seconds=600,
            published_at=piece.published_at,
            created_at=NOW,
            updated_at=NOW,
        )
        session.add(row)
        session.flush()
        session.add(
            ContentPerformance(
                content_id=row.id,
                creator_id=creator_id,
                views=piece.views_48h or 0,
                views_24h=piece.views_24h,
                views_48h=piece.views_48h,
                updated_at=NOW,
            )
        )


def _alerts(db: Database, start: datetime, end: datetime) -> list[Due]:
    with db.read() as session:
        found = derive_due(session, start=start, end=end, config=SchedulerConfig())
    return [d for d in found if d.kind is Kind.ALERT]


def test_alerts_are_derived_once_per_piece_when_the_window_closes(db: Database) -> None:
    mia = new_creator(db, "mia")
    hot = figures(9, 3100, days_ago=1.5, published_at=datetime(2026, 11, 24, 10, tzinfo=BERLIN))
    calm = figures(10, 1000, days_ago=1.2)
    with db.unit_of_work() as session:
        _store(session, mia, [*history(), hot, calm])
    (alert,) = _alerts(db, NOW - timedelta(days=1), NOW)
    assert alert.subject == f"piece:{hot.content_id}" and alert.creator_id == mia
    assert alert.scheduled_for == hot.published_at + timedelta(hours=24) == alert.send_at
    assert "3.1×" in alert.why
    set_creator(db, mia, digest_enabled=False)
    assert _alerts(db, NOW - timedelta(days=1), NOW) == []


async def test_an_alert_is_sent_once_and_quiet_hours_hold_it_until_morning(db: Database) -> None:
    mia = new_creator(db, "mia", telegram=31)
    # Published 23:30 on Monday: its 24 h window closes inside quiet hours, at 23:30 on Tuesday.
    hot = figures(9, 3100, days_ago=2, published_at=datetime(2026, 11, 23, 23, 30, tzinfo=BERLIN))
    with db.unit_of_work() as session:
        _store(session, mia, [*history(), hot])
    notifier = RecordingNotifier()
    clock = FixedClock(datetime(2026, 11, 24, 23, 45, tzinfo=BERLIN))
    worker = Dispatcher(db, [notifier], clock, SchedulerConfig(), chart_renderer=fake_chart)
    assert (await worker.tick()).claimed == 0  # quiet hours
    clock.set(datetime(2026, 11, 25, 8, 0, 30, tzinfo=BERLIN))
    assert (await worker.tick()).sent == 1
    for _ in range(3):
        clock.advance(timedelta(minutes=1))
        assert (await worker.tick()).claimed == 0
    (alert,) = notifier.to(mia)
    assert alert.text.startswith("🚀 #9 is taking off")
    assert [b.action.encode() for b in alert.reply.buttons] == ["piece:9"]
