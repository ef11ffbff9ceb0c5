"""Why a figure moved: "why are my views down?", "why did my likes go up this month?".

Words ``insights.figure_change``: the change, the part that fewer or more pieces explain, the
part each piece's own figure explains, how the pieces did like for like (scores; views at 7 days
with history), the platform that moved most, and the views received during each period. The
conclusion names the bigger part, and says when the newer pieces' youth is part of the story.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from context.formatting import counted, platform_name, score
from context.reply import BulletList, Headline, Paragraph, Reply
from context.tools.base import BoundTool, ToolResult
from context.tools.figures import FIGURE_NAMES, shown, spoken
from context.tools.performance import PlatformName
from insights.figures import direction_of, relative_change
from insights.periods import period_keys

if TYPE_CHECKING:  # the module reads the database only when a change is asked about
    from insights.figure_change import FigureChange

ChangedFigure = Literal[
    "views", "reach", "impressions", "likes", "comments", "shares", "saves", "followers",
    "watch_time", "engagement", "retention",
]  # fmt: skip
RATES = ("engagement", "retention")  # averages of the pieces' rates: ``context.tools.rate_change``
# Medians of scores this close say "about as well", as the latest-pieces answer does.
NEAR = 5.0


class ChangeArgs(BaseModel):
    """Arguments of explain_change."""

    figure: ChangedFigure = Field(default="views", description="which figure moved")
    period: str = Field(default="30d", max_length=20, description=period_keys())
    platform: PlatformName | None = Field(default=None, description="only this platform")


def moved(change: float | None) -> str:
    """'down 28%', 'up 4%', 'about the same'."""
    direction = direction_of(change)
    if change is None or direction is None:
        return "nothing to compare"
    if direction == "flat":
        return "about the same"
    return f"{direction} {abs(change) * 100:.0f}%"


def versus(change: float | None, label: str) -> str:
    """'down 28% on the 30 days before', 'about the same as October 2026'."""
    if direction_of(change) == "flat":
        return f"about the same as {label}"
    return f"{moved(change)} on {label}"


def title(found: FigureChange) -> str:
    """'Why your views are down — the last 30 days against the 30 days before'."""
    name, direction = spoken(found.figure), direction_of(found.change)
    verb = "is" if found.figure == "watch_time" else "are"
    head = f"Why your {name} {verb} {direction}" if direction in ("up", "down") else f"Your {name}"
    where = f" on {platform_name(found.platform)}" if found.platform else ""
    previous = found.before.span.label
    return f"{head}{where} — {found.now.span.label} against {previous}"


def total_line(found: FigureChange) -> str:
    """The two totals and the change, then the pieces left out for not reporting the figure."""
    name, now, before = FIGURE_NAMES[found.figure], found.now, found.before
    text = (
        f"{name} of the pieces you published in that time: {shown(found.figure, now.total)}, "
        f"{versus(found.change, before.span.label)} ({shown(found.figure, before.total)})."
    )
    missing = [side.pieces - side.reported for side in (now, before)]
    if any(missing):
        text += (
            f" {missing[0]} of {now.pieces} pieces ({missing[1]} of {before.pieces} before) do "
            "not report it and are left out."
        )
    return text


def count_line(found: FigureChange) -> str:
    """How many pieces, and what the count explains."""
    now, before = found.now.reported, found.before.reported
    if now == before:
        return f"You published as many pieces: {now}."
    word = "fewer" if now < before else "more"
    return (
        f"You published {word} pieces: {now} against {before}, which accounts for "
        f"{_signed(found, found.count_part)} of the change."
    )


def piece_line(found: FigureChange) -> str:
    """The figure a piece, and what it explains."""
    now, before = found.now.average, found.before.average
    return (
        f"Each piece got {shown(found.figure, now)} on average against "
        f"{shown(found.figure, before)} ({moved(relative_change(before, now))}), which accounts "
        f"for {_signed(found, found.piece_part)}."
    )


def _signed(found: FigureChange, value: float | None) -> str:
    if value is None:
        return "—"
    sign = "−" if value < 0 else "+"
    return f"{sign}{shown(found.figure, abs(value))}"


def like_for_like(found: FigureChange) -> str | None:
    """The median scores: each piece against the creator's usual for its platform, format, era."""
    now, before = found.now.median_score, found.before.median_score
    if now is None or before is None:
        return None
    how = (
        "about as well as"
        if abs(now - before) < NEAR
        else "better than"
        if now > before
        else "worse than"
    )
    return (
        f"Like for like they did {how} before: a median score of {score(now)} against "
        f"{score(before)} (a score compares each piece with your usual for its platform, format "
        "and age)."
    )


def same_age_line(found: FigureChange) -> str | None:
    """Median views at 7 days old: the same age for both periods' pieces."""
    now, before = found.now, found.before
    if now.at_week is None or before.at_week is None:
        return None
    return (
        f"At 7 days old they had a median {shown('views', now.at_week)} views against "
        f"{shown('views', before.at_week)} ({moved(relative_change(before.at_week, now.at_week))}"
        f"; {now.at_week_pieces} and {before.at_week_pieces} pieces)."
    )


