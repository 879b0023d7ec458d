"""Documents <-> ledger reconciliation, and the status changes that touch both.

Sync reads only the documents whose size, mtime or content hash changed since
the last sync, extracts their goals and matches them to the goals the ledger
already holds for that document: first by identical text (nearest line wins),
then an edited line by similar text between the same unchanged neighbours, so
a goal keeps its id when lines move or its wording is lightly edited, and a
deleted line never hands its id to an edited neighbour (a tie gives a new id).
A goal that vanished from its document is kept as ``removed``. A status
changed in a document wins over the ledger.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.atomic import journal_lock, make_private_dir, remove_leftovers
from journal.config import Journal
from journal.errors import DocumentError, GoalNotFound, LedgerError
from journal.ledger import Cache, Goal, Ledger, LedgerFileEdit, ledger_cached, load_ledger, new_goal_id, now

if TYPE_CHECKING:
    from journal.extract import Item
    from journal.periods import Period

SIMILAR_ENOUGH = 0.6
FUZZY_LIMIT = 400  # beyond this many unmatched goals in one document, only exact matches are tried


@dataclass
class SyncReport:
    """What a sync changed."""

    parsed: list[str] = field(default_factory=list)
    added: list[Goal] = field(default_factory=list)
    changed: list[tuple[Goal, str]] = field(default_factory=list)  # goal, what changed
    removed: list[Goal] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # document, why

    @property
    def nothing(self) -> bool:
        return not (self.added or self.changed or self.removed)


def scan_documents(journal: Journal, links: list[str] | None = None) -> dict[str, os.stat_result]:
    """Every Markdown document under ``entries/`` (recursively), by path relative to the journal.

    Symbolic links are not followed (a link could lead out of the journal);
    their names are added to ``links``.
    """
    root = str(journal.root)
    cut = len(root) + 1
    found: dict[str, os.stat_result] = {}
    stack = [os.path.join(root, "entries")]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if entry.is_symlink():
                if links is not None and (name.endswith(".md") or entry.is_dir()):
                    links.append(entry.path[cut:].replace(os.sep, "/"))
            elif name.endswith(".md") and entry.is_file(follow_symlinks=False):
                found[entry.path[cut:].replace(os.sep, "/")] = entry.stat()
            elif entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
    return found


def document_period(journal: Journal, path: Path, text: str | None = None) -> Period | None:
    """A document's period: from its file name (``2025-q1.md``, ``2025-q4-report.md``), else its front matter."""
    from journal.periods import PeriodError, parse_period, period_from_filename

    fiscal = journal.settings.fiscal_year_start
    named = period_from_filename(path.stem, fiscal)
    if named is not None:
        return named[0]
    if text is None:
        return None
    from journal.documents import Document, front_matter, shorten

    meta = front_matter(Document(path=path, data=b"", text=text))
    value = meta.get("period")
    if value is None:
        return None
    try:
        return parse_period(str(value), fiscal_year_start=fiscal)
    except PeriodError:
        raise DocumentError(f"{path}: front matter period {shorten(value)!r} is not a period") from None


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def match_goals(items: list[Item], goals: list[Goal]) -> tuple[list[tuple[Item, Goal]], list[Item], list[Goal]]:
    """Pair a document's items with the ledger's goals for it: (pairs, new items, vanished goals).

    Identical text first (nearest line wins). Then a live goal whose line was
    edited: the candidate between the same unchanged neighbours, with the most
    similar text, then the same status. When the evidence is a tie (two goals
    as likely as each other), neither is taken: the item gets a new id rather
    than another goal's history.
    """
    pairs: list[tuple[Item, Goal]] = []
    by_text: dict[str, list[Goal]] = defaultdict(list)
    for goal in goals:
        by_text[_normal(goal.text)].append(goal)
    items_by_text: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        items_by_text[_normal(item.text)].append(item)
    unmatched_items: list[Item] = []
    for text, group in items_by_text.items():
        candidates = by_text.get(text, [])
        live = sorted((g for g in candidates if g.status != "removed"), key=lambda g: g.line)
        if len(live) == len(group) > 1:
            # The same words several times: lines keep their order when others are inserted above.
            pairs.extend(zip(group, live, strict=True))
            for goal in live:
                candidates.remove(goal)
            continue
        for item in group:
            if candidates:
                best = min(candidates, key=lambda g: (g.status == "removed", abs(g.line - item.line)))
                candidates.remove(best)
                pairs.append((item, best))
            else:
                unmatched_items.append(item)
    unmatched_items.sort(key=lambda item: item.line)
    unmatched_goals = [goal for group in by_text.values() for goal in group]
    # A removed goal comes back only with its very words: a similar new line is a new goal.
    live_goals = [goal for goal in unmatched_goals if goal.status != "removed"]
    if unmatched_items and live_goals and len(unmatched_items) * len(live_goals) <= FUZZY_LIMIT**2 // 4:
        taken = _match_edited(unmatched_items, live_goals, pairs)
        pairs.extend(taken)
        used_items = {id(item) for item, _goal in taken}
        used_goals = {id(goal) for _item, goal in taken}
        unmatched_items = [item for item in unmatched_items if id(item) not in used_items]
        unmatched_goals = [goal for goal in unmatched_goals if id(goal) not in used_goals]
    pairs.sort(key=lambda pair: pair[0].line)
    return pairs, unmatched_items, unmatched_goals


