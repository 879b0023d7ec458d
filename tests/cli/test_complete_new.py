"""Tab after `journal new` offers what `new` accepts: the relative words and the coming periods without a document."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def april(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")


def tab(example: Path, *words: str) -> list[str]:
    """What bash's Tab offers with ``words`` typed after `journal` (the last one, maybe "", being completed)."""
    env = {**os.environ, "_JOURNAL_COMPLETE": "bash_complete", "JOURNAL_DIR": str(example)}
    env |= {"COMP_WORDS": " ".join(("journal", *words)), "COMP_CWORD": str(len(words))}
    code = "from journal.cli import main; main()"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return [line.split(",", 1)[1] for line in result.stdout.splitlines() if line]


def test_new_offers_relative_words_and_coming_periods_without_a_document(example: Path):
    offered = tab(example, "new", "")
    assert offered[:6] == ["this", "next", "today", "tomorrow", "yesterday", "last"]
    assert "next-week" in offered and "this-month" in offered
    assert offered[-5:] == ["2025-04-15", "2025-04-16", "2025-q2", "2025-q3", "2025-q4"]
    assert "2025-q1" not in offered and "2024-q4" not in offered  # they have documents: `new` refuses them


def test_new_t_offers_today_and_tomorrow(example: Path):
    assert tab(example, "new", "t") == [
        "this", "today", "tomorrow", "this-week", "this-month", "this-quarter", "this-year",
    ]  # fmt: skip


def test_new_next_offers_the_kinds(example: Path):
    assert tab(example, "new", "next", "") == ["week", "month", "quarter", "half", "year", "day"]
    assert tab(example, "new", "next", "w") == ["week"]


def test_a_period_written_meanwhile_is_no_longer_offered(example: Path, run):
    run("new", "2025-q2")
    offered = tab(example, "new", "2025")
    assert offered == ["2025-04-15", "2025-04-16", "2025-q3", "2025-q4"]


def test_other_commands_still_offer_periods_with_documents(example: Path):
    assert tab(example, "show", "2025") == ["2025-04-14", "2025-q1"]
