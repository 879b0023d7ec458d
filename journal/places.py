"""Where a journal's documents are: the ``entries`` folder, ``[paths]`` per period kind, finding a period's documents.

``journal.toml`` may name the documents' folder (``entries = "."`` for a whole
Obsidian vault) and, per period kind, where `journal new` writes::

    [paths]
    quarter = "Quarterly/{year}-Q{quarter}.md"
    day = "Daily/{date}.md"

A pattern is relative to the entries folder and takes ``{year}``, ``{key}``
(the canonical key), ``{half}``, ``{quarter}``, ``{month}`` (two digits),
``{week}`` (two digits), ``{day}`` (two digits) and ``{date}`` (``2025-03-14``)
where the kind has them. Another template than the kind's own adds ``-NAME``
before ``.md`` (``Quarterly/2025-Q1-report.md``). Without a pattern a kind keeps
the names journal has always used: ``<key>.md`` (``2025-q1.md``, ``2025-03-14.md``).

Standard library only.
"""

from __future__ import annotations

import re
import string
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from journal.errors import ConfigError

if TYPE_CHECKING:
    from journal.config import Journal
    from journal.periods import Period

__all__ = [
    "OBSIDIAN_PATHS",
    "checked_entries",
    "checked_paths",
    "document_path",
    "document_template",
    "file_name_fields",
    "period_documents",
]

# Obsidian's Periodic Notes plugin names notes YYYY-MM-DD, gggg-[W]ww, YYYY-MM, YYYY-[Q]Q and YYYY by default;
# these folders are the ones people usually give it.
OBSIDIAN_PATHS = {
    "day": "Daily/{date}.md",
    "week": "Weekly/{year}-W{week}.md",
    "month": "Monthly/{year}-{month}.md",
    "quarter": "Quarterly/{year}-Q{quarter}.md",
    "year": "Yearly/{year}.md",
}
_FIELDS_BY_KIND = {
    "year": ("year", "key"),
    "half": ("year", "half", "key"),
    "quarter": ("year", "quarter", "key"),
    "month": ("year", "month", "key"),
    "week": ("year", "week", "key"),
    "day": ("year", "month", "day", "date", "key"),
}


def file_name_fields(period: Period) -> dict[str, str]:
    """What a ``[paths]`` pattern may use for ``period``: ``{"year": "2025", "quarter": "1", "key": "2025-q1"}``."""
    fields = {"year": str(period.year), "key": period.key}
    if period.kind == "half":
        fields["half"] = str(period.index)
    elif period.kind == "quarter":
        fields["quarter"] = str(period.index)
    elif period.kind == "month":
        fields["month"] = f"{period.index:02d}"
    elif period.kind == "week":
        fields["week"] = f"{period.index:02d}"
    elif period.kind == "day":
        day = period.start
        fields.update(month=f"{day.month:02d}", day=f"{day.day:02d}", date=day.isoformat())
    return fields


def _relative_problem(value: str) -> str | None:
    """Why ``value`` is not a relative path inside the journal, or None."""
    parts = PurePosixPath(value).parts
    if not value or value.startswith(("/", "~")) or "\\" in value or ":" in value or ".." in parts:
        return "a path relative to the journal, without '..'"
    return None


def checked_entries(config: Path, value: Any) -> str:
    """The ``entries`` setting, checked: a folder relative to the journal ("." is the journal itself)."""
    if not isinstance(value, str) or _relative_problem(value):
        raise ConfigError(f'{config}: \'entries\' must be a folder relative to the journal ("entries", ".")')
    return PurePosixPath(value).as_posix()


def checked_paths(config: Path, table: Any) -> tuple[tuple[str, str], ...]:
    """The ``[paths]`` table, checked: each pattern is a relative ``.md`` path using only its kind's fields."""
    from journal.periods import PERIOD_KINDS

    if not isinstance(table, dict):
        example = '[paths] quarter = "Quarterly/{year}-Q{quarter}.md"'
        raise ConfigError(f"{config}: 'paths' must be a table, e.g. {example}")
    checked = []
    for kind, pattern in table.items():
        if kind not in PERIOD_KINDS:
            raise ConfigError(f"{config}: [paths] {kind[:60]!r} is not a period kind ({', '.join(PERIOD_KINDS)})")
        if not isinstance(pattern, str) or not pattern.endswith(".md") or _relative_problem(pattern):
            raise ConfigError(f"{config}: [paths] {kind} must be a relative path ending in .md, not {pattern!r:.60}")
        try:
            names = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name is not None}
        except ValueError:
            raise ConfigError(f"{config}: [paths] {kind}: unbalanced braces in {pattern!r:.60}") from None
        unknown = names - set(_FIELDS_BY_KIND[kind])
        if unknown:
            fields = ", ".join("{" + name + "}" for name in _FIELDS_BY_KIND[kind])
            raise ConfigError(f"{config}: [paths] {kind}: {{{sorted(unknown)[0]}}} is not one of {fields}")
        checked.append((kind, pattern))
    return tuple(checked)


def document_path(journal: Journal, period: Period, template: str) -> Path:
    """Where ``period``'s document written from ``template`` goes: the one rule (`new`, `import`, `add`).

    The kind's ``[paths]`` pattern, else ``<key>.md``, under the entries folder;
    ``-<template>`` before ``.md`` for another template than the kind's own.
    """
    from journal.templates import default_template_for

    pattern = dict(journal.settings.paths).get(period.kind, "{key}.md")
    name = pattern.format(**file_name_fields(period))
    if template != default_template_for(period.kind):
        name = f"{name[:-3]}-{template}.md"
    return journal.entries_dir / name


def period_documents(journal: Journal, period: Period) -> list[Path]:
    """Every document of ``period`` on disk, the main one first (the kind's own path), then by name.

    A document is a period's when its name says so (any case, any folder under
    entries) or its front matter names the period.
    """
    from journal.sync import document_period, scan_documents

    main = document_path(journal, period, _default_template(period))
    found = []
    for name in sorted(scan_documents(journal)):
        path = journal.root / name
        if document_period(journal, path, _head(path)) == period:
            found.append(path)
    found.sort(key=lambda path: (path != main, path.name != f"{period.key}.md", str(path)))
    return found


def document_template(journal: Journal, path: Path, text: str, period: Period) -> str:
    """The template a document was written from: its front matter's ``template:``, else its file name's
    (``2025-q4-report.md``), else its period kind's own."""
    from journal.documents import Document
    from journal.front_matter import front_matter
    from journal.periods import period_from_filename
    from journal.templates import validate_template_name

    recorded = front_matter(Document(path=path, data=b"", text=text)).get("template")
    if isinstance(recorded, str) and recorded.strip():
        return validate_template_name(recorded.strip())
    named = period_from_filename(path.stem, journal.settings.fiscal_year_start)
    if named is not None and named[1]:
        return named[1]
    return _default_template(period)


def _default_template(period: Period) -> str:
    from journal.templates import default_template_for

    return default_template_for(period.kind)


_FRONT_MATTER_HEAD = re.compile(r"\A\ufeff?---[ \t]*\r?\n")


def _head(path: Path) -> str | None:
    """The text of a document without a period in its name, for its front matter; None when it has none."""
    from journal.periods import period_from_filename

    if period_from_filename(path.stem) is not None:
        return None
    try:
        with open(path, "rb") as handle:
            data = handle.read(65536)
    except OSError:
        return None
    text = data.decode("utf-8", errors="replace")
    return text if _FRONT_MATTER_HEAD.match(text) else None
