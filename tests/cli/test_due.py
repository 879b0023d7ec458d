"""`journal due`: reviews due, the missing document, goals past their period, goals carried three times or more."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journal.due import due_list
from journal.ledger import load_ledger
from tests.conftest import write

EXAMPLE_DUE = """\
Review of Q1 2025: not reviewed, ended 15 days ago (journal review 2025-q1)
Review of Q4 2024: not reviewed, ended 105 days ago (journal review 2024-q4)
No document for Q2 2025 yet (journal new 2025-q2)
Goals whose period has ended (8):
  2lfopa  2025-q1  Complete the GraphQL migration of the tracking API  (entries/2024-q4-report.md:98)
  5bcanh  2025-q1  Add config drift detection to every deploy pipeline  (entries/2024-q4-report.md:99)
  c6z0e2  2025-q1  Bring monorepo CI under 10 minutes  (entries/2024-q4-report.md:100)
  hq0e24  2025-q1  Onboard Farid and Lucía, both on-call by the end of March  (entries/2024-q4-report.md:101)
  58e3o6  2025-q1  Reduce incident MTTR to < 30 minutes  (entries/2024-q4-report.md:102)
  v06kno  2025-q1  **Developer Experience** - monorepo CI under 10 minutes  (entries/2025-q1.md:34)
  y5mjfk  2025-q1  Run 300 km over the quarter  (entries/2025-q1.md:37)
  v8iped  2025-q1  Write the service-ownership RFC  (entries/2025-q1.md:45)
Goals past their due date (1):
  hq0e24  due 2025-03-31  Onboard Farid and Lucía, both on-call by the end of March  (entries/2024-q4-report.md:101)
"""


def test_due_lists_everything_behind_the_status_line(run, example: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    assert run("due").stdout == EXAMPLE_DUE
    found = json.loads(run("due", "--json").stdout)
    assert [r["period"] for r in found["reviews_due"]] == ["2025-q1", "2024-q4"]
    assert found["missing_document"] == {"period": "2025-q2", "label": "Q2 2025"}
    assert [g["id"] for g in found["overdue"]][:2] == ["2lfopa", "5bcanh"]
    assert found["overdue"][0]["days_over"] == 15 and found["carried"] == []
    assert found["status"]["overdue"] == len(found["overdue"])


def test_nothing_due(run, journal_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-05-10")
    write(journal_dir, "entries/2025-q2.md", "# Q2 2025\n\n- [ ] Ship it\n")
    assert run("due").stdout == "Nothing is due.\n"


def test_a_goal_carried_three_times(run, journal_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-01-10")
    write(journal_dir, "entries/2025-q1.md", "# Q1 2025\n\n- [ ] Learn Rust\n- [x] Ship it\n")
    for now, period in (("2025-04-02", "2025-q2"), ("2025-07-02", "2025-q3"), ("2025-10-02", "2025-q4")):
        monkeypatch.setenv("JOURNAL_NOW", now)
        run("new", period)
    for period in ("2025-q1", "2025-q2", "2025-q3"):
        run("review", period, input="k\n" * 3 + "\n" * 10)
    monkeypatch.setenv("JOURNAL_NOW", "2025-10-20")
    out = run("due").stdout
    assert out.startswith("Goals carried 3 or more times (1):\n  ")
    assert "  carried 3  Learn Rust  (entries/2025-q4.md:" in out
    assert json.loads(run("status", "--json").stdout)["carried_3_or_more"] == 1
    assert run("status").stdout == "Q4 2025: 1 open\n"


def test_due_on_the_core(example: Path, monkeypatch: pytest.MonkeyPatch, run):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    run("sync")
    from journal.config import open_journal

    journal, _created = open_journal(str(example))
    found = due_list(journal, load_ledger(journal))
    assert found["status"]["line"] == (
        "Q2 2025: 10 open, 8 overdue · review of Q1 2025 due (ended 15 days ago; 1 more)"
        " · no document yet (journal new 2025-q2)"
    )
