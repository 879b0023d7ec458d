"""sync reads a goal's target through ``sync.target_fields``: journal.targets' answer, imported only when needed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from journal import sync, targets


@given(st.text(alphabet=st.sampled_from("0123456789 .,%kmhx/-abcdefghijklmnopqrstuvwxyz:*"), max_size=40))
def test_the_fields_are_journal_targets(text: str):
    assert sync.target_fields(text) == targets.target_fields(text)


def test_examples_with_and_without_a_target():
    assert sync.target_fields("Run 300 km over the quarter") == targets.target_fields("Run 300 km over the quarter")
    assert sync.target_fields("Run 300 km over the quarter")["unit"] == "km"
    assert sync.target_fields("Write the RFC") == {
        "target_value": None,
        "unit": None,
        "direction": None,
        "cadence": None,
    }
