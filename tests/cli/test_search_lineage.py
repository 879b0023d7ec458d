"""journal.search_lineage: the lineage ids `search` shows, from the link rows (and kept), are the Ledger's own."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from hypothesis import given, settings

from journal.config import open_journal
from journal.ledger import load_ledger
from journal.search_lineage import KEPT_NAME, first_links, shown_lineage_ids
from tests.test_links import goals_strategy, make_ledger


@settings(max_examples=400, deadline=None)
@given(goals_strategy)
def test_the_first_links_found_are_the_ledgers_lineage_ids(shapes):
    ledger = make_ledger(shapes)
    goals = list(ledger.goals.values())
    expected = make_ledger(shapes).lineage_ids(goals)
    found = first_links(ledger, goals)
    assert found == {goal_id: expected[goal_id] for goal_id in found}
    if not any(goal.carried_from or goal.carried_to for goal in goals):
        assert found == expected  # no links at all: every goal is its own first link


def carried_pair(root: Path) -> tuple[str, str, str]:
    """A goal carried once (its first link's id, its second link's id) and a word of its text."""
    ledger = load_ledger(open_journal(root)[0])
    second = next(g for g in ledger.goals.values() if g.carried_from and not g.carried_to)
    return second.carried_from, second.id, second.text.split()[-1]


def test_search_shows_a_carried_goal_by_its_first_links_id_and_keeps_it(run, example: Path):
    run("sync")
    first, second, word = carried_pair(example)
    ledger = load_ledger(open_journal(example)[0], lazy=True)
    goal = ledger.goals[second]
    assert shown_lineage_ids(open_journal(example)[0], ledger, [goal]) == {second: first}
    assert (example / ".journal" / KEPT_NAME).is_file()
    again = load_ledger(open_journal(example)[0], lazy=True)
    assert shown_lineage_ids(open_journal(example)[0], again, [again.goals[second]]) == {second: first}
    shown = run("search", "--goals", word).stdout
    assert re.search(rf"^{first}\b", shown, re.MULTILINE) and not re.search(rf"^{second}\b", shown, re.MULTILINE)


def test_a_link_changed_by_hand_is_seen_by_the_next_search(run, example: Path, tmp_path: Path):
    run("sync")
    first, second, word = carried_pair(example)
    other = next(
        g.id for g in load_ledger(open_journal(example)[0]).goals.values()
        if not g.carried_from and not g.carried_to and g.id not in (first, second)
    )  # fmt: skip
    run("search", "--goals", word)
    assert re.search(rf"^{first}\b", run("search", "--goals", word).stdout, re.MULTILINE)  # kept
    for path in (example / "ledger").glob("*.toml"):  # second now carried from other; first names it no more
        text = path.read_text(encoding="utf-8")
        edited = text.replace(f'carried_from = "{first}"', f'carried_from = "{other}"')
        edited = edited.replace(f'carried_to = "{second}"\n', "")
        if edited != text:
            path.write_text(edited, encoding="utf-8")
    copy = tmp_path / "no-cache"
    shutil.copytree(example, copy)
    shutil.rmtree(copy / ".journal")
    got = run("search", "--goals", word).stdout
    assert got == run("--dir", str(copy), "search", "--goals", word).stdout
    assert re.search(rf"^{other}\b", got, re.MULTILINE)
