"""Quick capture: `journal add` writes a task line into a period's document; `journal note` annotates a goal.

Both change a document only by whole lines added, and only where the
extractor then finds exactly the goals it found before (plus the new task).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from journal.config import Journal
from journal.errors import UsageError
from journal.ledger import STATUS_MARKER, Goal, Status
from journal.periods import Period
from journal.scaffold import NewDocument
from journal.session import Session, writing
from journal.words import one_line

FALLBACK_SECTION = "Goals"  # the heading `add` creates in a document that has no goals section
ADD_STATUSES = (Status.OPEN.value, Status.IN_PROGRESS.value, Status.DONE.value, Status.DROPPED.value)
NOTE_PREFIX = "> Note"  # a note line below its item: "  > Note 2025-04-15: text" (a block quote is never a goal)
TASK_HEADING = re.compile(r"\btasks?\b", re.IGNORECASE)  # the daily template keeps its tasks under "## Tasks"
MAX_CAPTURE = 2000  # characters of a task or note: one line of text, not a document


@dataclass
class Added:
    """What `journal add` did."""

    goal: Goal
    path: Path
    section: str
    created_section: bool
    scaffolded: NewDocument | None = None  # what `new` wrote, when the period had no document
    lineage_id: str = ""  # the goal's id as shown (its lineage's: an earlier link's when sync linked it)


@dataclass
class Noted:
    """What `journal note` did: the goal, the dated note, and where it was written in the document (or why not)."""

    goal: Goal
    note: str
    written_at: int | None  # the 1-based line of the note in the goal's document
    not_written: str | None = None
    lineage_id: str = ""  # the goal's id as shown (its lineage's)


def one_line_text(text: str, what: str) -> str:
    """``text`` as one line of words; a UsageError when it is empty, several lines or too long."""
    if "\n" in text or "\r" in text:
        raise UsageError(f"the {what} is several lines", hint=f"a {what} is one line")
    words = text.strip()
    if not words:
        raise UsageError(f"the {what} is empty")
    if len(words) > MAX_CAPTURE:
        raise UsageError(f"the {what} is longer than {MAX_CAPTURE} characters")
    return words


def goals_heading(journal: Journal, text: str, period: Period, wanted: str | None) -> str | None:
    """The title of the heading a new task goes under.

    With ``wanted``: the first document-level heading containing it (any
    case). Else the first heading whose bullets are goals for ``period``
    itself ("Goals for Q1 2025", "Goals"; not "Q2 2025 Priorities"), or
    failing that the first heading named for tasks ("Tasks", as the daily
    template has it).
    """
    from journal.extract import _parser, _period_named_in, is_goal_heading

    tokens = _parser().parse(text)
    titles = [
        tokens[index + 1].content.strip()
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.level == 0
    ]
    if wanted is not None:
        return next((title for title in titles if wanted.casefold() in title.casefold()), None)
    for title in titles:
        if is_goal_heading(title, journal.settings.goal_words) and _period_named_in(title, period) in (
            None,
            period.key,
        ):
            return title
    return next((title for title in titles if TASK_HEADING.search(title)), None)


def add_task(
    journal: Journal, text: str, period: Period, *, section: str | None = None, status: str = Status.OPEN.value
) -> Added:
    """Write ``- [ ] text`` under ``period``'s goals section (scaffolding its document first if it has none).

    ``section``: under the first heading containing it instead (made at the
    end of the document if there is none). A document with no goals section
    gets a ``## Goals`` section at its end. Only that line (and a heading)
    is added; the new goal is recorded and returned.
    """
    from journal.scaffold import new_document, period_document

    words = one_line_text(text, "task")
    if status not in ADD_STATUSES:
        raise UsageError(f"cannot add a task as {status!r}", hint="one of " + ", ".join(ADD_STATUSES))
    scaffolded = None
    if period_document(journal, period) is None:
        scaffolded = new_document(journal, period)
    with writing(journal, by="add") as session:
        path = period_document(journal, period)
        if path is None:  # the template wrote it where period_document does not look
            raise UsageError(f"{period.label} has no document after scaffolding it")
        added = _add_line(session, path, period, words, section, status)
    added.scaffolded = scaffolded
    return added


def _add_line(session: Session, path: Path, period: Period, words: str, wanted: str | None, status: str) -> Added:
    """Insert the task line into the document at ``path`` and find the goal sync made of it."""
    from journal.documents import insert_in_section, read_document

    journal = session.journal
    source = journal.relative(path)
    document = read_document(path)
    heading = goals_heading(journal, document.text, period, wanted)
    created = heading is None
    title = heading if heading is not None else (wanted.strip() if wanted and wanted.strip() else FALLBACK_SECTION)
    before = {goal.id for goal in session.ledger.goals_of(source)}
    line = f"- [{STATUS_MARKER[status]}] {words}"
    session.write_document(path, insert_in_section(document.data, title, line), expected=document.data)
    session.sync_written(path)
    new = [g for g in session.ledger.goals_of(source) if g.id not in before and one_line(g.text) == one_line(words)]
    if len(new) != 1:
        # Nothing is written: the transaction puts the document back.
        raise UsageError(f"'{words}' would not be read back as one goal", hint="write it in the document yourself")
    lineage_id = session.ledger.lineage_id(new[0])
    return Added(goal=new[0], path=path, section=title, created_section=created, lineage_id=lineage_id)


def add_note(journal: Journal, goal_id: str, text: str) -> Noted:
    """Add a dated note to a goal (its latest link): in the ledger, and below its item in its document."""
    words = one_line_text(text, "note")
    with writing(journal, by="note") as session:
        goal = session.ledger.latest(session.ledger.resolve(goal_id))
        noted = note_goal(session, goal, words)
        noted.lineage_id = session.ledger.lineage_id(goal)
        return noted


def note_goal(session: Session, goal: Goal, words: str) -> Noted:
    """Record ``words`` as today's note of ``goal`` in the ledger, and write it below the goal's item if it can."""
    from journal.clock import today

    dated = f"{today().isoformat()}: {words}"
    session.update(goal, {"note": f"{goal.note}\n{dated}" if goal.note else dated})
    if goal.status == Status.REMOVED:
        return Noted(goal, dated, None, "the goal is no longer in a document")
    path = session.journal.root / goal.source
    line, why = _write_note_line(session, path, goal, dated)
    return Noted(goal, dated, line, why)


def _write_note_line(session: Session, path: Path, goal: Goal, dated: str) -> tuple[int | None, str | None]:
    """Insert ``> Note DATE: text`` below the goal's item; (its line, None), or (None, why it was not)."""
    from journal.documents import insert_lines, read_document

    document = read_document(path)
    place = note_place(document.text, goal.line)
    if place is None:
        return None, f"{goal.source}:{goal.line} has no place for a note line"
    after, indent = place
    data = insert_lines(document.data, after, [f"{indent}{NOTE_PREFIX} {dated}"])
    if not _same_goals(session, document.data, data, after):
        return None, f"a note line below {goal.source}:{goal.line} would change the goals found there"
    session.write_document(path, data, expected=document.data)
    session.sync_written(path)
    return after + 1, None


