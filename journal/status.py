"""What needs attention now: the facts behind `journal status` (one line) and `journal due` (the list).

Both paths compute the line with ``status_facts`` from plain values: the fast
path (``journal.status_fast``, no click, standard library only) from the
summary in ``.journal/status.marshal``, the normal path from the ledger. The
summary is derived: every command that writes makes it again once its writes
are committed (``journal.session.writing``: ``summary_data``, then
``write_summary``). It holds the stat keys of what it was computed from
(journal.toml, every document, every ledger file and review record, and their
folders), so it is used only while none of them changed: a ledger file edited
by hand in place, even to the same size with its mtime set back, has another
ctime.
"""

from __future__ import annotations

import os
from datetime import date

from journal.period_keys import key_label, key_of, kind_and_end

TYPE_CHECKING = False  # typing itself is not imported: this module is on `journal status`'s fast path
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from journal.config import Journal
    from journal.ledger import Cache, Ledger

SUMMARY_NAME = "status.marshal"
SUMMARY_VERSION = 3  # 2: every ledger file's and review record's stat key; the period ends; 3: the stat keys apart
CARRIED_MANY = 3  # a goal carried this many periods is worth a decision
OPEN = ("open", "in_progress")


def status_facts(
    today: date,
    default_kind: str,
    fiscal: int,
    open_goals: list[tuple[str, int]],
    document_periods: set[str] | list[str],
    reviews: dict[str, str],
    ends: dict[str, tuple[str, int] | None] | None = None,
) -> dict[str, Any]:
    """The status as JSON-ready values; ``open_goals``: (the period each open goal is for, times carried);
    ``ends``: ``period_ends`` of these keys as far as known (the summary keeps them)."""
    current = key_of(today, default_kind, fiscal)
    documents = set(document_periods)
    per_period: dict[str, int] = {}
    for for_period, _carried in open_goals:
        per_period[for_period] = per_period.get(for_period, 0) + 1
    parsed = period_ends(per_period.keys() | documents, fiscal, ends)
    day = today.toordinal()
    overdue = 0
    for for_period, count in per_period.items():
        found = parsed[for_period]
        if found is not None and found[1] < day:
            overdue += count
    due = []
    for key in sorted(documents, reverse=True):
        found = parsed[key]
        # A key of another kind never equals key_of(..., default_kind): the kind is checked first, as it is cheap.
        if found is None or found[0] != default_kind or found[1] >= day:
            continue
        end = date.fromordinal(found[1])
        if key_of(end, default_kind, fiscal) != key:
            continue
        if reviews.get(key) != "finished":
            due.append({"period": key, "label": key_label(key), "ended_days_ago": (today - end).days,
                        "unfinished": key in reviews})  # fmt: skip
    facts: dict[str, Any] = {
        "period": current,
        "label": key_label(current),
        "open": per_period.get(current, 0),
        "overdue": overdue,
        "carried_3_or_more": sum(carried >= CARRIED_MANY for _, carried in open_goals),
        "document": current in documents,
        "reviews_due": due,
    }
    facts["attention"] = bool(overdue or due or not facts["document"])
    facts["line"] = status_line(facts)
    return facts


def period_ends(
    keys: Iterable[str], fiscal: int, known: dict[str, tuple[str, int] | None] | None = None
) -> dict[str, tuple[str, int] | None]:
    """Each period key's kind and last day (a ``date.toordinal``), None for a key that is not canonical; those
    in ``known`` (worked out before for the same ``fiscal``) are taken from it."""
    known = known or {}
    ends: dict[str, tuple[str, int] | None] = {}
    for key in keys:
        found = known.get(key, known)
        if found is known:
            end = kind_and_end(key, fiscal)
            found = (end[0], end[1].toordinal()) if end is not None else None
        ends[key] = found  # type: ignore[assignment]
    return ends


def status_line(facts: dict[str, Any]) -> str:
    """``Q2 2025: 3 open, 5 overdue · review of Q1 2025 due (ended 15 days ago) · no document yet``."""
    parts = [f"{facts['label']}: {facts['open']} open"]
    if facts["overdue"]:
        parts[0] += f", {facts['overdue']} overdue"
    due = facts["reviews_due"]
    if due:
        latest = due[0]
        more = f"; {len(due) - 1} more" if len(due) > 1 else ""
        days = latest["ended_days_ago"]
        parts.append(f"review of {latest['label']} due (ended {days} day{'s' if days != 1 else ''} ago{more})")
    if not facts["document"]:
        parts.append(f"no document yet (journal new {facts['period']})")
    return " · ".join(parts)


