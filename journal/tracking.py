"""Measurements of measurable goals: recording them (`journal track`), and the progress they make.

A measurement is a dated entry in the goal's history (``{at=..., measured=245, unit="ms"}``, or
``{at=..., added=1}`` for ``+1``), so a ledger merge that unites history entries unites
measurements too, and two ``+1`` made on two machines both count. ``progress`` takes plain
``(date, value)`` pairs, so values from elsewhere (a metric followed in the reports) can be fed in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from journal.errors import UsageError

if TYPE_CHECKING:
    from journal.config import Journal
    from journal.ledger import Goal, Ledger
    from journal.targets import Target

Measurement = tuple[str, float]  # (ISO date, value in the target's unit)
# What a goal's reports say (journal.metric_progress.ReportedValues): (ISO date, value, where it comes from)
Reporter = Callable[["Goal"], Sequence[tuple[str, float, str]]]
CADENCE_DAYS = {"day": 1, "week": 7, "2 weeks": 14}


@dataclass(frozen=True)
class Progress:
    """Where a measurable goal stands: its first and latest values, the share of the way done (0..1), met or not."""

    first: float | None
    current: float | None
    fraction: float | None
    met: bool
    count: int
    goal_value: float  # what the measurements are compared with (a cadence's count over the whole period)

    @property
    def percent(self) -> int | None:
        """The share of the way done, as a whole percentage (None: nothing measured yet)."""
        return None if self.fraction is None else int(self.fraction * 100 + 1e-9)


def target_of(goal: Goal) -> Target | None:
    """The goal's target, from its ledger fields; None when it is not measurable."""
    if goal.target_value is None or goal.direction is None:
        return None
    from journal.targets import Target

    return Target(value=float(goal.target_value), unit=goal.unit, direction=goal.direction, cadence=goal.cadence)


def progress(
    target: Target | Goal,
    measurements: Sequence[Measurement],
    *,
    windows: int | None = None,
    fiscal_year_start: int = 1,
) -> Progress:
    """How far ``measurements`` (date, value), in any order, went towards ``target`` (a Target, or a measurable
    Goal: its target, and its period's cadence windows unless ``windows`` is given).

    ``at_least`` and ``at_most`` count from the first measurement towards the
    target; ``reach`` (a total: km run, people hired) counts from zero. A
    cadence goal's values are counts in its period, against the cadence times
    ``windows`` (a month's cadence over a quarter: three).
    """
    if not hasattr(target, "value"):  # a Goal (a Target has a value; a Goal, target_value)
        goal = target
        found = target_of(goal)  # type: ignore[arg-type]
        if found is None:
            raise ValueError(f"goal {goal.id} has no measurable target")  # type: ignore[union-attr]
        if windows is None:
            windows = windows_in(goal.for_period, found.cadence, fiscal_year_start)  # type: ignore[union-attr]
        target = found
    windows = windows or 1
    goal_value = target.value * (windows if target.cadence else 1)
    ordered = sorted(measurements, key=lambda pair: pair[0])
    if not ordered:
        return Progress(None, None, None, False, 0, goal_value)
    first, current = ordered[0][1], ordered[-1][1]
    if target.direction == "at_most":
        met = current <= goal_value
        span, done = first - goal_value, first - current
    else:
        met = current >= goal_value
        start = 0.0 if target.direction == "reach" else first
        span, done = goal_value - start, current - start
    fraction = 1.0 if met else (max(0.0, min(1.0, done / span)) if span > 0 else 0.0)
    return Progress(first, current, fraction, met, len(ordered), goal_value)


def measurements_of(
    ledger: Ledger,
    goal: Goal,
    *,
    since: date | None = None,
    until: date | None = None,
    reported: Reporter | None = None,
) -> list[Measurement]:
    """Every measurement of the goal across its lineage, oldest first, as (date, value): ``+N`` folded in.

    With ``since``, only the entries dated from then (a cadence goal counts
    its own period's); with ``until``, up to then.
    """
    entries = measured_entries(ledger, goal, since=since, until=until, reported=reported)
    return [(day, value) for day, value, _note in entries]


