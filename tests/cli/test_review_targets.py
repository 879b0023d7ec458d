"""The review of measurable goals: the value asked first, progress in --print, targets met, missed targets raised."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from journal.config import open_journal
from journal.ledger import load_ledger
from journal.tracking import missed_running
from tests.conftest import write

Q1 = """# Q1 2025

## Goals

- [ ] Reduce P99 latency below 200ms for all services
- [ ] Write the service-ownership RFC
"""
Q2 = "# Q2 2025\n\n## Goals\n\n- [ ] Run 300 km over the quarter\n"


@pytest.fixture
def journal(run, journal_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-02")
    write(journal_dir, "entries/2025-q1.md", Q1)
    return journal_dir


def ids(run) -> dict[str, str]:
    return {g["text"].split()[0]: g["id"] for g in json.loads(run("goals", "--json").stdout)}


def test_the_review_asks_the_value_first_records_it_then_asks_the_decision(run, journal: Path):
    latency = ids(run)["Reduce"]
    run("track", latency, "300", "--on", "2025-02-01")
    out = run("review", "2025-q1", input="fast\n250ms\nk\n\nq\n").stdout
    assert (
        f"[1/2] {latency}  Reduce P99 latency below 200ms for all services\n"
        "  open, entries/2025-q1.md:5\n"
        "  target at most 200 ms: 300 ms now, ·········· 0% of the way\n"
        "  Current value ([Enter] skips; or a decision key)? fast\n"
        "  'fast' is not a value\n"
        "  Current value ([Enter] skips; or a decision key)? 250ms\n"
        "  target at most 200 ms: 250 ms now (from 300 ms), █████····· 50% of the way\n"
        "  [d]one [p]rogress [c]arry drop[x] [Enter] keep [n]ote [q]uit? k\n"
    ) in out
    entry = tomllib.loads((journal / "ledger/2025-q1.toml").read_text())["goals"][latency]["history"][-1]
    assert (entry["measured"], entry["unit"], entry["by"]) == (250, "ms", "review")


def test_a_decision_key_at_the_value_question_decides_and_records_nothing(run, journal: Path):
    latency = ids(run)["Reduce"]
    before = (journal / "ledger/2025-q1.toml").read_text()
    out = run("review", "2025-q1", input="d\nq\n").stdout
    assert "Current value ([Enter] skips; or a decision key)? d\n\n[2/2]" in out
    assert "- [x] Reduce P99 latency" in (journal / "entries/2025-q1.md").read_text()
    history = tomllib.loads((journal / "ledger/2025-q1.toml").read_text())["goals"][latency]["history"]
    assert not any("measured" in entry for entry in history) and before != ""


def test_summary_line_counts_targets_met_and_print_shows_progress(run, journal: Path):
    latency = ids(run)["Reduce"]
    run("track", latency, "180ms")
    printed = run("review", "2025-q1", "--print").stdout
    assert "2 open, 0 carried in. 1 of 1 targets met. Completion 0%" in printed
    assert (
        f"- [ ] Reduce P99 latency below 200ms for all services (`{latency}`, entries/2025-q1.md:5)\n"
        "  - target at most 200 ms: 180 ms now, ██████████ met\n"
        f"- [ ] Write the service-ownership RFC (`{ids(run)['Write']}`, entries/2025-q1.md:6)\n"
    ) in printed


def test_a_target_missed_two_quarters_running_is_asked_about(run, journal: Path, monkeypatch: pytest.MonkeyPatch):
    latency = ids(run)["Reduce"]
    run("track", latency, "300ms", "--on", "2025-03-01")
    write(journal, "entries/2025-q2.md", Q2)
    run("carry", "2025-q1", "2025-q2")
    monkeypatch.setenv("JOURNAL_NOW", "2025-07-02")  # measurements are of days that have come
    run("track", latency, "260ms", "--on", "2025-06-01")
    question = (
        "'Reduce P99 latency below 200ms for all services': target (at most 200 ms) missed two quarters running: "
        "change the target, the plan, or drop it?"
    )
    assert f"- {question}" in run("review", "2025-q2", "--print").stdout
    journal_obj, _created = open_journal(journal)
    ledger = load_ledger(journal_obj)
    latest = ledger.latest(ledger.resolve(latency))
    assert missed_running(ledger, latest) == ["2025-q1", "2025-q2"]
    # Met in Q2: no longer missed running.
    run("track", latency, "190ms", "--on", "2025-06-20")
    assert question not in run("review", "2025-q2", "--print").stdout
