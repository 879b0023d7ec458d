"""`journal track`: measurements of measurable goals, in the ledger's history; progress in `goals`."""

from __future__ import annotations

import json
import shutil
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.config import open_journal
from journal.errors import UsageError
from journal.ledger import load_ledger
from journal.tracking import goal_progress, measurements_of, record_measurement
from tests.conftest import EXAMPLES, snapshot, write

DOC = """# Q2 2025

## Goals

- [ ] Reduce P99 latency below 200ms for all services
- [ ] Publish 1 blog post per month
- [ ] Run 300 km over the quarter
- [ ] Write the service-ownership RFC
"""


@pytest.fixture
def goals(run, journal_dir: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15T09:00:00")
    write(journal_dir, "entries/2025-q2.md", DOC)
    return {g["text"].split()[0]: g["id"] for g in json.loads(run("goals", "--json").stdout)}


def history(journal_dir: Path, goal_id: str) -> list[dict]:
    data = tomllib.loads((journal_dir / "ledger/2025-q2.toml").read_text())
    return data["goals"][goal_id]["history"]


def test_track_records_a_dated_measurement_and_shows_progress(run, journal_dir: Path, goals):
    latency = goals["Reduce"]
    first = run("track", latency[:4], "300ms", "--on", "2025-04-02")
    assert first.stdout == (
        f"Tracked {latency}  Reduce P99 latency below 200ms for all services\n"
        "  target at most 200 ms: 300 ms now, ·········· 0% of the way\n"
    )
    second = run("track", latency, "0.25s", "--note", "after the cache")
    progress_line = "  target at most 200 ms: 250 ms now (from 300 ms), █████····· 50% of the way"
    assert second.stdout.splitlines()[1] == progress_line
    entries = history(journal_dir, latency)[1:]
    assert [(e.get("measured"), e.get("unit"), str(e.get("date")), e.get("note")) for e in entries] == [
        (300, "ms", "2025-04-02", None),
        (250, "ms", "None", "after the cache"),
    ]
    ledger_text = (journal_dir / "ledger/2025-q2.toml").read_text()
    assert 'target_value = 200\nunit = "ms"\ndirection = "at_most"\n' in ledger_text
    assert 'measured = 250, unit = "ms", note = "after the cache", by = "track"}' in ledger_text


def test_goals_shows_progress_once_measured_and_json_has_it(run, journal_dir: Path, goals):
    assert "PROGRESS" not in run("goals").stdout
    run("track", goals["Run"], "120km")
    table = run("goals").stdout.splitlines()
    assert table[0].split() == ["ID", "STATUS", "PERIOD", "PROGRESS", "TEXT", "WHERE"]
    row = next(line for line in table if goals["Run"] in line)
    assert "████······  40%  Run 300 km over the quarter" in row
    assert "Write the service-ownership RFC" in next(line for line in table if goals["Write"] in line)
    listed = {g["id"]: g for g in json.loads(run("goals", "--json").stdout)}
    run_goal = listed[goals["Run"]]
    assert (run_goal["target_value"], run_goal["unit"], run_goal["direction"], run_goal["cadence"]) == (
        300, "km", "reach", None,
    )  # fmt: skip
    assert run_goal["progress"] == {
        "first": 120.0, "current": 120.0, "goal": 300.0, "percent": 40, "met": False, "measurements": 1,
    }  # fmt: skip
    assert listed[goals["Write"]]["progress"] is None and listed[goals["Write"]]["direction"] is None


def test_plus_one_counts_a_cadence_goal_in_its_period(run, journal_dir: Path, goals):
    blog = goals["Publish"]
    run("track", blog, "+1", "--on", "2025-04-03")
    out = run("track", blog, "+1").stdout
    assert out.splitlines()[1] == "  target 1 per month: 2 of 3 this period, ██████▋··· 66%"
    out = run("track", blog, "+1").stdout
    assert "3 of 3 this period, ██████████ met" in out
    assert [e.get("added") for e in history(journal_dir, blog)[1:]] == [1, 1, 1]


def test_a_met_target_without_a_terminal_says_how_to_mark_it_done(run, journal_dir: Path, goals):
    latency = goals["Reduce"]
    out = run("track", latency, "180").stdout
    assert out.splitlines()[-1] == f"It meets its target: mark it done with `journal done {latency}`."
    assert "- [ ] Reduce P99" in (journal_dir / "entries/2025-q2.md").read_text()


def test_done_marks_it_done(run, journal_dir: Path, goals):
    latency = goals["Reduce"]
    out = run("track", latency, "180ms", "--done").stdout
    assert out.splitlines()[-1] == f"Done {latency}  Reduce P99 latency below 200ms for all services"
    assert "- [x] Reduce P99" in (journal_dir / "entries/2025-q2.md").read_text()
    assert history(journal_dir, latency)[-1]["status"] == "done"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["Write", "3"], 2, "has no measurable target: 'Write the service-ownership RFC'"),
        (["Reduce", "fast"], 2, "'fast' is not a value"),
        (["Reduce", "3km"], 2, "3 km does not match the goal's unit: its target is in ms"),
        (["Publish", "2 km"], 2, "2 km does not match the goal's unit: its target is a plain count"),
        (["Reduce", "180", "--on", "yesterday"], 2, "--on 'yesterday' is not a date"),
        (["zzzz", "180"], 3, "no goal matches 'zzzz'"),
        (["Reduce", "-5"], 2, "No such option '-5'"),
        (["Reduce", "--", "-5"], 2, "'-5' is not a value"),
        (["Reduce", "180", "--on", "2025-04-16"], 2, "--on 2025-04-16 is after today"),
        (["Publish", "+1", "--on", "2025-01-05"], 2, "--on 2025-01-05 is outside 2025-q2, the period the goal"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(run, journal_dir: Path, goals, args, code, message):
    args = [goals.get(args[0], args[0]), *args[1:]]
    before = snapshot(journal_dir)
    result = run("track", *args, expect=code)
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr, result.stderr
    assert result.stdout == ""
    assert snapshot(journal_dir) == before


def test_a_dropped_goal_is_not_tracked(run, journal_dir: Path, goals):
    run("drop", goals["Run"], "--reason", "injured")
    before = snapshot(journal_dir)
    result = run("track", goals["Run"], "10km", expect=2)
    assert result.stderr == (
        f"Error: goal {goals['Run']} was dropped ('journal reopen {goals['Run']}' first, to measure it again)\n"
    )
    assert snapshot(journal_dir) == before


def test_a_converted_value_is_kept_to_three_decimals(run, journal_dir: Path, goals):
    assert "16.093 km now" in run("track", goals["Run"], "10mi").stdout
    assert history(journal_dir, goals["Run"])[-1]["measured"] == 16.093


def test_a_removed_goal_is_not_tracked(run, journal_dir: Path, goals):
    write(journal_dir, "entries/2025-q2.md", DOC.replace("- [ ] Run 300 km over the quarter\n", ""))
    result = run("track", goals["Run"], "10km", expect=3)
    assert result.stderr.startswith(f"Error: goal {goals['Run']} was removed from entries/2025-q2.md")


def test_core_records_and_feeds_progress(journal_dir: Path, goals, monkeypatch: pytest.MonkeyPatch):
    journal, _created = open_journal(journal_dir)
    tracked = record_measurement(journal, goals["Run"], "100km", on=None, note="spring")
    assert tracked.progress.percent == 33 and not tracked.added
    tracked = record_measurement(journal, goals["Run"], "+50")
    assert tracked.added and tracked.progress.current == 150
    ledger = load_ledger(journal)
    goal = ledger.goals[goals["Run"]]
    assert measurements_of(ledger, goal) == [("2025-04-15", 100.0), ("2025-04-15", 150.0)]
    assert goal_progress(ledger, goal).percent == 50
    with pytest.raises(UsageError):
        record_measurement(journal, goals["Write"], "1")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False))
