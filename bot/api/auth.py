"""Who is calling: the bearer token resolves to one creator, and every handler works for it only."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from bot.api.errors import Unauthorized
from bot.bootstrap import App
from storage.api_tokens import authenticate

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ApiToken",
    description="A creator's API token: `whatsworking api-token create --creator HANDLE`.",
)


@dataclass(frozen=True)
class Caller:
    """The creator a request acts for, with the app's database and clock."""

    creator_id: uuid.UUID
    wired: App

    def now(self) -> datetime:
        """The current instant (the app's clock, so tests can fix it)."""
        return self.wired.clock.now()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for a request that changes nothing."""
        with self.wired.db.read() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A unit of work: everything the request writes commits together, or nothing does."""
        with self.wired.db.unit_of_work() as session:
            yield session


def wired_app(request: Request) -> App:
    """The App the API was built with."""
    wired: App = request.app.state.wired
    return wired


def current_caller(
    wired: Annotated[App, Depends(wired_app)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Caller:
    """The creator behind the request's bearer token; Unauthorized (401) otherwise."""
    if credentials is None:
        raise Unauthorized
    with wired.db.unit_of_work() as session:
        creator_id = authenticate(session, credentials.credentials, now=wired.clock.now())
    if creator_id is None:
        raise Unauthorized
    return Caller(creator_id=creator_id, wired=wired)


CallerDep = Annotated[Caller, Depends(current_caller)]
