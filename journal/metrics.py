"""Metrics across periods: every metric table of the journal read as one series per metric.

The same metric (its name with blanks collapsed, case and a trailing unit like ``(ms)`` set aside)
in several documents and periods is one series. Two documents giving different values for one
metric and period are reported (the later document's value is kept). Pure reading: documents are
read with the refusal rules of every command (not UTF-8, git conflict markers, over 64 MB: skipped
and said), and only documents holding a table delimiter row are parsed.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from journal.errors import UsageError
from journal.metric_values import ChangeCheck, Reading, frozen_instance
from journal.words import same_words_key

if TYPE_CHECKING:
    from journal.config import Journal
    from journal.ledger import Goal
    from journal.metric_tables import MetricRow
    from journal.periods import Period

_UNIT_IN_NAME = re.compile(r"\s*\(\s*(?P<unit>%|\$|[A-Za-z€£¥]{1,12}(?:/[A-Za-z]{1,8})?)\s*\)\s*$")


class MetricNotFound(UsageError):
    """A metric name that matches none, or several (exit 2, as any unknown name typed)."""


@dataclass(frozen=True)
class Point:
    """One value of a metric: its period, the cell as read, and where it is written."""

    period: Period
    reading: Reading
    source: str
    line: int

    def as_dict(self) -> dict[str, Any]:
        """The `metrics --json` form of a value."""
        return {
            "period": self.period.key,
            "label": self.period.label,
            "value": self.reading.as_number(),
            "unit": self.reading.unit,
            "text": self.reading.text,
            "source": self.source,
            "line": self.line,
        }


@dataclass(frozen=True)
class Conflict:
    """Two documents giving different values for one metric and period: the value kept, and the other."""

    kept: Point
    other: Point

    def as_dict(self) -> dict[str, Any]:
        """The `metrics --json` form of a conflict."""
        return {"period": self.kept.period.key, "kept": self.kept.as_dict(), "other": self.other.as_dict()}


@dataclass
class Series:
    """One metric across periods: its values by period, the rows it was read from, what does not add up."""

    key: str
    name: str
    points: list[Point] = field(default_factory=list)
    rows: list[tuple[str, int, str]] = field(default_factory=list)  # (document, line, the row as written)
    changes: list[tuple[str, int, ChangeCheck]] = field(default_factory=list)  # (document, line, the check)
    conflicts: list[Conflict] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)  # the goals following it
    _at: dict[str, int] = field(default_factory=dict, repr=False, compare=False)  # period key -> index in points

    def __getattr__(self, name: str) -> Any:
        # Only a series read_metrics made with its rows kept aside gets here, at the first use of its values:
        # they are worked out now (a review looks at the few metrics its goals follow, not at every one).
        pending = self.__dict__.pop("_pending", None) if name in _FILLED_LATER else None
        if pending is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        _fill(self, *pending)
        return self.__dict__[name]

    @property
    def unit(self) -> str | None:
        """The unit its cells give most often, else the one its name gives (``Latency (ms)``)."""
        units = Counter(p.reading.unit for p in self.points if p.reading.value is not None and p.reading.unit)
        if units:
            return units.most_common(1)[0][0]
        return name_unit(self.name)

    @property
    def values(self) -> list[Point]:
        """The points that hold a number, by period."""
        return [p for p in self.points if p.reading.value is not None]

    @property
    def mismatches(self) -> list[tuple[str, int, ChangeCheck]]:
        """The Change cells that do not state the change their values give."""
        return [change for change in self.changes if not change[2].matches]

    def as_dict(self, ids: dict[str, str] | None = None) -> dict[str, Any]:
        """The `metrics --json` form of a metric (``ids``: each following goal's shown id)."""
        return {
            "name": self.name,
            "unit": self.unit,
            "values": [p.as_dict() for p in self.points],
            "changes": [{**check.as_dict(), "source": source, "line": line} for source, line, check in self.changes],
            "conflicts": [c.as_dict() for c in self.conflicts],
            "goals": [(ids or {}).get(g.id, g.id) for g in self.goals],
            "source_lines": [{"source": s, "line": n, "text": t} for s, n, t in self.rows],
        }


@dataclass
class MetricsFound:
    """Every metric of a journal, in order of first appearance (by document period), and the documents skipped."""

    series: list[Series] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def by_key(self) -> dict[str, Series]:
        """The series by their key (``metric_key``)."""
        return {s.key: s for s in self.series}


def name_unit(name: str) -> str | None:
    """The unit a metric's name ends with: ``(ms)``, ``(days)``, ``(%)``; None when it names none."""
    match = _UNIT_IN_NAME.search(name)
    return match["unit"] if match else None


def metric_key(name: str) -> str:
    """What two names of one metric share: the words without a trailing unit, blanks collapsed, case folded."""
    return same_words_key(_UNIT_IN_NAME.sub("", name) or name)


_last_read: list[tuple[tuple, list, list]] = []  # this process's last read: its key, documents' rows, skipped


def read_metrics(journal: Journal, scanned: Mapping[str, os.stat_result] | None = None) -> MetricsFound:
    """Every metric series in the journal's documents (each document's rows cached by its stat: metric_cache).

    Asked twice in one command, the documents are read once when none changed in between; the
    series are built afresh each time. ``scanned``: the documents as ``sync.scan_documents`` just
    found them (a command that looks once), else they are looked for.
    """
    from journal.metric_cache import MetricCache
    from journal.sync import scan_documents

    found = MetricsFound()
    if scanned is None:
        scanned = scan_documents(journal)
    stats = tuple((name, info.st_size, info.st_mtime_ns, info.st_ino) for name, info in scanned.items())
    key = (str(journal.root), stats)
    if _last_read and _last_read[0][0] == key:
        documents, skipped = list(_last_read[0][1]), _last_read[0][2]
        found.skipped.extend(skipped)
    else:
        cache = MetricCache(journal)
        documents = []
        for name, info in scanned.items():
            read = cache.rows(name, info, found.skipped)
            if read is not None and read[1]:
                documents.append((name, read[0], read[1]))
        cache.save()
        _last_read[:] = [(key, list(documents), list(found.skipped))]
    order = _SortKeys()
    documents.sort(key=lambda d: ((0, order(d[1])) if d[1] is not None else (1, ()), d[0]))
    # Each metric's rows, in document order; its values are worked out at their first use (Series.__getattr__).
    fiscal = journal.settings.fiscal_year_start
    rows_of: dict[str, list[tuple[str, MetricRow]]] = {}
    for name, _period, rows in documents:
        for row in rows:
            key = metric_key(row.name)
            kept = rows_of.get(key)
            if kept is None:
                kept = rows_of[key] = []
                one = object.__new__(Series)  # its other fields come with its values, from _pending
                one.key, one.name, one._pending = key, row.name, (kept, fiscal, order)
                found.series.append(one)
            kept.append((name, row))
    return found


_FILLED_LATER = frozenset(("points", "rows", "changes", "conflicts", "goals", "_at"))


def _fill(one: Series, rows: list[tuple[str, MetricRow]], fiscal_year_start: int, order: _SortKeys) -> None:
    """A series' values from its rows, in document order (a later document's value for a period wins)."""
    one.points, one.rows, one.changes, one.conflicts, one.goals, one._at = [], [], [], [], [], {}
    for source, row in rows:
        _add_row(one, source, row, fiscal_year_start)
    one.points.sort(key=lambda p: order(p.period))
    one._at = {p.period.key: index for index, p in enumerate(one.points)}


class _SortKeys(dict):
    """Each period's ``sort_key``, worked out once (a Period works it out at every call; sorting asks per value)."""

    def __call__(self, period: Period) -> tuple:
        found = self.get(period)
        if found is None:
            found = self[period] = period.sort_key
        return found


@lru_cache(maxsize=4096)
def _period(key: str, fiscal_year_start: int) -> Period:
    from journal.periods import from_key

    return from_key(key, fiscal_year_start)


def _add_row(one: Series, source: str, row: MetricRow, fiscal_year_start: int) -> None:
    one.rows.append((source, row.line, row.text))
    if row.change is not None:
        one.changes.append((source, row.line, row.change))
    by_period = one._at
    for period_key, reading in row.values:
        point = frozen_instance(Point, (_period(period_key, fiscal_year_start), reading, source, row.line))
        if period_key not in by_period:
            by_period[period_key] = len(one.points)
            one.points.append(point)
            continue
        earlier = one.points[by_period[period_key]]
        if reading.missing or _same(earlier.reading, reading):
            continue
        if earlier.reading.missing:
            one.points[by_period[period_key]] = point
            continue
        one.points[by_period[period_key]] = point  # the later document's value: it was written knowing more
        one.conflicts.append(Conflict(kept=point, other=earlier))


def _same(one: Reading, other: Reading) -> bool:
    if one.value is None or other.value is None:
        return one.text.casefold() == other.text.casefold()
    return abs(one.value - other.value) < 1e-9 and (one.unit == other.unit or None in (one.unit, other.unit))


def find_metric(found: MetricsFound, name: str) -> Series:
    """The metric ``name`` names: its whole name, or a unique prefix of it (case ignored); else MetricNotFound."""
    from journal.render import error_text

    wanted = same_words_key(name)
    if not wanted:
        raise MetricNotFound("the metric name is empty", hint="'journal metrics' lists them")
    exact = [s for s in found.series if wanted in (s.key, same_words_key(s.name))]
    if exact:
        return exact[0]
    matching = [s for s in found.series if s.key.startswith(wanted) or same_words_key(s.name).startswith(wanted)]
    if len(matching) == 1:
        return matching[0]
    typed = error_text(name if len(name) <= 60 else name[:59] + "…")
    if not matching:
        raise MetricNotFound(f"no metric is named {typed!r}", hint="'journal metrics' lists them")
    names = ", ".join(repr(s.name) for s in matching[:3]) + (", ..." if len(matching) > 3 else "")
    raise MetricNotFound(f"{typed!r} names {len(matching)} metrics: {names}", hint="type more of the name")


def metric_measurements(journal: Journal, name: str) -> list[tuple[str, date, float, str | None]]:
    """The values of metric ``name`` (a unique prefix will do) as measurements: (period, its end, value, unit).

    What a goal following the metric is measured by (``journal.tracking`` takes (date, value) pairs).
    """
    series = find_metric(read_metrics(journal), name)
    return [(p.period.key, p.period.end, p.reading.value, p.reading.unit or series.unit) for p in series.values]
