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


def _synced_with_old_leftovers(journal_dir, run) -> list:
    """A journal with a document in entries/ and one in a subfolder, synced, then an hour-old temporary file
    named as journal names its own beside each and in ledger/: those files."""
    write(journal_dir, "entries/2025-q1.md", "# Q1 2025\n\n- [ ] Ship the importer\n")
    write(journal_dir, "entries/Daily/2025-01-15.md", "# 15 January\n\n- [ ] Call the bank\n")
    run("sync")
    ours = [
        journal_dir / "entries" / ".2025-q1.md.a1b2c3d4.journal.tmp",
        journal_dir / "entries" / "Daily" / ".2025-01-15.md.0f0f0f0f.journal.tmp",
        journal_dir / "ledger" / ".2025-q1.toml.deadbeef.journal.tmp",
    ]
    for path in ours:
        _plant(path, age_seconds=3600)
    return ours


def test_the_next_sync_deletes_old_temporary_files_wherever_journal_writes(journal_dir, run):
    ours = _synced_with_old_leftovers(journal_dir, run)
    ours.append(journal_dir / "ledger" / "reviews" / ".2025-q1.toml.12345678.journal.tmp")
    ours.append(journal_dir / ".journal" / "prose" / ".07.marshal.abcd1234.journal.tmp")  # the parses' records
    for path in ours[-2:]:
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


def test_the_console_scripts_sync_deletes_them_from_the_folders_its_look_listed(journal_dir, run):
    """A bare `journal sync` (journal.bare_sync) takes the leftover names from the documents' scan it made
    before the lock; each is looked at again before it goes: only old regular files named as ours."""
    import subprocess
    import sys

    ours = _synced_with_old_leftovers(journal_dir, run)
    young = journal_dir / "entries" / ".2025-q1.md.87654321.journal.tmp"
    _plant(young, age_seconds=-3600)
    folder = journal_dir / "entries" / ".2025-q1.md.f00dcafe.journal.tmp"  # a folder named as ours: not a file
    folder.mkdir()
    link = journal_dir / "entries" / "Daily" / ".2025-01-15.md.1234abcd.journal.tmp"
    link.symlink_to(journal_dir / "entries" / "2025-q1.md")
    os.utime(link, (time.time() - 3600,) * 2, follow_symlinks=False)

    write(journal_dir, "entries/2025-q1.md", "# Q1 2025\n\n- [x] Ship the importer\n")
    env = {**os.environ, "JOURNAL_DIR": str(journal_dir), "NO_COLOR": "1"}
    script = (
        "import atexit, sys; sys.argv = ['journal', 'sync']\n"
        "atexit.register(lambda: print('click imported:', 'click' in sys.modules, file=sys.stderr))\n"
        "from journal.launcher import main; main()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)

    assert done.returncode == 0, done.stderr
    assert "Synced 1 document" in done.stdout
    assert done.stderr.endswith("click imported: False\n")  # journal.bare_sync's path, not journal.cli's
    assert [path for path in ours if path.exists()] == []
    assert young.exists() and folder.is_dir() and link.is_symlink()


def test_names_listed_a_moment_ago_and_gone_since_are_passed_over(tmp_path):
    from journal.atomic import remove_leftovers

    kept = tmp_path / ".2025-q1.md.a1b2c3d4.journal.tmp"
    _plant(kept, age_seconds=3600)
    assert remove_leftovers(tmp_path, names=[".gone.md.00000000.journal.tmp", kept.name]) == 1
    assert not kept.exists()