def test_any_value_reads_back_as_recorded_and_comments_stay(run, journal_dir: Path, goals, value: float):
    ledger_path = journal_dir / "ledger/2025-q2.toml"
    if "# kept" not in ledger_path.read_text():
        ledger_path.write_text(ledger_path.read_text().replace("[goals.", "# kept\n[goals.", 1))
    run("track", goals["Run"], repr(value) if "e" not in repr(value) else f"{value:f}")
    text = ledger_path.read_text()
    entry = tomllib.loads(text)["goals"][goals["Run"]]["history"][-1]
    assert entry["measured"] == pytest.approx(float(f"{value:f}") if "e" in repr(value) else value, rel=1e-9)
    assert "# kept\n" in text


@pytest.mark.skipif(sys.platform == "win32", reason="a pty is POSIX")
@pytest.mark.parametrize(("answer", "marker"), [("y", "x"), ("", " ")])
def test_on_a_terminal_a_met_target_asks_whether_to_mark_it_done(tmp_path: Path, answer: str, marker: str):
    from tests.cli.test_review_screen import Screen

    root = tmp_path / "journal"
    shutil.copytree(EXAMPLES, root)
    screen = Screen(root, "track", "e1z6", "9min")
    screen.read_until("It meets its target. Mark done? [y/N]")
    screen.type(f"{answer}\r")
    code, shown = screen.finish()
    assert code == 0, shown
    assert ("Done e1z6t3  Cut monorepo CI to under 10 minutes at p90 @jonas #ci" in shown) == (answer == "y")
    assert f"- [{marker}] Cut monorepo CI to under 10 minutes at p90" in (root / "entries/2025-q1.md").read_text()


