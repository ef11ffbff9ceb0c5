"""Sign-in links work once and expire; sessions expire and end; only hashes are stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from storage import Database
from storage.creators import create_creator
from storage.models import WebSession, WebSignIn
from storage.web_sessions import (
    SESSION_TTL,
    SIGN_IN_TTL,
    csrf_token,
    end_session,
    issue_sign_in,
    open_session,
    redeem_sign_in,
    signed_in,
)

NOW = datetime(2026, 3, 14, 9, 0, tzinfo=UTC)


def test_a_sign_in_link_works_once_and_only_until_it_expires(db: Database) -> None:
    with db.unit_of_work() as session:
        mia = create_creator(session, "mia", now=NOW).id
        first = issue_sign_in(session, mia, now=NOW)
        late = issue_sign_in(session, mia, now=NOW)
    assert first.expires_at == NOW + SIGN_IN_TTL
    with db.unit_of_work() as session:
        assert redeem_sign_in(session, first.token, now=NOW + timedelta(minutes=1)) == mia
        assert redeem_sign_in(session, first.token, now=NOW + timedelta(minutes=2)) is None
        assert redeem_sign_in(session, late.token, now=late.expires_at) is None
        assert redeem_sign_in(session, "x" * 500, now=NOW) is None
        stored = session.scalars(select(WebSignIn.token_hash)).all()
    assert first.token not in stored and late.token not in stored


def test_a_session_acts_for_its_creator_until_it_expires_or_ends(db: Database) -> None:
    with db.unit_of_work() as session:
        mia = create_creator(session, "mia", now=NOW).id
        issued = open_session(session, mia, "link", now=NOW)
        other = open_session(session, mia, "telegram", now=NOW)
    with db.unit_of_work() as session:
        found = signed_in(session, issued.token, now=NOW + SESSION_TTL - timedelta(seconds=1))
        assert found is not None and (found.creator_id, found.origin) == (mia, "link")
        assert found.csrf_token == csrf_token(issued.token) != csrf_token(other.token)
        assert signed_in(session, issued.token, now=NOW + SESSION_TTL) is None
        assert signed_in(session, "wrong", now=NOW) is None
        assert end_session(session, issued.token, now=NOW) is True
        assert end_session(session, issued.token, now=NOW) is False
        assert signed_in(session, issued.token, now=NOW) is None
        assert signed_in(session, other.token, now=NOW) is not None
        assert issued.token not in session.scalars(select(WebSession.token_hash)).all()