def _gaps(anchors: list[tuple[Item, Goal]]) -> tuple[list[int], list[int]]:
    """The item lines and goal lines of the unchanged lines that kept their order (the longest such run).

    An edited line sits between the same two of these before and after the
    edit: its gap is the number of them above it.
    """
    points = sorted((item.line, goal.line) for item, goal in anchors if goal.status != "removed")
    # Longest run increasing in both lines (patience sorting): a line moved elsewhere is not a landmark.
    tails: list[int] = []  # index into points of the smallest tail of each run length
    tail_lines: list[int] = []  # their goal lines
    before: list[int] = [-1] * len(points)
    for index, (_item_line, goal_line) in enumerate(points):
        length = bisect_left(tail_lines, goal_line)
        if length > 0:
            before[index] = tails[length - 1]
        if length == len(tails):
            tails.append(index)
            tail_lines.append(goal_line)
        else:
            tails[length] = index
            tail_lines[length] = goal_line
    run: list[tuple[int, int]] = []
    at = tails[-1] if tails else -1
    while at >= 0:
        run.append(points[at])
        at = before[at]
    run.reverse()
    return [item_line for item_line, _ in run], [goal_line for _, goal_line in run]


def _match_edited(items: list[Item], goals: list[Goal], anchors: list[tuple[Item, Goal]]) -> list[tuple[Item, Goal]]:
    """Pair edited lines with the live goals they were, best evidence first; a tie pairs nothing."""
    from difflib import SequenceMatcher

    item_marks, goal_marks = _gaps(anchors)
    item_gap = [bisect_left(item_marks, item.line) for item in items]
    goal_gap = [bisect_left(goal_marks, goal.line) for goal in goals]
    scored: list[tuple[tuple[bool, float, bool], int, int]] = []
    for item_index, item in enumerate(items):
        matcher = SequenceMatcher(None, b=_normal(item.text))
        for goal_index, goal in enumerate(goals):
            matcher.set_seq1(_normal(goal.text))
            if matcher.real_quick_ratio() < SIMILAR_ENOUGH or matcher.quick_ratio() < SIMILAR_ENOUGH:
                continue
            ratio = matcher.ratio()
            if ratio >= SIMILAR_ENOUGH:
                key = (item_gap[item_index] == goal_gap[goal_index], round(ratio, 9), item.status == goal.status)
                scored.append((key, item_index, goal_index))
    scored.sort(key=lambda entry: (entry[0], -entry[1], -entry[2]), reverse=True)
    taken: list[tuple[int, int]] = []
    items_left = set(range(len(items)))
    goals_left = set(range(len(goals)))
    while True:
        progress = False
        blocked_items: set[int] = set()
        blocked_goals: set[int] = set()
        index = 0
        while index < len(scored):
            key = scored[index][0]
            end = index
            while end < len(scored) and scored[end][0] == key:
                end += 1
            level = [
                (i, g)
                for _key, i, g in scored[index:end]
                if i in items_left and g in goals_left and i not in blocked_items and g not in blocked_goals
            ]
            index = end
            for group_items, group_goals, group in _components(level):
                if len(group) == 1:
                    chosen = group
                elif key[0] and len(group_items) == len(group_goals) and len(group) == len(group_items) ** 2:
                    # k edited lines, each as like each of k goals between the same neighbours: in order.
                    chosen = list(
                        zip(
                            sorted(group_items, key=lambda i: items[i].line),
                            sorted(group_goals, key=lambda g: goals[g].line),
                            strict=True,
                        )
                    )
                else:
                    blocked_items |= group_items
                    blocked_goals |= group_goals
                    continue
                for i, g in chosen:
                    taken.append((i, g))
                    items_left.discard(i)
                    goals_left.discard(g)
                progress = True
        if not progress or not (blocked_items or blocked_goals):
            break
        scored = [entry for entry in scored if entry[1] in items_left and entry[2] in goals_left]
    return [(items[i], goals[g]) for i, g in taken]


