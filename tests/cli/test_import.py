"""`journal import`: bring existing Markdown documents into the journal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import assert_usage_error
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
        "2024-q4-report.md",  # its slot taken: the other document of the period (issue 11)
        "2024-q4.md",
        "2025-01-05.md",  # daily/2025-01-05.md: a file named by a full date is that day
        "2025-h1.md",
        "2025-q1.md",  # misc.md: a date line gives the default kind's period
        "2025-q4-report.md",  # "Quarterly Engineering Report": a report (issue 11)
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
        "dated": "2025-01-05",
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
    assert out.startswith(f"{notes / '2024-Q4.md'} -> entries/2024-q4.md  (2024-q4, from the file name; 1 goal)\n")
    assert snapshot(journal_dir) == before
    run("import", str(notes / "undatable.md"), "--period", "2023")
    assert (journal_dir / "entries" / "2023.md").read_text().startswith("---\nperiod: 2023\n")


def test_import_of_a_missing_path_is_an_error(run, tmp_path: Path):
    assert run("import", str(tmp_path / "nope"), expect=2).stderr.startswith("Error: Invalid value for 'PATH...'")


def test_import_json_reports_each_document(run, journal_dir: Path, notes: Path):
    source = notes / "2024-Q4.md"
    planned = json.loads(run("import", str(source), "--dry-run", "--json").stdout)
    entry = {
        "source": str(source),
        "period": "2024-q4",
        "from": "the file name",
        "document": "entries/2024-q4.md",
        "goals": 1,
        "skipped": None,
    }
    assert planned == {"dry_run": True, "documents": [entry]}
    assert json.loads(run("import", str(source), "--json").stdout) == {"dry_run": False, "documents": [entry]}
    skipped = json.loads(run("import", str(notes / "undatable.md"), "--json").stdout)["documents"][0]
    assert skipped["period"] is None and skipped["document"] is None
    assert skipped["skipped"] == "no period in its front matter, file name, title or a date line"


def test_import_errors_are_one_line_and_write_nothing(run, journal_dir: Path, notes: Path):
    before = snapshot(journal_dir)
    bad = run("import", str(notes), "--period", "q5-2025", expect=2)
    assert bad.stderr.startswith("Error: not a period: 'q5-2025'") and len(bad.stderr.splitlines()) == 1
    assert_usage_error(run("import", expect=2), "Missing argument 'PATH...'.", "import")
    assert_usage_error(run("import", str(notes), "--bogus", expect=2), "No such option '--bogus'.", "import")
    assert snapshot(journal_dir) == before


def test_import_dry_run_creates_no_journal(tmp_path: Path, run, notes: Path):
    missing = tmp_path / "not-yet"
    out = run("--dir", str(missing), "import", str(notes / "2024-Q4.md"), "--dry-run").stdout
    assert out.endswith("Would import 1 document (1 goal); skipped 0.\n")
    assert not missing.exists()


def test_import_a_vault_daily_notes_are_days_and_the_quarter_keeps_its_slot(run, journal_dir: Path, tmp_path: Path):
    vault = tmp_path / "vault"
    write(vault, "Daily/2025-04-14.md", "# Monday\n\n- [ ] Call Ana\n")
    write(vault, "Notes/standup.md", "# 2025-04-15\n\n- [ ] Book the venue\n")
    write(vault, "Quarterly/2025-Q2.md", "# Q2 2025\n\n## Goals\n\n- [ ] Ship the v2 API\n- [ ] Hire\n")
    out = run("import", str(vault)).stdout
    assert out == (
        f"{vault / 'Daily/2025-04-14.md'} -> entries/2025-04-14.md  "
        "(2025-04-14, from the date in the file name; 1 goal)\n"
        f"{vault / 'Notes/standup.md'} -> entries/2025-04-15.md  (2025-04-15, from the date in the title; 1 goal)\n"
        f"{vault / 'Quarterly/2025-Q2.md'} -> entries/2025-q2.md  (2025-q2, from the file name; 2 goals)\n"
        "Imported 3 documents (4 goals); skipped 0.\n"
    )
    entries = sorted(p.name for p in (journal_dir / "entries").iterdir())
    assert entries == ["2025-04-14.md", "2025-04-15.md", "2025-q2.md"]


def test_infer_period_core_dates_name_days(tmp_path: Path):
    from journal.importing import infer_period

    def inferred(text: str, name: str) -> tuple[str | None, str]:
        period, how = infer_period(text, tmp_path / name, "quarter", 1)
        return (period.key if period else None), how

    assert inferred("x\n", "2025-04-14.md") == ("2025-04-14", "the date in the file name")
    assert inferred("# Tuesday 2025-04-15\n", "note.md") == ("2025-04-15", "the date in the title")
    assert inferred("# Q2 2025, written 2025-04-15\n", "note.md") == ("2025-q2", "the title")
    assert inferred("# Notes\n\n**Date**: 2025-04-15\n", "note.md") == ("2025-q2", "a date line")
