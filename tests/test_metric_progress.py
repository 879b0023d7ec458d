"""A measurable goal following a metric is measured by the reports: values, units, and how they join `track`'s."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from journal.config import open_journal
from journal.ledger import load_ledger
from journal.metric_goals import follow_metric, wanted_direction
from journal.metric_progress import ReportedValues, converted
from journal.periods import from_key
from journal.stats import period_stats
from journal.sync import sync_journal
from journal.targets import parse_target
from journal.tracking import goal_progress, missed_running, record_measurement, targets_met
from tests.conftest import write

Q1 = """# Q1 2025

## Goals

- [ ] Reduce incident MTTR to < 30 minutes
- [ ] Achieve 99.9% uptime
- [ ] Run 300 km over the quarter

## Metrics

| Metric | Q4 2024 | Q1 2025 |
|---|---|---|
| Time to restore (hours) | 2 | 1 |
| Uptime | 99.5% | 99.95% |
| Distance (miles) | 10 | 20 |
"""


@pytest.fixture
def journal(journal_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    write(journal_dir, "entries/2025-q1.md", Q1)
    found, _created = open_journal(journal_dir)
    sync_journal(found)
    return found


def goal_named(journal, start: str):
    ledger = load_ledger(journal)
    return ledger, next(g for g in ledger.goals.values() if g.text.startswith(start))


def test_a_followed_metrics_values_are_measurements_at_each_periods_end_in_the_goals_unit(journal):
    follow_metric(journal, goal_named(journal, "Reduce")[1].id, "time to restore")
    ledger, mttr = goal_named(journal, "Reduce")
    assert ReportedValues(journal, ledger)(mttr) == [
        ("2024-12-31", 120.0, "Time to restore (hours), Q4 2024"),
        ("2025-03-31", 60.0, "Time to restore (hours), Q1 2025"),
    ]
    reached = goal_progress(ledger, mttr, reported=ReportedValues(journal, ledger))
    assert (reached.first, reached.current, reached.percent, reached.met) == (120.0, 60.0, 66, False)
    assert goal_progress(ledger, mttr).current is None  # without the reports: nothing tracked yet


def test_tracked_and_reported_values_are_one_series_by_date_a_tracked_one_last_on_a_shared_day(journal):
    follow_metric(journal, goal_named(journal, "Reduce")[1].id, "time to restore")
    record_measurement(journal, goal_named(journal, "Reduce")[1].id, "45min", on=from_key("2025-q1").start)
    ledger, mttr = goal_named(journal, "Reduce")
    reached = goal_progress(ledger, mttr, reported=ReportedValues(journal, ledger))
    assert (reached.first, reached.current, reached.count) == (120.0, 60.0, 3)  # the Q1 report is later than 45
    tracked = record_measurement(journal, mttr.id, "25", on=from_key("2025-q1").end)
    assert (tracked.progress.current, tracked.progress.met) == (25.0, True)  # same day as the report: tracked wins


def test_a_metric_in_another_kind_of_unit_gives_nothing_and_miles_become_km(journal):
    run_goal = goal_named(journal, "Run")[1]
    follow_metric(journal, run_goal.id, "uptime")
    ledger, run_goal = goal_named(journal, "Run")
    assert ReportedValues(journal, ledger)(run_goal) == []
    follow_metric(journal, run_goal.id, "distance")
    ledger, run_goal = goal_named(journal, "Run")
    assert [round(v, 2) for _d, v, _w in ReportedValues(journal, ledger)(run_goal)] == [16.09, 32.19]
    assert converted(2, "hours", "min") == 120 and converted(5, "%", "ms") is None and converted(7, None, "km") == 7


def test_a_goal_naming_a_metric_in_its_words_is_measured_by_it_and_counts_as_met_in_stats(journal):
    ledger, uptime = goal_named(journal, "Achieve")
    reported = ReportedValues(journal, ledger)
    assert reported.series(uptime).name == "Uptime"
    assert goal_progress(ledger, uptime, reported=reported).met
    q1 = [g for g in ledger.goals.values() if g.for_period == "2025-q1"]
    assert targets_met(ledger, q1) == (3, 0)
    assert targets_met(ledger, q1, reported=reported) == (3, 1)
    stats = period_stats(ledger, from_key("2025-q1"), reported=reported)
    assert (stats.measurable, stats.targets_met) == (3, 1)


def carried_latency_goal(run, journal_dir: Path, q4_value: str):
    """A p95 latency goal of Q4 2024 carried into Q1 2025, the metric's Q4 value ``q4_value``: (journal, ledger,
    its Q1 link)."""
    write(journal_dir, "entries/2024-q4.md", "# Q4 2024\n\n## Goals\n\n- [ ] Bring p95 latency below 200ms\n\n"
          "| Metric | Q3 2024 | Q4 2024 | Q1 2025 |\n|---|---|---|---|\n"
          f"| p95 latency | 400 ms | {q4_value} | 250 ms |\n")  # fmt: skip
    write(journal_dir, "entries/2025-q1.md", "# Q1 2025\n\n## Goals\n\n")
    run("carry", "2024-q4", "2025-q1")
    journal, _created = open_journal(journal_dir)
    ledger = load_ledger(journal)
    return journal, ledger, next(g for g in ledger.goals.values() if g.for_period == "2025-q1")


def test_a_quarter_the_report_shows_met_breaks_the_missed_run(run, journal_dir, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    journal, ledger, latest = carried_latency_goal(run, journal_dir, "150 ms")
    assert missed_running(ledger, latest) == []  # nothing tracked: not known to be missed
    assert missed_running(ledger, latest, reported=ReportedValues(journal, ledger)) == ["2025-q1"]
    assert "missed two quarters running" not in run("review", "2025-q1", "--print").stdout


def test_a_target_missed_two_quarters_running_by_the_metric_is_raised(run, journal_dir, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    journal, ledger, latest = carried_latency_goal(run, journal_dir, "300 ms")
    assert missed_running(ledger, latest) == []
    assert missed_running(ledger, latest, reported=ReportedValues(journal, ledger)) == ["2024-q4", "2025-q1"]
    printed = run("review", "2025-q1", "--print").stdout
    assert "'Bring p95 latency below 200ms': target (at most 200 ms) missed two quarters running" in printed
    assert "target at most 200 ms: 250 ms now (from 400 ms), ███████▌·· 75% of the way" in printed
    assert "follows p95 latency, which moved the wrong way" not in printed  # 300 -> 250 ms went its way
    printed = run("review", "2025-q1", "--print").stdout
    assert "'Bring p95 latency below 200ms': target (at most 200 ms) missed two quarters running" in printed
    assert "target at most 200 ms: 250 ms now (from 400 ms), ███████▌·· 75% of the way" in printed
    assert "Bring p95 latency below 200ms' follows p95 latency, which moved the wrong way" not in printed


@pytest.mark.parametrize(
    "text",
    [
        "Reduce P99 latency below 200ms for all services",
        "Achieve 99.95% uptime SLA",
        "Reduce incident MTTR to < 30 minutes",
        "Lower the bar to at least 80% coverage",  # words both ways: the target decides
        "Drop under-tested modules, reach 80% coverage",
        "Grow the queue wait to at most 2 days",
        "Run 300 km over the quarter",
    ],
)
def test_the_metrics_wanted_direction_is_the_targets_whenever_there_is_one(text: str):
    target = parse_target(text)
    assert target is not None
    goal = SimpleNamespace(text=text, direction=target.direction, target_value=target.value)
    wanted = {"at_least": 1, "at_most": -1, "reach": 1}[target.direction]
    assert wanted_direction(goal, latest=target.value / 2) == wanted


def test_goals_json_progress_counts_the_reports(run, journal):
    progress = {g["text"]: g["progress"] for g in json.loads(run("goals", "--json").stdout)}
    assert progress["Achieve 99.9% uptime"]["met"] is True
    assert progress["Run 300 km over the quarter"]["current"] is None  # measurable, nothing measured