def _components(pairs: list[tuple[int, int]]) -> list[tuple[set[int], set[int], list[tuple[int, int]]]]:
    """The pairs grouped by shared items or goals: (items, goals, pairs) per group."""
    item_pairs: dict[int, list[tuple[int, int]]] = defaultdict(list)
    goal_pairs: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pair in pairs:
        item_pairs[pair[0]].append(pair)
        goal_pairs[pair[1]].append(pair)
    seen: set[tuple[int, int]] = set()
    groups = []
    for start in pairs:
        if start in seen:
            continue
        seen.add(start)
        stack = [start]
        group_items: set[int] = set()
        group_goals: set[int] = set()
        group: list[tuple[int, int]] = []
        while stack:
            pair = stack.pop()
            group.append(pair)
            group_items.add(pair[0])
            group_goals.add(pair[1])
            for other in item_pairs[pair[0]] + goal_pairs[pair[1]]:
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        groups.append((group_items, group_goals, group))
    return groups


def _still_carried(goal: Goal, item: Item) -> bool:
    """A goal that lives on in a later line may keep its old marker: only done or dropped settle it."""
    return goal.status == "carried" and bool(goal.carried_to) and item.status in ("open", "in_progress")


def _status_before_removal(goal: Goal) -> str:
    for entry in reversed(goal.history):
        status = entry.get("status")
        if status and status != "removed":
            return status
    return "open"