def measured_entries(
    ledger: Ledger,
    goal: Goal,
    *,
    since: date | None = None,
    until: date | None = None,
    reported: Reporter | None = None,
) -> list[tuple[str, float, str | None]]:
    """``measurements_of``'s (date, value) pairs, each with its note (None: none).

    With ``reported``, the values the reports give the goal (a metric it follows) are among them, each
    noted with where it comes from; on one day a tracked value comes after a reported one.
    """
    entries = []
    for link in ledger.lineage(goal):
        entries.extend(entry for entry in link.history if "measured" in entry or "added" in entry)
    entries.sort(key=lambda entry: (_entry_day(entry), str(entry.get("at", ""))))
    folded: list[tuple[str, float, str | None]] = []
    value = 0.0
    for entry in entries:
        day = _entry_day(entry)
        if (since is not None and day < since.isoformat()) or (until is not None and day > until.isoformat()):
            continue
        amount = entry.get("measured", entry.get("added"))
        if isinstance(amount, bool) or not isinstance(amount, int | float):
            continue
        value = float(amount) if "measured" in entry else value + float(amount)
        note = entry.get("note")
        folded.append((day, value, note if isinstance(note, str) else None))
    if reported is not None:
        inside = [
            (day, value, where)
            for day, value, where in reported(goal)
            if (since is None or day >= since.isoformat()) and (until is None or day <= until.isoformat())
        ]
        folded = sorted(inside + folded, key=lambda entry: entry[0])  # stable: tracked after reported on one day
    return folded


def _entry_day(entry: dict[str, Any]) -> str:
    return str(entry.get("date") or entry.get("at") or "")[:10]


def windows_in(period_key: str, cadence: str | None, fiscal_year_start: int = 1) -> int:
    """How many cadence windows the period holds: 3 months in a quarter, 13 weeks, 90 days; at least one."""
    if cadence is None:
        return 1
    from journal.periods import from_key

    period = from_key(period_key, fiscal_year_start)
    days = (period.end - period.start).days + 1
    if cadence in CADENCE_DAYS:
        return max(1, round(days / CADENCE_DAYS[cadence]))
    months = {"month": 1, "quarter": 3, "year": 12}[cadence]
    return max(1, round(days / 30.44 / months))


def goal_progress(
    ledger: Ledger,
    goal: Goal,
    fiscal_year_start: int = 1,
    *,
    until: date | None = None,
    reported: Reporter | None = None,
) -> Progress | None:
    """The progress of a measurable goal from its own measurements and, with ``reported``, its metric's values
    (None: not measurable).

    A cadence goal counts the measurements of the period it is for.
    """
    target = target_of(goal)
    if target is None:
        return None
    since = None
    if target.cadence:
        from journal.periods import from_key

        since = from_key(goal.for_period, fiscal_year_start).start
    found = measurements_of(ledger, goal, since=since, until=until, reported=reported)
    return progress(target, found, windows=windows_in(goal.for_period, target.cadence, fiscal_year_start))


def goals_progress(
    ledger: Ledger, goals: Sequence[Goal], fiscal_year_start: int = 1, *, reported: Reporter | None = None
) -> dict[str, Progress]:
    """Each measurable goal's progress, by its (link) id; goals that are not measurable are left out."""
    found = {}
    for goal in goals:
        reached = goal_progress(ledger, goal, fiscal_year_start, reported=reported)
        if reached is not None:
            found[goal.id] = reached
    return found


_VALUE = re.compile(r"^\s*(?P<add>\+)?(?P<amount>.+?)\s*$")


