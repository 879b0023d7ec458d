"""The once-a-period line suggests only what is still to do once the command is done: `new` for a period without a
document, `review` of an ended period that has a document and no finished review; nothing when neither applies."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.config import open_journal
from journal.period_start import period_start_line

KEEP_ALL_THEN_SKIP = "k\n" * 7 + "\n" * 10  # the examples' Q1 2025 review: every goal kept, every prompt skipped


@pytest.fixture
def seen_in_q1(run, example: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The examples, last used in Q1 2025."""
    monkeypatch.setenv("JOURNAL_NOW", "2025-03-30")
    run("goals")
    return example


def test_the_review_just_finished_is_not_suggested(run, seen_in_q1: Path, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-01")
    result = run("review", "2025-q1", input=KEEP_ALL_THEN_SKIP)
    assert "Review saved" in result.stdout
    assert result.stderr == "Q2 2025 has begun: 'journal new 2025-q2' writes its document.\n"


def test_the_document_just_written_is_not_suggested(run, seen_in_q1: Path, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-01")
    result = run("new", "2025-q2")
    assert result.stderr.endswith("Q2 2025 has begun: 'journal review 2025-q1' reviews Q1 2025.\n")


def test_an_ended_period_without_a_document_is_not_suggested_for_review(run, seen_in_q1: Path, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-07-01")  # Q2 2025 went by without a document
    assert run("goals").stderr == "Q3 2025 has begun: 'journal new 2025-q3' writes its document.\n"


def test_nothing_to_suggest_says_nothing(run, seen_in_q1: Path, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-07-01")
    result = run("new", "2025-q3")
    assert "has begun" not in result.stderr
    monkeypatch.setenv("JOURNAL_NOW", "2025-10-01")
    assert run("goals").stderr == (
        "Q4 2025 has begun: 'journal new 2025-q4' writes its document; 'journal review 2025-q3' reviews Q3 2025.\n"
    )


def test_period_start_line_from_the_files(run, seen_in_q1: Path, monkeypatch):
    journal, _created = open_journal(str(seen_in_q1))
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-01")
    assert period_start_line(journal, "2025-q2") == (
        "Q2 2025 has begun: 'journal new 2025-q2' writes its document; 'journal review 2025-q1' reviews Q1 2025."
    )
    assert period_start_line(journal, "2025-q1") == "Q1 2025 has begun: 'journal review 2024-q4' reviews Q4 2024."
    reviews = seen_in_q1 / "ledger" / "reviews"
    reviews.mkdir(parents=True, exist_ok=True)
    (reviews / "2024-q4.toml").write_text('period = "2024-q4"\nstatus = "finished"\n')
    assert period_start_line(journal, "2025-q1") is None
    (reviews / "2024-q4.toml").write_text('period = "2024-q4"\nstatus = "unfinished"\n')
    assert period_start_line(journal, "2025-q1") == "Q1 2025 has begun: 'journal review 2024-q4' reviews Q4 2024."