def platform_line(found: FigureChange) -> str | None:
    """The platform whose total moved most, when there is more than one."""
    parts = found.platform_parts()
    if found.platform is not None or len(parts) < 2 or not parts[0][1]:
        return None
    name, part = parts[0]
    now = found.now.by_platform.get(name, (0, 0.0))[0]
    before = found.before.by_platform.get(name, (0, 0.0))[0]
    return (
        f"{platform_name(name)} moved most: {_signed(found, part)}, from {now} pieces against "
        f"{before}."
    )


def received_line(found: FigureChange) -> str | None:
    """Views all pieces received during each period, from history."""
    now, before = found.now.received, found.before.received
    if now is None or before is None:
        return None
    return (
        f"Views all your pieces received during the period, older ones included: "
        f"{shown('views', now)} against {shown('views', before)} "
        f"({moved(relative_change(before, now))})."
    )


def conclusion(found: FigureChange) -> str:
    """The bigger part, then how the pieces did like for like when that tells more: the newer
    pieces' age behind a per-piece fall, or scores that moved while the total did not."""
    change, count, piece = found.change, found.count_part, found.piece_part
    name = spoken(found.figure)
    if direction_of(change) in (None, "flat") or count is None or piece is None:
        steady = f"Your {name} held about steady." if change is not None else ""
        return f"{steady}{_scores_moved(found)}"
    total = count + piece
    if count * total > 0 and abs(count) >= abs(piece):
        more = "fewer" if count < 0 else "more"
        return f"Mostly because you published {more} pieces.{_scores_moved(found)}"
    worse = "fewer" if piece < 0 else "more"
    text = f"Mostly because each piece got {worse} {name}."
    if piece < 0 and _still_as_good(found) and found.now.span.end is None:
        return text + (
            " Yet like for like they did as well as before: the newer pieces have had less time "
            f"to gather {name}, so part of this is their age."
        )
    return text + _scores_moved(found)


def _scores_moved(found: FigureChange) -> str:
    """' Like for like they did better (median score 74 against 59).', or '' within NEAR."""
    now, before = found.now.median_score, found.before.median_score
    if now is None or before is None or abs(now - before) < NEAR:
        return ""
    how = "better" if now > before else "worse"
    return f" Like for like they did {how} (median score {score(now)} against {score(before)})."


def _still_as_good(found: FigureChange) -> bool:
    now, before = found.now, found.before
    if now.at_week is not None and before.at_week is not None:
        return now.at_week >= before.at_week * 0.95
    if now.median_score is None or before.median_score is None:
        return False
    return now.median_score > before.median_score - NEAR


def change_reply(found: FigureChange) -> tuple[str, Reply]:
    """The summary (for the LLM) and the reply."""
    head, total = title(found), total_line(found)
    if not found.now.pieces:
        text = (
            f"You published nothing {found.now.span.label} yet, so there is no change to take "
            f"apart ({found.before.span.label}: {shown(found.figure, found.before.total)} over "
            f"{counted(found.before.pieces, 'piece')})."
        )
        return f"{head}: {text}", Reply((Headline(head), Paragraph(text)))
    if not found.before.pieces:
        text = f"{total} Nothing was published {found.before.span.label} to compare with."
        return f"{head}: {text}", Reply((Headline(head), Paragraph(text)))
    if found.now.average is None or found.before.average is None:
        return f"{head}: {total}", Reply((Headline(head), Paragraph(total)))
    lines = [count_line(found), piece_line(found)]
    lines += [
        line
        for line in (
            like_for_like(found), same_age_line(found), platform_line(found), received_line(found)
        )
        if line
    ]  # fmt: skip
    end = conclusion(found)
    blocks = (Headline(head), Paragraph(total), BulletList(tuple(lines)), Paragraph(end))
    return f"{head}: {total} {' '.join(lines)} {end}", Reply(blocks)


class ExplainChange(BoundTool[ChangeArgs]):
    """Why a summed figure went up or down between a period and the one before."""

    name = "explain_change"
    description = (
        "Why a figure (views by default; reach, likes, comments, shares, saves, followers gained, "
        "watch time) went up or down over a period against the period before: how much fewer or "
        "more pieces explain, how much each piece's figure explains, like-for-like scores, views "
        "at 7 days old, the platform that moved most. For a rate (engagement, retention): how "
        "much the pieces' spread over platforms explains and how much the rates there. For 'why "
        "are my views down', 'why is my engagement down'."
    )
    args_model: type[BaseModel] = ChangeArgs

    def execute(self, args: ChangeArgs) -> ToolResult:
        """Take the change apart through insights and word it: a rate by where the pieces
        went (``context.tools.rate_change``), a sum by how many pieces and how each did."""
        from context.tools.rate_change import rate_change_reply
        from insights.figure_change import figure_change
        from insights.rate_change import RateChange, rate_change

        with self.ctx.read() as session:
            found = (rate_change if args.figure in RATES else figure_change)(
                session,
                self.ctx.creator_id,
                figure=args.figure,
                period=args.period,
                platform=args.platform,
                now=self.ctx.now(),
            )
        if isinstance(found, RateChange):
            return ToolResult(*rate_change_reply(found))
        return ToolResult(*change_reply(found))
