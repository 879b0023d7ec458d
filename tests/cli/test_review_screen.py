"""The review on a real terminal (a pty, 80 columns): colour, `[Enter] keep`, Ctrl-C the same in every phase."""

from __future__ import annotations

import fcntl
import os
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a pty is POSIX")


class Screen:
    """`journal ARGS` running on a pseudo-terminal of 80x24, read as a person would see it."""

    def __init__(self, root: Path, *args: str) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "COLUMNS", "LINES")}
        env.update(JOURNAL_DIR=str(root), JOURNAL_NOW="2025-04-15", TERM="xterm-256color", EDITOR="true")
        code = "from journal.cli import main; main()"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, *args], stdin=slave, stdout=slave, stderr=slave, env=env,
            start_new_session=True, preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
        )  # fmt: skip
        os.close(slave)
        self.raw = b""
        self.seen = 0  # how much of the screen's text next_of has gone past

    def read_until(self, text: str, timeout: float = 60) -> str:
        """Everything shown so far, once ``text`` is on screen (ANSI escapes removed)."""
        self.next_of(text, timeout=timeout)
        return self.text

    def next_of(self, *texts: str, timeout: float = 60) -> str:
        """Which of ``texts`` appears next on screen, after the last one found."""
        deadline = time.monotonic() + timeout
        while True:
            found = [(self.text.find(text, self.seen), text) for text in texts]
            found = [(at, text) for at, text in found if at != -1]
            if found:
                at, text = min(found)
                self.seen = at + len(text)
                return text
            if time.monotonic() > deadline or not self._read_some(deadline):
                raise AssertionError(f"none of {texts!r} appeared; the screen:\n{self.text}")

    def _read_some(self, deadline: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 4096)
        except OSError:  # the other end closed: the program ended
            return False
        self.raw += chunk
        return bool(chunk)

    @property
    def text(self) -> str:
        return ANSI.sub("", self.raw.decode("utf-8", "replace")).replace("\r\n", "\n")

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def interrupt(self) -> None:
        """Ctrl-C as the terminal sends it: SIGINT to the foreground program (once it waits for input)."""
        time.sleep(0.3)
        self.type("\x03")

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        deadline = time.monotonic() + timeout
        while self._read_some(deadline) and time.monotonic() < deadline:
            pass
        try:
            code = self.process.wait(timeout=timeout)  # a guard against a hang, never a speed requirement
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError(f"still running; the screen:\n{self.text}") from None
        finally:
            os.close(self.master)
        return code, self.text


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    root = tmp_path / "journal"
    shutil.copytree(EXAMPLES, root)
    return root


def test_decisions_screen_at_80_columns_in_colour_then_ctrl_c_stops_and_keeps_them(journal: Path):
    screen = Screen(journal, "review", "2025-q1")
    shown = screen.read_until("[q]uit?")
    assert "\x1b[" in screen.raw.decode()  # colour on a terminal
    assert "[1/8] 2lfopa  Complete the GraphQL migration of the tracking API" in shown
    assert "  [d]one [p]rogress [c]arry drop[x] [Enter] keep [n]ote [q]uit?" in shown
    screen.type("d\r")
    screen.next_of("[2/8]")
    screen.next_of("[q]uit? ")
    screen.type("\r")  # Enter keeps it
    screen.next_of("[3/8]")
    # A measurable goal asks its value first; a decision key typed there decides it.
    screen.read_until(
        "Bring monorepo CI under 10 minutes\n  open, entries/2024-q4-report.md:100\n"
        "  target at most 10 min: 19 min now (from 23 min), ███▏······ 30% of the way\n"  # the report's Monorepo CI
        "  Current value ([Enter] skips; or a decision key)?"
    )
    screen.type("x\r")
    screen.read_until("Why drop it?")
    screen.interrupt()  # while typing a reason: that drop is not made
    code, shown = screen.finish()
    assert code == 0, shown
    assert "Stopped; every decision so far is saved." in shown
    assert "Review saved: 1 done, 1 keep; 0 answers written." in shown
    assert "Traceback" not in shown and "Aborted" not in shown
    assert all(len(line) <= 80 for line in shown.splitlines()), shown
    text = (journal / "entries" / "2024-q4-report.md").read_text(encoding="utf-8")
    assert "- [x] Complete the GraphQL migration of the tracking API" in text
    assert "- [ ] Bring monorepo CI under 10 minutes" in text


def test_inline_markdown_is_rendered_on_the_review_screen(journal: Path):
    screen = Screen(journal, "review", "2025-q1")
    for _ in range(5):
        screen.next_of("[q]uit? ", "decision key)? ")  # a measurable goal's value question takes a decision too
        screen.type("k\r")
    shown = screen.read_until("[6/8] v06kno  Developer Experience - monorepo CI under 10 minutes")
    assert "**" not in shown.split("[6/8]", 1)[1]
    assert "\x1b[1mDeveloper Experience" in screen.raw.decode()  # bold
    screen.next_of("[q]uit?", "decision key)?")  # a measurable goal: q at its value question quits too
    screen.type("q\r")
    code, shown = screen.finish()
    assert code == 0 and "Stopped; every decision so far is saved." in shown


def test_ctrl_c_in_the_answers_keeps_the_lines_typed_and_says_stopped(journal: Path):
    subprocess.run(
        [sys.executable, "-c", "from journal.cli import main; main()", "new", "2025-q2", "--no-carry"],
        env={**os.environ, "JOURNAL_DIR": str(journal), "JOURNAL_NOW": "2025-04-15"}, check=True, capture_output=True,
    )  # fmt: skip
    screen = Screen(journal, "review", "2025-q2")
    while screen.next_of("[q]uit? ", "decision key)? ", "(several lines allowed") != "(several lines allowed":
        screen.type("\r")  # Enter keeps each goal (and skips a measurable goal's value)
    screen.read_until("> ")
    screen.type("Half an answer, kept\r")
    screen.read_until("Half an answer, kept\n")
    screen.interrupt()
    code, shown = screen.finish()
    assert code == 0, shown
    assert shown.rstrip().endswith("1 answer written.")
    assert "Stopped; every decision so far is saved." in shown
    assert "Half an answer, kept" in (journal / "entries" / "2025-q2.md").read_text(encoding="utf-8")
