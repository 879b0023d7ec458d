"""A journal inside an Obsidian vault (issue 11, item 1): periodic notes in Daily/, Weekly/, Quarterly/ with
Obsidian's default names are the documents; every other note is left alone, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from journal.cli import cli
from journal.obsidian import vault_paths
from tests.conftest import write

OTHER_NOTES = {
    "Projects/Garden.md": "# Garden\n\n- [ ] Plant tulips\n",
    "Inbox.md": "---\ntags: [inbox]\n---\n- [ ] Call the plumber\n",
    "Templates/Daily.md": "# {{date}}\n\n## Tasks\n",
    "2025 plans.md": "Ideas for the year\n",
    ".obsidian/workspace.json": "{}",
}


def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    write(root, "Daily/2025-04-14.md", "# 2025-04-14\n\n- [x] Call Ana\n- [ ] Book the venue\n")
    write(root, "Weekly/2025-W16.md", "# Week 16\n\n## Goals\n\n- [ ] Draft the RFC\n")
    write(root, "Quarterly/2025-Q2.md", "# Q2 2025\n\n## Goals\n\n- [ ] Ship the v2 API\n")
    for name, text in OTHER_NOTES.items():
        write(root, name, text)
    return root


def cli_run(root: Path, *args: str, expect: int = 0):
    result = CliRunner().invoke(cli, ["--dir", str(root), *args], catch_exceptions=False)
    assert result.exit_code == expect, result.stderr
    return result


def test_init_obsidian_then_a_day_of_work(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("JOURNAL_DIR", raising=False)
    root = vault(tmp_path)
    before = {name: (root / name).read_bytes() for name in OTHER_NOTES}
    result = CliRunner().invoke(cli, ["init", "--obsidian", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"Initialised a journal in the Obsidian vault {root}\n"
        "  day      Daily/{date}.md\n"
        "  week     Weekly/{year}-W{week}.md\n"
        "  month    Monthly/{year}-{month}.md\n"
        "  quarter  Quarterly/{year}-Q{quarter}.md\n"
        "  year     Yearly/{year}.md\n"
    )
    assert not (root / "entries").exists() and not (root / "templates").exists()

    goals = json.loads(cli_run(root, "goals", "--all", "--json").stdout)
    assert sorted((g["text"], g["source"]) for g in goals) == [
        ("Book the venue", "Daily/2025-04-14.md"),
        ("Call Ana", "Daily/2025-04-14.md"),
        ("Draft the RFC", "Weekly/2025-W16.md"),
        ("Ship the v2 API", "Quarterly/2025-Q2.md"),
    ]
    new = cli_run(root, "new", "today")
    assert new.stdout == f"{root}/Daily/2025-04-15.md\n"
    assert "- [ ] Book the venue" in (root / "Daily/2025-04-15.md").read_text()
    assert cli_run(root, "new", "next week", "--no-carry").stdout == f"{root}/Weekly/2025-W17.md\n"
    assert cli_run(root, "new", "q3-2025", "--no-carry").stdout == f"{root}/Quarterly/2025-Q3.md\n"
    listed = [row["document"] for row in json.loads(cli_run(root, "list", "--json").stdout)]
    assert listed == [
        "Quarterly/2025-Q2.md",
        "Weekly/2025-W16.md",
        "Daily/2025-04-14.md",
        "Daily/2025-04-15.md",
        "Weekly/2025-W17.md",
        "Quarterly/2025-Q3.md",
    ]
    assert cli_run(root, "sync").stderr == ""
    # The other notes: never written, never warned about, never counted.
    assert {name: (root / name).read_bytes() for name in OTHER_NOTES} == before
    assert "Plant tulips" not in cli_run(root, "goals", "--all").stdout
    # Run again: the vault is already a journal.
    again = CliRunner().invoke(cli, ["init", "--obsidian", str(root)], catch_exceptions=False)
    assert again.exit_code == 0 and "nothing changed" in again.stderr


def test_the_vaults_periodic_notes_settings_are_followed(tmp_path: Path):
    root = tmp_path / "vault"
    write(root, ".obsidian/daily-notes.json", '{"folder": "Journal/Days", "format": "YYYY-MM-DD"}')
    write(
        root,
        ".obsidian/plugins/periodic-notes/data.json",
        json.dumps(
            {
                "weekly": {"enabled": True, "folder": "Journal/Weeks", "format": "gggg-[W]ww"},
                "quarterly": {"enabled": True, "folder": "", "format": "YYYY-[Q]Q"},
                "monthly": {"enabled": True, "folder": "Months", "format": "MMMM YYYY"},
            }
        ),
    )
    paths, notes = vault_paths(root)
    assert paths == {
        "day": "Journal/Days/{date}.md".replace("{date}", "{year}-{month}-{day}"),
        "week": "Journal/Weeks/{year}-W{week}.md",
        "month": "Months/{year}-{month}.md",
        "quarter": "{year}-Q{quarter}.md",
        "year": "Yearly/{year}.md",
    }
    assert notes == ["month: the name format 'MMMM YYYY' is not one journal can follow; using {year}-{month}.md"]


def test_init_obsidian_outside_a_vault_is_an_error(tmp_path: Path):
    result = CliRunner().invoke(cli, ["init", "--obsidian", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 2
    why = "is not an Obsidian vault (no .obsidian/ folder) (name the vault's folder)"
    assert result.stderr == f"Error: {tmp_path} {why}\n"
    assert list(tmp_path.iterdir()) == []
