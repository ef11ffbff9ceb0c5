"""What answers about the creator's views of their own habits must say: formats, how often they
post, their latest pieces, their titles (computed from the services, never hard-coded)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from context.formatting import platform_name, score, views
from context.tools.cadence import NO_COST, TOO_FEW
from context.tools.formats import NOTHING_STANDS_OUT
from context.tools.titles import NOTHING_STANDS_OUT as NO_TITLE_FEATURE
from insights.cadence import cadence as cadence_of
from insights.formats import formats as format_stats
from insights.posting_moment import next_opening, open_at
from insights.recent_run import recent_run
from insights.title_features import title_features
from insights.views import posting_windows
from insights.windows import Window
from tests.agent.expect import Check, World
from tests.support.chat import NOW, Chat


def formats(platform: str | None = None) -> Check:
    """Every format with enough judged pieces (on the platform said), then the format patterns
    found, or that none stands out."""

    def check(world: World, chat: Chat, text: str) -> None:
        with world.db.read() as s:
            found = format_stats(s, world.creator_id, NOW, platform)
        assert found.stats and all(f"{s.name}" in text for s in found.stats)
        assert all(f"{s.pieces}" in text and views(s.median_views) in text for s in found.stats)
        named = {platform_name(s.platform) for s in found.stats}
        assert all(platform_name(p) in text for p in named)
        if found.patterns:
            assert all(p.title in text for p in found.patterns)
        else:
            assert NOTHING_STANDS_OUT in text

    return check


def cadence(platform: str | None = None) -> Check:
    """Each platform's recent posts and spacing groups, then the spacings found to matter (their
    medians), or why none is named."""

    def check(world: World, chat: Chat, text: str) -> None:
        with world.db.read() as s:
            found = cadence_of(s, world.creator_id, NOW, platform)
        assert found.platforms
        for p in found.platforms:
            assert platform_name(p.platform) in text and f"{p.per_week:.1f}" in text
            assert all(g.label in text and score(g.median_score) in text for g in p.groups)
        for f in found.findings:
            assert f"pieces posted {f.label} after the previous one" in text
            assert score(f.test.group_median) in text and score(f.test.rest_median) in text
        if not found.findings:
            assert (NO_COST if found.tested else TOO_FEW) in text

    return check


def recent(count: int = 5, platform: str | None = None) -> Check:
    """The latest judged pieces by number and title, their median score against the usual, and
    how many newer ones were passed over."""

    def check(world: World, chat: Chat, text: str) -> None:
        with world.db.read() as s:
            run = recent_run(s, world.creator_id, NOW, count, platform)
        assert run.pieces and all(f"#{p.number} " in text and p.title in text for p in run.pieces)
        assert f"{len(run.pieces)} latest judged pieces" in text
        assert f"median score of {score(run.median)} against {score(run.usual)}" in text
        assert f"{run.above} of {len(run.scores)} scored above" in text
        assert (f"{run.passed_over} newer piece" in text) == (run.passed_over > 0)

    return check


def titles(platform: str | None = None) -> Check:
    """Every title feature some title has, with its pieces and median score; then the features
    that made a difference, or that none did."""

    def check(world: World, chat: Chat, text: str) -> None:
        with world.db.read() as s:
            found = title_features(s, world.creator_id, NOW, platform)
        used = [f for f in found.features if f.with_it]
        assert used and all(f.name in text and score(f.median_with) in text for f in used)
        for f in found.found:
            assert f"Titles with {f.name} did" in text
        if not found.found:
            assert NO_TITLE_FEATURE in text

    return check


def change(figure: str = "views", period: str = "30d", platform: str | None = None) -> Check:
    """Both totals, the count and per-piece parts (which add up to the change), the like-for-like
    scores and the conclusion that names the bigger part."""

    def check(world: World, chat: Chat, text: str) -> None:
        from context.tools.figure_change import conclusion, title
        from context.tools.figures import shown
        from insights.figure_change import figure_change

        with world.db.read() as s:
            found = figure_change(
                s, world.creator_id, figure=figure, period=period, platform=platform, now=NOW
            )
        flat = " ".join(text.split())
        assert title(found) in flat
        assert shown(figure, found.now.total) in flat and shown(figure, found.before.total) in flat
        assert f"{found.now.reported} against {found.before.reported}" in flat
        assert found.count_part is not None and found.piece_part is not None
        parts = found.count_part + found.piece_part
        assert found.now.total is not None and found.before.total is not None
        assert abs(parts - (found.now.total - found.before.total)) < 1e-6
        if found.now.median_score is not None and found.before.median_score is not None:
            assert f"median score of {score(found.now.median_score)}" in flat
        assert conclusion(found) in flat

    return check


def rate_change(figure: str = "engagement", platform: str | None = None) -> Check:
    """Both averages, the mix and within parts (which add up to the change), each group's rates
    and the conclusion that names the bigger part."""

    def check(world: World, chat: Chat, text: str) -> None:
        from context.tools.figures import shown
        from context.tools.rate_change import conclusion, points, title
        from insights.rate_change import rate_change as taken_apart

        with world.db.read() as s:
            found = taken_apart(s, world.creator_id, figure=figure, platform=platform, now=NOW)
        flat = " ".join(text.split())
        assert title(found) in flat
        assert shown(figure, found.now.mean) in flat and shown(figure, found.before.mean) in flat
        parts = found.parts()
        assert parts and found.change is not None and found.mix_part is not None
        assert abs(found.mix_part + (found.within_part or 0.0) - found.change) < 1e-9
        assert f"accounts for {points(found, found.mix_part)}" in flat
        assert conclusion(found, parts) in flat

    return check


def platform_advice(platform: str) -> Check:
    """Each theme of the platform with its pieces and median score, then the themes found to do
    better or worse there (their medians), or why none is named."""

    def check(world: World, chat: Chat, text: str) -> None:
        from context.tools.platform_advice import NOTHING_STANDS_OUT as NO_THEME
        from context.tools.platform_advice import TOO_FEW as FEW_THEMES
        from insights.platform_themes import platform_themes

        with world.db.read() as s:
            found = platform_themes(s, world.creator_id, NOW, platform)
        flat = " ".join(text.split())
        assert f"What to post on {platform_name(platform)}" in flat
        assert found.themes and f"{found.judged} judged" in flat
        assert all(t.name in flat and score(t.median_score) in flat for t in found.themes)
        for t in found.found:
            assert f"{t.name} did {'better' if t.better else 'worse'}" in flat
        if not found.found:
            assert (NO_THEME if found.tested else FEW_THEMES) in flat

    return check


def months(platform: str | None = None) -> Check:
    """Every month since the first with a piece, with its pieces, views and median score, then
    the best month like for like (or that none stands apart) and the month with most views."""

    def check(world: World, chat: Chat, text: str) -> None:
        from context.tools.monthly import verdict
        from insights.monthly import monthly

        with world.db.read() as s:
            found = monthly(s, world.creator_id, NOW, platform)
        flat = " ".join(text.split())
        first = next(i for i, m in enumerate(found.months) if m.pieces)
        for m in found.months[first:]:
            assert m.label in flat and views(m.views) in flat and score(m.median_score) in flat
        assert " ".join(verdict(found).split()) in flat

    return check


def next_piece() -> Check:
    """Each part of the brief with its subject and figures, the best window's next stretch in the
    creator's time, and the pieces to start from; or that no pattern is clear yet."""

    def check(world: World, chat: Chat, text: str) -> None:
        from context.tools.next_piece import NOTHING_YET
        from insights.next_piece import next_piece_brief

        with world.db.read() as s:
            brief = next_piece_brief(s, world.creator_id, NOW)
        assert brief.models and all(
            f"#{p.number}" in text and p.title in text for p in brief.models
        )
        if not brief.parts:
            assert NOTHING_YET in text
        for rec in brief.parts:
            assert rec.title in text or rec.supporting_data["subject"] in text
        if brief.window is not None:
            window = Window.from_data(brief.window.pattern_key or "", brief.window.supporting_data)
            assert window is not None
            opening = next_opening(window, NOW.astimezone(ZoneInfo(brief.timezone)))
            assert opening is not None and f"{opening.start:%H:%M}" in text
            assert f"{opening.start:%a} {opening.start.day} {opening.start:%b}" in text

    return check


