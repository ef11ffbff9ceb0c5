"""Why a rate moved: "why is my engagement down?", "why did my retention drop on YouTube?".

Words ``insights.rate_change``: the period's rate against the one before, the part the pieces'
spread over platforms (on one platform, content types) explains, the part the rates where they
went explain, each group's share and rate in both periods, and the median scores. The
conclusion names the bigger part and the group behind it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from context.formatting import platform_name, score
from context.reply import BulletList, Headline, Paragraph, Reply, Table
from context.tools.figure_change import NEAR, versus
from context.tools.figures import FIGURE_NAMES, shown
from insights.figures import direction_of, relative_change

if TYPE_CHECKING:
    from insights.rate_change import GroupPart, RateChange, RateSide

TYPE_NAMES = {
    "short": "shorts", "video": "videos", "reel": "reels", "post": "posts",
    "carousel": "carousels", "story": "stories", "live": "lives",
}  # fmt: skip


def group_name(found: RateChange, name: str) -> str:
    """'TikTok', or on one platform 'shorts'."""
    return platform_name(name) if found.by == "platform" else TYPE_NAMES.get(name, name)


def where(found: RateChange, name: str) -> str:
    """'on TikTok', or on one platform 'shorts'."""
    return f"on {platform_name(name)}" if found.by == "platform" else group_name(found, name)


def _in(found: RateChange, name: str) -> str:
    """'on TikTok', or on one platform 'in shorts'."""
    return where(found, name) if found.by == "platform" else f"in {group_name(found, name)}"


def level(found: RateChange, part: GroupPart) -> str:
    """'lower' or 'higher': the group's rate before against the average before."""
    return "higher" if (part.rate_before or 0.0) > (found.before.mean or 0.0) else "lower"


def points(found: RateChange, value: float | None) -> str:
    """'−0.6 points' in the rate's own percent (retention is stored as a fraction)."""
    if value is None:
        return "—"
    scaled = value * 100 if found.figure == "retention" else value
    return f"{'−' if scaled < 0 else '+'}{abs(scaled):.1f} points"


def title(found: RateChange) -> str:
    """'Why your engagement is down on TikTok — the last 30 days against the 30 days before'."""
    direction = direction_of(relative_change(found.before.mean, found.now.mean))
    name = found.figure
    head = f"Why your {name} is {direction}" if direction in ("up", "down") else f"Your {name}"
    where = f" on {platform_name(found.platform)}" if found.platform else ""
    return f"{head}{where} — {found.now.span.label} against {found.before.span.label}"


def rate_line(found: RateChange) -> str:
    """The two averages, the change in points, and the pieces left out for not reporting it."""
    now, before = found.now, found.before
    change = relative_change(before.mean, now.mean)
    text = (
        f"{FIGURE_NAMES[found.figure]} of the pieces you published in that time: average "
        f"{shown(found.figure, now.mean)} over {now.reported} pieces, "
        f"{versus(change, before.span.label)} ({shown(found.figure, before.mean)} over "
        f"{before.reported}; {points(found, found.change)})."
    )
    missing = [side.pieces - side.reported for side in (now, before)]
    if any(missing):
        text += f" {missing[0]} and {missing[1]} pieces do not report it and are left out."
    return text


def mix_line(found: RateChange, parts: list[GroupPart]) -> str:
    """Where the pieces went, and the group whose share moved the rate most."""
    top = max(parts, key=lambda p: abs(p.mix))
    text = f"Where your pieces went accounts for {points(found, found.mix_part)}."
    if abs(top.share_now - top.share_before) < 0.01 or top.rate_before is None:
        return text + " Your pieces were spread as before."
    return text + (
        f" {top.share_now:.0%} of them were {where(found, top.name)} against "
        f"{top.share_before:.0%} before, where {found.figure} is usually {level(found, top)}: "
        f"{shown(found.figure, top.rate_before)} against your average "
        f"{shown(found.figure, found.before.mean)}."
    )


def within_line(found: RateChange, parts: list[GroupPart]) -> str:
    """What the rates themselves explain, and the group whose rate moved it most."""
    top = max(parts, key=lambda p: abs(p.within))
    text = f"The {found.figure} where they went accounts for {points(found, found.within_part)}."
    if top.rate_before is None or top.rate_now is None or not top.within:
        return text
    return text + (
        f" Most {_in(found, top.name)}: {shown(found.figure, top.rate_before)} "
        f"before, {shown(found.figure, top.rate_now)} now."
    )


def pieces_in(side: RateSide, name: str) -> int:
    """A group's reporting pieces in one period."""
    return side.groups.get(name, (0, 0.0))[0]


def group_table(found: RateChange, parts: list[GroupPart]) -> Table:
    """Each group's pieces and rate in both periods."""
    rows = tuple(
        (
            group_name(found, p.name),
            f"{pieces_in(found.before, p.name)} → {pieces_in(found.now, p.name)}",
            f"{shown(found.figure, p.rate_before)} → {shown(found.figure, p.rate_now)}",
        )
        for p in parts
    )
    return Table((found.by, "pieces", found.figure), rows)


def scores_line(found: RateChange) -> str | None:
    """The median scores: each piece against the creator's usual for its platform, format, age."""
    now, before = found.now.median_score, found.before.median_score
    if now is None or before is None:
        return None
    how = "about as well as" if abs(now - before) < NEAR else "better" if now > before else "worse"
    than = "" if how.endswith("as") else " than"
    return (
        f"Like for like the pieces did {how}{than} before: a median score of {score(now)} "
        f"against {score(before)}."
    )


def conclusion(found: RateChange, parts: list[GroupPart]) -> str:
    """The bigger part and the group behind it, or that the rate held."""
    mix, within = found.mix_part or 0.0, found.within_part or 0.0
    if direction_of(relative_change(found.before.mean, found.now.mean)) in (None, "flat"):
        return f"Your {found.figure} held about steady."
    if abs(mix) >= abs(within) and mix * (found.change or 0) > 0:
        top = max(parts, key=lambda p: abs(p.mix))
        more = "more" if top.share_now > top.share_before else "fewer"
        return (
            f"Mostly because {more} of your pieces were {where(found, top.name)}, where "
            f"{found.figure} is usually {level(found, top)}."
        )
    top = max(parts, key=lambda p: abs(p.within))
    way = "fell" if within < 0 else "rose"
    return f"Mostly because {found.figure} {way} where you posted, most {_in(found, top.name)}."


def rate_change_reply(found: RateChange) -> tuple[str, Reply]:
    """The summary (for the LLM) and the reply."""
    head, first = title(found), rate_line(found)
    parts = found.parts()
    if not parts:
        nothing = f"{first} Without pieces reporting it in both periods, nothing is taken apart."
        return f"{head}: {nothing}", Reply((Headline(head), Paragraph(nothing)))
    lines = [mix_line(found, parts), within_line(found, parts), scores_line(found) or ""]
    lines = [line for line in lines if line]
    end = conclusion(found, parts)
    table = group_table(found, parts)
    blocks = (Headline(head), Paragraph(first), BulletList(tuple(lines)), table, Paragraph(end))
    return f"{head}: {first} {' '.join(lines)} {end}", Reply(blocks)
