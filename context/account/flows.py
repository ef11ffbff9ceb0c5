"""Account flows that decide who a chat belongs to: onboarding, link codes and forgetting."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import delete, select

from context.account import settings, views
from context.account.button_expiry import expired, expired_text
from context.account.link_throttle import LINK_ATTEMPTS
from context.account.state import AccountContext, count_pieces, count_plans, has_content
from context.reply import Action, Reply, text_reply
from storage.creators import create_creator, find_creator, link_identity
from storage.linking import LINK_CODE_TTL, issue_link_code, normalise_code, redeem_link_code
from storage.models import ChatIdentity, Creator
from sync.revocation import revoke_all

COMMANDS = frozenset({"start", "settings", "demo", "link", "forgetme"})
EXPIRED = "This button has expired."
BAD_CODE = (
    "That link code did not work: it is wrong, expired (codes last 15 minutes) or already used. "
    "Make a new one with /link in the other app."
)
TOO_MANY_CODES = (
    "Too many link codes that did not work from this chat: try again in {minutes} minutes."
)
_SLUG = re.compile(r"[^a-z0-9_.-]+")
Outcome = tuple[uuid.UUID | None, Reply]


def unlinked_turn(turn: AccountContext, command: str | None, argument: str) -> Outcome:
    """A chat identity no creator owns yet: link it with a code, or start a new creator."""
    request = turn.request
    if request.action is not None:
        return None, text_reply(f"{EXPIRED} Send /start to set up.")
    if command in {"start", "link"} and argument:
        return redeem(turn, argument)
    if command is None and "-" in argument and _looks_like_code(argument):
        return redeem(turn, argument)
    return onboard(turn)


def _looks_like_code(text: str) -> bool:
    return normalise_code(text) is not None


def onboard(turn: AccountContext) -> Outcome:
    """Create a creator for this identity and ask for the timezone (or take it from a location)."""
    request = turn.request
    name = (request.display_name or "").strip()[:255]
    handle = _free_handle(turn, name)
    creator = create_creator(turn.session, handle, display_name=name or handle, now=turn.now)
    link_identity(
        turn.session, creator, request.channel, request.external_id, request.chat_id, now=turn.now
    )
    turn.creator = creator
    if request.location is not None:
        return creator.id, settings.timezone_from_location(turn, *request.location)
    return creator.id, views.welcome(name or "there")


def _free_handle(turn: AccountContext, display_name: str | None) -> str:
    """A readable unused handle from the display name, else one from the chat service and id."""
    base = _SLUG.sub("-", (display_name or "").strip().lower()).strip("-._")[:48]
    fallback = f"{turn.request.channel[:2]}-{turn.request.external_id}"[:56].lower()
    candidates = [base, *(f"{base}-{n}" for n in range(2, 10))] if len(base) >= 2 else []
    for handle in [*candidates, _SLUG.sub("-", fallback)]:
        if handle[:1].isalnum() and find_creator(turn.session, handle) is None:
            return handle
    return f"creator-{uuid.uuid4().hex[:12]}"


def redeem(turn: AccountContext, code: str) -> Outcome:
    """Link this identity to the creator a one-time code belongs to; nothing changes on failure.

    Failed tries are counted per identity: past a few, codes are not even looked up for a while.
    """
    identity = (turn.request.channel, turn.request.external_id)
    wait = LINK_ATTEMPTS.wait(identity, turn.now)
    if wait is not None:
        minutes = max(1, int(wait.total_seconds() // 60) + 1)
        return turn.creator_id, text_reply(TOO_MANY_CODES.format(minutes=minutes))
    target = redeem_link_code(turn.session, code, now=turn.now)
    if target is None:
        LINK_ATTEMPTS.failed(identity, turn.now)
        return turn.creator_id, text_reply(BAD_CODE)
    previous = turn.creator
    if previous is not None and previous.id == target.id:
        return target.id, text_reply("This chat is already linked to that account.")
    request = turn.request
    link_identity(
        turn.session, target, request.channel, request.external_id, request.chat_id, now=turn.now
    )
    if previous is not None:
        _drop_if_abandoned(turn, previous)
    return target.id, text_reply(
        f"Linked! This chat now reaches the account {target.handle} — the same content, plans "
        "and settings as in your other app. Try /whatsworking.",
        headline="Accounts linked",
    )


def _drop_if_abandoned(turn: AccountContext, creator: Creator) -> None:
    """Delete a creator no chat reaches any more and that holds no real content of its own."""
    session = turn.session
    reachable = session.scalar(
        select(ChatIdentity.id).where(ChatIdentity.creator_id == creator.id).limit(1)
    )
    if reachable is None and count_pieces(session, creator.id, real_only=True) == 0:
        _delete_creator(turn, creator.id)


def _delete_creator(turn: AccountContext, creator_id: uuid.UUID) -> None:
    revoke_all(turn.session, creator_id)  # at the platforms; the cascade deletes the tokens
    # The database cascades to every row the creator owns (content, plans, conversations, ...).
    turn.session.execute(
        delete(Creator).where(Creator.id == creator_id).execution_options(synchronize_session=False)
    )
    turn.session.expunge_all()


def command_turn(turn: AccountContext, command: str, argument: str) -> Outcome:
    """/start, /settings, /demo, /link or /forgetme from a linked identity."""
    creator_id = turn.creator_id
    if command == "start":
        return redeem(turn, argument) if argument else (creator_id, _welcome_back(turn))
    if command == "settings":
        return creator_id, settings.settings_command(turn, argument)
    if command == "demo":
        return creator_id, settings.demo_command(turn, argument)
    if command == "link":
        return redeem(turn, argument) if argument else (creator_id, views.link_menu())
    return creator_id, _forget_confirmation(turn)


def _welcome_back(turn: AccountContext) -> Reply:
    view = turn.view()
    reply = text_reply(
        f"You are all set up ({view.timezone}). Try /whatsworking for your dashboard, "
        "/settings to change things, or just ask me a question.",
        headline=f"Welcome back, {view.display_name}!",
    )
    if has_content(turn.session, view.id):
        return reply
    return views.demo_picker(active=False, problem=reply.plain_text())


def _forget_confirmation(turn: AccountContext) -> Reply:
    creator_id = turn.require_creator().id
    pieces = count_pieces(turn.session, creator_id)
    return views.forget_confirmation(pieces, count_plans(turn.session, creator_id), turn.now)


def action_turn(turn: AccountContext, action: Action) -> Outcome:
    """A press of one of the account flows' own buttons."""
    creator_id, args = turn.creator_id, action.args
    if action.name == views.ACTION_TZ:
        return creator_id, settings.timezone_button(turn, args)
    if action.name == views.ACTION_DEMO:
        return creator_id, settings.demo_button(turn, args)
    if action.name == views.ACTION_SETTINGS:
        return creator_id, settings.settings_button(turn, args)
    if action.name == views.ACTION_LINK:
        issued = issue_link_code(turn.session, turn.require_creator().id, now=turn.now)
        minutes = int(LINK_CODE_TTL.total_seconds() // 60)
        return creator_id, views.link_code_made(issued.code, minutes, edit=True)
    return _forget_button(turn, args)


def _forget_button(turn: AccountContext, args: tuple[str, ...]) -> Outcome:
    if args[:1] != ("yes",):
        reply = text_reply("Nothing was deleted.")
        return turn.creator_id, Reply(blocks=reply.blocks, edit_in_place=True)
    if len(args) != 2 or expired(args[1], turn.now):
        reply = text_reply(expired_text())
        return turn.creator_id, Reply(blocks=reply.blocks, edit_in_place=True)
    _delete_creator(turn, turn.require_creator().id)
    turn.creator = None
    reply = text_reply(
        "Done: your account and all its data are deleted. Send /start if you ever want to "
        "begin again."
    )
    return None, Reply(blocks=reply.blocks, edit_in_place=True)
