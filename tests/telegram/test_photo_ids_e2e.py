"""A chart Telegram already holds is sent again by its file_id, not drawn and uploaded again."""

from __future__ import annotations

import pytest

from tests.support.fakes.botapi_state import StoredMessage
from tests.telegram.harness import Harness
from tests.telegram.real_agent import MIA, agent_factory, onboard

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
__all__ = ["agent_factory"]


def chart_of(messages: list[StoredMessage]) -> StoredMessage:
    (photo,) = [m for m in messages if m.kind == "photo"]
    assert photo.file is not None
    return photo


def photo_sent(harness: Harness) -> str:
    """What the last sendPhoto carried: a description of the upload, or a file_id."""
    return str(harness.botapi.calls("sendPhoto")[-1].params["photo"])


async def test_the_same_chart_again_goes_by_file_id(harness: Harness) -> None:
    await onboard(harness, MIA)
    first = chart_of(await harness.say(MIA, "/themes"))
    assert photo_sent(harness).startswith("<")  # uploaded: the server describes the bytes
    assert first.file is not None
    again = chart_of(await harness.say(MIA, "/themes"))
    assert photo_sent(harness) == first.file.file_id
    assert again.file is first.file and again.text == first.text


async def test_a_refused_file_id_is_forgotten_and_the_chart_uploaded(harness: Harness) -> None:
    await onboard(harness, MIA)
    first = chart_of(await harness.say(MIA, "/themes"))
    assert first.file is not None
    harness.botapi.store.files.pop(first.file.file_id)  # Telegram no longer knows it
    replies = await harness.say(MIA, "/themes")
    again = chart_of(replies)
    assert again.file is not None and again.file.content == first.file.content
    (refused,) = harness.botapi.violations
    assert refused.method == "sendPhoto" and "file identifier" in (refused.description or "")
    harness.botapi.records.remove(refused)  # expected here; the fixture checks there is no other
    assert photo_sent(harness).startswith("<")
