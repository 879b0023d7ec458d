"""What people type: a period in several words, global options after the command, 'not a period'."""

from __future__ import annotations

from pathlib import Path

from journal.cli.common import looks_like_a_period


def test_a_period_typed_as_several_words_is_joined(example: Path, run):
    result = run("new", "Q2", "2025", "--no-carry")
    assert result.stdout.strip() == str(example / "entries" / "2025-q2.md")
    assert (example / "entries" / "2025-q2.md").is_file()


def test_show_and_review_take_a_period_in_words(example: Path, run):
    assert run("show", "Q1", "2025").stdout == (example / "entries" / "2025-q1.md").read_text(encoding="utf-8")
    printed = run("review", "Q1", "2025", "--print").stdout
    assert printed == run("review", "2025-q1", "--print").stdout


def test_carry_splits_its_words_into_from_and_to(example: Path, run):
    run("new", "2025-q2", "--no-carry")
    result = run("carry", "Q1", "2025", "Q2", "2025")
    assert result.stdout.endswith("into entries/2025-q2.md.\n")


def test_show_of_something_that_looks_like_a_period_says_not_a_period(example: Path, run):
    result = run("show", "q5-2025", expect=2)
    assert result.stderr.startswith("Error: not a period: 'q5-2025' (quarters are q1-q4;")
    assert len(result.stderr.splitlines()) == 1
    result = run("show", "zzzzzz", expect=3)
    assert result.stderr == "Error: no goal matches 'zzzzzz' ('journal goals --all' lists the ids)\n"


def test_what_looks_like_a_period():
    assert looks_like_a_period("q5-2025") and looks_like_a_period("Q7 2025") and looks_like_a_period("2025q9")
    assert not looks_like_a_period("2lfopa") and not looks_like_a_period("k7f3")


def test_global_options_after_the_command(example: Path, run, tmp_path: Path):
    other = tmp_path / "other"
    run("init", str(other))
    assert run("goals", "--no-color", "--dir", str(other)).stderr == "No goals match.\n"
    assert run("list", "--dir", str(example)).stdout.startswith("PERIOD")
