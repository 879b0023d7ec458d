"""The model-based test of issue 17: a seeded random history drives the CLI and ``tests.lineage_model`` side by side.

After every step it compares `goals --all --json`, every document's markers, `stats --json`, `list --json`,
`show ID --json` and the open goals of `review --print` with the model. On a disagreement it prints the seed,
the step, and the shortest prefix of steps found that still disagrees (steps are dropped one at a time while
the disagreement stays).

The default run is short (a few seeds). The long one: ``JOURNAL_MODEL_SEEDS=40 JOURNAL_MODEL_STEPS=120
pytest -m lineage_model tests/test_lineage_model.py`` (``JOURNAL_MODEL_FIRST_SEED`` picks the first seed).
"""

from __future__ import annotations

import json
import os
import random
import re
import tempfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from journal.cli import cli
from journal.config import init_journal
from tests.lineage_model import VERBS, Model, Step, quarter_keys

QUARTERS = quarter_keys(8)
LINE = re.compile(r"^- \[(.)\] (.*)$", re.MULTILINE)
ENV = {"JOURNAL_NOW": "2026-01-15", "NO_COLOR": "1", "COLUMNS": "200"}


class Disagreement(AssertionError):
    pass


class Driver:
    """One journal in a folder, changed by steps through the CLI and by hand, like a person would."""

    def __init__(self, root: Path, *, every_earlier: bool) -> None:
        init_journal(root)
        self.root = root
        self.runner = CliRunner()
        self.model = Model(QUARTERS, brings_every_earlier=every_earlier)
        self.ids: dict[tuple[str, str], str] = {}  # (quarter, words) -> that link's own id
        self.goal_ids: dict[tuple[str, str], str] = {}  # (quarter, words) -> the goal's id, as shown

    def run(self, *args: str, expect: int | None = 0):
        result = self.runner.invoke(cli, list(args), env={**ENV, "JOURNAL_DIR": str(self.root)}, catch_exceptions=False)
        if expect is not None and result.exit_code != expect:
            raise Disagreement(f"`journal {' '.join(args)}` exited {result.exit_code}, not {expect}: {result.stderr}")
        return result

    def document(self, quarter: str) -> Path:
        return self.root / "entries" / f"{quarter}.md"

    def step(self, step: Step) -> bool:
        """Apply a step to the journal and the model; False when it does not apply (skipped)."""
        kind = step[0]
        if kind == "cli":
            lineage = self.model.goals.get(step[3])
            link = lineage.link(step[2]) if lineage else None
            goal_id = self.ids.get((step[2], step[3]))
            if lineage is None or link is None or goal_id is None:
                return False
            if zlib.crc32(repr(step).encode()) % 2:
                # Half the steps type the goal's id as shown (its first link's) instead of this link's own:
                # the CLI must then do what it does for the first link's id.
                goal_id, link = self.goal_ids[(step[2], step[3])], lineage.links[0]
                step = (kind, step[1], link.quarter, step[3])
            nothing = self.model.names_nothing(lineage, link)
            self.model.apply(step)
            self.run(step[1], goal_id, expect=3 if nothing else 0)
            return True
        if not self.model.apply(step):
            return False
        if kind == "new":
            self.run("new", step[1])
        elif kind == "add":
            year, quarter = step[1].split("-q")
            heading = f"## Goals for Q{quarter} {year}\n"
            self._edit(step[1], lambda text: text.replace(heading, f"{heading}- [{step[3]}] {step[2]}\n", 1))
        elif kind == "mark":
            self._edit(step[1], lambda text: _line(text, step[2]).sub(f"- [{step[3]}] {step[2]}", text, count=1))
        else:
            self._edit(step[1], lambda text: _line(text, step[2], newline=True).sub("", text, count=1))
        return True

    def _edit(self, quarter: str, change) -> None:
        path = self.document(quarter)
        text = path.read_text()
        changed = change(text)
        assert changed != text, f"the step changed nothing in {path.name}"
        path.write_text(changed)

    # -------------------------------------------------------------- comparing

    def compare(self, rng: random.Random) -> None:
        """Every view against the model; a Disagreement names the first that differs."""
        model = self.model
        every = json.loads(self.run("goals", "--all", "--json").stdout)
        self.ids = {(g["period"], g["text"]): g["link_id"] for g in every}
        self.goal_ids = {(g["period"], g["text"]): g["id"] for g in every}
        first_ids = {(link.quarter, g.text): self.ids.get((g.links[0].quarter, g.text))
                     for g in model.goals.values() for link in g.links}  # fmt: skip
        _same("goals --all --json ids (one id a goal: its first link's)", self.goal_ids, first_ids)
        _same("goals --all --json", {(g["period"], g["text"]): g["status"] for g in every}, model.all_links())
        markers = {}
        for quarter in model.documents:
            markers.update({(quarter, m[2]): m[1] for m in LINE.finditer(self.document(quarter).read_text())})
        _same("the documents' markers", markers, model.shown())
        stats = json.loads(self.run("stats", "--json").stdout)["periods"]
        fields = ("set", "done", "in_progress", "open", "dropped", "carried_out", "carried_in")
        _same("stats --json", {r["period"]: tuple(r[f] for f in fields) for r in stats}, model.counts())
        rows = {r["period"]: (r["goals"], r["done"], r["open"], r["dropped"], r["carried"])
                for r in json.loads(self.run("list", "--json").stdout)}  # fmt: skip
        counts = model.counts()
        wanted = {q: (c[0], c[1], c[2] + c[3], c[4], c[5]) for q, c in counts.items() if q in model.documents}
        _same("list --json", rows, {q: wanted.get(q, (0, 0, 0, 0, 0)) for q in model.documents})
        for key in rng.sample(sorted(self.ids), min(2, len(self.ids))):
            links = json.loads(self.run("show", self.ids[key], "--json").stdout)
            story = sorted((link["period"], link["status"]) for link in links)
            _same(f"show {self.ids[key]} --json ({key[1]})", story, model.story(key[1]))
        if model.documents:
            latest = model.documents[-1]
            printed = self.run("review", latest, "--print").stdout
            section = printed.split("## Open goals", 1)[1].split("## Questions", 1)[0]
            section, _, earlier = section.partition("## Undecided from earlier periods")
            found = {m[1] for m in re.finditer(r"^- \[.\] (.*) \(`", section, re.MULTILINE)}
            _same(f"review {latest} --print (open goals)", found, model.open_in(latest))
            shown = {m[1] for m in re.finditer(r"^- \[.\] .* \(`([0-9a-z]+)`", section, re.MULTILINE)}
            _same(f"review {latest} --print (their ids)", shown, {first_ids[(latest, text)] for text in found})
            found = {m[1] for m in re.finditer(r"^- \[.\] (.*) \(`", earlier, re.MULTILINE)}
            _same(f"review {latest} --print (undecided earlier)", found, model.undecided_before(latest))


