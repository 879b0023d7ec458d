"""`journal goals`: list goals across periods, with filters, as text or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import assert_usage_error
from tests.cli.test_core_loop import Q4, ids_by_text
from tests.conftest import snapshot, write


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
        "created", "updated", "carried_from", "carried_to", "note", "history", "marker", "link_id",
        "owner", "tags", "due", "priority", "done_on", "metric",
        "target_value", "unit", "direction", "cadence", "progress", "age",
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


def test_goals_all_lists_carried_and_removed_goals_too(run, journal_dir: Path):
    doc = write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [ ] stays\n- [ ] goes away\n- [>] carried\n")
    run("sync")
    doc.write_text("# Q1\n\n## Goals\n\n- [ ] stays\n- [>] carried\n")
    statuses = {g["text"]: g["status"] for g in json.loads(run("goals", "--all", "--json").stdout)}
    assert statuses == {"stays": "open", "goes away": "removed", "carried": "carried"}
    assert [g["text"] for g in json.loads(run("goals", "--json").stdout)] == ["stays"]


def test_goals_with_nothing_to_show_says_so_on_stderr(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [x] done\n")
    result = run("goals")
    assert (result.stdout, result.stderr) == ("", "No goals match.\n")
    assert run("goals", "--section", "nothing like it", "--json").stdout.strip() == "[]"


def test_goals_on_the_example_journal(run, example: Path):
    listed = json.loads(run("goals", "--json").stdout)
    assert len(listed) == 18
    assert {g["status"] for g in listed} == {"open", "in_progress"}
    assert {g["target"] for g in listed} == {"2025-q1", "2025-q2"}
    q2 = json.loads(run("goals", "--period", "Q2 2025", "--json").stdout)
    assert [g["section"] for g in q2] == ["Focus Areas"] * 3 + ["Personal Goals"] * 3 + ["Team Goals"] * 4
    assert all(g["source"] == "entries/2025-q1.md" for g in q2)
    carried = next(g for g in listed if g["age"])
    assert (carried["text"], carried["age"], carried["line"]) == ("Write the service-ownership RFC", 1, 45)


def test_goals_errors_are_one_line_and_write_nothing(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [ ] one\n")
    run("sync")
    before = snapshot(journal_dir)
    bad = run("goals", "--period", "q5-2025", expect=2)
    assert bad.stderr.startswith("Error: not a period: 'q5-2025'") and len(bad.stderr.splitlines()) == 1
    assert_usage_error(run("goals", "--bogus", expect=2), "No such option '--bogus'.", "goals")
    assert snapshot(journal_dir) == before