def parse_measurement(text: str, target: Target) -> tuple[float, bool]:
    """``245``, ``245ms``, ``0.2 s``, ``99.9%``, ``$1,200``, ``+1``: (value in the target's unit, whether it adds).

    A unit of the same kind is converted (``0.5h`` for a goal in minutes);
    another kind, or money in another currency, is a UsageError.
    """
    from journal.documents import shorten
    from journal.targets import AMOUNT, CONVERSIONS, amount_value, format_amount

    match = _VALUE.match(text)
    amount = AMOUNT.fullmatch(match.group("amount")) if match else None
    if amount is None or amount.group("sign") or amount.group("plus"):
        raise UsageError(
            f"{shorten(text)!r} is not a value", hint="give a number, with the goal's unit if you like: 245, 245ms, +1"
        )
    value, unit = amount_value(amount)
    adds = match.group("add") is not None
    if unit is None or unit == target.unit:
        return value, adds
    wanted = target.unit
    if wanted in CONVERSIONS and unit in CONVERSIONS and CONVERSIONS[unit][0] == CONVERSIONS[wanted][0]:
        # kept to 3 decimals: 10 mi is 16.093 km, not 16.09344 (a reading is no more exact than that)
        return round(value * CONVERSIONS[unit][1] / CONVERSIONS[wanted][1], 3), adds
    expected = f"in {wanted}" if wanted else "a plain count"
    raise UsageError(
        f"{format_amount(value, unit)} does not match the goal's unit: its target is {expected}",
        hint=f"give it as {format_amount(target.value, target.unit)} is written" if wanted else "give a plain number",
    )


@dataclass
class Tracked:
    """What `journal track` recorded: the goal (its latest link), its id, the value, and the progress now."""

    goal: Goal
    lineage_id: str
    value: float
    added: bool
    progress: Progress
    marked_done: bool = False


def _check_trackable(ledger: Ledger, goal: Goal, on: date | None) -> None:
    """A dropped goal, or a measurement dated after today, is a UsageError: nothing is recorded."""
    from journal.clock import today

    shown = ledger.lineage_id(goal)
    if goal.status == "dropped":
        raise UsageError(f"goal {shown} was dropped", hint=f"'journal reopen {shown}' first, to measure it again")
    if on is not None and on > today():
        raise UsageError(f"--on {on.isoformat()} is after today", hint="a measurement is of a day that has come")


def _check_counted_in_period(goal: Goal, on: date, fiscal_year_start: int) -> None:
    """A count (+N) dated outside the goal's period would count nowhere: a UsageError."""
    from journal.periods import from_key

    period = from_key(goal.for_period, fiscal_year_start)
    if not period.start <= on <= period.end:
        raise UsageError(
            f"--on {on.isoformat()} is outside {period.key}, the period the goal counts in",
            hint=f"date it from {period.start.isoformat()} to {period.end.isoformat()}",
        )


def record_measurement(
    journal: Journal,
    goal_id: str,
    value_text: str,
    *,
    on: date | None = None,
    note: str | None = None,
    mark_done: bool = False,
    by: str = "track",
) -> Tracked:
    """Record a measurement of goal ``goal_id`` (its lineage's latest link) in its history; with ``mark_done``, done.

    A goal that is not measurable, or a value that is not a number in its
    unit, is a UsageError and nothing is written.
    """
    from journal.clock import now
    from journal.documents import shorten
    from journal.session import writing
    from journal.targets import plain_number

    with writing(journal, by=by) as session:
        ledger = session.ledger
        goal = ledger.latest(ledger.resolve(goal_id))
        if goal.status == "removed":
            from journal.errors import GoalNotFound

            raise GoalNotFound(
                f"goal {goal.id} was removed from {goal.source}", hint="restore its line in the document first"
            )
        _check_trackable(ledger, goal, on)
        target = target_of(goal)
        if target is None:
            raise UsageError(
                f"goal {ledger.lineage_id(goal)} has no measurable target: {shorten(goal.text)!r}",
                hint="write the target in the goal's words, such as 'below 200ms', 'at least 80%' or 'per month'",
            )
        value, adds = parse_measurement(value_text, target)
        if adds and on is not None:
            _check_counted_in_period(goal, on, journal.settings.fiscal_year_start)
        entry: dict[str, Any] = {"at": now().isoformat(), ("added" if adds else "measured"): plain_number(value)}
        if target.unit is not None:
            entry["unit"] = target.unit
        if on is not None:
            entry["date"] = on.isoformat()
        if note:
            entry["note"] = note
        entry["by"] = by
        session.update(goal, {"updated": entry["at"]}, entry)
        from journal.metric_progress import ReportedValues

        reported = ReportedValues(journal, ledger)
        reached = goal_progress(ledger, goal, journal.settings.fiscal_year_start, reported=reported)
        assert reached is not None
        done = mark_done and goal.status != "done" and session.set_status(goal, "done")
        return Tracked(goal, ledger.lineage_id(goal), value, adds, reached, marked_done=done)


