"""The start-of-period line: the first command run in a new period says, once, what to do about it.

It says `journal new` only while the new period has no document, and `journal review` of the period
before only while that one has a document (a review is of a document) without a finished review.

The period last seen is remembered in ``.journal/period-seen`` (derived state:
deleting it only means the next command remembers quietly, without a line).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing itself is not imported: a bare sync's fast path imports this module

if TYPE_CHECKING:
    from journal.config import Journal

SEEN_NAME = "period-seen"


def _current_and_seen(journal: Journal) -> tuple[str, str]:
    """The key of the current period of the journal's usual kind, and the one remembered ("" if none)."""
    from journal.clock import today
    from journal.period_keys import key_of

    settings = journal.settings
    current = key_of(today(), settings.default_kind, settings.fiscal_year_start)
    try:
        seen = (journal.state_dir / SEEN_NAME).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        seen = ""
    return current, seen


def period_seen(journal: Journal) -> bool:
    """Whether the current period is already remembered (so no command of this period has a line to say)."""
    current, seen = _current_and_seen(journal)
    return seen == current


def period_started(journal: Journal) -> str | None:
    """The key of the current period when this is the first command run in it (remembered now), else None.

    The line itself (``period_start_line``) is made once the command is done, so that it says what is
    still to do after it (a review it just finished, a document it just wrote).
    """
    from journal.atomic import write_atomic

    if not journal.state_dir.is_dir():
        return None  # a journal never used, or a dry run: nothing to compare with, nothing to write
    current, seen = _current_and_seen(journal)
    if seen == current:
        return None
    try:
        write_atomic(journal.state_dir / SEEN_NAME, f"{current}\n".encode(), durable=False)
    except Exception:  # noqa: BLE001 - derived: without it, the line is only not remembered
        return None
    return current if seen else None


def period_start_line(journal: Journal, current: str) -> str | None:
    """What to do now that ``current`` has begun: `new` if it has no document, `review` of the period before if
    that one has a document and no finished review; None when neither applies (or the facts cannot be read)."""
    from journal.period_keys import key_label, previous_key

    previous = previous_key(current, journal.settings.fiscal_year_start)
    try:
        write_new = not _has_document(journal, current)
        review = _has_document(journal, previous) and not _review_finished(journal, previous)
    except Exception:  # noqa: BLE001 - a hint only: a journal it cannot read says so on the next command
        return None
    todo = []
    if write_new:
        todo.append(f"'journal new {current}' writes its document")
    if review:
        todo.append(f"'journal review {previous}' reviews {key_label(previous)}")
    return f"{key_label(current)} has begun: {'; '.join(todo)}." if todo else None


def _has_document(journal: Journal, key: str) -> bool:
    """Whether the period has a document on disk (as `new` and `review` find it)."""
    from journal.periods import parse_period
    from journal.places import period_documents

    settings = journal.settings
    period = parse_period(key, fiscal_year_start=settings.fiscal_year_start, default_kind=settings.default_kind)
    return bool(period_documents(journal, period))


def _review_finished(journal: Journal, key: str) -> bool:
    """Whether the period's review is on record as finished (``ledger/reviews/KEY.toml``)."""
    import tomllib

    from journal.reviews import FINISHED, reviews_dir

    path = reviews_dir(journal) / f"{key}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return False
    return data.get("status") == FINISHED
