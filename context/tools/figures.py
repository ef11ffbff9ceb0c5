"""query_figure: one figure (views, reach, engagement …) over a period and scope, and its trend.

The number, the period it covers, the pieces it counts and the comparison with the period before
all come from ``insights.figures``; nothing is computed here but the wording, so the model (or
the rules engine) quotes figures the dashboard agrees with.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from context import actions
from context.formatting import counted, fraction, percent, platform_name, score, views
from context.reply import Block, Button, Headline, Paragraph, Reply
from context.tools.base import BoundTool, ToolResult
from context.tools.render import details_buttons, piece_ref
from insights.availability import api_lacks
from insights.figures import FIGURES, Figure, FigureAnswer, Scope, figure_stat
from insights.periods import period_keys
from insights.piece_queries import creator_zone
from insights.themes import list_themes
from storage.errors import InvalidInput

FigureName = Literal[
    "views", "reach", "impressions", "likes", "comments", "shares", "saves", "followers",
    "watch_time", "engagement", "retention", "score", "pieces",
]  # fmt: skip
Stat = Literal["total", "average", "median", "count"]
FIGURE_NAMES = {
    "views": "Views", "reach": "Reach", "impressions": "Impressions", "likes": "Likes",
    "comments": "Comments", "shares": "Shares", "saves": "Saves",
    "followers": "Followers gained", "watch_time": "Watch time", "engagement": "Engagement rate",
    "retention": "Retention", "score": "Performance score", "pieces": "Pieces published",
}  # fmt: skip
LISTED = 10  # "what did I post yesterday" names the pieces when there are this few
FORMATS = Literal["video", "short", "reel", "post", "carousel", "story"]


class FigureArgs(BaseModel):
    """Arguments of query_figure."""

    figure: FigureName = Field(description="which figure; pieces = how many were published")
    stat: Stat | None = Field(
        default=None, description="total, average, median or count (default fits the figure)"
    )
    period: str = Field(default="30d", max_length=20, description=period_keys())
    platform: Literal["youtube", "instagram", "tiktok"] | None = None
    content_type: FORMATS | None = Field(default=None, description="only this format")
    theme: str | None = Field(default=None, max_length=100, description="only this theme")


def shown(figure: str, value: float | None) -> str:
    """A value in the figure's own unit: 1.2M views, 5.1% engagement, 70% retention."""
    if figure == "engagement":
        return percent(value)
    if figure == "retention":
        return fraction(value)
    if figure == "score":
        return score(value)
    if figure == "watch_time":
        return "—" if value is None else f"{value:,.0f} h"
    if figure == "pieces":
        return "—" if value is None else f"{value:.0f}"
    return views(value)


def figure_line(answer: FigureAnswer, part: Figure) -> str:
    """'1.2M in total over 14 pieces' / 'average 5.1% over 14 pieces (13 report it)'."""
    value = shown(answer.figure, part.value)
    if answer.stat == "count":
        return value
    if part.value is None and not part.pieces:
        return "no pieces published"
    if part.value is None:
        line = f"not reported by any of the {counted(part.pieces, 'piece')}"
        lacking = api_lacks(answer.scope.platform, answer.figure)
        return f"{line} ({lacking} does not give it)" if lacking and part.pieces else line
    stat = {"total": "{} in total", "average": "average {}", "median": "median {}"}[answer.stat]
    line = f"{stat.format(value)} over {counted(part.pieces, 'piece')}"
    if part.reported < part.pieces:
        line += f" ({part.reported} report it; the others are left out)"
    return line


def comparison(answer: FigureAnswer) -> str | None:
    """'up 12% on the 30 days before (1.1M over 12 pieces)'."""
    before = answer.previous
    if before is None:
        return None
    if before.pieces == 0:
        return f"nothing was published in {before.span.label} to compare with"
    then = figure_line(answer, before)
    if answer.change is None:
        return f"nothing to compare with in {before.span.label} ({then})"
    word = {"up": "up", "down": "down", "flat": "about the same as"}[answer.direction or "flat"]
    amount = f" {abs(answer.change) * 100:.0f}% on" if answer.direction != "flat" else ""
    return f"{word}{amount} {before.span.label} ({then})"


def scope_words(scope: Scope) -> str:
    """'TikTok shorts about tutorials'."""
    words = [platform_name(scope.platform)]
    if scope.content_type:
        words.append(f"{scope.content_type}s")
    if scope.theme:
        words.append(f"about {scope.theme}")
    return " ".join(words)


def figure_sentence(answer: FigureAnswer) -> str:
    """The whole answer in one sentence: figure, period, scope, pieces and comparison."""
    name = FIGURE_NAMES[answer.figure]
    span = answer.current.span
    text = (
        f"{name}, {span.label}, {scope_words(answer.scope)}: {figure_line(answer, answer.current)}"
    )
    if answer.stat == "count" and answer.figure != "pieces":
        text = f"{name}, {span.label}, {scope_words(answer.scope)}: {answer.current.pieces} pieces"
    compared = comparison(answer)
    return f"{text} — {compared}." if compared else f"{text}."


