"""Configuration: defaults that need nothing, and secrets that never show."""

from __future__ import annotations

import pytest

from bot.logs import REDACTED, RedactSecrets
from bot.settings import load_settings, secret_values
from storage import InvalidInput


def test_defaults_need_no_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    for name in (
        "WHATSWORKING_DATABASE_URL",
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "WHATSWORKING_PIN_CPU",
    ):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.pin_cpu is True
    assert settings.database_url.startswith("sqlite:///")
    assert settings.database_url.endswith("whatsworking.db")
    assert settings.llm_configured is False


def test_tokens_never_appear_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:very-secret")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-also-secret")
    settings = load_settings()
    assert "very-secret" not in repr(settings) and "also-secret" not in str(settings)
    assert settings.telegram_bot_token is not None
    assert settings.telegram_bot_token.get_secret_value() == "123:very-secret"
    assert settings.llm_configured


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WHATSWORKING_DATABASE_URL", "not a url"),
        ("TELEGRAM_API_BASE_URL", "ftp://example"),
        ("DISCORD_API_BASE_URL", "ftp://example"),
        ("WHATSWORKING_LOG_LEVEL", "chatty"),
        ("WHATSWORKING_RATE_TURNS", "lots"),
        ("WHATSWORKING_RATE_IMPORTS", "0/hour"),
        ("WHATSWORKING_CHAT_QUEUE", "0"),
        ("WHATSWORKING_CALLBACK_SECRET", "short"),
        ("WHATSWORKING_CALLBACK_SECRET", " padded-with-a-space-around "),
    ],
)
def test_invalid_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(InvalidInput, match=name):
        load_settings()


def test_every_secret_setting_is_redacted_from_logs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "WHATSWORKING_DATABASE_URL", "postgresql+psycopg://app:db-pass-123@127.0.0.1:5432/test"
    )
    monkeypatch.setenv("WHATSWORKING_CALLBACK_SECRET", "callback-secret-4567890")
    monkeypatch.setenv("WHATSWORKING_OPERATOR_TOKEN", "operator-token-789")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:telegram-token")
    settings = load_settings()
    filter_ = RedactSecrets(secret_values(settings))
    line = "db-pass-123 callback-secret-4567890 operator-token-789 123:telegram-token"
    assert filter_.redact(line) == " ".join([REDACTED] * 4)
    assert "db-pass-123" not in repr(settings) and "callback-secret-4567890" not in repr(settings)


def test_the_callback_secret_is_a_setting_that_never_shows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WHATSWORKING_CALLBACK_SECRET", "a-long-enough-signing-secret")
    settings = load_settings()
    assert settings.button_secret == "a-long-enough-signing-secret"
    assert "signing-secret" not in repr(settings)


def test_an_empty_callback_secret_means_derive_it_from_the_token(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WHATSWORKING_CALLBACK_SECRET", "")
    assert load_settings().button_secret is None
