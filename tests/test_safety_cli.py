"""Issue 9, items 12 and 16 (CLI parts): where `init` makes a journal, `drop --reason`, exit codes.

Every failure is one `Error:` line with a documented exit code (README "Errors"): never the
JournalError base (exit 1), an OS failure is 8, a bug is 1 with "internal error" and --debug.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from journal.cli import cli
from tests.conftest import snapshot, write

JOURNAL_PACKAGE = Path(__file__).resolve().parent.parent / "journal"


def invoke(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, input=input, catch_exceptions=False)


def one_error_line(result: Result, code: int) -> str:
    lines = result.stderr.splitlines()
    assert result.exit_code == code, f"exit {result.exit_code}, expected {code}: {result.stderr}"
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test here can reach the real user data folder; no JOURNAL_DIR unless a test sets one."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    for name in ("DATA", "CACHE", "CONFIG", "STATE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(home / name.lower()))
    monkeypatch.delenv("JOURNAL_DIR", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(tmp_path)  # whatever init does by mistake, it does it there
    return home


# ---------------------------------------------------------------- item 12: init follows the location rules


def test_init_uses_journal_dir_not_the_current_folder(sandbox: Path, tmp_path: Path, monkeypatch):
    repository = tmp_path / "some-repository"
    repository.mkdir()
    (repository / "README.md").write_text("not a journal\n")
    target = tmp_path / "my-journal"
    monkeypatch.chdir(repository)
    monkeypatch.setenv("JOURNAL_DIR", str(target))
    result = invoke("init")
    assert result.exit_code == 0, result.stderr
    assert (target / "journal.toml").is_file() and (target / "entries").is_dir()
    assert sorted(p.name for p in repository.iterdir()) == ["README.md"]  # the repository is untouched


def test_init_without_anything_uses_the_nearest_journal_upward_or_the_user_data_folder(
    sandbox: Path, tmp_path: Path, monkeypatch
):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = invoke("init")
    assert result.exit_code == 0, result.stderr
    assert list(elsewhere.iterdir()) == []
    data = sandbox / "data" / "journal"
    assert (data / "journal.toml").is_file(), result.stdout

    inner = tmp_path / "a-journal" / "entries" / "deep"
    inner.mkdir(parents=True)
    (tmp_path / "a-journal" / "journal.toml").write_text("")
    monkeypatch.chdir(inner)
    result = invoke("init")
    assert result.exit_code == 0, result.stderr
    assert not (inner / "journal.toml").exists()
    assert str(tmp_path / "a-journal") in result.stdout


def test_init_dir_and_the_dir_option_name_it_explicitly(sandbox: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("JOURNAL_DIR", str(tmp_path / "from-env"))
    assert invoke("init", str(tmp_path / "named")).exit_code == 0
    assert (tmp_path / "named" / "journal.toml").is_file()
    assert invoke("--dir", str(tmp_path / "option"), "init").exit_code == 0
    assert (tmp_path / "option" / "journal.toml").is_file()
    assert not (tmp_path / "from-env").exists()


@pytest.mark.parametrize("how", ["env", "option"])
@pytest.mark.parametrize("command", [["init"], ["goals"], ["sync"], ["new", "2025-q1"]])
def test_a_journal_dir_that_is_a_file_is_one_line_exit_2(sandbox: Path, tmp_path: Path, monkeypatch, how, command):
    a_file = tmp_path / "notes.txt"
    a_file.write_bytes(b"my notes\n")
    monkeypatch.chdir(tmp_path)
    args = [*command] if how == "env" else ["--dir", str(a_file), *command]
    env = {"JOURNAL_DIR": str(a_file)} if how == "env" else None
    line = one_error_line(invoke(*args, env=env), 2)
    assert str(a_file) in line and "not a folder" in line
    assert a_file.read_bytes() == b"my notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_journal_dir_below_a_file_is_one_line_exit_2(sandbox: Path, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    a_file = tmp_path / "notes.txt"
    a_file.write_bytes(b"my notes\n")
    line = one_error_line(invoke("init", env={"JOURNAL_DIR": str(a_file / "journal")}), 2)
    assert "not a folder" in line


# ---------------------------------------------------------------- item 16: drop --reason


DOCUMENT = "# Q1 2025\n\n## Goals\n\n- [ ] Ship the thing\n- [ ] Write the guide\n"


def _goal_id(run, text: str) -> str:
    return next(g["id"] for g in json.loads(run("goals", "--all", "--json").stdout) if g["text"] == text)


def _history(run, goal_id: str) -> list[dict]:
    """The goal's dropped entries in its history."""
    history = next(g for g in json.loads(run("export").stdout) if g["id"] == goal_id)["history"]
    return [entry for entry in history if entry["status"] == "dropped"]


