"""The earlier periods' undecided goals kept in .journal/ are keyed on the ledger as it was read: a ledger file
saved by hand while a review reads, or by the review's own sync, never leaves a kept answer that outlives it."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from journal.config import open_journal
from journal.ledger.cache import Cache
from journal.ledger.reading import load_ledger
from journal.stale_rows import stale_goals_from_rows
from tests.conftest import write


@pytest.fixture
def journal(journal_dir: Path, run, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    write(journal_dir, "entries/2025-q1.md", "# Q1 2025\n\n## Goals\n\n- [ ] Alpha the importer\n- [ ] Beta the RFC\n")
    write(journal_dir, "entries/2025-q2.md", "# Q2 2025\n\n## Goals\n\n- [ ] Gamma the venue\n")
    run("sync")
    run("sync")
    return journal_dir


def printed_without_cache(journal: Path, run, monkeypatch: pytest.MonkeyPatch) -> str:
    copy = journal.parent / "copy"
    shutil.copytree(journal, copy)
    shutil.rmtree(copy / ".journal")
    monkeypatch.setenv("JOURNAL_DIR", str(copy))
    try:
        return run("review", "2025-q2", "--print").stdout
    finally:
        monkeypatch.setenv("JOURNAL_DIR", str(journal))


def test_a_ledger_file_saved_by_hand_while_the_review_reads_is_not_answered_from_before(journal, run, monkeypatch):
    opened = open_journal(journal)[0]
    ledger = load_ledger(opened, Cache(opened), lazy=True)  # the review has read the ledger...
    path = journal / "ledger" / "2025-q1.toml"  # ...and the user saves a hand edit meanwhile
    text = path.read_text()
    at = text.index('status = "open"')
    path.write_text(text[:at] + 'status = "done"' + text[at + len('status = "open"') :])
    stale_goals_from_rows(opened, ledger, date(2025, 4, 1))

    printed = run("review", "2025-q2", "--print").stdout
    assert "Alpha the importer" not in printed.split("## Questions")[0]
    assert "Beta the RFC" in printed
    assert printed == printed_without_cache(journal, run, monkeypatch)


def test_a_box_ticked_in_an_earlier_document_is_seen_by_the_next_review(journal, run, monkeypatch):
    first = run("review", "2025-q2", "--print").stdout
    assert "Alpha the importer" in first and "Beta the RFC" in first
    write(journal, "entries/2025-q1.md", "# Q1 2025\n\n## Goals\n\n- [x] Alpha the importer\n- [ ] Beta the RFC\n")
    printed = run("review", "2025-q2", "--print").stdout  # its own sync writes the ledger file
    assert "Alpha the importer" not in printed.split("## Questions")[0]
    assert printed == run("review", "2025-q2", "--print").stdout == printed_without_cache(journal, run, monkeypatch)
