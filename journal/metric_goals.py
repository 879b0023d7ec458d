"""Goals that follow a metric: named in the ledger (``metric = "..."``) or by their own words.

A goal follows the metric its ledger field names (``journal metrics NAME --follow ID``; ``journal
track ID --metric NAME`` calls ``follow_metric`` too), else the metric whose name its text says
("Bring monorepo CI under 10 minutes" follows "Monorepo CI (minutes)"); ``metric = ""`` follows none.
Which way the goal wants its metric to move comes from its target's direction when it has one
(``direction``: at_least, at_most, reach), else from its words (reduce, cut, under; increase, grow,
above). A metric whose latest value moved the other way is a question in the review.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from journal.ledger.model import Status

if TYPE_CHECKING:
    from collections.abc import Callable

    from journal.config import Journal
    from journal.ledger import Goal, Ledger
    from journal.metrics import MetricsFound, Point, Series
    from journal.periods import Period

_WORD = re.compile(r"[\w%$€£]+")
_DOWN_WORDS = (
    r"\b(?:reduce[sd]?|reducing|cut|lower|decrease[sd]?|shrink|minimi[sz]e|fewer|less|below|under|"
    r"at most|no more than|bring down|down to|drop)\b|<|≤"
)
_UP_WORDS = (
    r"\b(?:increase[sd]?|increasing|grow|raise|boost|maximi[sz]e|more|above|over|at least|no less than|"
    r"up to|double|triple)\b|>|≥"
)


@functools.cache
def _directions() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The words that want a metric down, and up: compiled at the first goal asked about (not at import)."""
    return re.compile(_DOWN_WORDS, re.IGNORECASE), re.compile(_UP_WORDS, re.IGNORECASE)


MIN_NAME = 3  # a metric's words shorter than this are not looked for in goal text


def words_of(text: str) -> str:
    """Text as its words (letters, digits, %, $), case folded, space-separated and space-padded."""
    return " " + " ".join(_WORD.findall(text.casefold())) + " "


def metric_names(found: MetricsFound) -> list[tuple[str, Series]]:
    """Each metric's name as padded words (`` monorepo ci ``), longest first: what goal text is searched for."""
    names = [(words_of(series.key), series) for series in found.series]
    return sorted(((n, s) for n, s in names if len(n.strip()) >= MIN_NAME), key=lambda pair: -len(pair[0]))


def named_metric(goal: Goal, ledger: Ledger | None = None) -> str | None:
    """The ``metric`` field of ``goal``, or of the nearest earlier link of its lineage that has one (a carry
    writes a new link, which does not copy it); None when no link names one."""
    seen = set()
    while goal is not None and goal.id not in seen:
        named = getattr(goal, "metric", None)
        if named is not None or ledger is None or not goal.carried_from:
            return named
        seen.add(goal.id)
        goal = ledger.goals.get(goal.carried_from)
    return None


def followed_series(
    goal: Goal,
    found: MetricsFound,
    keys: dict[str, Series] | None = None,
    names: list | None = None,
    ledger: Ledger | None = None,
) -> Series | None:
    """The metric ``goal`` follows: its lineage's ledger field's, else the one (longest) whose name its words say."""
    from journal.metrics import metric_key

    keys = keys if keys is not None else found.by_key()
    named = named_metric(goal, ledger)
    if named is not None:
        return keys.get(metric_key(named)) if named else None
    text = words_of(goal.text)
    for name, series in names if names is not None else metric_names(found):
        if name in text:
            return series
    return None


def attach_goals(ledger: Ledger, found: MetricsFound) -> None:
    """Fill each series' ``goals``: the goals (at their latest link, removed ones left out) following it."""
    keys, names = found.by_key(), metric_names(found)
    for goal in ledger.goals.values():
        if goal.status == Status.REMOVED or goal.carried_to is not None:
            continue
        series = followed_series(goal, found, keys, names, ledger)
        if series is not None:
            series.goals.append(goal)
    for series in found.series:
        series.goals.sort(key=lambda g: (g.for_period, g.source, g.line))


