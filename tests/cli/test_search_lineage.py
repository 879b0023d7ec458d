"""journal.search_lineage: the lineage ids `search` shows, from the link rows, are the Ledger's own."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings

from journal.config import open_journal
from journal.ledger import load_ledger
from journal.search_lineage import shown_lineage_ids
from tests.test_links import goals_strategy, make_ledger


@settings(max_examples=400, deadline=None)
@given(goals_strategy)
def test_the_ids_shown_are_the_ledgers_lineage_ids(shapes):
    ledger = make_ledger(shapes)
    goals = list(ledger.goals.values())
    assert shown_lineage_ids(ledger, goals) == make_ledger(shapes).lineage_ids(goals)


def test_a_carried_goal_shows_its_first_links_id_through_the_cli(run, example: Path):
    run("sync")
    ledger = load_ledger(open_journal(example)[0], lazy=True)
    carried = [goal for goal in ledger.goals.values() if goal.carried_from or goal.carried_to]
    assert carried  # the examples carry goals from Q4 2024 into Q1 2025
    expected = load_ledger(open_journal(example)[0]).lineage_ids(carried)
    assert shown_lineage_ids(load_ledger(open_journal(example)[0], lazy=True), carried) == expected
    assert any(shown != own for own, shown in expected.items())
    word = carried[0].text.split()[0]
    shown = run("search", "--goals", word).stdout
    assert expected[carried[0].id] in shown
