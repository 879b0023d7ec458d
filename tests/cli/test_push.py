"""`journal push`: git push, one line of outcome; the first push sets the upstream; a refusal is one line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.gitjournal import clone, example_repo, git, journal, with_remote

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.usefixtures("git_home"),
]


def test_the_first_push_sets_the_upstream_then_pushes_say_what_they_did(tmp_path: Path):
    root = example_repo(tmp_path)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    git(root, "remote", "add", "origin", str(remote))
    assert journal(root, "push").stdout == "Pushed main to origin/main.\n"
    assert git(root, "rev-parse", "--abbrev-ref", "@{upstream}").strip() == "origin/main"
    assert journal(root, "push").stdout == "origin/main was already up to date.\n"
    journal(root, "done", "y5mjfk")
    assert journal(root, "push").stdout == "Pushed main to origin/main.\n"
    assert git(remote, "log", "-1", "--format=%s", "main").strip() == "done y5mjfk: Run 300 km over the quarter"


def test_push_without_a_remote_is_one_line(tmp_path: Path):
    root = example_repo(tmp_path)
    result = journal(root, "push", expect=9)
    assert result.stdout == ""
    assert result.stderr == "Error: this journal has no remote ('journal git remote add origin URL' adds one)\n"


def test_a_push_behind_the_remote_says_to_pull_first(tmp_path: Path):
    root = example_repo(tmp_path)
    remote = with_remote(tmp_path, root)
    other = clone(tmp_path, remote, "b")
    journal(other, "done", "y5mjfk")
    journal(other, "push")
    journal(root, "start", "2lfopa")
    result = journal(root, "push", expect=9)
    assert (
        result.stderr == "Error: origin/main has changes this journal does not have ('journal pull' first, then push)\n"
    )
    journal(root, "pull")
    assert journal(root, "push").stdout == "Pushed main to origin/main.\n"


def test_push_to_an_unreachable_remote_is_one_line(tmp_path: Path):
    root = example_repo(tmp_path)
    with_remote(tmp_path, root)
    shutil.rmtree(tmp_path / "remote.git")
    journal(root, "done", "y5mjfk")
    result = journal(root, "push", expect=9)
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("Error: cannot push to origin/main: ")


def test_push_outside_a_repository_is_one_line(journal_dir: Path, git_home: Path):
    result = journal(journal_dir, "push", expect=9)
    assert result.stderr == f"Error: {journal_dir} is not a git repository ('journal git init' makes it one)\n"


def test_push_during_an_unfinished_merge_says_what_pull_says(tmp_path: Path):
    root = example_repo(tmp_path)
    remote = with_remote(tmp_path, root)
    other = clone(tmp_path, remote, "b")
    journal(other, "sync")
    for where, words in ((root, "Run 320 km over the quarter"), (other, "Run 280 km over the quarter")):
        q1 = where / "entries" / "2025-q1.md"
        q1.write_text(q1.read_text().replace("Run 300 km over the quarter", words))
        journal(where, "sync")
    journal(other, "push")
    journal(root, "pull", expect=4)
    pushed = journal(root, "push", expect=9)
    assert pushed.stderr == (
        "Error: a merge is not finished (entries/2025-q1.md) (resolve the conflicts, then run 'journal sync')\n"
    )
    assert pushed.stderr == journal(root, "pull", expect=9).stderr