def _line(text: str, words: str, *, newline: bool = False) -> re.Pattern[str]:
    return re.compile(rf"^- \[.\] {re.escape(words)}$" + ("\n" if newline else ""), re.MULTILINE)


def _same(view: str, actual, expected) -> None:
    if actual != expected:
        if isinstance(actual, dict) and isinstance(expected, dict):
            keys = sorted(set(actual) | set(expected), key=str)
            diff = {k: (actual.get(k), expected.get(k)) for k in keys if actual.get(k) != expected.get(k)}
            raise Disagreement(f"{view}: journal != model at {diff}")
        raise Disagreement(f"{view}: journal {actual!r} != model {expected!r}")


def brings_every_earlier() -> bool:
    """Whether `journal new` brings unfinished goals of every earlier period (issue 11 item 3), not the last's only."""
    result = CliRunner().invoke(cli, ["goals", "--help"])
    return "--stale" in result.stdout


def history(seed: int, steps: int) -> list[Step]:
    """The steps of one seeded random history (generated against the model alone)."""
    rng = random.Random(seed)
    model = Model(QUARTERS)
    chosen: list[Step] = []
    for serial in range(steps):
        step = model.random_step(rng, serial)
        model.apply(step)
        chosen.append(step)
    return chosen


def replay(steps: list[Step], every_earlier: bool, seed: int = 0) -> tuple[int, str] | None:
    """Run ``steps`` on a fresh journal, comparing after each; (index, why) of the first disagreement, or None."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        driver = Driver(Path(folder) / "journal", every_earlier=every_earlier)
        for index, step in enumerate(steps):
            try:
                if driver.step(step):
                    driver.compare(rng)
            except Disagreement as exc:
                return index, str(exc)
    return None


def shortest_prefix(steps: list[Step], every_earlier: bool, budget: int = 60) -> list[Step]:
    """Drop steps one at a time (latest first) while the history still disagrees somewhere."""
    kept = list(steps)
    for position in range(len(kept) - 2, -1, -1):
        if budget <= 0:
            break
        budget -= 1
        trial = kept[:position] + kept[position + 1 :]
        if replay(trial, every_earlier) is not None:
            kept = trial
    return kept


def check_seed(seed: int, steps: int, every_earlier: bool) -> int:
    """Run one seed's history; fail with the seed and the shortest disagreeing prefix. Returns steps applied."""
    chosen = history(seed, steps)
    found = replay(chosen, every_earlier, seed)
    if found is None:
        return len(chosen)
    index, why = found
    prefix = shortest_prefix(chosen[: index + 1], every_earlier)
    listing = "\n".join(f"  {n + 1}. {step}" for n, step in enumerate(prefix))
    pytest.fail(f"seed {seed}, step {index + 1} of {len(chosen)}: {why}\nshortest prefix found:\n{listing}")


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_short_random_history_agrees_with_the_model(seed: int):
    assert check_seed(seed, 40, brings_every_earlier()) == 40


