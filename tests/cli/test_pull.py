"""`journal pull`: hand edits committed first, git's fetch and merge, the journal synced and committed, and
what came from the other side printed; conflicts left for the person, named, with how to finish."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from journal.documents import HOW_TO_RESOLVE
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


def two_devices(tmp_path: Path) -> tuple[Path, Path]:
    """Device A (the example journal, pushed) and device B (a clone of it, its drivers registered)."""
    a = example_repo(tmp_path, "a")
    remote = with_remote(tmp_path, a)
    b = clone(tmp_path, remote, "b")
    journal(b, "sync")
    return a, b


def edit_q1_and_push(root: Path, old: str, new: str) -> None:
    """A hand edit of the device's Q1 document (``old`` replaced by ``new``), synced and pushed."""
    q1 = root / "entries" / "2025-q1.md"
    q1.write_text(q1.read_text().replace(old, new))
    journal(root, "sync")
    journal(root, "push")


def reword_on_both(a: Path, b: Path) -> None:
    """Both devices reword one goal differently (320 km on A, 280 km on B): the conflict left to a person."""
    for root, words in ((a, "Run 320 km over the quarter"), (b, "Run 280 km over the quarter")):
        q1 = root / "entries" / "2025-q1.md"
        q1.write_text(q1.read_text().replace("Run 300 km over the quarter", words))
        journal(root, "sync")


def test_pull_brings_the_other_devices_decisions_and_says_what_changed(tmp_path: Path):
    a, b = two_devices(tmp_path)
    journal(a, "done", "y5mjfk")
    journal(a, "add", "Book the team offsite", "--period", "2025-q1")
    journal(a, "push")
    journal(b, "start", "2lfopa")  # a change of B's own, in another document
    result = journal(b, "pull")
    added = next(line for line in result.stdout.splitlines() if line.startswith("+ "))
    assert added.endswith("  Book the team offsite  (entries/2025-q1.md:46)"), result.stdout
    assert result.stdout.splitlines()[1:] == [
        "~ y5mjfk  Run 300 km over the quarter  (open → done)",
        "Merged 2 commits from origin/main: 1 added, 1 changed, 0 removed.",
    ]
    assert result.stderr == ""
    assert "- [x] Run 300 km over the quarter" in (b / "entries" / "2025-q1.md").read_text()
    assert "- [/] Complete the GraphQL migration" in (b / "entries" / "2024-q4-report.md").read_text()
    assert git(b, "status", "--porcelain") == ""
    assert subjects(b)[0] == "Merge branch 'main' of " + str(tmp_path / "remote")
    assert journal(b, "pull").stdout == "Already up to date with origin/main.\n"
    journal(b, "push")
    assert journal(a, "pull").stdout.splitlines() == [
        "~ 2lfopa  Complete the GraphQL migration of the tracking API  (open → in progress)",
        "Merged 2 commits from origin/main: 0 added, 1 changed, 0 removed.",
    ]
    assert journal(a, "goals", "--all", "--json").stdout == journal(b, "goals", "--all", "--json").stdout


def test_pull_commits_pending_hand_edits_first(tmp_path: Path):
    a, b = two_devices(tmp_path)
    journal(a, "done", "y5mjfk")
    journal(a, "push")
    notes = b / "entries" / "2024-q4.md"
    notes.write_text(notes.read_text() + "\nWritten on device B.\n")
    journal(b, "pull")
    assert "edit by hand: entries/2024-q4.md" in subjects(b)
    assert "Written on device B." in git(b, "show", "HEAD:entries/2024-q4.md")


def test_a_conflict_is_named_every_command_refuses_it_alike_and_sync_finishes_the_merge(tmp_path: Path):
    a, b = two_devices(tmp_path)
    reword_on_both(a, b)
    journal(a, "push")
    # Until engineer gitmerge's drivers are merged, stand-ins: the ledger's keeps B's (the real one merges goal
    # by goal and never conflicts); the document's is git's own merge, which leaves a conflict's markers as the
    # real one does for words both sides changed.
    git(b, "config", "merge.journal-ledger.driver", "/bin/true %O %A %B %P")
    git(b, "config", "merge.journal-document.driver", f"{shutil.which('git')} merge-file %A %O %B")
    result = journal(b, "pull", expect=4)
    assert result.stdout == "Conflict: entries/2025-q1.md\n"
    assert result.stderr == (
        f"Error: the pull from origin/main left git conflict markers in entries/2025-q1.md; {HOW_TO_RESOLVE}\n"
    )
    q1 = b / "entries" / "2025-q1.md"
    text = q1.read_text()
    assert "Run 320 km over the quarter" in text and "Run 280 km over the quarter" in text  # both sides kept
    refused = journal(b, "goals", expect=4)
    assert refused.stderr.startswith(f"Error: {q1} line ")
    assert refused.stderr.endswith(f"holds git conflict markers; {HOW_TO_RESOLVE}\n")
    assert journal(b, "pull", expect=9).stderr.startswith("Error: a merge is not finished")
    lines = text.splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(("<<<<<<<", "=======", ">>>>>>>")) and "320 km" not in line]
    q1.write_text("".join(kept))
    journal(b, "sync")
    assert subjects(b)[0] == "merge finished with journal sync; resolved entries/2025-q1.md by hand"
    assert not (b / ".git" / "MERGE_HEAD").exists()
    assert git(b, "status", "--porcelain") == ""
    journal(b, "push")
    journal(a, "pull")
    assert "Run 280 km over the quarter" in (a / "entries" / "2025-q1.md").read_text()


