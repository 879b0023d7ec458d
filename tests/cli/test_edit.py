"""`journal edit`: open a period's document in the editor, then sync."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import assert_usage_error, last_and_this_quarter
from tests.conftest import snapshot, write


def editor(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake-editor"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return str(script)


def test_edit_opens_the_editor_then_syncs(run, journal_dir: Path, tmp_path: Path, monkeypatch):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [ ] one\n")
    monkeypatch.setenv("EDITOR", editor(tmp_path, 'printf -- "- [ ] two\\n" >> "$1"'))
    monkeypatch.delenv("VISUAL", raising=False)
    out = run("edit", "2025-q1").stdout
    assert "+ " in out and "two" in out and out.endswith("1 added, 0 changed, 0 removed.\n")


def test_edit_failures(run, journal_dir: Path, tmp_path: Path, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    result = run("edit", "2025-q1", expect=2)
    assert result.stderr == "Error: Q1 2025 has no document ('journal new 2025-q1 --edit' writes one)\n"
    write(journal_dir, "entries/2025-q1.md", "# Q1\n")
    monkeypatch.setenv("EDITOR", editor(tmp_path, "exit 3"))
    failed = run("edit", "2025-q1", expect=2)
    assert failed.stderr.startswith("Error: the editor failed: ") and len(failed.stderr.splitlines()) == 1


def test_edit_without_a_period_opens_this_period(run, journal_dir: Path, monkeypatch):
    monkeypatch.delenv("VISUAL", raising=False)
    _last, this = last_and_this_quarter()
    label = f"Q{this[-1]} {this[:4]}"
    assert run("edit", expect=2).stderr == f"Error: {label} has no document ('journal new {this} --edit' writes one)\n"
    write(journal_dir, f"entries/{this}.md", "# This\n")
    monkeypatch.setenv("EDITOR", editor(journal_dir.parent, 'printf -- "- [ ] added\\n" >> "$1"'))
    assert run("edit").stdout.endswith("1 added, 0 changed, 0 removed.\n")


def test_edit_with_an_editor_that_changes_nothing(run, journal_dir: Path, tmp_path: Path, monkeypatch):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [ ] one\n")
    run("sync")
    monkeypatch.setenv("VISUAL", editor(tmp_path, "exit 0"))
    before = snapshot(journal_dir)
    assert run("edit", "Q1 2025").stdout == "Nothing changed.\n"
    assert snapshot(journal_dir) == before


def test_edit_errors_are_one_line_and_write_nothing(run, journal_dir: Path, tmp_path: Path, monkeypatch):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [ ] one\n")
    run("sync")
    monkeypatch.setenv("VISUAL", editor(tmp_path, 'echo "- [ ] never" >> "$1"'))
    before = snapshot(journal_dir)
    bad = run("edit", "q5-2025", expect=2)
    assert bad.stderr.startswith("Error: not a period: 'q5-2025'") and len(bad.stderr.splitlines()) == 1
    assert_usage_error(run("edit", "--bogus", expect=2), "No such option '--bogus'.", "edit")
    assert snapshot(journal_dir) == before
