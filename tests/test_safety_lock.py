"""The journal's lock (issue 9, items 13 and 16): never held while a person thinks, says what it waits for,
survives deleting .journal/; `new --edit` keeps the document when the editor fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from journal.cli import cli
from tests.journal_factory import JOURNAL, build_journal, journal_env, ledger_goals, ok, run_journal

PATIENCE = 60.0  # how long a test waits for a subprocess to reach a point (never a speed requirement)


class Output:
    """A stream of a subprocess, read on a thread so that the test can wait for a given text."""

    def __init__(self, stream) -> None:
        self.text = ""
        self._stream = stream
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while chunk := self._stream.read(1):
            self.text += chunk

    def wait_for(self, needle: str, process: subprocess.Popen) -> bool:
        """True once ``needle`` was written; False if the process ended (or PATIENCE ran out) first."""
        deadline = time.monotonic() + PATIENCE
        while needle not in self.text:
            if process.poll() is not None:
                self._thread.join(5)
                return needle in self.text
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def rest(self) -> str:
        self._thread.join(PATIENCE)
        return self.text


def start_journal(root: Path, *args: str) -> tuple[subprocess.Popen, Output, Output]:
    process = subprocess.Popen(
        [*JOURNAL, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=journal_env(root),
        cwd=root.parent,
    )
    return process, Output(process.stdout), Output(process.stderr)


@pytest.fixture
def journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The realistic journal of the fault tests (Q4 2024 to Q1 2025), synced; JOURNAL_DIR points at it."""
    root = build_journal(tmp_path / "journal")
    for name, value in journal_env(root).items():
        if name not in ("PYTHONPATH",):
            monkeypatch.setenv(name, value)
    return root


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def goal_id(root: Path, text: str) -> str:
    return next(g_id for g_id, g in ledger_goals(root).items() if g["text"] == text and not g.get("carried_to"))


def changes_by(root: Path, goal: str) -> list[tuple[str, str]]:
    return [(entry["status"], entry.get("by", "")) for entry in ledger_goals(root)[goal].get("history", [])[1:]]


# ---------------------------------------------------------------- 13: the review holds no lock while it waits


def test_other_commands_run_while_a_review_waits_for_the_person_and_the_review_notices(journal: Path):
    root = journal
    review, out, err = start_journal(root, "review", "2025-q1")
    try:
        # Q1 2025 has 10 open goals: its own, and those of January (entries/2025-01.md), a month inside it
        assert out.wait_for("[1/10] ", review) and out.wait_for("[q]uit?", review), out.text + err.text
        first = out.text.split("[1/10] ", 1)[1].split()[0]
        # A document edited by hand meanwhile: `goals` must sync it, so it needs the lock.
        january = root / "entries/2025-01.md"
        january.write_bytes(january.read_bytes().replace(b"- [ ] Finish the budget", b"- [/] Finish the budget"))
        listed = invoke("goals", "--all", "--json")
        assert listed.exit_code == 0, listed.stderr
        assert '"in_progress"' in listed.stdout
        marked = invoke("done", first)
        assert marked.exit_code == 0, marked.stderr
        assert marked.stderr == ""
        review.stdin.write("d\n")  # the person, who saw it open, says done: it is done already
        review.stdin.close()  # then stops (end of input)
        assert review.wait(PATIENCE) == 0, err.rest()
    finally:
        if review.poll() is None:
            review.kill()
    shown = out.rest()
    assert f"{first} changed meanwhile: now done; skipped." in shown, shown
    assert changes_by(root, first) == [("done", "cli")]  # once, by `done`; the review wrote nothing over it
    assert ok(run_journal(root, "sync")).stdout == "Nothing changed.\n"


class ScriptedAsker:
    """Answers from a script; ``meanwhile[i]`` runs (as another person or command would) before answer i."""

    def __init__(self, decisions: list[str], meanwhile: dict[int, Callable[[], None]] | None = None) -> None:
        self.decisions = decisions
        self.meanwhile = meanwhile or {}
        self.asked: list[str] = []
        self.said: list[str] = []

    def say(self, message: str) -> None:
        self.said.append(message)

    def decide(self, goal, position: int, total: int, carried: int, shown_id=None) -> str:
        self.asked.append(goal.text)
        action = self.meanwhile.pop(len(self.asked) - 1, None)
        if action is not None:
            action()
        return self.decisions.pop(0) if self.decisions else "quit"

    def line(self, question: str) -> str:
        return ""

    def answer(self, question: str) -> str | None:
        return None


