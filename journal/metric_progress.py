"""A measurable goal that follows a metric is measured by the reports too.

The metric's value for a period counts as a measurement dated at that period's end ("19 in Q4
2024" is measured on 2024-12-31), converted into the goal's unit (a metric in hours for a goal in
minutes); a metric in a unit of another kind gives the goal nothing. These values and the goal's
own ``journal track`` measurements are one series by date: progress runs from the earliest of
either to the latest (on one day, the tracked value counts as the later). ``ReportedValues`` is
what the progress functions of ``journal.tracking`` take as ``reported``: the metrics are read
once, and only when a measurable goal asks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import os
    from collections.abc import Mapping

    from journal.config import Journal
    from journal.ledger import Goal, Ledger
    from journal.metrics import MetricsFound, Series

Reported = tuple[str, float, str]  # (ISO date, value in the goal's unit, where it comes from: "Uptime, Q4 2024")


def converted(value: float, unit: str | None, wanted: str | None) -> float | None:
    """``value`` in ``unit`` (a metric cell's or name's: ``%``, ``ms``, ``minutes``, ``$``) as ``wanted``; None
    when the two are of different kinds. A metric without a unit is taken to be in the goal's."""
    from journal.targets import CONVERSIONS, UNIT_NAMES

    if unit is None:
        return value
    unit = UNIT_NAMES.get(unit.casefold(), unit)
    if unit == wanted:
        return value
    if unit in CONVERSIONS and wanted in CONVERSIONS and CONVERSIONS[unit][0] == CONVERSIONS[wanted][0]:
        return round(value * CONVERSIONS[unit][1] / CONVERSIONS[wanted][1], 9)  # 1.1 h is 66 min, not 66.00000000000001
    return None


def series_measurements(series: Series, unit: str | None) -> list[Reported]:
    """A metric's values as measurements in ``unit``: (its period's last day, value, "NAME, PERIOD")."""
    found = []
    for point in series.values:
        assert point.reading.value is not None
        value = converted(point.reading.value, point.reading.unit or series.unit, unit)
        if value is not None:
            found.append((point.period.end.isoformat(), value, f"{series.name}, {point.period.label}"))
    return found


class ReportedValues:
    """The values the reports give each measurable goal that follows a metric (by its ledger field or its
    words): call it with a goal. The journal's metrics are read at the first call that needs them."""

    def __init__(
        self,
        journal: Journal,
        ledger: Ledger,
        found: MetricsFound | None = None,
        scanned: Mapping[str, os.stat_result] | None = None,
    ) -> None:
        self.journal, self.ledger, self._found = journal, ledger, found
        self._scanned = scanned  # the documents as the command found them (read_metrics looks again without)
        self._keys: dict[str, Series] = {}
        self._names: list | None = None

    def metrics(self) -> MetricsFound:
        """The journal's metrics, read at the first call (by this or ``series``), the same ones after."""
        if self._found is None:
            from journal.metrics import read_metrics

            self._found = read_metrics(self.journal, self._scanned)
        return self._found

    def series(self, goal: Goal) -> Series | None:
        """The metric ``goal`` follows, None when it follows none."""
        from journal.metric_goals import followed_series, metric_names

        if self._names is None:
            found = self.metrics()
            self._keys, self._names = found.by_key(), metric_names(found)
        if not self.metrics().series:
            return None
        return followed_series(goal, self.metrics(), self._keys, self._names, ledger=self.ledger)

    def __call__(self, goal: Goal) -> list[Reported]:
        """The reports' values for ``goal`` in its target's unit, oldest first (none when it is not measurable)."""
        if goal.target_value is None or goal.direction is None:
            return []
        series = self.series(goal)
        return [] if series is None else series_measurements(series, goal.unit)
