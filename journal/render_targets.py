"""How measurable goals look on a terminal: a short progress bar, a sparkline, the measurements' chart."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.targets import Target
    from journal.tracking import Measurement, Progress

SMALL_BAR = 10
SPARKS = "▁▂▃▄▅▆▇█"


def small_bar(fraction: float | None, width: int = SMALL_BAR) -> str:
    """A ``width``-character bar (eighths of a block), dots for the rest: ``███▌······``."""
    if fraction is None:
        return "·" * width
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, rest = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[rest].strip() if rest else ""
    return ("█" * full + partial).ljust(width, "·")


def progress_cell(progress: Progress | None) -> str:
    """A goal's progress in a listing: ``██████····  60%``; ``-`` when nothing is measured yet ("": not measurable)."""
    if progress is None:
        return ""
    if progress.percent is None:
        return "-"
    return f"{small_bar(progress.fraction)} {progress.percent:>3}%"


def progress_json(progress: Progress | None) -> dict | None:
    """A goal's progress in `goals --json` (None: not measurable)."""
    if progress is None:
        return None
    return {
        "first": progress.first,
        "current": progress.current,
        "goal": progress.goal_value,
        "percent": progress.percent,
        "met": progress.met,
        "measurements": progress.count,
    }


def sparkline(values: Sequence[float]) -> str:
    """One character a value, low to high: ``▁▃▅█``."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return SPARKS[3] * len(values)
    return "".join(SPARKS[round((value - low) / (high - low) * (len(SPARKS) - 1))] for value in values)


def progress_line(target: Target, progress: Progress) -> str:
    """``at most 200 ms: 245 ms now, ███▌······  35% of the way (first 270 ms)``, or ``met``."""
    from journal.targets import format_amount

    aim = target.describe()
    if progress.current is None:
        return f"target {aim}: nothing measured yet"
    now = format_amount(progress.current, target.unit)
    if target.cadence:
        counted = f"{format_amount(progress.current, target.unit)} of {format_amount(progress.goal_value, target.unit)}"
        state = "met" if progress.met else f"{progress.percent}%"
        return f"target {aim}: {counted} this period, {small_bar(progress.fraction)} {state}"
    state = "met" if progress.met else f"{progress.percent}% of the way"
    first = (
        ""
        if progress.count < 2 or target.direction == "reach"
        else f" (from {format_amount(progress.first, target.unit)})"
    )
    return f"target {aim}: {now} now{first}, {small_bar(progress.fraction)} {state}"


def chart_lines(target: Target, measurements: Sequence[Measurement], notes: Sequence[str | None]) -> list[str]:
    """The measurements as a small chart: a sparkline, then one line each with a bar scaled to the largest."""
    from journal.render import terminal_safe
    from journal.targets import format_amount

    if not measurements:
        return []
    values = [value for _day, value in measurements]
    top = max(max(values), target.value if not target.cadence else 0.0) or 1.0
    lines = [
        f"  {sparkline(values)}  {len(values)} measurement{'s' if len(values) != 1 else ''}, target {target.describe()}"
    ]
    width = max(len(format_amount(value, target.unit)) for value in values)
    for (day, value), note in zip(measurements, notes, strict=True):
        amount = format_amount(value, target.unit).rjust(width)
        said = f"  {terminal_safe(note)}" if note else ""
        lines.append(f"  {day}  {amount}  {small_bar(value / top if top > 0 else 0, 20)}{said}")
    return lines


def measurement_entry(entry: dict) -> str:
    """A measurement's history entry as `show` lists it: ``measured 14 min on 2025-04-02 by track: note``."""
    from journal.render import terminal_safe
    from journal.targets import format_amount

    unit = entry.get("unit") if isinstance(entry.get("unit"), str) else None
    amount = entry.get("measured", entry.get("added"))
    amount = amount if isinstance(amount, int | float) and not isinstance(amount, bool) else 0
    what = f"measured {format_amount(amount, unit)}" if "measured" in entry else f"added {format_amount(amount, unit)}"
    day = f" on {entry['date']}" if entry.get("date") else ""
    by = f" by {entry['by']}" if entry.get("by") else ""
    note = f": {entry['note']}" if entry.get("note") else ""
    return terminal_safe(f"{what}{day}{by}{note}")


def goal_chart(ledger, goal, fiscal_year_start: int = 1, *, reported=None) -> list[str]:
    """`show ID`'s lines for a measurable goal: its target and progress, then its measurements charted (with
    ``reported``, the values of the metric it follows among them, each noted with its metric and period)."""
    from journal.tracking import goal_progress, measured_entries, target_of

    target = target_of(goal)
    if target is None:
        return []
    reached = goal_progress(ledger, goal, fiscal_year_start, reported=reported)
    assert reached is not None
    if target.cadence:
        from journal.periods import from_key

        since = from_key(goal.for_period, fiscal_year_start).start
        entries = measured_entries(ledger, goal, since=since, reported=reported)
    else:
        entries = measured_entries(ledger, goal, reported=reported)
    measurements = [(day, value) for day, value, _note in entries]
    return [progress_line(target, reached), *chart_lines(target, measurements, [note for *_, note in entries])]
