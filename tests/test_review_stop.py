"""Stopping a review (Ctrl-C: ReviewStopped) ends it the same way in every phase, keeping what was done."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from journal.config import open_journal
from journal.periods import parse_period
from journal.review import STOPPED, ReviewStopped, run_review
from tests.conftest import EXAMPLES


class ScriptedAsker:
    """Answers from a script; "STOP" raises ReviewStopped (with the lines given so far, in an answer)."""

    def __init__(self, decisions: list[str], lines: list[str], answers: list[list[str]]) -> None:
        self.decisions, self.lines, self.answers = decisions, lines, answers
        self.said: list[str] = []

    def say(self, message: str) -> None:
        self.said.append(message)

    def decide(self, goal, position, total, carried, shown_id=None) -> str:
        decision = self.decisions.pop(0) if self.decisions else "keep"
        if decision == "STOP":
            raise ReviewStopped
        return decision

    def line(self, question: str) -> str:
        line = self.lines.pop(0)
        if line == "STOP":
            raise ReviewStopped
        return line

    def answer(self, question: str) -> str | None:
        given = self.answers.pop(0) if self.answers else []
        if given and given[-1] == "STOP":
            raise ReviewStopped("\n".join(given[:-1]))
        return "\n".join(given)


@pytest.fixture
def journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    shutil.copytree(EXAMPLES, tmp_path / "j")
    return open_journal(str(tmp_path / "j"))[0]


def test_stopping_while_a_reason_is_typed_keeps_earlier_decisions_and_not_that_one(journal):
    asker = ScriptedAsker(["done", "drop"], ["STOP"], [])
    outcome = run_review(journal, parse_period("2025-q1"), asker)
    assert outcome.quit and outcome.decisions == {"done": 1}
    assert asker.said[-1] == STOPPED
    report = (journal.root / "entries" / "2024-q4-report.md").read_text(encoding="utf-8")
    assert "- [x] Complete the GraphQL migration of the tracking API" in report
    assert "- [ ] Add config drift detection to every deploy pipeline" in report


def test_stopping_in_the_answers_writes_the_lines_typed_and_says_stopped(journal):
    from journal.scaffold import new_document

    new_document(journal, parse_period("2025-q2"), carry=False)
    asker = ScriptedAsker([], [], [["First answer"], ["Half of the second", "STOP"], ["never asked"]])
    outcome = run_review(journal, parse_period("2025-q2"), asker)
    assert outcome.quit and outcome.answered == 2
    assert asker.said[-1] == STOPPED
    assert asker.answers == [["never asked"]]
    text = (journal.root / "entries" / "2025-q2.md").read_text(encoding="utf-8")
    assert "First answer" in text and "Half of the second" in text


def test_stopping_before_typing_an_answer_writes_nothing_more(journal):
    from journal.scaffold import new_document

    new_document(journal, parse_period("2025-q2"), carry=False)
    before = (journal.root / "entries" / "2025-q2.md").read_bytes()
    asker = ScriptedAsker([], [], [["STOP"]])
    outcome = run_review(journal, parse_period("2025-q2"), asker)
    assert outcome.quit and outcome.answered == 0 and asker.said[-1] == STOPPED
    assert (journal.root / "entries" / "2025-q2.md").read_bytes() == before
