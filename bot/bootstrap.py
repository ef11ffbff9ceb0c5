"""The one place that wires storage, the domain services and the edges together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.settings import Settings, load_settings
from storage import Database, open_database
from storage.clock import Clock, SystemClock

if TYPE_CHECKING:
    from bot.charts.pool import ChartPool
    from context.agent import Agent
    from context.llm.agent import LLMSettings
    from context.rate_limits import RateLimits
    from context.sync_chat import Connector


@dataclass
class App:
    """Everything a front-end, the scheduler or the CLI needs, built once."""

    settings: Settings
    db: Database
    clock: Clock = field(default_factory=SystemClock)
    _charts: ChartPool | None = field(default=None, init=False, repr=False)

    def close(self) -> None:
        """Stop the chart workers (after every front-end stopped) and release the database."""
        if self._charts is not None:
            self._charts.close()
        self.db.dispose()

    def chart_pool(self) -> ChartPool:
        """The one chart pool every front-end of this app draws with (workers start lazily)."""
        if self._charts is None:
            from bot.charts.pool import ChartPool

            self._charts = ChartPool()
        return self._charts

    def agent(self) -> Agent:
        """A chat agent: the LLM agent (same tools) when an endpoint is configured, else rules."""
        from context.agent import Agent
        from context.llm.agent import LLMAgent

        llm = llm_settings(self.settings)
        return Agent(
            self.db,
            self.clock,
            llm=LLMAgent(llm) if llm is not None else None,
            connector=self._connector(),
            limits=rate_limits(self.settings),
        )

    def _connector(self) -> Connector | None:
        # /connect needs a public callback; without one the sync machinery (numpy, the
        # platforms' clients) is not loaded, so a one-shot `ask` starts fast.
        if not self.settings.public_url:
            return None
        from bot.sync_setup import chat_connector

        return chat_connector(self.settings, self.db, self.clock)


def rate_limits(settings: Settings) -> RateLimits:
    """The per-creator token buckets the settings configure."""
    from context.rate_limits import Rate, RateLimits

    return RateLimits.of(
        Rate.parse(settings.rate_turns),
        Rate.parse(settings.rate_llm_calls),
        Rate.parse(settings.rate_imports),
    )


def llm_settings(settings: Settings) -> LLMSettings | None:
    """The LLM endpoint from the settings, or None when none is configured."""
    from context.llm.agent import LLMSettings

    if not settings.llm_configured:
        return None
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    return LLMSettings(base_url=settings.openai_base_url, api_key=key, model=settings.llm_model)


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
    from sync import revocation

    # /forgetme revokes platform grants when the key is configured; the sync machinery (numpy,
    # the platforms' clients) loads on the first revocation, not on every start.
    revocation.install(_platform_revoker(settings) if settings.secret_key else None)
    return App(settings=settings, db=db, clock=clock or SystemClock())


def _platform_revoker(settings: Settings) -> Callable[[str, bytes], bool]:
    def revoke(platform: str, sealed: bytes) -> bool:
        from bot.sync_setup import revoke_grant

        return revoke_grant(settings, platform, sealed)

    return revoke
