"""The core loop through the CLI, across commands: where the journal is, status round trips, ledger faults."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

from tests.conftest import EXAMPLES, snapshot, write

Q4 = """\
# Q4 2024 Reflection - Ada

**Author**: Ada
**Date**: 2025-01-05

## Wins

- Shipped the importer

## Goals for Q4 2024

- [x] Ship the importer
- [ ] Write the RFC

## Q1 2025 Priorities

### Personal Goals

- Run a 10k

### Team Goals

- [ ] Complete GraphQL API migration
"""


def ids_by_text(run) -> dict[str, str]:
    return {g["text"]: g["id"] for g in json.loads(run("goals", "--all", "--json").stdout)}


def test_default_location_is_created_and_announced(tmp_path: Path, monkeypatch, run):
    monkeypatch.delenv("JOURNAL_DIR")
    monkeypatch.chdir(tmp_path)
    data_home = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    result = run("goals")
    assert result.stderr.startswith(f"Created a new journal in {data_home / 'journal'}\n")
    assert (data_home / "journal" / "journal.toml").is_file()
    assert "Created" not in run("goals").stderr


def test_dir_option_wins_over_the_environment(tmp_path: Path, run, journal_dir: Path):
    other = tmp_path / "other"
    run("--dir", str(other), "new", "2025-q1")
    assert (other / "entries" / "2025-q1.md").is_file()
    assert not (journal_dir / "entries" / "2025-q1.md").exists()


def test_done_and_back_touch_only_the_marker_and_record_history(run, journal_dir: Path):
    doc = write(journal_dir, "entries/2024-q4.md", Q4, newline="\r\n")
    original = doc.read_bytes()
    ids = ids_by_text(run)
    rfc = ids["Write the RFC"]
    assert run("done", rfc[:4]).stdout == f"Done {rfc}  Write the RFC\n"
    changed = doc.read_bytes()
    assert changed == original.replace(b"- [ ] Write the RFC", b"- [x] Write the RFC")
    run("start", rfc)
    assert b"- [/] Write the RFC\r\n" in doc.read_bytes()
    run("drop", rfc, "--reason", "superseded")
    run("reopen", rfc)
    assert doc.read_bytes() == original
    ledger = tomllib.loads((journal_dir / "ledger" / "2024-q4.toml").read_text())
    history = ledger["goals"][rfc]["history"]
    assert [h["status"] for h in history] == ["open", "done", "in_progress", "dropped", "open"]
    assert history[3]["reason"] == "superseded"
    assert run("sync").stdout == "Nothing changed.\n"


def test_a_broken_ledger_is_an_error_naming_the_file_and_line(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    run("sync")
    ledger = journal_dir / "ledger" / "2024-q4.toml"
    ledger.write_text(ledger.read_text() + "\n[goals.broken\n")
    before = snapshot(journal_dir)
    result = run("goals", expect=5)
    assert result.stderr.startswith(f"Error: {ledger}: ") and "line" in result.stderr
    write(journal_dir, "entries/2024-q4.md", Q4 + "- [ ] new\n")
    run("sync", expect=5)
    assert snapshot(journal_dir) == {**before, "entries/2024-q4.md": (Q4 + "- [ ] new\n").encode()}


def test_a_wrong_type_in_the_ledger_is_an_error(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    run("sync")
    ledger = journal_dir / "ledger" / "2024-q4.toml"
    ledger.write_text(ledger.read_text().replace('status = "open"', "status = 3", 1))
    assert (
        "status must be str" in run("goals", expect=5).stderr or "'status' must be str" in run("goals", expect=5).stderr
    )


def test_hand_edits_and_comments_in_the_ledger_survive(run, journal_dir: Path):
    doc = write(journal_dir, "entries/2024-q4.md", Q4)
    rfc = ids_by_text(run)["Write the RFC"]
    ledger = journal_dir / "ledger" / "2024-q4.toml"
    text = ledger.read_text().replace(f"[goals.{rfc}]\n", f'# my own comment\n[goals.{rfc}]\nnote = "ask Bo"\n')
    ledger.write_text(text)
    run("done", rfc)
    doc.write_text(doc.read_text() + "- [ ] Another\n")
    run("sync")
    after = ledger.read_text()
    assert "# my own comment\n" in after and 'note = "ask Bo"' in after
    assert json.loads(run("goals", "--done", "--json").stdout)[1]["note"] == "ask Bo"


def test_the_example_journal_walks_through(run, journal_dir: Path):
    shutil.copytree(EXAMPLES / "entries", journal_dir / "entries", dirs_exist_ok=True)
    assert "Synced 4 documents" in run("sync").stdout  # three quarterly documents and a daily note
    open_goals = json.loads(run("goals", "--json").stdout)
    assert open_goals and all(g["status"] in ("open", "in_progress") for g in open_goals)
    assert not any("not a goal" in g["text"] for g in json.loads(run("goals", "--all", "--json").stdout))
    run("new", "2025-q2")
    assert (journal_dir / "entries" / "2025-q2.md").is_file()


def test_usage_errors_are_one_line_through_the_entry_point(tmp_path: Path):
    import subprocess
    import sys

    for args, needle in (
        (["reopen"], "Error: Missing argument 'ID...'. (see 'journal reopen --help')"),
        (["goals", "--bogus"], "Error: No such option '--bogus'. (see 'journal goals --help')"),
    ):
        proc = subprocess.run(
            [sys.executable, "-c", "from journal.cli import main; main()", *args],
            capture_output=True,
            text=True,
            env={"JOURNAL_DIR": str(tmp_path / "j"), "PATH": "/usr/bin:/bin"},
        )
        assert proc.returncode == 2
        assert proc.stderr == needle + "\n"


def test_a_mistyped_journal_folder_is_an_error_not_a_new_journal(tmp_path: Path, run):
    missing = tmp_path / "typo"
    result = run("--dir", str(missing), "goals", expect=2)
    assert result.stderr.startswith(f"Error: no journal in {missing} ")
    assert not missing.exists()


def test_new_goal_words_reach_documents_already_synced(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q3.md", "# Q3\n\n## Epics\n\n- Ship the billing rewrite\n")
    run("sync")
    assert json.loads(run("goals", "--json").stdout) == []
    run("config", "set", "goal_words", "epics")
    assert [g["text"] for g in json.loads(run("goals", "--json").stdout)] == ["Ship the billing rewrite"]
