"""A file saved over right after journal wrote it (an editor saving in place) is read again by the next command.

The cache keys what journal wrote on the file's stat; a stat taken after the write would be the saved-over
file's, and every later command would pass the edit over. ``atomic.stat_if_holds`` keys only bytes it read back.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from journal import atomic
from journal.atomic import stat_if_holds
from tests.conftest import write

DOC = "entries/2025-q1.md"
TEXT = "# Q1 2025\n\n## Goals\n\n- [ ] Ship the API\n- [ ] Write the RFC\n"


@pytest.fixture
def saved_over_once(monkeypatch: pytest.MonkeyPatch):
    """Make the first durable write of a file whose name ends with ``suffix`` be followed, before journal goes
    on, by another program changing its bytes with ``edit``, in place (same inode)."""

    def arm(suffix: str, edit: Callable[[bytes], bytes]) -> None:
        real = atomic.note_written
        armed = [True]

        def note_then_edit(path, before):  # noqa: ANN001
            real(path, before)
            if armed[0] and str(path).endswith(suffix):
                armed[0] = False
                with open(path, "r+b") as handle:
                    changed = edit(handle.read())
                    handle.seek(0)
                    handle.write(changed)
                    handle.truncate()

        monkeypatch.setattr(atomic, "note_written", note_then_edit)

    return arm


def test_a_document_saved_over_after_done_is_read_by_the_next_sync(run, journal_dir: Path, saved_over_once):
    write(journal_dir, DOC, TEXT)
    run("sync")
    goal = next(g for g in json.loads(run("goals", "--json").stdout) if g["text"] == "Ship the API")
    saved_over_once(".md", lambda data: data + b"- [ ] Added in the editor\n")
    run("done", goal["id"])
    assert (
        (journal_dir / DOC)
        .read_bytes()
        .endswith(b"- [x] Ship the API\n- [ ] Write the RFC\n- [ ] Added in the editor\n")
    )
    assert "1 added" in run("sync").stdout
    assert "Added in the editor" in [g["text"] for g in json.loads(run("goals", "--json").stdout)]


def test_a_ledger_file_edited_after_journal_wrote_it_is_read_again(run, journal_dir: Path, saved_over_once):
    write(journal_dir, DOC, TEXT)
    run("sync")
    goal = next(g for g in json.loads(run("goals", "--json").stdout) if g["text"] == "Write the RFC")
    saved_over_once("2025-q1.toml", lambda data: data.replace(b'asked Dana"', b'asked Omar"'))
    run("note", goal["id"], "asked Dana")
    assert b'asked Omar"' in (journal_dir / "ledger/2025-q1.toml").read_bytes()
    cached = run("show", goal["id"]).stdout
    assert "asked Omar" in cached
    shutil.rmtree(journal_dir / ".journal")
    assert run("show", goal["id"]).stdout == cached


def test_stat_if_holds(tmp_path: Path):
    path = tmp_path / "f"
    path.write_bytes(b"ours")
    found = stat_if_holds(path, b"ours")
    assert found is not None and found.st_ino == path.stat().st_ino and found.st_size == 4
    assert stat_if_holds(path, b"theirs") is None
    assert stat_if_holds(tmp_path / "gone", b"") is None
