"""`journal templates`: list the built-in templates and the journal's own."""

from __future__ import annotations

import json
from pathlib import Path


def test_templates_list_show_copy(run, journal_dir: Path):
    listed = {t["name"]: t for t in json.loads(run("templates", "--json").stdout)}
    assert sorted(listed) == ["monthly", "quarterly", "report", "weekly", "yearly"]
    assert listed["quarterly"]["source"] == "built-in" and listed["quarterly"]["default_for"] == "quarter"
    assert run("templates", "show", "weekly").stdout.startswith("---\ndescription: Weekly review")
    copied = run("templates", "copy", "weekly").stdout.strip()
    assert copied == str(journal_dir / "templates" / "weekly.md")
    assert json.loads(run("templates", "--json").stdout)[3]["source"] == "yours, overrides the built-in"
    assert run("templates", "copy", "weekly", expect=2).stderr.endswith("already exists (--force replaces it)\n")
    unknown = run("templates", "show", "nope", expect=6)
    assert unknown.stderr.startswith("Error: no template named 'nope'")
    assert "Template variables" in run("templates", "--help").stdout
