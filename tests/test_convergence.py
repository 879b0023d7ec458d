"""Three clones of one journal, random operations spread over them, pulls and pushes between them: once
everyone has pulled, the three agree byte for byte, and every decision any clone made is in exactly one
history entry (issue 12, "Done means"). Clones exchange through a bare remote (pull, then push) and
straight with each other (one pulls from another's folder), so merges criss-cross.

The default run is short; the long one is ``JOURNAL_CONVERGENCE_ROUNDS=200 python -m pytest -m
convergence -s``, with ``JOURNAL_CONVERGENCE_SEED=N`` to replay a printed seed. A failure names the seed
and the round. Operations: done, start, drop, reopen, add, a goal written by hand, a hand edit of a line
of prose (each clone its own line), a goal reworded by hand (two clones rewording one goal is the one
conflict left to the person: the test checks the output named the file, keeps both versions and goes
on), and `new` and `carry` (on the first clone: two clones writing the same new document at once is an
add/add conflict of whole files, left to the person), and a review decision (`journal review 2025-q1`
answered on its standard input: the first goal it asks about is done, then it stops; its record in
ledger/reviews/ is merged too). Every clone commits through autocommit and pulls with `journal pull`.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from journal.documents import conflict_line
from tests.git_helpers import clone, git, git_env, journal, make_remote, pull, push, requires_git

pytestmark = [
    pytest.mark.convergence,
    requires_git,
]

ROUNDS = int(os.environ.get("JOURNAL_CONVERGENCE_ROUNDS", "40"))
SEED = int(os.environ.get("JOURNAL_CONVERGENCE_SEED", "20250415"))
START = datetime(2025, 3, 20, 9, 0, 0)

Q1 = """# Q1 2025 Reflection

## Goals for Q1 2025

- [ ] Run 300 km over the quarter
- [ ] Mentor one engineer towards a senior promotion case
- [ ] Write the service-ownership RFC
- [ ] Bring monorepo CI under 10 minutes
- [ ] Read four books
- [ ] Onboard two new engineers

## Notes

Notes of clone 0:

Notes of clone 1:

