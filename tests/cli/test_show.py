"""`journal show`: a period's document, or one goal's whole story."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write


def test_show_period(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [x] a\n- [ ] b\n")
    write(journal_dir, "entries/2024-q4.md", "# Q4\n\n## Goals\n\n- [ ] c\n")
    assert run("show", "q1-2025").stdout == "# Q1\n\n## Goals\n\n- [x] a\n- [ ] b\n"
    assert run("show", "2030-q1", expect=2).stderr.startswith("Error: Q1 2030 has no document")


def test_show_an_unknown_id_is_an_error(run):
    assert run("show", "nothing", expect=3).stderr == (
        "Error: no goal matches 'nothing' ('journal goals --all' lists the ids)\n"
    )
