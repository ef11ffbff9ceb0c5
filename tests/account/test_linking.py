"""One-time link codes: a creator reached from Telegram and Discord is one creator."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.cli import main
from storage import Database
from storage.clock import FixedClock
from storage.linking import hash_code, issue_link_code, normalise_code, redeem_link_code
from storage.models import LinkCode
from tests.account.helpers import Chat, actions, creator_count

CODE = re.compile(r"\b([A-Z2-9]{4}-[A-Z2-9]{4})\b")


def _code_from(text: str) -> str:
    match = CODE.search(text)
    assert match, f"no link code in {text!r}"
    return match.group(1)


def _telegram_creator_with_code(db: Database, *, demo: bool = False) -> tuple[Chat, str]:
    telegram = Chat(db, external_id="111", name="Mia")
    telegram.send("/start")
    if demo:
        telegram.press("demo", "gaming")
    menu = telegram.reply("/link")
    assert actions(menu) == ["link:make"]
    made = telegram.press("link", "make").reply
    assert made is not None
    return telegram, _code_from(made.plain_text())


def test_a_code_links_discord_to_the_same_creator(db: Database) -> None:
    telegram, code = _telegram_creator_with_code(db, demo=True)
    discord = Chat(db, channel="discord", external_id="999", name="mia#1")
    turn = discord.send(f"/link {code}")
    assert turn.reply is not None and "Accounts linked" in turn.reply.plain_text()
    assert turn.creator_id == telegram.creator_id() == discord.creator_id()
    assert discord.send("what's working?").creator_id == telegram.creator_id()
    assert discord.creator() == telegram.creator()
    assert creator_count(db) == 1


def test_every_way_of_typing_the_code_works(db: Database) -> None:
    telegram = Chat(db, external_id="111")
    telegram.send("/start")
    forms = ("/start {code}", "{code}", "{lower}", "/link {bare}", "/link@whatsworking_bot {code}")
    for index, form in enumerate(forms):
        made = telegram.press("link", "make").reply
        assert made is not None
        code = _code_from(made.plain_text())
        text = form.format(code=code, lower=code.lower(), bare=code.replace("-", ""))
        discord = Chat(db, channel="discord", external_id=str(index))
        assert discord.send(text).creator_id == telegram.creator_id(), form


def test_a_wrong_code_links_nothing(db: Database) -> None:
    _telegram_creator_with_code(db)
    discord = Chat(db, channel="discord", external_id="999")
    turn = discord.send("/link ABCD-EFGH")
    assert turn.creator_id is None and turn.reply is not None
    assert "did not work" in turn.reply.plain_text()
    assert discord.creator_id() is None and creator_count(db) == 1


def test_after_five_wrong_codes_even_the_right_one_waits_fifteen_minutes(db: Database) -> None:
    telegram, code = _telegram_creator_with_code(db)
    guesser = Chat(db, channel="discord", external_id="666")
    for guess in ("AAAA-AAAA", "BBBB-BBBB", "CCCC-CCCC", "DDDD-DDDD", "EEEE-EEEE"):
        assert guesser.send(f"/link {guess}").creator_id is None
    refused = guesser.send(f"/link {code}")
    assert refused.reply is not None and "Too many link codes" in refused.reply.plain_text()
    assert guesser.creator_id() is None
    other = Chat(db, channel="discord", external_id="777")  # another identity is not held up
    assert "did not work" in other.reply("/link FFFF-FFFF").plain_text()
    guesser.now = telegram.now = telegram.now + timedelta(minutes=15)
    made = telegram.press("link", "make").reply  # the first code has expired meanwhile
    assert made is not None
    fresh = _code_from(made.plain_text())
    assert guesser.send(f"/link {fresh}").creator_id == telegram.creator_id()


def test_an_expired_code_links_nothing(db: Database) -> None:
    _, code = _telegram_creator_with_code(db)
    discord = Chat(db, channel="discord", external_id="999")
    discord.now += timedelta(minutes=15, seconds=1)
    assert discord.send(f"/link {code}").creator_id is None
    assert discord.creator_id() is None


def test_a_used_code_links_nothing_the_second_time(db: Database) -> None:
    telegram, code = _telegram_creator_with_code(db)
    assert Chat(db, channel="discord", external_id="1").send(f"/link {code}").creator_id
    other = Chat(db, channel="discord", external_id="2")
    assert other.send(f"/link {code}").creator_id is None
    assert other.creator_id() is None
    assert telegram.creator_id() is not None


def test_a_new_code_cancels_the_previous_one(db: Database) -> None:
    telegram, first = _telegram_creator_with_code(db)
    made = telegram.press("link", "make").reply
    assert made is not None
    second = _code_from(made.plain_text())
    discord = Chat(db, channel="discord", external_id="999")
    assert discord.send(f"/link {first}").creator_id is None
    assert discord.send(f"/link {second}").creator_id == telegram.creator_id()


def test_linking_an_onboarded_account_moves_it_and_drops_the_empty_creator(db: Database) -> None:
    telegram, code = _telegram_creator_with_code(db)
    discord = Chat(db, channel="discord", external_id="999", name="Mia D")
    discord.send("/start")
    assert creator_count(db) == 2
    assert discord.send(code).creator_id == telegram.creator_id()
    assert creator_count(db) == 1


def test_codes_are_stored_only_as_hashes(db: Database) -> None:
    _, code = _telegram_creator_with_code(db)
    canonical = normalise_code(code)
    assert canonical is not None
    with db.read() as session:
        stored = list(session.scalars(select(LinkCode.code_hash)))
    assert hash_code(canonical) in stored
    assert all(code not in h and canonical not in h for h in stored)


def test_plain_words_are_not_taken_for_codes(db: Database) -> None:
    chat = Chat(db)
    chat.send("/start")
    assert chat.send("STRENGTH").reply is None
    assert normalise_code("HOMEWORK") is None  # O is not in the alphabet
    assert normalise_code("ABCD-EFG") is None


def test_redeeming_twice_in_one_transaction_wins_once(db: Database) -> None:
    chat = Chat(db)
    chat.send("/start")
    creator_id = chat.creator_id()
    assert creator_id is not None
    with db.unit_of_work() as session:
        issued = issue_link_code(session, creator_id, now=chat.now)
    with db.unit_of_work() as session:
        assert redeem_link_code(session, issued.code, now=chat.now) is not None
        assert redeem_link_code(session, issued.code, now=chat.now) is None


def test_cli_link_code_links_a_telegram_account(
    db: Database, database_url: str, capsys: pytest.CaptureFixture[str], app_clock: FixedClock
) -> None:
    telegram = Chat(db, external_id="5")
    app_clock.set(telegram.now - timedelta(minutes=14))  # redeemed just before it expires
    main(["creators", "add", "mia", "--db", database_url])
    main(["creators", "link-code", "mia", "--db", database_url])
    code = _code_from(capsys.readouterr().out)
    turn = telegram.send(f"/start {code}")
    assert turn.reply is not None and "mia" in turn.reply.plain_text()
    assert telegram.creator().handle == "mia" and creator_count(db) == 1


def test_cli_link_code_for_an_unknown_handle_exits_2(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["creators", "link-code", "nobody", "--db", database_url])
    assert exit_info.value.code == 2
    assert "no creator with handle 'nobody'" in capsys.readouterr().err
