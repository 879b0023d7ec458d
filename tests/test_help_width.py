"""`journal --help` lays its help out at the width click would, without importing shutil (and bz2, lzma, zlib)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from journal.cli import _terminal_columns
from tests.conftest import modules_after


@pytest.mark.parametrize("columns", [None, "", "abc", "0", "-5", "1", "50", "79", "80", "100", "250"])
def test_the_width_is_shutils(monkeypatch: pytest.MonkeyPatch, columns: str | None):
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert _terminal_columns() == shutil.get_terminal_size().columns


def test_help_imports_no_shutil(tmp_path: Path):
    loaded = modules_after(["--help"], tmp_path / "j")[0]
    assert "click" in loaded
    assert not {"shutil", "bz2", "lzma"} & loaded
