"""`whatsworking chat`, `ask` and `chart`: registered here, implemented in ``bot.console.cli``
(outside this package, so ``bot.entry`` can start them without importing every sub-command)."""

from bot.console.cli import register

__all__ = ["register"]
