"""Configuration from the environment (and an optional .env), validated at start."""

from __future__ import annotations

import logging
from pathlib import Path

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from storage.errors import InvalidInput

APP_NAME = "whatsworking"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
MIN_SECRET_CHARS = 16


def default_database_url() -> str:
    """A SQLite file in the user's data directory."""
    data_dir = Path(platformdirs.user_data_dir(APP_NAME))
    return f"sqlite:///{data_dir / 'whatsworking.db'}"


class Settings(BaseSettings):
    """Everything the app reads from its environment; secrets never appear in repr or logs."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    database_url: str = Field(  # not in repr: it may hold the database password
        default_factory=default_database_url,
        repr=False,
        validation_alias=AliasChoices("WHATSWORKING_DATABASE_URL", "database_url"),
    )
    telegram_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "telegram_bot_token")
    )
    telegram_api_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("TELEGRAM_API_BASE_URL", "telegram_api_base_url"),
    )
    discord_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("DISCORD_BOT_TOKEN", "discord_bot_token")
    )
    discord_api_base_url: str | None = Field(  # a local Discord for tests; unset: discord.com
        default=None,
        validation_alias=AliasChoices("DISCORD_API_BASE_URL", "discord_api_base_url"),
    )
    callback_secret: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("WHATSWORKING_CALLBACK_SECRET", "callback_secret"),
    )
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "openai_api_key")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "openai_base_url")
    )
    llm_model: str = Field(
        default="gpt-4o-mini",
        validation_alias=AliasChoices("WHATSWORKING_LLM_MODEL", "llm_model"),
    )
    web_port: int = Field(
        default=8000,
        ge=1,
        le=65535,
        validation_alias=AliasChoices("WHATSWORKING_WEB_PORT", "web_port"),
    )
    pin_cpu: bool = Field(
        default=True, validation_alias=AliasChoices("WHATSWORKING_PIN_CPU", "pin_cpu")
    )
    log_level: str = Field(
        default="INFO", validation_alias=AliasChoices("WHATSWORKING_LOG_LEVEL", "log_level")
    )
    # Fair sharing: updates of one chat queued or running, and per-creator token buckets.
    chat_queue: int = Field(
        default=5,
        ge=1,
        le=50,
        validation_alias=AliasChoices("WHATSWORKING_CHAT_QUEUE", "chat_queue"),
    )
    rate_turns: str = Field(
        default="30/minute", validation_alias=AliasChoices("WHATSWORKING_RATE_TURNS", "rate_turns")
    )
    rate_llm_calls: str = Field(
        default="10/minute",
        validation_alias=AliasChoices("WHATSWORKING_RATE_LLM_CALLS", "rate_llm_calls"),
    )
    rate_imports: str = Field(
        default="10/hour",
        validation_alias=AliasChoices("WHATSWORKING_RATE_IMPORTS", "rate_imports"),
    )
    # Reads /metrics (process-wide counters); unset, /metrics answers no one.
    operator_token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("WHATSWORKING_OPERATOR_TOKEN", "operator_token"),
    )
    secret_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("WHATSWORKING_SECRET_KEY", "secret_key")
    )
    google_client_id: str | None = Field(
        default=None, validation_alias=AliasChoices("GOOGLE_CLIENT_ID", "google_client_id")
    )
    google_client_secret: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("GOOGLE_CLIENT_SECRET", "google_client_secret"),
    )
    google_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("WHATSWORKING_GOOGLE_BASE_URL", "google_base_url"),
    )
    public_url: str | None = Field(
        default=None, validation_alias=AliasChoices("WHATSWORKING_PUBLIC_URL", "public_url")
    )
    instagram_client_id: str | None = Field(
        default=None, validation_alias=AliasChoices("INSTAGRAM_CLIENT_ID", "instagram_client_id")
    )
    instagram_client_secret: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("INSTAGRAM_CLIENT_SECRET", "instagram_client_secret"),
    )
    instagram_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("WHATSWORKING_INSTAGRAM_BASE_URL", "instagram_base_url"),
    )
    tiktok_client_key: str | None = Field(
        default=None, validation_alias=AliasChoices("TIKTOK_CLIENT_KEY", "tiktok_client_key")
    )
    tiktok_client_secret: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("TIKTOK_CLIENT_SECRET", "tiktok_client_secret"),
    )
    tiktok_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("WHATSWORKING_TIKTOK_BASE_URL", "tiktok_base_url"),
    )
    youtube_daily_quota: int = Field(
        default=10_000,
        ge=1,
        validation_alias=AliasChoices("WHATSWORKING_YOUTUBE_DAILY_QUOTA", "youtube_daily_quota"),
    )

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        from storage.urls import check_database_url

        return check_database_url(value)
        return value

    @field_validator(
        "telegram_api_base_url",
        "discord_api_base_url",
        "openai_base_url",
        "google_base_url",
        "instagram_base_url",
        "tiktok_base_url",
        "public_url",
    )
    @classmethod
    def _check_http_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value or None

    @field_validator("rate_turns", "rate_llm_calls", "rate_imports")
    @classmethod
    def _check_rate(cls, value: str) -> str:
        from context.rate_limits import Rate

        try:
            return str(Rate.parse(value))
        except InvalidInput as exc:
            raise ValueError(str(exc)) from None

    @field_validator("callback_secret")
    @classmethod
    def _check_callback_secret(cls, value: SecretStr | None) -> SecretStr | None:
        text = value.get_secret_value() if value is not None else ""
        if not text:
            return None  # unset or empty: derived from each bot's token
        if text != text.strip() or len(text) < MIN_SECRET_CHARS:
            raise ValueError(
                f"must be at least {MIN_SECRET_CHARS} characters, without surrounding spaces"
            )
        return value

    @field_validator("log_level")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        upper = value.upper()
        if upper not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
        return upper

    @property
    def button_secret(self) -> str | None:
        """The configured key for signing buttons (None: each bot derives one from its token)."""
        return self.callback_secret.get_secret_value() if self.callback_secret else None

    @property
    def llm_configured(self) -> bool:
        """True when an OpenAI-compatible endpoint is configured."""
        return self.openai_api_key is not None or self.openai_base_url is not None

    @property
    def web_url(self) -> str:
        """Where the web pages are: the public URL, else the local port of `whatsworking api`."""
        return (self.public_url or f"http://127.0.0.1:{self.web_port}").rstrip("/") + "/web/"


ENV_NAMES = {
    "database_url": "WHATSWORKING_DATABASE_URL",
    "telegram_bot_token": "TELEGRAM_BOT_TOKEN",
    "telegram_api_base_url": "TELEGRAM_API_BASE_URL",
    "discord_bot_token": "DISCORD_BOT_TOKEN",
    "discord_api_base_url": "DISCORD_API_BASE_URL",
    "callback_secret": "WHATSWORKING_CALLBACK_SECRET",
    "openai_api_key": "OPENAI_API_KEY",
    "openai_base_url": "OPENAI_BASE_URL",
    "llm_model": "WHATSWORKING_LLM_MODEL",
    "log_level": "WHATSWORKING_LOG_LEVEL",
    "chat_queue": "WHATSWORKING_CHAT_QUEUE",
    "rate_turns": "WHATSWORKING_RATE_TURNS",
    "rate_llm_calls": "WHATSWORKING_RATE_LLM_CALLS",
    "rate_imports": "WHATSWORKING_RATE_IMPORTS",
    "operator_token": "WHATSWORKING_OPERATOR_TOKEN",
    "secret_key": "WHATSWORKING_SECRET_KEY",
    "google_client_id": "GOOGLE_CLIENT_ID",
    "google_client_secret": "GOOGLE_CLIENT_SECRET",
    "google_base_url": "WHATSWORKING_GOOGLE_BASE_URL",
    "public_url": "WHATSWORKING_PUBLIC_URL",
    "youtube_daily_quota": "WHATSWORKING_YOUTUBE_DAILY_QUOTA",
    "instagram_client_id": "INSTAGRAM_CLIENT_ID",
    "instagram_client_secret": "INSTAGRAM_CLIENT_SECRET",
    "instagram_base_url": "WHATSWORKING_INSTAGRAM_BASE_URL",
    "tiktok_client_key": "TIKTOK_CLIENT_KEY",
    "tiktok_client_secret": "TIKTOK_CLIENT_SECRET",
    "tiktok_base_url": "WHATSWORKING_TIKTOK_BASE_URL",
    "web_port": "WHATSWORKING_WEB_PORT",
}


def secret_values(settings: Settings) -> list[str]:
    """Every secret the settings hold, for log redaction: tokens, keys and the database password."""
    from storage.urls import database_password

    values = [
        settings.telegram_bot_token,
        settings.discord_bot_token,
        settings.openai_api_key,
        settings.operator_token,
        settings.callback_secret,
        settings.secret_key,
        settings.google_client_secret,
        settings.instagram_client_secret,
        settings.tiktok_client_secret,
    ]
    found = [v.get_secret_value() for v in values if v is not None]
    password = database_password(settings.database_url)
    return [*found, *([password] if password else [])]


def load_settings(**overrides: object) -> Settings:
    """Read the settings; an invalid value raises InvalidInput naming the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else "?"
        name = ENV_NAMES.get(field, field)
        message = str(error["msg"]).removeprefix("Value error, ")
        raise InvalidInput(f"invalid configuration: {name}: {message}") from None


def configure_logging(level: str) -> None:
    """Plain logging to stderr at the configured level."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
