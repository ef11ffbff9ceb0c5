"""What an answer must say, computed from the insights and plan services (never hard-coded)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from context.formatting import counted, platform_name, score
from context.rules.handlers import CANNOT, THANKS
from insights.content import content_detail, list_content
from insights.dashboard import build_dashboard, platform_comparison
from insights.themes import list_themes
from insights.views import creator_recommendations, posting_windows
from plans import PlanDraft, get_plan, list_plans, plan_from_content
from storage import Database
from tests.support.chat import NOW, Chat


@dataclass
class World:
    """The creator under test and the pieces and plan the phrases refer to."""

    db: Database
    creator_id: uuid.UUID
    refs: dict[str, Any] = field(default_factory=dict)


Check = Callable[[World, Chat, str], None]


def overview(period: str = "30d", platform: str | None = None) -> Check:
    """The summary counts, the first top and weak pieces, in the creator's numbers."""

    def check(world: World, chat: Chat, text: str) -> None:
        with world.db.read() as s:
            dash = build_dashboard(s, world.creator_id, period=period, platform=platform, now=NOW)
        summary = dash.summary
        if summary.total_content == 0:
            assert "Nothing was published" in text
            return
        assert f"{counted(summary.total_content, 'piece')}:" in text
        assert f"{summary.overperforming_count} overperforming" in text
        assert f"{summary.underperforming_count} underperforming" in text
        for piece in dash.top_performers[:3] + dash.needs_attention[:3]:
            assert f"#{piece.number} " in text and piece.title in text
        assert platform_name(platform) in text

    return check


def ranked(view: str, period: str = "30d", platform: str | None = None) -> Check:
    """Every top performer (or piece needing attention) of the period, by number and title."""

    def check(world: World, chat: Chat, text: str) -> None:
        with world.db.read() as s:
            dash = build_dashboard(s, world.creator_id, period=period, platform=platform, now=NOW)
        pieces = dash.top_performers if view == "top" else dash.needs_attention
        if not pieces:
            assert "No piece in this period" in text or "Nothing was published" in text
        for piece in pieces:
            assert f"#{piece.number} " in text and piece.title in text
            assert f"score {score(piece.performance.performance_score)}" in text
        assert chat.state().last_list == [p.number for p in pieces]

    return check


def themes() -> Check:
    """Every theme with its piece count; the best one leads."""

    def check(world: World, chat: Chat, text: str) -> None:
        with world.db.read() as s:
            found = list_themes(s, world.creator_id)
        best = found[0]
        lead = f"{best.theme} leads with an average score of {score(best.avg_performance_score)}"
        assert lead in text
        for theme in found:
            assert f"{theme.theme} | {theme.content_count} |" in text

    return check


def platforms(period: str = "30d") -> Check:
    """Every platform of the period with its piece count."""

    def check(world: World, chat: Chat, text: str) -> None:
        with world.db.read() as s:
            stats = platform_comparison(s, world.creator_id, period=period, now=NOW)
        for stat in stats:
            assert f"{platform_name(stat.platform)} | {stat.content_count} |" in text
        best = max(stats, key=lambda x: x.avg_performance_score or 0.0)
        assert f"{platform_name(best.platform)} scores best" in text

    return check


def piece(ref: str, aspect: str = "all") -> Check:
    """The piece's title, score and factors; it becomes the conversation's focus."""

    def check(world: World, chat: Chat, text: str) -> None:
        number = world.refs[ref]
        with world.db.read() as s:
            detail = content_detail(s, world.creator_id, number, now=NOW)
        assert f"#{number} {detail.title}" in text
        assert f"Score {score(detail.performance.performance_score)}" in text
        perf = detail.performance
        hit = perf.performance_category == "overperforming" and not perf.is_provisional
        title = "Why it worked" if hit else "What went right"
        if aspect != "improve":
            assert all(f.description in text for f in detail.success_factors)
            assert (title in text) == bool(detail.success_factors)
        else:
            assert "Why it worked" not in text and "What went right" not in text
        if aspect != "why":
            assert all(f.description in text for f in detail.failure_factors)
        assert chat.state().focus == number

    return check


def compared(first: str, second: str) -> Check:
    """Both pieces side by side and which did better."""

    def check(world: World, chat: Chat, text: str) -> None:
        a, b = world.refs[first], world.refs[second]
        with world.db.read() as s:
            da = content_detail(s, world.creator_id, a, now=NOW)
            db_ = content_detail(s, world.creator_id, b, now=NOW)
        assert da.title in text and db_.title in text
        winner = (
            da
            if (da.performance.performance_score or 0) >= (db_.performance.performance_score or 0)
            else db_
        )
        assert f"#{winner.number} did better" in text

    return check


def best_time() -> Check:
    """The best window the insights engine found, or that none stands out."""

    def check(world: World, chat: Chat, text: str) -> None:
        with world.db.read() as s:
            windows = posting_windows(s, world.creator_id)
        assert f"times in {windows.timezone}" in text
        if windows.best is not None:
            assert windows.best.title in text
        else:
            assert "No posting window stands out" in text

    return check


