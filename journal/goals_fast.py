"""`journal goals` (``--open``, ``--json``) answered without click: what its last run printed, while nothing changed.

Listing the open goals is the command people run most; with 10,000 goals it
loads every goal. So the console script (``journal/launcher.py``) first looks
in ``.journal/answers.marshal`` for the bytes the same command printed last
time, kept with the key they were printed under (``answer_key``): the
arguments, the journal folder, the settings from the environment that shape
output (``NO_COLOR``, ``COLUMNS``, ``JOURNAL_NOW``, the locale, and what rich
reads to pick a terminal's colours: ``TERM``, ``COLORTERM``, ``FORCE_COLOR``,
``TTY_COMPATIBLE``...), whether each standard stream is a terminal and its
size (``terminal_key``: a terminal's width lays out its table), on a terminal
the installed rich and click (an upgrade draws differently), the date, the
streams' encodings, the code's files, and the
stat key (size, mtime, ctime, inode) of journal.toml, every document, every
ledger file, their folders and ``.journal/period-seen``. When the key is the
same now, the bytes are written as they are: the normal command would print
exactly them (it reads nothing else). Otherwise the normal command runs, its
output going to the streams as always and kept on the side (``run_and_keep``);
it is stored only when the command succeeded and the key is the same after
it as before (it wrote nothing, and nothing changed while it ran).

Standard library only; never takes the lock; the stored answers are derived:
deleting ``.journal/`` changes no answer, only its speed.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable

from journal.status import path_stat_key as _stat_key  # status's own keys, taken the same way

ANSWERS_NAME = "answers.marshal"
ANSWERS_VERSION = 1
# The options of `goals` served here; any other argument makes the normal command answer.
GOALS_OPTIONS = ("--open", "--json")
GLOBAL_FLAGS = ("--no-color",)
MOST_ANSWERS = 8  # answers kept (the oldest goes)
# What in the environment can change what the command prints.
ENVIRONMENT = (
    "NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS", "LINES", "JOURNAL_NOW", "TZ", "LANG", "LC_ALL", "LC_CTYPE",
    "PYTHONIOENCODING", "PYTHONUTF8", "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME",
    # what rich reads to decide a terminal's colours and size (rich.console.Console)
    "COLORTERM", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS", "JUPYTER_LINES",
)  # fmt: skip
# The libraries that draw on a terminal: their files' stat keys join the key of an answer for a terminal.
TERMINAL_LIBRARIES = (("rich", ("__init__.py", "console.py", "table.py")), ("click", ("__init__.py", "utils.py")))
# The code that shapes the listing: a changed file (an upgrade, a checkout) is another answer.
CODE_FILES = (
    "cli/goals.py", "render.py", "tables.py", "render_rows.py", "queries.py", "inline.py", "goals_fast.py",
    "ledger/model.py",
    "tracking.py", "render_targets.py", "metric_progress.py", "metric_goals.py",  # the PROGRESS column
)  # fmt: skip


def served_arguments(args: list[str]) -> str | None:
    """The ``--dir`` folder ('' for none) when ``args`` is a `goals` listing served here, else None."""
    folder = ""
    command = False
    position = 0
    while position < len(args):
        word = args[position]
        position += 1
        if word == "goals" and not command:
            command = True
        elif word in GLOBAL_FLAGS or (command and word in GOALS_OPTIONS):
            continue
        elif word == "--dir" and position < len(args) and not folder:
            folder, position = args[position], position + 1
        elif word.startswith("--dir=") and not folder and len(word) > len("--dir="):
            folder = word[len("--dir=") :]
        else:
            return None
    return folder if command else None


def _code_key() -> tuple:
    package = os.path.dirname(os.path.abspath(__file__))
    return tuple(_stat_key(os.path.join(package, name)) for name in CODE_FILES)


def _stream_key(stream: object) -> tuple:
    return (getattr(stream, "encoding", None), getattr(stream, "errors", None))


def terminal_key() -> tuple:
    """For standard input, output and error: whether it is a terminal, and its size (rich measures the first of
    them that has one; COLUMNS and LINES, in the environment's part of the key, override it)."""
    key = []
    for fd in (0, 1, 2):
        try:
            tty: bool | None = os.isatty(fd)
        except OSError:
            tty = None
        try:
            size: tuple[int, int] | None = tuple(os.get_terminal_size(fd))  # type: ignore[assignment]
        except (OSError, ValueError):
            size = None
        key.append((tty, size))
    return tuple(key)


def _libraries_key() -> tuple:
    """The stat keys of the files of rich and click that draw a terminal's output (found without importing them)."""
    from importlib.machinery import PathFinder

    keys = []
    for package, names in TERMINAL_LIBRARIES:
        spec = PathFinder.find_spec(package)
        folders = list(spec.submodule_search_locations or []) if spec is not None else []
        if not folders:
            raise LookupError(package)  # not found the usual way: the normal command answers
        keys.append(tuple(_stat_key(os.path.join(folders[0], name)) for name in names))
    return tuple(keys)


def answer_key(root: str, args: list[str]) -> tuple:
    """Everything the listing's bytes depend on besides the code's logic (see the module's docstring)."""
    from journal.clock import today
    from journal.status import source_keys

    terminal = terminal_key()
    return (
        terminal,
        _libraries_key() if any(tty for tty, _size in terminal) else (),
        (ANSWERS_VERSION, sys.version_info[:2]),
        _code_key(),
        tuple(args),
        root,
        tuple(os.environ.get(name) for name in ENVIRONMENT),
        _stream_key(sys.stdout),
        _stream_key(sys.stderr),
        today().isoformat(),
        source_keys(root),  # every ledger file's too: a hand edit saved in place changes its file, not its folder
        _stat_key(os.path.join(root, ".journal", "period-seen")),
    )


def _slot(args: list[str]) -> tuple:
    """Where an answer is stored: one per arguments, environment and terminal (a script's, a hook's and a
    terminal's all kept)."""
    return (tuple(args), tuple(os.environ.get(name) for name in ENVIRONMENT), terminal_key())


def _answers_path(root: str) -> str:
    return os.path.join(root, ".journal", ANSWERS_NAME)


def _load(root: str) -> dict:
    import marshal

    try:
        with open(_answers_path(root), "rb") as file:
            answers = marshal.loads(file.read())
    except Exception:  # noqa: BLE001 - none, or damaged: no answer
        return {}
    return answers if isinstance(answers, dict) else {}


def _streams_served() -> bool:
    """Whether this process's output can be served (and kept): streams with file descriptors, and on a terminal
    only where rich draws with escape sequences alone (POSIX; a Windows console is drawn through its own API)."""
    try:
        on_terminal = os.isatty(sys.stdout.fileno()) or os.isatty(sys.stderr.fileno())
    except (AttributeError, OSError, ValueError):
        return False  # streams we cannot tell about: the normal command answers
    return os.name == "posix" or not on_terminal


def answer(args: list[str]) -> int | None:
    """Write the stored output of this listing and return its exit code; None when the normal command must run."""
    folder = served_arguments(args)
    if folder is None or not _streams_served():
        return None
    from journal.status_fast import _journal_root

    root = _journal_root(folder or None)
    if root is None:
        return None
    try:
        stored = _load(root).get(_slot(args))
        if not isinstance(stored, tuple) or len(stored) != 3 or stored[0] != answer_key(root, args):
            return None
        _key, out, err = stored
        if not isinstance(out, bytes) or not isinstance(err, bytes):
            return None
    except Exception:  # noqa: BLE001 - any doubt: the normal command answers
        return None
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(out)
        sys.stdout.flush()
        sys.stderr.flush()
        sys.stderr.buffer.write(err)
        sys.stderr.flush()
    except BrokenPipeError:
        # The reader went away (as journal.cli answers it): say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return 0


class _Tee(io.RawIOBase):
    """A stream's file descriptor, written through, with a copy of every byte kept."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd
        self.kept = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[override]
        view = memoryview(data).cast("B")
        written = os.write(self.fd, view)
        self.kept += view[:written]
        return written

    def fileno(self) -> int:
        return self.fd

    def isatty(self) -> bool:
        return os.isatty(self.fd)


def _teed(stream: io.TextIOWrapper) -> tuple[io.TextIOWrapper, _Tee]:
    tee = _Tee(stream.fileno())
    wrapper = io.TextIOWrapper(
        io.BufferedWriter(tee), encoding=stream.encoding, errors=stream.errors, line_buffering=stream.line_buffering
    )
    return wrapper, tee


def run_and_keep(args: list[str], run: Callable[[], None]) -> None:
    """Run the normal command (``run`` ends with SystemExit), keeping its output for next time when it may be kept."""
    folder = served_arguments(args)
    if folder is None or not _streams_served():
        run()
        return
    from journal.status_fast import _journal_root

    root = _journal_root(folder or None)
    try:
        if root is None or not os.path.isdir(os.path.join(root, ".journal")):
            raise LookupError
        before = answer_key(root, args)
        sys.stdout.flush()
        sys.stderr.flush()
        (out, out_tee), (err, err_tee) = _teed(sys.stdout), _teed(sys.stderr)  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - nothing to keep: the command runs as always
        run()
        return
    real_out, real_err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    code: object = 1  # an exception other than SystemExit: nothing kept
    try:
        run()
        code = 0
    except SystemExit as exit:
        code = exit.code
        raise
    finally:
        for stream in (out, err):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001 - a broken pipe: the command has answered it
                code = 1
        sys.stdout, sys.stderr = real_out, real_err
        if code in (0, None):
            _keep(root, args, before, bytes(out_tee.kept), bytes(err_tee.kept))


def _keep(root: str, args: list[str], before: tuple, out: bytes, err: bytes) -> None:
    """Store the output under its key, if the key did not change while the command ran (best effort)."""
    try:
        if answer_key(root, args) != before:
            return
        if err and any(tty for tty, _size in before[0][1:]):
            # Output and errors on one terminal show interleaved, as written: a copy replays them one
            # stream after the other, so an answer with messages on a terminal is not kept.
            return
        import marshal
        from pathlib import Path

        from journal.atomic import write_atomic

        answers = _load(root)
        answers.pop(_slot(args), None)
        while len(answers) >= MOST_ANSWERS:
            del answers[next(iter(answers))]  # the oldest
        answers[_slot(args)] = (before, out, err)
        write_atomic(Path(_answers_path(root)), marshal.dumps(answers), durable=False)
    except Exception:  # noqa: BLE001 - derived: the next run answers the normal way
        return
