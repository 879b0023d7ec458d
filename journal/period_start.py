"""The start-of-period line: the first command run in a new period says, once, what to do about it.

The period last seen is remembered in ``.journal/period-seen`` (derived state:
deleting it only means the next command remembers quietly, without a line).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.config import Journal

SEEN_NAME = "period-seen"


def period_seen(journal: Journal) -> bool:
    """Whether the current period is already remembered (so no command of this period has a line to say)."""
    from journal.clock import today
    from journal.period_keys import key_of

    settings = journal.settings
    current = key_of(today(), settings.default_kind, settings.fiscal_year_start)
    try:
        return (journal.state_dir / SEEN_NAME).read_text(encoding="utf-8").strip() == current
    except (OSError, UnicodeDecodeError):
        return False


def period_start_line(journal: Journal) -> str | None:
    """The line for the first command of a new period of the journal's usual kind (None otherwise), remembered."""
    from journal.atomic import write_atomic
    from journal.clock import today
    from journal.period_keys import key_label, key_of, previous_key

    if not journal.state_dir.is_dir():
        return None  # a journal never used, or a dry run: nothing to compare with, nothing to write
    settings = journal.settings
    current = key_of(today(), settings.default_kind, settings.fiscal_year_start)
    path = journal.state_dir / SEEN_NAME
    try:
        seen = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        seen = ""
    if seen == current:
        return None
    try:
        write_atomic(path, f"{current}\n".encode(), durable=False)
    except Exception:  # noqa: BLE001 - derived: without it, the line is only not remembered
        return None
    if not seen:
        return None
    previous = previous_key(current, settings.fiscal_year_start)
    return (
        f"{key_label(current)} has begun: 'journal new {current}' writes its document; "
        f"'journal review {previous}' reviews {key_label(previous)}."
    )
