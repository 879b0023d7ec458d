"""`journal git init`, `journal git ARGS...`, the drivers registered in a fresh clone, autocommit, who decided."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from journal.git_drivers import GITATTRIBUTES, driver_command
from tests.conftest import EXAMPLES
from tests.gitjournal import (
    clone,
    example_repo,
    git,
    journal,
    subjects,
    with_remote,
)

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.usefixtures("git_home"),
]

REGISTERED = "Registered journal's merge drivers (journal-ledger and journal-document) in .git/config\n"


def test_git_init_makes_the_journal_a_repository_with_one_commit(tmp_path: Path):
    root = tmp_path / "a"
    shutil.copytree(EXAMPLES, root)
    result = journal(root, "git", "init")
    assert result.stdout == (
        f"Initialised a git repository in {root}\n"
        "Wrote .gitignore, .gitattributes, journal.toml ([git] autocommit = true)\n"
        "Registered journal's merge drivers (journal-ledger and journal-document) in .git/config\n"
        "Committed: journal: keep this journal in git\n"
    )
    assert (root / ".gitattributes").read_text() == GITATTRIBUTES
    assert ".journal/" in (root / ".gitignore").read_text().splitlines()
    assert (
        (root / "journal.toml")
        .read_text()
        .endswith("\n[git]\nautocommit = true             # one git commit per change; false to commit yourself\n")
    )
    assert git(root, "config", "merge.journal-ledger.driver").strip() == driver_command("ledger")
    assert git(root, "config", "merge.journal-document.driver").strip() == driver_command("document")
    assert git(root, "config", "merge.journal-ledger.name").strip() == "journal: merge a ledger file goal by goal"
    assert subjects(root) == ["journal: keep this journal in git"]
    assert git(root, "status", "--porcelain") == ""
    assert {"entries/2025-q1.md", "ledger/2025-q1.toml"} <= set(git(root, "ls-files").splitlines())  # synced first


def test_git_init_appends_to_existing_files_and_twice_changes_nothing(tmp_path: Path):
    root = tmp_path / "a"
    shutil.copytree(EXAMPLES, root)
    (root / ".gitignore").write_text("*.pdf\n.journal/\n")
    (root / ".gitattributes").write_text("*.png binary")  # no final newline
    journal(root, "git", "init")
    assert (root / ".gitignore").read_text() == "*.pdf\n.journal/\n"  # it ignored .journal/ already
    assert (root / ".gitattributes").read_text() == "*.png binary\n" + GITATTRIBUTES
    again = journal(root, "git", "init")
    assert again.stdout == (
        "Registered journal's merge drivers (journal-ledger and journal-document) in .git/config\nNothing to commit\n"
    )
    assert (root / ".gitattributes").read_text() == "*.png binary\n" + GITATTRIBUTES
    assert subjects(root) == ["journal: keep this journal in git"]


def test_init_git_makes_a_new_journal_a_repository(tmp_path: Path):
    root = tmp_path / "new"
    result = journal(root, "init", "--git")
    assert result.stdout.splitlines()[:2] == [
        f"Initialised a journal in {root}",
        f"Initialised a git repository in {root}",
    ]
    assert subjects(root) == ["journal: keep this journal in git"]
    assert sorted(git(root, "ls-files").splitlines()) == [".gitattributes", ".gitignore", "journal.toml"]


def test_git_passes_anything_else_through_with_its_exit_code(tmp_path: Path):
    root = example_repo(tmp_path)
    journal(root, "git", "tag", "reviewed")
    assert git(root, "tag").split() == ["reviewed"]
    shown = subprocess.run(
        [sys.executable, "-m", "journal.cli", "--dir", str(root), "git", "log", "--format=%s", "-1"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout == "journal: keep this journal in git\n"
    failed = journal(root, "git", "rev-parse", "--verify", "--quiet", "no-such-branch", expect=1)
    assert failed.stderr == "Error: git rev-parse exited 1\n"
    assert journal(root, "git", "--oneline", expect=2).stderr.startswith("Error: No such option '--oneline'")
    assert journal(root, "git", expect=2).stderr == (
        "Error: journal git needs a git command (e.g. 'journal git log', 'journal git init')\n"
    )


def test_a_fresh_clone_registers_the_drivers_on_its_first_command(tmp_path: Path):
    root = example_repo(tmp_path)
    remote = with_remote(tmp_path, root)
    other = clone(tmp_path, remote, "b")
    assert git(other, "config", "--get-regexp", r"^merge\.", check=False) == ""
    first = journal(other, "goals", "--open")
    assert first.stderr == REGISTERED
    assert git(other, "config", "merge.journal-ledger.driver").strip() == driver_command("ledger")
    assert journal(other, "goals", "--open").stderr == ""  # once
    # A driver naming an interpreter that no longer exists is registered again.
    git(other, "config", "merge.journal-ledger.driver", "/gone/python3 -m journal.cli merge-driver ledger %O %A %B %P")
    assert journal(other, "goals").stderr == "Registered journal's merge drivers (journal-ledger) in .git/config\n"


def test_everyday_commands_spawn_no_git_when_nothing_is_needed(tmp_path: Path, monkeypatch):
    root = example_repo(tmp_path)
    plain = tmp_path / "plain"
    shutil.copytree(EXAMPLES, plain)
    journal(plain, "sync")

    def no_git(*args, **kwargs):
        raise AssertionError(f"git was run: {args}")

    monkeypatch.setattr(subprocess, "run", no_git)
    monkeypatch.setattr(subprocess, "Popen", no_git)
    for folder in (root, plain):
        journal(folder, "goals", "--open")
        journal(folder, "status")
        journal(folder, "show", "2025-q1")


def test_a_repository_the_journal_merely_sits_in_is_never_touched(tmp_path: Path):
    outer = tmp_path / "notes"
    outer.mkdir()
    git(outer, "init", "--quiet")
    (outer / ".gitattributes").write_text(GITATTRIBUTES)  # even routing to journal's drivers
    root = outer / "journal"
    shutil.copytree(EXAMPLES, root)
    (root / "journal.toml").write_text((root / "journal.toml").read_text() + "\n[git]\nautocommit = true\n")
    journal(root, "sync")
    journal(root, "done", "y5mjfk")
    assert git(outer, "log", "--oneline", check=False) == ""
    assert "journal" not in git(outer, "config", "--list")


def test_autocommit_messages(tmp_path: Path):
    root = example_repo(tmp_path)
    journal(root, "done", "y5mjfk")
    journal(root, "start", "2lfopa", "5bcanh")
    journal(root, "drop", "hq0e24", "--reason", "moved teams")
    journal(root, "reopen", "hq0e24")
    brought = journal(root, "new", "2025-q2").stderr
    assert "Brought in 10 planned and 7 unfinished goals" in brought
    assert subjects(root)[:6] == [
        "new 2025-q2: brought in 17 goals",
        "reopen hq0e24: Onboard Farid and Lucía, both on-call by the end of March",
        "drop hq0e24: Onboard Farid and Lucía, both on-call by the end of March",
        "start 2lfopa 5bcanh: 2 goals",
        "done y5mjfk: Run 300 km over the quarter",
        "journal: keep this journal in git",
    ]
    assert git(root, "status", "--porcelain") == ""
    assert git(root, "show", "--stat", "--format=", "HEAD~4").split("\n")[0].strip().startswith("entries/")


def test_review_commit_counts_its_decisions(tmp_path: Path):
    root = example_repo(tmp_path)
    journal(root, "review", "2025-q1", input="d\nd\nq\n")  # two goals done, then stop: one commit
    assert subjects(root)[:2] == ["review 2025-q1: 2 done", "journal: keep this journal in git"]


def test_hand_edits_are_committed_first_with_the_documents_named(tmp_path: Path):
    root = example_repo(tmp_path)
    q1 = root / "entries" / "2025-q1.md"
    q1.write_text(q1.read_text().replace("Run 300 km over the quarter", "Run 320 km over the quarter"))
    with (root / "entries" / "2024-q4.md").open("a") as handle:
        handle.write("\nA line written by hand.\n")
    journal(root, "done", "2lfopa")
    assert subjects(root)[:2] == [
        "done 2lfopa: Complete the GraphQL migration of the tracking API",
        "edit by hand: entries/2024-q4.md, entries/2025-q1.md",
    ]
    by_hand = git(root, "show", "--name-only", "--format=", "HEAD~1").split()
    assert by_hand == ["entries/2024-q4.md", "entries/2025-q1.md"]
    assert "entries/2024-q4-report.md" in git(root, "show", "--name-only", "--format=", "HEAD").split()


def test_a_hand_edit_of_the_document_a_command_changes_is_its_own_commit(tmp_path: Path):
    root = example_repo(tmp_path)
    q1 = root / "entries" / "2025-q1.md"
    edited = q1.read_text().replace("Run 300 km over the quarter", "Run 320 km over the quarter")
    q1.write_text(edited)
    journal(root, "done", "v8iped")  # a goal of the same document
    assert subjects(root)[:2] == ["done v8iped: Write the service-ownership RFC", "edit by hand: entries/2025-q1.md"]
    assert git(root, "show", "HEAD~1:entries/2025-q1.md") == edited  # the hand edit alone, before the done
    assert git(root, "show", "HEAD:entries/2025-q1.md") == q1.read_text()
    assert git(root, "status", "--porcelain") == ""


def test_only_the_journals_files_are_committed_and_the_index_is_left_alone(tmp_path: Path):
    root = example_repo(tmp_path)
    (root / "scratch.txt").write_text("mine\n")
    (root / "staged.txt").write_text("staged by me\n")
    git(root, "add", "staged.txt")
    journal(root, "done", "y5mjfk")
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == [
        "entries/2025-q1.md",
        "ledger/2025-q1.toml",
    ]
    assert git(root, "status", "--porcelain").splitlines() == ["A  staged.txt", "?? scratch.txt"]


def test_a_refused_commit_loses_nothing(tmp_path: Path):
    root = example_repo(tmp_path)
    hook = root / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'no commits today' >&2\nexit 1\n")
    hook.chmod(0o755)
    result = journal(root, "done", "y5mjfk")
    assert result.stdout == "Done y5mjfk  Run 300 km over the quarter\n"
    assert (
        result.stderr == "Warning: the change is saved but not committed to git: git commit failed: no commits today\n"
    )
    assert "- [x] Run 300 km over the quarter" in (root / "entries" / "2025-q1.md").read_text()
    assert journal(root, "goals", "--done").stdout.count("y5mjfk") == 1
    hook.unlink()
    journal(root, "start", "2lfopa")  # the next command commits what was left
    assert subjects(root)[0] == "start 2lfopa: Complete the GraphQL migration of the tracking API"
    assert "- [x] Run 300 km over the quarter" in git(root, "show", "HEAD:entries/2025-q1.md")


def test_commits_fall_back_to_the_journals_author(tmp_path: Path, git_home: Path):
    root = example_repo(tmp_path)
    (git_home / ".gitconfig").write_text("[init]\n\tdefaultBranch = main\n")  # git knows no one
    journal(root, "done", "y5mjfk")
    assert git(root, "log", "-1", "--format=%an <%ae>").strip() == "Dana Whitfield <journal@localhost>"


def test_autocommit_off_commits_nothing(tmp_path: Path):
    root = example_repo(tmp_path)
    toml = root / "journal.toml"
    toml.write_text(toml.read_text().replace("autocommit = true", "autocommit = false"))
    git(root, "commit", "--quiet", "-am", "no autocommit")
    journal(root, "done", "y5mjfk")
    assert subjects(root)[0] == "no autocommit"
    assert git(root, "status", "--porcelain").split() == ["M", "entries/2025-q1.md", "M", "ledger/2025-q1.toml"]


def test_who_decided_is_recorded_and_shown(tmp_path: Path):
    root = example_repo(tmp_path)
    journal(root, "done", "y5mjfk")
    ledger = (root / "ledger" / "2025-q1.toml").read_text()
    assert 'status = "done", from = "open", by = "cli", who = "Ana Device"' in ledger
    assert "done (was open) by Ana Device (cli)" in journal(root, "show", "y5mjfk").stdout
    plain = tmp_path / "plain"  # not a repository: journal.toml's author
    shutil.copytree(EXAMPLES, plain)
    journal(plain, "done", "y5mjfk")
    assert 'by = "cli", who = "Dana Whitfield"' in (plain / "ledger" / "2025-q1.toml").read_text()


def test_no_git_installed_is_one_line(tmp_path: Path, monkeypatch):
    root = example_repo(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = journal(root, "push", expect=9)
    assert result.stderr == "Error: git is not installed (install git, then run the command again)\n"
