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
    assert new["carried_from"] == old["link_id"] and new["source"] == "entries/2025-q1.md"
    assert new["id"] == old["id"] == old["link_id"] != new["link_id"]  # one id for the goal: its first link's
    # Checking off the old id settles the goal where it lives now.
    assert run("done", old["link_id"]).stdout == f"Done {old['id']}  Write the RFC\n"
    assert "- [x] Write the RFC" in (journal_dir / "entries" / "2025-q1.md").read_text()
    assert "- [>] Write the RFC" in (journal_dir / "entries" / "2024-q4.md").read_text()
    story = run("show", new["link_id"]).stdout.splitlines()
    assert story[0] == f"{old['id']}  Write the RFC"
    assert story[1] == "done, checkbox, for 2025-q1, carried 1 period"
    assert story[3] == f"2024-q4  {old['link_id']}  carried  entries/2024-q4.md:13  (Goals for Q4 2024)"
    assert story[4].endswith("open by document") and story[5].endswith("carried (was open) by new")
    assert any(line.startswith(f"2025-q1  {new['link_id']}  done  entries/2025-q1.md:") for line in story)
    assert story[-1].endswith("done (was open) by cli")
    links = json.loads(run("show", new["link_id"], "--json").stdout)
    assert [link["link_id"] for link in links] == [old["link_id"], new["link_id"]]
    assert [link["id"] for link in links] == [old["id"], old["id"]]


def test_a_goal_copied_by_hand_into_the_next_document_is_linked(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    run("sync")
    write(journal_dir, "entries/2025-q1.md", "# Q1 2025\n\n## Goals for Q1 2025\n\n- [/] Run a 10k\n")
    open_goals = json.loads(run("goals", "--json").stdout)
    run_goal = [g for g in open_goals if g["text"] == "Run a 10k"]
    assert len(run_goal) == 1 and run_goal[0]["status"] == "in_progress" and run_goal[0]["carried_from"]


def test_two_goals_with_the_same_words_in_one_period_continue_in_one_line(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", "# Q4\n\n## Goals\n\n- [/] Mirror config\n")
    write(journal_dir, "entries/2024-q4-report.md", "# Report\n\n## Goals\n\n- [ ] Mirror config\n")
    run("new", "2025-q1")
    text = (journal_dir / "entries" / "2025-q1.md").read_text()
    assert text.count("Mirror config") == 1
    assert [g["source"] for g in json.loads(run("goals", "--json").stdout)] == ["entries/2025-q1.md"]


def test_same_words_twice_keep_their_ids_when_lines_are_inserted_above(run, journal_dir: Path):
    doc = write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [ ] Call mom\n- [ ] Read\n- [x] Call mom\n")
    before = [(g["id"], g["status"]) for g in json.loads(run("goals", "--all", "--json").stdout)]
    doc.write_text("# Goals\n\nIntro\n\n- [ ] Call mom\n- [ ] Read\n- [x] Call mom\n")
    assert run("sync").stdout == "Nothing changed.\n"
    assert [(g["id"], g["status"]) for g in json.loads(run("goals", "--all", "--json").stdout)] == before


def test_a_goal_marked_carried_by_hand_is_brought_into_the_next_period(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [>] Carry me\n- [x] Done\n")
    run("new", "2025-q2")
    assert "- [ ] Carry me\n" in (journal_dir / "entries" / "2025-q2.md").read_text()
    assert [g["text"] for g in json.loads(run("goals", "--json").stdout)] == ["Carry me"]


def test_a_goal_copied_by_hand_counts_as_carried_everywhere(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", "# Q4\n\n## Goals\n\n- [/] Mirror config\n- [x] Ship it\n")
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [x] Mirror config\n")
    q4 = {g["text"]: g for g in json.loads(run("export").stdout) if g["period"] == "2024-q4"}
    assert q4["Mirror config"]["status"] == "carried" and q4["Mirror config"]["carried_to"]
    rows = {r["period"]: r for r in json.loads(run("stats", "--json").stdout)["periods"]}
    assert (rows["2024-q4"]["open"], rows["2024-q4"]["in_progress"], rows["2024-q4"]["carried_out"]) == (0, 0, 1)
    assert "Mirror config" not in run("review", "2024-q4", "--print").stdout.split("## Questions")[0]
    # Its old line still says [/]; editing that document elsewhere does not bring it back to life.
    doc = journal_dir / "entries" / "2024-q4.md"
    doc.write_text(doc.read_text() + "\nA note.\n")
    run("sync")
    q4 = {g["text"]: g for g in json.loads(run("export").stdout) if g["period"] == "2024-q4"}
    assert q4["Mirror config"]["status"] == "carried"
