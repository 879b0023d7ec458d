"""`journal new`: scaffold a period's document from a template, bring in planned and unfinished goals."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli.conftest import assert_usage_error
from tests.cli.test_core_loop import Q4
from tests.cli.test_edit import editor
from tests.conftest import snapshot, write


def test_new_writes_the_document_prints_its_path_and_refuses_to_overwrite(run, journal_dir: Path):
    result = run("new", "q1-2025")
    path = journal_dir / "entries" / "2025-q1.md"
    assert result.stdout == f"{path}\n"
    text = path.read_text()
    assert text.startswith("# Q1 2025 Reflection")
    assert "## Q2 2025 Priorities" in text
    path.write_text(text + "\nmy words\n")
    again = run("new", "Q1 2025", expect=2)
    assert again.stderr == "Error: entries/2025-q1.md already exists (edit it, or pick another --template)\n"
    assert path.read_text().endswith("my words\n")


def test_new_any_kind_with_a_template_and_dry_run(run, journal_dir: Path):
    printed = run("new", "2025-w12", "--template", "weekly", "--dry-run").stdout
    assert printed.startswith("# Week in Review")
    assert not (journal_dir / "entries" / "2025-w12.md").exists()
    run("new", "q4-2025", "--template", "report")
    assert (journal_dir / "entries" / "2025-q4-report.md").is_file()


def test_new_brings_in_goals_planned_for_the_period_and_links_them(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    run("new", "2025-q1")
    text = (journal_dir / "entries" / "2025-q1.md").read_text()
    assert "- [ ] Run a 10k\n" in text
    assert "- [ ] Complete GraphQL API migration\n" in text
    assert "- [ ] Write the RFC\n" in text  # carried: still open in Q4
    q4 = (journal_dir / "entries" / "2024-q4.md").read_text()
    assert "- [>] Write the RFC\n" in q4 and "- [>] Complete GraphQL API migration\n" in q4
    assert "- Run a 10k\n" in q4  # a plain bullet keeps its words; the link is in the ledger
    open_goals = json.loads(run("goals", "--json").stdout)
    assert sorted(g["text"] for g in open_goals) == [
        "Complete GraphQL API migration",
        "Run a 10k",
        "Write the RFC",
    ]
    assert all(g["source"] == "entries/2025-q1.md" and g["carried_from"] for g in open_goals)


def test_new_with_no_carry_brings_nothing(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    run("new", "2025-q1", "--no-carry")
    text = (journal_dir / "entries" / "2025-q1.md").read_text()
    assert "Run a 10k" not in text and "Write the RFC" not in text
    assert "- [ ] Write the RFC" in (journal_dir / "entries" / "2024-q4.md").read_text()


@pytest.mark.parametrize("bad", ["q5-2025", "2025-13", "next-decade", "../x", "2025-w54"])
def test_a_malformed_period_is_one_clear_error(run, journal_dir: Path, bad: str):
    before = snapshot(journal_dir)
    result = run("new", bad, expect=2)
    assert result.stderr.startswith(f"Error: not a period: '{bad}'")
    assert "2025-q1" in result.stderr and len(result.stderr.splitlines()) == 1
    assert snapshot(journal_dir) == before


def test_a_template_with_an_error_is_named_with_its_line(run, journal_dir: Path):
    write(
        journal_dir,
        "templates/quarterly.md",
        "---\ndescription: mine\n---\n# {{ period.label }}\n{{ nope }}\n",
    )
    result = run("new", "2025-q1", expect=6)
    assert result.stderr.startswith("Error: template 'quarterly' line 5:")
    assert not (journal_dir / "entries" / "2025-q1.md").exists()
    write(journal_dir, "templates/quarterly.md", "---\ndescription: mine\n---\n# Mine {{ period.label }}\n")
    run("new", "2025-q1")
    assert (journal_dir / "entries" / "2025-q1.md").read_text() == "# Mine Q1 2025\n"


def test_template_names_cannot_leave_the_journal(run, journal_dir: Path):
    result = run("new", "2025-q1", "--template", "../../etc/passwd", expect=2)
    assert "template" in result.stderr and len(result.stderr.splitlines()) == 1


def test_dry_run_writes_nothing(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    before = snapshot(journal_dir)
    assert "Write the RFC" in run("new", "2025-q1", "--dry-run").stdout
    assert snapshot(journal_dir) == before


def test_new_checks_its_arguments_before_making_a_journal(tmp_path: Path, run):
    missing = tmp_path / "not-yet"
    assert run("--dir", str(missing), "new", "q5-2025", expect=2).stderr.startswith("Error: not a period")
    assert run("--dir", str(missing), "new", "2025-q1", "--template", "nosuch", expect=6).stderr.startswith(
        "Error: no template named 'nosuch'"
    )
    assert not missing.exists()


def test_the_new_document_counts_each_goal_of_the_previous_period_once(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", "# Q4\n\n## Q1 2025 Priorities\n\n- [ ] One\n- [ ] Two\n")
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [x] One\n- [ ] Two\n")
    text = run("new", "2025-q2", "--dry-run").stdout
    # "Two" is carried into Q2 by this very command: counted carried, as `stats` counts it afterwards.
    assert "**Q1 2025 goals**: 1 of 2 done (50%), 0 open, 0 dropped, 1 carried\n" in text
    assert "**Q1 2025 goals**: 1 of 2 done (50%), 1 open, 0 dropped, 0 carried\n" in run(
        "new", "2025-q2", "--dry-run", "--no-carry"
    ).stdout


def test_new_edit_scaffolds_then_opens(run, journal_dir: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("EDITOR", editor(tmp_path, 'printf -- "- [ ] typed in the editor\\n" >> "$1"'))
    monkeypatch.delenv("VISUAL", raising=False)
    out = run("new", "2025-q1", "--edit").stdout
    assert "typed in the editor" in out


def test_new_says_on_stderr_what_it_brought_in(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    result = run("new", "2025-q1")
    assert result.stdout == f"{journal_dir / 'entries' / '2025-q1.md'}\n"
    assert result.stderr == "Brought in 2 planned and 1 unfinished goal (1 from 2024-q4).\n"
    assert run("new", "2025-q2", "--no-carry").stderr == ""


def test_new_with_an_unknown_template_writes_nothing(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    run("sync")
    before = snapshot(journal_dir)
    result = run("new", "2025-q1", "--template", "nosuch", expect=6)
    available = "daily, monthly, quarterly, report, weekly, yearly"
    assert result.stderr == f"Error: no template named 'nosuch' (available: {available})\n"
    assert snapshot(journal_dir) == before


def test_new_usage_errors_are_one_line(run, journal_dir: Path):
    before = snapshot(journal_dir)
    assert_usage_error(run("new", expect=2), "Missing argument 'PERIOD'.", "new")
    assert_usage_error(run("new", "2025-q1", "--bogus", expect=2), "No such option '--bogus'.", "new")
    assert snapshot(journal_dir) == before


def test_new_dry_run_creates_no_journal(tmp_path: Path, run):
    missing = tmp_path / "not-yet"
    assert run("--dir", str(missing), "new", "2025-q1", "--dry-run").stdout.startswith("# Q1 2025 Reflection")
    assert not missing.exists()


def test_new_dry_run_in_a_journal_writes_nothing_not_even_the_state_folder(journal_dir: Path, run):
    write(journal_dir, "entries/2024-q4.md", "# Q4 2024\n\n## Q1 2025 Priorities\n\n- Ship the importer\n")
    run("sync")
    shutil.rmtree(journal_dir / ".journal")
    before = sorted(p.relative_to(journal_dir).as_posix() for p in journal_dir.rglob("*"))
    result = run("new", "2025-q1", "--dry-run")
    assert "Ship the importer" in result.stdout
    assert sorted(p.relative_to(journal_dir).as_posix() for p in journal_dir.rglob("*")) == before
