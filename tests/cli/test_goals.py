"""`journal goals`: list goals across periods, with filters, as text or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_core_loop import Q4, ids_by_text
from tests.conftest import write


def test_goals_plain_output_is_aligned_text(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    ids = ids_by_text(run)
    out = run("goals").stdout
    assert out == (
        "ID      STATUS  PERIOD   TEXT                            WHERE\n"
        f"{ids['Write the RFC']}  open    2024-q4  Write the RFC                   entries/2024-q4.md:13\n"
        f"{ids['Run a 10k']}  open    2025-q1  Run a 10k                       entries/2024-q4.md:19\n"
        f"{ids['Complete GraphQL API migration']}  open    2025-q1  Complete GraphQL API migration  "
        "entries/2024-q4.md:23\n"
    )


def test_goals_filters(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    write(journal_dir, "entries/2025-03.md", "# March\n\n- [ ] March thing\n- [x] Done thing\n")
    texts = lambda *args: sorted(g["text"] for g in json.loads(run("goals", *args, "--json").stdout))  # noqa: E731
    assert texts("--done") == ["Done thing", "Ship the importer"]
    assert texts("--period", "2025-q1") == ["Complete GraphQL API migration", "March thing", "Run a 10k"]
    assert texts("--period", "2025", "--all") == [
        "Complete GraphQL API migration",
        "Done thing",
        "March thing",
        "Run a 10k",
    ]
    assert texts("--section", "team goals") == ["Complete GraphQL API migration"]
    assert texts("--dropped") == []


def test_goals_json_has_every_documented_field(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    goal = json.loads(run("goals", "--json").stdout)[0]
    assert list(goal) == [
        "id", "text", "status", "kind", "period", "target", "source", "line", "section",
        "created", "updated", "carried_from", "carried_to", "note", "history", "age",
    ]  # fmt: skip
    assert goal["text"] == "Write the RFC" and goal["kind"] == "checkbox" and goal["period"] == "2024-q4"
    assert goal["history"][0]["status"] == "open"


def test_status_filters_combine(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [x] a\n- [-] b\n- [ ] c\n")
    texts = [g["text"] for g in json.loads(run("goals", "--done", "--dropped", "--json").stdout)]
    assert texts == ["a", "b"]


def test_goals_shows_how_long_a_goal_has_been_carried(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", "# Q4\n\n## Goals\n\n- [ ] Old habit\n")
    run("new", "2025-q1")
    run("new", "2025-q2")
    listed = json.loads(run("goals", "--json").stdout)
    assert [(g["text"], g["age"]) for g in listed] == [("Old habit", 2)]
    lines = run("goals").stdout.splitlines()
    assert lines[0].split() == ["ID", "STATUS", "PERIOD", "AGE", "TEXT", "WHERE"]
    assert "2 carried  Old habit" in lines[1]
