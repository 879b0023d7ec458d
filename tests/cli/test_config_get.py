"""`journal config get`: print one setting or all of them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import assert_usage_error
from tests.conftest import snapshot, write


def test_config_get_prints_every_setting_with_its_default(run, journal_dir: Path):
    assert run("config", "get").stdout == (
        "author = \ndefault_kind = quarter\nfiscal_year_start = 1\ngoal_words = \nentries = entries\npaths = \n"
        "statuses = \n"
    )
    assert json.loads(run("config", "get", "--json").stdout) == {
        "author": "",
        "default_kind": "quarter",
        "fiscal_year_start": 1,
        "goal_words": [],
        "entries": "entries",
        "paths": {},
        "statuses": {},
    }


def test_config_get_one_setting(run, example: Path):
    write(example, "journal.toml", (example / "journal.toml").read_text() + 'goal_words = ["epics", "bets"]\n')
    assert run("config", "get", "author").stdout == "Dana Whitfield\n"
    assert run("config", "get", "goal_words").stdout == "epics, bets\n"
    assert run("config", "get", "fiscal_year_start").stdout == "1\n"
    assert json.loads(run("config", "get", "author", "--json").stdout) == "Dana Whitfield"
    assert json.loads(run("config", "get", "goal_words", "--json").stdout) == ["epics", "bets"]
    assert run("config", "get").stdout == (
        "author = Dana Whitfield\ndefault_kind = quarter\nfiscal_year_start = 1\ngoal_words = epics, bets\n"
        "entries = entries\npaths = \nstatuses = \n"
    )


def test_config_get_errors_are_one_line_and_write_nothing(run, journal_dir: Path):
    before = snapshot(journal_dir)
    unknown = run("config", "get", "colour", expect=2)
    assert unknown.stderr == (
        "Error: unknown setting 'colour' (settings: author, default_kind, fiscal_year_start, goal_words, entries,"
        " paths, statuses)\n"
    )
    assert_usage_error(run("config", "get", "--bogus", expect=2), "No such option '--bogus'.", "config get")
    assert_usage_error(run("config", "get", "a", "b", expect=2), "Got unexpected extra argument (b)", "config get")
    assert snapshot(journal_dir) == before


def test_config_get_prints_the_tables_set_in_journal_toml(run, journal_dir: Path):
    """entries, [paths] and [statuses] are shown as journal.toml has them (and edited there)."""
    text = (journal_dir / "journal.toml").read_text()
    write(
        journal_dir,
        "journal.toml",
        'entries = "notes"\n' + text + '\n[paths]\nday = "Daily/{date}.md"\n\n[statuses]\n"?" = "in_progress"\n',
    )
    assert run("config", "get", "entries").stdout == "notes\n"
    assert run("config", "get", "paths").stdout == "day = Daily/{date}.md\n"
    assert run("config", "get", "statuses").stdout == "? = in_progress\n"
    assert json.loads(run("config", "get", "paths", "--json").stdout) == {"day": "Daily/{date}.md"}
