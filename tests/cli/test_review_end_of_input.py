"""End of input while the review asks why a goal is dropped stops the review, as Ctrl-C does: nothing is dropped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import snapshot


@pytest.fixture(autouse=True)
def april(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")


def open_ids(run) -> list[str]:
    return [g["id"] for g in json.loads(run("goals", "--period", "2025-q1", "--open", "--json").stdout)]


def test_end_of_input_at_why_drop_it_drops_nothing(run, example: Path):
    before = open_ids(run)
    documents = {name: data for name, data in snapshot(example).items() if name.startswith("entries/")}
    result = run("review", "q1-2025", input="x\n")
    assert result.stdout.endswith(
        "  Why drop it? \nStopped; every decision so far is saved.\n\nReview saved: no decisions; 0 answers written.\n"
    )
    assert open_ids(run) == before
    assert {name: data for name, data in snapshot(example).items() if name.startswith("entries/")} == documents
    assert not (example / "ledger" / "reviews" / "2025-q1.toml").exists()  # nothing done: no review on record


def test_end_of_input_after_a_reason_keeps_the_drop(run, example: Path):
    before = open_ids(run)
    result = run("review", "q1-2025", input="x\nsuperseded\n")
    assert result.stdout.endswith("Review saved: 1 drop; 0 answers written.\n")
    assert open_ids(run) == before[1:]