Notes of clone 2:
"""

DECISIONS = {"done": "done", "start": "in_progress", "drop": "dropped", "reopen": "open"}


class World:
    """Three clones, a clock that gives every operation its own minute, and what was decided."""

    def __init__(self, tmp_path: Path, seed: int) -> None:
        self.random = random.Random(seed)
        self.env = git_env(tmp_path)
        self.minute = 0
        origin = tmp_path / "origin"
        (origin / "entries").mkdir(parents=True)
        (origin / "journal.toml").write_text('author = "Dana"\n')
        (origin / "entries" / "2025-q1.md").write_text(Q1)
        assert journal(origin, "sync", env=self.env, now=self.now()).code == 0
        make_remote(origin, tmp_path / "remote.git", self.env)
        self.clones = [clone(tmp_path / "remote.git", tmp_path / f"clone{i}", self.env) for i in range(3)]
        self.decisions: list[tuple[str, str]] = []  # (at, status) of every decision made
        self.conflicts: list[str] = []
        self.next_period = 2  # the quarter `new` writes next
        self.added = 0
        self.reviews = 0  # review decisions made
        self.round = 0  # the round being played, named by a failure

    def now(self) -> str:
        self.minute += 1
        return (START + timedelta(minutes=self.minute)).isoformat()

    def run(self, repo: Path, *args: str, now: str | None = None):
        outcome = journal(repo, *args, env=self.env, now=now or self.now())
        assert outcome.code == 0, f"journal {' '.join(args)} in {repo.name}: {outcome.output}"
        return outcome

    def goals(self, repo: Path, *flags: str) -> list[dict]:
        return json.loads(self.run(repo, "goals", *flags, "--json").stdout)

    # ------------------------------------------------------------ operations

    def decide(self, index: int, command: str) -> None:
        repo = self.clones[index]
        flags = ("--done",) if command == "reopen" else ("--open",)
        candidates = [g for g in self.goals(repo, *flags) if command != "start" or g["status"] == "open"]
        if not candidates:
            return
        goal = self.random.choice(candidates)
        at = self.now()
        self.run(repo, command, goal["link_id"], now=at)
        self.decisions.append((at, DECISIONS[command]))

    def add(self, index: int) -> None:
        self.added += 1
        self.run(self.clones[index], "add", f"Goal {self.added} written on clone {index}", "--period", "2025-q1")

    def hand_written_goal(self, index: int) -> None:
        self.added += 1
        path = self.clones[index] / "entries" / "2025-q1.md"
        text = path.read_text()
        path.write_text(text.replace("\n\n## Notes", f"\n- [ ] Hand goal {self.added} on clone {index}\n\n## Notes", 1))
        self.run(self.clones[index], "sync")

    def reword(self, index: int) -> None:
        """A goal's words changed by hand: two clones rewording one goal is the conflict left to the person."""
        path = self.clones[index] / "entries" / "2025-q1.md"
        lines = path.read_text().splitlines(keepends=True)
        goal_lines = [number for number, line in enumerate(lines) if line.startswith("- [")]
        number = self.random.choice(goal_lines)
        lines[number] = lines[number].rstrip("\n") + f" (reworded {self.minute} on clone {index})\n"
        path.write_text("".join(lines))
        self.run(self.clones[index], "sync")

    def hand_edit(self, index: int) -> None:
        path = self.clones[index] / "entries" / "2025-q1.md"
        text = path.read_text()
        line = f"Notes of clone {index}:"
        path.write_text(text.replace(line, f"{line} edit {self.minute}", 1))
        self.run(self.clones[index], "sync")

    def new(self) -> None:
        if self.next_period > 4:
            return
        self.run(self.clones[0], "new", f"2025-q{self.next_period}")
        self.next_period += 1

    def carry(self) -> None:
        if self.next_period > 2:
            self.run(self.clones[0], "carry", "2025-q1", f"2025-q{self.next_period - 1}")

    def review(self, index: int) -> None:
        """A review decision: the first goal the review of Q1 asks about is marked done, then it stops."""
        at = self.now()
        outcome = journal(self.clones[index], "review", "2025-q1", env=self.env, now=at, input="d\nq\n")
        assert outcome.code == 0, f"journal review in clone {index}: {outcome.output}"
        if "[1/" in outcome.output:
            self.decisions.append((at, "done"))
            self.reviews += 1

    def operate(self) -> str:
        index = self.random.randrange(3)
        what = self.random.choices(
            ["done", "start", "drop", "reopen", "add", "write", "edit", "reword", "new", "carry", "review"],
            [4, 4, 2, 2, 2, 1, 2, 1, 1, 1, 1],
        )[0]
        if what in DECISIONS:
            self.decide(index, what)
        elif what == "add":
            self.add(index)
        elif what == "write":
            self.hand_written_goal(index)
        elif what == "edit":
            self.hand_edit(index)
        elif what == "reword":
            self.reword(index)
        elif what == "review":
            self.review(index)
        elif what == "new":
            index = 0
            self.new()
        else:
            index = 0
            self.carry()
        # No commit here: autocommit made one for a command, and a hand edit is committed by the next
        # command on that clone (its own "edit by hand" commit), as for a person.
        return f"{what} on clone {index}"

    # ------------------------------------------------------------ exchange

    def exchange(self, index: int) -> bool:
        """Clone ``index`` pulls (resolving a conflict by hand if one is left) and pushes; whether HEAD moved."""
        repo = self.clones[index]
        before = git(repo, "rev-parse", "HEAD", env=self.env).output
        pulled = pull(repo, self.env, now=self.now())
        if pulled.code != 0:
            self.resolve_by_hand(repo, pulled.output)
        assert push(repo, self.env).code == 0
        return git(repo, "rev-parse", "HEAD", env=self.env).output != before

    def exchange_with_peer(self, index: int, peer: int) -> None:
        """Clone ``index`` pulls straight from clone ``peer`` (no remote between them)."""
        repo = self.clones[index]
        pulled = pull(repo, self.env, now=self.now(), source=(str(self.clones[peer]), "main"))
        if pulled.code != 0:
            self.resolve_by_hand(repo, pulled.output)

    def resolve_by_hand(self, repo: Path, output: str) -> None:
        """Keep both sides of every conflict (as a person finishing the merge would, losing nothing)."""
        conflicted = git(repo, "diff", "--name-only", "--diff-filter=U", env=self.env).output.split()
        assert conflicted, f"pull failed without a conflict:\n{output}"
        for name in conflicted:
            assert name in output, f"the output does not name {name}:\n{output}"
            path = repo / name
            text = path.read_text()
            assert conflict_line(text.encode()) is not None
            if os.environ.get("JOURNAL_CONVERGENCE_SHOW"):
                print(text)
            for ours, theirs in re.findall(r"^<<<<<<<.*\n((?:.*\n)*?)=======\n((?:.*\n)*?)>>>>>>>", text, re.M):
                # The one conflict left to a person: both sides changed the words of one goal.
                mine, other = (set(re.findall(r"\(reworded \d+ on clone \d\)", side)) for side in (ours, theirs))
                assert mine - other and other - mine, f"{name}: a conflict journal should resolve:\n{text}"
            path.write_text(re.sub(r"^(<<<<<<<|=======|>>>>>>>).*\n", "", text, flags=re.MULTILINE))
            self.conflicts.append(name)
        self.run(repo, "sync")  # README: `journal sync` reads the finished document and its commit ends the merge
        assert not (repo / ".git" / "MERGE_HEAD").exists()

    def quiesce(self) -> int:
        """Everyone pulls and pushes until a whole pass changes nothing; the passes it took."""
        for passes in range(1, 10):
            moved = [self.exchange(index) for index in range(3)]
            if not any(moved[1:]) and passes > 1:
                return passes
        raise AssertionError("the clones did not settle in 10 passes")


