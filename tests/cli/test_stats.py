"""`journal stats`: goals set, done, dropped, carried and open per period."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write


def test_stats_plain_and_svg(run, journal_dir: Path, tmp_path: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [x] a\n- [x] b\n- [ ] c\n- [-] d\n")
    out = run("stats").stdout.splitlines()
    assert out[0].split() == ["PERIOD", "SET", "DONE", "DROPPED", "CARRIED", "OPEN", "RATE", "COMPLETION"]
    assert out[1].startswith("2025-q1  4    2     1        0        1     50%   ██████████··········")
    svg = tmp_path / "chart.svg"
    run("stats", "--svg", str(svg))
    assert svg.read_text().startswith("<svg") and "2025-q1" in svg.read_text()
    assert run("stats", "--since", "2026-q1").stderr == "No goals yet.\n"
