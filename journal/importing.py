"""Bringing existing Markdown documents into a journal.

Each document's period is inferred, in order, from its front matter
(``period:``), its file name (``2024-Q4.md``, ``q4-2024-reflection.md``,
``2025-01-05.md``, ``2025-W03.md``), its title (``# Q4 2024 Reflection``) and a
date line (``**Date**: 2025-01-05``, "Report generated on 2025-12-31"). A file
named by a full date (a daily note, ``Daily/2025-04-14.md``) or titled by one
(``# 2025-04-15``) is that day; a date line gives the default kind's period
holding it (a report's date). A document whose period cannot be inferred is
skipped, never guessed. The body
is kept byte for byte; front matter (period, title, imported-from) is added
(journal.front_matter writes it).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from journal.config import Journal
from journal.documents import ConflictMarkers, Document, read_document
from journal.errors import DocumentError, PeriodError, UsageError
from journal.front_matter import (
    FRONT_MATTER,
    MAX_FRONT_MATTER,
    FrontMatterProblem,
    front_matter,
    load_front_matter,
    with_front_matter,
)
from journal.period_text import find_period_in_text, parse_period
from journal.periods import Period, period_of

__all__ = ["Candidate", "ImportReport", "find_markdown", "import_documents", "infer_period", "with_front_matter"]

DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
DATE_LINE = re.compile(
    r"^(?:\*\*|__)?date(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?\s*:?\s*(\d{4}-\d{2}-\d{2})|generated on (\d{4}-\d{2}-\d{2})",
    re.IGNORECASE | re.MULTILINE,
)
TITLE = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


@dataclass
class Candidate:
    """One file found for import, and what became of it."""

    source: Path
    period: Period | None = None
    how: str = ""  # where the period came from
    target: Path | None = None
    skipped: str | None = None  # why, when skipped
    goals: int = 0


@dataclass
class ImportReport:
    """Every file considered, in order."""

    candidates: list[Candidate] = field(default_factory=list)

    @property
    def imported(self) -> list[Candidate]:
        return [c for c in self.candidates if c.skipped is None]

    @property
    def skipped(self) -> list[Candidate]:
        return [c for c in self.candidates if c.skipped is not None]


def find_markdown(paths: list[Path]) -> list[Path]:
    """The Markdown files among ``paths``, folders searched recursively (hidden ones skipped), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for candidate in sorted(path.rglob("*.md")):
                relative = candidate.relative_to(path)
                if not any(part.startswith(".") for part in relative.parts) and candidate.is_file():
                    found.append(candidate)
        elif path.is_file():
            found.append(path)
        elif path.exists():
            raise DocumentError(f"{path}: not a regular file; journal reads only regular files")
        else:
            raise UsageError(f"{path}: no such file or folder")
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path.resolve(), None)
    return list(unique)


def _date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def infer_period(text: str, path: Path, kind: str, fiscal_year_start: int) -> tuple[Period | None, str]:
    """The document's period and where it came from, or (None, why not); broken front matter is a DocumentError."""
    match = FRONT_MATTER.match(text)
    if match:
        meta = front_matter(Document(path=path, data=b"", text=text))
        if meta.get("period") is not None:
            try:
                return parse_period(str(meta["period"]), fiscal_year_start=fiscal_year_start), "front matter"
            except PeriodError:
                pass
    stem = path.stem
    dated = DATE_IN_NAME.search(stem)
    if dated and (day := _date(*dated.groups())):
        return period_of(day, "day", fiscal_year_start), "the date in the file name"  # a daily note
    named = find_period_in_text(re.sub(r"[_.]+", " ", stem), fiscal_year_start=fiscal_year_start)
    if named is not None:
        return named, "the file name"
    body = text[match.end() :] if match else text
    title = TITLE.search(body)
    if title:
        named = find_period_in_text(title.group(1), fiscal_year_start=fiscal_year_start)
        if named is not None:
            return named, "the title"
        dated = DATE_IN_NAME.search(title.group(1))
        if dated and (day := _date(*dated.groups())):
            return period_of(day, "day", fiscal_year_start), "the date in the title"
    line = DATE_LINE.search(body)
    if line and (day := _date(*(line.group(1) or line.group(2)).split("-"))):
        return period_of(day, kind, fiscal_year_start), "a date line"
    return None, "no period in its front matter, file name, title or a date line"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "imported"


def _body_key(data: bytes) -> str | None:
    """A hash of a document's bytes after its front matter (and byte order mark); None when that is blank."""
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None
    match = FRONT_MATTER.match(text)
    body = text[match.end() :] if match else text
    if not body.strip():
        return None
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _origin_of(data: bytes) -> str | None:
    """The ``imported-from`` of a journal entry's front matter, if it has a readable one."""
    head = data[:8192]
    if b"imported-from" not in head:
        return None
    # Front matter is at most MAX_FRONT_MATTER characters: no need to decode a long body.
    text = data[: 4 * MAX_FRONT_MATTER + 64].decode("utf-8", errors="replace").removeprefix("\ufeff")
    match = FRONT_MATTER.match(text)
    if not match:
        return None
    try:
        meta = load_front_matter(match.group(1) or "")
    except FrontMatterProblem:
        return None
    origin = meta.get("imported-from") if isinstance(meta, dict) else None
    return origin if isinstance(origin, str) else None