def test_pull_without_a_remote_an_upstream_or_a_repository_is_one_line(tmp_path: Path):
    a = example_repo(tmp_path)
    assert journal(a, "pull", expect=9).stderr == (
        "Error: this journal has no remote ('journal git remote add origin URL' adds one)\n"
    )
    git(a, "remote", "add", "origin", str(tmp_path / "remote.git"))
    assert journal(a, "pull", expect=9).stderr == (
        "Error: the current branch has no upstream branch ('journal push' sets it on the first push)\n"
    )
    plain = tmp_path / "plain"
    shutil.copytree(a, plain, ignore=shutil.ignore_patterns(".git"))
    assert journal(plain, "pull", expect=9).stderr == (
        f"Error: {plain} is not a git repository ('journal git init' makes it one)\n"
    )


def test_pull_from_an_unreachable_remote_is_one_line_and_changes_nothing(tmp_path: Path):
    a, b = two_devices(tmp_path)
    shutil.move(tmp_path / "remote.git", tmp_path / "moved.git")
    before = git(b, "rev-parse", "HEAD")
    result = journal(b, "pull", expect=9)
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("Error: cannot reach origin: ")
    assert git(b, "rev-parse", "HEAD") == before


def test_the_scenario_of_issue_12(tmp_path: Path):
    """A runs `new 2025-q2` while B decides on Q1 goals; B's decisions land on the Q2 links, once each."""
    a, b = two_devices(tmp_path)
    journal(a, "new", "2025-q2")
    journal(a, "push")
    journal(b, "done", "y5mjfk")
    journal(b, "start", "v8iped")
    result = journal(b, "pull")
    assert "Conflict" not in result.stdout and result.stderr == ""
    # The goals A carried are one goal each: their new line, carried from Q1, and no "→ carried" besides.
    assert "+ y5mjfk  Run 300 km over the quarter  (entries/2025-q2.md:43, carried from 2025-q1)" in result.stdout
    assert "→ carried" not in result.stdout
    links = json.loads(journal(b, "goals", "--all", "--json").stdout)
    latest = {goal["id"]: goal for goal in links if goal["carried_to"] is None}
    assert latest["y5mjfk"]["period"] == "2025-q2" and latest["y5mjfk"]["status"] == "done"
    assert latest["v8iped"]["period"] == "2025-q2" and latest["v8iped"]["status"] == "in_progress"
    for goal_id, status in (("y5mjfk", "done"), ("v8iped", "in_progress")):
        entries = [e for g in links if g["id"] == goal_id for e in g["history"] if e["status"] == status]
        assert len(entries) == 1, entries
    for path in [*b.glob("entries/*.md"), *b.glob("ledger/**/*.toml")]:
        assert "<<<<<<<" not in path.read_text(), path


def test_pull_from_a_named_remote_and_branch(tmp_path: Path):
    """`journal pull REMOTE BRANCH` pulls from another device's folder directly, no upstream needed."""
    a, b = two_devices(tmp_path)
    journal(a, "done", "y5mjfk")
    result = journal(b, "pull", str(a), "main")
    assert result.stdout == (
        "~ y5mjfk  Run 300 km over the quarter  (open → done)\n"
        f"Merged 1 commit from {a}/main: 0 added, 1 changed, 0 removed.\n"
    )
    assert git(b, "status", "--porcelain") == ""
    assert journal(b, "pull", "--", "-x", expect=2).stderr.startswith("Error: '-x' is not a remote or a branch")


def test_decisions_on_goals_the_other_side_carried_are_one_line_a_goal(tmp_path: Path):
    """A carries Q1 into Q2 while B decides on Q1 links: each side's pull lists each goal once, by its one id."""
    a, b = two_devices(tmp_path)
    journal(a, "new", "2025-q2")
    journal(a, "push")
    journal(b, "drop", "hq0e24")
    journal(b, "done", "v8iped")
    pulled_by_b = journal(b, "pull").stdout.splitlines()
    # hq0e24 was written in the 2024-q4 report FOR 2025-q1: carried from the period it was for.
    assert (
        "+ hq0e24  Onboard Farid and Lucía, both on-call by the end of March  (entries/2025-q2.md:40, "
        "carried from 2025-q1)"
    ) in pulled_by_b
    assert (
        "+ 2lfopa  Complete the GraphQL migration of the tracking API  (entries/2025-q2.md:37, carried from 2025-q1)"
        in pulled_by_b
    )
    assert not [line for line in pulled_by_b if "carried from 2024-q4" in line]
    assert len({line.split()[1] for line in pulled_by_b[:-1]}) == len(pulled_by_b) - 1  # no goal twice
    journal(b, "push")
    assert journal(a, "pull").stdout.splitlines() == [
        "~ hq0e24  Onboard Farid and Lucía, both on-call by the end of March  (open → dropped)",
        "~ v8iped  Write the service-ownership RFC  (open → done)",
        "Merged 4 commits from origin/main: 0 added, 2 changed, 0 removed.",
    ]


