"""`journal status` across a quarter's end, reviews on record, the fast path, the start-of-period line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from journal.status_fast import answer
from tests.conftest import write

BEFORE = "Q1 2025: 8 open · review of Q4 2024 due (ended 90 days ago)\n"
AFTER = (
    "Q2 2025: 10 open, 8 overdue · review of Q1 2025 due (ended 1 day ago; 1 more)"
    " · no document yet (journal new 2025-q2)\n"
)
KEEP_ALL_THEN_SKIP = "k\n" * 8 + "\n" * 10


def fast_status(root: Path, *args: str, now: str) -> subprocess.CompletedProcess[str]:
    """The installed entry point in a fresh process; stderr says whether click was imported."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('click' in sys.modules, file=sys.stderr))\n"
        f"sys.argv = ['journal', 'status', *{list(args)!r}]\n"
        "from journal.launcher import main\n"
        "main()\n"
    )
    env = {**os.environ, "JOURNAL_DIR": str(root), "JOURNAL_NOW": now}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)


def every_file(root: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


def test_status_before_and_after_the_quarter_ends(run, example: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-03-31")
    assert run("status").stdout == BEFORE
    assert run("status", "--quiet-if-nothing").stdout == BEFORE
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-01")
    assert run("status").stdout == AFTER
    facts = json.loads(run("status", "--json").stdout)
    assert facts["period"] == "2025-q2" and facts["overdue"] == 8 and facts["document"] is False
    assert [r["period"] for r in facts["reviews_due"]] == ["2025-q1", "2024-q4"]
    assert facts["line"] + "\n" == AFTER


def test_the_fast_path_gives_the_same_answer_without_click_and_writes_nothing(run, example: Path):
    run("sync")
    before = every_file(example)
    for now, expected in (("2025-03-31", BEFORE), ("2025-04-01", AFTER)):
        proc = fast_status(example, now=now)
        assert proc.stdout == expected
        assert proc.stderr == "False\n"  # answered from .journal/status.marshal, click never imported
    as_json = fast_status(example, "--json", now="2025-04-01")
    assert json.loads(as_json.stdout)["line"] + "\n" == AFTER
    assert every_file(example) == before  # no file written, not even the lock or the cache


def test_the_fast_path_steps_aside_when_a_document_changed(run, example: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-03-31")
    run("sync")
    assert answer([]) == 0
    document = example / "entries" / "2025-q1.md"
    document.write_text(document.read_text(encoding="utf-8") + "\n- [ ] One more thing\n", encoding="utf-8")
    assert answer([]) is None  # stale: the normal command answers, reading the change in memory
    assert fast_status(example, now="2025-03-31").stdout == BEFORE.replace("8 open", "9 open")
    assert answer(["--unknown-option"]) is None


def test_quiet_if_nothing_needs_attention(run, journal_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-05-10")
    write(journal_dir, "entries/2025-q2.md", "# Q2 2025\n\n- [ ] Ship it\n")
    assert run("status", "--quiet-if-nothing").stdout == ""
    assert run("status").stdout == "Q2 2025: 1 open\n"
    assert fast_status(journal_dir, "--quiet-if-nothing", now="2025-05-10").stdout == ""
    monkeypatch.setenv("JOURNAL_NOW", "2025-07-01")
    assert run("status", "--quiet-if-nothing").stdout == (
        "Q3 2025: 0 open, 1 overdue · review of Q2 2025 due (ended 1 day ago) · no document yet (journal new 2025-q3)\n"
    )


def test_a_finished_review_is_on_record(run, example: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-02T10:30:00")
    run("review", "2025-q1", input=KEEP_ALL_THEN_SKIP)
    record = (example / "ledger" / "reviews" / "2025-q1.toml").read_text(encoding="utf-8")
    assert record == (
        "# The review of Q1 2025, recorded by `journal review` (hand edits are kept).\n"
        'period = "2025-q1"\nstatus = "finished"\nby = "Dana Whitfield"\n'
        "started = 2025-04-02T10:30:00\nfinished = 2025-04-02T10:30:00\nsessions = 1\nanswers = 0\n\n"
        "[goals]\nset = 16\ndone = 8\nin_progress = 1\nopen = 7\ndropped = 0\ncarried = 0\n\n"
        "[decisions]\nkeep = 8\n"
    )
    assert run("status").stdout == (
        "Q2 2025: 10 open, 8 overdue · review of Q4 2024 due (ended 92 days ago)"
        " · no document yet (journal new 2025-q2)\n"
    )
    assert fast_status(example, now="2025-04-02").stdout == run("status").stdout
    listing = run("list").stdout.splitlines()
    headers = ["PERIOD", "GOALS", "DONE", "OPEN", "DROPPED", "CARRIED", "RATE", "REVIEWED", "DOCUMENT"]
    assert listing[0].split() == headers
    # the rows: 2024-q4, its report, 2025-q1, and the daily note of 2025-04-14
    assert [line.split()[7] for line in listing[1:]] == ["-", "-", "2025-04-02", "-"]
    stats = json.loads(run("stats", "--json").stdout)["periods"]
    reviewed = {row["period"]: row["reviewed"] for row in stats}
    assert reviewed == {"2024-q4": "-", "2025-q1": "2025-04-02", "2025-q2": "-"}
    assert "REVIEWED" in run("stats").stdout.splitlines()[0]


def test_a_review_stopped_half_way_is_unfinished_until_finished(run, example: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-03")
    run("review", "2025-q1", input="d\nq\n")
    path = example / "ledger" / "reviews" / "2025-q1.toml"
    record = path.read_text(encoding="utf-8")
    assert 'status = "unfinished"' in record and "finished =" not in record and "[decisions]\ndone = 1\n" in record
    assert "review of Q1 2025 due" in run("status").stdout
    assert run("due").stdout.startswith("Review of Q1 2025: unfinished, ended 3 days ago (journal review 2025-q1)\n")
    assert [line.split()[7] for line in run("list").stdout.splitlines()[1:]] == ["-", "-", "unfinished", "-"]
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-04")
    run("review", "2025-q1", input=KEEP_ALL_THEN_SKIP)
    record = path.read_text(encoding="utf-8")
    assert 'status = "finished"' in record and "started = 2025-04-03T00:00:00" in record
    assert "finished = 2025-04-04T00:00:00" in record and "sessions = 2" in record
    assert "[decisions]\ndone = 1\nkeep = 7\n" in record
    assert "review of Q1 2025" not in run("status").stdout


def test_a_review_quit_before_any_decision_records_nothing(run, example: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-03")
    run("review", "2025-q1", input="q\n")
    assert not (example / "ledger" / "reviews").exists()


def test_a_hand_edited_review_keeps_its_comments(run, example: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-03")
    run("review", "2025-q1", input="d\nq\n")
    path = example / "ledger" / "reviews" / "2025-q1.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('by = "', '# done on the train\nby = "'), encoding="utf-8")
    run("review", "2025-q1", input=KEEP_ALL_THEN_SKIP)
    assert "# done on the train\n" in path.read_text(encoding="utf-8")


def test_a_broken_review_file_is_one_error(run, example: Path):
    write(example, "ledger/reviews/2025-q1.toml", 'status = "maybe"\n')
    result = run("list", expect=5)
    assert result.stderr.startswith("Error: ") and "status must be finished or unfinished" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_the_start_of_period_line_comes_once(run, example: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-03-30")
    assert run("goals").stderr == ""  # the first command ever: remembered quietly
    monkeypatch.setenv("JOURNAL_NOW", "2025-03-31")
    assert run("goals").stderr == ""
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-01")
    assert run("status").stderr == ""  # status never writes, so it never says it either
    assert run("goals").stderr == (
        "Q2 2025 has begun: 'journal new 2025-q2' writes its document; 'journal review 2025-q1' reviews Q1 2025.\n"
    )
    assert run("goals").stderr == ""
    assert run("list").stderr == ""
    assert (example / ".journal" / "period-seen").read_text(encoding="utf-8") == "2025-q2\n"


def test_the_console_script_finds_status_after_global_options():
    from journal.launcher import _status_arguments

    assert _status_arguments(["status", "--json"]) == ["--json"]
    assert _status_arguments(["--dir", "/j", "status"]) == ["--dir", "/j"]
    assert _status_arguments(["--no-color", "status", "--quiet-if-nothing"]) == ["--no-color", "--quiet-if-nothing"]
    assert _status_arguments(["goals", "status"]) is None
    assert _status_arguments(["--dir", "status"]) is None  # "status" is the folder here
    assert answer(["--help"]) is None  # click's help, not the fast path's


def test_the_fast_path_finds_the_default_journal_where_platformdirs_puts_it(monkeypatch: pytest.MonkeyPatch, tmp_path):
    from journal.config import default_journal_dir
    from journal.status_fast import default_journal_dir as fast_default

    for data_home in ("", str(tmp_path / "data")):
        monkeypatch.setenv("XDG_DATA_HOME", data_home)
        if fast_default() is not None:
            assert Path(fast_default()) == default_journal_dir()
