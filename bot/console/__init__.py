"""The console front-end: a rich REPL and the one-shot `ask` and `chart` commands.

Start it with ``console_app`` (what `whatsworking chat`, `ask` and `chart` run).
"""

from bot.console.cli import console_app

__all__ = ["console_app"]
