"""Account flows that change how the product treats a creator: timezone, digest, reminders, demo."""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import time

from sqlalchemy.orm import Session

from context.account import views
from context.account.state import AccountContext, has_content
from context.account.timezones import zone_from_location, zone_from_text
from context.reply import Reply, text_reply
from simulator.niches import NICHES
from storage.creators import CreatorView, get_creator, validate_timezone
from storage.errors import InvalidInput

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.h]?([0-5]\d)?$")
_ON = {"on", "yes", "enable", "enabled", "true"}
_OFF = {"off", "no", "disable", "disabled", "false"}
SEED_LIMIT = 1_000_000
UNKNOWN_ZONE = (
    "I don't know the timezone {text!r}. Type a bigger city nearby (like Berlin), a zone name "
    "(like America/New_York), or share your location."
)


def set_timezone(turn: AccountContext, zone: str, *, edit: bool, note: str | None = None) -> Reply:
    """Store ``zone``; a creator with no content yet is offered demo mode."""
    creator = turn.require_creator()
    creator.timezone = validate_timezone(zone)
    offer = not has_content(turn.session, creator.id)
    return views.timezone_set(creator.timezone, turn.now, offer_demo=offer, note=note, edit=edit)


def set_typed_timezone(turn: AccountContext, text: str) -> Reply:
    """A timezone or city typed as a message of its own."""
    zone = zone_from_text(text)
    if zone is None:
        return text_reply(UNKNOWN_ZONE.format(text=text.strip()[:48]))
    return set_timezone(turn, zone, edit=False)


def timezone_from_location(turn: AccountContext, latitude: float, longitude: float) -> Reply:
    """The timezone at a shared location."""
    try:
        located = zone_from_location(latitude, longitude)
    except ValueError:
        return text_reply(
            "That location is not on Earth, so I could not use it. Type a city instead."
        )
    note = (
        f"I could only estimate it from the longitude ({located.zone} has no daylight saving). "
        "Type your city for the exact zone."
        if located.approximate
        else None
    )
    return set_timezone(turn, located.zone, edit=False, note=note)


def timezone_button(turn: AccountContext, args: tuple[str, ...]) -> Reply:
    """A zone button from the welcome message or from /settings."""
    zone = zone_from_text(args[0]) if args else None
    if zone is None:
        return views.timezone_picker(turn.view().timezone)
    if views.FROM_SETTINGS in args[1:]:
        turn.require_creator().timezone = zone
        return views.settings_card(turn.view(), turn.now, notice=f"Timezone set to {zone}.")
    return set_timezone(turn, zone, edit=True)


def parse_digest_time(text: str) -> time | None:
    """'7:30', '07.30', '0730', '19h', '8' → a time of day; None when it is not one."""
    cleaned = text.strip().lower().replace(" ", "")
    if len(cleaned) == 4 and cleaned.isdigit():
        cleaned = f"{cleaned[:2]}:{cleaned[2:]}"
    match = _TIME.match(cleaned.removesuffix("h"))
    if match is None:
        return None
    return time(int(match.group(1)), int(match.group(2) or 0))


def settings_button(turn: AccountContext, args: tuple[str, ...]) -> Reply:
    """One of the /settings buttons."""
    what, value = (*args, "", "")[:2]
    if what == "tz":
        return views.timezone_picker(turn.view().timezone)
    if what == "time" and not value:
        return views.digest_time_picker(turn.view().digest_time)
    return change_setting(turn, what, value)


def change_setting(turn: AccountContext, what: str, value: str) -> Reply:
    """Apply one change ('digest' on/off or a time, 'rem' on/off, 'time' HHMM, 'tz' ZONE)."""
    creator = turn.require_creator()
    flag = True if value.lower() in _ON else False if value.lower() in _OFF else None
    if what in {"digest", "time"} and flag is None:
        at = parse_digest_time(value)
        if at is None:
            return _settings_problem(
                turn, f"{value!r} is not a time of day; use HH:MM, like 07:30."
            )
        creator.digest_time, creator.digest_enabled = at, True
        return views.settings_card(turn.view(), turn.now, notice=f"Digest at {at:%H:%M}.")
    if what == "digest" and flag is not None:
        creator.digest_enabled = flag
    elif what in {"rem", "reminders"} and flag is not None:
        creator.reminders_enabled = flag
    elif what in {"tz", "timezone"}:
        return _typed_settings_timezone(turn, value)
    elif what == "quiet":
        return _quiet_hours(turn, value, flag)
    else:
        return _settings_problem(turn, None)
    return views.settings_card(turn.view(), turn.now, notice="Saved.")


