"""`journal goals` (``--open``, ``--json``) answered without click: what its last run printed, while nothing changed.

Listing the open goals is the command people run most; with 10,000 goals it
loads every goal. So when its output goes to a file or a pipe (not a
terminal, whose width and colours shape a table), the console script
(``journal/launcher.py``) first looks in ``.journal/answers.marshal`` for the
bytes the same command printed last time, kept with the key they were printed
under (``answer_key``): the arguments, the journal folder, the settings from
the environment that shape output (``NO_COLOR``, ``COLUMNS``, ``JOURNAL_NOW``,
the locale...), the date, the streams' encodings, the code's files, and the
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
)  # fmt: skip
# The code that shapes the listing: a changed file (an upgrade, a checkout) is another answer.
CODE_FILES = (
    "cli/goals.py", "render.py", "tables.py", "queries.py", "inline.py", "goals_fast.py", "ledger/model.py",
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


def _stat_key(path: str) -> tuple[int, int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _ledger_keys(root: str) -> dict[str, tuple[int, int, int, int]]:
    """Each ledger file's stat key (a hand edit saved in place changes its file, not its folder)."""
    keys = {}
    try:
        entries = list(os.scandir(os.path.join(root, "ledger")))
    except OSError:
        return keys
    for entry in entries:
        if entry.name.endswith(".toml"):
            try:
                st = entry.stat()
            except OSError:
                continue
            keys[entry.name] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    return keys


def _code_key() -> tuple:
    package = os.path.dirname(os.path.abspath(__file__))
    return tuple(_stat_key(os.path.join(package, name)) for name in CODE_FILES)


def _stream_key(stream: object) -> tuple:
    return (getattr(stream, "encoding", None), getattr(stream, "errors", None))


def answer_key(root: str, args: list[str]) -> tuple:
    """Everything the listing's bytes depend on besides the code's logic (see the module's docstring)."""
    from journal.clock import today
    from journal.status import source_keys

    return (
        (ANSWERS_VERSION, sys.version_info[:2]),
        _code_key(),
        tuple(args),
        root,
        tuple(os.environ.get(name) for name in ENVIRONMENT),
        _stream_key(sys.stdout),
        _stream_key(sys.stderr),
        today().isoformat(),
        source_keys(root),
        _ledger_keys(root),
        _stat_key(os.path.join(root, ".journal", "period-seen")),
    )


def _slot(args: list[str]) -> tuple:
    """Where an answer is stored: one per arguments and environment (a script's and a hook's both kept)."""
    return (tuple(args), tuple(os.environ.get(name) for name in ENVIRONMENT))


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


def _on_terminal() -> bool:
    try:
        return os.isatty(sys.stdout.fileno()) or os.isatty(sys.stderr.fileno())
    except (AttributeError, OSError, ValueError):
        return True  # streams we cannot tell about: the normal command answers


def answer(args: list[str]) -> int | None:
    """Write the stored output of this listing and return its exit code; None when the normal command must run."""
    folder = served_arguments(args)
    if folder is None or _on_terminal():
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
    if folder is None or _on_terminal():
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