def spoken(figure: str) -> str:
    """The figure as people say it: 'views', 'new followers', 'watch time'."""
    return "new followers" if figure == "followers" else figure.replace("_", " ")


def why_button(answer: FigureAnswer, args: FigureArgs) -> tuple[Button, ...]:
    """ "Why?" under a summed figure, or an average engagement or retention, that went up or
    down: the change taken apart."""
    summed = FIGURES[answer.figure][1] == "sum" and answer.stat != "count"
    averaged = answer.figure in ("engagement", "retention") and answer.stat == "average"
    if not (summed or averaged) or answer.direction not in ("up", "down"):
        return ()
    if answer.scope.content_type:
        return ()
    if answer.scope.theme:
        return ()
    action = actions.change(answer.figure, args.period, answer.scope.platform)
    return (Button(f"Why {answer.direction}?", action, 1),)


def age_caveat(answer: FigureAnswer, args: FigureArgs) -> str | None:
    """A lifetime total that fell against an earlier period whose pieces had longer to gather
    it: say so, and point to the button that takes the change apart when there is one."""
    summed = FIGURES[answer.figure][1] == "sum" and answer.stat in ("total", "average", "median")
    still_open = answer.current.span.end is None
    if not (summed and still_open and answer.direction == "down"):
        return None
    name = spoken(answer.figure)
    text = f"Your newer pieces have had less time to gather {name}."
    if why_button(answer, args):
        text += (
            " “Why down?” shows how much is fewer pieces, how much each piece, and how they did "
            "like for like."
        )
    return text


class QueryFigure(BoundTool[FigureArgs]):
    """Totals, averages, medians and counts of any stored figure, with the period before."""

    name = "query_figure"
    description = (
        "One figure of the creator's content (views, reach, impressions, likes, comments, shares, "
        "saves, followers gained, watch time, engagement, retention, score, or pieces published) "
        "as a total, average, median or count over a period ("
        + period_keys()
        + "), optionally one platform, "
        "format or theme, compared with the period before. Quote its numbers as given."
    )
    args_model: type[BaseModel] = FigureArgs

    def execute(self, args: FigureArgs) -> ToolResult:
        """Compute the figure through insights and word it."""
        with self.ctx.read() as session:
            theme = self._theme(session, args.theme)
            scope = Scope(args.platform, args.content_type, theme)
            answer = figure_stat(
                session,
                self.ctx.creator_id,
                args.figure,
                stat=args.stat,
                period=args.period,
                scope=scope,
                now=self.ctx.now(),
            )
            zone, _ = creator_zone(session, self.ctx.creator_id)
            self.ctx.state.figure = {
                **args.model_dump(mode="json", exclude={"theme"}),
                "theme": theme,
                "stat": answer.stat,
            }
            listed = self._listed(session, answer, args)
        sentence = " ".join(filter(None, (figure_sentence(answer), age_caveat(answer, args))))
        headline = f"{FIGURE_NAMES[answer.figure]} — {answer.current.span.label}"
        refs = [piece_ref(p) for p in listed]
        blocks: tuple[Block, ...] = (Headline(headline), Paragraph(sentence), *refs)
        reply = Reply(blocks, (*details_buttons(listed), *why_button(answer, args)))
        names = "; ".join(f"#{p.number} {p.title}" for p in listed)
        summary = f"{sentence} {names}." if names else sentence
        return ToolResult(f"{summary} (Times in {zone}.)", reply)

    def _listed(self, session: Session, answer: FigureAnswer, args: FigureArgs) -> list[Any]:
        """The pieces a count of pieces published counts, when they are few enough to name."""
        pieces = answer.current.pieces
        if answer.figure != "pieces" or not 0 < pieces <= LISTED:
            return []
        from insights.figures import published_pieces

        found = published_pieces(
            session, self.ctx.creator_id, period=args.period, scope=answer.scope,
            now=self.ctx.now(), limit=LISTED,
        )  # fmt: skip
        numbers = [p.number for p in found]
        self.ctx.state.remember_list(numbers)
        self.ctx.mentions.pieces(*numbers)
        return found

    def _theme(self, session: object, theme: str | None) -> str | None:
        """The creator's theme the words name (case and a little spelling forgiven)."""
        if not theme:
            return None
        import difflib

        known = [t.theme for t in list_themes(session, self.ctx.creator_id)]  # type: ignore[arg-type]
        lowered = {t.lower(): t for t in known}
        wanted = theme.strip().lower()
        match = lowered.get(wanted) or lowered.get(wanted.rstrip("s"))
        if match is None:
            close = difflib.get_close_matches(wanted, list(lowered), n=1, cutoff=0.75)
            match = lowered[close[0]] if close else None
        if match is None:
            raise InvalidInput(
                f"You have no theme {theme[:40]!r}. Your themes: {', '.join(known)}."
            )
        return match
