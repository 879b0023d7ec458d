"""`journal goals` listings answered from their stored output (journal.goals_fast): byte for byte the normal answer.

Each test runs the console script (journal/launcher.py) in a fresh process,
output to a pipe as in a script, and compares with the normal command (click: the
stored answers deleted first). A second run is
served without click; any change to a document, a ledger file (even a hand
edit in place that keeps the folder's stat), journal.toml, the environment
or the date makes the normal command answer again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from journal.goals_fast import ANSWERS_NAME, served_arguments

SERVED = [
    ["goals", "--open"],
    ["goals"],
    ["goals", "--open", "--json"],
    ["--no-color", "goals", "--open"],
    ["goals", "--json"],
]


def launch(root: Path, *args: str, **env: str) -> tuple[subprocess.CompletedProcess[bytes], bool]:
    """The console script in a fresh process: (its result with bytes output, whether click was imported)."""
    code = (
        "import atexit, os, sys\n"
        "atexit.register(lambda: os.write(3, b'1' if 'click' in sys.modules else b'0'))\n"
        f"sys.argv = ['journal', *{list(args)!r}]\n"
        "from journal.launcher import main\n"
        "main()\n"
    )
    read_end, write_end = os.pipe()
    environment = {**os.environ, "JOURNAL_DIR": str(root), "JOURNAL_NOW": "2025-04-15", "COLUMNS": "100", **env}
    if "NO_COLOR" not in env:
        environment.pop("NO_COLOR", None)
    try:
        proc = subprocess.run(
            [sys.executable, "-c", code.replace("os.write(3", f"os.write({write_end}")],
            capture_output=True,
            env=environment,
            pass_fds=(write_end,),
        )
    finally:
        os.close(write_end)
    with os.fdopen(read_end, "rb") as marker:
        clicked = marker.read() == b"1"
    return proc, clicked


def normal(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    """The normal command's answer (no stored answer to serve)."""
    (root / ".journal" / ANSWERS_NAME).unlink(missing_ok=True)
    return launch(root, *args, **env)[0]


def same(a: subprocess.CompletedProcess[bytes], b: subprocess.CompletedProcess[bytes]) -> bool:
    return (a.returncode, a.stdout, a.stderr) == (b.returncode, b.stdout, b.stderr)


@pytest.fixture
def synced(example: Path, run) -> Path:
    """The examples journal, synced, its start-of-period line said (it comes once a period)."""
    run("sync")
    launch(example, "goals", "--done")
    return example


def test_the_start_of_period_line_is_said_once_and_never_served(example: Path, run):
    run("sync")
    first, _ = launch(example, "goals", "--open")
    second, clicked = launch(example, "goals", "--open")
    third, served_clicked = launch(example, "goals", "--open")
    assert first.stderr.startswith(b"Q2 2025 has begun") and first.stdout == second.stdout
    assert clicked and not served_clicked
    assert second.stderr == third.stderr == b""


@pytest.mark.parametrize("args", SERVED, ids=" ".join)
def test_a_stored_answer_is_the_normal_answer_byte_for_byte_without_click(synced: Path, args: list[str]):
    (synced / ".journal" / ANSWERS_NAME).unlink(missing_ok=True)
    expected, clicked = launch(synced, *args)  # the normal command, its output kept
    assert clicked and expected.returncode == 0 and expected.stdout
    served, clicked = launch(synced, *args)
    assert not clicked and same(served, expected)
    assert same(launch(synced, *args)[0], expected)


@pytest.mark.parametrize(
    "env",
    [{"NO_COLOR": "1"}, {"COLUMNS": "40"}, {"COLUMNS": "200"}, {"JOURNAL_NOW": "2025-07-02"}, {"LC_ALL": "C"}],
    ids=lambda env: ",".join(f"{k}={v}" for k, v in env.items()),
)
def test_another_environment_is_another_answer(synced: Path, env: dict[str, str]):
    launch(synced, "goals", "--open")
    assert not launch(synced, "goals", "--open")[1]  # the default environment's answer, stored
    assert launch(synced, "goals", "--open", **env)[1]  # not served from the default environment's answer
    again, clicked = launch(synced, "goals", "--open", **env)
    if "JOURNAL_NOW" not in env:  # (another date says its start-of-period line once: .journal/period-seen changes)
        assert not clicked
        assert not launch(synced, "goals", "--open")[1]  # both kept
    assert same(again, normal(synced, "goals", "--open", **env))


def test_a_document_edited_by_hand_is_seen(synced: Path):
    launch(synced, "goals", "--open")
    document = synced / "entries" / "2025-q1.md"
    document.write_text(document.read_text(encoding="utf-8") + "\n- [ ] One more thing\n", encoding="utf-8")
    got, clicked = launch(synced, "goals", "--open")
    assert clicked and b"One more thing" in got.stdout
    assert same(got, normal(synced, "goals", "--open"))


def test_a_ledger_file_edited_in_place_is_seen(synced: Path):
    launch(synced, "goals", "--open", "--json")
    ledger = synced / "ledger" / "2025-q1.toml"
    folder_before = os.stat(ledger.parent).st_mtime_ns
    text = ledger.read_text(encoding="utf-8")
    assert 'note = "' not in text
    with open(ledger, "r+", encoding="utf-8") as handle:  # in place: the folder's stat stays
        first = text.index('status = "open"')
        handle.write(text[:first] + 'note = "by hand"\n' + text[first:])
    assert os.stat(ledger.parent).st_mtime_ns == folder_before
    got, clicked = launch(synced, "goals", "--open", "--json")
    assert clicked and b"by hand" in got.stdout


def test_a_write_is_seen(synced: Path, run):
    before, _ = launch(synced, "goals", "--open")
    launch(synced, "goals", "--open")
    goal_id = before.stdout.decode().splitlines()[1].split()[0]
    done, _ = launch(synced, "done", goal_id)
    assert done.returncode == 0
    got, clicked = launch(synced, "goals", "--open")
    assert clicked and goal_id.encode() not in got.stdout
    assert same(got, normal(synced, "goals", "--open"))


def test_journal_toml_changed_is_seen(synced: Path):
    launch(synced, "goals", "--open")
    with open(synced / "journal.toml", "a", encoding="utf-8") as handle:
        handle.write("\n# a comment\n")
    assert launch(synced, "goals", "--open")[1]


def test_deleting_the_cache_changes_no_answer(synced: Path):
    launch(synced, "goals", "--open")
    served, clicked = launch(synced, "goals", "--open")
    assert not clicked
    shutil.rmtree(synced / ".journal")
    fresh, clicked = launch(synced, "goals", "--open")
    assert clicked and same(fresh, served)


def test_an_error_is_never_stored(synced: Path):
    (synced / "ledger" / "2025-q1.toml").write_text("[goals\n", encoding="utf-8")
    got, _ = launch(synced, "goals", "--open")
    again, clicked = launch(synced, "goals", "--open")
    assert got.returncode != 0 and clicked and same(got, again)
    assert not (synced / ".journal" / ANSWERS_NAME).exists()


def test_what_is_served():
    assert served_arguments(["goals"]) == ""
    assert served_arguments(["goals", "--open", "--json"]) == ""
    assert served_arguments(["--dir", "j", "goals", "--open"]) == "j"
    assert served_arguments(["goals", "--open", "--dir=j"]) == "j"
    for other in (["goals", "--done"], ["goals", "--period", "2025-q1"], ["status"], ["goals", "x"], ["--open"],
                  ["goals", "--dir"], ["--json", "goals"], ["goals", "goals"]):  # fmt: skip
        assert served_arguments(other) is None, other
