"""`journal done`: check goals off, in the ledger and in the document."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import assert_usage_error
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


def test_done_twice_says_so_and_changes_nothing_more(run, journal_dir: Path):
    doc = write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [ ] one\n- [ ] two\n")
    ids = ids_by_text(run)
    both = run("done", ids["one"], ids["two"], ids["one"])  # an id given twice is done once
    assert both.stdout == f"Done {ids['one']}  one\nDone {ids['two']}  two\n"
    assert doc.read_text() == "# Goals\n\n- [x] one\n- [x] two\n"
    before = snapshot(journal_dir)
    again = run("done", ids["one"])
    assert (again.stdout, again.stderr) == ("", f"{ids['one']} is already done: one\n")
    assert snapshot(journal_dir) == before


def test_done_usage_errors_are_one_line_and_write_nothing(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [ ] one\n")
    run("sync")
    before = snapshot(journal_dir)
    assert_usage_error(run("done", expect=2), "Missing argument 'ID...'.", "done")
    assert_usage_error(run("done", "--bogus", expect=2), "No such option '--bogus'.", "done")
    assert run("done", "", expect=3).stderr == "Error: an empty goal id matches nothing\n"
    assert snapshot(journal_dir) == before


def test_one_or_two_characters_of_a_lines_own_id_change_nothing(run, example: Path):
    """`done a` must not decide the goal whose hidden LINK id (ag6uvv, of v06kno) starts with 'a'."""
    before = snapshot(example)
    refused = run("done", "a", expect=3)
    assert refused.stderr == (
        "Error: no goal's id starts with 'a' (a line's own id (the LINK column of 'journal goals --all') needs "
        "3 characters or more)\n"
    )
    assert snapshot(example) == before
    assert run("done", "ag6").stdout.startswith("Done v06kno  ")  # three characters name the line
