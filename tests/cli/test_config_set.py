"""`journal config set`: change a setting in journal.toml, keeping its comments."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from tests.cli.conftest import assert_usage_error
from tests.conftest import snapshot, write


def test_config_get_and_set_keep_comments(run, journal_dir: Path):
    config = journal_dir / "journal.toml"
    config.write_text('# my settings\nauthor = "Ada"  # me\n')
    assert run("config", "get", "author").stdout == "Ada\n"
    run("config", "set", "fiscal_year_start", "4")
    run("config", "set", "goal_words", "milestones, epics")
    text = config.read_text()
    assert text.startswith('# my settings\nauthor = "Ada"  # me\n')
    assert "fiscal_year_start = 4" in text
    assert json.loads(run("config", "get", "--json").stdout)["goal_words"] == ["milestones", "epics"]
    before = snapshot(journal_dir)
    bad = run("config", "set", "fiscal_year_start", "13", expect=2)
    assert bad.stderr == "Error: 'fiscal_year_start' must be a month number from 1 to 12, not '13'\n"
    unknown = run("config", "set", "colour", "blue", expect=2)
    assert unknown.stderr.startswith("Error: unknown setting 'colour'")
    assert run("config", "get", "colour", expect=2).stderr.startswith("Error: unknown setting 'colour'")
    assert snapshot(journal_dir) == before


def test_config_set_each_setting(run, journal_dir: Path):
    assert run("config", "set", "author", "Ada Lovelace").stdout == "author set.\n"
    assert run("config", "set", "default_kind", "month").stdout == "default_kind set.\n"
    run("config", "set", "fiscal_year_start", "10")
    run("config", "set", "goal_words", "bets")
    assert json.loads(run("config", "get", "--json").stdout) == {
        "author": "Ada Lovelace",
        "default_kind": "month",
        "fiscal_year_start": 10,
        "goal_words": ["bets"],
        "entries": "entries",
        "paths": {},
        "statuses": {},
    }
    settings = tomllib.loads((journal_dir / "journal.toml").read_text())
    assert settings == {
        "author": "Ada Lovelace",
        "default_kind": "month",
        "fiscal_year_start": 10,
        "goal_words": ["bets"],
    }


def test_config_set_takes_effect_on_the_next_command(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Bets\n\n- Ship the thing\n")
    assert json.loads(run("goals", "--json").stdout) == []
    run("config", "set", "goal_words", "bets, epics")
    assert [g["text"] for g in json.loads(run("goals", "--json").stdout)] == ["Ship the thing"]


def test_config_set_errors_are_one_line_and_write_nothing(run, journal_dir: Path):
    before = snapshot(journal_dir)
    kind = run("config", "set", "default_kind", "decade", expect=2)
    assert kind.stderr == "Error: 'default_kind' must be one of year, half, quarter, month, week, day, not 'decade'\n"
    assert_usage_error(run("config", "set", "author", expect=2), "Missing argument 'VALUE'.", "config set")
    assert_usage_error(run("config", "set", "--bogus", expect=2), "No such option '--bogus'.", "config set")
    assert snapshot(journal_dir) == before
