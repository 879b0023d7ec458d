"""Tab completes the periods of documents placed by journal.toml's `[paths]` (and in subfolders), as `show`
finds them; `new` no longer offers a period whose document is there."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.cli.completion import complete_period
from journal.config import open_journal
from tests.cli.test_complete_new import tab
from tests.conftest import write

PATHS = """\
default_kind = "quarter"
[paths]
day = "Daily/{date}.md"
week = "Weekly/{year}-W{week}.md"
quarter = "Quarterly/{year}-Q{quarter}.md"
"""


@pytest.fixture
def placed(journal_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    (journal_dir / "journal.toml").write_text(PATHS)
    write(journal_dir, "entries/Quarterly/2025-Q1.md", "# Q1 2025\n\n- [ ] Ship the importer\n")
    write(journal_dir, "entries/Quarterly/2025-Q2.md", "# Q2 2025\n")
    write(journal_dir, "entries/Weekly/2025-W15.md", "# Week 15\n")
    write(journal_dir, "entries/Daily/2025-04-14.md", "# Monday\n")
    write(journal_dir, "entries/Reading list.md", "# Books\n")  # a note of its own: no period
    return journal_dir


def test_tab_offers_the_periods_of_placed_documents(placed: Path, run):
    assert tab(placed, "show", "2025") == ["2025-04-14", "2025-q1", "2025-q2", "2025-w15"]
    assert tab(placed, "review", "2025-q") == ["2025-q1", "2025-q2"]
    assert "Q1 2025" in run("show", "2025-q1").stdout  # the period offered is one `show` finds


def test_new_does_not_offer_a_period_whose_placed_document_is_there(placed: Path):
    offered = tab(placed, "new", "2025")
    assert "2025-q2" not in offered and "2025-04-14" not in offered
    assert "2025-q3" in offered and "2025-04-15" in offered


def test_on_the_core(placed: Path):
    from journal.cli.completion import document_period_keys

    journal = open_journal(placed)[0]
    assert document_period_keys(journal) == {"2025-04-14", "2025-q1", "2025-q2", "2025-w15"}


def test_without_paths_subfolders_count_too(journal_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    write(journal_dir, "entries/Quarterly/2025-Q1.md", "# Q1 2025\n")
    write(journal_dir, "entries/2024-q4.md", "# Q4 2024\n")
    assert tab(journal_dir, "show", "20") == ["2024-q4", "2025-q1"]
    assert complete_period  # the function the commands' arguments use
