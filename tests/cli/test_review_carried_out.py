"""The review's summary line names the goals carried out of the period, and where to (`review` and `--print`)."""

from __future__ import annotations

import pytest

from journal.config import open_journal
from journal.periods import parse_period
from journal.review_plan import plan_review, summary_line
from journal.sync import sync_journal
from tests.conftest import write

Q1 = """\
# Q1 2025

## Goals

- [x] Ship the importer
- [ ] Write the runbook
- [ ] Tidy the wiki
- [-] Evaluate a service mesh
"""


@pytest.fixture
def carried(journal_dir, run, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    write(journal_dir, "entries/2025-q1.md", Q1)
    run("sync")
    run("new", "2025-q2")  # the runbook and the wiki go on in Q2
    return journal_dir


def test_review_print_says_how_many_goals_went_on_and_where(carried, run):
    printed = run("review", "2025-q1", "--print").stdout.splitlines()
    assert printed[2] == (
        "Q1 2025: 4 goals set, 1 done, 0 in progress, 0 open, 2 carried to Q2 2025, 0 carried in. "
        "Completion 25% (Q4 2024: no goals)."
    )


def test_the_review_starts_with_the_same_line(carried, run):
    shown = run("review", "2025-q1", input="q\n").stdout.splitlines()
    assert shown[0] == (
        "Q1 2025: 4 goals set, 1 done, 0 in progress, 0 open, 2 carried to Q2 2025, 0 carried in. "
        "Completion 25% (Q4 2024: no goals)."
    )


def test_goals_carried_to_two_periods_are_counted_per_period(carried, run):
    q2 = carried / "entries" / "2025-q2.md"
    q2.write_text(q2.read_text().replace("- [ ] Tidy the wiki\n", ""))  # the wiki goes back to Q1...
    write(carried, "entries/2025-q3.md", "# Q3 2025\n\n## Goals\n\n")
    assert "Carried 1 goal into entries/2025-q3.md." in run("carry", "2025-q1", "2025-q3").stdout  # ...and on to Q3
    line = run("review", "2025-q1", "--print").stdout.splitlines()[2]
    assert "0 open, 1 carried to Q2 2025, 1 carried to Q3 2025, 0 carried in." in line


def test_a_period_with_nothing_carried_out_keeps_its_line(journal_dir, run, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    write(journal_dir, "entries/2025-q1.md", Q1)
    line = run("review", "2025-q1", "--print").stdout.splitlines()[2]
    assert line == (
        "Q1 2025: 4 goals set, 1 done, 0 in progress, 2 open, 0 carried in. Completion 25% (Q4 2024: no goals)."
    )


def test_on_the_core(carried):
    journal = open_journal(carried)[0]
    ledger, _report = sync_journal(journal)
    plan = plan_review(journal, ledger, parse_period("2025-q1"))
    assert plan.carried_to == {"Q2 2025": 2}
    assert "2 carried to Q2 2025, 0 carried in." in summary_line(plan.summary, plan.previous, plan.carried_to)
