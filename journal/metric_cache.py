"""The metric rows of each document, cached in ``.journal/metrics.marshal`` by the document's stat.

Derived and safe to delete, like the ledger cache: an entry is used only when the document's
size, mtime, ctime and inode are those it was read at and the settings that place documents in
periods are the same; anything wrong with the file makes it empty, never an error.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from journal.errors import DocumentError
from journal.metric_tables import MetricRow, may_hold_tables, metric_rows
from journal.metric_values import ChangeCheck, Reading, frozen_instance
from journal.state_file import read_state, write_state

if TYPE_CHECKING:
    from journal.config import Journal
    from journal.periods import Period

CACHE_NAME = "metrics.marshal"
VERSION = 2  # of the rows read: a change to what a table gives makes every entry stale


def _row_data(row: MetricRow) -> tuple:
    change = row.change
    return (
        row.name,
        row.line,
        row.text,
        tuple((key, tuple(reading.__dict__.values())) for key, reading in row.values),
        None if change is None else tuple(change.__dict__.values()),
    )


def _row(data: tuple) -> MetricRow:
    name, line, text, values, change = data
    readings = tuple((key, frozen_instance(Reading, reading)) for key, reading in values)
    return frozen_instance(MetricRow, (name, line, text, readings, None if change is None else ChangeCheck(*change)))


class MetricCache:
    """Each document's period and metric rows, by its stat; read once, saved when something was read anew."""

    def __init__(self, journal: Journal) -> None:
        import sys

        from journal.ledger.cache import stat_key

        self.journal = journal
        self.stat_key = stat_key
        self.path = journal.state_dir / CACHE_NAME
        self.stamp = (VERSION, sys.version_info[:2], repr(journal.settings))
        self.entries: dict[str, tuple] = read_state(self.path, self.stamp, "entries")
        self.dirty = False

    def rows(
        self, name: str, info: os.stat_result, skipped: list[tuple[str, str]]
    ) -> tuple[Period | None, list[MetricRow]] | None:
        """The document's period and metric rows; None (and why, in ``skipped``) when it cannot be read.

        A document without metric rows (most of them) is given as ``(None, [])``: its period is not needed.
        """
        from journal.metrics import _period

        key = self.stat_key(info)
        entry = self.entries.get(name)
        if entry is not None and entry[0] == key:
            try:
                if not entry[2]:
                    return None, []
                # the key parsed once for every document and value of it (journal.metrics._period's cache)
                period = _period(entry[1], self.journal.settings.fiscal_year_start) if entry[1] else None
                return period, [_row(data) for data in entry[2]]
            except Exception:  # noqa: BLE001 - a damaged entry is read again
                pass
        read = document_rows(self.journal, name, skipped)
        if read is not None:
            self.entries[name] = (key, read[0].key if read[0] is not None else None, [_row_data(r) for r in read[1]])
            self.dirty = True
        return read

    def save(self) -> None:
        """Write the cache when a document was read anew (quietly not, where .journal/ cannot be written)."""
        if self.dirty:
            write_state(self.path, self.stamp, "entries", self.entries)
        self.dirty = False


def document_rows(
    journal: Journal, name: str, skipped: list[tuple[str, str]]
) -> tuple[Period | None, list[MetricRow]] | None:
    """One document's period and metric rows, read with every command's refusal rules; None when skipped."""
    from journal.documents import read_document
    from journal.sync import document_period

    path = journal.root / name
    try:
        document = read_document(path)
        if not may_hold_tables(document.data):
            return None, []
        period = document_period(journal, path, document.text)
    except DocumentError as exc:
        skipped.append((name, _why(str(exc), str(path))))
        return None
    return period, metric_rows(document.text, period, journal.settings.fiscal_year_start)


def _why(message: str, path: str) -> str:
    """An error's message without the path it starts with (the listing names the document)."""
    for prefix in (path + ":", path + " ", path):
        if message.startswith(prefix):
            return message[len(prefix) :].strip()
    return message


def rows_as_data(rows: list[MetricRow]) -> list[tuple]:
    """Rows as plain tuples (what the cache keeps): for tests that compare a cached reading with a fresh one."""
    return [_row_data(row) for row in rows]


def rows_from_data(data: Any) -> list[MetricRow]:
    """Rows back from ``rows_as_data``."""
    return [_row(item) for item in data]
