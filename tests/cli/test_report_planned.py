"""`journal report` says where a goal planned in an earlier document began: "Planned in Q1 2025", not the period it
was planned for."""

from __future__ import annotations

import json
from pathlib import Path

from journal.report import ReportGoal
from journal.report_html import lineage_text


def q3_report(run, monkeypatch) -> dict[str, dict]:
    """The examples carried on to Q3 2025: the goals Q1's "Q2 2025 Priorities" planned went through Q2 into Q3."""
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    run("new", "2025-q2")
    monkeypatch.setenv("JOURNAL_NOW", "2025-07-15")
    run("new", "2025-q3")
    monkeypatch.setenv("JOURNAL_NOW", "2025-10-15")
    return {g["text"]: g for g in json.loads(run("report", "2025-q3", "--json").stdout)["goals"]}


def test_a_goal_planned_in_q1_for_q2_says_planned_in_q1(run, example: Path, monkeypatch):
    goals = q3_report(run, monkeypatch)
    mentor = goals["Mentor one engineer towards a senior promotion case"]
    assert (mentor["planned_in"], mentor["came_from"]["period"]) == ("Q1 2025", "2025-q2")
    section = run("report", "2025-q3").stdout
    row = f"| Mentor one engineer towards a senior promotion case | Planned in Q1 2025 for Q2 2025. | `{mentor['id']}`"
    assert row in section
    assert "Began in Q2 2025" not in section
    ci = goals["Bring monorepo CI under 10 minutes"]  # planned in Q4 2024's report for Q1, then carried twice
    assert f"| Planned in Q4 2024 for Q1 2025, carried across 2 periods. | `{ci['id']}` |" in section
    assert "| Write the service-ownership RFC | Began in Q4 2024, carried across 3 periods. |" in section


def test_lineage_text_wording():
    def goal(**lineage) -> ReportGoal:
        fields = {"came_from": None, "planned_in": None, "times_carried": 0, "went_to": None, **lineage}
        return ReportGoal(goal_id="abc123", text="t", status="open", section=None, where="x.md:1", owner=None,
                          reason=None, **fields)  # fmt: skip

    assert lineage_text(goal()) == "Began here"
    assert lineage_text(goal(planned_in="Q1 2025")) == "Planned in Q1 2025"
