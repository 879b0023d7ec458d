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

import string
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from journal.errors import ConfigError
from journal.lazy_pattern import LazyPattern

if TYPE_CHECKING:
    from journal.config import Journal
    from journal.documents import Document
    from journal.name_periods import NamePeriods
    from journal.periods import Period

__all__ = [
    "OBSIDIAN_PATHS",
    "checked_entries",
    "checked_paths",
    "document_path",
    "document_template",
    "file_name_fields",
    "named_period",
    "period_documents",
    "read_if_document",
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
        problem = pattern_refusal(kind, pattern)
        if problem is not None:
            raise ConfigError(f"{config}: [paths] {kind}: {problem}")
        checked.append((kind, pattern))
    clash = read_back_clash(tuple(checked))
    if clash is not None:
        raise ConfigError(f"{config}: [paths] {clash[0]}: {clash[1]}")
    return tuple(checked)


def pattern_refusal(kind: str, pattern: str) -> str | None:
    """Why ``pattern`` cannot be ``kind``'s [paths] pattern (a field it lacks or does not have, braces), or None."""
    from journal.path_patterns import pattern_problem

    try:
        pieces = [(name, spec, conv) for _text, name, spec, conv in string.Formatter().parse(pattern)]
    except ValueError:
        return f"unbalanced braces in {pattern!r:.60}"
    names = {name for name, _spec, _conv in pieces if name is not None}
    if any(spec or conv for _name, spec, conv in pieces):
        return f"a field takes no format ({pattern!r:.60}): write {{month}}, not {{month!s}}"
    unknown = names - set(_FIELDS_BY_KIND[kind])
    if unknown:
        fields = ", ".join("{" + name + "}" for name in _FIELDS_BY_KIND[kind])
        return f"{{{sorted(unknown)[0]}}} is not one of {fields}"
    problem = pattern_problem(kind, pattern)
    return f"journal could not read {pattern!r:.60} back ({problem})" if problem else None


def read_back_clash(paths: tuple[tuple[str, str], ...]) -> tuple[str, str, str] | None:
    """(kind, why, the kind it is read as) when a document `journal new` writes with ``paths`` would be
    read as another period.

    Tried on a few periods of every kind (those without a pattern keep ``<key>.md``):
    ``week = "{year}-{week}.md"`` writes ``2025-03.md`` for week 3, which is March's name.
    """
    if not paths:
        return None
    from datetime import date

    from journal.periods import PERIOD_KINDS, period_of

    patterns = dict(paths)
    for kind in PERIOD_KINDS:
        for day in (date(2025, 1, 6), date(2025, 3, 14), date(2026, 11, 30)):
            period = period_of(day, kind)
            name = patterns.get(kind, "{key}.md").format(**file_name_fields(period))
            found = named_period_in(paths, name)
            if found is None or found[0] != period:
                read = f"{found[0].key} (a {found[0].kind})" if found else "no period"
                why = f"{name} (the {kind} {period.key}) would be read back as {read}; give it a name of its own"
                return kind, why, found[0].kind if found else kind
    return None


def named_period_in(paths: tuple[tuple[str, str], ...], relative: str, fiscal: int = 1) -> tuple[Period, str] | None:
    """The period and template name ("" for the kind's own) that ``relative`` (a path under the entries
    folder) names: by a ``[paths]`` pattern it matches, else by its file name (``2025-Q1-report.md``)."""
    from journal.periods import period_from_filename

    if paths:
        from journal.path_patterns import period_from_path

        found = period_from_path(paths, relative, fiscal)
        if found is not None:
            return found
    return period_from_filename(PurePosixPath(relative).stem, fiscal)


def named_period(journal: Journal, path: Path) -> tuple[Period, str] | None:
    """The period and template name a document's path names (``[paths]``, else its file name), or None."""
    paths = journal.settings.paths
    if not paths:
        from journal.periods import period_from_filename

        return period_from_filename(path.stem, journal.settings.fiscal_year_start)
    try:
        relative = path.relative_to(journal.entries_dir).as_posix()
    except ValueError:
        relative = path.name
    return named_period_in(paths, relative, journal.settings.fiscal_year_start)


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


def period_documents(
    journal: Journal, period: Period, scanned: Mapping[str, Any] | None = None, names: NamePeriods | None = None
) -> list[Path]:
    """Every document of ``period`` on disk, the main one first (the kind's own path), then by name.

    A document is a period's when its name says so (any case, any folder under
    entries) or its front matter names the period. ``scanned``: the documents as
    ``sync.scan_documents`` just found them (a command that looks once), else they are looked for;
    ``names``: what each name names, as kept in ``.journal/`` (``name_periods.py``).
    """
    from journal.sync import document_period, scan_documents

    main = document_path(journal, period, _default_template(period))
    found = []
    for name in sorted(scanned if scanned is not None else scan_documents(journal)):
        matched = _named_match(journal, name, period, names)
        if matched is None:
            # the front matter only when the name says nothing (as document_period reads them): few files read
            path = journal.root / name
            matched = document_period(journal, path, _head(journal, path)) == period
        if matched:
            found.append(journal.root / name)
    found.sort(key=lambda path: (path != main, path.name != f"{period.key}.md", str(path)))
    return found


def _named_match(journal: Journal, name: str, period: Period, names: NamePeriods | None) -> bool | None:
    """Whether document ``name``'s path names ``period`` (``named_period``); None when it names no period."""
    fiscal = journal.settings.fiscal_year_start
    if journal.settings.paths:
        named = named_period(journal, journal.root / name)
    elif names is not None and period.fiscal_year_start == fiscal:
        key = names.key_of(name, _stem(name))  # a canonical key names one period: comparing keys is enough
        return None if key is None else key == period.key
    else:  # named_period's answer, without making a Path of every document's name
        from journal.periods import period_from_filename

        named = period_from_filename(_stem(name), fiscal)
    return None if named is None else named[0] == period


def _stem(name: str) -> str:
    """``PurePosixPath(name).stem``, quicker for the usual name (``entries/2025-q1.md``)."""
    base = name[name.rfind("/") + 1 :]
    return base[:-3] if base.endswith(".md") and not base.startswith(".") else PurePosixPath(base).stem


def read_if_document(journal: Journal, path: Path) -> Document | None:
    """``path`` read as a document; None when it cannot be read and names no period (a note of its own).

    A file whose path names a period (or whose readable front matter does) that
    is not UTF-8, holds conflict markers or is too big stays a DocumentError:
    it is the journal's, and a command must not go on without it.
    """
    from journal.documents import read_document
    from journal.errors import DocumentError

    try:
        return read_document(path)
    except DocumentError:
        if named_period(journal, path) is not None or _front_matter_period(journal, path):
            raise
        return None


def _front_matter_period(journal: Journal, path: Path) -> bool:
    """Whether ``path``'s front matter, read as far as it can be, names a period."""
    from journal.documents import Document
    from journal.errors import DocumentError
    from journal.front_matter import front_matter

    text = _head(journal, path)
    if text is None:
        return False
    try:
        return front_matter(Document(path=path, data=b"", text=text.removeprefix("\ufeff"))).get("period") is not None
    except DocumentError:
        return False  # front matter that cannot be read names nothing


def document_template(journal: Journal, path: Path, text: str, period: Period) -> str:
    """The template a document was written from: its front matter's ``template:``, else its file name's
    (``2025-q4-report.md``), else its period kind's own."""
    from journal.documents import Document
    from journal.front_matter import front_matter
    from journal.templates import validate_template_name

    recorded = front_matter(Document(path=path, data=b"", text=text)).get("template")
    if isinstance(recorded, str) and recorded.strip():
        return validate_template_name(recorded.strip())
    named = named_period(journal, path)
    if named is not None and named[1]:
        return named[1]
    return _default_template(period)


def _default_template(period: Period) -> str:
    from journal.templates import default_template_for

    return default_template_for(period.kind)


_FRONT_MATTER_HEAD = LazyPattern(r"\A\ufeff?---[ \t]*\r?\n")


def _head(journal: Journal, path: Path) -> str | None:
    """The text of a document without a period in its name, for its front matter; None when it has none."""
    if named_period(journal, path) is not None:
        return None
    try:
        with open(path, "rb") as handle:
            data = handle.read(65536)
    except OSError:
        return None
    text = data.decode("utf-8", errors="replace")
    return text if _FRONT_MATTER_HEAD.match(text) else None