def files_of(repo: Path, folder: str) -> dict[str, bytes]:
    return {p.relative_to(repo).as_posix(): p.read_bytes() for p in sorted((repo / folder).rglob("*")) if p.is_file()}


def run_world(tmp_path: Path, rounds: int, seed: int) -> dict[str, object]:
    world = World(tmp_path, seed)
    started = time.monotonic()
    world.round = 0
    try:
        for world.round in range(1, rounds + 1):  # noqa: B020 - the round a failure names
            world.operate()
            chance = world.random.random()
            if chance < 0.4:
                world.exchange(world.random.randrange(3))
            elif chance < 0.6:
                index, peer = world.random.sample(range(3), 2)
                world.exchange_with_peer(index, peer)
        passes = world.quiesce()
        listings = [world.run(repo, "goals", "--all", "--json").stdout for repo in world.clones]
        assert listings[0] == listings[1] == listings[2]
        for folder in ("ledger", "entries"):
            assert (
                files_of(world.clones[0], folder)
                == files_of(world.clones[1], folder)
                == files_of(world.clones[2], folder)
            )
        for path in [*world.clones[0].glob("entries/**/*.md"), *world.clones[0].glob("ledger/**/*.toml")]:
            assert conflict_line(path.read_bytes()) is None, path
        for path in world.clones[0].glob("entries/**/*.md"):  # no goal line doubled by a merge
            items = [line[6:] for line in path.read_text().splitlines() if line.startswith("- [")]
            assert len(items) == len(set(items)), (path, sorted(i for i in items if items.count(i) > 1))
        entries = [(e["at"], e["status"]) for g in json.loads(listings[0]) for e in g["history"]]
        for decision in world.decisions:
            assert entries.count(decision) == 1, f"decision {decision}: {entries.count(decision)} entries"
    except BaseException:
        print(f"convergence failed: seed {seed}, round {world.round} of {rounds}")
        raise
    return {
        "rounds": rounds, "seed": seed, "seconds": round(time.monotonic() - started, 1),
        "decisions": len(world.decisions), "review decisions": world.reviews,
        "conflicts": len(world.conflicts), "conflicted": world.conflicts,
        "passes": passes,
    }  # fmt: skip


def test_three_clones_converge(tmp_path):
    figures = run_world(tmp_path, ROUNDS, SEED)
    print(f"convergence: {figures}")
    assert figures["decisions"] > 0
