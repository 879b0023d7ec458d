"""`journal review` with no period reviews the last ended period that has a document; `show` of an ended period
without one points at that document rather than at writing one."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.config import open_journal
from journal.reviews import last_reviewable
from journal.sync import sync_journal


@pytest.fixture(autouse=True)
def late(monkeypatch: pytest.MonkeyPatch) -> None:
    """Long after the examples' last document (Q1 2025): Q2 and Q3 2026 have none."""
    monkeypatch.setenv("JOURNAL_NOW", "2026-11-30")


def test_review_without_a_period_reviews_the_last_ended_period_with_a_document(run, example: Path):
    result = run("review", input="q\n")
    assert result.stdout.startswith("Q1 2025: 16 goals set, 8 done, 1 in progress, 7 open, 2 carried in.")
    assert result.stderr == ""
    printed = run("review", "--print").stdout
    assert printed.startswith("# Review of Q1 2025\n")


def test_review_without_a_period_takes_the_last_quarter_when_it_has_a_document(run, example: Path, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    run("new", "2025-q2")
    assert run("review", "--print").stdout.startswith("# Review of Q1 2025\n")
    monkeypatch.setenv("JOURNAL_NOW", "2025-07-02")
    assert run("review", "--print").stdout.startswith("# Review of Q2 2025\n")


def test_review_without_any_document_keeps_its_error(run, journal_dir: Path):
    result = run("review", expect=2)
    assert result.stderr == "Error: Q3 2026 has no document ('journal new 2026-q3' writes one)\n"


def test_show_last_without_a_document_points_at_the_last_one_and_its_review(run, example: Path):
    result = run("show", "last", expect=2)
    assert result.stderr == (
        "Error: Q3 2026 has no document (Q1 2025 is the last period with one: 'journal show 2025-q1'; "
        "its review is due: 'journal review')\n"
    )
    run("review", "2025-q1", input="k\n" * 7 + "\n" * 20)
    assert run("show", "last", expect=2).stderr == (
        "Error: Q3 2026 has no document (Q1 2025 is the last period with one: 'journal show 2025-q1')\n"
    )


def test_show_of_a_period_not_over_or_before_the_last_document_still_says_how_to_write_it(run, example: Path):
    assert run("show", "2027-q1", expect=2).stderr == (
        "Error: Q1 2027 has no document ('journal new 2027-q1' writes one)\n"
    )
    assert run("show", "2024-q3", expect=2).stderr == (
        "Error: Q3 2024 has no document ('journal new 2024-q3' writes one)\n"
    )


def test_last_reviewable_passes_over_ended_periods_without_a_document_and_other_kinds(journal_dir: Path, example):
    journal, _created = open_journal(str(journal_dir))
    ledger, _report = sync_journal(journal)
    assert last_reviewable(journal, ledger) == "2025-q1"  # not 2025-04-14 (a day), not 2026-q3 (no document)


def test_review_with_only_documents_of_periods_not_over_says_there_is_nothing_to_review(run, example: Path):
    """The journal's only documents are this quarter's and the next's: nothing has ended, and `journal review`
    says so instead of asking for a document of the quarter before (which the journal never kept)."""
    for path in (example / "entries").glob("*.md"):
        path.unlink()
    run("new", "2026-q4")
    run("new", "2027-q1")
    for args in (("review",), ("review", "--print")):
        result = run(*args, expect=2)
        assert result.stderr == (
            "Error: no quarter that has ended has a document to review yet "
            "('journal review PERIOD' reviews the period you name)\n"
        )
