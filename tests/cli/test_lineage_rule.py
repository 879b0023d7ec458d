"""The lineage rule (issue 17): a goal is one thing across its links, whichever line a decision is written on.

The five cases the long simulated history found, as regression tests, then the rule's other edges, then the
numbers-agree test of issue 11: `list`, `stats`, `goals`, `show PERIOD` and the review's summary line give one
set of numbers for every period.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from journal.config import open_journal
from journal.lineage import previous_live_link, status_before_carried
from journal.periods import parse_period
from journal.stats import period_stats
from journal.sync import sync_journal
from tests.conftest import snapshot, write

Q1 = """# Q1 2024

## Goals

- [ ] Write the runbook
- [x] Ship the API

## Next Quarter Priorities

- [ ] Plan the offsite
"""


def goals(run, *args: str) -> list[dict]:
    return json.loads(run("goals", *args, "--json").stdout)


def by_text(run, text: str) -> list[dict]:
    """Every link of the goal with these words, oldest period first."""
    return [g for g in goals(run, "--all") if g["text"] == text]


def stats_rows(run) -> dict[str, dict]:
    return {row["period"]: row for row in json.loads(run("stats", "--json").stdout)["periods"]}


def counts(row: dict) -> tuple[int, int, int, int, int, int]:
    return row["set"], row["done"], row["in_progress"], row["open"], row["dropped"], row["carried_out"]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


# ------------------------------------------------------------------ the five cases of issue 17


@pytest.mark.parametrize("marker", ["x", "-"])
def test_1_a_decision_written_on_an_old_link_decides_the_goal(run, journal_dir: Path, marker: str):
    q1 = write(journal_dir, "entries/2024-q1.md", Q1)
    run("new", "2024-q2")
    q2 = journal_dir / "entries" / "2024-q2.md"
    assert "- [>] Write the runbook" in q1.read_text() and "- [ ] Write the runbook" in q2.read_text()
    edit(q1, "- [>] Write the runbook", f"- [{marker}] Write the runbook")
    status = {"x": "done", "-": "dropped"}[marker]
    old, new = by_text(run, "Write the runbook")
    # The latest link carries the decision, in the ledger and in its document; the old line keeps what was typed.
    assert (old["status"], new["status"]) == (status, status)
    assert f"- [{marker}] Write the runbook" in q2.read_text() and f"- [{marker}] Write the runbook" in q1.read_text()
    decided = goals(run, f"--{'done' if marker == 'x' else 'dropped'}")
    assert [g["link_id"] for g in decided if g["text"] == "Write the runbook"] == [new["link_id"]]
    assert new["history"][-1]["on"] == old["link_id"]
    rows = stats_rows(run)
    # Carried in Q1 (it lives on in Q2), decided in Q2.
    assert counts(rows["2024-q1"]) == (2, 1, 0, 0, 0, 1)
    assert counts(rows["2024-q2"])[0] == 2 and rows["2024-q2"][status if status == "done" else "dropped"] >= 1
    run("new", "2024-q3")
    assert "Write the runbook" not in (journal_dir / "entries" / "2024-q3.md").read_text()


def test_1_a_done_written_on_a_planned_line_is_counted_where_the_goal_lives(run, journal_dir: Path):
    q1 = write(journal_dir, "entries/2024-q1.md", Q1)
    run("new", "2024-q2")
    edit(q1, "- [>] Plan the offsite", "- [x] Plan the offsite")
    planned, new = by_text(run, "Plan the offsite")
    assert (planned["status"], new["status"], new["period"]) == ("done", "done", "2024-q2")
    rows = stats_rows(run)
    assert counts(rows["2024-q2"]) == (2, 1, 0, 1, 0, 0)  # the offsite done, the runbook open
    # Ticking the latest line back open is the latest decision: the goal is open again.
    edit(journal_dir / "entries" / "2024-q2.md", "- [x] Plan the offsite", "- [ ] Plan the offsite")
    assert [g["status"] for g in by_text(run, "Plan the offsite")] == ["done", "open"]
    assert counts(stats_rows(run)["2024-q2"]) == (2, 0, 0, 2, 0, 0)


def test_1_open_typed_on_an_old_line_is_not_a_decision(run, journal_dir: Path):
    q1 = write(journal_dir, "entries/2024-q1.md", Q1)
    run("new", "2024-q2")
    run("done", by_text(run, "Write the runbook")[0]["id"])
    edit(q1, "- [>] Write the runbook", "- [ ] Write the runbook")
    old, new = by_text(run, "Write the runbook")
    assert (old["status"], new["status"]) == ("carried", "done")


def test_1_the_latest_lines_own_marker_wins_when_both_change_together(run, journal_dir: Path):
    q1 = write(journal_dir, "entries/2024-q1.md", Q1)
    run("new", "2024-q2")
    edit(q1, "- [>] Write the runbook", "- [x] Write the runbook")
    edit(journal_dir / "entries" / "2024-q2.md", "- [ ] Write the runbook", "- [-] Write the runbook")
    assert [g["status"] for g in by_text(run, "Write the runbook")] == ["done", "dropped"]


@pytest.mark.parametrize("text", ["Plan the offsite", "Write the runbook"])
def test_2_deleting_the_latest_line_gives_the_goal_back_to_the_line_before(run, journal_dir: Path, text: str):
    q1 = write(journal_dir, "entries/2024-q1.md", Q1)
    run("new", "2024-q2")
    q2 = journal_dir / "entries" / "2024-q2.md"
    edit(q2, f"- [ ] {text}\n", "")
    old, gone = by_text(run, text)
    assert gone["status"] == "removed"
    assert (old["status"], old["carried_to"]) == ("open", None)
    assert f"- [ ] {text}\n" in q1.read_text()  # its line is the latest again: no longer [>]
    assert old["history"][-1]["on"] == gone["link_id"]
    rows = stats_rows(run)
    period = old["target"] or old["period"]
    assert rows[period]["open"] >= 1 and rows[period]["carried_out"] == 0
    assert rows["2024-q1"]["carried_out"] == (1 if text == "Plan the offsite" else 0)  # the other one is carried
    # The story is the same from either id, and `new` brings the goal in again.
    story = json.loads(run("show", old["link_id"], "--json").stdout)
    assert story == json.loads(run("show", gone["link_id"], "--json").stdout)


def test_2_a_deleted_line_written_back_continues_its_goal_again(run, journal_dir: Path):
    q1 = write(journal_dir, "entries/2024-q1.md", Q1)
    run("new", "2024-q2")
    q2 = journal_dir / "entries" / "2024-q2.md"
    before = q2.read_text()
    edit(q2, "- [ ] Write the runbook\n", "")
    run("sync")
    q2.write_text(before)
    old, new = by_text(run, "Write the runbook")
    assert (old["status"], old["carried_to"], new["status"]) == ("carried", new["link_id"], "open")
    assert "- [>] Write the runbook" in q1.read_text()


def test_2_every_line_deleted_removes_the_goal_and_its_counts(run, journal_dir: Path):
    q1 = write(journal_dir, "entries/2024-q1.md", Q1)
    run("new", "2024-q2")
    edit(journal_dir / "entries" / "2024-q2.md", "- [ ] Write the runbook\n", "")
    run("sync")
    edit(q1, "- [ ] Write the runbook\n", "")
    assert [g["status"] for g in by_text(run, "Write the runbook")] == ["removed", "removed"]
    rows = stats_rows(run)
    assert counts(rows["2024-q1"]) == (1, 1, 0, 0, 0, 0)


def test_3_done_on_a_removed_goal_is_exit_3_and_changes_nothing(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q1.md", Q1)
    run("new", "2024-q2")
    edit(journal_dir / "entries" / "2024-q2.md", "- [ ] Write the runbook\n", "")
    run("sync")
    gone = by_text(run, "Write the runbook")[1]
    before = snapshot(journal_dir)
    result = run("done", gone["link_id"], expect=3)
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: goal {gone['link_id']} was removed from entries/2024-q2.md")
    assert len(result.stderr.splitlines()) == 1
    assert snapshot(journal_dir) == before
    assert stats_rows(run)["2024-q1"]["done"] == 1  # Ship the API only


def test_4_the_same_words_in_two_documents_of_a_period_are_one_goal(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q1.md", Q1)
    write(journal_dir, "entries/2024-q1-report.md", "# Team\n\n## Next Quarter Priorities\n\n- [ ] Plan the offsite\n")
    result = run("new", "2024-q2")
    assert result.stderr == "Brought in 1 planned and 1 unfinished goal (1 from 2024-q1).\n"
    assert (journal_dir / "entries" / "2024-q2.md").read_text().count("Plan the offsite") == 1
    links = by_text(run, "Plan the offsite")
    assert len(links) == 3
    stories = {json.dumps(json.loads(run("show", g["link_id"], "--json").stdout)) for g in links}
    assert len(stories) == 1  # every id tells the same story
    assert run("show", links[-1]["link_id"]).stdout.splitlines()[0].startswith(links[0]["link_id"] + "  ")
    assert stats_rows(run)["2024-q2"]["set"] == 2  # the offsite once, the runbook


def test_4_two_earlier_goals_joined_in_one_line_tell_one_story(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q1.md", "# Q1\n\n## Goals\n\n- [/] Mirror config\n")
    write(journal_dir, "entries/2024-q1-report.md", "# Report\n\n## Goals\n\n- [ ] Mirror config\n")
    run("new", "2024-q2")
    links = by_text(run, "Mirror config")
    shown = [[link["link_id"] for link in json.loads(run("show", g["link_id"], "--json").stdout)] for g in links]
    assert shown[0] == shown[1] == shown[2] and shown[0][-1] == links[-1]["link_id"]
    assert counts(stats_rows(run)["2024-q1"]) == (1, 0, 0, 0, 0, 1)


def test_5_the_summary_line_new_writes_agrees_with_stats(run, journal_dir: Path):
    lines = "".join(f"- [{'x' if n < 2 else ' '}] Goal {n}\n" for n in range(7))
    write(journal_dir, "entries/2024-q1.md", f"# Q1\n\n## Goals\n\n{lines}")
    run("new", "2024-q2")
    text = (journal_dir / "entries" / "2024-q2.md").read_text()
    assert "**Q1 2024 goals**: 2 of 7 done (29%), 0 open, 0 dropped, 5 carried\n" in text
    assert counts(stats_rows(run)["2024-q1"]) == (7, 2, 0, 0, 0, 5)


# ------------------------------------------------------------------ the rule, on the core


def test_the_core_helpers(journal_dir: Path, run):
    write(journal_dir, "entries/2024-q1.md", Q1)
    run("new", "2024-q2")
    journal, _created = open_journal(str(journal_dir))
    ledger, _report = sync_journal(journal)
    old = next(g for g in ledger.goals.values() if g.text == "Write the runbook" and g.document_period == "2024-q1")
    new = ledger.goals[old.carried_to]
    assert ledger.latest(old) is new and ledger.latest(new) is new and previous_live_link(ledger, new) is old
    assert ledger.lives_on(old) and ledger.lives_on(old, for_period="2024-q2") and not ledger.lives_on(new)
    assert status_before_carried(old) == "open"
    stats = period_stats(ledger, parse_period("2024-q1"))
    assert (stats.set, stats.done, stats.carried_out) == (2, 1, 1)


# ------------------------------------------------------------------ one set of numbers (issue 11, item 6)

NUMBERS_Q1 = """# Q1 2025

