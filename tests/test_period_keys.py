"""journal.period_keys (the status fast path's period arithmetic) agrees with journal.periods everywhere."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from journal.period_keys import key_end, key_label, key_of, previous_key, split_key
from journal.periods import PERIOD_KINDS, from_key, period_of

days = st.dates(min_value=date(1001, 1, 1), max_value=date(9998, 12, 1))


@given(day=days, kind=st.sampled_from(PERIOD_KINDS), fiscal=st.integers(1, 12))
def test_the_same_period_end_label_and_previous_as_journal_periods(day: date, kind: str, fiscal: int):
    period = period_of(day, kind, fiscal)
    assert key_of(day, kind, fiscal) == period.key
    assert key_end(period.key, fiscal) == period.end
    assert key_label(period.key) == period.label
    assert previous_key(period.key, fiscal) == period.previous().key
    assert from_key(period.key, fiscal).key == period.key


def test_anything_else_is_not_a_key():
    bad = (
        "",
        "2025-q5",
        "2025-13",
        "2025-w54",
        "20255",
        "2025-x1",
        "2025-02-30",
        "2025-3-14",
        "2025-q",
        "２０２５",
        "2025-h01",
    )
    for text in (*bad, "2025-w3", "2025-3", "0999"):
        assert split_key(text) is None and key_end(text) is None
        assert key_label(text) == text


@given(text=st.text(max_size=12), fiscal=st.integers(1, 12))
def test_any_text_is_a_key_or_none_never_an_error(text: str, fiscal: int):
    end = key_end(text, fiscal)
    if end is not None:
        assert from_key(text, fiscal).end == end
    assert isinstance(key_label(text), str)