@pytest.mark.lineage_model
def test_a_long_random_history_agrees_with_the_model(request):
    if "lineage_model" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("the long run: pytest -m lineage_model (counts from JOURNAL_MODEL_SEEDS, JOURNAL_MODEL_STEPS)")
    seeds = int(os.environ.get("JOURNAL_MODEL_SEEDS", "20"))
    steps = int(os.environ.get("JOURNAL_MODEL_STEPS", "100"))
    first = int(os.environ.get("JOURNAL_MODEL_FIRST_SEED", "100"))
    every_earlier = brings_every_earlier()
    total = sum(check_seed(seed, steps, every_earlier) for seed in range(first, first + seeds))
    print(f"lineage model: seeds {first}-{first + seeds - 1}, {total} steps, no disagreement")


def test_the_model_and_the_steps_are_what_they_say():
    model = Model(QUARTERS)
    assert model.apply(("new", "2024-q1")) and model.apply(("add", "2024-q1", "Write", " "))
    assert not model.apply(("add", "2024-q1", "Write", " "))  # the words are taken
    assert model.apply(("new", "2024-q2")) and model.all_links() == {("2024-q1", "Write"): "carried",
                                                                       ("2024-q2", "Write"): "open"}  # fmt: skip
    assert model.apply(("mark", "2024-q1", "Write", "x")) and model.shown()[("2024-q2", "Write")] == "x"
    assert model.counts() == {"2024-q1": (1, 0, 0, 0, 0, 1, 0), "2024-q2": (1, 1, 0, 0, 0, 0, 1)}
    assert model.apply(("delete", "2024-q2", "Write")) and model.all_links()[("2024-q1", "Write")] == "done"
    assert model.apply(("cli", "reopen", "2024-q1", "Write")) and model.open_in("2024-q1") == {"Write"}
    assert sorted(VERBS) == ["done", "drop", "reopen", "start"]
    assert history(7, 20) == history(7, 20) and history(7, 20) != history(8, 20)
