"""Attributes on a goal line (owners, tags, due and done dates, priority) never become its target."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.attributes import read_attributes
from journal.targets import Target, parse_target

MARKS = [
    "@team2",
    "@dana-2",
    "#42",
    "#q3-2",
    "#3d",
    "📅 2025-05-30",
    "✅ 2025-02-01",
    "⏳ 2025-06-30",
    "🛫 2025-06-01 ➕ 2025-04-01",
    "⏫",
    "🔽",
    "due: 2025-06-30",
    "(due 2025-06-30)",
    "[due:: 2025-06-30]",
    "due: March 31",
    "by March 31",
    "by 31 March",
    "before April 1",
    "by the end of June 2025",
    "by end of Q2",
    "(owner: dana)",
    "[owner:: dana]",
    "priority: high",
]


@pytest.mark.parametrize("mark", MARKS)
def test_a_goal_keeps_its_one_target_whatever_attribute_is_written_beside_it(mark: str):
    assert parse_target(f"Ship 3 services {mark}") == Target(3.0, None, "reach", None)
    assert parse_target(f"Reduce P99 latency below 200ms {mark}") == Target(200.0, "ms", "at_most", None)
    assert parse_target(f"Publish 1 blog post per month {mark}") == Target(1.0, None, "reach", "month")


@pytest.mark.parametrize("mark", MARKS)
def test_an_attribute_alone_is_never_a_target(mark: str):
    assert parse_target(f"Ship the services {mark}") is None
    assert parse_target(f"Reach the goal {mark}") is None


def test_the_issues_examples_read_attributes_and_the_one_target():
    text = "Ship 3 services @team2 📅 2025-05-30"
    assert parse_target(text) == Target(3.0, None, "reach", None)
    attributes = read_attributes(text, "2025-q2")
    assert (attributes.owner, attributes.due) == ("team2", "2025-05-30")
    assert parse_target("Close #42") is None and read_attributes("Close #42").tags == ()
    full = "Reduce p99 below 200ms @team2 #perf 📅 2025-05-30 ⏫"
    assert parse_target(full) == Target(200.0, "ms", "at_most", None)
    assert read_attributes(full).priority == "high"


@given(
    st.lists(st.sampled_from(MARKS), min_size=1, max_size=4),
    st.sampled_from(["Ship the services", "Reach the goal", "Cut the queue"]),
)
def test_no_mix_of_attributes_makes_a_target(marks: list[str], words: str):
    assert parse_target(" ".join([words, *marks])) is None
