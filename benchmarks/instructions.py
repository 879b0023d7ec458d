"""Count the instructions each benchmark command executes (valgrind's callgrind), for when timings are doubtful.

    python benchmarks/instructions.py --journal .venv/bin/journal /tmp/ir-new
    python benchmarks/instructions.py --journal /tmp/old/bin/journal /tmp/ir-old

On a loaded machine wall and CPU times wander by tens of percent; the count
of user-space instructions does not (it leaves out the kernel's work: the
stat and read calls themselves). Builds (or reuses) the benchmark journals in
DIR with the same generator and seed as ``run.py``, runs each command once
untimed (so .pyc files are written), then once under callgrind, and prints
the counts in millions with their ratio to ``python -c pass``. Needs valgrind.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

try:
    from benchmarks.generate import build_journal
except ImportError:  # run as a script: benchmarks/ is sys.path[0]
    from generate import build_journal  # type: ignore[no-redef]


def instructions(command: list[str], env: dict[str, str]) -> float:
    """Millions of instructions ``command`` executes (callgrind's "Collected")."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    found = re.search(r"Collected\s*:\s*(\d+)", done.stderr)
    if found is None:
        raise RuntimeError(f"no count for {' '.join(command)}: {done.stderr.strip()[-300:]}")
    return int(found[1]) / 1e6


class Counter:
    """The journals of one count run and the environment the commands see."""

    def __init__(self, folder: Path, journal: str) -> None:
        self.folder = folder
        self.journal = journal
        self.base = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "NO_COLOR")}

    def env(self, name: str) -> dict[str, str]:
        return {**self.base, "JOURNAL_DIR": str(self.folder / name)}

    def run(self, name: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([self.journal, *args], env=self.env(name), capture_output=True, text=True)

    def build(self, name: str, goals: int, documents: int | None = None) -> None:
        if not (self.folder / name / "entries").exists():
            build_journal(self.folder / name, goals=goals, documents=documents, seed=1)
        self.run(name, "sync")

    def count(self, name: str, args: list[str], prepare: Callable[[], None] | None = None) -> float:
        """Run once untimed (bytecode written, caches warm), prepare, then count."""
        if prepare is None:
            self.run(name, *args)
        else:
            prepare()
        return instructions([self.journal, *args], self.env(name))


def cases(counter: Counter) -> list[tuple[str, Callable[[], float]]]:
    """The benchmark's cases, each a label and how to count it."""
    big, docs = counter.folder / "big", counter.folder / "docs"
    listed = json.loads(counter.run("big", "goals", "--open", "--json").stdout)
    goal_id = next(g["id"] for g in listed if g["status"] == "open" and g["kind"] == "checkbox")
    appended = sorted((docs / "entries").glob("*.md"))[1000]
    quarters = sorted(p.stem for p in (big / "entries").glob("*.md") if re.fullmatch(r"\d{4}-q\d", p.stem))
    year, quarter = int(quarters[-1][:4]), int(quarters[-1][-1])
    target = f"{year + 1}-q1" if quarter == 4 else f"{year}-q{quarter + 1}"
    saved_big = {p: p.read_bytes() for p in [*(big / "entries").glob("*.md"), *(big / "ledger").glob("*.toml")]}

    def done() -> float:
        counter.run("big", "sync")
        # Once untimed, as count() does for the others: the .pyc files of the modules it imports written first.
        counter.run("big", "done", goal_id)
        counter.run("big", "reopen", goal_id)
        counter.run("big", "sync")
        counted = counter.count("big", ["done", goal_id], prepare=lambda: None)
        counter.run("big", "reopen", goal_id)
        counter.run("big", "sync")
        return counted

    def one_changed() -> float:
        def append() -> None:
            with appended.open("a", encoding="utf-8") as handle:
                handle.write("\nA line added.\n")

        append()
        counter.run("docs", "sync")  # once untimed: the .pyc files of the modules a changed document imports
        return counter.count("docs", ["sync"], prepare=append)

    def restore_big() -> None:
        for path in [*(big / "entries").glob("*.md"), *(big / "ledger").glob("*.toml")]:
            if path not in saved_big:
                path.unlink()
        for path, data in saved_big.items():
            if path.read_bytes() != data:
                path.write_bytes(data)
        counter.run("big", "sync")

    def new() -> float:
        counter.run("big", "new", target)  # the template cache written, as after a first `new`
        restore_big()
        counted = counter.count("big", ["new", target], prepare=lambda: None)
        restore_big()
        return counted

    python = [sys.executable, "-c", "pass"]
    last = quarters[-1]
    return [
        ("`python -c pass`", lambda: instructions(python, counter.env("big"))),
        ("`journal --help`", lambda: counter.count("big", ["--help"])),
        ("`goals --open`, 10,000 goals", lambda: counter.count("big", ["goals", "--open"])),
        ("`done ID`, 10,000 goals", done),
        ("`sync`, nothing changed, 2,000 documents", lambda: counter.count("docs", ["sync"])),
        ("`sync`, one document changed, 2,000 documents", one_changed),
        (f"`new {target}`, 10,000 goals", new),
        (f"`review {last} --print`, 10,000 goals", lambda: counter.count("big", ["review", last, "--print"])),
    ]


def main(argv: list[str] | None = None) -> int:
    """Count each case and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="where to build (or reuse) the journals")
    parser.add_argument("--journal", required=True, help="the journal command to count")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        raise SystemExit("Error: valgrind is not installed")
    counter = Counter(args.folder, args.journal)
    counter.build("big", 10000)
    counter.build("docs", 10000, documents=2000)
    rows = []
    base = None
    for label, count in cases(counter):
        millions = count()
        base = base or millions
        rows.append(f"| {label} | {millions:.0f} | {millions / base:.1f}x |")
        print(f"  {label}: {millions:.0f} M", file=sys.stderr, flush=True)
    print("| case | instructions (M) | ratio to `python -c pass` |\n| --- | ---: | ---: |")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