def open_goal_facts(ledger: Ledger) -> list[tuple[str, int]]:
    """(the period it is for, times carried) of every open goal, each once, at its latest link."""
    from journal.ledger.links import open_goal_facts_from_rows

    return open_goal_facts_from_rows(ledger.link_rows())


def review_statuses(journal: Journal) -> dict[str, str]:
    """Each reviewed period's status: finished or unfinished."""
    from journal.reviews import read_reviews

    return {key: str(record.get("status")) for key, record in read_reviews(journal).items()}


def facts_from_ledger(journal: Journal, ledger: Ledger) -> dict[str, Any]:
    """The status from the ledger as read (the normal path)."""
    from journal.clock import today

    settings = journal.settings
    return status_facts(
        today(), settings.default_kind, settings.fiscal_year_start, open_goal_facts(ledger),
        ledger.periods_with_documents(), review_statuses(journal),
    )  # fmt: skip


# --- the summary for the fast path -----------------------------------------------------------------


def path_stat_key(path: str) -> tuple[int, int, int, int] | None:
    """A path's size, mtime, ctime and inode (None when it is not there): what the fast paths key answers on."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _folder_keys(root: str) -> dict[str, Any]:
    """journal.toml's stat key, and the ledger and review folders' (journal writes their files by renaming a
    new file over the old one, which changes the folder's stat: one stat per folder instead of one per file;
    a hand edit saved in place is seen once any command has run)."""
    return {
        "journal.toml": path_stat_key(os.path.join(root, "journal.toml")),
        "ledger": path_stat_key(os.path.join(root, "ledger")),
        "ledger/reviews": path_stat_key(os.path.join(root, "ledger", "reviews")),
    }


def _toml_keys(folder: str, prefix: str) -> dict[str, tuple[int, int, int, int]]:
    """``prefix + name`` -> stat key of each ``*.toml`` regular file in ``folder`` (what the ledger and the
    reviews read: ``journal.ledger.reading.ledger_file_entries``, ``journal.reviews.read_reviews``)."""
    keys = {}
    try:
        with os.scandir(folder) as found:
            entries = list(found)
    except OSError:
        return keys
    for entry in entries:
        name = entry.name
        if name.endswith(".toml") and entry.is_file():
            st = entry.stat()
            keys[prefix + name] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    return keys


def review_keys(root: str) -> dict[str, tuple[int, int, int, int]]:
    """Each review record's stat key, named ``ledger/reviews/NAME.toml``."""
    return _toml_keys(os.path.join(root, "ledger", "reviews"), "ledger/reviews/")


def source_keys(root: str) -> dict[str, Any]:
    """The stat keys the status depends on: journal.toml, every document, every ledger file and review record,
    the ledger and review folders (a ledger file is named ``ledger/NAME.toml``)."""
    keys = _folder_keys(root)
    keys.update(_toml_keys(os.path.join(root, "ledger"), "ledger/"))
    keys.update(review_keys(root))
    stack = [os.path.join(root, "entries")]
    cut = len(root) + 1
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name.startswith(".") or entry.is_symlink():
                continue
            if name.endswith(".md") and entry.is_file(follow_symlinks=False):
                st = entry.stat()
                keys[entry.path[cut:].replace(os.sep, "/")] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
            elif entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
    return keys


