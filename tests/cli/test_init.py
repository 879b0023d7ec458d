"""`journal init`: make a folder a journal, complete a partial one, leave an existing one as it is."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import assert_usage_error
from tests.conftest import snapshot, write


def test_init_creates_the_folders_and_settings(tmp_path: Path, run):
    target = tmp_path / "new-journal"
    result = run("init", str(target))
    assert result.stdout == f"Initialised a journal in {target}\n"
    for name in ("journal.toml", "entries", "ledger", "templates", ".journal"):
        assert (target / name).exists(), name
    assert run("init", str(target)).stdout == f"{target} is already a journal; nothing changed.\n"


def test_init_completes_a_partial_journal(run, tmp_path: Path):
    partial = tmp_path / "partial"
    write(partial, "journal.toml", "")
    (partial / "entries").mkdir()
    assert run("init", str(partial)).stdout.startswith(f"{partial} was already a journal; added ledger/")


def test_init_without_dir_uses_the_journal_every_command_uses(run, journal_dir: Path):
    before = snapshot(journal_dir)
    assert run("init").stdout == f"{journal_dir} is already a journal; nothing changed.\n"
    assert snapshot(journal_dir) == before


def test_init_follows_the_dir_option_and_writes_commented_settings(tmp_path: Path, run):
    target = tmp_path / "by-option"
    assert run("--dir", str(target), "init").stdout == f"Initialised a journal in {target}\n"
    settings = (target / "journal.toml").read_text()
    assert settings.startswith("# journal settings. Every key is optional.\n")
    assert all(line.startswith("#") for line in settings.splitlines())  # every setting commented out
    assert run("--dir", str(target), "config", "get", "--json").stdout.startswith("{")


def test_init_leaves_an_existing_journal_and_its_settings_alone(run, journal_dir: Path):
    write(journal_dir, "journal.toml", '# mine\nauthor = "Ada"\n')
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n- [ ] keep me\n")
    before = snapshot(journal_dir)
    assert run("init", str(journal_dir)).stdout == f"{journal_dir} is already a journal; nothing changed.\n"
    assert snapshot(journal_dir) == before


def test_init_of_a_file_is_one_error_that_changes_nothing(tmp_path: Path, run):
    path = write(tmp_path, "a-file", "not a folder\n")
    result = run("init", str(path), expect=2)
    assert result.stderr == f"Error: {path} is not a folder (check DIR)\n"
    assert path.read_text() == "not a folder\n"


def test_init_rejects_an_unknown_option(run):
    assert_usage_error(run("init", "--bogus", expect=2), "No such option '--bogus'.", "init")
