"""`journal config`: the group that reads and changes journal.toml."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import assert_usage_error
from tests.conftest import snapshot


def test_config_help_lists_its_subcommands(run):
    out = run("config", "--help").stdout
    assert "Read or change journal.toml" in out
    assert "\n  get  Print setting KEY, or every setting.\n" in out
    assert "\n  set  Set KEY to VALUE in journal.toml" in out


def test_config_unknown_subcommand_is_one_line_and_writes_nothing(run, journal_dir: Path):
    before = snapshot(journal_dir)
    assert_usage_error(run("config", "bogus", expect=2), "No such command 'bogus'.", "config")
    assert snapshot(journal_dir) == before


def test_config_without_a_subcommand_is_one_line_naming_its_commands(run, journal_dir: Path):
    before = snapshot(journal_dir)
    result = run("config", expect=2)
    assert result.stderr == "Error: cli config needs a command: one of get, set (see 'cli config --help')\n"
    assert snapshot(journal_dir) == before
