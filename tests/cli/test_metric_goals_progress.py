"""`journal metrics NAME` lists the goals following the metric with their progress, as `journal goals` shows it."""

from __future__ import annotations

import json

import pytest


@pytest.fixture(autouse=True)
def april(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")


def _following(stdout: str) -> list[str]:
    lines = stdout.splitlines()
    return lines[lines.index("Goals following it:") + 1 : lines.index("Source lines:")]


def test_the_goals_following_a_metric_show_their_progress(example, run):
    assert _following(run("metrics", "mono").stdout) == [
        "ID      STATUS       PERIOD   PROGRESS         TEXT",
        "c6z0e2  open         2025-q1  ███▏······  30%  Bring monorepo CI under 10 minutes",
        "v06kno  in progress  2025-q1  ███▏······  30%  **Developer Experience** - monorepo CI under 10 minutes",
        "e1z6t3  open         2025-q2  ███▏······  30%  Cut monorepo CI to under 10 minutes at p90 @jonas #ci",
    ]


def test_the_same_progress_as_goals_gives(example, run):
    listed = {goal["id"]: goal["progress"] for goal in json.loads(run("goals", "--all", "--json").stdout)}
    shown = json.loads(run("metrics", "mono", "--json").stdout)
    assert shown["goals"] == ["c6z0e2", "v06kno", "e1z6t3"]  # as before: the ids
    assert shown["progress"] == {goal_id: listed[goal_id] for goal_id in shown["goals"]}
    assert shown["progress"]["c6z0e2"]["percent"] == 30


def test_a_metric_whose_goals_measure_nothing_has_no_progress_column(example, run):
    run("metrics", "change failure", "--follow", "5bc")  # a goal with no target in its words
    following = _following(run("metrics", "change failure").stdout)
    assert following[0].split() == ["ID", "STATUS", "PERIOD", "TEXT"]
