"""The command menu Telegram shows (setMyCommands): every command of the agent and the account."""

from __future__ import annotations

from telegram import BotCommand

from context.account.turn import ACCOUNT_COMMANDS

AGENT_COMMANDS: tuple[tuple[str, str], ...] = (
    ("whatsworking", "Your dashboard: /whatsworking [7d|30d|90d|all] [platform]"),
    ("top", "Your top performers"),
    ("attention", "What needs attention"),
    ("themes", "How your themes compare"),
    ("platforms", "How each platform does"),
    ("content", "One piece: /content 12 or part of its title"),
    ("besttime", "When to post: /besttime now, today or tomorrow"),
    ("advice", "What to do next"),
    ("idea", "A brief for your next piece: /idea tomorrow"),
    ("formats", "Your formats side by side"),
    ("cadence", "How often to post"),
    ("recent", "Your latest pieces against your usual"),
    ("titles", "What your best titles have in common"),
    ("plans", "Your action plans"),
    ("plan", "Show or make an action plan"),
    ("done", "Tick off a plan item: /done 2"),
    ("undo", "Untick a plan item: /undo 2"),
    ("digest", "Your digest now"),
    ("connect", "Connect YouTube: your numbers stay current"),
    ("sync", "Fetch your latest numbers now"),
    ("help", "What I can do"),
)


def menu_commands() -> list[BotCommand]:
    """The agent's commands, then the account's (/start stays out: Telegram offers it)."""
    pairs = [*AGENT_COMMANDS, *(c for c in ACCOUNT_COMMANDS if c[0] != "start")]
    return [BotCommand(name, description) for name, description in pairs]
