"""The goal model: statuses, the Goal record, ids, and the in-memory Ledger with its indexes.

``Goal`` (``journal.ledger.goal``) and ``Ledger`` are plain classes that
behave as the dataclasses they were (the same fields in the same order,
defaults, equality, repr): a sync imports this module, and making
dataclasses costs it about 40 M instructions (dataclasses imports inspect
and ast). tests/test_goal_record.py holds them to the dataclasses.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from journal.errors import GoalNotFound
from journal.lazy_pattern import LazyPattern
from journal.ledger.goal import GOAL_FIELDS as GOAL_FIELDS  # where the cache and others import it from
from journal.ledger.goal import NEW_LIST, Goal
from journal.ledger.links import LinkRow, link_row


class Status(StrEnum):
    """A goal's status; equal to its ledger string (``Status.OPEN == "open"``), with its marker and label."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CARRIED = "carried"
    DROPPED = "dropped"
    REMOVED = "removed"

    @property
    def marker(self) -> str | None:
        """The character between a task item's brackets (``[x]``); None for removed (not in any document)."""
        return _MARKERS.get(self)

    @property
    def label(self) -> str:
        """How people read it: ``in progress``."""
        return self.value.replace("_", " ")


_MARKERS = {
    Status.OPEN: " ",
    Status.DONE: "x",
    Status.IN_PROGRESS: "/",
    Status.CARRIED: ">",
    Status.DROPPED: "-",
}

STATUSES: tuple[str, ...] = tuple(status.value for status in Status)
# Not settled yet: what `goals --open`, a review and carrying look at.
OPEN_STATUSES: tuple[str, ...] = (Status.OPEN, Status.IN_PROGRESS)
# marker character -> status (an upper-case X too); status -> marker
MARKER_STATUS: dict[str, str] = {**{s.marker: s.value for s in Status if s.marker is not None}, "X": Status.DONE.value}
STATUS_MARKER: dict[str, str] = {s.value: s.marker for s in Status if s.marker is not None}
STATUS_LABEL: dict[str, str] = {s.value: s.label for s in Status}

GOAL_KINDS = ("checkbox", "bullet")  # how a goal is written: a task item, or a plain bullet under a goal heading
ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
ID_RE = LazyPattern(r"^[0-9a-z]{4,16}$")  # compiled when a ledger file is read from its TOML
DOCUMENTS_TABLE = "documents"
LinkIndex = dict[str, list[str]]  # goal id -> the ids of the goals that name it in a link field


def now() -> datetime:
    """The current local time, to the second (what the ledger records; ``journal.clock`` sets it)."""
    from journal.clock import now as clock_now

    return clock_now()


def new_goal_id(source: str, text: str, taken: set[str] | dict, salt: int = 0) -> str:
    """A short id derived from where a goal was first found and its text; longer when taken."""
    from journal.digests import sha1_digest

    # Lower-cased, not case-folded: ids already written depend on this exact spelling.
    seed = f"{source}\0{' '.join(text.split()).lower()}\0{salt}".encode()
    number = int.from_bytes(sha1_digest(seed)[:10], "big")
    digits = []
    while number:
        number, rest = divmod(number, 36)
        digits.append(ID_ALPHABET[rest])
    candidate_id = "".join(digits)
    for length in range(6, 16):
        goal_id = candidate_id[:length]
        if goal_id not in taken:
            return goal_id
    return new_goal_id(source, text, taken, salt + 1)


