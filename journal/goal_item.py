"""One goal found in a document (``journal.extract.Item``), in a module that imports nothing.

A sync of a document edited only in its prose builds its items from what the
last parse kept (``journal.prose_edit``), without the parser: this class is
what it needs, and it costs no ``dataclasses`` or ``typing`` import (about 40 M
instructions, more than Python's own start). It behaves as the frozen
dataclass it replaces: keyword or positional fields, equal and hashed by its
fields, immutable, the same repr; tests/test_goal_item.py holds it to one.
"""

from __future__ import annotations

FIELDS = ("line", "text", "kind", "status", "section", "target", "marker")


class Item:
    """One goal found in a document."""

    __slots__ = FIELDS

    line: int
    text: str
    kind: str  # "checkbox" or "bullet"
    status: str  # open, done, in_progress, carried, dropped
    section: str
    target: str | None
    marker: str | None  # the character between a checkbox's brackets, as written

    def __init__(
        self, line: int, text: str, kind: str, status: str, section: str, target: str | None, marker: str | None = None
    ) -> None:
        for name, value in zip(FIELDS, (line, text, kind, status, section, target, marker), strict=True):
            object.__setattr__(self, name, value)

    def _fields(self) -> tuple:
        return (self.line, self.text, self.kind, self.status, self.section, self.target, self.marker)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._fields() == other._fields()  # type: ignore[attr-defined]
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(FIELDS, self._fields(), strict=True))
        return f"Item({shown})"

    def __reduce__(self) -> tuple:
        return (Item, self._fields())  # to and from the worker processes that parse many documents

    @property
    def done(self) -> bool | None:
        """True/False for checkboxes (done or not), None for plain bullets."""
        if self.kind != "checkbox":
            return None
        return self.status == "done"

    def as_dict(self) -> dict:
        """The item as a JSON-ready dict, with ``done``."""
        data = dict(zip(FIELDS, self._fields(), strict=True))
        data["done"] = self.done
        return data
