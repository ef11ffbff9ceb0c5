"""The HTTP API (FastAPI): the seed's endpoints over the same domain services as the chat edges."""

from bot.api.app import create_app

__all__ = ["create_app"]