def test_review_core_saves_each_decision_only_if_the_goal_is_as_shown(journal: Path):
    from journal.config import open_journal
    from journal.periods import parse_period
    from journal.review import run_review

    root = journal
    first, second = goal_id(root, "Run a 10k in under 55 minutes"), goal_id(root, "Read six books")
    q4 = root / "entries/2024-q4.md"

    def someone_marks_it_done() -> None:
        # Another process: it would wait for the lock (and fail after 10 s) if the review held it.
        ok(run_journal(root, "done", first))

    def someone_rewords_it() -> None:
        q4.write_bytes(q4.read_bytes().replace(b"- Read six books\n", b"- Read eight books\n"))

    asker = ScriptedAsker(["done", "done", "in_progress"], {0: someone_marks_it_done, 1: someone_rewords_it})
    journal_obj, _created = open_journal(str(root))
    outcome = run_review(journal_obj, parse_period("2025-q1"), asker)
    assert f"  {first} changed meanwhile: now done; skipped." in asker.said
    assert f"  {second} changed meanwhile: now 'Read eight books'; asking again." in asker.said
    # The reworded goal was asked again, with its new words, and that decision saved.
    assert asker.asked[:3] == ["Run a 10k in under 55 minutes", "Read six books", "Read eight books"]
    assert outcome.decisions == {"in_progress": 1}
    assert changes_by(root, first) == [("done", "cli")]
    assert changes_by(root, second) == [("in_progress", "review")]
    assert b"- [/] Read eight books\n" in q4.read_bytes()
    assert ok(run_journal(root, "sync")).stdout == "Nothing changed.\n"


def test_review_answers_go_into_the_document_as_it_is_when_answered(journal: Path):
    """The person writes in the document while the review waits for an answer: both are kept."""
    root = journal
    document = root / "entries/2025-q1.md"

    def typed_meanwhile() -> None:
        document.write_bytes(document.read_bytes().replace(b"## Wins\r\n", b"## Wins\r\n\r\nTyped meanwhile.\r\n"))

    from journal.config import open_journal
    from journal.periods import parse_period
    from journal.review import run_review

    class Answering(ScriptedAsker):
        def answer(self, question: str) -> str | None:
            if not self.meanwhile.get("typed"):
                self.meanwhile["typed"] = True
                typed_meanwhile()
                return "An answer."
            return None

    asker = Answering(["keep"] * 50)  # Q1's goals, then Q4 2024's left undecided
    outcome = run_review(open_journal(str(root))[0], parse_period("2025-q1"), asker)
    assert outcome.answered == 1
    data = document.read_bytes()
    assert b"Typed meanwhile.\r\n" in data and b"An answer." in data


# ---------------------------------------------------------------- 13: the lock itself


