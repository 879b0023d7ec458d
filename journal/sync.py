"""Documents <-> ledger reconciliation, and the status changes that touch both.

Sync reads only the documents whose size, mtime or content hash changed since
the last sync, extracts their goals and matches them (``journal.matching``) to
the goals the ledger already holds for that document, so a goal keeps its id
when lines move or its wording is lightly edited. A goal that vanished from
its document is kept as ``removed``. A status changed in a document wins over
the ledger.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.atomic import remove_leftovers
from journal.config import Journal, settings_key
from journal.errors import DocumentError
from journal.ledger import (
    OPEN_STATUSES,
    Cache,
    Goal,
    Ledger,
    Status,
    ledger_cached,
    load_ledger,
    new_goal_id,
    now,
)
from journal.statuses import recorded_marker
from journal.sync_check import scan_documents  # noqa: F401 - its old home: callers import it from here

TARGET_FIELDS = ("target_value", "unit", "direction", "cadence")  # journal.targets' fields, read from the text

if TYPE_CHECKING:
    from journal.extract import Item
    from journal.ledger import LedgerWrites
    from journal.periods import Period


class SyncReport:
    """What a sync changed: the documents parsed; the goals added, changed (goal, what changed) and removed; the
    documents skipped (document, why); the task lines each document holds that were not taken (document ->
    (line, why): `journal sync` says so). A plain class (a sync imports this module; dataclasses is dear)."""

    _FIELDS = ("parsed", "added", "changed", "removed", "skipped", "not_taken")

    def __init__(
        self,
        parsed: list[str] | None = None,
        added: list[Goal] | None = None,
        changed: list[tuple[Goal, str]] | None = None,
        removed: list[Goal] | None = None,
        skipped: list[tuple[str, str]] | None = None,
        not_taken: dict[str, list[tuple[int, str]]] | None = None,
    ) -> None:
        self.parsed = [] if parsed is None else parsed
        self.added = [] if added is None else added
        self.changed = [] if changed is None else changed
        self.removed = [] if removed is None else removed
        self.skipped = [] if skipped is None else skipped
        self.not_taken = {} if not_taken is None else not_taken

    def _fields(self) -> tuple:
        return tuple(getattr(self, name) for name in self._FIELDS)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._fields() == other._fields()  # type: ignore[attr-defined]
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(self._FIELDS, self._fields(), strict=True))
        return f"SyncReport({shown})"

    @property
    def nothing(self) -> bool:
        return not (self.added or self.changed or self.removed)


def document_period(journal: Journal, path: Path, text: str | None = None) -> Period | None:
    """A document's period: from its path (a ``[paths]`` pattern, else its file name), else its front matter."""
    from journal.periods import PeriodError, parse_period
    from journal.places import named_period

    fiscal = journal.settings.fiscal_year_start
    named = named_period(journal, path)
    if named is not None:
        return named[0]
    if text is None:
        return None
    from journal.documents import Document, shorten
    from journal.front_matter import front_matter

    meta = front_matter(Document(path=path, data=b"", text=text))
    value = meta.get("period")
    if value is None:
        return None
    try:
        return parse_period(str(value), fiscal_year_start=fiscal)
    except PeriodError:
        raise DocumentError(f"{path}: front matter period {shorten(value)!r} is not a period") from None


def _status_before_removal(goal: Goal) -> str:
    for entry in reversed(goal.history):
        status = entry.get("status")
        if status and status != "removed":
            return status
    return "open"


def target_fields(text: str) -> dict[str, Any]:
    """``journal.targets.target_fields``, imported only for a text with a digit (no digit, no target)."""
    if not any(c.isdigit() for c in text):
        return dict.fromkeys(TARGET_FIELDS)
    from journal.targets import target_fields as read

    return read(text)