class LedgerWrites:
    """Pending edits to ledger files, one per file, saved together; the cache follows them."""

    def __init__(self, journal: Journal, ledger: Ledger, cache: Cache | None = None) -> None:
        self.journal = journal
        self.ledger = ledger
        self.cache = cache
        self.edits: dict[str, LedgerFileEdit] = {}
        self.documents: list[tuple[str, os.stat_result, str]] = []  # documents written, for the cache

    def edit(self, period_key: str) -> LedgerFileEdit:
        if period_key not in self.edits:
            from journal.periods import from_key

            path = self.ledger.files.get(period_key) or self.journal.ledger_dir / f"{period_key}.toml"
            label = from_key(period_key, self.journal.settings.fiscal_year_start).label
            self.edits[period_key] = LedgerFileEdit(path, label)
        return self.edits[period_key]

    def add(self, goal: Goal) -> None:
        self.edit(goal.period).add(goal)
        self.ledger.goals[goal.id] = goal
        self.ledger.files.setdefault(goal.period, self.edits[goal.period].path)
        self.ledger.indexed(goal)

    def update(self, goal: Goal, fields: dict[str, Any], history: dict[str, Any] | None = None) -> None:
        self.edit(goal.period).update(goal.id, fields, history)
        for name, value in fields.items():
            setattr(goal, name, value)
        if history is not None:
            goal.history.append(history)

    def set_document_hash(self, document: str, period_key: str | None, digest: str | None) -> None:
        """Record in the ledger the content hash a document was synced at (None: it is gone)."""
        home = self.ledger.hash_home(document)
        if home is not None and home != period_key:
            self.edit(home).set_document_hash(document, None)
            del self.ledger.file_hashes[home][document]
        if period_key is not None:
            self.edit(period_key).set_document_hash(document, digest)
            self.ledger.remember_home(document, period_key)
            hashes = self.ledger.file_hashes.setdefault(period_key, {})
            if digest is None:
                hashes.pop(document, None)
            else:
                hashes[document] = digest
        if digest is None:
            self.ledger.documents.pop(document, None)
        else:
            self.ledger.documents[document] = digest

    def document_written(self, document: str, stat: os.stat_result, digest: str) -> None:
        """A document this command wrote: cached once the ledger that records it is saved."""
        self.documents.append((document, stat, digest))

    def save(self) -> None:
        """Write every changed ledger file, then keep what was written in the cache."""
        from journal.atomic import write_many

        changed = [(period_key, edit) for period_key, edit in self.edits.items() if edit.changed]
        if changed:
            make_private_dir(self.journal.ledger_dir)
            write_many([edit.write_plan() for _period_key, edit in changed], read_only_error=LedgerError)
        saved = [period_key for period_key, _edit in changed]
        self.edits = {}
        cache = self.cache if self.cache is not None else Cache(self.journal)
        if saved:
            by_period: dict[str, list[Goal]] = defaultdict(list)
            wanted = set(saved)
            for goal in self.ledger.goals.values():
                if goal.period in wanted:
                    by_period[goal.period].append(goal)
            for period_key in saved:
                path = self.ledger.files.get(period_key) or self.journal.ledger_dir / f"{period_key}.toml"
                stat = os.stat(path)
                cache.set_ledger_entry(
                    path.name, stat, by_period[period_key], self.ledger.file_hashes.get(period_key, {})
                )
        for document, stat, digest in self.documents:
            cache.set_document_entry(document, stat, digest)
        self.documents = []
        cache.save()


def reconcile_document(
    writes: LedgerWrites, source: str, period: Period, items: list[Item], report: SyncReport, when: str
) -> None:
    """Bring the ledger's goals for one document in line with the items found in it."""
    ledger = writes.ledger
    pairs, new_items, vanished = match_goals(items, ledger.goals_of(source))
    for item, goal in pairs:
        fields: dict[str, Any] = {}
        for name in ("text", "line", "section", "kind", "target"):
            if getattr(item, name) != getattr(goal, name):
                fields[name] = getattr(item, name)
        history = None
        if goal.status == "removed":
            status = item.status if item.kind == "checkbox" else _status_before_removal(goal)
            history = {"at": when, "status": status, "from": "removed", "by": "document"}
        elif item.kind == "checkbox" and item.status != goal.status and not _still_carried(goal, item):
            history = {"at": when, "status": item.status, "from": goal.status, "by": "document"}
        if history is not None:
            fields["status"] = history["status"]
        if not fields:
            continue
        if set(fields) - {"line"}:
            fields["updated"] = when
        what = ", ".join(sorted(set(fields) - {"updated"}))
        writes.update(goal, fields, history)
        if set(fields) - {"line", "updated"}:
            report.changed.append((goal, what))
    for item in new_items:
        goal = Goal(
            id=new_goal_id(source, item.text, ledger.goals),
            period=period.key,
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
        )
        writes.add(goal)
        report.added.append(goal)
    for goal in vanished:
        if goal.status == "removed":
            continue
        writes.update(
            goal,
            {"status": "removed", "updated": when},
            {"at": when, "status": "removed", "from": goal.status, "by": "document"},
        )
        report.removed.append(goal)


