"""The ledger merge (merge_ledger.py) on its own: goal by goal, every history entry once, both notes."""

from __future__ import annotations

import tomllib
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from journal.ledger.model import Goal
from journal.ledger.toml_text import goal_toml
from journal.merge_ledger import merge_goal, merge_history, merge_ledger_text, merge_note, union_in_order

STATUSES = ["open", "in_progress", "done", "carried", "dropped"]

entries = st.builds(
    lambda day, status, by: {"at": f"2025-04-{day:02d}T09:00:00", "status": status, "by": by},
    st.integers(1, 28),
    st.sampled_from(STATUSES),
    st.sampled_from(["cli", "document", "new"]),
)


@st.composite
def goals(draw, goal_id: str = "abcd12") -> Goal:
    history = sorted(draw(st.lists(entries, max_size=5, unique_by=str)), key=lambda e: e["at"])
    return Goal(
        id=goal_id,
        document_period="2025-q1",
        text=draw(st.sampled_from(["Run", "Read", "Write the RFC"])),
        status=draw(st.sampled_from(STATUSES)),
        kind="checkbox",
        source="entries/2025-q1.md",
        line=draw(st.integers(1, 40)),
        section="Goals",
        note=draw(st.one_of(st.none(), st.sampled_from(["2025-04-01: a", "2025-04-02: b"]))),
        history=history,
    )


def ledger_text(*goal_list: Goal, hashes: dict[str, str] | None = None) -> str:
    head = "# Goals found in the Q1 2025 documents, kept by journal.\n\n"
    table = "".join(f'"{name}" = "{digest}"\n' for name, digest in (hashes or {}).items())
    documents = f"[documents]\n{table}\n" if table else ""
    return head + documents + "\n".join(goal_toml(goal) for goal in goal_list)


@st.composite
def with_ancestor(draw) -> tuple[Goal, Goal]:
    """A goal and an earlier version of it (its history a prefix of the goal's: history only grows)."""
    goal, earlier = draw(goals()), draw(goals())
    return goal, replace(earlier, history=goal.history[: draw(st.integers(0, len(goal.history)))])


@given(with_ancestor())
@settings(max_examples=60, deadline=None)
def test_merging_a_goal_with_itself_or_with_its_base_gives_it(pair):
    goal, base = pair
    assert merge_goal(base, goal, goal) == goal
    assert merge_goal(base, goal, base) == goal
    assert merge_goal(base, base, goal) == goal


@given(goals(), goals(), goals())
@settings(max_examples=80, deadline=None)
def test_the_merge_is_symmetric_in_content(base, ours, theirs):
    one, other = merge_goal(base, ours, theirs), merge_goal(base, theirs, ours)
    assert one.history == other.history  # the same entries in the same order
    assert sorted((one.note or "").split("\n")) == sorted((other.note or "").split("\n"))
    every = {str(e) for e in [*base.history, *ours.history, *theirs.history]}
    assert {str(e) for e in one.history} == every  # every entry, each once
    assert len(one.history) == len(every)


@given(goals(), goals(), goals())
@settings(max_examples=40, deadline=None)
def test_the_merged_ledger_text_reads_back_with_every_entry(base, ours, theirs):
    merged = merge_ledger_text(ledger_text(base), ledger_text(ours), ledger_text(theirs), "2025-q1")
    goal = tomllib.loads(merged)["goals"]["abcd12"]
    assert len(goal["history"]) == len({str(e) for e in [*base.history, *ours.history, *theirs.history]})
    assert merge_ledger_text(ledger_text(ours), merged, merged, "2025-q1") == merged


def test_goals_only_one_side_has_are_kept_and_untouched_goals_keep_their_bytes():
    base = Goal("aaaa11", "2025-q1", "Run", "open", "checkbox", "entries/2025-q1.md", 5)
    ours_new = Goal("bbbb22", "2025-q1", "Read", "open", "checkbox", "entries/2025-q1.md", 6)
    theirs_new = Goal("cccc33", "2025-q1", "Write", "open", "checkbox", "entries/2025-q1.md", 7)
    kept = ledger_text(base).replace('text = "Run"', 'text = "Run"  # my own comment')
    merged = merge_ledger_text(kept, kept + "\n" + goal_toml(ours_new), kept + "\n" + goal_toml(theirs_new), "2025-q1")
    assert set(tomllib.loads(merged)["goals"]) == {"aaaa11", "bbbb22", "cccc33"}
    assert 'text = "Run"  # my own comment' in merged