def _short(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class Ledger:
    """Every goal of a journal, by id, with the ledger file each came from.

    Changes go through its own methods (``add``, ``change``,
    ``record_document_hash``), which keep its indexes; ``LedgerWrites`` turns
    them into file edits. Equal by (and shown with) its goals, files,
    documents (document -> content hash when last synced) and file hashes
    (period key -> its documents' hashes), not its indexes.
    """

    __hash__ = None  # type: ignore[assignment]

    goals: dict[str, Goal]
    files: dict[str, Path]  # period key -> ledger file
    documents: dict[str, str]
    file_hashes: dict[str, dict[str, str]]

    def __init__(
        self,
        goals: dict[str, Goal],
        files: dict[str, Path],
        documents: dict[str, str] = NEW_LIST,
        file_hashes: dict[str, dict[str, str]] = NEW_LIST,
    ) -> None:
        self.goals = goals
        self.files = files
        self.documents = {} if documents is NEW_LIST else documents
        self.file_hashes = {} if file_hashes is NEW_LIST else file_hashes
        self._by_source: dict[str, list[Goal]] | None = None
        self._homes: dict[str, list[str]] | None = None
        self._carried_in: tuple[LinkIndex, LinkIndex] | None = None
        self._lineage_ids: dict[str, str] = {}

    def _compared(self) -> tuple:
        return (self.goals, self.files, self.documents, self.file_hashes)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._compared() == other._compared()  # type: ignore[attr-defined]
        return NotImplemented

    def __repr__(self) -> str:
        shown = zip(("goals", "files", "documents", "file_hashes"), self._compared(), strict=True)
        return f"{self.__class__.__qualname__}({', '.join(f'{name}={value!r}' for name, value in shown)})"

    # ------------------------------------------------------------ reading

    def goals_of(self, source: str) -> list[Goal]:
        """The goals found in one document."""
        if self._by_source is None:
            index: dict[str, list[Goal]] = {}
            for goal in self.goals.values():
                index.setdefault(goal.source, []).append(goal)
            self._by_source = index
        return list(self._by_source.get(source, ()))

    def hash_home(self, document: str) -> str | None:
        """The period whose ledger file records ``document``'s hash, if any."""
        for period_key in (self._homes or {}).get(document, ()):
            if document in self.file_hashes.get(period_key, {}):
                return period_key
        if self._homes is None:
            homes: dict[str, list[str]] = {}
            for period_key, hashes in self.file_hashes.items():
                for name in hashes:
                    homes.setdefault(name, []).append(period_key)
            self._homes = homes
            return self.hash_home(document)
        return None

    def periods_with_documents(self) -> set[str]:
        """The periods that have a document: those whose ledger file records a document's hash (a document deleted
        leaves its ledger file, with its goals removed and its history, but no hash)."""
        return {period for period, hashes in self.file_hashes.items() if hashes}

    def sources(self) -> set[str]:
        """Every document some goal was found in."""
        self.goals_of("")
        return set(self._by_source or ())

    def goals_in(self, period_keys: list[str]) -> dict[str, list[Goal]]:
        """The goals of each of these periods' ledger files (those found in its documents), in one pass."""
        found: dict[str, list[Goal]] = {period_key: [] for period_key in period_keys}
        for goal in self.goals.values():
            if goal.document_period in found:
                found[goal.document_period].append(goal)
        return found

    def resolve(self, prefix: str) -> Goal:
        """The goal whose id (any link's) starts with ``prefix``; none, or links of several goals, is a GoalNotFound.

        An exact id is that link. A prefix matching several links of one
        lineage names that one goal: its latest link. Links of two lineages
        are ambiguous.
        """
        prefix = prefix.strip().lower()
        if not prefix:
            raise GoalNotFound("an empty goal id matches nothing")
        if prefix in self.goals:
            return self.goals[prefix]
        matches = [goal for goal_id, goal in self.goals.items() if goal_id.startswith(prefix)]
        if not matches:
            raise GoalNotFound(f"no goal matches '{prefix}'", hint="'journal goals --all' lists the ids")
        by_lineage: dict[str, list[Goal]] = {}
        for goal in matches:
            by_lineage.setdefault(self.lineage_id(goal), []).append(goal)
        if len(prefix) < 3 and not any(lineage_id.startswith(prefix) for lineage_id in by_lineage):
            # Only a line's own id (a LINK, never shown by plain listings) starts so: one or two typed
            # characters are too likely a slip to change a goal with.
            raise GoalNotFound(
                f"no goal's id starts with '{prefix}'",
                hint="a line's own id (the LINK column of 'journal goals --all') needs 3 characters or more",
            )
        if len(by_lineage) > 1:
            named = [(lineage_id, self.latest(links[0]).text) for lineage_id, links in by_lineage.items()]
            shown = ", ".join(f"{lineage_id} ({_short(text)})" for lineage_id, text in named[:8])
            more = f" and {len(named) - 8} more" if len(named) > 8 else ""
            raise GoalNotFound(f"'{prefix}' matches {len(named)} goals: {shown}{more}", hint="type more of the id")
        return matches[0] if len(matches) == 1 else self.latest(matches[0])

    def lineage_id(self, goal: Goal) -> str:
        """The goal's id as people see and type it: its lineage's first link's id, the same for every link.

        Derived on read (the ledger keeps each link under its own id), so it
        holds however the links were made: by ``new``, ``carry``, a sync or by hand.
        """
        known = self._lineage_ids.get(goal.id)
        if known is None:
            chain = self.lineage(goal)
            known = chain[0].id
            for link in chain:
                self._lineage_ids[link.id] = known
        return known

    def lineage_ids(self, goals: list[Goal]) -> dict[str, str]:
        """Each goal's own (link) id -> its lineage id (``lineage_id``): what listings show."""
        return {goal.id: self.lineage_id(goal) for goal in goals}

    def lineage(self, goal: Goal) -> list[Goal]:
        """Every link of the goal, oldest first: all goals joined to it by carried_from / carried_to.

        Two earlier goals with the same words that continue in one line are one
        lineage, so the story is the same whichever link's id is asked for.
        """
        seen = {goal.id: goal}
        todo = [goal]
        while todo:
            current = todo.pop()
            neighbours = [current.carried_from, current.carried_to, *self._carried_into().get(current.id, ())]
            neighbours += self._carried_from_here().get(current.id, ())
            for other_id in neighbours:
                other = self.goals.get(other_id) if other_id else None
                if other is not None and other.id not in seen:
                    seen[other.id] = other
                    todo.append(other)
        if len(seen) == 1:
            return [goal]
        depth: dict[str, int] = {}

        def depth_of(link: Goal, path: frozenset[str] = frozenset()) -> int:
            # How many links come before this one (a loop written by hand counts once).
            if link.id not in depth:
                earlier = [g for g in self._earlier_links(link) if g.id in seen and g.id not in path]
                depth[link.id] = 1 + max((depth_of(g, path | {link.id}) for g in earlier), default=-1)
            return depth[link.id]

        return sorted(seen.values(), key=lambda link: (depth_of(link), link.source, link.line, link.id))

    def _earlier_links(self, link: Goal) -> list[Goal]:
        earlier = [self.goals[i] for i in self._carried_into().get(link.id, ()) if i in self.goals]
        if link.carried_from in self.goals and self.goals[link.carried_from] not in earlier:
            earlier.append(self.goals[link.carried_from])
        return earlier

    def _carried_into(self) -> dict[str, list[str]]:
        """Goal id -> the ids of the goals whose ``carried_to`` names it."""
        if self._carried_in is None:
            into: dict[str, list[str]] = {}
            out_of: dict[str, list[str]] = {}
            for other in self.goals.values():
                if other.carried_to:
                    into.setdefault(other.carried_to, []).append(other.id)
                if other.carried_from:
                    out_of.setdefault(other.carried_from, []).append(other.id)
            self._carried_in = (into, out_of)
        return self._carried_in[0]

    def _carried_from_here(self) -> dict[str, list[str]]:
        """Goal id -> the ids of the goals whose ``carried_from`` names it."""
        self._carried_into()
        return self._carried_in[1]  # type: ignore[index]

    def link_rows(self) -> list[LinkRow]:
        """Every goal's link row (``ledger/links.py``), in the ledger's order."""
        return [link_row(goal) for goal in self.goals.values()]

    def times_carried(self, goal: Goal) -> int:
        """How many periods the goal has been carried across: distinct periods of its links, less one."""
        return len({link.for_period for link in self.lineage(goal) if link.status != Status.REMOVED} or {0}) - 1

    def later_live_link(self, goal: Goal, *, first: bool = False) -> Goal | None:
        """The last link after ``goal`` (following carried_to, past removed links) that is not removed.

        With ``first``, the first such link instead.
        """
        return self.live_link(goal, "carried_to", first=first)

    def live_link(self, goal: Goal, direction: str, *, first: bool) -> Goal | None:
        """The farthest (or, with ``first``, the nearest) link that is not removed, following ``direction``
        (``carried_to`` or ``carried_from``) from ``goal``; None when there is none."""
        found = None
        seen = {goal.id}
        current = goal
        while (step := getattr(current, direction)) and step in self.goals and step not in seen:
            current = self.goals[step]
            seen.add(current.id)
            if current.status != Status.REMOVED:
                found = current
                if first:
                    break
        return found

    def latest(self, goal: Goal) -> Goal:
        """The goal's latest link that is not removed: where it lives now (itself if every link is removed)."""
        later = self.later_live_link(goal)
        if later is not None:
            return later
        if goal.status != Status.REMOVED:
            return goal
        live = [link for link in self.lineage(goal) if link.status != Status.REMOVED]
        return self.latest(live[-1]) if live else goal

    def lives_on(self, goal: Goal, *, for_period: str | None = None) -> bool:
        """Whether the goal lives on in a later link (one not removed; with ``for_period``, one for that period).

        Such a goal is counted, listed and decided at that later link, not here.
        """
        later = self.later_live_link(goal, first=True)
        if later is None:
            return False
        return for_period is None or later.for_period == for_period

    # ------------------------------------------------------------ changing

    def add(self, goal: Goal, path: Path) -> None:
        """Add a new goal, found in the document of period ``goal.document_period`` (ledger file ``path``)."""
        self.goals[goal.id] = goal
        self._carried_in = None
        self._lineage_ids.clear()
        self.files.setdefault(goal.document_period, path)
        if self._by_source is not None:
            self._by_source.setdefault(goal.source, []).append(goal)

    def change(self, goal: Goal, fields: dict[str, Any], history: dict[str, Any] | None = None) -> None:
        """Set a goal's fields (None removes an optional one) and append a history entry."""
        for name, value in fields.items():
            setattr(goal, name, [] if value is None and name == "tags" else value)
        if "carried_to" in fields or "carried_from" in fields:
            self._carried_in = None
        self._lineage_ids.clear()  # a link's source or line can change which of two first links comes first
        if history is not None:
            goal.history.append(history)

    def record_document_hash(self, document: str, period_key: str | None, digest: str | None) -> str | None:
        """Record where and at which hash ``document`` was synced (None: gone); the old home if it moved."""
        home = self.hash_home(document)
        moved = home if home is not None and home != period_key else None
        if moved is not None:
            del self.file_hashes[moved][document]
        if period_key is not None:
            if self._homes is not None:
                self._homes.setdefault(document, []).append(period_key)
            hashes = self.file_hashes.setdefault(period_key, {})
            if digest is None:
                hashes.pop(document, None)
            else:
                hashes[document] = digest
        if digest is None:
            self.documents.pop(document, None)
        else:
            self.documents[document] = digest
        return moved
