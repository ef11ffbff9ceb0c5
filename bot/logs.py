"""Logging for long-running front-ends: secrets never reach a log line."""

from __future__ import annotations

import logging
from collections.abc import Iterable

REDACTED = "[redacted]"
# httpx logs every request URL at INFO, and Telegram's URLs contain the bot token.
CHATTY_LOGGERS = ("httpx", "httpcore", "apscheduler")


class RedactSecrets(logging.Filter):
    """Replaces every secret in a record's final message (and its traceback text) with REDACTED."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args = self.redact(message), None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True

    def redact(self, text: str) -> str:
        """``text`` with every secret replaced."""
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text


def configure_service_logging(level: str, secrets: Iterable[str]) -> logging.Handler:
    """Log to stderr at ``level`` through a filter that hides ``secrets``; returns the handler."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
    return handler