## Goals

- [ ] Write the runbook
- [x] Ship the API
- [ ] Mirror config
- [-] Evaluate the mesh
- [/] Hire two engineers
- [ ] Deleted later

## Next Quarter Priorities

- [ ] Plan the offsite
"""

NUMBERS_REPORT = """# Team report Q1 2025

## Goals

- [ ] Mirror config
- [x] Publish the handbook
"""


def _numbers(run, journal_dir: Path, period: str) -> dict[str, tuple]:
    """The counts of one period as the five views give them: (set, done, open incl. in progress, dropped, carried)."""
    stats = stats_rows(run)[period]
    views = {"stats": (stats["set"], stats["done"], stats["open"] + stats["in_progress"], stats["dropped"],
                       stats["carried_out"])}  # fmt: skip
    rows = [r for r in json.loads(run("list", "--json").stdout) if r["period"] == period]
    views["list"] = tuple(sum(r[k] for r in rows) for k in ("goals", "done", "open", "dropped", "carried"))
    shown = json.loads(run("show", period, "--json").stdout)
    views["show"] = (shown["set"], shown["done"], shown["open"] + shown["in_progress"], shown["dropped"],
                     shown["carried_out"])  # fmt: skip
    every = {g["link_id"]: g for g in goals(run, "--all")}

    def next_live(link: dict) -> dict | None:
        while link["carried_to"] in every:
            link = every[link["carried_to"]]
            if link["status"] != "removed":
                return link
        return None

    def later_live(link: dict) -> dict | None:
        found = None
        while link["carried_to"] in every:
            link = every[link["carried_to"]]
            found = link if link["status"] != "removed" else found
        return found

    mine = [g for g in goals(run, "--all", "--period", period) if (g["target"] or g["period"]) == period]
    counted = [g for g in mine if g["status"] != "removed" and ((n := next_live(g)) is None or
               (n["target"] or n["period"]) != period)]  # fmt: skip
    status = ["carried" if later_live(g) else g["status"] for g in counted]
    views["goals"] = (len(counted), status.count("done"), status.count("open") + status.count("in_progress"),
                      status.count("dropped"), status.count("carried"))  # fmt: skip
    summary = run("review", period, "--print").stdout.splitlines()[2]
    found = re.search(r": (\d+) goals set, (\d+) done, (\d+) in progress, (\d+) open", summary)
    assert found, summary
    views["review"] = (int(found[1]), int(found[2]), int(found[3]) + int(found[4]))
    return views


def test_one_set_of_numbers_across_list_stats_goals_show_and_review(run, journal_dir: Path):
    q1 = write(journal_dir, "entries/2025-q1.md", NUMBERS_Q1)
    write(journal_dir, "entries/2025-q1-report.md", NUMBERS_REPORT)
    run("new", "2025-q2")
    q2 = journal_dir / "entries" / "2025-q2.md"
    edit(q2, "- [ ] Deleted later\n", "")  # a removed goal: back to Q1, open there
    edit(q1, "- [>] Write the runbook", "- [x] Write the runbook")  # a decision on an old link
    run("drop", by_text(run, "Hire two engineers")[-1]["id"])  # a drop at the latest link
    edit(q2, "## Goals for Q2 2025\n", "## Goals for Q2 2025\n\n- [ ] A new Q2 goal\n")
    expected = {
        # Q1: runbook, ship, mirror (one goal in two documents), mesh, hire, deleted-later, the handbook;
        # the offsite is for Q2.
        "2025-q1": (7, 2, 1, 1, 3),
        # Q2: runbook (done on its Q1 line), mirror, hire (dropped), the offsite, the new goal.
        "2025-q2": (5, 1, 3, 1, 0),
    }
    for period, wanted in expected.items():
        views = _numbers(run, journal_dir, period)
        first = views["stats"]
        for name, numbers in views.items():
            assert numbers == first[: len(numbers)], (period, name, views)
        if wanted is not None:
            assert first == wanted, views
    q2_stats = stats_rows(run)["2025-q2"]
    assert (q2_stats["done"], q2_stats["dropped"]) == (1, 1)


def test_the_same_words_done_in_two_documents_of_a_period_count_once(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q1.md", "# Q1\n\n## Goals\n\n- [x] Ship the API\n- [ ] Write the runbook\n")
    write(journal_dir, "entries/2024-q1-report.md", "# Team\n\n## Goals\n\n- [x] Ship the API\n- [-] Hire\n")
    assert counts(stats_rows(run)["2024-q1"]) == (3, 1, 0, 1, 1, 0)
    rows = json.loads(run("list", "--json").stdout)
    assert sum(r["goals"] for r in rows) == 3 and sum(r["done"] for r in rows) == 1
    links = by_text(run, "Ship the API")
    assert [g["status"] for g in links] == ["done", "done"]  # each line keeps what it says
    story = json.loads(run("show", links[0]["link_id"], "--json").stdout)
    assert [g["link_id"] for g in story] == [g["link_id"] for g in links]


def test_show_heads_the_story_with_where_the_goal_lives_now(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q1.md", Q1)
    run("new", "2024-q2")
    edit(journal_dir / "entries" / "2024-q2.md", "- [ ] Write the runbook\n", "")
    old, gone = by_text(run, "Write the runbook")
    story = run("show", gone["link_id"]).stdout.splitlines()
    assert story[:2] == [f"{old['id']}  Write the runbook", "open, checkbox, for 2024-q1"]
    assert any(line.startswith(f"2024-q2  {gone['link_id']}  removed  entries/2024-q2.md:") for line in story)
