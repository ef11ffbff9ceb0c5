"""`whatsworking chat`, `ask` and `chart`: registered here, implemented in ``bot.console_cli``
(outside this package, so ``bot.entry`` can start them without importing every sub-command)."""

from bot.console_cli import register

__all__ = ["register"]
