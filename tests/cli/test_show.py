"""`journal show`: a period's document, or one goal's whole story."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import assert_usage_error
from tests.conftest import snapshot, write


def test_show_period(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [x] a\n- [ ] b\n")
    write(journal_dir, "entries/2024-q4.md", "# Q4\n\n## Goals\n\n- [ ] c\n")
    assert run("show", "q1-2025").stdout == "# Q1\n\n## Goals\n\n- [x] a\n- [ ] b\n"
    assert run("show", "2030-q1", expect=2).stderr.startswith("Error: Q1 2030 has no document")


def test_show_an_unknown_id_is_an_error(run):
    assert run("show", "nothing", expect=3).stderr == (
        "Error: no goal matches 'nothing' ('journal goals --all' lists the ids)\n"
    )


def test_show_json_is_the_lineage_oldest_first(run, example: Path):
    goals = {g["text"]: g for g in json.loads(run("goals", "--all", "--json").stdout)}
    latest = goals["Write the service-ownership RFC"]
    links = json.loads(run("show", latest["link_id"], "--json").stdout)
    assert [link["source"] for link in links] == ["entries/2024-q4.md", "entries/2025-q1.md"]
    assert links[-1]["link_id"] == latest["link_id"] and links[0]["carried_to"] == latest["link_id"]
    assert links[-1]["carried_from"] == links[0]["link_id"]
    assert links[0]["id"] == links[-1]["id"] == links[0]["link_id"]  # every link shows its goal's id: the first's
    assert list(links[0]) == [
        "id", "text", "status", "kind", "period", "target", "source", "line", "section",
        "created", "updated", "carried_from", "carried_to", "note", "history", "marker", "link_id",
        "owner", "tags", "due", "priority", "done_on", "metric",
        "target_value", "unit", "direction", "cadence",
    ]  # fmt: skip
    # The old link's id tells the same story.
    assert run("show", links[0]["id"]).stdout == run("show", latest["id"]).stdout


def test_show_a_goal_in_plain_text(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [ ] one\n")
    goal = json.loads(run("goals", "--json").stdout)[0]
    lines = run("show", goal["id"][:4]).stdout.splitlines()
    assert lines[:4] == [
        f"{goal['id']}  one",
        "open, checkbox, for 2025-q1",
        "",
        f"2025-q1  {goal['id']}  open  entries/2025-q1.md:5  (Goals)",
    ]
    assert lines[4].endswith("  open by document") and len(lines) == 5


def test_show_a_period_by_any_name(run, example: Path):
    text = (example / "entries" / "2025-q1.md").read_text()
    assert run("show", "Q1 2025").stdout == text
    assert run("show", "2025Q1").stdout == text


def test_show_errors_are_one_line_and_write_nothing(run, example: Path, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-05-10")  # Q2 not over: write it (over: test_review_default)
    run("sync")
    before = snapshot(example)
    no_document = run("show", "2025-q2", expect=2)
    assert no_document.stderr == "Error: Q2 2025 has no document ('journal new 2025-q2' writes one)\n"
    ids = [g["id"] for g in json.loads(run("goals", "--all", "--json").stdout)]
    prefix = next(p for p in (i[:1] for i in ids) if sum(i.startswith(p) for i in ids) > 1)
    ambiguous = run("show", prefix, expect=3)
    assert ambiguous.stderr.startswith(f"Error: '{prefix}' matches ") and ambiguous.stderr.endswith(
        " (type more of the id)\n"
    )
    assert len(ambiguous.stderr.splitlines()) == 1
    assert_usage_error(run("show", expect=2), "Missing argument 'PERIOD|ID'.", "show")
    assert_usage_error(run("show", "2025-q1", "--bogus", expect=2), "No such option '--bogus'.", "show")
    assert snapshot(example) == before


def test_a_goal_with_owner_tags_target_and_metric_shows_each_once(run, example, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    run("track", "e1z6", "14min", "--on", "2025-04-02")
    lines = run("show", "e1z6").stdout.splitlines()
    assert lines[:8] == [
        "e1z6t3  Cut monorepo CI to under 10 minutes at p90 @jonas #ci",
        "open, checkbox, for 2025-q2",
        "owner: jonas  tags: #ci  follows: Monorepo CI (minutes)",
        "target at most 10 min: 14 min now (from 23 min), ██████▉··· 69% of the way",
        "  █▅▁  3 measurements, target at most 10 min",
        "  2024-09-30  23 min  ████████████████████  Monorepo CI (minutes), Q3 2024",
        "  2024-12-31  19 min  ████████████████▌···  Monorepo CI (minutes), Q4 2024",
        "  2025-04-02  14 min  ████████████▏·······",
    ]
    shown = "\n".join(lines)
    assert shown.count("owner: jonas") == shown.count("tags: #ci") == shown.count("follows:") == 1
    assert shown.count("target at most 10 min:") == 1