@pytest.mark.parametrize("reason", ["", "   "])
def test_drop_with_an_empty_reason_is_refused(run, journal_dir: Path, reason: str):
    write(journal_dir, "entries/2025-q1.md", DOCUMENT)
    goal = _goal_id(run, "Ship the thing")
    before = snapshot(journal_dir)
    line = one_error_line(run("drop", "--reason", reason, goal, expect=None), 2)
    assert "reason" in line
    assert snapshot(journal_dir) == before


def test_dropping_a_dropped_goal_again_adds_no_identical_history_entry(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", DOCUMENT)
    goal = _goal_id(run, "Ship the thing")
    run("drop", "--reason", "no time", goal)
    assert len(_history(run, goal)) == 1
    before = snapshot(journal_dir)
    again = run("drop", "--reason", "no time", goal)
    assert "already dropped" in again.stderr
    run("drop", goal)
    assert snapshot(journal_dir) == before
    assert [entry.get("reason") for entry in _history(run, goal)] == ["no time"]
    # A new reason is a new decision, kept.
    run("drop", "--reason", "the team moved on", goal)
    assert [entry.get("reason") for entry in _history(run, goal)] == ["no time", "the team moved on"]


def test_set_goal_status_treats_an_empty_reason_as_none(run, journal_dir: Path):
    from journal.config import open_journal
    from journal.status_change import set_goal_status
    from journal.sync import sync_journal

    write(journal_dir, "entries/2025-q1.md", DOCUMENT)
    goal_id = _goal_id(run, "Write the guide")
    run("drop", goal_id)
    journal, _created = open_journal(journal_dir)
    ledger, _report = sync_journal(journal)
    before = snapshot(journal_dir)
    assert set_goal_status(journal, ledger, ledger.goals[goal_id], "dropped", reason="") is False
    assert snapshot(journal_dir) == before


# ---------------------------------------------------------------- item 16: exit codes


def test_no_module_raises_the_journal_error_base():
    offenders = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(JOURNAL_PACKAGE.rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if re.search(r"\bJournalError\(", line) and not line.lstrip().startswith("class ")
    ]
    assert offenders == []


def test_every_error_class_has_a_documented_exit_code():
    from journal import errors

    documented = {2, 3, 4, 5, 6, 7, 8, 9}
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, errors.JournalError)]
    undocumented = {c.__name__: c.exit_code for c in classes if c.exit_code not in documented}
    assert undocumented == {"JournalError": 1}  # the base, never raised
    assert errors.StorageError.exit_code == 8


def test_an_os_failure_is_exit_8(run, journal_dir: Path, monkeypatch):
    from journal.ledger import LedgerWrites

    write(journal_dir, "entries/2025-q1.md", DOCUMENT)

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(journal_dir / "ledger" / "2025-q1.toml"))

    monkeypatch.setattr(LedgerWrites, "save", refuse)
    line = one_error_line(run("sync", expect=None), 8)
    assert line == f"Error: {journal_dir / 'ledger' / '2025-q1.toml'}: Permission denied"


def test_show_and_edit_of_a_period_without_a_document_are_exit_2(run, journal_dir: Path):
    assert "has no document" in one_error_line(run("show", "2030-q1", expect=None), 2)
    assert "has no document" in one_error_line(run("edit", "2030-q1", expect=None), 2)