def test_a_hash_both_sides_changed_is_left_out_one_side_changed_is_kept():
    goal = Goal("aaaa11", "2025-q1", "Run", "open", "checkbox", "entries/2025-q1.md", 5)
    base = ledger_text(goal, hashes={"entries/a.md": "1", "entries/b.md": "1"})
    ours = ledger_text(goal, hashes={"entries/a.md": "2", "entries/b.md": "2"})
    theirs = ledger_text(goal, hashes={"entries/a.md": "3", "entries/b.md": "1"})
    assert tomllib.loads(merge_ledger_text(base, ours, theirs, "2025-q1"))["documents"] == {"entries/b.md": "2"}


def test_a_decision_beats_carried_and_two_decisions_keep_the_incoming_one():
    base = Goal("aaaa11", "2025-q1", "Run", "open", "checkbox", "entries/2025-q1.md", 5)
    carried = replace(base, status="carried", carried_to="bbbb22")
    done, dropped = replace(base, status="done"), replace(base, status="dropped")
    assert merge_goal(base, carried, done).status == "done"
    assert merge_goal(base, done, carried).status == "done"
    assert merge_goal(base, done, carried).carried_to == "bbbb22"
    assert merge_goal(base, done, dropped).status == "dropped"
    assert merge_goal(base, dropped, done).status == "done"


def test_history_union_keeps_each_sides_order_and_sorts_by_time():
    a = {"at": "2025-04-01T09:00:00", "status": "open"}
    b = {"at": "2025-04-02T09:00:00", "status": "carried"}
    c = {"at": "2025-04-01T10:00:00", "status": "done"}
    assert merge_history([a], [a, b], [a, c]) == [a, c, b]
    assert union_in_order(["x", "y"], ["y", "x"], key=str, order=str) == ["x", "y"]


def test_notes_both_sides_wrote_are_both_kept():
    assert merge_note("2025-04-01: a", "2025-04-01: a\n2025-04-02: b", "2025-04-01: a\n2025-04-03: c") == (
        "2025-04-01: a\n2025-04-02: b\n2025-04-03: c"
    )
    assert merge_note(None, "mine", None) == "mine"


def test_a_goal_both_sides_changed_keeps_ours_comments_when_its_history_only_grew():
    base = Goal(
        "aaaa11", "2025-q1", "Run", "open", "checkbox", "entries/2025-q1.md", 5,
        history=[{"at": "2025-04-01T09:00:00", "status": "open", "by": "document"}],
    )  # fmt: skip
    mine = replace(base, note="2025-04-02: mine", history=[*base.history])
    other = replace(
        base, status="done", history=[*base.history, {"at": "2025-04-03T09:00:00", "status": "done", "from": "open"}]
    )
    ours_text = ledger_text(mine).replace('text = "Run"', 'text = "Run"  # kept')
    merged = merge_ledger_text(ledger_text(base), ours_text, ledger_text(other), "2025-q1")
    goal = tomllib.loads(merged)["goals"]["aaaa11"]
    assert 'text = "Run"  # kept' in merged
    assert goal["status"] == "done" and goal["note"] == "2025-04-02: mine" and len(goal["history"]) == 2


def test_a_table_of_its_own_someone_added_to_one_side_is_kept():
    goal = Goal("aaaa11", "2025-q1", "Run", "open", "checkbox", "entries/2025-q1.md", 5)
    theirs = ledger_text(goal) + '\n[my_notes]\nmood = "good"\n'
    merged = merge_ledger_text(ledger_text(goal), ledger_text(goal), theirs, "2025-q1")
    assert tomllib.loads(merged)["my_notes"] == {"mood": "good"}
