"""Goals per owner (`journal stats --by owner`): how many each person set, finished and has open.

Pure: a ledger and periods in, counts out. A goal counts once, at its latest
link inside the periods asked about, for each of its owners (``goal_filters.goal_owner``:
the owner its line names there, else another of its lines'); goals without one
count under no owner.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from journal.attributes import owner_names
from journal.goal_filters import goal_owner
from journal.ledger.model import OPEN_STATUSES, Status

if TYPE_CHECKING:
    from journal.ledger import Goal, Ledger
    from journal.periods import Period


@dataclass(frozen=True)
class OwnerStats:
    """One owner's goals in the periods asked about; ``owner`` None for the goals that name nobody."""

    owner: str | None
    set: int
    done: int
    open: int
    dropped: int
    carried: int

    @property
    def rate(self) -> float | None:
        """Done / set."""
        return self.done / self.set if self.set else None

    def as_dict(self) -> dict:
        """JSON-ready, with the rate."""
        return {**asdict(self), "rate": self.rate}


def owner_stats(ledger: Ledger, periods: Sequence[Period]) -> list[OwnerStats]:
    """Per owner (any case is one owner, shown as first written), by name; the goals of no owner last."""
    from journal.stats import goals_for

    latest: dict[str, tuple[int, Goal]] = {}  # lineage id -> (period index, its link counted there)
    for index, period in enumerate(periods):
        for goal in goals_for(ledger, period.key, period):
            latest[ledger.lineage_id(goal)] = (index, goal)
    counts: dict[str | None, dict[str, int]] = {}
    names: dict[str | None, str | None] = {}
    for _index, goal in latest.values():
        status = Status.CARRIED.value if ledger.lives_on(goal) else goal.status
        owners = owner_names(goal_owner(goal, ledger)) or [None]
        for name in owners:
            key = name.casefold() if name is not None else None
            names.setdefault(key, name)
            row = counts.setdefault(key, dict.fromkeys(("set", "done", "open", "dropped", "carried"), 0))
            row["set"] += 1
            row["done"] += status == Status.DONE
            row["open"] += status in OPEN_STATUSES
            row["dropped"] += status == Status.DROPPED
            row["carried"] += status == Status.CARRIED
    ordered = sorted(counts, key=lambda key: (key is None, key or ""))
    return [OwnerStats(owner=names[key], **counts[key]) for key in ordered]