def _changes(
    item: Item, goal: Goal, when: str, *, lives_on: bool = False, attributes: dict[str, Any] | None = None
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """What the document's ``item`` changes in its ledger ``goal``: fields, and a history entry for a new status.

    ``attributes`` are the ledger fields read from the item's words (``journal.attributes``).

    On a link that lives on in a later line (``lives_on``), only a decision
    (done, dropped) is a new status: the line may keep its old marker.
    """
    fields: dict[str, Any] = {}
    attributes = attributes or {}
    for name in ("text", "line", "section", "kind", "target"):
        if getattr(item, name) != getattr(goal, name):
            fields[name] = getattr(item, name)
    if "text" in fields or goal.direction is None:  # a ledger from before targets were read gets them too
        fields.update({k: v for k, v in target_fields(item.text).items() if v != getattr(goal, k)})
    if recorded_marker(item.status, item.marker) != goal.marker:
        fields["marker"] = recorded_marker(item.status, item.marker)
    for name, value in attributes.items():
        if value != getattr(goal, name):
            fields[name] = value if value != [] else None  # no tags: the line goes
    history = None
    if goal.status == Status.REMOVED:
        status = item.status if item.kind == "checkbox" else _status_before_removal(goal)
        history = {"at": when, "status": status, "from": Status.REMOVED.value, "by": "document"}
    elif item.kind == "checkbox":
        status = Status.CARRIED.value if lives_on and item.status in OPEN_STATUSES else item.status
        if status != goal.status:
            history = {"at": when, "status": status, "from": goal.status, "by": "document"}
    if history is not None:
        fields["status"] = history["status"]
        if goal.marker is not None:
            history["from_marker"] = goal.marker  # what `reopen` may put back
    return fields, history


def reconcile_document(
    writes: LedgerWrites, source: str, period: Period, items: list[Item], report: SyncReport, when: str
) -> None:
    """Bring the ledger's goals for one document in line with the items found in it."""
    from journal.attributes import read_attributes
    from journal.carry_links import dating_period
    from journal.matching import match_goals

    ledger = writes.ledger
    fiscal = writes.journal.settings.fiscal_year_start

    def attributes_of(item: Item, goal: Goal | None = None) -> dict[str, Any]:
        dated_from = dating_period(ledger, goal) if goal is not None and goal.carried_from else None
        return read_attributes(item.text, dated_from or item.target or period.key, fiscal).fields()

    pairs, new_items, vanished = match_goals(items, ledger.goals_of(source))
    for item, goal in pairs:
        attributes = attributes_of(item, goal)
        fields, history = _changes(item, goal, when, lives_on=ledger.lives_on(goal), attributes=attributes)
        if not fields:
            continue
        quiet = {"line", *TARGET_FIELDS}  # a target follows the text: its change is the text's
        if set(fields) - quiet:
            fields["updated"] = when
        what = ", ".join(sorted(set(fields) - {"updated", *TARGET_FIELDS}))
        writes.update(goal, fields, history)
        if set(fields) - quiet - {"updated"}:
            report.changed.append((goal, what))
    for item in new_items:
        goal = Goal(
            id=new_goal_id(source, item.text, ledger.goals),
            document_period=period.key,
            text=item.text,
            status=item.status,
            kind=item.kind,
            source=source,
            line=item.line,
            section=item.section,
            target=item.target,
            created=when,
            updated=when,
            history=[{"at": when, "status": item.status, "by": "document"}],
            marker=recorded_marker(item.status, item.marker),
            **attributes_of(item),
            **target_fields(item.text),
        )
        writes.add(goal)
        report.added.append(goal)
    for goal in vanished:
        if goal.status == Status.REMOVED:
            continue
        writes.update(
            goal,
            {"status": Status.REMOVED.value, "updated": when},
            {"at": when, "status": Status.REMOVED.value, "from": goal.status, "by": "document"},
        )
        report.removed.append(goal)


def sync_journal(
    journal: Journal,
    *,
    full: bool = False,
    cache: Cache | None = None,
    write: bool = True,
    need_ledger: bool = True,
    lazy: bool = False,
) -> tuple[Ledger | None, SyncReport]:
    """Reconcile every changed document with the ledger; with ``full``, every document.

    A document is read again only when its stat differs from the cache's, and
    parsed only when its content differs from what the ledger last synced.
    The journal's lock is taken only when something must be written. With
    ``write=False`` the ledger returned is what a sync would make and nothing
    is written; with ``need_ledger=False`` a sync that changes nothing
    returns no ledger (and reads none); with ``lazy`` the ledger returned
    decodes its goals file by file as they are used (for a command that
    needs few).
    """
    from journal import prescan

    kept = prescan.take(journal) if cache is None and not full else None
    if kept is not None:
        cache, documents, links = kept  # the console script's look, a moment ago (journal.prescan)
    else:
        cache = cache if cache is not None else Cache(journal)
        links = []
        documents = scan_documents(journal, links)
    if cache.settings != settings_key(journal):
        # The goal words changed: every document reads differently (its recorded hash changed too).
        cache.forget_documents(settings_key(journal))
    report = SyncReport(
        skipped=[(name, "a symbolic link: journal reads only files inside the journal") for name in links]
    )
    todo = list(documents) if full else cache.stale_documents(documents)
    if not todo and not any(name not in documents for name in cache.documents):
        as_cached = ledger_cached(journal, cache)
        ledger = load_ledger(journal, cache, lazy=lazy) if need_ledger or not as_cached else None
        # A ledger file changed by hand: a document whose hash it no longer records is read again (under the lock;
        # in memory for a command that only reads, as `status`, so it answers as with no cache).
        unsynced = [] if as_cached else _unsynced(cache, ledger, documents)
        if not unsynced:
            if write:
                cache.save()
            return ledger, report
        if not write:
            _sync_locked(journal, ledger, cache, documents, unsynced, report, full=full, write=False)
            return ledger, report
    if not write:
        ledger = load_ledger(journal, cache, lazy=lazy)
        _sync_locked(journal, ledger, cache, documents, todo, report, full=full, write=False)
        return ledger, report
    from journal.session import writing

    looked = documents if kept is not None else None
    with writing(journal, by="sync", rescan=False, cache=cache) as session:
        resync(session.journal, session.ledger, cache, report, full=full, writes=session.writes, looked=looked)
    return session.ledger, report


def nothing_to_sync(journal: Journal, cache: Cache | None = None, *, keep: bool = False) -> bool:
    """Whether ``sync_journal`` would read nothing, write nothing and report nothing (checked without the lock).

    True when the goal words are the cache's, no document is new, changed,
    gone or a symbolic link, every ledger file is cached as it is (so a hand
    edit, even a broken one, is not passed over) and the cache needs no update.
    With ``keep`` (the console script), a look that finds something to sync is
    kept for the command that then runs (``journal.prescan``).
    """
    from journal.ledger import stat_key

    cache = cache if cache is not None else Cache(journal)
    if cache.settings != settings_key(journal):
        return False
    links: list[str] = []
    documents = scan_documents(journal, links)
    if keep:
        from journal import prescan

        prescan.keep(journal, cache, documents, links)  # used only if this returns False
    if links or len(documents) != len(cache.documents):
        return False  # a link to report, or a document new or gone
    try:
        # As cache.document_sha, without a call per document: this is all the command does.
        if any(cache.documents[name][0] != stat_key(stat) for name, stat in documents.items()):
            return False
    except (KeyError, TypeError, IndexError):
        return False  # a document the cache does not hold, or an entry of the wrong shape
    return ledger_cached(journal, cache) and not cache.dirty


def resync(
    journal: Journal,
    ledger: Ledger,
    cache: Cache,
    report: SyncReport,
    *,
    full: bool,
    writes: LedgerWrites,
    looked: dict[str, os.stat_result] | None = None,
) -> None:
    """Under the lock, reconcile the documents that changed on disk; the changes join ``writes``.

    ``looked``: the documents as the console script's look found them before the lock (``journal.prescan``),
    used when no other command saved the cache since that look read it.
    """
    # Look again: another command may have written documents and goals since the caller last looked. A command
    # that wrote a document saved the cache after it; when the cache file is still the one the look read, the
    # look already saw every document a command wrote (a document an editor saves meanwhile is the next sync's).
    documents = looked if looked is not None and cache.unchanged_since_loaded() else scan_documents(journal)
    todo = list(documents) if full else _unsynced(cache, ledger, documents)
    _sync_locked(journal, ledger, cache, documents, todo, report, full=full, writes=writes)
    listed = getattr(documents, "leftovers", {})  # the folders the documents' scan listed (journal.sync_check.Scan)
    for folder in _written_folders(journal, documents):
        remove_leftovers(folder, names=listed.get(str(folder)))


def _unsynced(cache: Cache, ledger: Ledger, documents: dict[str, os.stat_result]) -> list[str]:
    """The documents to read again: changed since the cache saw them, or whose hash no ledger file records (a
    ledger file deleted or replaced by hand: its goals come back from the document)."""
    return cache.stale_documents(documents, ledger.documents)


def _written_folders(journal: Journal, documents: dict[str, os.stat_result]) -> set[Path]:
    """Every folder journal writes files in: where a killed command may have left a temporary file. The documents'
    own folders (subfolders of entries, a vault's folders) and the review records' too."""
    from journal.ledger.goal_shards import FOLDER
    from journal.prose_store import records_folder
    from journal.reviews import reviews_dir

    folders = {journal.entries_dir, journal.ledger_dir, reviews_dir(journal), journal.state_dir}
    folders.add(records_folder(journal))  # .journal/prose/
    folders.add(journal.state_dir / FOLDER)  # .journal/goals/: the cache's goal shards (journal.ledger.goal_shards)
    folders.update(journal.root / folder for folder in {name.rpartition("/")[0] for name in documents})
    return folders


def _sync_locked(
    journal: Journal,
    ledger: Ledger,
    cache: Cache,
    documents: dict[str, os.stat_result],
    todo: list[str],
    report: SyncReport,
    *,
    full: bool = False,
    write: bool = True,
    all_documents: bool = True,
    by: str = "sync",
    writes: LedgerWrites | None = None,
) -> None:
    """Reconcile the documents ``todo`` (and the ledger's documents now gone); save unless ``writes`` is given.

    With ``writes`` (a session's), the changes join its pending writes.
    """
    when = now().isoformat()
    own_writes = writes is None
    if writes is None:
        from journal.ledger import LedgerWrites

        writes = LedgerWrites(journal, ledger, cache)
    to_parse = _changed_documents(journal, ledger, cache, documents, todo, report, full=full)
    from journal.lineage_merge import old_link_decisions, settle_synced

    merged_decisions = old_link_decisions(ledger, [name for name, *_rest in to_parse])
    from journal.prose_store import extract_documents  # a document edited only in its prose is not parsed

    found = extract_documents(journal, to_parse, full=full, keep=write)
    for (name, _text, period, digest), result in zip(to_parse, found, strict=True):
        if isinstance(result, DocumentError):
            raise type(result)(f"{journal.root / name}: {result}")  # its class, and so its exit code, kept
        items, unchangeable, not_taken = result
        report.skipped.extend((f"{name}:{line}", why) for line, why in unchangeable)
        if not_taken:
            report.not_taken[name] = not_taken
        reconcile_document(writes, name, period, items, report, when)
        writes.set_document_hash(name, period.key, digest)
        writes.document_written(name, documents[name], digest)
        report.parsed.append(name)
    known = ledger.sources() | set(ledger.documents) if all_documents else set()
    for name in sorted(known - set(documents)):
        live = [g for g in ledger.goals_of(name) if g.status != Status.REMOVED]
        if live:
            reconcile_document(writes, name, _period_or_none(journal, name), [], report, when)
        if name in ledger.documents:
            writes.set_document_hash(name, None, None)
    for name in [name for name in cache.documents if name not in documents]:
        cache.forget_document(name)  # gone from disk: an entry left would send every command down this path
    if report.added:
        from journal.carry_links import link_carried_goals  # its identity words need journal.attributes
        from journal.lineage_restore import restore_links

        restore_links(writes, report.added, when)  # a ledger file deleted by hand: its links, from the others
        link_carried_goals(writes, report.added, by)
    settle_synced(journal, writes, report, merged_decisions, when, write=write)
    if write and own_writes:
        writes.save()


def _changed_documents(
    journal: Journal,
    ledger: Ledger,
    cache: Cache,
    documents: dict[str, os.stat_result],
    todo: list[str],
    report: SyncReport,
    *,
    full: bool,
) -> list[tuple[str, str, Period, str]]:
    """The documents of ``todo`` whose content changed since synced, as (name, text, period, digest)."""
    from journal.documents import content_hash
    from journal.places import read_if_document

    to_parse: list[tuple[str, str, Period, str]] = []
    for name in sorted(todo):
        path = journal.root / name
        document = read_if_document(journal, path)
        if document is None:  # an unreadable note that names no period: not the journal's, not read again
            cache.set_document_entry(name, documents[name], NOT_A_DOCUMENT)
            continue
        digest = content_hash(journal, document.data)
        if not full and ledger.documents.get(name) == digest:
            cache.set_document_entry(name, documents[name], digest)  # touched, not changed
            continue
        if document.text.startswith("---"):
            from journal.front_matter import front_matter

            front_matter(document)  # broken front matter is an error before anything is written
        period = document_period(journal, path, document.text)
        if period is None:
            # Not a journal document (a note of its own): left alone, and not read again until it changes.
            cache.set_document_entry(name, documents[name], NOT_A_DOCUMENT)
            continue
        to_parse.append((name, document.text, period, digest))
    return to_parse


def sync_written(
    journal: Journal,
    ledger: Ledger,
    cache: Cache,
    names: list[str],
    *,
    by: str,
    writes: LedgerWrites | None = None,
) -> SyncReport:
    """Reconcile documents this command has just written with the ledger in memory; with the lock held.

    With ``writes`` (a session's) the ledger changes join them; else they are saved at once.
    """
    documents = {name: os.stat(journal.root / name) for name in names}
    report = SyncReport()
    _sync_locked(journal, ledger, cache, documents, list(names), report, all_documents=False, by=by, writes=writes)
    return report


NOT_A_DOCUMENT = ""  # the cache's hash for a Markdown file that names no period

def _period_or_none(journal: Journal, name: str):
    from journal.places import named_period

    named = named_period(journal, journal.root / name)
    return named[0] if named else None
