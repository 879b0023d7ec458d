"""journal.bare_sync: a bare `journal sync` with something to sync, run without click, says and does exactly
what the full command says and does; where it cannot (a git repository, a failure), the full command runs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import snapshot, write
from tests.test_entry import Q1, both, journal, same  # noqa: F401 - journal: the fixture


def files_alike(root: Path) -> None:
    assert snapshot(root) == snapshot(root.parent / f"{root.name}-twin")


def test_goals_added_changed_and_removed(journal: Path):  # noqa: F811
    write(journal, "entries/2025-q1.md", "# Q1 2025\n\n## Goals\n\n- [x] Write the RFC\n- [ ] Book the venue\n")
    entry, used_click, cli = both(journal, "sync")
    assert not used_click
    assert entry.stdout.splitlines()[-1] == "Synced 1 document: 1 added, 1 changed, 1 removed."
    same(entry, cli)
    files_alike(journal)


def test_lines_not_taken_go_to_stderr_in_order(journal: Path):  # noqa: F811
    quoted = "> - [ ] a task in a quote\n> - [ ] another\n"
    write(journal, "entries/2025-q1.md", Q1 + "\n" + quoted + "\n\x1b[31mred\x1b[0m\n- [ ] Say \x1b[31mhi\n")
    entry, used_click, cli = both(journal, "sync")
    assert not used_click
    assert "not taken" in entry.stderr and "\\x1b" in entry.stdout and "\x1b" not in entry.stdout
    same(entry, cli)
    files_alike(journal)


def test_a_new_document_and_a_gone_one(journal: Path):  # noqa: F811
    (journal / "entries" / "2025-q1.md").unlink()
    write(journal, "entries/2025-q2.md", "# Q2 2025\n\n## Goals\n\n- [ ] Write the RFC\n")
    entry, used_click, cli = both(journal, "sync")
    assert not used_click
    same(entry, cli)
    files_alike(journal)


def test_a_failure_is_the_full_commands_error(journal: Path):  # noqa: F811
    write(journal, "entries/2025-q1.md", "---\nperiod: [unclosed\n---\n" + Q1)
    before = snapshot(journal)
    entry, used_click, cli = both(journal, "sync")
    assert used_click and entry.returncode != 0 and entry.stderr.startswith("Error: ")
    assert len(entry.stderr.splitlines()) == 1
    same(entry, cli)
    assert snapshot(journal) == before  # nothing changed, by either run


def test_a_git_repository_goes_through_the_full_command(journal: Path):  # noqa: F811
    try:
        subprocess.run(["git", "init", "-q", str(journal)], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("git is not available")
    write(journal, "entries/2025-q1.md", Q1 + "- [ ] Book the venue\n")
    entry, used_click, cli = both(journal, "sync")
    assert used_click
    same(entry, cli)