class ImportedIndex:
    """The journal's entries by origin and by body, read once per import (checking each file is then O(1))."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.by_origin: dict[str, Path] = {}
        self.by_body: dict[str, Path] = {}
        for entry in sorted(journal.entries_dir.rglob("*.md")):
            try:
                self.add(entry, entry.read_bytes())
            except OSError:
                continue

    def add(self, entry: Path, data: bytes) -> None:
        """Record ``entry`` (its bytes as written): the first entry of an origin or body wins."""
        origin = _origin_of(data)
        if origin is not None:
            self.by_origin.setdefault(origin, entry)
        key = _body_key(data)
        if key is not None:
            self.by_body.setdefault(key, entry)

    def find(self, data: bytes, source: Path) -> Path | None:
        """The entry this file was imported as before: same origin in its front matter, or the same body."""
        found = self.by_origin.get(str(source))
        if found is None and (key := _body_key(data)) is not None:
            found = self.by_body.get(key)
        return found


def _why(exc: DocumentError, source: Path) -> str:
    """An error about ``source`` without its path: ``line 3: broken front matter``."""
    text = str(exc).removeprefix(str(source))
    match = re.match(r":(\d+): ", text)
    return f"line {match.group(1)}: {text[match.end() :]}" if match else text.lstrip(": ")


def import_documents(
    journal: Journal, paths: list[Path], *, period: Period | None = None, dry_run: bool = False
) -> ImportReport:
    """Import the Markdown files under ``paths``; with ``dry_run`` only say what would happen."""
    from journal.progress import tracking
    from journal.session import writing
    from journal.transaction import nothing_written

    report = ImportReport()
    with nothing_written(dry_run), writing(journal, by="import", rescan=False, dry_run=dry_run) as session:
        importer = _Importer(journal, period)
        sources = find_markdown(paths)
        with tracking("Importing", len(sources)) as advance:
            for source in sources:
                advance(1)
                candidate = Candidate(source=source)
                report.candidates.append(candidate)
                prepared = importer.prepare(candidate)
                if prepared is None or dry_run:
                    continue
                target, new_data = prepared
                session.write_document(target, new_data)
        if not dry_run and report.imported:
            session.rescan()
    return report


class _Importer:
    """What one import has decided so far: the entries it plans to write, and those already there."""

    def __init__(self, journal: Journal, period: Period | None) -> None:
        self.journal = journal
        self.period = period
        self.entries = journal.entries_dir.resolve()
        self.planned: set[Path] = set()
        self.index = ImportedIndex(journal)

    def prepare(self, candidate: Candidate) -> tuple[Path, bytes] | None:
        """Where ``candidate`` goes and the bytes it is imported as; None when skipped (``candidate`` says why)."""
        source = candidate.source
        if source.is_relative_to(self.entries):
            candidate.skipped = "already in the journal"
            return None
        read = self._read(candidate)
        if read is None:
            return None
        document, period = read
        duplicate = self.index.find(document.data, source)
        if duplicate is not None:
            candidate.skipped = f"already imported as {self.journal.relative(duplicate)}"
            return None
        from journal.extract import extract_items

        title_match = TITLE.search(document.text)
        title = title_match.group(1).strip() if title_match else source.stem
        target, template = self._free_target(period, source, title)
        try:
            from journal.statuses import status_table

            settings = self.journal.settings
            words, statuses = settings.goal_words, status_table(settings.statuses)
            found = extract_items(document.text, document_period=period, goal_words=words, statuses=statuses)
            candidate.goals = len(found)
            # Built in a dry run too, so that it says what the import would do.
            new_data = with_front_matter(document.data, document.text, period, title, str(source), template)
        except DocumentError as exc:
            candidate.skipped = _why(exc, source)
            return None
        candidate.target = target
        self.planned.add(target)
        self.index.add(target, new_data)
        return target, new_data

    def _read(self, candidate: Candidate) -> tuple[Document, Period] | None:
        """The candidate's document and period (also set on it); None when it has none or is broken (it says why)."""
        settings = self.journal.settings
        try:
            document = read_document(candidate.source)
            front_matter(document)
            if self.period is not None:
                candidate.period, candidate.how = self.period, "--period"
            else:
                candidate.period, candidate.how = infer_period(
                    document.text, candidate.source, settings.default_kind, settings.fiscal_year_start
                )
        except ConflictMarkers:
            raise  # an unfinished merge is never imported: the whole import stops
        except DocumentError as exc:
            candidate.skipped = _why(exc, candidate.source)
            return None
        if candidate.period is None:
            candidate.skipped = candidate.how
            return None
        return document, candidate.period

    def _free_target(self, period: Period, source: Path, title: str) -> tuple[Path, str | None]:
        """Where the document goes, and the template it records (None: its kind's own).

        The period's own path (``[paths]``, else ``entries/<key>.md``); a report
        (its title says so), or a document whose own slot is taken, goes where
        `journal new --template report` writes (``entries/<key>-report.md``);
        when that is taken too, ``<key>-<source name>[-N].md``.
        """
        from journal.places import document_path
        from journal.templates import default_template_for

        def free(path: Path) -> bool:
            return not path.exists() and path not in self.planned and not self._period_has(path)

        own = document_path(self.journal, period, default_template_for(period.kind))
        is_report = re.search(r"\breport\b", title, re.IGNORECASE) is not None
        if not is_report and free(own):
            return own, None
        report = document_path(self.journal, period, "report")
        if free(report):
            return report, "report"
        base = f"{period.key}-{_slug(source.stem)}"
        target = own.parent / f"{base}.md"
        number = 2
        while not free(target):
            target = own.parent / f"{base}-{number}.md"
            number += 1
        return target, "report" if is_report else None

    def _period_has(self, path: Path) -> bool:
        """Whether a file of another case (``2025-Q1.md`` for ``2025-q1.md``) takes ``path``'s slot."""
        folder = path.parent
        try:
            return any(name.lower() == path.name.lower() for name in os.listdir(folder))
        except OSError:
            return False
