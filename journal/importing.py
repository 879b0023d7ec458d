"""Bringing existing Markdown documents into a journal.

Each document's period is inferred, in order, from its front matter
(``period:``), its file name (``2024-Q4.md``, ``q4-2024-reflection.md``,
``2025-01-05.md``, ``2025-W03.md``), its title (``# Q4 2024 Reflection``) and a
date line (``**Date**: 2025-01-05``, "Report generated on 2025-12-31"). A
document whose period cannot be inferred is skipped, never guessed. The body
is kept byte for byte; front matter (period, title, imported-from) is added.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from journal.config import Journal
from journal.documents import (
    FRONT_MATTER,
    MAX_FRONT_MATTER,
    ConflictMarkers,
    Document,
    FrontMatterProblem,
    front_matter,
    load_front_matter,
    meant_as_front_matter,
    newline_of,
    read_document,
)
from journal.errors import DocumentError, PeriodError, UsageError
from journal.periods import Period, find_period_in_text, parse_period, period_of

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
        return period_of(day, kind, fiscal_year_start), "the date in the file name"
    named = find_period_in_text(re.sub(r"[_.]+", " ", stem), fiscal_year_start=fiscal_year_start)
    if named is not None:
        return named, "the file name"
    body = text[match.end() :] if match else text
    title = TITLE.search(body)
    if title:
        named = find_period_in_text(title.group(1), fiscal_year_start=fiscal_year_start)
        if named is not None:
            return named, "the title"
    line = DATE_LINE.search(body)
    if line and (day := _date(*(line.group(1) or line.group(2)).split("-"))):
        return period_of(day, kind, fiscal_year_start), "a date line"
    return None, "no period in its front matter, file name, title or a date line"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "imported"


# Escaped in a quoted YAML string: what YAML does not allow (DEL, C1 controls, non-characters), a stray BOM,
# and the line breaks YAML folds into spaces (NEL, U+2028, U+2029).
NOT_YAML_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _yaml_string(text: str) -> str:
    """``text`` as a double-quoted YAML string (JSON's escapes, which YAML shares, plus non-printable characters)."""
    import json

    return NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def _field_lines(fields: dict[str, str], newline: str) -> str:
    """``key: value`` lines for the fields journal adds: the period key as it is, the others quoted."""
    return "".join(
        f"{key}: {value if key == 'period' else _yaml_string(value)}{newline}" for key, value in fields.items()
    )


def _dump(fields: dict, newline: str) -> str:
    """A whole front matter block written by YAML."""
    import yaml

    text = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, default_flow_style=False, width=2**31 - 1)
    return text.replace("\n", newline)


def _reads_back_as(block: str, expected: dict) -> bool:
    """Whether front matter text ``block`` parses back to exactly ``expected`` (a period as its key)."""
    try:
        found = load_front_matter(block)
    except FrontMatterProblem:
        return False
    if not isinstance(found, dict):
        return False
    found = {k: str(v) if k == "period" else v for k, v in found.items()}
    expected = {k: str(v) if k == "period" else v for k, v in expected.items()}
    return found == expected or repr(found) == repr(expected)


