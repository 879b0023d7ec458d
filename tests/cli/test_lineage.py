"""A goal is one thing across periods: links, status changes at the latest link, `journal show`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_core_loop import Q4
from tests.conftest import write


def test_show_tells_the_whole_story_and_status_changes_go_to_the_latest_link(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    old = next(g for g in json.loads(run("goals", "--json").stdout) if g["text"] == "Write the RFC")
    run("new", "2025-q1")
    new = next(g for g in json.loads(run("goals", "--json").stdout) if g["text"] == "Write the RFC")
    assert new["carried_from"] == old["id"] and new["source"] == "entries/2025-q1.md"
    # Checking off the old id settles the goal where it lives now.
    assert run("done", old["id"]).stdout == f"Done {new['id']}  Write the RFC\n"
    assert "- [x] Write the RFC" in (journal_dir / "entries" / "2025-q1.md").read_text()
    assert "- [>] Write the RFC" in (journal_dir / "entries" / "2024-q4.md").read_text()
    story = run("show", old["id"]).stdout.splitlines()
    assert story[0] == f"{new['id']}  Write the RFC"
    assert story[1] == "done, checkbox, for 2025-q1, carried 1 period"
    assert story[3] == f"2024-q4  {old['id']}  carried  entries/2024-q4.md:13  (Goals for Q4 2024)"
    assert story[4].endswith("open by document") and story[5].endswith("carried (was open) by new")
    assert any(line.startswith(f"2025-q1  {new['id']}  done  entries/2025-q1.md:") for line in story)
    assert story[-1].endswith("done (was open) by cli")
    links = json.loads(run("show", new["id"], "--json").stdout)
    assert [link["id"] for link in links] == [old["id"], new["id"]]


def test_a_goal_copied_by_hand_into_the_next_document_is_linked(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    run("sync")
    write(journal_dir, "entries/2025-q1.md", "# Q1 2025\n\n## Goals for Q1 2025\n\n- [/] Run a 10k\n")
    open_goals = json.loads(run("goals", "--json").stdout)
    run_goal = [g for g in open_goals if g["text"] == "Run a 10k"]
    assert len(run_goal) == 1 and run_goal[0]["status"] == "in_progress" and run_goal[0]["carried_from"]


def test_show_an_unknown_id_is_an_error(run):
    assert run("show", "nothing", expect=3).stderr == (
        "Error: no goal matches 'nothing' ('journal goals --all' lists the ids)\n"
    )