def test_config_set_on_a_journal_toml_tomlkit_cannot_parse_is_exit_5(run, journal_dir: Path, monkeypatch):
    import tomlkit
    import tomlkit.exceptions

    def broken(*_args, **_kwargs):
        raise tomlkit.exceptions.ParseError(1, 1, "broken")

    monkeypatch.setattr(tomlkit, "parse", broken)
    before = snapshot(journal_dir)
    line = one_error_line(run("config", "set", "author", "Bo", expect=None), 5)
    assert "journal.toml" in line
    assert snapshot(journal_dir) == before


def test_extract_keeps_the_exit_code_of_the_error_it_names(tmp_path: Path):
    deep = tmp_path / "deep.md"
    deep.write_text("".join("  " * n + "- [ ] level\n" for n in range(200)))
    result = invoke("extract", str(deep))
    if result.exit_code != 0:
        line = one_error_line(result, result.exit_code)
        assert result.exit_code == 4 and str(deep) in line


def test_an_internal_error_is_one_line_with_exit_1_and_debug_shows_the_traceback(run, journal_dir: Path, monkeypatch):
    import journal.sync

    write(journal_dir, "entries/2025-q1.md", DOCUMENT)

    def bug(*_args, **_kwargs):
        raise KeyError("a bug\nover two lines")

    monkeypatch.setattr(journal.sync, "sync_journal", bug)
    line = one_error_line(run("sync", expect=None), 1)
    assert line.startswith("Error: internal error (KeyError: ") and "--debug" in line
    debug = CliRunner().invoke(cli, ["--debug", "sync"])
    assert isinstance(debug.exception, KeyError)


def test_ctrl_c_at_a_prompt_is_exit_130(run, journal_dir: Path, monkeypatch):
    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    write(journal_dir, "entries/2025-q1.md", DOCUMENT)
    monkeypatch.setattr("journal.cli.PromptAsker.decide", interrupted)
    result = CliRunner().invoke(cli, ["review", "2025-q1"], input="")
    assert result.exit_code == 130, (result.exit_code, result.stderr, result.exception)
    assert result.stderr.strip().endswith("Aborted.")


def test_standalone_exit_codes_through_main(sandbox: Path, tmp_path: Path):
    """Through the console script's own path (standalone mode), not only CliRunner."""
    env = {**os.environ, "JOURNAL_DIR": str(tmp_path / "a-file")}
    (tmp_path / "a-file").write_text("x")
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "from journal.cli import main; main()", "goals"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1, result.stderr


# ---------------------------------------------------------------- found by tests/test_hostile.py (no item)


@pytest.mark.parametrize(
    "args",
    [["show", "nosuchgoal"], ["show", "2030-q1"], ["goals", "--period", "q5-2025"], ["export", "--period", "x"],
     ["stats", "--since", "q5-2025"], ["review", "q5-2025", "--print"]],  # fmt: skip
)
def test_a_failed_read_command_writes_nothing_and_says_one_line(run, journal_dir: Path, args: list[str]):
    write(journal_dir, "entries/2025-q1.md", DOCUMENT)
    run("sync")
    # A document edited by hand (the next command syncs it) and one sync skips with a warning.
    write(journal_dir, "entries/2025-q1.md", DOCUMENT + "- [ ] A new goal\n")
    write(journal_dir, "entries/notes.md", "# Notes\n\n- [ ] not in any period\n")
    before = snapshot(journal_dir)
    result = run(*args, expect=None)
    assert result.exit_code in (2, 3), result.stderr
    one_error_line(result, result.exit_code)
    assert snapshot(journal_dir) == before


def test_sync_warnings_still_reach_stderr_when_the_command_succeeds(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", DOCUMENT)
    # (A note that names no period is no journal document, and no warning: issue 11. A symbolic link is.)
    outside = write(journal_dir.parent, "elsewhere.md", "# Elsewhere\n\n- [ ] not in the journal\n")
    (journal_dir / "entries" / "2025-q2.md").symlink_to(outside)
    result = run("goals")
    assert result.stderr.startswith("Skipped entries/2025-q2.md: ")
    assert "Ship the thing" in result.stdout
