"""A lazy ledger names lineages and finds link rows as a full read does, decoding no more than it must.

``LazyLedger.lineage_ids`` answers a goal that no link row names (and that
names none) with its own id without decoding every file's rows;
``LazyLedger.rows_by_id`` decodes only the rows of the files asked about
(``journal search``). Each test compares with the full read of the same journal.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.ledger import Goal
from tests.lazy_helpers import lazy_and_full, write_and_sync_twice

DOCUMENTS = {
    "entries/2024-q4.md": "# Q4 2024\n\n## Goals\n\n- [x] Ship the importer\n- [ ] Write the RFC\n"
    "- [ ] Hire a tester\n",
    "entries/2025-q1.md": "# Q1 2025\n\n## Goals\n\n- [ ] Write the RFC\n- [/] Mirror the config\n",
    "entries/2025-01.md": "# January 2025\n\n## Goals\n\n- [ ] Book the venue\n- [-] Rewrite the wiki\n",
    "entries/2025-02.md": "# February 2025\n\n## Goals\n\n- [ ] Book the venue\n- [ ] Plan the offsite\n",
}


@pytest.fixture
def journal(journal_dir: Path, run, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Goals in four ledger files, two of them carried on into a later period; the cache holding every file."""
    monkeypatch.setenv("JOURNAL_NOW", "2025-02-10")
    return write_and_sync_twice(journal_dir, run, DOCUMENTS)



def test_the_journal_has_lineages_of_more_than_one_link(journal: Path):
    _lazy, full = lazy_and_full(journal)
    ids = full.lineage_ids(list(full.goals.values()))
    assert len(set(ids.values())) < len(ids)  # else the tests below would not see a lineage


def test_each_goals_lineage_id_is_the_full_reads(journal: Path):
    _lazy, full = lazy_and_full(journal)
    expected = full.lineage_ids(list(full.goals.values()))
    for goal in full.goals.values():
        lazy = lazy_and_full(journal)[0]
        assert lazy.lineage_ids([lazy.goals[goal.id]]) == {goal.id: expected[goal.id]}
    lazy = lazy_and_full(journal)[0]
    assert lazy.lineage_ids([lazy.goals[goal_id] for goal_id in expected]) == expected


def test_a_goal_no_row_names_is_its_own_lineage_with_no_rows_decoded(journal: Path):
    lazy, full = lazy_and_full(journal)
    offsite = next(g for g in full.goals.values() if g.text == "Plan the offsite")
    goal = lazy.goals[offsite.id]
    assert lazy.lineage_ids([goal]) == {goal.id: goal.id} == full.lineage_ids([offsite])
    assert lazy._decoded_rows == {}  # noqa: SLF001 - what the shortcut saves
    assert not lazy.goals.complete


def test_a_link_made_in_memory_is_seen(journal: Path):
    lazy, full = lazy_and_full(journal)
    offsite = next(g for g in full.goals.values() if g.text == "Plan the offsite")
    tester = next(g for g in full.goals.values() if g.text == "Hire a tester")
    for ledger in (lazy, full):
        ledger.change(ledger.goals[tester.id], {"carried_to": offsite.id})
    goal = lazy.goals[offsite.id]
    assert lazy.lineage_ids([goal]) == full.lineage_ids([full.goals[offsite.id]]) == {offsite.id: tester.id}


def test_a_goal_added_is_its_own_lineage_and_one_naming_it_joins_it(journal: Path):
    lazy, full = lazy_and_full(journal)
    for ledger in (lazy, full):
        for goal_id, carried_from in (("new1aa", None), ("new2bb", "new1aa")):
            goal = Goal(id=goal_id, document_period="2025-03", text=f"Goal {goal_id}", status="open",
                        kind="checkbox", source="entries/2025-03.md", line=3, carried_from=carried_from)  # fmt: skip
            ledger.add(goal, ledger.files.get("2025-03", Path("ledger/2025-03.toml")))
    fresh = [lazy.goals["new1aa"], lazy.goals["new2bb"]]
    assert lazy.lineage_ids(fresh) == full.lineage_ids([full.goals["new1aa"], full.goals["new2bb"]])
    assert lazy.lineage_ids(fresh) == {"new1aa": "new1aa", "new2bb": "new1aa"}


def test_rows_by_id_are_the_full_reads_rows_decoding_only_the_files_asked_about(journal: Path):
    lazy, full = lazy_and_full(journal)
    expected = {row[0]: row for row in full.link_rows()}
    venue = next(g for g in full.goals.values() if g.source == "entries/2025-01.md")
    rows = lazy.rows_by_id()
    assert rows[venue.id] == expected[venue.id]
    assert set(lazy._decoded_rows) == {"2025-01"}  # noqa: SLF001 - only that file's rows
    assert "zzzzzz" not in rows and 404 not in rows
    with pytest.raises(KeyError):
        rows["zzzzzz"]
    for goal_id, row in expected.items():
        assert goal_id in rows and rows[goal_id] == row


def test_rows_by_id_see_a_goal_changed_and_one_added(journal: Path):
    lazy, full = lazy_and_full(journal)
    venue = next(g for g in full.goals.values() if g.source == "entries/2025-01.md")
    for ledger in (lazy, full):
        ledger.change(ledger.goals[venue.id], {"status": "done"})
        goal = Goal(id="new1aa", document_period="2025-03", text="Goal", status="open",
                    kind="checkbox", source="entries/2025-03.md", line=3)  # fmt: skip
        ledger.add(goal, ledger.files.get("2025-03", Path("ledger/2025-03.toml")))
    expected = {row[0]: row for row in full.link_rows()}
    rows = lazy.rows_by_id()
    assert rows[venue.id] == expected[venue.id] and rows[venue.id][1] == "done"
    assert rows["new1aa"] == expected["new1aa"]


@pytest.mark.parametrize("cached", [True, False], ids=["cached rows", "file read from its text"])
def test_a_goal_named_only_by_a_hand_made_link_joins_that_lineage(journal: Path, run, cached: bool):
    _lazy, full = lazy_and_full(journal)
    offsite = next(g for g in full.goals.values() if g.text == "Plan the offsite")
    tester = next(g for g in full.goals.values() if g.text == "Hire a tester")
    ledger_file = journal / "ledger" / "2025-02.toml"
    text = ledger_file.read_text(encoding="utf-8")
    table = f"[goals.{offsite.id}]\n"
    assert table in text
    # The tester's link says it carried on into the offsite goal; the offsite goal names no link of its own.
    tester_file = journal / "ledger" / "2024-q4.toml"
    tester_text = tester_file.read_text(encoding="utf-8")
    tester_table = f"[goals.{tester.id}]\n"
    tester_file.write_text(tester_text.replace(tester_table, f'{tester_table}carried_to = "{offsite.id}"\n'), "utf-8")
    if cached:
        run("sync")
        run("sync")
    lazy, full = lazy_and_full(journal)
    assert full.goals[offsite.id].carried_from is None and full.goals[offsite.id].carried_to is None
    expected = full.lineage_ids([full.goals[offsite.id]])
    assert expected == {offsite.id: tester.id}
    assert lazy.lineage_ids([lazy.goals[offsite.id]]) == expected
