"""`journal config set`: change a setting in journal.toml, keeping its comments."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import snapshot


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