def with_front_matter(data: bytes, text: str, period: Period, title: str, origin: str) -> bytes:
    """The document with period, title and imported-from front matter; its own bytes follow unchanged.

    Existing front matter keeps its lines, the missing fields written above
    them; when that would not read back as the same values (a flow mapping),
    the whole block is written again by YAML. Front matter that cannot be
    written so that it reads back is a DocumentError. Nothing after the front
    matter changes.
    """
    newline = newline_of(data).decode()
    fields = {"period": period.key, "title": title, "imported-from": origin}
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text.removeprefix("\ufeff")
    match = FRONT_MATTER.match(body)
    if match and (meant_as_front_matter(match.group(1) or "") or not (match.group(1) or "").strip()):
        existing = match.group(1) or ""
        try:
            meta = load_front_matter(existing) or {}
        except FrontMatterProblem as exc:
            raise DocumentError(f"broken front matter: {exc.problem}") from None
        if not isinstance(meta, dict):
            raise DocumentError("broken front matter: expected key: value lines")
        added = {key: value for key, value in fields.items() if key not in meta}
        expected = {**added, **meta}
        block = _field_lines(added, newline) + existing
        if not _reads_back_as(block, expected):
            block = _dump(expected, newline)
            if not _reads_back_as(block, expected):
                raise DocumentError("its front matter cannot be written back so that it reads the same")
        first_line_end = body.index("\n") + 1
        closing_at = match.end(1) if match.group(1) is not None else first_line_end
        # The closing '---' line and everything after it are the source's own bytes.
        rest = data[len((bom + body[:closing_at]).encode("utf-8")) :]
        return (bom + body[:first_line_end] + block).encode("utf-8") + rest
    block = _field_lines(fields, newline)
    if not _reads_back_as(block, fields):
        raise DocumentError("its title or path cannot be written as front matter that reads back the same")
    header = "---" + newline + block + "---" + newline
    return bom.encode("utf-8") + header.encode("utf-8") + data[len(bom.encode("utf-8")) :]


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
    from journal.session import writing

    report = ImportReport()
    entries = journal.entries_dir.resolve()
    with writing(journal, by="import", rescan=False, dry_run=dry_run) as session:
        planned: set[Path] = set()
        index = ImportedIndex(journal)
        for source in find_markdown(paths):
            candidate = Candidate(source=source)
            report.candidates.append(candidate)
            if source.is_relative_to(entries):
                candidate.skipped = "already in the journal"
                continue
            new_data = _prepare(journal, candidate, index, planned, period)
            if new_data is None or candidate.target is None:
                continue
            planned.add(candidate.target)
            index.add(candidate.target, new_data)
            if not dry_run:
                session.write_document(candidate.target, new_data)
        if not dry_run and report.imported:
            session.rescan()
    return report


def _target_for(journal: Journal, candidate: Candidate, planned: set[Path]) -> Path:
    """``entries/<period>.md``, else ``entries/<period>-<slug>.md`` (numbered) when that is taken."""
    assert candidate.period is not None
    target = journal.entries_dir / f"{candidate.period.key}.md"
    if target.exists() or target in planned:
        base = f"{candidate.period.key}-{_slug(candidate.source.stem)}"
        target = journal.entries_dir / f"{base}.md"
        number = 2
        while target.exists() or target in planned:
            target = journal.entries_dir / f"{base}-{number}.md"
            number += 1
    return target


def _prepare(
    journal: Journal, candidate: Candidate, index: ImportedIndex, planned: set[Path], period: Period | None
) -> bytes | None:
    """The bytes ``candidate`` would be imported as (its target set), or None with ``candidate.skipped`` saying why."""
    from journal.extract import extract_items

    settings = journal.settings
    source = candidate.source
    try:
        document = read_document(source)
        front_matter(document)
        if period is not None:
            candidate.period, candidate.how = period, "--period"
        else:
            candidate.period, candidate.how = infer_period(
                document.text, source, settings.default_kind, settings.fiscal_year_start
            )
    except ConflictMarkers:
        raise  # an unfinished merge is never imported: the whole import stops
    except DocumentError as exc:
        candidate.skipped = _why(exc, source)
        return None
    if candidate.period is None:
        candidate.skipped = candidate.how
        return None
    duplicate = index.find(document.data, source)
    if duplicate is not None:
        candidate.skipped = f"already imported as {journal.relative(duplicate)}"
        return None
    target = _target_for(journal, candidate, planned)
    title_match = TITLE.search(document.text)
    title = title_match.group(1).strip() if title_match else source.stem
    try:
        candidate.goals = len(
            extract_items(document.text, document_period=candidate.period, goal_words=settings.goal_words)
        )
        # Built in a dry run too, so that it says what the import would do.
        new_data = with_front_matter(document.data, document.text, candidate.period, title, str(source))
    except DocumentError as exc:
        candidate.skipped = _why(exc, source)
        return None
    candidate.target = target
    return new_data
