"""Errors every layer raises and every edge translates into one clear line for a person."""


class DomainError(Exception):
    """Base class: the message is written for the creator or operator, never a traceback."""


class NotFound(DomainError):
    """A thing does not exist, or is not the current creator's (we never say which)."""


class InvalidInput(DomainError):
    """Input that cannot be accepted; the message names what was wrong."""


class Conflict(DomainError):
    """The request clashes with what already exists (for example a duplicate handle)."""


class Unavailable(DomainError):
    """A dependency (the database, an LLM endpoint) cannot be reached right now."""
