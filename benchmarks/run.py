"""Time journal's commands as whole processes and compare them with ``python -c pass``.

    python benchmarks/run.py            # the full run (a few minutes)
    python benchmarks/run.py --quick    # a smoke run on small journals

Builds the journals it needs in a temporary folder (benchmarks/generate.py:
1,000 goals, 10,000 goals, and 2,000 documents holding 10,000 goals), runs
``journal sync`` once on each to build the ledger and caches, then times each
case: a warm-up, then several runs, each run paired with a ``python -c pass``
run of the same interpreter (interleaved, so both see the same machine load).
The ratio of the two medians is what the targets are set on. Output goes to
/dev/null (so journal prints plain text, as when piped); JOURNAL_DIR names
the journal; PYTHONDONTWRITEBYTECODE and other settings that slow Python
down are unset, so the warm-up writes the .pyc files an installed journal has.
Peak RSS is each process's own ru_maxrss (from os.wait4).

Prints a Markdown table: case, median ms, median of ``python -c pass`` in
the same run, ratio, target, whether it is met, the median CPU time of the
command (user + system: less sensitive than wall time to other load on the
machine) and peak RSS in MB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Run as a script (`python benchmarks/run.py`), benchmarks/ is sys.path[0]: the repository's root makes the
# `benchmarks` package importable either way.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import taskwarrior, terminal
from benchmarks.generate import build_journal
from benchmarks.measure import (
    MEMORY_LIMIT_MB,
    SLOW_ENV,
    TASK_MISSING,
    Case,
    Result,
    find_journal,
    journal_files,
    python_of,
    revision,
    run_quiet,
    spawn,
    table,
    taskwarrior_comparison,
)


class Bench:
    """The journals, the environment and the cases of one benchmark run."""

    def __init__(self, workdir: Path, journal_cmd: str, quick: bool, runs: int | None) -> None:
        self.workdir = workdir
        self.journal_cmd = journal_cmd
        self.quick = quick
        self.runs = runs
        self.python = sys.executable
        self.journals: dict[str, Path] = {}
        self.sizes: dict[str, str] = {}

    def env(self, name: str) -> dict[str, str]:
        """The environment for commands on journal ``name``."""
        env = dict(os.environ)
        env["JOURNAL_DIR"] = str(self.journals[name])
        for variable in ("NO_COLOR", *SLOW_ENV):
            env.pop(variable, None)
        return env

    def journal(self, name: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run journal untimed on journal ``name``."""
        return run_quiet([self.journal_cmd, *args], self.env(name), check=check)

    def build(self, name: str, goals: int, documents: int | None = None) -> None:
        """Generate a journal and sync it once (ledger and caches built)."""
        root = self.workdir / name
        if not (root / "entries").exists():
            print(f"Generating {name}: {goals} goals ...", file=sys.stderr, flush=True)
            build_journal(root, goals=goals, documents=documents, seed=1)
        self.journals[name] = root
        count = len(list((root / "entries").glob("*.md")))
        self.sizes[name] = f"{goals:,} goals in {count:,} documents"
        start = time.perf_counter()
        self.journal(name, "sync")
        print(f"  first sync of {name}: {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)

    # ------------------------------------------------------------ timing

    def measure(self, case: Case) -> Result:
        """Time ``case``: warm-up, then runs each paired with ``python -c pass``; medians and peak RSS."""
        result = Result(case)
        env = {**self.env(case.journal), **case.env}
        runs = self.runs or case.runs
        times: list[float] = []
        cpu: list[float] = []
        baselines: list[float] = []
        peak = 0.0
        try:
            for index in range(case.warmup + runs):
                args = case.args
                if case.prepare is not None:
                    args = case.prepare(index) or args
                base = spawn([self.python, "-c", "pass"], env)
                sample = spawn(case.command or [self.journal_cmd, *args], env, on_terminal=case.on_terminal)
                if sample.returncode != 0:
                    last = (sample.stderr.strip().splitlines() or [""])[-1]  # a traceback's last line says most
                    result.error = f"exit {sample.returncode}: {last[:200]}".replace("|", "\\|")
                    return result
                peak = max(peak, sample.max_rss_mb)
                if index >= case.warmup:
                    times.append(sample.seconds * 1000)
                    cpu.append(sample.cpu_seconds * 1000)
                    baselines.append(base.seconds * 1000)
        finally:
            if case.finish is not None:
                case.finish()
        result.samples = times
        result.median_ms = statistics.median(times)
        result.baseline_ms = statistics.median(baselines)
        result.cpu_ms = statistics.median(cpu)
        result.peak_rss_mb = peak
        return result

    # ------------------------------------------------------------ cases

    def cases(self) -> list[Case]:
        """Every case, in the order they run (those that change a journal restore it)."""
        quick = self.quick
        runs = 3 if quick else 7
        cases = [
            Case("`journal --help`", "small", ["--help"], ratio_target=5, runs=runs),
            Case(f"`goals --open`, {self.sizes['small']}", "small", ["goals", "--open"], ratio_target=10, runs=runs),
            Case(
                f"`goals --open`, {self.sizes['big']}", "big", ["goals", "--open"], ratio_target=15, runs=runs, big=True
            ),
            self.taskwarrior_case(runs),
            *self.terminal_cases(runs),
        ]
        cases.append(Case(f"`status`, {self.sizes['big']}", "big", ["status"], ratio_target=3, runs=runs, big=True))
        cases += self.done_cases(runs)
        cases += self.sync_cases(runs)
        cases += self.new_and_review_cases(runs)
        cases.append(
            Case(f"`search pipeline`, {self.sizes['docs']}", "docs", ["search", "pipeline"], ratio_target=15, runs=runs)
        )
        return cases

    def taskwarrior_case(self, runs: int) -> Case:
        """Taskwarrior's `task list` over the big journal's goals as tasks (skipped when `task` is absent)."""
        task = taskwarrior.find_task()
        goals = self.sizes["big"].split(" in ")[0]
        if task is None:
            return Case(f"`task list`, {goals} as tasks", "big", [], note=TASK_MISSING)
        env = taskwarrior.build_task_data(
            task, self.workdir / "taskwarrior", [self.journal_cmd, "export"], self.env("big")
        )
        version = taskwarrior.task_version(task)
        name = f"`task list` (Taskwarrior {version}, info), the same {goals} as tasks"
        return Case(name, "big", [], runs=runs, command=[task, "list"], env=env)

    def terminal_cases(self, runs: int) -> list[Case]:
        """`goals --open` on a terminal (a pty): served from its stored answer, and the full command (info)."""
        answers = self.journals["big"] / ".journal" / "answers.marshal"
        size = f"{terminal.SIZE[1]}x{terminal.SIZE[0]}"
        env = {"TERM": "xterm-256color"}
        return [
            Case(
                f"`goals --open` at a terminal ({size} pty), {self.sizes['big']}", "big", ["goals", "--open"],
                runs=runs, big=True, on_terminal=True, env=env,
            ),
            Case(
                f"`goals --open` at a terminal, no stored answer (info), {self.sizes['big']}", "big",
                ["goals", "--open"], runs=runs, big=True, on_terminal=True, env=env,
                prepare=lambda _index: answers.unlink(missing_ok=True),
            ),
        ]  # fmt: skip

    def done_cases(self, runs: int) -> list[Case]:
        """`done ID` on open goals, reopening the previous one (untimed) so every run changes something."""
        listed = json.loads(self.journal("big", "goals", "--open", "--json").stdout)
        candidates = [g["id"] for g in listed if g["status"] == "open" and g["kind"] == "checkbox"]
        needed = 2 * (runs + 1)
        if len(candidates) < needed:
            return [Case("`done ID`", "big", [], note=f"skipped: only {len(candidates)} open goals")]
        step = len(candidates) // needed
        ids = [candidates[i * step] for i in range(needed)]
        clean_ids, chained_ids = ids[: runs + 1], ids[runs + 1 :]

        def clean(index: int) -> list[str]:
            if index:
                self.journal("big", "reopen", clean_ids[index - 1])
                self.journal("big", "sync")  # caches fresh: time `done` alone
            return ["done", clean_ids[index]]

        def chained(index: int) -> list[str]:
            if index:
                self.journal("big", "reopen", chained_ids[index - 1])  # leaves its document's cache entry stale
            return ["done", chained_ids[index]]

        def undo(ids: list[str]) -> Callable[[], None]:
            def finish() -> None:
                for goal_id in ids:
                    self.journal("big", "reopen", goal_id, check=False)
                self.journal("big", "sync")

            return finish

        return [
            Case(
                f"`done ID`, {self.sizes['big']}",
                "big",
                [],
                ratio_target=15,
                runs=runs,
                prepare=clean,
                finish=undo(clean_ids),
                big=True,
            ),
            Case(
                f"`done ID` right after another write (info), {self.sizes['big']}",
                "big",
                [],
                runs=runs,
                prepare=chained,
                finish=undo(chained_ids),
                big=True,
            ),
        ]

    def sync_cases(self, runs: int) -> list[Case]:
        """Sync with nothing changed, after one document changed, after a box ticked by hand, from scratch."""
        root = self.journals["docs"]
        documents = sorted((root / "entries").glob("*.md"))
        appended = documents[len(documents) // 2]
        ticked, tick_line = None, -1
        for path in documents[len(documents) // 3 :]:
            lines = path.read_text(encoding="utf-8").split("\n")
            found = [i for i, line in enumerate(lines) if line.startswith("- [ ] ")]
            if found:
                ticked, tick_line = path, found[0]
                break
        original_ticked = ticked.read_bytes() if ticked is not None else b""

        def append_line(index: int) -> None:
            with appended.open("a", encoding="utf-8") as fh:
                fh.write(f"\nA line added before run {index}.\n")

        def tick(index: int) -> None:
            assert ticked is not None
            lines = ticked.read_text(encoding="utf-8").split("\n")
            lines[tick_line] = ("- [x] " if index % 2 == 0 else "- [ ] ") + lines[tick_line][6:]
            ticked.write_text("\n".join(lines), encoding="utf-8")

        def untick() -> None:
            ticked.write_bytes(original_ticked)
            self.journal("docs", "sync")

        def scratch(index: int) -> None:
            shutil.rmtree(root / "ledger", ignore_errors=True)
            shutil.rmtree(root / ".journal", ignore_errors=True)
            (root / "ledger").mkdir()

        size = self.sizes["docs"]
        cases = [
            Case(f"`sync`, nothing changed, {size}", "docs", ["sync"], ratio_target=6, runs=runs, big=True),
            Case(
                f"`sync`, one document changed, {size}",
                "docs",
                ["sync"],
                ratio_target=10,
                runs=runs,
                prepare=append_line,
                big=True,
                note="a line appended to one document",
            ),
        ]
        if ticked is not None:
            cases.append(
                Case(
                    f"`sync`, a box ticked by hand in one document (info), {size}",
                    "docs",
                    ["sync"],
                    runs=runs,
                    prepare=tick,
                    finish=untick,
                    big=True,
                )
            )
        cases.append(
            Case(
                f"`sync` from scratch (no ledger, no cache), {size}",
                "docs",
                ["sync"],
                seconds_target=4,
                runs=1 if self.quick else 3,
                warmup=0,
                prepare=scratch,
                big=True,
            )
        )
        return cases

    def new_and_review_cases(self, runs: int) -> list[Case]:
        """`new` for the quarter after the journal's last one (the journal put back before each run); review."""
        root = self.journals["big"]
        saved = journal_files(root)

        def restore(_index: int = 0) -> None:
            # Put back only the files `new` changed, then sync (untimed) so the caches are fresh again:
            # copying the whole journal back would give every file a new inode and ctime, a cache miss.
            current = journal_files(root)
            for name in current.keys() - saved.keys():
                (root / name).unlink()
            for name, data in saved.items():
                if current.get(name) != data:
                    (root / name).write_bytes(data)
            self.journal("big", "sync")

        quarters = sorted(
            (int(m[1]), int(m[2]))
            for p in (root / "entries").glob("*.md")
            if (m := re.fullmatch(r"(\d{4})-q(\d)", p.stem))
        )
        year, quarter = quarters[-1] if quarters else (2025, 4)
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
        target = f"{year}-q{quarter}"
        following = f"{year + 1}-q1" if quarter == 4 else f"{year}-q{quarter + 1}"

        def after_new(index: int = 0) -> None:
            # The journal as kept with `journal new` every quarter: the previous quarter's document holds
            # every unfinished goal, so the next `new` brings goals in from that one document alone.
            restore(index)
            self.journal("big", "new", target)
            self.journal("big", "sync")

        cases = [
            Case(
                f"`new {target}`, {self.sizes['big']}",
                "big",
                ["new", target],
                ratio_target=15,
                runs=runs,
                prepare=restore,
                finish=restore,
                big=True,
            ),
            Case(
                f"`new {following}` right after `new {target}` (info), {self.sizes['big']}",
                "big",
                ["new", following],
                runs=runs,
                prepare=after_new,
                finish=restore,
                big=True,
                note=f"every unfinished goal brought in from the one document of {target}",
            ),
        ]
        review = self.journal("big", "review", "--help", check=False)
        if review.returncode == 0 and "--print" in review.stdout:
            last = f"{quarters[-1][0]}-q{quarters[-1][1]}" if quarters else target
            cases.append(
                Case(
                    f"`review {last} --print`, {self.sizes['big']}",
                    "big",
                    ["review", last, "--print"],
                    ratio_target=15,
                    runs=runs,
                    big=True,
                )
            )
        else:
            cases.append(
                Case(
                    "`review PERIOD --print`",
                    "big",
                    [],
                    ratio_target=15,
                    note="skipped: journal has no `review --print` command yet",
                )
            )
        return cases


def main(argv: list[str] | None = None) -> int:
    """Build the journals, time every case, print the table; exit 1 with --check when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small journals and 3 runs: a smoke test")
    parser.add_argument("--runs", type=int, help="timed runs per case (default 7, 3 with --quick)")
    parser.add_argument("--only", metavar="TEXT", help="only the cases whose name contains TEXT")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build (or reuse) the journals in DIR and keep them")
    parser.add_argument("--journal", metavar="PATH", help="the journal command (default: next to this Python)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--label", default="", help="a note for the heading (e.g. the commit measured)")
    args = parser.parse_args(argv)

    journal_cmd = args.journal or find_journal()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="journal-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    bench = Bench(workdir, journal_cmd, args.quick, args.runs)
    try:
        if args.quick:
            bench.build("small", 200)
            bench.build("big", 1000)
            bench.build("docs", 1000, documents=200)
        else:
            bench.build("small", 1000)
            bench.build("big", 10000)
            bench.build("docs", 10000, documents=2000)
        results = []
        for case in bench.cases():
            if args.only and args.only not in case.name:
                continue
            if case.note.startswith("skipped"):
                results.append(Result(case, skipped=case.note))
                continue
            print(f"Timing {case.name} ...", file=sys.stderr, flush=True)
            results.append(bench.measure(case))
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)

    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(
        f"journal benchmarks{revision(python_of(journal_cmd))}{' ' + args.label if args.label else ''}"
        f"{' (--quick: small journals, not comparable with the targets)' if args.quick else ''}: "
        f"Python {platform.python_version()}, {platform.system()} {platform.machine()}, {cpus} CPUs, "
        f"{bench.runs or (3 if args.quick else 7)} runs after a warm-up (from scratch: "
        f"{1 if args.quick else 3}, no warm-up), medians.\n"
    )
    print(table(results, bench.sizes["big"].split(" in ")[0]))
    notes = [f"- {r.case.name}: {r.case.note}" for r in results if r.case.note and not r.skipped]
    comparison, no_slower = taskwarrior_comparison(results)
    if comparison:
        notes.insert(0, comparison)
    if notes:
        print("\n" + "\n".join(notes))
    missed = [r for r in results if r.met is False or r.error]
    if no_slower is False:
        missed.append(Result(Case("taskwarrior", "big", [])))
    big = [r.peak_rss_mb for r in results if r.case.big and r.peak_rss_mb is not None]
    if big and max(big) >= MEMORY_LIMIT_MB:
        missed.append(Result(Case("memory", "big", [])))
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
