"""A note that is not a journal document and cannot be read (not UTF-8, git conflict markers) blocks nothing;
a document whose name or front matter names a period stays a one-line error."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.config import Journal, load_settings
from journal.documents import ConflictMarkers
from journal.errors import DocumentError
from journal.places import read_if_document
from tests.cli.test_obsidian import cli_run, vault
from tests.conftest import snapshot, write

LATIN1 = b"caf\xe9 notes\n- [ ] not a goal\n"
CONFLICT = b"# Notes\n<<<<<<< HEAD\n- [ ] mine\n=======\n- [ ] theirs\n>>>>>>> other\n"


@pytest.mark.parametrize("data", [LATIN1, CONFLICT], ids=["latin1", "conflict"])
def test_an_unreadable_note_under_entries_blocks_no_command(run, journal_dir: Path, monkeypatch, data: bytes):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    write(journal_dir, "entries/2025-q2.md", "# Q2 2025\n\n## Goals\n\n- [ ] Ship the v2 API\n")
    (journal_dir / "entries/Notes").mkdir()
    (journal_dir / "entries/Notes/broken.md").write_bytes(data)
    assert run("sync").stderr == ""
    assert run("status").stdout.startswith("Q2 2025: 1 open")
    assert run("goals", "--open").stdout.count("Ship the v2 API") == 1
    before = snapshot(journal_dir)
    run("goals", "--all")
    assert snapshot(journal_dir) == before
    assert (journal_dir / "entries/Notes/broken.md").read_bytes() == data


@pytest.mark.parametrize("data", [LATIN1, CONFLICT], ids=["latin1", "conflict"])
def test_an_unreadable_note_in_a_vault_blocks_no_command(tmp_path: Path, monkeypatch, data: bytes):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("JOURNAL_DIR", raising=False)
    root = vault(tmp_path)
    (root / "Notes").mkdir()
    (root / "Notes/latin1.md").write_bytes(data)
    cli_run(tmp_path, "init", "--obsidian", str(root))
    assert cli_run(root, "status").stderr == ""
    assert "Ship the v2 API" in cli_run(root, "goals", "--open").stdout
    assert cli_run(root, "new", "today").stdout == f"{root}/Daily/2025-04-15.md\n"
    assert (root / "Notes/latin1.md").read_bytes() == data


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("entries/Notes/2025-q2-notes.md", LATIN1, "2025-q2-notes.md:1: not UTF-8 text (byte 3)"),
        ("entries/Notes/2025-q2.md", CONFLICT, "2025-q2.md line 2 holds git conflict markers"),
        ("entries/Notes/plan.md", b"---\nperiod: 2025-q2\n---\n" + LATIN1, "plan.md:4: not UTF-8 text (byte 27)"),
    ],
)
def test_a_document_naming_a_period_stays_a_one_line_error(run, journal_dir: Path, name, data, message):
    write(journal_dir, name, "")
    (journal_dir / name).write_bytes(data)
    before = snapshot(journal_dir)
    result = run("status", expect=4)
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert snapshot(journal_dir) == before


def test_read_if_document_core(journal_dir: Path):
    journal = Journal(root=journal_dir, settings=load_settings(journal_dir))
    note = write(journal_dir, "entries/idea.md", "")
    note.write_bytes(LATIN1)
    assert read_if_document(journal, note) is None
    broken_front = write(journal_dir, "entries/fm.md", "")
    broken_front.write_bytes(b"---\nperiod: [unclosed\n---\n" + LATIN1)
    assert read_if_document(journal, broken_front) is None  # its front matter cannot be read: it names nothing
    dated = write(journal_dir, "entries/2025-04-14.md", "")
    dated.write_bytes(CONFLICT)
    with pytest.raises(ConflictMarkers):
        read_if_document(journal, dated)
    fine = write(journal_dir, "entries/other.md", "# Fine\n")
    document = read_if_document(journal, fine)
    assert document is not None and document.text == "# Fine\n"
    with pytest.raises(DocumentError):
        read_if_document(journal, journal_dir / "entries/2025-q1.md")  # named, and missing: still an error