def target_met(
    ledger: Ledger,
    goal: Goal,
    fiscal_year_start: int = 1,
    *,
    until: date | None = None,
    reported: Reporter | None = None,
) -> bool | None:
    """Whether a measurable goal met its target (done counts as met: the person said so); None: not measurable."""
    if target_of(goal) is None:
        return None
    if goal.status == "done":
        return True
    reached = goal_progress(ledger, goal, fiscal_year_start, until=until, reported=reported)
    return reached is not None and reached.met


def targets_met(
    ledger: Ledger, goals: Sequence[Goal], fiscal_year_start: int = 1, *, reported: Reporter | None = None
) -> tuple[int, int]:
    """(how many of ``goals`` are measurable, how many of those met their target while they were theirs).

    A goal carried out of its period is counted by the values measured until the day it was carried (a value
    given in the review that carried it counts; one measured later belongs to the later link's period).
    """
    measurable = met = 0
    for goal in goals:
        if goal.direction is None:
            continue
        until = carried_on(ledger, goal)
        found = target_met(ledger, goal, fiscal_year_start, until=until, reported=reported)
        if found is not None:
            measurable += 1
            met += found
    return measurable, met


def carried_on(ledger: Ledger, goal: Goal) -> date | None:
    """The day ``goal`` was carried into the later link it lives on in (the day that link was made); None while
    it is not carried out. Not its own `carried` history entry: a `[>]` typed before the carry, or links put back
    after a ledger file was deleted, date that entry otherwise."""
    later = ledger.later_live_link(goal, first=True)
    if later is None:
        return None
    if later.created:
        return date.fromisoformat(str(later.created)[:10])
    for entry in reversed(goal.history):
        if entry.get("status") == "carried" and entry.get("at"):
            return date.fromisoformat(str(entry["at"])[:10])
    return None


def missed_running(
    ledger: Ledger, goal: Goal, fiscal_year_start: int = 1, *, reported: Reporter | None = None
) -> list[str]:
    """The periods, oldest first, in a row up to the goal's own, whose link missed the target (carried unmet).

    The goal's own period counts when its target is not met (the review comes at its end). A period
    by whose end nothing was measured (tracked, or given by a followed metric) is not known to have
    missed: it ends the run.
    """
    from journal.periods import from_key

    if target_of(goal) is None:
        return []
    chain = [link for link in ledger.lineage(goal) if link.status != "removed"]
    if goal not in chain:
        return []
    missed: list[str] = []
    for link in reversed(chain[: chain.index(goal) + 1]):
        end = from_key(link.for_period, fiscal_year_start).end
        if link is not goal and not (link.status == "carried" or ledger.lives_on(link)):
            break
        if link.for_period in missed:
            continue
        if link.status == "done":
            break
        reached = goal_progress(ledger, link, fiscal_year_start, until=end, reported=reported)
        if reached is None or reached.count == 0 or reached.met:
            break
        missed.insert(0, link.for_period)
    return missed
