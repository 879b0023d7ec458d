"""Scaffolding a period's document: which goals it brings in, rendering, writing, linking."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.clock import today as clock_today
from journal.config import Journal
from journal.errors import NoDocument, UsageError
from journal.ledger import OPEN_STATUSES, Goal, Ledger, Status
from journal.periods import Period, PeriodError, from_key
from journal.session import Session, writing
from journal.sync import SyncReport
from journal.words import one_line, same_words_key

if TYPE_CHECKING:
    from journal.ledger.links import LinkRow


@dataclass
class NewDocument:
    """What `journal new` made (or would make, with --dry-run)."""

    path: Path
    text: str
    template: str
    planned: list[Goal] = field(default_factory=list)
    carried: list[Goal] = field(default_factory=list)
    report: SyncReport | None = None


def document_path(journal: Journal, period: Period, template: str) -> Path:
    """``entries/2025-q1.md`` for the kind's default template, ``entries/2025-q1-report.md`` for another.

    ``[paths]`` in journal.toml moves them (``journal.places.document_path``, the one rule).
    """
    from journal.places import document_path as placed

    return placed(journal, period, template)


def _goals_by_row(ledger: Ledger, keep: Callable[[LinkRow], bool], rows: list[LinkRow] | None = None) -> list[Goal]:
    """The goals whose link row (id, status, period it is for, carried_from, carried_to) ``keep`` accepts, in
    the ledger's order; a lazy ledger not decoded yet decodes only the files holding them.

    ``rows``: for a lazy ledger, its ``link_rows()`` or any part of them in order that holds every row ``keep``
    accepts (None: all of them, asked for here).
    """
    from journal.ledger.links import link_row

    goals = ledger.goals
    if getattr(goals, "complete", True):
        return [goal for goal in goals.values() if keep(link_row(goal))]
    rows = ledger.link_rows() if rows is None else rows
    return [goals[row[0]] for row in rows if keep(row)]


def link_rows_once(ledger: Ledger) -> list[LinkRow] | None:
    """The lazy ledger's link rows, for the selections below to share (None for a ledger read whole)."""
    return None if getattr(ledger.goals, "complete", True) else ledger.link_rows()


def planned_goals(ledger: Ledger, period: Period, rows: list[LinkRow] | None = None) -> list[Goal]:
    """Goals written in earlier documents for ``period`` (e.g. under "Q1 2025 Priorities"), still live.

    ``rows``: ``link_rows_once(ledger)``, if the caller has them."""
    # For the period (its target, or its document's period) and open, carried nowhere; then not its own.
    key = period.key
    rows = [row for row in rows if row[2] == key] if rows is not None else None  # the same rows, sooner
    candidates = _goals_by_row(ledger, lambda row: row[2] == key and row[1] in OPEN_STATUSES and not row[4], rows)
    found = [goal for goal in candidates if goal.target == period.key and goal.document_period != period.key]
    return sorted(found, key=lambda g: (g.source, g.line))


def unfinished_goals(
    ledger: Ledger, period: Period, exclude: set[str], *, fiscal: int = 1, rows: list[LinkRow] | None = None
) -> list[Goal]:
    """Every goal of an earlier period of ``period``'s kind left undecided: open, in progress or marked
    ``[>]``, carried nowhere yet. Nothing is stranded by a skipped period; the previous period's come first.

    ``rows``: ``link_rows_once(ledger)``, if the caller has them."""
    earlier: dict[str, Period | None] = {}

    # A key of the same kind as a quarter's (a half's, a week's) has its letter where the period's has: any other
    # is not looked at further (from_key would answer another kind, or no period).
    mark = period.key[4:6] if period.kind in ("quarter", "half", "week") else None

    def is_earlier(key: str) -> bool:
        if key not in earlier:
            try:
                found = from_key(key, fiscal) if mark is None or key[4:6] == mark else None
            except PeriodError:
                found = None
            same_kind = found is not None and found.kind == period.kind
            earlier[key] = found if same_kind and found.end < period.start else None
        return earlier[key] is not None

    undecided = frozenset((*OPEN_STATUSES, Status.CARRIED))
    rows = rows if rows is not None else link_rows_once(ledger)
    rows = [row for row in rows if not row[4] and row[1] in undecided] if rows is not None else None  # sooner
    found = _goals_by_row(
        ledger, lambda row: row[1] in undecided and not row[4] and row[0] not in exclude and is_earlier(row[2]), rows
    )
    return sorted(found, key=lambda g: (-earlier[g.for_period].start.toordinal(), g.source, g.line))


