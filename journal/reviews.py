"""Reviews on record: ``ledger/reviews/<period>.toml``, one small file per period reviewed.

Written when `journal review P` ends: finished (every open goal decided or
kept, every prompt asked) or unfinished (stopped half-way). A file of its own
per review, not a table in the period's goal file: it is read by hand next to
the goals, two machines reviewing different periods never touch the same file,
and the goal files, their line editor and their cache stay exactly as they
were (``ledger/*.toml`` readers see only files, so a folder is invisible to
them). Hand edits and comments in it are kept (tomlkit).

    # The review of Q2 2025, recorded by `journal review` (hand edits are kept).
    period = "2025-q2"
    status = "finished"            # or "unfinished": stopped half-way
    by = "Dana Whitfield"
    started = 2025-07-01T09:00:00
    finished = 2025-07-03T10:12:00
    sessions = 2
    answers = 5

    [goals]                        # the period's goals when the review last ended
    set = 15
    ...
    [decisions]                    # every decision made in its sessions
    done = 2
    ...
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.errors import LedgerError

if TYPE_CHECKING:
    from journal.config import Journal
    from journal.errors import NoDocument
    from journal.ledger import Ledger
    from journal.periods import Period
    from journal.review import ReviewOutcome
    from journal.stats import PeriodStats

REVIEWS_FOLDER = "reviews"
FINISHED = "finished"
UNFINISHED = "unfinished"
REVIEW_STATUSES = (FINISHED, UNFINISHED)


def reviews_dir(journal: Journal) -> Path:
    """``ledger/reviews``: where the reviews are recorded."""
    return journal.ledger_dir / REVIEWS_FOLDER


def reviewer(journal: Journal) -> str:
    """Who reviews: journal.toml's ``author``, else the user's login name."""
    if journal.settings.author:
        return journal.settings.author
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "unknown"


def _checked(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    status = data.get("status")
    if status not in REVIEW_STATUSES:
        raise LedgerError(f"{path}: status must be finished or unfinished, not {status!r}")
    for name in ("started", "finished"):
        value = data.get(name)
        if value is not None and not isinstance(value, datetime):
            raise LedgerError(f"{path}: '{name}' must be a date and time like 2025-07-03T10:12:00, not {value!r}")
    return data


def read_reviews(journal: Journal) -> dict[str, dict[str, Any]]:
    """Every review on record, by period key; a file that is not a review is a LedgerError naming it."""
    from journal.config import decode_toml, parse_toml

    found: dict[str, dict[str, Any]] = {}
    try:
        entries = sorted(os.scandir(reviews_dir(journal)), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return found
    for entry in entries:
        if not entry.name.endswith(".toml") or not entry.is_file():
            continue
        path = Path(entry.path)
        _bom, text = decode_toml(path, path.read_bytes(), LedgerError)
        found[entry.name[: -len(".toml")]] = _checked(path, parse_toml(path, text, LedgerError))
    return found


def review_state(record: dict[str, Any] | None) -> str:
    """How `list` and `stats` show a review: ``2025-07-03``, ``unfinished`` or ``-``."""
    if record is None:
        return "-"
    if record.get("status") == FINISHED and isinstance(record.get("finished"), datetime):
        return record["finished"].date().isoformat()
    return UNFINISHED


def record_review(
    journal: Journal, period_key: str, outcome: ReviewOutcome, summary: PeriodStats, *, finished: bool
) -> Path:
    """Record (or update) the review of ``period_key`` in the ledger; returns its file.

    A review finished once stays finished: a later session stopped half-way
    (picking up a goal or two) adds its decisions and counts without undoing it.
    """
    import tomlkit

    from journal.atomic import make_private_dir, write_atomic
    from journal.clock import now
    from journal.session import writing

    path = reviews_dir(journal) / f"{period_key}.toml"
    when = now()
    with writing(journal, by="review", rescan=False) as session:
        session.ledger  # noqa: B018 - read, so that the status summary written after the commit sees it
        old = path.read_bytes() if path.is_file() else None
        document = tomlkit.parse(old.decode("utf-8-sig")) if old is not None else _new_record(period_key)
        was_finished = document.get("status") == FINISHED
        document["status"] = FINISHED if finished or was_finished else UNFINISHED
        document["by"] = reviewer(journal)
        document.setdefault("started", when)
        if finished:
            document["finished"] = when
        document["sessions"] = int(document.get("sessions", 0)) + 1
        document["answers"] = int(document.get("answers", 0)) + outcome.answered
        counts = {
            "set": summary.set, "done": summary.done, "in_progress": summary.in_progress, "open": summary.open,
            "dropped": summary.dropped, "carried": summary.carried_out,
        }  # fmt: skip
        document["goals"] = counts
        decisions = dict(document.get("decisions", {}))
        for name, count in outcome.decisions.items():
            decisions[name] = int(decisions.get(name, 0)) + count
        document["decisions"] = decisions
        make_private_dir(path.parent)
        write_atomic(path, tomlkit.dumps(document).encode("utf-8"), expected=old, must_not_exist=old is None)
    return path


def _new_record(period_key: str) -> Any:
    import tomlkit

    from journal.period_keys import key_label

    document = tomlkit.document()
    document.add(tomlkit.comment(f"The review of {key_label(period_key)}, recorded by `journal review` "
                                 "(hand edits are kept)."))  # fmt: skip
    document["period"] = period_key
    return document


def last_reviewable(journal: Journal, ledger: Ledger) -> str | None:
    """The key of the last ended period of the journal's usual kind that has a document (None if none has).

    What `journal review` reviews by default: a review is of a document (as
    `status` and `due` count reviews due), so an ended period without one (the
    quarter just over, when the journal was left alone) is passed by.
    """
    from journal.clock import today
    from journal.period_keys import key_end, key_of

    settings = journal.settings
    day = today()
    ended = []
    for key in ledger.periods_with_documents():  # a document deleted by hand leaves its ledger file: not one to review
        end = key_end(key, settings.fiscal_year_start)
        if end is not None and end < day and key_of(end, settings.default_kind, settings.fiscal_year_start) == key:
            ended.append((end, key))
    return max(ended)[1] if ended else None


def no_document_error(journal: Journal, ledger: Ledger, period: Period) -> NoDocument:
    """The error for a period without a document; for one long over, it points at the document a review is of.

    ``Q3 2026 has no document (Q1 2025 is the last period with one: 'journal show 2025-q1'; its review is due:
    'journal review')``; a period not yet over, or ended before that one, keeps ``'journal new KEY' writes one``.
    """
    from journal.clock import today
    from journal.errors import NoDocument
    from journal.period_keys import key_end, key_label

    last = last_reviewable(journal, ledger) if period.end < today() else None
    last_end = key_end(last, journal.settings.fiscal_year_start) if last is not None else None
    if last_end is None or last_end >= period.start:  # not over, none ended with one, or one after it did
        return NoDocument.of(period.label, period.key)
    due = read_reviews(journal).get(last, {}).get("status") != FINISHED
    review = "; its review is due: 'journal review'" if due else ""
    return NoDocument(
        f"{period.label} has no document",
        hint=f"{key_label(last)} is the last period with one: 'journal show {last}'{review}",
    )
