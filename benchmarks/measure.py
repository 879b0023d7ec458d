"""How one benchmark command is timed and reported: a case, its samples and result, the process it runs,
and the Markdown table ``run.py`` prints (see run.py for the whole run)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

try:
    from benchmarks import terminal
except ImportError:  # run as a script: benchmarks/ is sys.path[0]
    import terminal  # type: ignore[no-redef]

MEMORY_LIMIT_MB = 150.0
# Settings that slow every Python process down, or stop the warm-up from writing .pyc files as an
# installed journal has them: left out of the environment of the commands timed.
SLOW_ENV = (
    "PYTHONDONTWRITEBYTECODE",
    "PYTHONDEVMODE",
    "PYTHONPROFILEIMPORTTIME",
    "PYTHONTRACEMALLOC",
    "PYTHONMALLOC",
    "PYTHONASYNCIODEBUG",
)


@dataclass
class Sample:
    """One process run: wall time, CPU time (user + system), peak resident memory, exit code and stderr."""

    seconds: float
    cpu_seconds: float
    max_rss_mb: float
    returncode: int
    stderr: str


@dataclass
class Case:
    """A command to time, with its target and what to do (untimed) before each run."""

    name: str
    journal: str
    args: list[str]
    ratio_target: float | None = None
    seconds_target: float | None = None
    runs: int = 7
    warmup: int = 1
    prepare: Callable[[int], list[str] | None] | None = None  # may return the args for run i
    finish: Callable[[], None] | None = None
    big: bool = False  # a 10,000-goal journal: counts for the memory target
    note: str = ""
    command: list[str] | None = None  # another program to time instead of journal (Taskwarrior)
    env: dict[str, str] = field(default_factory=dict)  # added to the journal's environment
    on_terminal: bool = False  # run on a pty (benchmarks/terminal.py) instead of with output to /dev/null


@dataclass
class Result:
    """A case's medians and verdict."""

    case: Case
    median_ms: float | None = None
    baseline_ms: float | None = None
    cpu_ms: float | None = None
    peak_rss_mb: float | None = None
    samples: list[float] = field(default_factory=list)
    skipped: str = ""
    error: str = ""

    @property
    def ratio(self) -> float | None:
        """The command's median over ``python -c pass``'s median in the same run."""
        if self.median_ms is None or not self.baseline_ms:
            return None
        return self.median_ms / self.baseline_ms

    @property
    def target(self) -> str:
        """The target as text: ``≤ 5x`` or ``≤ 4 s``."""
        if self.case.ratio_target is not None:
            return f"≤ {self.case.ratio_target:g}x"
        if self.case.seconds_target is not None:
            return f"≤ {self.case.seconds_target:g} s"
        return "-"

    @property
    def met(self) -> bool | None:
        """Whether the target is met (None without a target or a measurement)."""
        if self.median_ms is None:
            return None
        if self.case.ratio_target is not None:
            return self.ratio is not None and self.ratio <= self.case.ratio_target
        if self.case.seconds_target is not None:
            return self.median_ms / 1000 <= self.case.seconds_target
        return None


def find_journal() -> str:
    """The ``journal`` console script next to this interpreter (a venv's bin), else the one on PATH."""
    beside = Path(sys.executable).with_name("journal")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("journal")
    if found is None:
        raise SystemExit("Error: no 'journal' command next to this Python or on PATH; pip install -e . first")
    return found


def journal_files(root: Path) -> dict[str, bytes]:
    """The documents and ledger files of a journal, by path relative to it."""
    paths = [*(root / "entries").rglob("*.md"), *(root / "ledger").glob("*.toml")]
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in paths}


def _max_rss_mb(kilobytes: int) -> float:
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    return kilobytes / (1024 * 1024) if sys.platform == "darwin" else kilobytes / 1024


def spawn(command: list[str], env: dict[str, str], *, on_terminal: bool = False) -> Sample:
    """Run ``command`` to completion, stdout to /dev/null (or on a pty); its wall and CPU time and its own peak
    RSS."""
    if on_terminal:
        seconds, cpu, rss, code, tail = terminal.spawn_on_terminal(command, env)
        return Sample(seconds, cpu, _max_rss_mb(rss), code, tail)
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(seconds, cpu, _max_rss_mb(usage.ru_maxrss), proc.returncode, stderr)


