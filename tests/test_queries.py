"""The core behind `goals`, `list`, `stats` and `export`: journal/queries.py and journal/exporting.py."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from journal.config import open_journal
from journal.exporting import EXPORT_FIELDS, csv_safe, export_text
from journal.periods import parse_period
from journal.queries import STATUS_FILTERS, chosen_statuses, document_rows, select_goals, stats_periods
from journal.sync import sync_journal
from tests.conftest import write

Q1 = "# Q1\n\n## Goals\n\n- [ ] =Open one\n- [x] Done one\n- [-] Dropped one\n\n## Q2 2025 Priorities\n\n- Later\n"


def _synced(root: Path):
    journal, _created = open_journal(str(root))
    ledger, _report = sync_journal(journal)
    return journal, ledger


def test_chosen_statuses():
    none = {"show_open": False, "show_done": False, "show_dropped": False, "show_all": False}
    assert chosen_statuses(**none) == ("open", "in_progress")
    assert chosen_statuses(**{**none, "show_done": True, "show_dropped": True}) == ("done", "dropped")
    assert chosen_statuses(**{**none, "show_all": True, "show_done": True}) == STATUS_FILTERS["all"]


def test_select_goals_filters_and_orders(journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", Q1)
    _journal, ledger = _synced(journal_dir)
    texts = [g.text for g in select_goals(ledger, STATUS_FILTERS["all"], None, None)]
    assert texts == ["=Open one", "Done one", "Dropped one", "Later"]
    assert [g.text for g in select_goals(ledger, ("open",), parse_period("2025-q2"), None)] == ["Later"]
    assert [g.text for g in select_goals(ledger, ("done",), None, "GOALS")] == ["Done one"]


def test_document_rows_count_each_document(journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", Q1)
    write(journal_dir, "entries/2024-q4.md", "# Q4\n\nNo goals here.\n")
    journal, ledger = _synced(journal_dir)
    rows = document_rows(journal, ledger)
    assert [r["document"] for r in rows] == ["entries/2024-q4.md", "entries/2025-q1.md"]
    assert rows[0]["goals"] == 0 and rows[0]["rate"] is None and rows[0]["period"] == "2024-q4"
    # "Later" is for Q2 (its heading says so): counted in Q2's document, and there is none yet.
    assert (rows[1]["goals"], rows[1]["done"], rows[1]["open"], rows[1]["dropped"]) == (3, 1, 1, 1)
    write(journal_dir, "entries/2025-q2.md", "# Q2\n\nNo goals here.\n")
    journal, ledger = _synced(journal_dir)
    rows = document_rows(journal, ledger)
    assert (rows[2]["document"], rows[2]["goals"], rows[2]["open"]) == ("entries/2025-q2.md", 1, 1)


def test_stats_periods_of_one_kind_within_bounds(journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", Q1)
    _journal, ledger = _synced(journal_dir)
    keys = [p.key for p in stats_periods(ledger, None, None, default_kind="quarter")]
    assert keys == ["2025-q1", "2025-q2"]
    assert [p.key for p in stats_periods(ledger, parse_period("2025-q2"), None, default_kind="quarter")] == ["2025-q2"]
    # the quarters' goals roll up into their year
    assert [p.key for p in stats_periods(ledger, None, None, default_kind="year")] == ["2025"]


def test_export_formats(journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", Q1)
    _journal, ledger = _synced(journal_dir)
    goals = select_goals(ledger, STATUS_FILTERS["all"], None, None, latest_only=False)
    as_json = json.loads(export_text(goals, "json"))
    assert [row["text"] for row in as_json] == [g.text for g in goals]
    rows = list(csv.DictReader(io.StringIO(export_text(goals, "csv"))))
    assert tuple(rows[0]) == EXPORT_FIELDS
    assert rows[0]["text"] == "'=Open one"  # a spreadsheet shows it, does not run it
    markdown = export_text(goals, "markdown")
    assert markdown.startswith("# Goals\n\n## 2025-q1\n\n- [ ] =Open one `")
    assert "## 2025-q2" in markdown


def test_csv_safe_leaves_other_values_alone():
    assert csv_safe("-x") == "'-x"
    assert csv_safe("x-") == "x-"
    assert csv_safe(3) == 3
