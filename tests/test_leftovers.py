"""A killed command's temporary files are deleted by the next sync, in every folder journal writes in."""

from __future__ import annotations

import os
import time

from tests.conftest import write


def _plant(path, age_seconds: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("half-written")
    then = time.time() - age_seconds
    os.utime(path, (then, then))


def test_the_next_sync_deletes_old_temporary_files_wherever_journal_writes(journal_dir, run):
    write(journal_dir, "entries/2025-q1.md", "# Q1 2025\n\n- [ ] Ship the importer\n")
    write(journal_dir, "entries/Daily/2025-01-15.md", "# 15 January\n\n- [ ] Call the bank\n")
    run("sync")
    ours = [
        journal_dir / "entries" / ".2025-q1.md.a1b2c3d4.journal.tmp",
        journal_dir / "entries" / "Daily" / ".2025-01-15.md.0f0f0f0f.journal.tmp",
        journal_dir / "ledger" / ".2025-q1.toml.deadbeef.journal.tmp",
        journal_dir / "ledger" / "reviews" / ".2025-q1.toml.12345678.journal.tmp",
    ]
    for path in ours:
        _plant(path, age_seconds=3600)
    young = journal_dir / "ledger" / "reviews" / ".2025-q2.toml.87654321.journal.tmp"
    users = journal_dir / "entries" / "Daily" / ".draft.20250101.tmp"
    _plant(young, age_seconds=-3600)  # dated ahead: young however long the test takes to reach the sync
    _plant(users, age_seconds=3600)

    write(journal_dir, "entries/2025-q1.md", "# Q1 2025\n\n- [x] Ship the importer\n")
    run("sync")

    assert [path for path in ours if path.exists()] == []
    assert young.exists()  # a command writing it may still be running: only files older than a minute go
    assert users.read_text() == "half-written"  # not named as journal names its own