def origins(goals: list[Goal]) -> list[tuple[str, int]]:
    """How many of ``goals`` are for each period, by period key, in the order they first appear."""
    counts: dict[str, int] = {}
    for goal in goals:
        counts[goal.for_period] = counts.get(goal.for_period, 0) + 1
    return list(counts.items())


def carried_goals(ledger: Ledger, from_period: Period, exclude: set[str]) -> list[Goal]:
    """``from_period``'s goals still open or in progress, not yet carried anywhere."""
    # A goal marked [>] by hand says "carry me" but is not carried anywhere yet.
    found = [
        goal
        for goal in ledger.goals.values()
        if goal.for_period == from_period.key
        and (goal.status in OPEN_STATUSES or goal.status == Status.CARRIED)
        and not goal.carried_to
        and goal.id not in exclude
    ]
    return sorted(found, key=lambda g: (g.source, g.line))


def period_summary(ledger: Ledger, period: Period, bringing: list[Goal] = ()) -> dict[str, Any] | None:
    """Counts of a period's goals, each goal once (set, done, open, dropped, carried, rate); None when none.

    The goals in ``bringing`` (about to be carried out of the period) count as
    carried already, so the line agrees with `stats` once they are.
    """
    from journal.stats import goals_for, period_stats

    goals = goals_for(ledger, period.key, period)
    stats = period_stats(ledger, period, goals=goals)
    if not stats.set:
        return None
    leaving = {goal.id for goal in bringing}
    moving = sum(goal.id in leaving and goal.status in OPEN_STATUSES and not ledger.lives_on(goal) for goal in goals)
    return {
        "period": period,
        "set": stats.set,
        "done": stats.done,
        "open": stats.open + stats.in_progress - moving,
        "dropped": stats.dropped,
        "carried": stats.carried_out + moving,
        "rate": stats.rate,
    }


def brought_in_lines(result: NewDocument) -> tuple[int, int]:
    """How many lines the planned and the unfinished goals brought in took (the same words share one line)."""
    seen: set[str] = set()
    counts = []
    for goals in (result.planned, result.carried):
        fresh = {same_words_key(goal.text) for goal in goals} - seen
        seen |= fresh
        counts.append(len(fresh))
    return counts[0], counts[1]


def carried_origins(result: NewDocument) -> list[tuple[str, int]]:
    """The periods the unfinished goals brought in came from, counted as ``brought_in_lines`` counts them."""
    seen = {same_words_key(goal.text) for goal in result.planned}
    once = []
    for goal in result.carried:
        words = same_words_key(goal.text)
        if words not in seen:
            seen.add(words)
            once.append(goal)
    return origins(once)


def _once_by_text(planned: list[dict], carried: list[dict]) -> tuple[list[dict], list[dict]]:
    """Each text once across both lists (two goals with the same words get one line)."""
    seen: set[str] = set()
    lists = []
    for goals in (planned, carried):
        kept = []
        for goal in goals:
            text = same_words_key(goal["text"])
            if text not in seen:
                seen.add(text)
                kept.append(goal)
        lists.append(kept)
    return lists[0], lists[1]


def new_document(
    journal: Journal,
    period: Period,
    *,
    template_name: str | None = None,
    carry: bool = True,
    dry_run: bool = False,
    today: date | None = None,
) -> NewDocument:
    """Render ``period``'s document from its template and write it (unless ``dry_run``).

    Brings in the goals planned for the period in earlier documents and, with
    ``carry``, the previous period's open goals; each brought-in goal is linked
    to its new line (carried_from / carried_to) and its old line marked ``[>]``.
    """
    from journal.transaction import nothing_written

    with nothing_written(dry_run):
        return _new_document(journal, period, template_name=template_name, carry=carry, dry_run=dry_run, today=today)


