"""journal.prescan: the console script's look at a bare `journal sync`, handed on to the full command once.

The full command's answer must be the one it gives without the look: the
console-script scenarios (tests/test_entry.py) compare it with journal.cli
end to end; here, the look itself: taken once, for that journal only, and
the sync that takes it syncs exactly what a sync without it does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from journal import prescan
from journal.config import Journal, load_settings
from journal.ledger import Cache
from journal.sync import nothing_to_sync, sync_journal
from tests.conftest import snapshot, write

Q1 = "# Q1 2025\n\n## Goals\n\n- [ ] Write the RFC\n- [x] Ship the importer\n"


def open_journal(root: Path) -> Journal:
    return Journal(root=root, settings=load_settings(root))


@pytest.fixture(autouse=True)
def no_look_left():
    yield
    prescan.take(Journal(root=Path("/nowhere"), settings=None))  # nothing leaks into the next test


@pytest.fixture
def synced(journal_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    write(journal_dir, "entries/2025-q1.md", Q1)
    sync_journal(open_journal(journal_dir))
    return journal_dir


def test_a_look_that_finds_work_is_kept_and_taken_once(synced: Path):
    write(synced, "entries/2025-q1.md", Q1 + "- [ ] Plan the offsite\n")
    journal = open_journal(synced)
    assert nothing_to_sync(journal, keep=True) is False
    kept = prescan.take(journal)
    assert kept is not None
    cache, documents, links = kept
    assert isinstance(cache, Cache) and set(documents) == {"entries/2025-q1.md"} and links == []
    assert prescan.take(journal) is None


def test_a_look_is_not_kept_unless_asked(synced: Path):
    write(synced, "entries/2025-q1.md", Q1 + "- [ ] Plan the offsite\n")
    journal = open_journal(synced)
    assert nothing_to_sync(journal) is False
    assert prescan.take(journal) is None


def test_a_look_at_another_journal_is_not_taken(synced: Path, tmp_path: Path):
    write(synced, "entries/2025-q1.md", Q1 + "- [ ] Plan the offsite\n")
    assert nothing_to_sync(open_journal(synced), keep=True) is False
    other = Journal(root=tmp_path / "other", settings=open_journal(synced).settings)
    assert prescan.take(other) is None
    assert prescan.take(open_journal(synced)) is None  # taking is once, whoever asks


def test_the_sync_that_takes_the_look_syncs_what_a_sync_without_it_does(synced: Path, tmp_path: Path):
    import shutil

    write(synced, "entries/2025-q1.md", Q1 + "- [ ] Plan the offsite\n- [x] Hire\n")
    twin = tmp_path / "twin"
    shutil.copytree(synced, twin)
    journal = open_journal(synced)
    assert nothing_to_sync(journal, keep=True) is False
    _ledger, report = sync_journal(journal)
    _twin_ledger, twin_report = sync_journal(open_journal(twin))
    assert prescan.take(journal) is None  # the sync took it
    added = sorted(g.text for g in report.added)
    assert added == sorted(g.text for g in twin_report.added) == ["Hire", "Plan the offsite"]
    assert snapshot(synced) == snapshot(twin)
    assert nothing_to_sync(open_journal(synced)) and nothing_to_sync(open_journal(twin))


def test_a_full_sync_scans_for_itself(synced: Path):
    write(synced, "entries/2025-q1.md", Q1 + "- [ ] Plan the offsite\n")
    journal = open_journal(synced)
    assert nothing_to_sync(journal, keep=True) is False
    sync_journal(journal, full=True)
    assert prescan.take(journal) is not None  # not used by --full, which reads every document anyway
