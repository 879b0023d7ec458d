"""A goal's edited table checked entry by entry (``ledger/entry_check.py``) only for bytes known to read.

The entry check reads only the lines an edit wrote; that the rest of the old
table reads at all is known from the ledger cache: the bytes the edit read
have the stat the ledger was loaded from (read whole, or written by journal
once its read-back accepted them). Bytes changed behind journal's back since
are read whole as before, so a table that no longer reads is refused. The
hypothesis tests of ``tests/test_segment_check.py`` hold the entry check's
answers to the whole files' readings.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from journal.config import open_journal
from journal.errors import LedgerError
from journal.ledger import segment_check
from journal.session import writing
from tests.conftest import snapshot, write

DOCUMENTS = {
    "entries/2024-q4.md": "# Q4 2024\n\n## Goals\n\n- [ ] Ship the importer\n- [/] Write the RFC\n- [x] Done one\n",
    "entries/2025-q1.md": "# Q1 2025\n\n## Goals\n\n- [ ] Hire a designer\n- [-] Dropped one\n",
}


@pytest.fixture
def journal_root(journal_dir: Path, run, monkeypatch) -> Path:
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-02")
    for name, text in DOCUMENTS.items():
        write(journal_dir, name, text)
    run("sync")
    return journal_dir


def _checks(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each read-back by table from now on: whether it was asked to check the goal tables entry by entry."""
    asked: list[bool] = []
    original = segment_check.read_back_by_table

    def spy(*args, **kwargs):
        asked.append(len(args) > 6 and args[6] is not None)
        return original(*args, **kwargs)

    monkeypatch.setattr(segment_check, "read_back_by_table", spy)
    return asked


def _note_every_goal(root: Path, *, hand_edit=None) -> None:
    """One session: every goal of 2024-q4 given a note (``hand_edit``: done to its ledger file first)."""
    journal = open_journal(root)[0]
    with writing(journal) as session:
        goals = session.ledger.goals_of("entries/2024-q4.md")
        if hand_edit is not None:
            hand_edit(root / "ledger" / "2024-q4.toml")
        for goal in goals:
            session.update(goal, {"note": f"noted {goal.id}"})


def test_new_checks_the_tables_of_files_the_ledger_was_loaded_from_entry_by_entry(journal_root: Path, run, monkeypatch):
    asked = _checks(monkeypatch)
    monkeypatch.setattr("journal.ledger.toml_text.PLAIN_CHECK_FROM", 1)  # two files: the layout checked all the same
    run("new", "2025-q2")
    assert asked == [True, True]
    goals = tomllib.loads((journal_root / "ledger" / "2024-q4.toml").read_text(encoding="utf-8"))["goals"]
    assert sorted(goal["status"] for goal in goals.values()) == ["carried", "carried", "done"]


def test_a_ledger_file_changed_behind_journals_back_is_read_whole(journal_root: Path, monkeypatch):
    asked = _checks(monkeypatch)
    monkeypatch.setattr("journal.ledger.toml_text.PLAIN_CHECK_FROM", 1)

    def add_comment(path: Path) -> None:  # after the rescan: the stat is no longer the one the ledger read
        path.write_text(path.read_text(encoding="utf-8") + "# a comment typed meanwhile\n", encoding="utf-8")

    _note_every_goal(journal_root, hand_edit=add_comment)
    assert asked == [False]
    text = (journal_root / "ledger" / "2024-q4.toml").read_text(encoding="utf-8")
    assert text.endswith("# a comment typed meanwhile\n") and text.count('note = "noted ') == 3


def test_a_table_that_no_longer_reads_is_refused_as_before(journal_root: Path, monkeypatch):
    monkeypatch.setattr("journal.ledger.toml_text.PLAIN_CHECK_FROM", 1)

    def break_a_date(path: Path) -> None:  # a value tomllib refuses, in a table the edit touches
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("created = 2025-04-02T", "created = 2025-13-02T", 1), encoding="utf-8")

    before = snapshot(journal_root)
    with pytest.raises(LedgerError):
        _note_every_goal(journal_root, hand_edit=break_a_date)
    after = snapshot(journal_root)
    ledger = "ledger/2024-q4.toml"
    assert after[ledger] != before[ledger] and b"created = 2025-13-02T" in after[ledger]  # the hand edit, kept
    assert {k: v for k, v in after.items() if k != ledger} == {k: v for k, v in before.items() if k != ledger}