def hold_lock_in_subprocess(root: Path) -> subprocess.Popen:
    """Another process holding the journal's lock until its standard input closes."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from journal.lock import journal_lock\n"
        f"with journal_lock(Path({str(root)!r}) / '.journal' / 'lock'):\n"
        "    print('held', flush=True)\n"
        "    sys.stdin.read()\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=journal_env(root)
    )
    assert holder.stdout.readline() == "held\n"
    return holder


def test_a_waiting_command_says_what_it_waits_for_and_gives_up_with_one_error_line(
    journal: Path, monkeypatch: pytest.MonkeyPatch
):
    from journal import lock

    monkeypatch.setattr(lock, "LOCK_TIMEOUT", 1.5)
    root = journal
    goal = goal_id(root, "Read six books")
    before = {p: p.read_bytes() for p in root.rglob("*.*") if ".journal" not in p.parts}
    holder = hold_lock_in_subprocess(root)
    try:
        result = invoke("done", goal)
    finally:
        holder.stdin.close()
        holder.wait(PATIENCE)
    assert result.exit_code == 7
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"waiting for another journal command to finish (lock .journal/lock held by pid {holder.pid})..."
    )
    assert len(lines) == 2 and lines[1].startswith("Error: another journal command is still working"), lines
    assert f"pid {holder.pid}" in lines[1]
    assert {p: p.read_bytes() for p in root.rglob("*.*") if ".journal" not in p.parts} == before


def test_a_command_waits_for_the_lock_saying_so_then_works(journal: Path):
    from journal.config import open_journal
    from journal.lock import journal_lock

    root = journal
    goal = goal_id(root, "Read six books")
    lock_path = open_journal(str(root))[0].lock_path
    with journal_lock(lock_path):
        with journal_lock(lock_path):  # re-entrant
            pass
        waiting, out, err = start_journal(root, "done", goal)
        try:
            said = err.wait_for(f"(lock .journal/lock held by pid {os.getpid()})...\n", waiting)
            assert said, f"exit {waiting.poll()}: {err.text}"
            assert waiting.poll() is None  # still waiting: the lock excludes it
        finally:
            waiting.stdin.close()
    assert waiting.wait(PATIENCE) == 0, err.rest()
    assert out.rest().startswith(f"Done {goal}")
    assert err.rest().splitlines() == [
        f"waiting for another journal command to finish (lock .journal/lock held by pid {os.getpid()})..."
    ]


def test_deleting_the_state_folder_does_not_let_a_second_command_in(journal: Path):
    from journal.config import open_journal
    from journal.lock import journal_lock

    root = journal
    goal = goal_id(root, "Read six books")
    lock_path = open_journal(str(root))[0].lock_path
    with journal_lock(lock_path):
        shutil.rmtree(root / ".journal")  # "derived, safe to delete", even now
        contender = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys\nfrom pathlib import Path\nfrom journal.lock import journal_lock\n"
                "from journal.errors import ConflictError\n"
                "try:\n"
                f"    with journal_lock(Path({str(lock_path)!r}), 0.5):\n"
                "        print('got it')\n"
                "except ConflictError as exc:\n"
                "    print(f'refused: {exc}')\n",
            ],
            capture_output=True,
            text=True,
            env=journal_env(root),
            timeout=PATIENCE,
        )
        assert contender.stdout.startswith("refused: another journal command"), contender.stdout + contender.stderr
        waiting, _out, err = start_journal(root, "done", goal)
        try:
            assert err.wait_for("waiting for another journal command to finish", waiting), err.text
        finally:
            waiting.stdin.close()
    assert waiting.wait(PATIENCE) == 0, err.rest()
    assert changes_by(root, goal) == [("done", "cli")]


# ---------------------------------------------------------------- 16: new --edit with an editor that fails


@pytest.mark.parametrize("editor", ["false", "no-such-editor-here"])
def test_new_edit_keeps_the_document_when_the_editor_fails(journal: Path, monkeypatch: pytest.MonkeyPatch, editor: str):
    root = journal
    monkeypatch.setenv("EDITOR", editor)
    monkeypatch.delenv("VISUAL", raising=False)
    result = invoke("new", "2025-q2", "--edit")
    assert result.exit_code == 0, result.stderr
    document = root / "entries/2025-q2.md"
    assert result.stdout == f"{document}\n"
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Brought in ")
    assert lines[-1].startswith("Warning: the editor failed (")
    assert lines[-1].endswith("; the document is written at entries/2025-q2.md.")
    assert document.is_file()
    assert ok(run_journal(root, "sync")).stdout == "Nothing changed.\n"
    assert b"[>]" in (root / "entries/2025-q1.md").read_bytes()  # what new brought in is linked, and stays so


def test_ctrl_c_in_a_review_keeps_every_decision_saved_so_far(journal: Path):
    from journal.config import open_journal
    from journal.periods import parse_period
    from journal.review import run_review

    root = journal
    first, second = goal_id(root, "Run a 10k in under 55 minutes"), goal_id(root, "Read six books")

    def interrupt() -> None:
        raise KeyboardInterrupt

    asker = ScriptedAsker(["done", "in_progress"], {2: interrupt})
    with pytest.raises(KeyboardInterrupt):
        run_review(open_journal(str(root))[0], parse_period("2025-q1"), asker)
    assert changes_by(root, first) == [("done", "review")]
    assert changes_by(root, second) == [("in_progress", "review")]
    listed = invoke("goals", "--all", "--json")  # and the lock was let go
    assert listed.exit_code == 0 and listed.stderr == "", listed.stderr