_SIMPLE_ITEM = re.compile(r"^( {0,12})([-*+]|\d{1,9}[.)])( {1,4})(?=\S)")


def note_place(text: str, line: int) -> tuple[int, str] | None:
    """Where a note line goes for the item starting on 1-based ``line``: (the line it follows, its indent).

    After the item's first paragraph and the notes already below it, indented
    to the item's content, so that it belongs to the item. None when the item
    is not a plain one-marker item, or the line after is neither blank, an
    item, a heading nor the end (a note there could join other text).
    """
    from journal.extract import _parser

    lines = re.split(r"\r\n|\r|\n", text)
    if not 1 <= line <= len(lines):
        return None
    match = _SIMPLE_ITEM.match(lines[line - 1])
    if match is None:
        return None
    tokens = _parser().parse(text)
    end = None
    for index, token in enumerate(tokens[:-1]):
        if token.type == "list_item_open" and token.map and token.map[0] == line - 1:
            following = tokens[index + 1]
            if following.type == "paragraph_open" and following.map:
                end = following.map[1]  # 0-based, exclusive: the 1-based number of its last line
            break
    if end is None:
        return None
    indent = " " * match.end()
    note_start = indent + NOTE_PREFIX
    while end < len(lines) and lines[end].startswith(note_start):
        end += 1
    after = lines[end] if end < len(lines) else ""
    if after.strip() and not re.match(r"[ \t]*([-*+]|\d{1,9}[.)])([ \t]|$)|#{1,6}([ \t]|$)", after):
        return None
    return end, indent


def _same_goals(session: Session, old: bytes, new: bytes, after: int) -> bool:
    """Whether ``new`` (``old`` with one line inserted after line ``after``) holds exactly the same items."""
    from journal.extract import extract_items

    words = session.journal.settings.goal_words

    def items(data: bytes) -> list[tuple]:
        found = extract_items(data.decode("utf-8").removeprefix("\ufeff"), goal_words=words)
        return [(i.line, i.text, i.kind, i.status, i.section, i.target) for i in found]

    shifted = [(n + 1 if n > after else n, *rest) for n, *rest in items(old)]
    return items(new) == shifted
