"""`journal carry`: bring open goals into an existing document."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_review import Q4
from tests.conftest import write


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
