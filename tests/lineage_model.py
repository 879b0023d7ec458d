"""A simple, independent model of goals across quarters, and a seeded random history that drives it and the CLI.

The model knows nothing of ids, ledgers or matching: a goal is its words (every generated text is unique), a
link is (quarter, words), and the lineage rule is applied to plain records:

- a lineage's status is the latest decision made on any of its links (the CLI and the review decide at the
  latest live link; a marker typed on the latest line decides; ``[x]`` or ``[-]`` typed on an older line
  decides too, and the latest line then shows it);
- older lines show ``[>]`` unless the person typed something there; what they typed stays;
- a deleted line is removed; if it was the latest, the live link before it is the latest again, with the
  status it had before it was carried (its ``own``); with none, the goal is gone;
- counts: per quarter each goal once, ``carried`` when it lives on in a later quarter, else its status;
- one id a goal: every link shows its first link's id; the CLI given a removed link's id changes the goal
  when the goal lives on in a link carried (directly or not) from it, and nothing (exit 3) otherwise.

``Step`` values are concrete (quarter and words), so a prefix of steps replays on a fresh journal, and a step
that no longer applies (its line is gone) is skipped: that is what shrinking relies on.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

MARKER = {"open": " ", "in_progress": "/", "done": "x", "dropped": "-", "carried": ">"}
STATUS_OF = {marker: status for status, marker in MARKER.items()}
VERBS = {"done": "done", "start": "in_progress", "drop": "dropped", "reopen": "open"}
UNSETTLED = ("open", "in_progress", "carried")

Step = tuple  # ("new", quarter) | ("add", quarter, text, marker) | ("cli", verb, quarter, text)
#               | ("mark", quarter, text, marker) | ("delete", quarter, text)


def quarter_keys(count: int, first_year: int = 2024) -> list[str]:
    return [f"{first_year + n // 4}-q{n % 4 + 1}" for n in range(count)]


@dataclass
class Link:
    quarter: str
    text: str
    shown: str  # the marker its line shows
    own: str  # its last status that is not carried: what it goes back to when it is the latest again
    came_from: str | None = None  # the quarter of the link it was carried from
    removed: bool = False
    typed: str | None = None  # a decision typed on it while older (done / dropped)


@dataclass
class Lineage:
    text: str
    status: str
    links: list[Link] = field(default_factory=list)

    def live(self) -> list[Link]:
        return [link for link in self.links if not link.removed]

    def latest(self) -> Link | None:
        live = self.live()
        return live[-1] if live else None

    def link(self, quarter: str) -> Link | None:
        return next((link for link in self.links if link.quarter == quarter), None)

    def link_status(self, link: Link) -> str:
        """The ledger status of one link, as `goals --all` shows it."""
        if link.removed:
            return "removed"
        if link is self.latest():
            return self.status
        return link.typed or "carried"


@dataclass
class Model:
    quarters: list[str]
    documents: list[str] = field(default_factory=list)  # quarters with a document, in order
    goals: dict[str, Lineage] = field(default_factory=dict)  # words -> lineage
    brings_every_earlier: bool = False  # `new` brings unfinished goals of every earlier quarter, not only the last

    # -------------------------------------------------------------- steps

    def apply(self, step: Step) -> bool:
        """Apply one step; False when it does not apply (it is then skipped on the CLI too)."""
        kind = step[0]
        if kind == "new":
            return self._new(step[1])
        found = self.goals.get(step[2] if kind != "cli" else step[3])
        quarter = step[1] if kind != "cli" else step[2]
        if kind == "add":
            if quarter not in self.documents or found is not None:
                return False
            status = STATUS_OF[step[3]]
            self.goals[step[2]] = Lineage(step[2], status, [Link(quarter, step[2], step[3], _own(status, "open"))])
            return True
        link = found.link(quarter) if found is not None else None
        if link is None:
            return False
        if kind == "cli":
            return self._cli(found, link, VERBS[step[1]])
        if link.removed:
            return False
        if kind == "mark":
            return self._mark(found, link, step[3])
        return self._delete(found, link)

    def _new(self, quarter: str) -> bool:
        if quarter in self.documents or (self.documents and quarter < self.documents[-1]):
            return False
        previous = self.quarters[self.quarters.index(quarter) - 1] if quarter != self.quarters[0] else None
        for lineage in self.goals.values():
            latest = lineage.latest()
            if latest is None or lineage.status not in UNSETTLED or latest.quarter >= quarter:
                continue
            if not (self.brings_every_earlier or latest.quarter == previous):
                continue
            status = lineage.status if lineage.status != "carried" else "open"
            latest.shown = ">"
            lineage.status = status
            lineage.links.append(Link(quarter, lineage.text, MARKER[status], status, came_from=latest.quarter))
        self.documents.append(quarter)
        return True

    def names_nothing(self, lineage: Lineage, link: Link) -> bool:
        """Whether `journal VERB ID` with this link's id is exit 3: a removed link no live link was carried from."""
        if not link.removed:
            return False
        for later in lineage.live():
            current: Link | None = later
            while current is not None and current.came_from is not None:
                current = lineage.link(current.came_from)
                if current is link:
                    return False
        return True

    def _cli(self, lineage: Lineage, link: Link, status: str) -> bool:
        """`journal VERB ID`: exit 3 when the id names nothing left (nothing changes); else the latest link decides."""
        if self.names_nothing(lineage, link):
            return True
        latest = lineage.latest()
        if latest is None or lineage.status == status:
            return True
        lineage.status = latest.own = status
        latest.shown = MARKER[status]
        return True

    def _mark(self, lineage: Lineage, link: Link, marker: str) -> bool:
        if link.shown == marker:
            return False
        link.shown = marker
        status = STATUS_OF[marker]
        latest = lineage.latest()
        if link is latest:
            lineage.status = status
            link.own = _own(status, link.own)
        elif status in ("done", "dropped"):
            link.typed = link.own = status
            if lineage.status != status:
                lineage.status = status
                latest.own = status
                latest.shown = marker
        else:
            link.typed = None  # open or in progress typed on an older line is not a decision
        return True

    def _delete(self, lineage: Lineage, link: Link) -> bool:
        was_latest = link is lineage.latest()
        link.removed = True
        if not was_latest:
            return True
        previous = self._previous_live(lineage, link)
        if previous is None:
            return True
        if previous.typed is None:
            previous.shown = MARKER[previous.own]
        lineage.status = previous.own
        previous.typed = None
        # Links after it are all removed: it is the latest again.
        return True

    def _previous_live(self, lineage: Lineage, link: Link) -> Link | None:
        current = link
        while current.came_from is not None:
            current = lineage.link(current.came_from)
            if current is None:
                return None
            if not current.removed:
                return current
        return None

    # -------------------------------------------------------------- views

    def all_links(self) -> dict[tuple[str, str], str]:
        """(quarter, words) -> status, for every link: `goals --all`."""
        return {(link.quarter, g.text): g.link_status(link) for g in self.goals.values() for link in g.links}

    def shown(self) -> dict[tuple[str, str], str]:
        """(quarter, words) -> the marker the line shows, for every line still in a document."""
        return {(link.quarter, g.text): link.shown for g in self.goals.values() for link in g.live()}

    def counts(self) -> dict[str, tuple[int, ...]]:
        """quarter -> (set, done, in progress, open, dropped, carried out, carried in), for quarters with goals."""
        rows: dict[str, list[int]] = {}
        for lineage in self.goals.values():
            live = lineage.live()
            for link in live:
                row = rows.setdefault(link.quarter, [0] * 7)
                status = "carried" if link is not live[-1] else lineage.status
                row[0] += 1
                row[1 + ("done", "in_progress", "open", "dropped", "carried").index(status)] += 1
                row[6] += link.came_from is not None
        return {quarter: tuple(row) for quarter, row in sorted(rows.items())}

    def open_in(self, quarter: str) -> set[str]:
        """The words of the goals a review of ``quarter`` asks about."""
        return {
            g.text
            for g in self.goals.values()
            if (latest := g.latest()) is not None and latest.quarter == quarter and g.status in ("open", "in_progress")
        }

    def undecided_before(self, quarter: str) -> set[str]:
        """The words of the goals of earlier quarters left undecided, which a review of ``quarter`` offers too."""
        if not self.brings_every_earlier:
            return set()
        return {
            g.text
            for g in self.goals.values()
            # open, in progress, or marked [>] by hand on its latest line: carried nowhere yet
            if (latest := g.latest()) is not None
            and latest.quarter < quarter
            and g.status in ("open", "in_progress", "carried")
        }

    def story(self, text: str) -> list[tuple[str, str]]:
        """(quarter, status) of every link of one goal, oldest first: `show ID --json`."""
        lineage = self.goals[text]
        return [(link.quarter, lineage.link_status(link)) for link in sorted(lineage.links, key=lambda k: k.quarter)]

    # -------------------------------------------------------------- a random history

    def random_step(self, rng: random.Random, serial: int) -> Step:
        """One step that applies now, chosen at random (its words made unique by ``serial``)."""
        links = [(g, link) for g in self.goals.values() for link in g.links]
        live = [(g, link) for g, link in links if not link.removed]
        remaining = [q for q in self.quarters if not self.documents or q > self.documents[-1]]
        choices = ["add"] * 4 + ["cli"] * 4 + ["mark"] * 5 + ["delete"] * 2 + ["new"] * 2
        while True:
            kind = rng.choice(choices) if self.documents else "new"
            if kind == "new" and remaining:
                skip = 1 if len(remaining) > 1 and rng.random() < 0.15 else 0
                return ("new", remaining[skip])
            if kind == "add":
                return ("add", self.documents[-1], f"Goal {serial} {rng.choice(WORDS)}", rng.choice(" /x-"))
            if kind == "cli" and links:
                lineage, link = rng.choice(links)
                return ("cli", rng.choice(sorted(VERBS)), link.quarter, lineage.text)
            if kind in ("mark", "delete") and live:
                older = [(g, link) for g, link in live if link is not g.latest()]
                # Half the time an older line: the case the lineage rule is about.
                lineage, link = rng.choice(older if older and rng.random() < 0.5 else live)
                if kind == "delete":
                    return ("delete", link.quarter, lineage.text)
                marker = rng.choice([m for m in " /x->" if m != link.shown])
                return ("mark", link.quarter, lineage.text, marker)


def _own(status: str, before: str) -> str:
    return before if status == "carried" else status


WORDS = ["write the runbook", "plan the offsite", "ship the API", "hire two engineers", "run 300 km", "read 6 books"]
