"""Fresh ids made as text in numpy are the very ids made as Python integers, carries included."""

from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from storage.row_ids import new_id_texts, numbers_from, texts_from

LOW_BITS = (1 << 62) - 1


@given(
    millis=st.integers(0, (1 << 50) - 1),  # wider than 48 bits: the mask must apply
    start=st.one_of(
        st.integers(0, (1 << 73) - 1),
        # just below a carry out of the 62 low bits, and at the very top of the 73 bits
        st.integers(0, (1 << 11) - 1).map(lambda high: high << 62 | (LOW_BITS - 3)),
        st.just((1 << 73) - 1),
    ),
    count=st.integers(0, 12),
)
def test_ids_as_text_are_the_numbers_ids_in_hex_digits(millis: int, start: int, count: int) -> None:
    expected = [f"{number:032x}" for number in numbers_from(millis, start, count)]
    assert texts_from(millis, start, count) == expected


def test_fresh_ids_as_text_are_unique_ascending_version_7_uuids() -> None:
    texts = new_id_texts(5000)
    made = [uuid.UUID(text) for text in texts]
    assert texts == sorted(set(texts)) and len(texts) == 5000
    assert {u.version for u in made} == {7} and {u.variant for u in made} == {uuid.RFC_4122}
    assert all(text == u.hex for text, u in zip(texts, made, strict=True))
