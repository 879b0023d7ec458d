"""`journal new` bringing goals in from many earlier periods: each ledger file edited once, read back table by
table, and the same bytes as reading every file whole, with or without the cache."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from journal.cli import cli
from journal.config import init_journal
from tests.conftest import snapshot, write

QUARTERS = [f"{year}-q{quarter}" for year in (2023, 2024) for quarter in (1, 2, 3, 4)]


def _journal(root: Path) -> Path:
    """Eight quarters, each with two open goals, one done and one dropped; synced."""
    init_journal(root)
    for key in QUARTERS:
        year, quarter = key.split("-q")
        write(
            root,
            f"entries/{key}.md",
            f"# Q{quarter} {year}\n\n## Goals\n\n- [ ] Ship {key}\n- [x] Hire for {key}\n"
            f"- [/] Write the {key} plan\n- [-] Drop {key}\n",
        )
    _cli(root, "sync")
    ledger = root / "ledger" / f"{QUARTERS[0]}.toml"
    ledger.write_text(ledger.read_text(encoding="utf-8") + "# a note kept by hand\n", encoding="utf-8")
    _cli(root, "sync")
    return root


def _cli(root: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--dir", str(root), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def journals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    monkeypatch.setenv("JOURNAL_NOW", "2025-01-02")
    monkeypatch.setenv("NO_COLOR", "1")
    first = _journal(tmp_path / "a")
    copies = [first]
    for name in ("b", "c"):
        shutil.copytree(first, tmp_path / name)
        copies.append(tmp_path / name)
    return copies


def test_new_marks_every_earlier_quarters_goals_and_keeps_hand_edits(journals: list[Path], monkeypatch):
    from journal.ledger import segment_check

    checked = []
    original = segment_check.read_back_by_table
    monkeypatch.setattr(segment_check, "read_back_by_table", lambda *a: checked.append(original(*a)) or checked[-1])
    root = journals[0]
    printed = _cli(root, "new", "2025-q1")
    assert printed.stdout == f"{root / 'entries' / '2025-q1.md'}\n"
    assert printed.stderr.splitlines()[-1] == (
        "Brought in 0 planned and 16 unfinished goals (2 from 2024-q4, 2 from 2024-q3, 2 from 2024-q2, "
        "2 from 2024-q1 and 8 from 4 earlier periods)."
    )
    assert checked == [True] * len(QUARTERS)  # each edited ledger file read back by its tables alone
    for key in QUARTERS:
        text = (root / "entries" / f"{key}.md").read_text(encoding="utf-8")
        assert f"- [>] Ship {key}\n- [x] Hire for {key}\n- [>] Write the {key} plan\n- [-] Drop {key}\n" in text
        goals = tomllib.loads((root / "ledger" / f"{key}.toml").read_text(encoding="utf-8"))["goals"]
        assert sorted(goal["status"] for goal in goals.values()) == ["carried", "carried", "done", "dropped"]
    assert (root / "ledger" / f"{QUARTERS[0]}.toml").read_text(encoding="utf-8").endswith("# a note kept by hand\n")
    new = (root / "entries" / "2025-q1.md").read_text(encoding="utf-8")
    assert all(f"- [ ] Ship {key}" in new and f"- [/] Write the {key} plan" in new for key in QUARTERS)


def test_the_same_bytes_without_the_cache_and_reading_each_file_whole(journals: list[Path], monkeypatch):
    """The table-by-table check only saves time: no cache, or every file read whole, writes the same bytes."""
    from journal.ledger import file_edit

    cached, uncached, whole = journals
    _cli(cached, "new", "2025-q1")
    shutil.rmtree(uncached / ".journal")
    _cli(uncached, "new", "2025-q1")
    monkeypatch.setattr(file_edit, "plain_check_pays", lambda _text: False)
    _cli(whole, "new", "2025-q1")
    assert snapshot(cached) == snapshot(uncached) == snapshot(whole)
    assert _cli(cached, "goals", "--open", "--json").stdout == _cli(uncached, "goals", "--open", "--json").stdout