def best_time_at(moment: str) -> Check:
    """The posting windows, led by whether that moment (in the creator's time) is in the best
    window, or when it next opens."""

    def check(world: World, chat: Chat, text: str) -> None:
        with world.db.read() as s:
            windows = posting_windows(s, world.creator_id)
        best = windows.best
        if best is None:
            assert "No posting window stands out" in text or "weakest" in text
            return
        window = Window.from_data(best.pattern_key or "", best.supporting_data)
        assert window is not None and best.title in text
        local = NOW.astimezone(ZoneInfo(windows.timezone))
        current = open_at(window, local) if moment == "now" else None
        if current is not None:
            assert f"inside your best window, until {current.end:%H:%M}" in text
        else:
            opening = next_opening(window, local)
            assert opening is not None and f"{opening.start:%H:%M}" in text

    return check


def theme_platforms(theme: str) -> Check:
    """Each platform with judged pieces of the theme (pieces, median score, median views), then
    the platforms found to do better or worse, or why none is named."""

    def check(world: World, chat: Chat, text: str) -> None:
        from context.tools.theme_platforms import nothing_line
        from insights.theme_platforms import theme_platforms as by_platform

        with world.db.read() as s:
            found = by_platform(s, world.creator_id, NOW, theme)
        flat = " ".join(text.split())
        assert found.platforms and f"Your {found.theme}: overall and by platform" in flat
        assert "Overall, " in flat
        for p in found.platforms:
            row = f"{platform_name(p.name)} | {p.pieces} | {score(p.median_score)} | "
            assert row + views(found.median_views[p.name]) in flat
        for p in found.found:
            assert f"On {platform_name(p.name)} your {found.theme} did " in flat
        if not found.found:
            assert nothing_line(found) in flat

    return check
