"""The wheel carries the built-in templates: build it, install it in a fresh venv, run `journal new`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_scaffolds_a_document(tmp_path: Path):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", "venv", ".git", "__pycache__", "*.egg-info"))
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(src)], check=True,
                   capture_output=True)  # fmt: skip
    wheel = next(dist.glob("journal-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for template in ("quarterly", "report", "weekly", "monthly", "yearly", "daily"):
        assert f"journal/templates/{template}.md" in names
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], check=True, capture_output=True)
    env = {**os.environ, "JOURNAL_DIR": str(tmp_path / "j")}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [str(venv / "bin" / "journal"), "new", "q1-2025"],
        check=True, capture_output=True, text=True, env=env, cwd=elsewhere,
    )  # fmt: skip
    path = Path(result.stdout.strip())
    assert path == tmp_path / "j" / "entries" / "2025-q1.md"
    assert path.read_text().startswith("# Q1 2025 Reflection")