def sync_journal(
    journal: Journal,
    *,
    full: bool = False,
    cache: Cache | None = None,
    write: bool = True,
    need_ledger: bool = True,
) -> tuple[Ledger | None, SyncReport]:
    """Reconcile every changed document with the ledger; with ``full``, every document.

    A document is read again only when its stat differs from the cache's, and
    parsed only when its content differs from what the ledger last synced.
    The journal's lock is taken only when something must be written. With
    ``write=False`` the ledger returned is what a sync would make and nothing
    is written; with ``need_ledger=False`` a sync that changes nothing
    returns no ledger (and reads none).
    """
    cache = cache if cache is not None else Cache(journal)
    if cache.settings != settings_key(journal):
        # The goal words changed: every document reads differently (its recorded hash changed too).
        cache.forget_documents(settings_key(journal))
    links: list[str] = []
    documents = scan_documents(journal, links)
    report = SyncReport(
        skipped=[(name, "a symbolic link: journal reads only files inside the journal") for name in links]
    )
    todo = list(documents) if full else [n for n, st in documents.items() if cache.document_sha(n, st) is None]
    if not todo and not any(name not in documents for name in cache.documents):
        ledger = load_ledger(journal, cache) if need_ledger or not ledger_cached(journal, cache) else None
        if write:
            cache.save()
        return ledger, report
    if not write:
        ledger = load_ledger(journal, cache)
        _sync_locked(journal, ledger, cache, documents, todo, report, full=full, write=False)
        return ledger, report
    with journal_lock(journal.lock_path):
        # Under the lock, look again: another command may have written documents and goals meanwhile.
        documents = scan_documents(journal)
        todo = list(documents) if full else [n for n, st in documents.items() if cache.document_sha(n, st) is None]
        ledger = load_ledger(journal, cache)
        _sync_locked(journal, ledger, cache, documents, todo, report, full=full)
        for folder in (journal.entries_dir, journal.ledger_dir, journal.state_dir):
            remove_leftovers(folder)
    return ledger, report


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
) -> None:
    from journal.documents import read_document

    when = now().isoformat()
    writes = LedgerWrites(journal, ledger, cache)
    to_parse: list[tuple[str, str, Period, str]] = []  # name, text, period, digest
    for name in sorted(todo):
        path = journal.root / name
        document = read_document(path)
        digest = content_hash(journal, document.data)
        if not full and ledger.documents.get(name) == digest:
            cache.set_document_entry(name, documents[name], digest)  # touched, not changed
            continue
        if document.text.startswith("---"):
            from journal.documents import front_matter

            front_matter(document)  # broken front matter is an error before anything is written
        period = document_period(journal, path, document.text)
        if period is None:
            report.skipped.append((name, "no period: name it like 2025-q1.md or add 'period:' front matter"))
            continue
        to_parse.append((name, document.text, period, digest))
    found = extract_many([(text, period) for _name, text, period, _digest in to_parse], journal.settings.goal_words)
    for (name, _text, period, digest), result in zip(to_parse, found, strict=True):
        if isinstance(result, DocumentError):
            raise DocumentError(f"{journal.root / name}: {result}")
        items, unchangeable = result
        report.skipped.extend((f"{name}:{line}", why) for line, why in unchangeable)
        reconcile_document(writes, name, period, items, report, when)
        writes.set_document_hash(name, period.key, digest)
        writes.document_written(name, documents[name], digest)
        report.parsed.append(name)
    known = ledger.sources() | set(ledger.documents) if all_documents else set()
    for name in sorted(known - set(documents)):
        live = [g for g in ledger.goals_of(name) if g.status != "removed"]
        if live:
            reconcile_document(writes, name, _period_or_none(journal, name), [], report, when)
        if name in ledger.documents:
            writes.set_document_hash(name, None, None)
        cache.forget_document(name)
    if report.added:
        link_carried_goals(writes, report.added, by)
    if write:
        writes.save()


