"""Link rows (journal.ledger.links) answer what the Ledger answers goal by goal, without whole goals.

The status summary's open goals and the lineage index are computed from the
rows the cache keeps per ledger file; each test compares them with the
Ledger's own answers (``lives_on``, ``times_carried``, ``lineage``) on the
same goals, for ledgers with every shape of link: chains, forks, loops written
by hand, links to goals that do not exist, removed links.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from journal.config import open_journal
from journal.ledger import Cache, Goal, Ledger, load_ledger
from journal.ledger.lazy import LazyLedger
from journal.ledger.links import link_index, open_goal_facts_from_rows
from journal.status import OPEN
from tests.conftest import write

IDS = [f"g{n:03d}" for n in range(12)]
PERIODS = ["2025-q1", "2025-q2", "2025-q3"]


def goal_by_goal(ledger: Ledger) -> list[tuple[str, int]]:
    """The open goals' facts as the Ledger gives them, one goal at a time."""
    return [
        (goal.for_period, ledger.times_carried(goal))
        for goal in ledger.goals.values()
        if goal.status in OPEN and not ledger.lives_on(goal)
    ]


goals_strategy = st.lists(
    st.tuples(
        st.sampled_from(["open", "in_progress", "done", "carried", "dropped", "removed"]),
        st.sampled_from(PERIODS),
        st.one_of(st.none(), st.sampled_from([*IDS, "missing"])),
        st.one_of(st.none(), st.sampled_from([*IDS, "missing"])),
        st.one_of(st.none(), st.sampled_from(PERIODS)),
    ),
    min_size=1,
    max_size=len(IDS),
)


def make_ledger(shapes: list[tuple]) -> Ledger:
    goals = {}
    for goal_id, (status, period, carried_from, carried_to, target) in zip(IDS, shapes, strict=False):
        goals[goal_id] = Goal(
            goal_id, period, f"text {goal_id}", status, "checkbox", f"entries/{period}.md", 1,
            target=target, carried_from=carried_from, carried_to=carried_to,
        )  # fmt: skip
    return Ledger(goals=goals, files={})


@settings(max_examples=300, deadline=None)
@given(goals_strategy)
def test_open_goal_facts_from_rows_are_the_ledgers_goal_by_goal(shapes: list[tuple]):
    ledger = make_ledger(shapes)
    assert open_goal_facts_from_rows(ledger.link_rows()) == goal_by_goal(ledger)


@settings(max_examples=200, deadline=None)
@given(goals_strategy)
def test_the_link_index_from_rows_is_the_ledgers(shapes: list[tuple]):
    ledger = make_ledger(shapes)
    into, out_of = link_index(ledger.link_rows())
    assert into == ledger._carried_into()
    assert out_of == ledger._carried_from_here()


def test_a_chain_carried_twice_counts_two_periods_once_at_its_latest_link():
    ledger = make_ledger(
        [("carried", "2025-q1", None, "g001", None), ("carried", "2025-q2", "g000", "g002", None),
         ("open", "2025-q3", "g001", None, None), ("open", "2025-q1", None, None, None)]
    )  # fmt: skip
    assert open_goal_facts_from_rows(ledger.link_rows()) == [("2025-q3", 2), ("2025-q1", 0)]


DOCUMENTS = {
    "entries/2025-q1.md": "# Q1 2025\n\n## Goals\n\n- [ ] Write the RFC\n- [ ] Book the venue\n",
    "entries/2025-q2.md": "# Q2 2025\n\n## Goals\n\n- [ ] Mirror the config\n",
}


def test_a_lazy_ledger_answers_from_its_rows_without_decoding_and_as_a_full_read(journal_dir: Path, run, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-02")
    for name, text in DOCUMENTS.items():
        write(journal_dir, name, text)
    run("sync")
    assert run("new", "2025-q3").exit_code == 0  # carries the open goals: links across three files
    run("sync")
    opened = open_journal(journal_dir)[0]
    lazy = load_ledger(opened, Cache(opened), lazy=True)
    assert isinstance(lazy, LazyLedger)
    full = load_ledger(opened, Cache(opened))
    assert lazy.link_rows() == full.link_rows()
    assert lazy._carried_into() == full._carried_into()
    assert not dict.keys(lazy.goals)  # nothing decoded for either answer
    some = next(goal for goal in full.goals.values() if goal.carried_to)
    assert lazy.lineage_id(lazy.goals[some.id]) == full.lineage_id(some)
    assert not lazy.goals.complete


def test_a_change_to_a_decoded_goal_shows_in_the_rows(journal_dir: Path, run):
    for name, text in DOCUMENTS.items():
        write(journal_dir, name, text)
    run("sync")
    run("sync")
    opened = open_journal(journal_dir)[0]
    lazy = load_ledger(opened, Cache(opened), lazy=True)
    goal = next(iter(load_ledger(opened, Cache(opened)).goals))
    lazy.change(lazy.goals[goal], {"status": "done"})
    rows = {row[0]: row for row in lazy.link_rows()}
    assert rows[goal][1] == "done"
    lazy.goals.fill()
    assert lazy.link_rows() == [row for row in rows.values()]
