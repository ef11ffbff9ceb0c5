"""Each account test starts with no failed link-code tries counted (the counter is per process)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from context.account.link_throttle import LINK_ATTEMPTS


@pytest.fixture(autouse=True)
def no_failed_link_attempts() -> Iterator[None]:
    """Forget failures counted by earlier tests, before and after each one."""
    LINK_ATTEMPTS.clear()
    yield
    LINK_ATTEMPTS.clear()