def sync_written(journal: Journal, ledger: Ledger, cache: Cache, names: list[str], *, by: str) -> SyncReport:
    """Reconcile documents this command has just written with the ledger in memory; with the lock held."""
    documents = {name: os.stat(journal.root / name) for name in names}
    report = SyncReport()
    _sync_locked(journal, ledger, cache, documents, list(names), report, all_documents=False, by=by)
    return report


def content_hash(journal: Journal, data: bytes) -> str:
    """What the ledger records of a synced document: its bytes and the settings that shape extraction.

    Changing goal_words or fiscal_year_start changes every hash, so every
    document is read again.
    """
    import hashlib

    settings = journal.settings
    shape = f"{sorted(w.lower() for w in settings.goal_words)}|{settings.fiscal_year_start}\0".encode()
    return hashlib.sha256(shape + data).hexdigest()


def settings_key(journal: Journal) -> str:
    """The extraction settings, as the document cache remembers them."""
    settings = journal.settings
    return f"{sorted(w.lower() for w in settings.goal_words)}|{settings.fiscal_year_start}"


PARALLEL_FROM = 64  # documents to parse before it pays to start worker processes


Extracted = tuple[list["Item"], list[tuple[int, str]]]  # a document's items, and (line, why) of those left out


def _extract_one(job: tuple[str, Period, tuple[str, ...]]) -> Extracted | DocumentError:
    from journal.extract import extract_items

    text, period, words = job
    unchangeable: list[tuple[int, str]] = []
    try:
        return extract_items(text, document_period=period, goal_words=words, unchangeable=unchangeable), unchangeable
    except DocumentError as exc:
        return exc


