"""The dataclass that ``journal.ledger.model.Goal`` behaves as, imported only when asked for.

``Goal`` is a plain class (every sync imports it; dataclasses does not come
cheap). Its ``__dataclass_fields__`` are this class's, so ``dataclasses.replace``,
``asdict`` and ``fields`` work on a Goal as they did when it was this
dataclass; tests/test_goal_record.py holds the two to the same fields,
defaults, equality and repr.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class GoalRecord:
    """A goal's fields as a dataclass, in ``GOAL_FIELDS``' order, with Goal's defaults."""

    id: str
    document_period: str
    text: str
    status: str
    kind: str
    source: str
    line: int
    section: str = ""
    target: str | None = None
    created: str = ""
    updated: str = ""
    carried_from: str | None = None
    carried_to: str | None = None
    note: str | None = None
    history: list[dict[str, Any]] = field(default_factory=list)
    marker: str | None = None
    owner: str | None = None
    tags: list[str] = field(default_factory=list)
    due: str | None = None
    priority: str | None = None
    done_on: str | None = None
    metric: str | None = None
    target_value: float | None = None
    unit: str | None = None
    direction: str | None = None
    cadence: str | None = None
