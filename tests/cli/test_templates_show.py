"""`journal templates show`: print the template that wins for a name."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import assert_usage_error
from tests.cli.test_templates import BUILT_IN
from tests.conftest import snapshot, write


def test_templates_show_prints_the_built_in_file_as_it_is(run):
    for name in ("quarterly", "weekly", "report"):
        assert run("templates", "show", name).stdout == (BUILT_IN / f"{name}.md").read_text(encoding="utf-8")


def test_templates_show_prints_the_one_that_wins(run, journal_dir: Path):
    mine = "---\ndescription: my weekly\n---\n# {{ period.label }}\n\n- [ ] one thing\n"
    write(journal_dir, "templates/weekly.md", mine)
    assert run("templates", "show", "weekly").stdout == mine


def test_templates_show_errors_are_one_line_and_write_nothing(run, journal_dir: Path):
    before = snapshot(journal_dir)
    unknown = run("templates", "show", "nope", expect=6)
    assert unknown.stderr.startswith("Error: no template named 'nope'") and len(unknown.stderr.splitlines()) == 1
    outside = run("templates", "show", "../../etc/passwd", expect=2)
    assert outside.stderr == (
        "Error: invalid template name '../../etc/passwd' (use letters, digits, '-' and '_' only, e.g. 'quarterly')\n"
    )
    assert_usage_error(run("templates", "show", expect=2), "Missing argument 'NAME'.", "templates show")
    assert_usage_error(
        run("templates", "show", "a", "b", expect=2), "Got unexpected extra argument (b)", "templates show"
    )
    assert snapshot(journal_dir) == before