def advice(holding_back: bool = False) -> Check:
    """The creator's most important recommendations (only what costs them, when asked what holds
    them back), in order, with their patterns recorded for a plan drafted next."""

    def check(world: World, chat: Chat, text: str) -> None:
        with world.db.read() as s:
            every = creator_recommendations(s, world.creator_id)
        if holding_back:
            every = [a for a in every if not a.is_positive]
            assert "What is holding you back" in text
        found = every[:5]
        assert found, "seed 23 has recommendations"
        left = len(every) - len(found)
        assert (f"{left} more of lower impact left out." in text) == (left > 0)
        places = [text.index(f"{a.title} ({a.impact_level} impact)") for a in found]
        assert places == sorted(places)
        keys = [a.pattern_key for a in found]
        assert chat.last_answer().payload["pattern_keys"] == keys

    return check


def listing(sort: str = "score", platform: str | None = None) -> Check:
    """The first page of the creator's pieces in the asked order."""

    def check(world: World, chat: Chat, text: str) -> None:
        with world.db.read() as s:
            page = list_content(s, world.creator_id, platform=platform, sort=sort, page_size=10)
        assert f"Showing {len(page.items)} of {page.total}." in text
        assert chat.state().last_list == [p.number for p in page.items]

    return check


def plan_list(status: str = "active") -> Check:
    """Every plan of the tab by name."""

    def check(world: World, chat: Chat, text: str) -> None:
        with world.db.read() as s:
            found = list_plans(s, world.creator_id, status=status, now=NOW)
        assert found, "the fixture made a plan"
        for plan in found:
            assert f"Plan {plan.number}: {plan.name}" in text

    return check


def plan_shown() -> Check:
    """The fixture's plan with every item."""

    def check(world: World, chat: Chat, text: str) -> None:
        number = world.refs["plan"]
        with world.db.read() as s:
            plan = get_plan(s, world.creator_id, number, now=NOW)
        assert f"Plan {number}: {plan.name}" in text
        assert all(item.title in text for item in plan.items)
        assert chat.state().plan == number

    return check


def drafted(ref: str, mode: str) -> Check:
    """The draft the plan service makes from the piece, waiting in the conversation."""

    def check(world: World, chat: Chat, text: str) -> None:
        with world.db.read() as s:
            draft = plan_from_content(s, world.creator_id, world.refs[ref], mode=mode, now=NOW)
        assert f"Draft plan: {draft.name}" in text and "Nothing is saved yet" in text
        waiting = chat.state().draft
        assert waiting is not None and PlanDraft.from_dict(waiting).name == draft.name

    return check


def chat_draft() -> Check:
    """A draft from the conversation waits for confirmation."""

    def check(world: World, chat: Chat, text: str) -> None:
        waiting = chat.state().draft
        assert waiting is not None
        draft = PlanDraft.from_dict(waiting)
        assert draft.source_conversation_id == chat.conversation_id()
        assert f"Draft plan: {draft.name}" in text

    return check


def _item(world: World, item: int) -> Any:
    with world.db.read() as s:
        plan = get_plan(s, world.creator_id, world.refs["plan"], now=NOW)
    return next(i for i in plan.items if i.number == item)


def item_state(item: int, done: bool) -> Check:
    """The fixture plan's item is (or is not) done, and the answer names it."""

    def check(world: World, chat: Chat, text: str) -> None:
        assert _item(world, item).is_completed is done
        assert f"{world.refs['plan']}.{item}" in text

    return check


def item_added(title: str) -> Check:
    """The fixture plan has an item with this title."""

    def check(world: World, chat: Chat, text: str) -> None:
        with world.db.read() as s:
            plan = get_plan(s, world.creator_id, world.refs["plan"], now=NOW)
        added = [i for i in plan.items if i.title == title]
        assert added and f"Added {added[-1].ref}: {title}." in text

    return check


def linked(item: int, ref: str) -> Check:
    """The fixture plan's item is linked to the piece."""

    def check(world: World, chat: Chat, text: str) -> None:
        assert _item(world, item).linked_content_number == world.refs[ref]

    return check


def digest() -> Check:
    """Exactly the digest the scheduler would compose now (since the last one sent)."""

    def check(world: World, chat: Chat, text: str) -> None:
        from context.scheduled.digest import compose_digest
        from storage.creators import get_creator

        with world.db.read() as s:
            since = get_creator(s, world.creator_id).last_digest_at
            expected = compose_digest(s, world.creator_id, now=NOW, since=since).reply
        assert text == expected.plain_text()

    return check


def says(*fragments: str) -> Check:
    """The answer contains each fragment."""

    def check(world: World, chat: Chat, text: str) -> None:
        for fragment in fragments:
            assert fragment in text, fragment

    return check


def thanked() -> Check:
    """A thank-you gets one line back, not the list of commands nor "I can't answer that"."""

    def check(world: World, chat: Chat, text: str) -> None:
        assert text.startswith(THANKS) and "/whatsworking" not in text and CANNOT not in text

    return check


def saved_plan() -> Check:
    """The confirmed draft is now a saved plan and the draft is gone."""

    def check(world: World, chat: Chat, text: str) -> None:
        assert chat.state().draft is None
        number = chat.state().plan
        assert number is not None and f"Saved as plan {number}." in text
        with world.db.read() as s:
            assert get_plan(s, world.creator_id, number, now=NOW).name in text

    return check