def _quiet_hours(turn: AccountContext, value: str, flag: bool | None) -> Reply:
    """'22:00-08:00' sets quiet hours; 'off' removes them."""
    creator = turn.require_creator()
    if flag is False:
        creator.quiet_hours_start = creator.quiet_hours_end = None
        return views.settings_card(turn.view(), turn.now, notice="Quiet hours off.")
    start, _, end = value.replace(" ", "").partition("-")
    begins, ends = parse_digest_time(start), parse_digest_time(end)
    if begins is None or ends is None:
        return _settings_problem(turn, f"{value[:30]!r} is not a time range; use 22:00-08:00.")
    creator.quiet_hours_start, creator.quiet_hours_end = begins, ends
    notice = f"Quiet hours {begins:%H:%M}-{ends:%H:%M}: no reminders in between."
    return views.settings_card(turn.view(), turn.now, notice=notice)


def update_settings(
    session: Session,
    creator_id: uuid.UUID,
    *,
    timezone: str,
    digest_time: str,
    digest_enabled: bool,
    reminders_enabled: bool,
) -> CreatorView:
    """Apply a whole settings form (the web page's), read the way the chat reads each value.

    InvalidInput names the first bad value; the caller's unit of work then writes nothing.
    """
    zone = zone_from_text(timezone) if timezone.strip() else None
    if zone is None:
        raise InvalidInput(UNKNOWN_ZONE.format(text=timezone.strip()[:48]))
    at = parse_digest_time(digest_time)
    if at is None:
        raise InvalidInput(f"{digest_time[:16]!r} is not a time of day; use HH:MM, like 07:30.")
    creator = get_creator(session, creator_id)
    creator.timezone = validate_timezone(zone)
    creator.digest_time, creator.digest_enabled = at, digest_enabled
    creator.reminders_enabled = reminders_enabled
    session.flush()
    return CreatorView.of(creator)


def _typed_settings_timezone(turn: AccountContext, value: str) -> Reply:
    zone = zone_from_text(value)
    if zone is None:
        return _settings_problem(turn, UNKNOWN_ZONE.format(text=value.strip()[:48]))
    turn.require_creator().timezone = zone
    return views.settings_card(turn.view(), turn.now, notice=f"Timezone set to {zone}.")


def _settings_problem(turn: AccountContext, problem: str | None) -> Reply:
    notice = problem or (
        "I can change: /settings timezone CITY, /settings digest HH:MM|on|off, "
        "/settings reminders on|off, /settings quiet 22:00-08:00|off."
    )
    return views.settings_card(turn.view(), turn.now, notice=notice)


def settings_command(turn: AccountContext, argument: str) -> Reply:
    """/settings, or /settings WHAT VALUE."""
    if not argument:
        return views.settings_card(turn.view(), turn.now)
    what, _, value = argument.partition(" ")
    return change_setting(turn, what.lower(), value.strip())


def demo_seed(turn: AccountContext, niche: str) -> int:
    """A seed fixed by creator and niche: tapping the same niche twice changes nothing."""
    digest = hashlib.sha256(f"{turn.creator_id}:{niche}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % SEED_LIMIT


def start_demo(turn: AccountContext, niche: str, *, edit: bool) -> Reply:
    """Give the creator simulated content of ``niche``."""
    from simulator.demo import enable_demo  # numpy and the pipeline: only when a demo starts

    creator = turn.require_creator()
    result = enable_demo(
        turn.session,
        handle=creator.handle,
        niche=niche,
        profile="auto",
        pieces=None,
        seed=demo_seed(turn, niche),
        now=turn.now,
    )
    return views.demo_enabled(niche, result.profile, result.pieces, edit=edit)


def stop_demo(turn: AccountContext, *, edit: bool) -> Reply:
    """Remove the creator's demo content."""
    creator = turn.require_creator()
    if not creator.demo_mode:
        return Reply(blocks=text_reply("Demo mode is already off.").blocks, edit_in_place=edit)
    from simulator.demo import disable_demo

    removed = disable_demo(turn.session, creator.id, now=turn.now)
    reply = text_reply(
        f"Demo mode is off: I removed {removed} simulated pieces. Your real content is untouched."
    )
    return Reply(blocks=reply.blocks, edit_in_place=edit)


def demo_button(turn: AccountContext, args: tuple[str, ...]) -> Reply:
    """A niche from the picker, 'no' (not now) or 'off'."""
    choice = args[0] if args else ""
    if choice in NICHES:
        return start_demo(turn, choice, edit=True)
    if choice == "off":
        return stop_demo(turn, edit=True)
    reply = text_reply("No problem. Type /help to see what I can do, or /demo to change your mind.")
    return Reply(blocks=reply.blocks, edit_in_place=True)


def demo_command(turn: AccountContext, argument: str) -> Reply:
    """/demo, /demo NICHE or /demo off."""
    choice = argument.strip().lower().replace(" ", "_")
    active = turn.require_creator().demo_mode
    if not choice:
        return views.demo_picker(active=active)
    if choice in {"off", "stop", "disable"}:
        return stop_demo(turn, edit=False)
    if choice in NICHES:
        return start_demo(turn, choice, edit=False)
    known = ", ".join(NICHES)
    return views.demo_picker(
        active=active, problem=f"I don't know the niche {argument!r} (try: {known})."
    )