def _new_document(
    journal: Journal, period: Period, *, template_name: str | None, carry: bool, dry_run: bool, today: date | None
) -> NewDocument:
    from journal.templates import default_template_for, load_template, render_template, validate_template_name

    try:
        period.previous(), period.next()
    except PeriodError:
        raise UsageError(f"{period.label} is at the edge of the calendar journal handles (years 1001-9998)") from None
    name = validate_template_name(template_name if template_name is not None else default_template_for(period.kind))
    template = load_template(name, journal.root)
    path = document_path(journal, period, name)
    if path.exists():
        raise UsageError(f"{journal.relative(path)} already exists", hint="edit it, or pick another --template")
    with writing(journal, by="new", dry_run=dry_run) as session:
        ledger = session.ledger
        rows = link_rows_once(ledger) if carry else None
        planned = planned_goals(ledger, period, rows) if carry else []
        exclude = {g.id for g in planned}
        fiscal = journal.settings.fiscal_year_start
        carried = unfinished_goals(ledger, period, exclude, fiscal=fiscal, rows=rows) if carry else []
        text = render_template(template, _template_variables(journal, ledger, period, planned, carried, today))
        if name != default_template_for(period.kind):
            text = f"---\ntemplate: {name}\n---\n{text}"  # what the review asks it, whatever its file name
        result = NewDocument(path=path, text=text, template=name, planned=planned, carried=carried)
        if dry_run:
            return result
        session.write_document(path, text.encode("utf-8"))
        result.report = session.sync_written(path)
        link_brought_in(session, journal.relative(path), planned + carried)
    return result


def _template_variables(
    journal: Journal, ledger: Ledger, period: Period, planned: list[Goal], carried: list[Goal], today: date | None
) -> dict[str, Any]:
    """What a period's template is rendered with: the period, the goals brought in, the previous period's counts."""
    variables = {
        "period": period,
        "today": today or clock_today(),
        "author": journal.settings.author,
        "planned": [
            {"id": g.id, "text": g.text, "source": g.source, "section": g.section, "status": g.status} for g in planned
        ],
        "carried": [
            {
                "id": g.id,
                "text": g.text,
                "period": _period_of(g.for_period, journal.settings.fiscal_year_start),
                "status": g.status if g.status in OPEN_STATUSES else Status.OPEN.value,
            }
            for g in carried
        ],
        "previous": period_summary(ledger, period.previous(), [*planned, *carried]),
    }
    variables["planned"], variables["carried"] = _once_by_text(variables["planned"], variables["carried"])
    return variables


@functools.lru_cache(maxsize=4096)
def _period_of(key: str, fiscal_year_start: int) -> Period:
    """``from_key``, each key parsed once (a key that is none raises each time, as from_key does)."""
    return from_key(key, fiscal_year_start)


def link_brought_in(session: Session, source: str, brought: list[Goal]) -> int:
    """Link each brought-in goal to its new line in ``source`` and mark the old one carried (``[>]``).

    Sync links a goal written again in the next period's document by itself
    (and marks it carried in the ledger); a goal brought further, or in again,
    is linked here. The old line's marker becomes ``[>]`` (a plain bullet
    keeps its words). Returns how many were linked.
    """
    from journal.status_change import write_marker

    ledger = session.ledger
    new_goals = sorted(ledger.goals_of(source), key=lambda g: g.line)
    by_text: dict[str, list[Goal]] = {}  # the new lines (not removed) by their words, in line order
    for goal in new_goals:
        if goal.status != Status.REMOVED:
            by_text.setdefault(one_line(goal.text), []).append(goal)
    new_ids = {goal.id for goals in by_text.values() for goal in goals}
    linked = 0
    with session.documents_together():  # each old document written once, however many of its goals go
        for old in brought:
            current = ledger.goals.get(old.id)
            if current is None or current.source == source:
                continue
            if current.carried_to not in new_ids and not _link(session, current, by_text):
                continue
            if current.status != Status.CARRIED:
                session.set_status(current, Status.CARRIED.value)
            elif current.kind == "checkbox":
                # sync marked it in the ledger only
                write_marker(session.journal, ledger, current, Status.CARRIED.value, session.writes)
            linked += 1
    return linked


