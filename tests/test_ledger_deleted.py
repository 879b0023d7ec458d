"""A ledger file deleted by hand: the next sync reads its documents again, so their goals come back."""

from __future__ import annotations

import subprocess
import sys

from journal.config import open_journal
from journal.sync import sync_journal
from tests.conftest import write

Q1 = "# Q1 2025\n\n- [ ] Alpha the importer\n- [x] Gamma the RFC\n"


def test_the_goals_of_a_deleted_ledger_file_come_back_on_the_next_sync(journal_dir, run):
    write(journal_dir, "entries/2025-q1.md", Q1)
    write(journal_dir, "entries/2025-02.md", "# February 2025\n\nNo goals this month.\n")
    run("sync")
    before = run("goals", "--all", "--json").stdout
    (journal_dir / "ledger" / "2025-q1.toml").unlink()
    (journal_dir / "ledger" / "2025-02.toml").unlink()

    result = run("sync")
    assert "Synced 2 documents: 2 added, 0 changed, 0 removed." in result.stdout
    assert (journal_dir / "ledger" / "2025-q1.toml").is_file()
    assert (journal_dir / "ledger" / "2025-02.toml").is_file()
    assert run("goals", "--all", "--json").stdout == before
    assert run("sync").stdout == "Nothing changed.\n"


def test_the_console_script_brings_them_back_too(journal_dir, run, monkeypatch):
    write(journal_dir, "entries/2025-q1.md", Q1)
    run("sync")
    (journal_dir / "ledger" / "2025-q1.toml").unlink()
    done = subprocess.run(
        [sys.executable, "-c", "from journal.launcher import main; main()", "sync"],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "2 added" in done.stdout
    journal = open_journal(journal_dir)[0]
    ledger, _report = sync_journal(journal)
    assert sorted(goal.text for goal in ledger.goals.values()) == ["Alpha the importer", "Gamma the RFC"]


def test_a_command_that_only_reads_answers_as_with_no_cache(journal_dir, run, monkeypatch):
    """`status` (and every reading command) reads the documents whose hash no ledger file records in memory:
    before the next sync it already answers as with `.journal/` deleted, and writes no ledger file."""
    import shutil

    monkeypatch.setenv("JOURNAL_NOW", "2025-04-20")
    write(journal_dir, "entries/2025-q1.md", Q1)
    run("sync")
    (journal_dir / "ledger" / "2025-q1.toml").unlink()
    status = run("status").stdout
    as_json = run("status", "--json").stdout
    assert "review of Q1 2025 due" in status
    assert not (journal_dir / "ledger" / "2025-q1.toml").exists()  # a status writes no ledger file
    shutil.rmtree(journal_dir / ".journal")
    assert (run("status").stdout, run("status", "--json").stdout) == (status, as_json)
