"""journal.goal_item.Item behaves as the frozen dataclass it replaced (kept here as the model)."""

from __future__ import annotations

import copy
import pickle
from dataclasses import FrozenInstanceError, asdict, dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.goal_item import Item


@dataclass(frozen=True)
class Model:
    line: int
    text: str
    kind: str
    status: str
    section: str
    target: str | None
    marker: str | None = None


fields = st.tuples(
    st.integers(0, 500),
    st.text(max_size=8),
    st.sampled_from(["checkbox", "bullet"]),
    st.sampled_from(["open", "done", "dropped"]),
    st.text(max_size=5),
    st.none() | st.just("2025-q2"),
    st.none() | st.sampled_from("x /"),
)


@given(fields, fields)
def test_an_item_is_its_dataclass(one, other):
    item, model = Item(*one), Model(*one)
    assert repr(item) == repr(model).replace("Model(", "Item(")
    assert item.as_dict() == {**asdict(model), "done": None if model.kind != "checkbox" else model.status == "done"}
    assert (item == Item(*other)) == (model == Model(*other))
    assert hash(item) == hash(Item(*one))
    assert Item(**asdict(model)) == item
    assert pickle.loads(pickle.dumps(item)) == item and copy.copy(item) == item
    assert item != model and item != one


def test_an_item_cannot_be_changed():
    item = Item(1, "x", "bullet", "open", "", None)
    with pytest.raises(AttributeError):
        item.text = "y"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del item.line
    assert issubclass(FrozenInstanceError, AttributeError)  # what the dataclass raised is an AttributeError too
    assert item.marker is None and item.done is None