def run_quiet(command: list[str], env: dict[str, str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run an untimed helper command and capture its output."""
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr.strip()}")
    return done


def python_of(command: str) -> str:
    """The Python a console script runs with (its #! line), else this one."""
    try:
        with open(command, "rb") as script:
            first = script.readline().decode("utf-8", "replace").strip()
    except OSError:
        return sys.executable
    interpreter = first[2:].strip().split(" ")[0] if first.startswith("#!") else ""
    return interpreter if interpreter and os.access(interpreter, os.X_OK) else sys.executable


def revision(python: str) -> str:
    """Where the ``journal`` package comes from, with its git commit (``+changes`` when its tree differs)."""
    where = "import journal, os; print(os.path.dirname(os.path.dirname(os.path.abspath(journal.__file__))))"
    env = dict(os.environ)
    origin = ""
    try:
        root = subprocess.run([python, "-c", where], capture_output=True, text=True, cwd=tempfile.gettempdir())
        origin = root.stdout.strip()
        head = run_quiet(["git", "-C", origin, "rev-parse", "--short", "HEAD"], env).stdout.strip()
        dirty = run_quiet(["git", "-C", origin, "status", "--porcelain", "journal"], env).stdout.strip()
    except (OSError, RuntimeError):
        return f" (journal from {origin})" if origin else ""
    return f" (journal from {origin} at {head}{'+changes' if dirty else ''})"


def table(results: list[Result], big: str = "10,000 goals") -> str:
    """The results as a Markdown table, with the memory target (on the ``big`` journals) as its last row."""
    lines = [
        "| case | median ms | `python -c pass` ms | ratio | target | met? | CPU ms | peak RSS MB |",
        "| --- | ---: | ---: | ---: | --- | --- | ---: | ---: |",
    ]
    for r in results:
        if r.skipped or r.error:
            lines.append(f"| {r.case.name} | - | - | - | {r.target} | {r.skipped or 'error: ' + r.error} | - | - |")
            continue
        met = {True: "yes", False: "**NO**", None: "-"}[r.met]
        ratio = f"{r.ratio:.1f}x" if r.ratio is not None else "-"
        lines.append(
            f"| {r.case.name} | {r.median_ms:.0f} | {r.baseline_ms:.1f} | {ratio} | {r.target} | {met} | "
            f"{r.cpu_ms:.0f} | {r.peak_rss_mb:.0f} |"
        )
    measured = [r for r in results if r.case.big and r.peak_rss_mb is not None]
    if measured:
        worst = max(measured, key=lambda r: r.peak_rss_mb or 0.0)
        ok = (worst.peak_rss_mb or 0.0) < MEMORY_LIMIT_MB
        lines.append(
            f"| peak RSS of any command at {big} (worst: {worst.case.name.rsplit(', ', 1)[0]}) | - | - | - | "
            f"< {MEMORY_LIMIT_MB:g} MB | {'yes' if ok else '**NO**'} | - | {worst.peak_rss_mb:.0f} |"
        )
    return "\n".join(lines)


TASK_MISSING = "skipped: Taskwarrior's `task` is not installed (apt-get install taskwarrior)"


def taskwarrior_comparison(results: list[Result]) -> tuple[str, bool | None]:
    """`goals --open` on the big journal against `task list` over the same goals: a line, and whether no slower."""
    ours = next((r for r in results if r.case.name.startswith("`goals --open`") and r.case.big), None)
    theirs = next((r for r in results if r.case.command and r.median_ms is not None), None)
    if ours is None or ours.median_ms is None or theirs is None or theirs.median_ms is None:
        return "", None
    factor = ours.median_ms / theirs.median_ms
    line = (
        f"- `goals --open` against Taskwarrior's `task list` over the same goals, same run: "
        f"{ours.median_ms:.0f} ms against {theirs.median_ms:.0f} ms, {factor:.2f}x Taskwarrior's time "
        f"(CPU {ours.cpu_ms:.0f} ms against {theirs.cpu_ms:.0f} ms); target: no slower "
        f"({'met' if factor <= 1 else 'NOT met'})"
    )
    return line, factor <= 1
