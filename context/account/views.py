"""The replies of the account flows: welcome, timezone and niche pickers, settings, link, forget.

Pure functions of plain values; the button actions are the account flow's own (ACTION_* names),
each short enough to be signed into Telegram's 64-byte callback data.
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from context.account.button_expiry import stamp
from context.account.timezones import COMMON_ZONES
from context.reply import Action, BulletList, Button, Headline, Paragraph, Reply
from simulator.niches import NICHES
from storage.creators import CreatorView

ACTION_TZ = "tz"  # tz:<zone>[,s]  (",s": picked from /settings, so show settings again)
ACTION_DEMO = "demo"  # demo:<niche> | demo:no | demo:off
ACTION_SETTINGS = "set"  # set:tz | set:time | set:time,HHMM | set:digest,on|off | set:rem,on|off
ACTION_FORGET = "forget"  # forget:yes | forget:no
ACTION_LINK = "link"  # link:make
FROM_SETTINGS = "s"
DIGEST_TIMES = ("06:00", "07:00", "08:00", "09:00", "12:00", "17:00", "19:00", "21:00")
NO_DIGEST_NOTE = "No digest is sent on a day with nothing new and nothing due."
DEMO_OFF_HINT = "Turn it off any time with /demo off — your real content is never touched."


def niche_label(niche: str) -> str:
    """A niche as people read it: 'tech_reviews' → 'Tech reviews'."""
    return niche.replace("_", " ").capitalize()


def local_clock(zone: str, now: datetime) -> str:
    """The time of day in ``zone`` at ``now``, e.g. '14:05'."""
    return now.astimezone(ZoneInfo(zone)).strftime("%H:%M")


def timezone_buttons(*, from_settings: bool = False) -> tuple[Button, ...]:
    """The common zones, two a row."""
    suffix = (FROM_SETTINGS,) if from_settings else ()
    return tuple(
        Button(label, Action(ACTION_TZ, (zone, *suffix)), row=index // 2)
        for index, (label, zone) in enumerate(COMMON_ZONES)
    )


def _timezone_question() -> str:
    return (
        "Which timezone are you in? Tap one below, type a city (like Berlin) or a zone name "
        "(like America/New_York), or share your location. I use it for your daily digest "
        "and reminders."
    )


def welcome(name: str) -> Reply:
    """The first reply to a new creator: what this is, and the timezone question."""
    return Reply(
        blocks=(
            Headline(f"Welcome to whatsworking, {name}!"),
            Paragraph(
                "I look at your YouTube, Instagram and TikTok content and tell you what is "
                "working, why, and what to do next — right here in chat."
            ),
            Paragraph(_timezone_question()),
            Paragraph(
                "Already use whatsworking in another app? Make a code there with /link and "
                "send it here."
            ),
        ),
        buttons=timezone_buttons(),
    )


def timezone_picker(current: str) -> Reply:
    """The timezone question on its own (from /settings)."""
    return Reply(
        blocks=(Headline(f"Your timezone is {current}"), Paragraph(_timezone_question())),
        buttons=timezone_buttons(from_settings=True),
        edit_in_place=True,
    )


def demo_buttons() -> tuple[Button, ...]:
    """One button per niche, two a row, and 'No thanks'."""
    buttons = [
        Button(niche_label(niche), Action(ACTION_DEMO, (niche,)), row=index // 2)
        for index, niche in enumerate(NICHES)
    ]
    buttons.append(Button("No thanks", Action(ACTION_DEMO, ("no",)), row=len(NICHES)))
    return tuple(buttons)


def demo_offer() -> Paragraph:
    """The invitation to try demo mode."""
    return Paragraph(
        "Want to look around with demo data first? Pick a niche and I will simulate a "
        f"channel's content for you. {DEMO_OFF_HINT}"
    )


def timezone_set(
    zone: str, now: datetime, *, offer_demo: bool, note: str | None = None, edit: bool = False
) -> Reply:
    """Confirm a new timezone, and offer demo mode to a creator with no content yet."""
    blocks: list[Headline | Paragraph] = [
        Paragraph(f"Timezone set to {zone} (it is {local_clock(zone, now)} there now).")
    ]
    if note:
        blocks.append(Paragraph(note))
    if offer_demo:
        blocks.append(demo_offer())
    return Reply(
        blocks=tuple(blocks),
        buttons=demo_buttons() if offer_demo else (),
        edit_in_place=edit,
    )


def demo_picker(*, active: bool, problem: str | None = None) -> Reply:
    """The niche picker (from /demo), with a way out when demo mode is on."""
    blocks: list[Paragraph] = [Paragraph(problem)] if problem else []
    if active:
        blocks.append(Paragraph("Demo mode is on. Pick a niche to replace the demo content."))
        buttons = tuple(b for b in demo_buttons() if b.action.args != ("no",))
        buttons += (Button("Turn demo mode off", Action(ACTION_DEMO, ("off",)), row=99),)
    else:
        blocks.append(demo_offer())
        buttons = demo_buttons()
    return Reply(blocks=tuple(blocks), buttons=buttons)


def demo_enabled(niche: str, profile: str, pieces: int, *, edit: bool) -> Reply:
    """Confirm demo mode with what was simulated, and where to go next."""
    return Reply(
        blocks=(
            Headline("Demo mode is on"),
            Paragraph(
                f"I simulated {pieces} pieces of a {profile} {niche_label(niche).lower()} "
                "channel across YouTube, Instagram and TikTok, scored like real content."
            ),
            Paragraph(
                "Try /whatsworking for the dashboard, /top for your hits, /attention for what "
                f"needs work, or just ask me a question. {DEMO_OFF_HINT}"
            ),
        ),
        edit_in_place=edit,
    )


def _on_off(flag: bool) -> str:
    return "on" if flag else "off"


def _flip(flag: bool) -> str:
    return "off" if flag else "on"


def settings_card(view: CreatorView, now: datetime, *, notice: str | None = None) -> Reply:
    """The creator's settings with a button for each change."""
    digest_at = view.digest_time.strftime("%H:%M")
    items = (
        f"Timezone: {view.timezone} (it is {local_clock(view.timezone, now)} there now)",
        f"Daily digest: {_on_off(view.digest_enabled)}, at {digest_at} your time",
        f"Reminders for plan items: {_on_off(view.reminders_enabled)}",
        f"Demo mode: {_on_off(view.demo_mode)}",
    )
    buttons = (
        Button("Change timezone", Action(ACTION_SETTINGS, ("tz",)), row=0),
        Button("Digest time", Action(ACTION_SETTINGS, ("time",)), row=0),
        Button(
            f"Turn digest {_flip(view.digest_enabled)}",
            Action(ACTION_SETTINGS, ("digest", _flip(view.digest_enabled))),
            row=1,
        ),
        Button(
            f"Turn reminders {_flip(view.reminders_enabled)}",
            Action(ACTION_SETTINGS, ("rem", _flip(view.reminders_enabled))),
            row=1,
        ),
    )
    return Reply(
        blocks=(
            Headline("Your settings"),
            BulletList(items),
            Paragraph(NO_DIGEST_NOTE),
            Paragraph(
                "Type /settings digest 07:30 for another digest time, /link to use me in "
                "another chat app, /forgetme to delete your data."
            ),
        ),
        buttons=buttons,
        notice=notice,
        edit_in_place=True,
    )


