"""`journal list`: the documents by period, with their goal counts and completion."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write


def test_list_counts_goals_per_document(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [x] a\n- [ ] b\n")
    write(journal_dir, "entries/2024-q4.md", "# Q4\n\n## Goals\n\n- [ ] c\n")
    assert run("list").stdout == (
        "PERIOD   GOALS  DONE  OPEN  DROPPED  CARRIED  RATE  DOCUMENT\n"
        "2024-q4  1      0     1     0        0        0%    entries/2024-q4.md\n"
        "2025-q1  2      1     1     0        0        50%   entries/2025-q1.md\n"
    )
