"""`journal done`: check goals off, in the ledger and in the document."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_core_loop import Q4, ids_by_text
from tests.conftest import snapshot, write


def test_done_on_a_plain_bullet_adds_a_marker(run, journal_dir: Path):
    doc = write(journal_dir, "entries/2024-q4.md", Q4)
    run("done", ids_by_text(run)["Run a 10k"])
    assert doc.read_text() == Q4.replace("- Run a 10k", "- [x] Run a 10k")


def test_unknown_and_ambiguous_ids_are_errors_that_change_nothing(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", "# Goals\n\n" + "".join(f"- [ ] goal {n}\n" for n in range(60)))
    run("sync")
    before = snapshot(journal_dir)
    missing = run("done", "zzzzzz", expect=3)
    assert missing.stderr == "Error: no goal matches 'zzzzzz' ('journal goals --all' lists the ids)\n"
    ids = list(ids_by_text(run).values())
    prefix = next(p for p in (i[:1] for i in ids) if sum(i.startswith(p) for i in ids) > 1)
    ambiguous = run("done", prefix, expect=3)
    assert ambiguous.stderr.startswith(f"Error: '{prefix}' matches ")
    assert "(type more of the id)" in ambiguous.stderr and len(ambiguous.stderr.splitlines()) == 1
    # One bad id among good ones: nothing at all is changed.
    run("done", ids[0], "zzzzzz", expect=3)
    assert snapshot(journal_dir) == before