def test_metric_makes_the_goal_follow_it_and_shows_the_progress_the_reports_give(run, example):
    before = snapshot(example / "entries")
    result = run("track", "58e3", "--metric", "time to restore")
    assert result.stdout == (
        "58e3o6 follows Time to restore service (hours): Reduce incident MTTR to < 30 minutes\n"
        "  target at most 30 min: 66 min now (from 144 min), ██████▉··· 68% of the way\n"
    )
    ledgers = "".join(path.read_text() for path in (example / "ledger").glob("*.toml"))
    assert ledgers.count('metric = "Time to restore service (hours)"') == 1
    assert snapshot(example / "entries") == before  # the documents stay as written
    goals = {g["id"]: g for g in json.loads(run("goals", "--period", "2025-q1", "--json").stdout)}
    assert goals["58e3o6"]["metric"] == "Time to restore service (hours)"
    assert (goals["58e3o6"]["progress"]["current"], goals["58e3o6"]["progress"]["percent"]) == (66, 68)
    shown = run("show", "58e3").stdout
    assert shown.count("Time to restore service (hours)") == 3  # "follows:" once, then its two values charted
    assert "  2024-12-31   66 min  " in shown


def test_a_value_with_metric_follows_then_records_and_progress_counts_both(run, example):
    result = run("track", "58e3", "25min", "--on", "2025-03-31", "--metric", "time to restore")
    assert result.stdout == (
        "Tracked 58e3o6  Reduce incident MTTR to < 30 minutes\n"
        "  target at most 30 min: 25 min now (from 144 min), ██████████ met\n"
        "It meets its target: mark it done with `journal done 58e3o6`.\n"
    )
    assert "2025-q1  16   8     0        0        8     50%   2/5" in run("stats").stdout


def test_metrics_follow_says_the_same_as_track_metric(run, example):
    followed = run("metrics", "time to", "--follow", "58e3").stdout
    assert followed.splitlines()[1] == "  target at most 30 min: 66 min now (from 144 min), ██████▉··· 68% of the way"
    assert run("track", "2lfo", "--metric", "deploys").stdout == (
        "2lfopa follows Deploys per week: Complete the GraphQL migration of the tracking API\n"
        "  no target in its words: the metric gives it no progress\n"
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["58e3"], 2, "Error: give the VALUE measured, or --metric NAME"),
        (["58e3", "--metric", "time to", "--on", "2025-04-01"], 2, "Error: --on, --note and --done go with a VALUE"),
        (["58e3", "--metric", "nope"], 2, "Error: no metric is named 'nope'"),
        (["58e3", "--metric", "  "], 2, "Error: --metric needs a metric's name"),
        (["58e3", "12", "--metric", "nope"], 2, "Error: no metric is named 'nope'"),
        (["zzzz", "--metric", "deploys"], 3, "Error: "),
    ],
)
def test_metric_errors_are_one_line_and_write_nothing(run, example, args, code, message):
    run("goals")
    before = snapshot(example)
    result = run("track", *args, expect=code)
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
    assert snapshot(example) == before
