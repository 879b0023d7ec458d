"""The core of the git journal, directly: reading .git/config as text, commit messages, blob ids, appending."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.autocommit import _blob_id, command_message, is_document
from journal.changes import Changes, Decision
from journal.git_drivers import driver_command
from journal.gitrepo import _append_missing, drivers_missing, git_dir, is_repository


def write_config(root: Path, text: str) -> None:
    (root / ".git").mkdir(parents=True, exist_ok=True)
    (root / ".git" / "config").write_text(text)


def test_drivers_missing_reads_the_config_text(tmp_path: Path):
    assert not is_repository(tmp_path)
    write_config(tmp_path, "[core]\n\tbare = false\n")
    assert is_repository(tmp_path)
    assert drivers_missing(tmp_path) == ["ledger", "document"]
    write_config(
        tmp_path,
        f'[merge "journal-ledger"]\n\tname = x\n\tdriver = {driver_command("ledger")}\n'
        f'[merge "journal-document"]\n\tdriver = "{sys.executable} -m journal.cli merge-driver document %O %A %B %P"\n',
    )
    assert drivers_missing(tmp_path) == []  # a value git quoted is read too
    write_config(tmp_path, '[merge "journal-ledger"]\n\tdriver = /gone/python -m journal.cli merge-driver ledger\n')
    assert drivers_missing(tmp_path) == ["ledger", "document"]


def test_a_worktree_gitdir_file_leads_to_the_shared_config(tmp_path: Path):
    common = tmp_path / "main" / ".git"
    private = common / "worktrees" / "j"
    private.mkdir(parents=True)
    (private / "commondir").write_text("../..\n")
    root = tmp_path / "j"
    root.mkdir()
    (root / ".git").write_text(f"gitdir: {private}\n")
    assert git_dir(root).resolve() == common.resolve()


def decision(goal_id: str, text: str, status: str, by: str = "cli", period: str = "2025-q1") -> Decision:
    return Decision(goal_id, text, status, by, period)


def test_command_messages():
    one = Changes(decisions=[decision("4ywu89", "Run 300 km over the quarter", "done")])
    assert command_message("done", {"ids": ("4yw",)}, one) == "done 4ywu89: Run 300 km over the quarter"
    two = Changes(decisions=[decision("a1", "A", "in_progress"), decision("b2", "B", "in_progress")])
    assert command_message("start", {}, two) == "start a1 b2: 2 goals"
    carried = Changes(decisions=[decision(f"g{n}", "x", "carried", "new") for n in range(9)])
    assert command_message("new", {"period_words": ("q2", "2025")}, carried) == "new 2025-q2: brought in 9 goals"
    review = Changes(
        decisions=[decision(f"d{n}", "x", "done", "review") for n in range(3)]
        + [decision("x1", "x", "dropped", "review"), decision("h1", "x", "done", "document")]
    )
    assert command_message("review", {"period_words": ()}, review) == "review 2025-q1: 3 done, 1 dropped"
    assert command_message("sync", {}, review) is None  # a sync's writes are the hand edits'
    assert command_message("note", {"goal_id": "k7f3", "words": ("call", "Bo")}, Changes()) == "note k7f3 call Bo"


def test_documents_are_told_from_the_journals_other_files():
    assert is_document("entries/2025-q1.md") and is_document("Quarterly/2025-Q1.md")
    assert not any(map(is_document, ["ledger/2025-q1.toml", "journal.toml", "templates/q.md", ".gitattributes"]))


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@given(st.binary(max_size=200))
def test_blob_ids_are_gits(data: bytes):
    done = subprocess.run(["git", "hash-object", "--stdin"], input=data, capture_output=True, check=True)
    assert _blob_id(data, "") == done.stdout.decode().strip()


def test_appending_keeps_every_byte_and_adds_only_what_is_missing(tmp_path: Path):
    path = tmp_path / ".gitignore"
    assert _append_missing(path, "# ours\n.journal/\n")
    assert path.read_text() == "# ours\n.journal/\n"
    assert not _append_missing(path, "# ours\n.journal/\n")
    path.write_bytes(b"*.pdf\r\nbuild/")  # CRLF, no final newline
    assert _append_missing(path, "# ours\n.journal/\n")
    assert path.read_bytes() == b"*.pdf\r\nbuild/\n# ours\n.journal/\n"
