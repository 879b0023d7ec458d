"""Reading a ``[paths]`` pattern backwards: the period (and template) of a path `journal new` wrote.

``[paths] day = "Journal/Days/{day}-{month}-{year}.md"`` makes `journal new
today` write ``Journal/Days/15-04-2025.md``; that name is not a period key, so
the pattern itself is what tells its period. Each pattern becomes a regular
expression whose fields are captured and turned back into the period's key;
``-NAME`` before ``.md`` is another template's document, as `new` writes it.

Standard library only.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.periods import Period

__all__ = ["NAMING_FIELDS", "pattern_problem", "period_from_path"]

# What each field matches, as file_name_fields writes it.
_FIELD_REGEX = {
    "year": r"[0-9]{4}",
    "half": r"[12]",
    "quarter": r"[1-4]",
    "month": r"[0-9]{2}",
    "week": r"[0-9]{2}",
    "day": r"[0-9]{2}",
    "date": r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
}
_KEY_REGEX = {
    "year": r"[0-9]{4}",
    "half": r"[0-9]{4}-h[12]",
    "quarter": r"[0-9]{4}-q[1-4]",
    "month": r"[0-9]{4}-[0-9]{2}",
    "week": r"[0-9]{4}-w[0-9]{2}",
    "day": r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
}
# Sets of fields that name a period of each kind, any one of which a pattern must hold.
NAMING_FIELDS = {
    "year": (("key",), ("year",)),
    "half": (("key",), ("year", "half")),
    "quarter": (("key",), ("year", "quarter")),
    "month": (("key",), ("year", "month")),
    "week": (("key",), ("year", "week")),
    "day": (("key",), ("date",), ("year", "month", "day")),
}
_TEMPLATE_SUFFIX = r"(?:-(?![hqw][0-9])(?P<template>[^\W\d_][^/\\\x00]*))?\.md"


def _fields(pattern: str) -> list[tuple[str, str | None]]:
    """The pattern as (literal text, field name or None) pieces; ValueError for unbalanced braces."""
    return [(text, name) for text, name, _spec, _conv in string.Formatter().parse(pattern)]


def pattern_problem(kind: str, pattern: str) -> str | None:
    """Why journal could not read a document's period back from ``pattern``, or None when it can."""
    names = {name for _text, name in _fields(pattern) if name is not None}
    if any(set(needed) <= names for needed in NAMING_FIELDS[kind]):
        return None
    ways = " or ".join(", ".join("{" + field + "}" for field in needed) for needed in NAMING_FIELDS[kind])
    return f"it does not name the {kind}: use {ways}"


@lru_cache(maxsize=64)
def _compiled(kind: str, pattern: str) -> re.Pattern[str] | None:
    """``pattern`` as a regular expression on a path relative to the entries folder (any case)."""
    pieces = _fields(pattern)
    if pattern_problem(kind, pattern) is not None:
        return None
    out: list[str] = []
    for number, (text, name) in enumerate(pieces):
        if name is not None and name.endswith(".md"):  # pragma: no cover - checked_paths refuses it
            return None
        if number == len(pieces) - 1 and name is None:
            text = text.removesuffix(".md")
        out.append(re.escape(text))
        if name is not None:
            field = _KEY_REGEX[kind] if name == "key" else _FIELD_REGEX[name]
            out.append(f"(?P<{name}_{number}>{field})")
    return re.compile("".join(out) + _TEMPLATE_SUFFIX, re.IGNORECASE)


def _key(kind: str, values: dict[str, str]) -> str:
    if "key" in values:
        return values["key"].lower()
    if kind == "day" and "date" in values:
        return values["date"]
    year = values["year"]
    if kind == "year":
        return year
    if kind == "day":
        return f"{year}-{values['month']}-{values['day']}"
    if kind == "month":
        return f"{year}-{values['month']}"
    letter = {"half": "h", "quarter": "q", "week": "w"}[kind]
    return f"{year}-{letter}{values[kind]}"


def period_from_path(
    paths: tuple[tuple[str, str], ...], relative: str, fiscal_year_start: int = 1
) -> tuple[Period, str] | None:
    """The period and template name ("" for the kind's own) of ``relative`` (a path under the entries
    folder, with ``/``) by the first ``[paths]`` pattern it matches; None when it matches none."""
    from journal.periods import PeriodError, from_key
    from journal.places import file_name_fields

    for kind, pattern in paths:
        regex = _compiled(kind, pattern)
        match = regex.fullmatch(relative) if regex is not None else None
        if match is None:
            continue
        values = {group.rsplit("_", 1)[0]: value for group, value in match.groupdict().items() if group != "template"}
        try:
            period = from_key(_key(kind, values), fiscal_year_start)
        except PeriodError:
            continue
        own = relative[: match.start("template") - 1] + ".md" if match["template"] else relative
        if pattern.format(**file_name_fields(period)).lower() != own.lower():
            continue  # a field written twice with two values ({year}/{date}.md with another year)
        return period, match["template"] or ""
    return None