def summary_data(
    journal: Journal,
    ledger: Ledger | None,
    synced_documents: dict[str, tuple],
    *,
    open_facts: list[tuple[str, int]] | None = None,
    ledger_key: str | None = None,
    ledger_files: dict[str, tuple] | None = None,
    last: dict | None = None,
) -> bytes | None:
    """The summary of ``ledger``, keyed on the documents and ledger files as this command read or wrote them
    (None if it cannot be made).

    Called under the lock, once a command's writes are made; ``synced_documents``: the cache's
    documents (name -> (stat key, hash)) as this command left them; ``ledger_files``: each ledger file's
    stat key as ``ledger`` read it or this command wrote it (``journal.status_keep.ledger_files_after``).
    ``open_facts``: the open goals' facts when known to be the last summary's (``journal.status_keep``),
    ``ledger_key``: the ledger files' fingerprint they are for; ``last``: the last summary (its period ends are
    taken for the keys it has, when made with the same settings).
    """
    import sys

    if ledger is None or ledger_files is None:
        return None
    try:
        # The documents and ledger files as this command read them (its sync checked each document's stat
        # under the lock): one changed since makes the fast path step aside, which is the safe way round.
        root = str(journal.root)
        sources = _folder_keys(root)
        for name, entry in synced_documents.items():
            sources[name] = tuple(entry[0])
        # Every ledger file by the key this command read or wrote it at, the folder not listed again: the fast
        # path compares the whole set (``source_keys``), so a file there that is not one of these (saved by
        # hand meanwhile), or one of these gone, makes it step aside, as a changed key does.
        for name, key in ledger_files.items():
            sources["ledger/" + name] = tuple(key) if key is not None else None
        sources.update(review_keys(root))  # taken before the records are read: an edit in between is a miss
        settings = journal.settings
        kept_settings = (settings.default_kind, settings.fiscal_year_start)
        open_facts = open_facts if open_facts is not None else open_goal_facts(ledger)
        documents = sorted(ledger.periods_with_documents())
        known = last.get("ends") if last is not None and last.get("settings") == kept_settings else None
        keys = {for_period for for_period, _carried in open_facts}.union(documents)
        data = {
            "version": (SUMMARY_VERSION, sys.version_info[:2]),
            "settings": kept_settings,
            "open": open_facts,
            "ledger": ledger_key,
            "documents": documents,
            "reviews": review_statuses(journal),
            "ends": period_ends(keys, settings.fiscal_year_start, known if isinstance(known, dict) else None),
        }
        return pack_summary(data, sources)
    except Exception:  # noqa: BLE001 - derived: status falls back to the normal path meanwhile
        return None


def pack_summary(head: dict[str, Any], sources: dict[str, Any]) -> bytes:
    """The summary file's bytes: its facts and the stat keys they were made from, each marshalled apart, so a
    writing command (``journal.status_keep.last_summary``) loads the facts without the 4,000 stat keys."""
    import marshal

    return marshal.dumps((marshal.dumps(head), marshal.dumps(sources)))


def unpack_summary(data: bytes, *, with_sources: bool) -> dict[str, Any] | None:
    """The summary ``pack_summary`` made, if it is of this version (with its ``sources`` when asked), else None.
    Raises on bytes that are not a summary."""
    import marshal
    import sys

    head_bytes, source_bytes = marshal.loads(data)
    head = marshal.loads(head_bytes)
    if not isinstance(head, dict) or head.get("version") != (SUMMARY_VERSION, sys.version_info[:2]):
        return None
    if with_sources:
        head["sources"] = marshal.loads(source_bytes)
    return head


def write_summary(journal: Journal, data: bytes | None) -> None:
    """Write ``.journal/status.marshal`` (best effort: a summary that cannot be written is not kept)."""
    import contextlib

    from journal.atomic import write_atomic

    if data is None or not journal.state_dir.is_dir():
        return
    with contextlib.suppress(Exception):  # derived; the next write makes it again
        write_atomic(journal.state_dir / SUMMARY_NAME, data, durable=False)


def keep_summary_of_read(journal: Journal, ledger: Ledger, cache: Cache) -> None:
    """After `status` read the journal itself (its summary was missing or stale) and found nothing to sync:
    the summary of what it read, for the next `status` (derived, best effort, no lock).

    Keyed on each ledger file's stat as the ledger read it and each document's as the sync checked it,
    so a file changed meanwhile (even by a command holding the lock) makes the next `status` read the
    journal again: never a wrong answer, at worst a slower one.
    """
    from journal.status_keep import fingerprint, last_summary, ledger_files_after

    read = ledger_files_after(ledger, {})
    data = summary_data(
        journal, ledger, cache.documents, ledger_key=fingerprint(read) if read is not None else None,
        ledger_files=read, last=last_summary(journal),
    )  # fmt: skip
    write_summary(journal, data)
