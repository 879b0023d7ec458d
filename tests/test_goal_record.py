"""Goal, Ledger, Period and SyncReport are plain classes that behave as the dataclasses they were (kept here,
and in journal.ledger.goal_record, as the models): the same fields and defaults, equality, repr, hashing, and
``dataclasses.replace``/``asdict`` on a Goal."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.ledger.goal_record import GoalRecord
from journal.ledger.model import GOAL_FIELDS, Goal, Ledger
from journal.periods import Period, PeriodError
from journal.sync import SyncReport

texts = st.text(max_size=6)
optional = st.none() | texts
goal_values = st.tuples(
    texts, st.sampled_from(["2025-q1", "2025-w03"]), texts, st.sampled_from(["open", "done"]), texts, texts,
    st.integers(0, 99), texts, optional, texts, texts, optional, optional, optional,
    st.lists(st.dictionaries(texts, texts, max_size=2), max_size=2), optional, optional, st.lists(texts, max_size=2),
    optional, optional, optional, optional, st.none() | st.floats(allow_nan=False), optional, optional, optional,
)  # fmt: skip


def test_a_goal_has_its_dataclass_fields_and_defaults():
    assert tuple(GoalRecord.__dataclass_fields__) == GOAL_FIELDS
    ours = inspect.signature(Goal).parameters
    model = inspect.signature(GoalRecord).parameters
    assert list(ours) == list(model)
    for name, parameter in model.items():
        if parameter.default is inspect.Parameter.empty or not isinstance(parameter.default, list | str | None):
            assert (ours[name].default is inspect.Parameter.empty) == (parameter.default is inspect.Parameter.empty)
    minimal = ("abc123", "2025-q1", "Run", "open", "checkbox", "2025-q1.md", 3)
    assert dataclasses.asdict(Goal(*minimal)) == dataclasses.asdict(GoalRecord(*minimal))
    one, other = Goal(*minimal), Goal(*minimal)
    assert one.history is not other.history and one.tags is not other.tags  # a new list each, as default_factory


@given(goal_values, goal_values)
def test_a_goal_is_its_dataclass(one, other):
    goal, model = Goal(*one), GoalRecord(*one)
    assert repr(goal) == repr(model).replace("GoalRecord(", "Goal(", 1)
    assert (goal == Goal(*other)) == (model == GoalRecord(*other))
    assert dataclasses.asdict(goal) == dataclasses.asdict(model)
    assert Goal(**dataclasses.asdict(model)) == goal
    assert dataclasses.replace(goal, text="changed") == Goal(*one[:2], "changed", *one[3:])
    assert type(dataclasses.replace(goal, line=1)) is Goal
    assert [f.name for f in dataclasses.fields(goal)] == list(GOAL_FIELDS)
    assert pickle.loads(pickle.dumps(goal)) == goal and copy.deepcopy(goal) == goal
    assert goal != model and goal != one
    with pytest.raises(TypeError):
        hash(goal)  # mutable, as the dataclass (eq without frozen) was


@dataclass
class LedgerModel:
    goals: dict
    files: dict
    documents: dict = field(default_factory=dict)
    file_hashes: dict = field(default_factory=dict)


def test_a_ledger_is_its_dataclass():
    goal = Goal("abc123", "2025-q1", "Run", "open", "checkbox", "2025-q1.md", 3)
    made = [
        ({"abc123": goal}, {"2025-q1": Path("ledger/2025-q1.toml")}),
        ({}, {}, {"a.md": "1"}),
        ({}, {}, {}, {"2025-q1": {"a.md": "1"}}),
    ]
    for one in made:
        ledger, model = Ledger(*one), LedgerModel(*one)
        assert repr(ledger) == repr(model).replace("LedgerModel(", "Ledger(")
        for other in made:
            assert (ledger == Ledger(*other)) == (model == LedgerModel(*other))
    ledger = Ledger({"abc123": goal}, {})
    ledger.lineage_id(goal)  # an index filled: not part of equality or repr
    assert ledger == Ledger({"abc123": goal}, {}) and "_lineage_ids" not in repr(ledger)
    assert Ledger({}, {}).documents is not Ledger({}, {}).documents


@dataclass(frozen=True, slots=True)
class PeriodModel:
    kind: str
    year: int
    index: int
    fiscal_year_start: int = 1


periods = st.builds(
    lambda kind, year, index, fiscal: (kind, year, 1 if kind == "year" else index, fiscal),
    st.sampled_from(["year", "quarter", "month"]), st.integers(2000, 2030), st.integers(1, 4), st.integers(1, 12),
)  # fmt: skip


@given(periods, periods)
def test_a_period_is_its_dataclass(one, other):
    period, model = Period(*one), PeriodModel(*one)
    assert repr(period) == repr(model).replace("PeriodModel(", "Period(")
    assert (period == Period(*other)) == (model == PeriodModel(*other))
    assert hash(period) == hash(model)  # the fields' tuple, as the frozen dataclass hashes
    assert pickle.loads(pickle.dumps(period)) == period and copy.copy(period) == period
    assert Period(*one[:3]) == Period(one[0], one[1], one[2], 1)
    assert period != model and period != one
    with pytest.raises(AttributeError):
        period.year = 1999  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del period.kind
    with pytest.raises(AttributeError):
        period.other = 1  # type: ignore[attr-defined]


def test_an_invalid_period_is_refused():
    with pytest.raises(PeriodError):
        Period("quarter", 2025, 5)


def test_a_sync_report_starts_empty_and_compares_by_its_fields():
    report = SyncReport()
    assert report.nothing and report == SyncReport() and SyncReport().added is not report.added
    assert repr(report) == "SyncReport(parsed=[], added=[], changed=[], removed=[], skipped=[], not_taken={})"
    assert SyncReport(parsed=["a.md"]) != report


def test_a_sync_of_a_prose_edit_imports_no_dataclasses(journal_dir: Path, run, monkeypatch: pytest.MonkeyPatch):
    """What the plain classes are for: a bare sync of a document edited in its prose makes no dataclass."""
    import os
    import subprocess
    import sys

    from tests.conftest import write

    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    write(journal_dir, "entries/2025-q1.md", "# Q1 2025\n\n## Goals\n\n- [ ] Write the RFC\n\nSome words.\n")
    run("sync")
    run("sync")
    with (journal_dir / "entries" / "2025-q1.md").open("a", encoding="utf-8") as handle:
        handle.write("\nA line added.\n")
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('imported:', 'dataclasses' in sys.modules, 'click' in sys.modules,"
        " file=sys.stderr))\n"
        "sys.argv = ['journal', 'sync']\nfrom journal.launcher import main\nmain()\n"
    )
    env = {**os.environ, "JOURNAL_DIR": str(journal_dir), "NO_COLOR": "1", "JOURNAL_NOW": "2025-04-15"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert (done.returncode, done.stdout) == (0, "Nothing changed.\n")
    assert done.stderr.splitlines()[-1] == "imported: False False"
    assert run("sync").output == "Nothing changed.\n"