def digest_time_picker(current: time) -> Reply:
    """A button per common digest time."""
    buttons = tuple(
        Button(label, Action(ACTION_SETTINGS, ("time", label.replace(":", ""))), row=index // 4)
        for index, label in enumerate(DIGEST_TIMES)
    )
    return Reply(
        blocks=(
            Headline(f"Your digest comes at {current.strftime('%H:%M')}"),
            Paragraph(
                "Pick a time (your timezone), or type /settings digest HH:MM. " + NO_DIGEST_NOTE
            ),
        ),
        buttons=buttons,
        edit_in_place=True,
    )


def forget_confirmation(pieces: int, plans: int, now: datetime) -> Reply:
    """Say what /forgetme deletes, with a confirmation button that expires after minutes."""
    return Reply(
        blocks=(
            Headline("Delete all your data?"),
            Paragraph(
                f"This deletes your account and everything in it: {pieces} pieces of content "
                f"with their scores and insights, {plans} action plans, our conversations, your "
                "settings and the link to every chat app. It cannot be undone."
            ),
        ),
        buttons=(
            Button("Yes, delete everything", Action(ACTION_FORGET, ("yes", stamp(now))), row=0),
            Button("Cancel", Action(ACTION_FORGET, ("no",)), row=0),
        ),
    )


def link_menu() -> Reply:
    """How linking works, with a button to make a code."""
    return Reply(
        blocks=(
            Headline("Use whatsworking in another chat app"),
            Paragraph(
                "Make a code here and send it in the other app (Telegram: /link CODE; "
                "Discord: /whatsworking link CODE). Both then reach the same account."
            ),
            Paragraph("Got a code from the other app? Send /link CODE here."),
        ),
        buttons=(Button("Make a link code", Action(ACTION_LINK, ("make",))),),
    )


def link_code_made(code: str, minutes: int, *, edit: bool) -> Reply:
    """Show a fresh code once."""
    return Reply(
        blocks=(
            Headline(f"Your link code: {code}"),
            Paragraph(
                f"Send /link {code} in the other app within {minutes} minutes. "
                "It works once; making a new code cancels this one."
            ),
        ),
        edit_in_place=edit,
    )
