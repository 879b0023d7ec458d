"""Progress of long work: the core counts its steps; the bar shows only on a terminal, after a second."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from rich.console import Console

from journal import progress
from journal.cli import progress_bar
from journal.config import init_journal, open_journal
from journal.importing import import_documents
from journal.sync import sync_journal


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, int, int]]]:
    """Every tracked piece of work as (label, total, steps reported)."""
    seen: list[tuple[str, int, int]] = []

    @contextlib.contextmanager
    def reporter(label: str, total: int):
        steps = []
        yield steps.append
        seen.append((label, total, sum(steps)))

    progress.set_reporter(reporter)
    yield seen
    progress.set_reporter(None)


def _journal_of(tmp_path: Path, documents: int):
    root = tmp_path / "j"
    init_journal(root)
    for week in range(1, documents + 1):
        (root / "entries" / f"2025-w{week:02d}.md").write_text(f"# Week {week}\n\n## Goals\n\n- [ ] goal {week}\n")
    return open_journal(str(root))[0]


def test_a_first_sync_of_many_documents_reports_each_one(tmp_path: Path, recorded):
    journal = _journal_of(tmp_path, 52)
    sync_journal(journal)
    assert recorded == [("Reading documents", 52, 52)]
    recorded.clear()
    sync_journal(journal)  # nothing changed: no work to show
    assert recorded == []


def test_an_import_of_many_files_reports_each_one(tmp_path: Path, recorded):
    journal = _journal_of(tmp_path, 0)
    notes = tmp_path / "notes"
    notes.mkdir()
    for month in range(1, 13):
        (notes / f"2024-{month:02d}.md").write_text(f"# 2024-{month:02d}\n\n- [ ] thing {month}\n")
    import_documents(journal, [notes])
    assert recorded[0] == ("Importing", 12, 12)
    assert ("Reading documents", 12, 12) in recorded


def test_the_bar_shows_after_a_second_of_work_and_only_then(monkeypatch: pytest.MonkeyPatch):
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80)
    with mock.patch("rich.console.Console", lambda **_kw: console):
        monkeypatch.setattr(progress_bar, "SHOW_AFTER", 3600.0)
        with progress_bar.progress_bar("Reading documents", 3) as advance:
            for _ in range(3):
                advance(1)
        assert out.getvalue() == ""  # quick work: no bar
        monkeypatch.setattr(progress_bar, "SHOW_AFTER", 0.0)
        with progress_bar.progress_bar("Reading documents", 3) as advance:
            for _ in range(3):
                advance(1)
    assert "Reading documents" in out.getvalue() and "3/3" in out.getvalue()


def test_no_bar_unless_stderr_is_a_terminal():
    progress_bar.install()  # pytest's stderr is not a terminal
    assert progress._reporter is None
