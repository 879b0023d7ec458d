"""`journal sync`: re-read changed documents into the ledger and report what changed."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import assert_usage_error
from tests.cli.test_core_loop import Q4, ids_by_text
from tests.conftest import snapshot, write


def test_sync_reports_changes_and_keeps_ids(run, journal_dir: Path):
    doc = write(journal_dir, "entries/2024-q4.md", Q4)
    first = run("sync").stdout
    assert first.endswith("Synced 1 document: 4 added, 0 changed, 0 removed.\n")
    before = ids_by_text(run)
    assert run("sync").stdout == "Nothing changed.\n"
    # Lines inserted above, one wording lightly edited, one goal deleted.
    text = Q4.replace("## Wins", "## Wins\n\n- More\n- Lines").replace("Write the RFC", "Write the ownership RFC")
    text = text.replace("- Run a 10k\n", "")
    doc.write_text(text)
    out = run("sync").stdout
    after = {g["text"]: g for g in json.loads(run("goals", "--all", "--json").stdout)}
    assert after["Ship the importer"]["id"] == before["Ship the importer"]
    assert after["Ship the importer"]["line"] == 15
    assert after["Write the ownership RFC"]["id"] == before["Write the RFC"]
    assert after["Run a 10k"]["status"] == "removed"
    assert f"- {before['Run a 10k']}  Run a 10k  (gone from entries/2024-q4.md)" in out
    assert out.endswith("Synced 1 document: 0 added, 1 changed, 1 removed.\n")


def test_a_status_edited_in_the_document_wins_at_the_next_sync(run, journal_dir: Path):
    doc = write(journal_dir, "entries/2024-q4.md", Q4)
    rfc = ids_by_text(run)["Write the RFC"]
    doc.write_text(Q4.replace("- [ ] Write the RFC", "- [-] Write the RFC"))
    assert f"~ {rfc}  Write the RFC  (status)" in run("sync").stdout
    assert [g["id"] for g in json.loads(run("goals", "--dropped", "--json").stdout)] == [rfc]


def test_a_document_that_is_not_utf8_stops_sync_and_writes_nothing(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    (journal_dir / "entries" / "2025-q1.md").write_bytes(b"# Goals\n\n- [ ] caf\xe9\n")
    result = run("sync", expect=4)
    assert result.stderr == f"Error: {journal_dir / 'entries' / '2025-q1.md'}:3: not UTF-8 text (byte 18)\n"
    assert not list((journal_dir / "ledger").iterdir())


def test_broken_front_matter_stops_sync(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "---\ntitle: [oops\n---\n# Goals\n\n- [ ] x\n")
    result = run("sync", expect=4)
    assert "2025-q1.md:" in result.stderr and "broken front matter" in result.stderr
    assert not list((journal_dir / "ledger").iterdir())


def test_symbolic_links_are_not_followed_and_are_reported(run, journal_dir: Path, tmp_path: Path):
    outside = write(tmp_path, "outside.md", "# Goals\n\n- [ ] secret\n")
    (journal_dir / "entries" / "2025-q1.md").symlink_to(outside)
    result = run("sync")
    assert "Skipped entries/2025-q1.md: a symbolic link" in result.stderr
    assert result.stdout == "Nothing changed.\n"


def test_temporary_files_a_killed_command_left_are_cleaned_up(run, journal_dir: Path):
    import os
    import time

    doc = write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [ ] a\n")
    run("sync")
    old = time.time() - 3600
    leftovers = [
        journal_dir / "ledger" / ".2025-q1.toml.ab12cd_9.journal.tmp",
        journal_dir / "entries" / ".2025-q1.md.zz9_x8yq.journal.tmp",
    ]
    for path in leftovers:
        path.write_text("half a file")
        os.utime(path, (old, old))
    fresh = journal_dir / "entries" / ".2025-q1.md.k2k2k2k2.journal.tmp"
    fresh.write_text("another command's, just now")
    doc.write_text("# Goals\n\n- [x] a\n")
    run("sync")
    assert not any(path.exists() for path in leftovers)
    assert fresh.exists()


def test_a_reader_that_stops_early_loses_nothing(journal_dir: Path):
    import os
    import subprocess
    import sys

    write(journal_dir, "entries/2025-q1.md", "# Goals\n\n" + "".join(f"- [ ] goal {n}\n" for n in range(400)))
    env = {**os.environ, "JOURNAL_DIR": str(journal_dir)}
    command = [sys.executable, "-c", "from journal.cli import main; main()"]
    proc = subprocess.Popen([*command, "sync"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.readline()
    proc.stdout.close()  # like `journal sync | head -1`
    proc.wait(timeout=60)
    assert b"Error" not in proc.stderr.read()
    listed = subprocess.run([*command, "goals", "--json"], capture_output=True, env=env, check=True)
    assert len(json.loads(listed.stdout)) == 400


def test_a_failed_command_leaves_no_cache_that_hides_its_undoing(run, journal_dir: Path, monkeypatch):
    from journal.ledger import LedgerWrites

    write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [ ] one\n")
    real = LedgerWrites.save

    def save_then_fail(self):
        real(self)  # the ledger is written, then the command fails: it is all put back
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(LedgerWrites, "save", save_then_fail)
    assert run("sync", expect=8).stderr == "Error: No space left on device\n"
    assert not list((journal_dir / "ledger").glob("*.toml"))
    monkeypatch.setattr(LedgerWrites, "save", real)
    assert [g["text"] for g in json.loads(run("goals", "--json").stdout)] == ["one"]


def test_sync_json_lists_documents_and_goals_added(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [ ] one\n- [x] two\n")
    report = json.loads(run("sync", "--json").stdout)
    assert list(report) == ["documents", "added", "changed", "removed", "skipped", "not_taken"]
    assert report["documents"] == ["entries/2025-q1.md"]
    assert [(g["text"], g["status"], g["line"], g["source"]) for g in report["added"]] == [
        ("one", "open", 5, "entries/2025-q1.md"),
        ("two", "done", 6, "entries/2025-q1.md"),
    ]
    assert report["changed"] == report["removed"] == report["skipped"] == []
    again = json.loads(run("sync", "--json").stdout)
    assert again == {"documents": [], "added": [], "changed": [], "removed": [], "skipped": [], "not_taken": []}


def test_sync_full_rereads_every_document_and_changes_nothing(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [ ] one\n")
    write(journal_dir, "entries/2025-q2.md", "# Q2\n\n## Goals\n\n- [ ] two\n")
    run("sync")
    before = snapshot(journal_dir)
    assert run("sync", "--full").stdout == "Nothing changed.\n"
    report = json.loads(run("sync", "--full", "--json").stdout)
    assert report["documents"] == ["entries/2025-q1.md", "entries/2025-q2.md"]
    assert report["added"] == report["changed"] == report["removed"] == []
    assert snapshot(journal_dir) == before


def test_sync_of_an_empty_journal_and_a_bad_option(run, journal_dir: Path):
    before = snapshot(journal_dir)
    assert run("sync").stdout == "Nothing changed.\n"
    assert_usage_error(run("sync", "--bogus", expect=2), "No such option '--bogus'.", "sync")
    assert snapshot(journal_dir) == before
