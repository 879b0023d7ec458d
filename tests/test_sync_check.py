"""journal.sync_check: a bare `journal sync` decides "nothing to do" from stats and the cache, settings included.

The settings are the cache's record of journal.toml while its stat is the
same (no tomllib): a hand edit of journal.toml is always seen, and the
answers are those of ``sync.nothing_to_sync`` and of no cache at all.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from journal import config, prescan
from journal.config import CONFIG_NAME, Settings, load_settings, open_journal, settings_from_record
from journal.sync import nothing_to_sync
from journal.sync_check import bare_sync_has_nothing_to_do, load_documents_data
from tests.conftest import write
from tests.test_entry import ENTRY, journal_run

NOTES = "# Q1 2025\n\n## Milestones\n\n- Launch the beta\n- Hire two engineers\n\n## Goals\n\n- [ ] Write the RFC\n"


@pytest.fixture
def journal(journal_dir: Path, run, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    write(journal_dir, "entries/2025-q1.md", NOTES)
    run("sync")
    run("sync")
    yield journal_dir
    prescan.take(open_journal(journal_dir)[0])  # nothing kept leaks into the next test


def check(root: Path) -> bool:
    """sync_check's answer, as the console script asks it (with no record of journal.toml read in this process)."""
    config._settings_read.clear()
    return bare_sync_has_nothing_to_do()


def test_the_cache_keeps_the_settings_read_from_journal_toml(journal: Path):
    data = load_documents_data(str(journal / ".journal"))
    assert data is not None
    assert settings_from_record(journal, data["config"]) == load_settings(journal)


def test_nothing_to_sync_agrees_with_the_full_check(journal: Path):
    assert check(journal) is True
    assert nothing_to_sync(open_journal(journal)[0]) is True
    write(journal, "entries/2025-q1.md", NOTES + "- [ ] Book the venue\n")
    assert check(journal) is False
    assert nothing_to_sync(open_journal(journal)[0]) is False


def test_a_hand_edit_of_journal_toml_is_seen(journal: Path):
    path = journal / CONFIG_NAME
    path.write_text(path.read_text() + 'goal_words = ["milestones"]\n')
    assert check(journal) is False  # the record is stale: journal.toml is read again
    done = journal_run(ENTRY, journal, "sync")
    assert done.returncode == 0
    assert "Launch the beta" in done.stdout and "Hire two engineers" in done.stdout


def test_an_edit_of_journal_toml_that_keeps_its_size_and_mtime_is_seen(journal: Path):
    path = journal / CONFIG_NAME
    path.write_text('author = "Ann"\n')
    assert journal_run(ENTRY, journal, "sync").returncode == 0
    before = os.stat(path)
    path.write_text('author = "Bob"\n')  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # mtime set back (cp -p, rsync -t)
    record = load_documents_data(str(journal / ".journal"))["config"]
    assert settings_from_record(journal, record) is None  # ctime moved: the record is not used
    assert load_settings(journal).author == "Bob"


def test_the_record_follows_journal_toml_after_the_next_sync(journal: Path):
    path = journal / CONFIG_NAME
    path.write_text('author = "Ann"\n')
    assert check(journal) is False  # the cache's record is stale: the full command runs once...
    assert journal_run(ENTRY, journal, "sync").stdout == "Nothing changed.\n"
    assert check(journal) is True  # ...and keeps the new record
    data = load_documents_data(str(journal / ".journal"))
    assert settings_from_record(journal, data["config"]) == Settings(author="Ann")


def test_without_the_cache_every_answer_is_the_same(journal: Path):
    write(journal, "entries/2025-q1.md", NOTES + "- [ ] Book the venue\n")
    twin = journal.parent / "twin"
    shutil.copytree(journal, twin)
    shutil.rmtree(twin / ".journal")
    kept, fresh = journal_run(ENTRY, journal, "sync"), journal_run(ENTRY, twin, "sync")
    # stderr less its last line, "click imported: ..."
    said = [(run.returncode, run.stdout, run.stderr.splitlines()[:-1]) for run in (kept, fresh)]
    assert said[0] == (said[1][0], said[1][1].replace(str(twin), str(journal)), said[1][2])
    assert "Book the venue" in kept.stdout
    assert (journal / "ledger" / "2025-q1.toml").read_bytes() == (twin / "ledger" / "2025-q1.toml").read_bytes()


@pytest.mark.parametrize("record", [None, 3, ("a", "b"), ((1, 2, 3, 4), ("too", "few"))])
def test_a_damaged_record_is_read_again(journal: Path, record: object):
    assert settings_from_record(journal, record) is None


def test_settings_are_records_compared_by_value():
    assert Settings(goal_words=("a",)) == Settings(goal_words=("a",), warnings=("ignored in comparisons",))
    assert hash(Settings(author="x")) == hash(Settings(author="x"))
    assert Settings(author="x") != Settings(author="y")
    with pytest.raises(AttributeError):
        Settings().author = "x"  # type: ignore[misc]


def test_a_journal_pickles_to_an_equal_one(tmp_path: Path):
    import pickle

    from journal.config import Journal

    journal = Journal(root=tmp_path, settings=Settings(goal_words=("milestones",), paths=(("day", "{date}.md"),)))
    assert pickle.loads(pickle.dumps(journal)) == journal


def test_documents_another_command_synced_after_the_look_are_not_taken_for_gone(journal: Path):
    """The look is used under the lock only while the cache file is the one it read (Cache.unchanged_since_loaded)."""
    from journal.sync import sync_journal
    from tests.test_entry import CLI

    write(journal, "entries/2025-q1.md", NOTES + "- [ ] Book the venue\n")
    assert check(journal) is False  # the look is kept for the command
    write(journal, "entries/2025-q2.md", "# Q2 2025\n\n## Goals\n\n- [ ] Plan the offsite\n")
    assert journal_run(CLI, journal, "sync").returncode == 0  # another command, between the look and the lock
    ledger, report = sync_journal(open_journal(journal)[0])
    assert report.removed == [] and report.added == []
    assert any(goal.text == "Plan the offsite" and goal.status == "open" for goal in ledger.goals.values())


def test_the_look_is_used_under_the_lock_while_the_cache_file_is_unchanged(journal: Path, monkeypatch):
    from journal import sync

    scans = []
    real_scan = sync.scan_documents
    monkeypatch.setattr(sync, "scan_documents", lambda *a, **k: scans.append(1) or real_scan(*a, **k))
    write(journal, "entries/2025-q1.md", NOTES + "- [ ] Book the venue\n")
    assert check(journal) is False
    _ledger, report = sync.sync_journal(open_journal(journal)[0])
    assert [goal.text for goal in report.added] == ["Book the venue"]
    assert scans == []  # the documents were not scanned again
