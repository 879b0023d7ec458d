"""`journal goals --open` on a real terminal (a pty) answered from its stored output: byte for byte the normal answer.

The console script runs on a pseudo-terminal of a given size, as a person
runs it; its raw bytes (colours and the table laid out for that width
included) are compared with those of the normal command (its stored answers
deleted first). Another size, another TERM or COLORTERM is another answer,
never one served from a copy made for another terminal.
"""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from journal.goals_fast import ANSWERS_NAME

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a pty is POSIX")

LAUNCH = (
    "import atexit, os, sys\n"
    "atexit.register(lambda: os.write({marker}, b'1' if 'click' in sys.modules else b'0'))\n"
    "sys.argv = ['journal', *sys.argv[1:]]\n"
    "from journal.launcher import main\n"
    "main()\n"
)


def on_terminal(root: Path, *args: str, rows: int = 24, columns: int = 80, **env: str) -> tuple[bytes, int, bool]:
    """The console script on a pty of ``columns`` x ``rows``: (every byte it drew, exit code, whether it used click)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    read_end, write_end = os.pipe()
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES", "FORCE_COLOR")}
    environment.update({"JOURNAL_DIR": str(root), "JOURNAL_NOW": "2025-04-15", "TERM": "xterm-256color", **env})
    process = subprocess.Popen(
        [sys.executable, "-c", LAUNCH.format(marker=write_end), *args],
        stdin=slave, stdout=slave, stderr=slave, env=environment, pass_fds=(write_end,), start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    os.close(write_end)
    drawn = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1)
        if not ready:
            if process.poll() is not None:
                break
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the program ended and closed its end
            break
        if not chunk:
            break
        drawn += chunk
    code = process.wait(timeout=60)
    os.close(master)
    with os.fdopen(read_end, "rb") as marker:
        clicked = marker.read() == b"1"
    return drawn, code, clicked


def normal(root: Path, *args: str, **options) -> tuple[bytes, int, bool]:
    (root / ".journal" / ANSWERS_NAME).unlink(missing_ok=True)
    return on_terminal(root, *args, **options)


@pytest.fixture
def synced(example: Path, run) -> Path:
    """The examples journal, synced, its start-of-period line said (it comes once a period)."""
    run("sync")
    on_terminal(example, "goals", "--done")
    return example


def test_a_terminal_is_served_the_normal_answer_byte_for_byte(synced: Path):
    expected, code, clicked = normal(synced, "goals", "--open")
    assert code == 0 and clicked
    assert b"\x1b[" in expected  # colours: a terminal's table, not the plain text of a pipe
    served, code, clicked = on_terminal(synced, "goals", "--open")
    assert code == 0 and not clicked
    assert served == expected


@pytest.mark.parametrize(
    "other",
    [{"columns": 60}, {"columns": 120}, {"rows": 10}, {"TERM": "dumb"}, {"TERM": "xterm"}, {"COLORTERM": "truecolor"},
     {"NO_COLOR": "1"}, {"FORCE_COLOR": ""}],
    ids=lambda other: ",".join(f"{k}={v}" for k, v in other.items()),
)  # fmt: skip
def test_another_terminal_is_another_answer(synced: Path, other: dict):
    on_terminal(synced, "goals", "--open")
    assert not on_terminal(synced, "goals", "--open")[2]  # stored for the default terminal
    options = {k: v for k, v in other.items() if k in ("rows", "columns")}
    env = {k: v for k, v in other.items() if k not in options}
    drawn, code, clicked = on_terminal(synced, "goals", "--open", **options, **env)
    assert code == 0 and clicked  # not served from the other terminal's copy
    again, _code, clicked = on_terminal(synced, "goals", "--open", **options, **env)
    assert not clicked and again == drawn
    assert normal(synced, "goals", "--open", **options, **env)[0] == drawn


def test_a_width_change_lays_the_table_out_again(synced: Path):
    wide = on_terminal(synced, "goals", "--open", columns=120)[0]
    narrow = on_terminal(synced, "goals", "--open", columns=50)[0]
    assert wide != narrow
    assert on_terminal(synced, "goals", "--open", columns=120) == (wide, 0, False)
    assert on_terminal(synced, "goals", "--open", columns=50) == (narrow, 0, False)


def test_a_terminal_and_a_pipe_keep_their_own_answers(synced: Path):
    drawn, _code, _clicked = on_terminal(synced, "goals", "--open")
    piped = subprocess.run(
        [sys.executable, "-c", LAUNCH.format(marker=2), "goals", "--open"],
        capture_output=True, env={**os.environ, "JOURNAL_DIR": str(synced), "JOURNAL_NOW": "2025-04-15"},
    )  # fmt: skip
    assert piped.returncode == 0 and b"\x1b[" not in piped.stdout
    assert on_terminal(synced, "goals", "--open") == (drawn, 0, False)


def test_an_edit_is_seen_on_a_terminal(synced: Path):
    # 160 columns: at 80 the PROGRESS column squeezes the text column and wraps the line looked for.
    on_terminal(synced, "goals", "--open", columns=160)
    document = synced / "entries" / "2025-q1.md"
    document.write_text(document.read_text(encoding="utf-8") + "\n- [ ] One more thing\n", encoding="utf-8")
    drawn, code, clicked = on_terminal(synced, "goals", "--open", columns=160)
    assert code == 0 and clicked and b"One more thing" in drawn


def test_an_answer_with_messages_is_not_kept_for_a_terminal(synced: Path):
    # Output and messages share the terminal, interleaved as written: a copy could not replay that order.
    config = synced / "journal.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\nunknown_setting = 1\n", encoding="utf-8")
    first, code, clicked = normal(synced, "goals", "--open")
    assert code == 0 and clicked and b"unknown_setting" in first
    again, code, clicked = on_terminal(synced, "goals", "--open")
    assert code == 0 and clicked and again == first
