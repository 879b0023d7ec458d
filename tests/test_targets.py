"""Measurable targets read from goal text (journal.targets), and the progress measurements make (journal.tracking)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.errors import UsageError
from journal.targets import Target, format_amount, parse_target, target_fields
from journal.tracking import parse_measurement, progress, windows_in

READ = [
    # the six
    ("Achieve 99.95% uptime SLA", Target(99.95, "%", "at_least")),
    ("Reduce P99 latency below 200ms for all services", Target(200, "ms", "at_most")),
    ("Reduce incident MTTR to < 30 minutes", Target(30, "min", "at_most")),
    ("Publish 1 blog post per month", Target(1, None, "reach", "month")),
    ("Run 300 km over the quarter", Target(300, "km", "reach")),
    ("Hire 1 staff engineer", Target(1, None, "reach")),
    # comparators, before and after
    ("Review no more than 30% of platform pull requests", Target(30, "%", "at_most")),
    ("Keep build time under 5 min", Target(5, "min", "at_most")),
    ("Demo video (2 minutes max)", Target(2, "min", "at_most")),
    ("<1 second DKG completion time", Target(1, "s", "at_most")),
    ("Plot hole detection finds ≥ 3 real issues", Target(3, None, "at_least")),
    ("Publish at least 12 posts on my blog.", Target(12, None, "at_least")),
    ("Scale the pipeline to 50+ deals", Target(50, None, "at_least")),
    ("Onboard 5 customers or more", Target(5, None, "at_least")),
    ("Respond within 2 business days", Target(2, "d", "at_most")),
    ("Releases take 1 hour", Target(1, "h", "at_most")),
    # verbs with "to"
    ("Increase coverage to 80%", Target(80, "%", "at_least")),
    ("Cut monorepo CI to 8 minutes", Target(8, "min", "at_most")),
    ("Grow the team to 12 engineers", Target(12, None, "at_least")),
    # money, multipliers, distances, weights
    ("Close $98,500 in new deals", Target(98500, "$", "reach")),
    ("Raise €1.2M seed funding", Target(1_200_000, "€", "reach")),
    ("Save £2k for the trip", Target(2000, "£", "reach")),
    ("Get 5k newsletter subscribers", Target(5000, None, "reach")),
    ("Walk 100 miles in spring", Target(100, "mi", "reach")),
    ("Lose 5 kg", Target(5, "kg", "reach")),
    # cadences
    ("Write 2 posts bi-weekly", Target(2, None, "reach", "2 weeks")),
    ("Meditate 10 minutes daily", Target(10, "min", "reach", "day")),
    ("Run 10k steps a day", Target(10000, None, "reach", "day")),
    ("Ship 1 release every 2 weeks", Target(1, None, "reach", "2 weeks")),
    ("Read 2 books per quarter", Target(2, None, "reach", "quarter")),
    # the goal's first words, after a label
    ("VP Eng KR: 3 blog posts authored by the team", Target(3, None, "reach")),
    ("Achieve 16% retention in 2019-Q4", Target(16, "%", "at_least")),
]

NOT_TARGETS = [
    ("Ship v2.0", "a version"),
    ("Upgrade to Python 3.11.4", "a version"),
    ("Publish version 2 of the handbook", "a version"),
    ("Plan 2026", "a year"),
    ("Launch the new site in 2025", "a year"),
    ("Schedule 1:1s with every report", "a ratio, not a target"),
    ("Meet the mentor at 10:30", "a time of day"),
    ("Identify the top 3 priorities", "a rank"),
    ("Finish before Q3", "a period"),
    ("Present in Q1 2026", "a period and a year"),
    ("Hand in the thesis by 2025-03-31", "a date"),
    ("Call the bank on 12/03/2025", "a date"),
    ("Book flights for March 14", "a date"),
    ("Fix #4260", "an issue number"),
    ("Implement RFC 42", "an id"),
    ("Phase 1: foundation", "a phase"),
    ("Reach tier 1 support", "a tier"),
    ("Support Ed25519 and Secp256k1 curves", "numbers inside words"),
    ("Roll out 2FA everywhere", "a number inside a word"),
    ("Increase SWAUs by 25%", "a relative change: needs a baseline"),
    ("Grow MQLs weekly by 3x", "a multiplier"),
    ("Support 4-5x ARR growth", "a range"),
    ("Narrative Consistency Score (0-100)", "a range"),
    ("Make a 2-minute demo video", "a compound adjective"),
    ("15/15 tests passing", "a fraction"),
    ("Be reachable 24/7", "not a number"),
    ("All 5 agents communicate correctly", "a count with no direction"),
    ("Write 50 chapters and welcome 150 contributors", "two targets: ambiguous"),
    ("Search returns in under 2s with 80k repositories", "two numbers: ambiguous"),
    ("Ship at least 1 project per language", "a rate that is not over time"),
    ("Run the 5 m sprint", "a bare m: metres or minutes"),
    ("Finish the 3rd chapter", "an ordinal"),
    ("Keep latency -5 ms", "a signed amount"),
    ("Write the service-ownership RFC", "no number"),
]


@pytest.mark.parametrize(("text", "expected"), READ, ids=[t for t, _ in READ])
def test_a_stated_target_is_read(text: str, expected: Target):
    assert parse_target(text) == expected


@pytest.mark.parametrize(("text", "why"), NOT_TARGETS, ids=[t for t, _ in NOT_TARGETS])
def test_what_is_not_a_target_is_left_alone(text: str, why: str):
    assert parse_target(text) is None, why


def test_target_fields_are_ledger_values():
    assert target_fields("Reduce P99 latency below 200ms") == {
        "target_value": 200, "unit": "ms", "direction": "at_most", "cadence": None,
    }  # fmt: skip
    assert isinstance(target_fields("Reduce P99 latency below 200ms")["target_value"], int)
    assert target_fields("Achieve 99.95% uptime")["target_value"] == 99.95
    assert set(target_fields("Write the RFC").values()) == {None}


def test_describe_and_amounts():
    assert Target(200, "ms", "at_most").describe() == "at most 200 ms"
    assert Target(1, None, "reach", "month").describe() == "1 per month"
    assert Target(99.95, "%", "at_least").describe() == "at least 99.95%"
    assert format_amount(98500, "$") == "$98,500"
    assert format_amount(300, "km") == "300 km"


@given(st.text(max_size=200))
def test_reading_any_text_never_fails(text: str):
    found = parse_target(text)
    assert found is None or found.direction in ("at_least", "at_most", "reach")


def test_progress_counts_from_the_first_measurement_towards_the_target():
    at_most = Target(200, "ms", "at_most")
    half = progress(at_most, [("2025-04-02", 300.0), ("2025-04-09", 250.0)])
    assert (half.first, half.current, half.percent, half.met) == (300.0, 250.0, 50, False)
    assert progress(at_most, [("2025-04-09", 190.0), ("2025-04-02", 300.0)]).met  # in any order: by date
    worse = progress(at_most, [("2025-04-02", 300.0), ("2025-04-09", 320.0)])
    assert worse.percent == 0 and not worse.met
    at_least = Target(99.95, "%", "at_least")
    assert progress(at_least, [("2025-01-01", 99.5), ("2025-02-01", 99.95)]).met
    assert progress(at_least, []).percent is None


def test_a_total_counts_from_zero_and_a_cadence_over_its_windows():
    assert progress(Target(300, "km", "reach"), [("2025-04-02", 120.0)]).percent == 40
    monthly = Target(1, None, "reach", "month")
    assert windows_in("2025-q2", "month") == 3 and windows_in("2025-q2", "week") == 13
    two = progress(monthly, [("2025-04-02", 1.0), ("2025-05-02", 2.0)], windows=3)
    assert (two.goal_value, two.percent, two.met) == (3, 66, False)
    assert progress(monthly, [("2025-06-02", 3.0)], windows=3).met


def test_progress_takes_values_from_elsewhere():
    # A metric's values by period (another module's) feed in as (date, value) pairs.
    assert progress(Target(99.9, "%", "at_least"), [("2025-03-31", 99.2), ("2025-06-30", 99.8)]).percent == 85


def test_a_measurement_in_another_unit_of_the_same_kind_is_converted():
    minutes = Target(30, "min", "at_most")
    assert parse_measurement("0.5h", minutes) == (30.0, False)
    assert parse_measurement("45", minutes) == (45.0, False)
    assert parse_measurement("+1", Target(1, None, "reach", "month")) == (1.0, True)
    assert parse_measurement("$1,200", Target(98500, "$", "reach")) == (1200.0, False)
    assert parse_measurement("1.5k", Target(5000, None, "reach")) == (1500.0, False)
    with pytest.raises(UsageError, match="does not match the goal's unit: its target is in min"):
        parse_measurement("3 km", minutes)
    with pytest.raises(UsageError, match="does not match"):
        parse_measurement("€5", Target(98500, "$", "reach"))
    for bad in ("", "abc", "12 parsecs", "1,2,3", "--5", "nan"):
        with pytest.raises(UsageError):
            parse_measurement(bad, minutes)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('direction = "sideways"', "direction must be one of at_least, at_most, reach"),
        ('cadence = "hourly"', "cadence must be one of day, week"),
        ('unit = "\\u001b[31m"', "unit must be one of %"),
        ("target_value = nan", "target_value must be a number"),
        ('target_value = "ten"', "'target_value' must be int or float"),
    ],
)
def test_a_wrong_target_field_in_the_ledger_is_named(tmp_path, line: str, message: str):
    from journal.errors import LedgerError
    from journal.ledger.reading import read_ledger_file

    path = tmp_path / "2025-q1.toml"
    path.write_text(
        '[goals.abcd12]\ntext = "Run 300 km"\nstatus = "open"\nkind = "checkbox"\n'
        f'source = "entries/2025-q1.md"\nline = 3\n{line}\n'
    )
    with pytest.raises(LedgerError, match=re.escape(message)):
        read_ledger_file(path, "2025-q1")


def test_progress_of_a_goal_fed_with_values_from_elsewhere(journal_dir, run, monkeypatch):
    # What a metric followed in the reports feeds in: (date, value) pairs, for the goal itself.
    import json

    from journal.config import open_journal
    from journal.ledger import load_ledger
    from tests.conftest import write

    write(journal_dir, "entries/2025-q2.md", "# Q2\n\n## Goals\n\n- [ ] Publish 1 blog post per month\n")
    goal_id = json.loads(run("goals", "--json").stdout)[0]["id"]
    goal = load_ledger(open_journal(journal_dir)[0]).goals[goal_id]
    found = progress(goal, [("2025-04-30", 1.0), ("2025-05-31", 2.0)])
    assert (found.goal_value, found.percent) == (3, 66)
    with pytest.raises(ValueError):
        progress(replace(goal, target_value=None, direction=None), [])
