"""What the running command changed, as git's autocommit needs it (standard library only).

The write path notes each durable file write (``note_written``: the bytes the file held before this
command first wrote it) and the ledger notes each decision it records (``note_decision``). The CLI
reads both once the command is over (``journal.autocommit``) and forgets them before the next
(``forget``): a command that wrote nothing costs no git process.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

# Plain classes, not dataclasses: every command imports this module (through the write path), and
# making a dataclass costs about half a millisecond at import.


class Decision:
    """A status given to a goal by this command: who gave it (``by``: cli, new, review, document...)."""

    __slots__ = ("goal_id", "text", "status", "by", "period", "lineage_id")

    def __init__(
        self, goal_id: str, text: str, status: str, by: str, period: str = "",
        lineage_id: Callable[[], str] | None = None,
    ) -> None:  # fmt: skip
        self.goal_id, self.text, self.status, self.by = goal_id, text, status, by
        self.period = period  # the period of the goal's document
        self.lineage_id = lineage_id  # the goal's one id (its first link's), found only when asked

    def shown_id(self) -> str:
        """The id a person knows the goal by: its lineage's first link's, else this link's."""
        try:
            return self.lineage_id() if self.lineage_id is not None else self.goal_id
        except Exception:  # a message is no reason to fail a command that has succeeded
            return self.goal_id


class Changes:
    """The files written (path -> bytes before the first write, None for a new file) and decisions made."""

    __slots__ = ("written", "decisions", "added")

    def __init__(self, decisions: list[Decision] | None = None) -> None:
        self.written: dict[Path, bytes | None] = {}
        self.decisions: list[Decision] = decisions if decisions is not None else []
        self.added = 0  # goals new to the ledger


current = Changes()


def note_written(path: Path, before: bytes | None) -> None:
    """``path`` was written durably; the first call for a path keeps what it held before."""
    current.written.setdefault(Path(path), before)


def note_decision(decision: Decision) -> None:
    """A goal got a status (a history entry was recorded)."""
    current.decisions.append(decision)


def note_added() -> None:
    """A goal new to the ledger."""
    current.added += 1


def forget() -> Changes:
    """What was recorded so far, forgotten here (a new command starts from nothing)."""
    global current
    done, current = current, Changes()
    return done
