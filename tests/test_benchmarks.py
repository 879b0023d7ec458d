"""The benchmark journal generator makes what it says: realistic documents, the goals asked for."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from journal.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def test_the_generator_builds_a_journal_with_the_goals_asked_for(tmp_path: Path, monkeypatch):
    target = tmp_path / "bench"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(target), "--goals", "120", "--seed", "3"],
        check=True,
        capture_output=True,
    )
    documents = sorted((target / "entries").glob("*.md"))
    assert documents and all(3_000 <= p.stat().st_size <= 8_500 for p in documents)
    monkeypatch.setenv("JOURNAL_DIR", str(target))
    runner = CliRunner()
    assert runner.invoke(cli, ["sync"]).exit_code == 0
    goals = json.loads(runner.invoke(cli, ["export"]).stdout)
    assert len(goals) == 120
    assert {g["status"] for g in goals} >= {"open", "done", "dropped", "carried"}
    assert any(g["carried_from"] for g in goals)
