"""`journal templates copy`: copy a built-in template into the journal to change it."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import assert_usage_error
from tests.cli.test_templates import BUILT_IN
from tests.conftest import snapshot


def test_templates_copy_writes_the_built_in_bytes_and_force_replaces(run, journal_dir: Path):
    target = journal_dir / "templates" / "monthly.md"
    assert run("templates", "copy", "monthly").stdout == f"{target}\n"
    assert target.read_bytes() == (BUILT_IN / "monthly.md").read_bytes()
    target.write_text("# mine\n")
    before = snapshot(journal_dir)
    refused = run("templates", "copy", "monthly", expect=2)
    assert refused.stderr == "Error: templates/monthly.md already exists (--force replaces it)\n"
    assert snapshot(journal_dir) == before
    assert run("templates", "copy", "monthly", "--force").stdout == f"{target}\n"
    assert target.read_bytes() == (BUILT_IN / "monthly.md").read_bytes()


def test_templates_copy_then_new_uses_the_copy(run, journal_dir: Path):
    run("templates", "copy", "quarterly")
    target = journal_dir / "templates" / "quarterly.md"
    target.write_text(target.read_text().replace("Reflection", "Look back", 1))
    run("new", "2025-q1")
    assert (journal_dir / "entries" / "2025-q1.md").read_text().startswith("# Q1 2025 Look back")


def test_templates_copy_errors_are_one_line_and_write_nothing(run, journal_dir: Path):
    before = snapshot(journal_dir)
    unknown = run("templates", "copy", "mine", expect=6)
    assert unknown.stderr == (
        "Error: no built-in template named 'mine' (built-in: daily, monthly, quarterly, report, weekly, yearly)\n"
    )
    outside = run("templates", "copy", "../x", expect=2)
    assert (
        outside.stderr
        == "Error: invalid template name '../x' (use letters, digits, '-' and '_' only, e.g. 'quarterly')\n"
    )
    assert_usage_error(run("templates", "copy", expect=2), "Missing argument 'NAME'.", "templates copy")
    assert_usage_error(
        run("templates", "copy", "weekly", "--bogus", expect=2), "No such option '--bogus'.", "templates copy"
    )
    assert snapshot(journal_dir) == before
