"""Bring a journal in and take it anywhere: import, edit, templates, list, show, export, config, completion."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import snapshot, write


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    """A folder of mixed documents, as people keep them."""
    folder = tmp_path / "notes"
    write(folder, "2024-Q4.md", "# Q4\n\n## Goals\n\n- [ ] from the name\n")
    write(folder, "q4-2024-reflection.md", "# Looking back\n\n- [x] reflection task\n")
    write(folder, "daily/2025-01-05.md", "daily\n\n- [ ] dated\n")
    write(folder, "2025-W03.md", "# week three\n")
    write(folder, "report.md", "# Quarterly Engineering Report - Q4 2025\n\n## Next Quarter Goals\n\n- [ ] next\n")
    write(folder, "misc.md", "# Notes\n\n**Date**: 2025-01-05\n")
    write(folder, "front.md", "---\nperiod: 2025-h1\ntags: [x]\n---\n# FM\n")
    write(folder, "undatable.md", "# nothing here\n")
    write(folder, ".obsidian/hidden.md", "# Q1 2024\n")
    (folder / "latin1.md").write_bytes(b"# caf\xe9 2024\n")
    return folder


def test_import_infers_periods_keeps_bodies_and_reports_skips(run, journal_dir: Path, notes: Path):
    result = run("import", str(notes))
    assert result.stdout.splitlines()[-1] == "Imported 7 documents (4 goals); skipped 2."
    assert f"Skipped {notes / 'undatable.md'}: no period in its front matter, file name, title or a date line" in (
        result.stderr
    )
    assert f"Skipped {notes / 'latin1.md'}: line 1: not UTF-8 text (byte 5)" in result.stderr
    entries = sorted(p.name for p in (journal_dir / "entries").iterdir())
    assert entries == [
        "2024-q4-q4-2024-reflection.md",
        "2024-q4.md",
        "2025-h1.md",
        "2025-q1-misc.md",
        "2025-q1.md",
        "2025-q4.md",
        "2025-w03.md",
    ]
    imported = (journal_dir / "entries" / "2024-q4.md").read_bytes()
    assert imported.endswith((notes / "2024-Q4.md").read_bytes())
    assert imported.startswith(b'---\nperiod: 2024-q4\ntitle: "Q4"\nimported-from: "')
    front = (journal_dir / "entries" / "2025-h1.md").read_text()
    assert front.startswith('---\ntitle: "FM"\nimported-from: ') and "period: 2025-h1\ntags: [x]\n---\n# FM\n" in front
    targets = {g["text"]: g["target"] for g in json.loads(run("goals", "--all", "--json").stdout)}
    assert targets == {
        "from the name": "2024-q4",
        "reflection task": "2024-q4",
        "dated": "2025-q1",
        "next": "2026-q1",
    }
    before = snapshot(journal_dir)
    again = run("import", str(notes))
    assert again.stdout.splitlines()[-1] == "Imported 0 documents (0 goals); skipped 9."
    assert "already imported as entries/2025-h1.md" in again.stderr
    assert snapshot(journal_dir) == before


def test_import_dry_run_and_period_override(run, journal_dir: Path, notes: Path):
    before = snapshot(journal_dir)
    out = run("import", str(notes / "undatable.md"), "--dry-run").stdout
    assert out == "Would import 0 documents (0 goals); skipped 1.\n"
    out = run("import", str(notes / "2024-Q4.md"), "--dry-run").stdout
    assert out.startswith(f"{notes / '2024-Q4.md'} -> entries/2024-q4.md  (2024-q4, from the file name; 1 goals)\n")
    assert snapshot(journal_dir) == before
    run("import", str(notes / "undatable.md"), "--period", "2023")
    assert (journal_dir / "entries" / "2023.md").read_text().startswith("---\nperiod: 2023\n")


def test_import_of_a_missing_path_is_an_error(run, tmp_path: Path):
    assert run("import", str(tmp_path / "nope"), expect=2).stderr.startswith("Error: Invalid value for 'PATH...'")


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


def test_new_edit_scaffolds_then_opens(run, journal_dir: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("EDITOR", editor(tmp_path, 'printf -- "- [ ] typed in the editor\\n" >> "$1"'))
    monkeypatch.delenv("VISUAL", raising=False)
    out = run("new", "2025-q1", "--edit").stdout
    assert "typed in the editor" in out


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


def test_list_and_show_period(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [x] a\n- [ ] b\n")
    write(journal_dir, "entries/2024-q4.md", "# Q4\n\n## Goals\n\n- [ ] c\n")
    assert run("list").stdout == (
        "PERIOD   GOALS  DONE  OPEN  DROPPED  CARRIED  RATE  DOCUMENT\n"
        "2024-q4  1      0     1     0        0        0%    entries/2024-q4.md\n"
        "2025-q1  2      1     1     0        0        50%   entries/2025-q1.md\n"
    )
    assert run("show", "q1-2025").stdout == "# Q1\n\n## Goals\n\n- [x] a\n- [ ] b\n"
    assert run("show", "2030-q1", expect=2).stderr.startswith("Error: Q1 2030 has no document")


def test_export_json_csv_markdown(run, journal_dir: Path, tmp_path: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [x] a\n- [ ] b, with a comma\n")
    write(journal_dir, "entries/2024-q4.md", "# Q4\n\n## Goals\n\n- [-] c\n")
    as_json = json.loads(run("export").stdout)
    assert [g["text"] for g in as_json] == ["c", "a", "b, with a comma"]
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv").stdout)))
    assert list(rows[0]) == [
        "id", "text", "status", "kind", "period", "target", "source", "line", "section",
        "created", "updated", "carried_from", "carried_to", "note", "history",
    ]  # fmt: skip
    assert rows[2]["text"] == "b, with a comma" and json.loads(rows[2]["history"])[0]["status"] == "open"
    markdown = run("export", "--format", "markdown", "--period", "2025").stdout
    assert markdown.startswith("# Goals\n\n## 2025-q1\n\n- [x] a `")
    out = tmp_path / "goals.json"
    run("export", "-o", str(out))
    assert json.loads(out.read_text()) == as_json


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


def test_shell_completion_completes_commands_periods_and_ids(journal_dir: Path, run):
    write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [ ] finish the thing\n")
    goal_id = json.loads(run("goals", "--json").stdout)[0]["id"]

    def complete(words: str) -> list[str]:
        env = {
            **os.environ,
            "_JOURNAL_COMPLETE": "bash_complete",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
            "JOURNAL_DIR": str(journal_dir),
        }
        proc = subprocess.run(
            [sys.executable, "-c", "from journal.cli import main; main()"], env=env, capture_output=True, text=True
        )
        assert proc.returncode == 0, proc.stderr
        return [line.split(",", 1)[1] for line in proc.stdout.splitlines()]

    assert "review" in complete("journal rev")
    assert complete("journal review 2025") == ["2025-q1"]
    assert complete(f"journal done {goal_id[:2]}") == [goal_id]
    script = subprocess.run(
        [sys.executable, "-c", "from journal.cli import main; main()"],
        env={**os.environ, "_JOURNAL_COMPLETE": "zsh_source"},
        capture_output=True,
        text=True,
    ).stdout
    assert "compdef" in script


def test_json_and_no_color_everywhere_lists_are_printed(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [ ] a\n")
    for args in (["goals"], ["list"], ["stats"], ["templates"], ["sync"], ["config", "get"]):
        json.loads(run(*args, "--json").stdout)
    assert "\x1b[" not in run("--no-color", "goals").stdout
