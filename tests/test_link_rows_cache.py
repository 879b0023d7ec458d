"""The link rows as the cache keeps them (ledger/links.py encode_rows): one string per ledger file, read back
exactly, whatever a hand-made ledger file holds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from journal.ledger.links import decode_rows, encode_rows, row_ids, well_formed

text = st.text(max_size=12)
rows = st.lists(st.tuples(text, text, text, st.none() | text, st.none() | text), max_size=8).map(tuple)


@given(rows)
def test_rows_read_back_exactly(kept):
    encoded = encode_rows(kept)
    assert well_formed(encoded)
    assert decode_rows(encoded) == kept
    assert row_ids(encoded) == [row[0] for row in kept]


def test_plain_rows_are_one_string():
    kept = (("k7f3a2", "open", "2025-q1", None, "m2x9q1"), ("m2x9q1", "carried", "2025-q2", "k7f3a2", None))
    encoded = encode_rows(kept)
    assert isinstance(encoded, str)
    assert decode_rows(encoded) == kept


def test_damaged_rows_are_not_well_formed():
    encoded = encode_rows((("k7f3a2", "open", "2025-q1", None, None),))
    assert isinstance(encoded, str)
    assert not well_formed(encoded.replace("\t", "", 1))
    assert not well_formed(encoded.replace("\0", ""))
    assert not well_formed((("k7f3a2", "open"),))
    assert not well_formed(3)