def test_a_goal_carried_and_decided_on_the_other_side_is_one_line_with_its_status(tmp_path: Path):
    a, b = two_devices(tmp_path)
    journal(a, "new", "2025-q2")
    journal(a, "done", "y5mjfk")
    journal(a, "push")
    pulled = journal(b, "pull").stdout.splitlines()
    assert [line for line in pulled if " y5mjfk " in line] == [
        "+ y5mjfk  Run 300 km over the quarter  (entries/2025-q2.md:43, carried from 2025-q1, open → done)"
    ]


def test_words_changed_on_the_other_side_are_reported_and_counted(tmp_path: Path):
    a, b = two_devices(tmp_path)
    edit_q1_and_push(a, "Run 300 km over the quarter", "Run 280 km over the quarter")
    assert journal(b, "pull").stdout.splitlines() == [
        "~ y5mjfk  Run 280 km over the quarter  (text)",
        "Merged 1 commit from origin/main: 0 added, 1 changed, 0 removed.",
    ]
    edit_q1_and_push(b, "- [ ] Run 280 km over the quarter", "- [x] Run 250 km over the quarter")
    assert journal(a, "pull").stdout.splitlines() == [
        "~ y5mjfk  Run 250 km over the quarter  (text, open → done)",
        "Merged 1 commit from origin/main: 0 added, 1 changed, 0 removed.",
    ]


def test_a_goal_gone_on_the_other_side_is_one_line(tmp_path: Path):
    a, b = two_devices(tmp_path)
    edit_q1_and_push(a, "- [ ] Run 300 km over the quarter\n", "")
    assert journal(b, "pull").stdout.splitlines() == [
        "- y5mjfk  Run 300 km over the quarter  (gone from entries/2025-q1.md)",
        "Merged 1 commit from origin/main: 0 added, 0 changed, 1 removed.",
    ]


@pytest.mark.parametrize("given", ["missing", "./nope", "https://invalid.invalid/x.git"])
def test_an_unreachable_remote_given_by_path_or_url_is_named_as_given(tmp_path: Path, given: str):
    a, b = two_devices(tmp_path)
    source = str(tmp_path / given) if given == "missing" else given
    result = journal(b, "pull", source, expect=9)
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"Error: cannot reach {source}: "), result.stderr


def test_a_conflict_resolved_on_the_other_device_is_reported_as_the_words_changed(tmp_path: Path):
    a, b = two_devices(tmp_path)
    reword_on_both(a, b)
    journal(b, "push")
    journal(a, "pull", expect=4)
    q1 = a / "entries" / "2025-q1.md"
    kept = [
        line
        for line in q1.read_text().splitlines(keepends=True)
        if not line.startswith(("<<<<<<<", "=======", ">>>>>>>"))
    ]
    q1.write_text("".join(line for line in kept if "280 km" not in line).replace("320 km", "290 km"))
    journal(a, "sync")
    journal(a, "push")
    assert journal(b, "pull").stdout.splitlines() == [
        "~ y5mjfk  Run 290 km over the quarter  (text)",
        "Merged 2 commits from origin/main: 0 added, 1 changed, 0 removed.",
    ]


def test_a_conflict_finished_the_git_way_is_read_by_the_next_command(tmp_path: Path):
    """The README says git's own `git add` and `git commit` finish a conflict too: the journal follows."""
    a, b = two_devices(tmp_path)
    reword_on_both(a, b)
    journal(a, "push")
    journal(b, "pull", expect=4)
    q1 = b / "entries" / "2025-q1.md"
    lines = q1.read_text().splitlines(keepends=True)
    q1.write_text(
        "".join(line for line in lines if not line.startswith(("<<<<<<<", "=======", ">>>>>>>", "- [ ] Run 320")))
    )
    git(b, "add", "entries/2025-q1.md")
    git(b, "commit", "--quiet", "--no-edit")
    shown = json.loads(journal(b, "goals", "--all", "--json").stdout)
    assert [goal["text"] for goal in shown if goal["id"] == "y5mjfk" and goal["period"] == "2025-q1"] == [
        "Run 280 km over the quarter"
    ]
    assert git(b, "status", "--porcelain") == ""
    journal(b, "push")
    assert journal(a, "pull").stdout.splitlines()[0] == "~ y5mjfk  Run 280 km over the quarter  (text)"
