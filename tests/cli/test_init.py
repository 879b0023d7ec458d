"""`journal init`: make a folder a journal, complete a partial one, leave an existing one as it is."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write


def test_init_creates_the_folders_and_settings(tmp_path: Path, run):
    target = tmp_path / "new-journal"
    result = run("init", str(target))
    assert result.stdout == f"Initialised a journal in {target}\n"
    for name in ("journal.toml", "entries", "ledger", "templates", ".journal"):
        assert (target / name).exists(), name
    assert run("init", str(target)).stdout == f"{target} is already a journal; nothing changed.\n"


def test_init_completes_a_partial_journal(run, tmp_path: Path):
    partial = tmp_path / "partial"
    write(partial, "journal.toml", "")
    (partial / "entries").mkdir()
    assert run("init", str(partial)).stdout.startswith(f"{partial} was already a journal; added ledger/")
