"""The one place that wires storage, the domain services and the edges together."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.settings import Settings, load_settings
from storage import Database, open_database
from storage.clock import Clock, SystemClock


@dataclass
class App:
    """Everything a front-end, the scheduler or the CLI needs, built once."""

    settings: Settings
    db: Database
    clock: Clock = field(default_factory=SystemClock)

    def close(self) -> None:
        """Release the database connections."""
        self.db.dispose()


def bootstrap(
    settings: Settings | None = None,
    *,
    database_url: str | None = None,
    clock: Clock | None = None,
    migrate: bool = True,
) -> App:
    """Build the app from settings (tests pass their own settings, URL and clock)."""
    settings = settings or load_settings()
    url = database_url or settings.database_url
    db = open_database(url, migrate=migrate)
    return App(settings=settings, db=db, clock=clock or SystemClock())
