"""The ledger read file by file from the cache (journal.ledger.lazy) is the ledger a full read gives.

A lazy ledger decodes a ledger file's goals only when one of them is looked up
by id or a document's goals are asked for; anything else first decodes them
all. Each test compares it with the full read (``load_ledger`` without
``lazy``) of the same journal: the same goals in the same order, the same
indexes, the same errors.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from journal.config import open_journal
from journal.errors import LedgerError
from journal.ledger import Cache, Goal, load_ledger
from journal.ledger.lazy import LazyLedger
from tests.lazy_helpers import lazy_and_full, write_and_sync_twice

DOCUMENTS = {
    "entries/2024-q4.md": "# Q4 2024\n\n## Goals\n\n- [x] Ship the importer\n- [ ] Write the RFC\n\n"
    "## Q1 2025 Priorities\n\n- Run a 10k\n",
    "entries/2025-q1.md": "# Q1 2025\n\n## Goals\n\n- [ ] Write the RFC\n- [/] Mirror the config\n",
    "entries/2025-01.md": "# January 2025\n\n## Goals\n\n- [ ] Book the venue\n- [-] Rewrite the wiki\n",
    "entries/notes/2025-02.md": "# February 2025\n\n## Goals\n\n- [ ] Book the venue\n",
}


@pytest.fixture
def journal(journal_dir: Path, run) -> Path:
    """A journal with goals in four ledger files, synced twice so that the cache holds every file."""
    return write_and_sync_twice(journal_dir, run, DOCUMENTS)



def decoded(ledger: LazyLedger) -> set[str]:
    """The ids of the goals decoded so far (without decoding more)."""
    return set(dict.keys(ledger.goals))


def test_it_gives_the_same_goals_in_the_same_order(journal: Path):
    lazy, full = lazy_and_full(journal)
    assert not decoded(lazy)
    assert list(lazy.goals.items()) == list(full.goals.items())
    assert (lazy.files, lazy.documents, lazy.file_hashes) == (full.files, full.documents, full.file_hashes)


def test_a_lookup_by_id_decodes_only_that_goals_file(journal: Path):
    lazy, full = lazy_and_full(journal)
    rfc = next(g for g in full.goals.values() if g.source == "entries/2024-q4.md" and "RFC" in g.text)
    assert rfc.id in lazy.goals
    assert lazy.goals[rfc.id] == rfc
    assert lazy.goals.get(rfc.id) == rfc
    assert decoded(lazy) == {g.id for g in full.goals.values() if g.document_period == "2024-q4"}
    assert "zzzzzz" not in lazy.goals and lazy.goals.get("zzzzzz") is None
    with pytest.raises(KeyError):
        lazy.goals["zzzzzz"]
    assert not lazy.goals.complete


@pytest.mark.parametrize("source", [*DOCUMENTS, "entries/none.md"])
def test_a_documents_goals_come_from_its_file_alone(journal: Path, source: str):
    lazy, full = lazy_and_full(journal)
    assert lazy.goals_of(source) == full.goals_of(source)
    assert decoded(lazy) == {g.id for g in full.goals.values() if g.source == source}
    assert lazy.sources() == full.sources()
    assert not lazy.goals.complete


@pytest.mark.parametrize("period", ["2024-q4", "2025-q1", "2025-01", "2025-02", "2030-q1"])
def test_a_periods_goals_come_from_its_file_alone(journal: Path, period: str):
    lazy, full = lazy_and_full(journal)
    assert lazy.goals_in([period]) == full.goals_in([period])
    assert not lazy.goals.complete


def test_goals_added_before_the_rest_is_decoded_come_last_as_in_a_full_read(journal: Path):
    lazy, full = lazy_and_full(journal)
    lazy.goals_of("entries/2025-01.md")
    for ledger in (lazy, full):
        for goal_id in ("new1aa", "new2bb"):
            goal = Goal(id=goal_id, document_period="2025-03", text=f"Goal {goal_id}", status="open",
                        kind="checkbox", source="entries/2025-03.md", line=3)  # fmt: skip
            ledger.add(goal, ledger.files.get("2025-03", Path("ledger/2025-03.toml")))
    assert lazy.sources() == full.sources()
    assert lazy.goals_of("entries/2025-03.md") == full.goals_of("entries/2025-03.md")
    assert lazy.goals_in(["2025-03", "2025-01"]) == full.goals_in(["2025-03", "2025-01"])
    assert list(lazy.goals) == list(full.goals)
    assert list(lazy.goals.values())[-2:] == list(full.goals.values())[-2:]


def test_a_goal_changed_before_the_rest_is_decoded_keeps_its_change(journal: Path):
    lazy, _full = lazy_and_full(journal)
    goal = lazy.goals_of("entries/2025-01.md")[0]
    lazy.change(goal, {"note": "ask Al"})
    assert next(g for g in lazy.goals.values() if g.id == goal.id).note == "ask Al"
    assert lazy.goals[goal.id] is goal


def test_an_id_in_two_files_is_the_same_error(journal: Path):
    ledger = journal / "ledger"
    first = (ledger / "2025-01.toml").read_text()
    goal_id = next(line for line in first.splitlines() if line.startswith("[goals."))[len("[goals.") : -1]
    q1 = ledger / "2025-q1.toml"
    q1.write_text(q1.read_text() + f'\n[goals.{goal_id}]\ntext = "x"\nstatus = "open"\nkind = "checkbox"\n'
                  f'source = "entries/2025-q1.md"\nline = 9\n')  # fmt: skip
    opened = open_journal(journal)[0]
    for lazy in (True, False):
        with pytest.raises(LedgerError) as caught:
            load_ledger(opened, Cache(opened), lazy=lazy)
        assert f"goal id {goal_id} is also in" in str(caught.value)


def test_a_ledger_file_edited_behind_the_cache_is_read_from_its_text(journal: Path):
    path = journal / "ledger" / "2025-01.toml"
    stat = path.stat()
    path.write_text(path.read_text().replace('"Book the venue"', '"Book the hall!"'))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    lazy, full = lazy_and_full(journal)
    january = "entries/2025-01.md"
    assert [g.text for g in lazy.goals_of(january)] == [g.text for g in full.goals_of(january)]
    assert "Book the hall!" in {g.text for g in lazy.goals_in(["2025-01"])["2025-01"]}
    assert list(lazy.goals.items()) == list(full.goals.items())


def test_done_through_the_lazy_ledger_gives_what_a_run_without_the_cache_gives(journal: Path, run):
    goals = json.loads(run("goals", "--open", "--json").stdout)
    venue = goals[0]
    run("done", venue["id"])
    with_cache = json.loads(run("goals", "--all", "--json").stdout)
    for name in ("ledger.marshal", "documents.marshal"):
        (journal / ".journal" / name).unlink()
    assert json.loads(run("goals", "--all", "--json").stdout) == with_cache
    assert next(g for g in with_cache if g["id"] == venue["id"])["status"] == "done"