def extract_many(jobs: list[tuple[str, Period]], goal_words: tuple[str, ...]) -> list[Extracted | DocumentError]:
    """The items of many documents, parsed on every core when there are many (a first sync, an import).

    Each comes with the items that look like goals but whose marker journal
    could not change, as (line, why): those are left out.
    """
    work = [(text, period, tuple(goal_words)) for text, period in jobs]
    workers = min(os.cpu_count() or 1, 4)
    if len(work) < PARALLEL_FROM or workers < 2:
        return [_extract_one(job) for job in work]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    import journal.extract  # noqa: F401 - imported once here, inherited by the workers

    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return list(pool.map(_extract_one, work, chunksize=max(8, len(work) // (workers * 4))))
    except (OSError, RuntimeError, ValueError):
        return [_extract_one(job) for job in work]  # no processes to be had: do it here


def link_carried_goals(writes: LedgerWrites, added: list[Goal], by: str = "sync") -> list[tuple[Goal, Goal]]:
    """Link each new goal to the live goal it continues: same text, written earlier, for its period or the one before.

    The earlier goal gets ``carried_to``, the new one ``carried_from``, so the
    goal is one thing across periods. Returns the (old, new) pairs linked.
    """
    from journal.periods import PeriodError, from_key

    wanted = {_normal(goal.text) for goal in added}
    by_text: dict[str, list[Goal]] = defaultdict(list)
    for goal in writes.ledger.goals.values():
        if not goal.carried_to and goal.status != "removed" and _normal(goal.text) in wanted:
            by_text[_normal(goal.text)].append(goal)
    linked = []
    for new in sorted(added, key=lambda g: (from_key(g.period).sort_key, g.source, g.line)):
        candidates = by_text.get(_normal(new.text))
        if not candidates or new.carried_from:
            continue
        try:
            new_period = from_key(new.period)
            previous = new_period.previous().key
            fits = [
                old
                for old in candidates
                if old.id != new.id
                if old.for_period in (new.period, previous) and from_key(old.period).sort_key < new_period.sort_key
            ]
        except PeriodError:
            continue
        if not fits:
            continue
        live = [old for old in fits if old.status in ("open", "in_progress", "carried")]
        if not live:
            continue
        live.sort(key=lambda g: (g.target != new.period, g.source, g.line))
        writes.update(new, {"carried_from": live[0].id})
        # Several earlier goals with the same words (a personal and a team list) all continue in this line.
        when = now().isoformat()
        for old in live:
            candidates.remove(old)
            fields: dict[str, Any] = {"carried_to": new.id}
            history = None
            if old.status != "carried":
                # It lives on in the new line: carried, in the ledger (its own line keeps its marker).
                fields.update(status="carried", updated=when)
                history = {"at": when, "status": "carried", "from": old.status, "by": by}
            writes.update(old, fields, history)
            linked.append((old, new))
    return linked


def _period_or_none(journal: Journal, name: str):
    from journal.periods import period_from_filename

    named = period_from_filename(Path(name).stem, journal.settings.fiscal_year_start)
    return named[0] if named else None


def write_marker(journal: Journal, ledger: Ledger, goal: Goal, status: str, writes: LedgerWrites) -> bool:
    """Set the goal's marker in its document to ``status``'s, changing only those bytes; False if it had it.

    The document is never written if it changed on disk since it was read.
    When the ledger had synced it as it was, the new bytes are recorded as
    synced too.
    """
    from journal.atomic import write_atomic
    from journal.documents import read_document, set_item_status
    from journal.extract import STATUS_MARKER

    path = journal.root / goal.source
    document = read_document(path)
    new_data = set_item_status(document.data, goal.line, STATUS_MARKER[status], goal.text, where=goal.source)
    if new_data == document.data:
        return False
    was_synced = ledger.documents.get(goal.source) == content_hash(journal, document.data)
    write_atomic(path, new_data, expected=document.data, read_only_error=DocumentError)
    if was_synced:
        # The document holds nothing the ledger has not seen but this marker: record it as synced.
        digest = content_hash(journal, new_data)
        writes.set_document_hash(goal.source, goal.period, digest)
        writes.document_written(goal.source, os.stat(path), digest)
    return True


def set_goal_status(
    journal: Journal,
    ledger: Ledger,
    goal: Goal,
    status: str,
    *,
    reason: str | None = None,
    by: str = "cli",
    writes: LedgerWrites | None = None,
) -> bool:
    """Change a goal's status in its document's marker and in the ledger; False when it already had it.

    The document is written first (``write_marker``), then the ledger, with a
    dated history entry. Call with the journal's lock held.
    """
    if goal.status == "removed":
        raise GoalNotFound(
            f"goal {goal.id} was removed from {goal.source}", hint="restore its line in the document first"
        )
    if goal.status == status:
        latest = next((entry.get("reason") for entry in reversed(goal.history) if entry.get("status") == status), None)
        if not reason or reason == latest:
            return False  # a second identical decision adds nothing to the history
    own_writes = writes is None
    writes = writes if writes is not None else LedgerWrites(journal, ledger)
    # A plain bullet carried forward keeps its words as written: the link lives in the ledger.
    touch_document = not (goal.kind == "bullet" and status == "carried")
    if touch_document and (goal.status != status or goal.kind != "checkbox"):
        write_marker(journal, ledger, goal, status, writes)
    when = now().isoformat()
    history: dict[str, Any] = {"at": when, "status": status, "from": goal.status, "by": by}
    if reason:
        history["reason"] = reason
    fields: dict[str, Any] = {"status": status, "updated": when}
    if touch_document and goal.kind != "checkbox":
        fields["kind"] = "checkbox"
    writes.update(goal, fields, history)
    if own_writes:
        writes.save()
    return True
