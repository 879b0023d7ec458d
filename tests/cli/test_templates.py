"""`journal templates`: list the built-in templates and the journal's own."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import assert_usage_error
from tests.conftest import snapshot, write

BUILT_IN = Path(__file__).resolve().parents[2] / "templates"  # the built-in templates, as shipped


def test_templates_list_show_copy(run, journal_dir: Path):
    listed = {t["name"]: t for t in json.loads(run("templates", "--json").stdout)}
    assert sorted(listed) == ["daily", "monthly", "quarterly", "report", "weekly", "yearly"]
    assert listed["quarterly"]["source"] == "built-in" and listed["quarterly"]["default_for"] == "quarter"
    assert run("templates", "show", "weekly").stdout.startswith("---\ndescription: Weekly review")
    copied = run("templates", "copy", "weekly").stdout.strip()
    assert copied == str(journal_dir / "templates" / "weekly.md")
    assert json.loads(run("templates", "--json").stdout)[4]["source"] == "yours, overrides the built-in"
    assert run("templates", "copy", "weekly", expect=2).stderr.endswith("already exists (--force replaces it)\n")
    unknown = run("templates", "show", "nope", expect=6)
    assert unknown.stderr.startswith("Error: no template named 'nope'")
    assert "Template variables" in run("templates", "--help").stdout



def test_templates_lists_built_in_and_own_templates(run, journal_dir: Path):
    write(journal_dir, "templates/mine.md", "---\ndescription: my own\n---\n# {{ period.label }}\n")
    lines = run("templates").stdout.splitlines()
    assert lines[0].split() == ["NAME", "SOURCE", "DEFAULT", "FOR", "DESCRIPTION"]
    assert lines[1].split()[:3] == ["daily", "built-in", "day"]
    assert lines[2].split() == ["mine", "yours", "-", "my", "own"]
    assert [line.split()[:3] for line in lines[3:]] == [
        ["monthly", "built-in", "month"],
        ["quarterly", "built-in", "quarter"],
        ["report", "built-in", "-"],
        ["weekly", "built-in", "week"],
        ["yearly", "built-in", "year"],
    ]


def test_templates_json_fields(run, journal_dir: Path):
    write(journal_dir, "templates/mine.md", "---\ndescription: my own\n---\n# {{ period.label }}\n")
    listed = {t["name"]: t for t in json.loads(run("templates", "--json").stdout)}
    assert listed["mine"] == {
        "name": "mine",
        "source": "yours",
        "default_for": None,
        "description": "my own",
        "path": str(journal_dir / "templates" / "mine.md"),
        "prompts": [],
    }
    quarterly = listed["quarterly"]
    assert Path(quarterly["path"]).read_bytes() == (BUILT_IN / "quarterly.md").read_bytes()
    assert quarterly["prompts"][0] == "What went well this quarter, and what made it possible?"


def test_templates_errors_are_one_line_and_write_nothing(run, journal_dir: Path):
    before = snapshot(journal_dir)
    assert_usage_error(run("templates", "--bogus", expect=2), "No such option '--bogus'.", "templates")
    assert_usage_error(run("templates", "bogus", expect=2), "No such command 'bogus'.", "templates")
    assert snapshot(journal_dir) == before