def wanted_direction(goal: Goal, latest: float | None = None) -> int | None:
    """Which way ``goal`` wants its metric to go: 1 up, -1 down, None when it does not say.

    A target's ``direction`` (at_least / at_most / reach with ``target_value``) wins over the words.
    """
    direction = getattr(goal, "direction", None)
    if direction == "at_least":
        return 1
    if direction == "at_most":
        return -1
    target = getattr(goal, "target_value", None)
    if direction == "reach" and isinstance(target, int | float) and latest is not None and latest != target:
        return 1 if target > latest else -1
    down_words, up_words = _directions()
    down, up = down_words.search(goal.text) is not None, up_words.search(goal.text) is not None
    if down == up:
        return None
    return -1 if down else 1


@dataclass(frozen=True)
class WrongWay:
    """A goal whose metric's latest value moved away from what the goal wants."""

    goal: Goal
    series: Series
    before: Point
    after: Point


def moved_wrong_way(goal: Goal, series: Series, until: Period | None = None) -> WrongWay | None:
    """The two latest values of ``series`` (up to ``until``'s end) when they moved against ``goal``'s direction."""
    values = [p for p in series.values if until is None or p.period.start <= until.end]
    if len(values) < 2:
        return None
    before, after = values[-2], values[-1]
    assert before.reading.value is not None and after.reading.value is not None
    moved = after.reading.value - before.reading.value
    wanted = wanted_direction(goal, before.reading.value)
    if wanted is None or moved == 0 or (moved > 0) == (wanted > 0):
        return None
    return WrongWay(goal, series, before, after)


def wrong_way_goals(
    journal: Journal,
    goals: list[Goal],
    until: Period,
    ledger: Ledger | None = None,
    metrics: Callable[[], MetricsFound] | None = None,
) -> list[WrongWay]:
    """Of ``goals``, those following a metric whose latest value up to ``until``'s end moved the wrong way.

    Only a move into a value of ``until`` itself (or a period overlapping it) counts: a review asks about its
    own period, not about an older report. ``metrics``: gives the journal's metrics already read (else
    they are read).
    """
    if not goals:
        return []
    from journal.metrics import read_metrics

    found = metrics() if metrics is not None else read_metrics(journal)
    if not found.series:
        return []
    keys, names = found.by_key(), metric_names(found)
    moved = []
    for goal in goals:
        series = followed_series(goal, found, keys, names, ledger)
        wrong = moved_wrong_way(goal, series, until) if series is not None else None
        if wrong is not None and wrong.after.period.end >= until.start:
            moved.append(wrong)
    return moved


def metric_questions(
    journal: Journal,
    ledger: Ledger,
    period: Period,
    *,
    own: list[Goal] | None = None,
    metrics: Callable[[], MetricsFound] | None = None,
) -> list[str]:
    """The review's questions about ``period``'s goals (not dropped) whose metric moved the wrong way in it.

    ``own``: the period's goals (``stats.goals_for``) when the caller has them; ``metrics``: gives the
    journal's metrics already read.
    """
    from journal.stats import goals_for

    own = own if own is not None else goals_for(ledger, period.key, period)
    goals = [g for g in own if g.status != Status.DROPPED]
    return [wrong_way_question(wrong) for wrong in wrong_way_goals(journal, goals, period, ledger, metrics)]


def wrong_way_question(wrong: WrongWay) -> str:
    """The review's question about a metric that moved the wrong way."""
    before, after = wrong.before, wrong.after
    return (
        f"'{wrong.goal.text}' follows {wrong.series.name}, which moved the wrong way: "
        f"{before.reading.text} in {before.period.label}, {after.reading.text} in {after.period.label}. "
        "What happened?"
    )


def follow_metric(journal: Journal, goal_id: str, name: str | None, *, by: str = "cli") -> tuple[Goal, Series | None]:
    """Make goal ``goal_id`` (its latest link) follow metric ``name`` (a unique prefix will do); None: follow none.

    Returns the goal and the metric. The metric's name is written in the goal's ledger table
    (``metric = "..."``); following none writes ``metric = ""`` (its words no longer pick one either).
    """
    from journal.metrics import find_metric, read_metrics
    from journal.session import writing

    series = find_metric(read_metrics(journal), name) if name is not None else None
    with writing(journal, by=by) as session:
        goal = session.ledger.latest(session.ledger.resolve(goal_id))
        value = series.name if series is not None else ""
        if goal.metric != value:
            session.update(goal, {"metric": value})
    return goal, series