def _link(session: Session, current: Goal, by_text: dict[str, list[Goal]]) -> bool:
    """Link ``current`` to the new line with its words; False when it is settled or the template left it out."""
    from journal.carry_links import continuation_fields

    unsettled = current.status in OPEN_STATUSES or (current.status == Status.CARRIED and not current.carried_to)
    if not unsettled:
        return False
    same_text = by_text.get(one_line(current.text), [])
    unlinked = [g for g in same_text if not g.carried_from]
    if unlinked:
        fiscal = session.journal.settings.fiscal_year_start
        session.update(unlinked[0], continuation_fields(session.writes.ledger, current, unlinked[0], fiscal))
        session.update(current, {"carried_to": unlinked[0].id})
    elif same_text:
        # Two goals with the same words become one line: both continue there.
        session.update(current, {"carried_to": same_text[0].id})
    else:
        return False  # the template did not write it out; nothing to link
    return True


def period_document(journal: Journal, period: Period) -> Path | None:
    """The period's main document (where `journal new` writes it), else its first other document."""
    from journal.places import period_documents

    found = period_documents(journal, period)
    return found[0] if found else None


CARRIED_SECTION = "Carried over"


@dataclass
class CarryResult:
    """What `journal carry` brought into a document."""

    path: Path
    goals: list[Goal]
    ids: dict[str, str] = field(default_factory=dict)  # each goal's link id -> its lineage id (the id shown)


def carry_goals(journal: Journal, from_period: Period, to_period: Period) -> CarryResult:
    """Bring ``from_period``'s open goals and the goals planned for ``to_period`` into its existing document.

    They are appended to the document's "Carried over" section (created if
    needed), linked, and marked ``[>]`` where they were. A goal already carried
    is never carried twice.
    """
    if not from_period.sort_key < to_period.sort_key:
        raise UsageError(f"cannot carry from {from_period.label} to {to_period.label}: {to_period.label} is not later")
    with writing(journal, by="carry") as session:
        path = period_document(journal, to_period)
        if path is None:
            raise NoDocument.of(to_period.label, to_period.key, "writes one and carries too")
        source = journal.relative(path)
        planned = [g for g in planned_goals(session.ledger, to_period) if g.source != source]
        carried = carried_goals(session.ledger, from_period, {g.id for g in planned})
        brought = [g for g in planned + carried if g.source != source]
        if not brought:
            return CarryResult(path=path, goals=[])
        ledger = bring_into(session, path, brought)
        ids = ledger.lineage_ids(brought)
    return CarryResult(path=path, goals=brought, ids=ids)


def bring_into(session: Session, path: Path, goals: list[Goal]) -> Ledger:
    """Append ``goals`` to the "Carried over" section of the document at ``path``, link them, mark the old lines.

    Each text is written once; only bytes are added to the document. Returns
    the session's ledger as it now is.
    """
    from journal.documents import insert_in_section, read_document

    document = read_document(path)
    lines: dict[str, str] = {}
    for goal in goals:
        # An open goal keeps its own character ("[?]") in the next document too.
        marker = goal.shown_marker if goal.status in OPEN_STATUSES else Status.OPEN.marker
        lines.setdefault(same_words_key(goal.text), f"- [{marker}] {one_line(goal.text)}")
    block = "\n".join(lines.values())
    session.write_document(path, insert_in_section(document.data, CARRIED_SECTION, block), expected=document.data)
    session.sync_written(path)
    link_brought_in(session, session.journal.relative(path), goals)
    return session.ledger
