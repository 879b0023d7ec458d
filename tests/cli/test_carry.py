"""`journal carry`: bring open goals into an existing document."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import assert_usage_error, last_and_this_quarter
from tests.cli.test_review import Q4
from tests.conftest import snapshot, write


def test_carry_appends_to_an_existing_document_once(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    run("new", "2025-q1", "--no-carry")
    out = run("carry", "2024-q4").stdout
    assert out.endswith("Carried 5 goals into entries/2025-q1.md.\n")
    text = (journal_dir / "entries" / "2025-q1.md").read_text()
    assert text.endswith("## Carried over\n\n- [ ] Charlie\n- [ ] Delta\n- [ ] Echo\n- [ ] Foxtrot\n- [ ] Bravo\n")
    assert run("carry", "2024-q4", "2025-q1").stdout == "Nothing to carry from Q4 2024 into entries/2025-q1.md.\n"
    assert len(json.loads(run("goals", "--json").stdout)) == 5


def test_carry_needs_the_target_document(run, journal_dir: Path):
    result = run("carry", "2024-q4", "2025-q1", expect=2)
    assert result.stderr == "Error: Q1 2025 has no document ('journal new 2025-q1' writes one and carries too)\n"
    assert run("carry", "2025-q2", "2025-q1", expect=2).stderr.startswith("Error: cannot carry from Q2 2025")


def test_carry_lists_what_it_carried(run, journal_dir: Path):
    q1 = "# Q1\n\n## Goals\n\n- [x] Done already\n- [ ] Keep going\n- [/] Halfway\n"
    write(journal_dir, "entries/2025-q1.md", q1)
    write(journal_dir, "entries/2025-q2.md", "# Q2\n")
    ids = {g["text"]: g["id"] for g in json.loads(run("goals", "--json").stdout)}
    out = run("carry", "q1-2025").stdout
    carried = {g["text"]: g for g in json.loads(run("goals", "--json").stdout)}
    assert out == (
        f"> {ids['Keep going']}  Keep going\n"  # the id it was carried from
        f"> {ids['Halfway']}  Halfway\n"
        "Carried 2 goals into entries/2025-q2.md.\n"
    )
    assert carried["Keep going"]["carried_from"] == ids["Keep going"]
    assert (journal_dir / "entries" / "2025-q2.md").read_text() == (
        "# Q2\n\n## Carried over\n\n- [ ] Keep going\n- [/] Halfway\n"
    )


def test_carry_errors_are_one_line_and_write_nothing(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [ ] Keep going\n")
    run("sync")
    before = snapshot(journal_dir)
    bad = run("carry", "q5-2025", expect=2)
    assert bad.stderr.startswith("Error: not a period: 'q5-2025'") and len(bad.stderr.splitlines()) == 1
    same = run("carry", "2025-q1", "2025-q1", expect=2)
    assert same.stderr == "Error: cannot carry from Q1 2025 to Q1 2025: Q1 2025 is not later\n"
    assert_usage_error(run("carry", "--bogus", expect=2), "No such option '--bogus'.", "carry")
    assert snapshot(journal_dir) == before


def test_carry_without_periods_carries_the_last_period_into_this_one(run, journal_dir: Path):
    last, this = last_and_this_quarter()
    write(journal_dir, f"entries/{last}.md", "# Last\n\n## Goals\n\n- [ ] Unfinished\n")
    write(journal_dir, f"entries/{this}.md", "# This\n")
    assert run("carry").stdout.endswith(f"Carried 1 goal into entries/{this}.md.\n")
    assert (journal_dir / "entries" / f"{this}.md").read_text() == "# This\n\n## Carried over\n\n- [ ] Unfinished\n"
