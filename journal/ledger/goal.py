"""One goal as the ledger holds it (``Goal``), without dataclasses.

A plain class that behaves as the dataclass it was: the same fields in the
same order (``GOAL_FIELDS``, what the cache keeps a goal as), the same
defaults, equality and repr, and ``dataclasses.replace``/``asdict``/``fields``
through ``journal.ledger.goal_record``, imported only when such a caller
asks. Every sync imports it; tests/test_goal_record.py holds it to the dataclass.
"""

from __future__ import annotations

import operator
from typing import Any

# Goal's fields in order (its constructor's positional order, what the cache keeps a goal as).
GOAL_FIELDS = (
    "id", "document_period", "text", "status", "kind", "source", "line", "section", "target", "created", "updated",
    "carried_from", "carried_to", "note", "history", "marker", "owner", "tags", "due", "priority", "done_on",
    "metric", "target_value", "unit", "direction", "cadence",
)  # fmt: skip
NEW_LIST: Any = type("NewList", (), {"__repr__": lambda self: "<a new list>"})()  # default_factory=list's stand-in
_goal_values = operator.attrgetter(*GOAL_FIELDS)


_STATUS_MARKERS: list = []  # journal.ledger.model's markers by status, and Status: it imports this module


def _status_markers() -> list:
    from journal.ledger.model import _MARKERS, Status

    _STATUS_MARKERS[:] = [_MARKERS, Status]
    return _STATUS_MARKERS


class _DataclassFields:
    """``Goal.__dataclass_fields__``, made when first asked for: ``dataclasses.replace``, ``asdict`` and ``fields``
    see Goal as the dataclass ``journal.ledger.goal_record.GoalRecord`` (the same fields), without every command
    importing dataclasses."""

    def __get__(self, instance: object, owner: type) -> dict:
        from journal.ledger.goal_record import GoalRecord

        return GoalRecord.__dataclass_fields__  # type: ignore[attr-defined]


class Goal:
    """One goal as the ledger holds it. Dates are ISO strings.

    ``document_period`` is the period of the document the goal was found in
    (its ledger file); ``target`` the period its heading names; ``for_period``
    the one it is for. The fields (``GOAL_FIELDS``): ``marker`` is the
    character between the brackets in its document when it is not journal's
    own for the status (Obsidian's "[?]", "[!]", "[d]"...), None when it is
    ("[ ]", "[x]"...) or the goal is a bullet; ``owner``, ``tags``, ``due``,
    ``priority`` and ``done_on`` (an Obsidian Tasks line's ✅ date) are read
    from the goal's line (journal.attributes); ``metric`` is the metric it
    follows (journal.metric_goals; "" follows none, not even by its words);
    ``target_value``, ``unit`` (None: a count), ``direction`` (at_least,
    at_most, reach) and ``cadence`` a measurable goal's target, read from its
    text (journal.targets).
    """

    __dataclass_fields__ = _DataclassFields()
    __match_args__ = GOAL_FIELDS
    __hash__ = None  # type: ignore[assignment]  # mutable and equal by value, as the dataclass was

    id: str
    document_period: str
    text: str
    status: str
    kind: str
    source: str
    line: int
    section: str
    target: str | None
    created: str
    updated: str
    carried_from: str | None
    carried_to: str | None
    note: str | None
    history: list[dict[str, Any]]
    marker: str | None
    owner: str | None
    tags: list[str]
    due: str | None
    priority: str | None
    done_on: str | None
    metric: str | None
    target_value: float | None
    unit: str | None
    direction: str | None
    cadence: str | None

    def __init__(
        self, id: str, document_period: str, text: str, status: str, kind: str, source: str, line: int,
        section: str = "", target: str | None = None, created: str = "", updated: str = "",
        carried_from: str | None = None, carried_to: str | None = None, note: str | None = None,
        history: list[dict[str, Any]] = NEW_LIST, marker: str | None = None, owner: str | None = None,
        tags: list[str] = NEW_LIST, due: str | None = None, priority: str | None = None, done_on: str | None = None,
        metric: str | None = None, target_value: float | None = None, unit: str | None = None,
        direction: str | None = None, cadence: str | None = None,
    ) -> None:  # fmt: skip
        self.id = id
        self.document_period = document_period
        self.text = text
        self.status = status
        self.kind = kind
        self.source = source
        self.line = line
        self.section = section
        self.target = target
        self.created = created
        self.updated = updated
        self.carried_from = carried_from
        self.carried_to = carried_to
        self.note = note
        self.history = [] if history is NEW_LIST else history
        self.marker = marker
        self.owner = owner
        self.tags = [] if tags is NEW_LIST else tags
        self.due = due
        self.priority = priority
        self.done_on = done_on
        self.metric = metric
        self.target_value = target_value
        self.unit = unit
        self.direction = direction
        self.cadence = cadence

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return _goal_values(self) == _goal_values(other)
        return NotImplemented

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(GOAL_FIELDS, _goal_values(self), strict=True))
        return f"{self.__class__.__qualname__}({shown})"

    @property
    def period(self) -> str:
        """The document's period (the old name of ``document_period``; read-only)."""
        return self.document_period

    @property
    def shown_marker(self) -> str | None:
        """The character between its brackets in the document: its own, else its status's (None: removed)."""
        if self.marker is not None:
            return self.marker
        markers, status = _STATUS_MARKERS or _status_markers()
        return markers.get(status(self.status))

    @property
    def for_period(self) -> str:
        """The period the goal is for: the one its heading names, else its document's."""
        return self.target or self.document_period

    def as_dict(self, lineage_id: str | None = None) -> dict[str, Any]:
        """The goal as a JSON-ready dict (the `goals --json` contract).

        ``id`` is the goal's id, its lineage's (``Ledger.lineage_id``; this
        link's own when not given); ``link_id`` is this link's own id.
        """
        return {
            "id": lineage_id or self.id,
            "text": self.text,
            "status": self.status,
            "kind": self.kind,
            "period": self.document_period,
            "target": self.target,
            "source": self.source,
            "line": self.line,
            "section": self.section,
            "created": self.created,
            "updated": self.updated,
            "carried_from": self.carried_from,
            "carried_to": self.carried_to,
            "note": self.note,
            "history": self.history,
            "marker": self.marker,
            "link_id": self.id,
            "owner": self.owner,
            "tags": list(self.tags),
            "due": self.due,
            "priority": self.priority,
            "done_on": self.done_on,
            "metric": self.metric,
            "target_value": self.target_value,
            "unit": self.unit,
            "direction": self.direction,
            "cadence": self.cadence,
        }
