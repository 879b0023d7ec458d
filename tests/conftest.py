"""Shared fixtures: a journal in tmp_path and a callable CLI runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from journal.cli import cli
from journal.config import init_journal

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture
def journal_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty, initialised journal; JOURNAL_DIR points at it."""
    root = tmp_path / "journal"
    init_journal(root)
    monkeypatch.setenv("JOURNAL_DIR", str(root))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    return root


@pytest.fixture
def run(journal_dir: Path) -> Callable[..., Result]:
    """Run the CLI against ``journal_dir``: ``run("goals", "--open")``; stderr kept apart."""

    def invoke(*args: str, input: str | None = None, expect: int | None = 0) -> Result:
        runner = CliRunner()
        result = runner.invoke(cli, list(args), input=input, catch_exceptions=False)
        if expect is not None:
            assert result.exit_code == expect, (
                f"exit {result.exit_code}, expected {expect}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
            )
        return result

    return invoke


def write(root: Path, name: str, text: str, *, newline: str = "\n") -> Path:
    """Write a document under the journal (text with LF, turned into ``newline``)."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under the journal except the derived .journal/ folder, by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".journal" not in p.relative_to(root).parts
    }


def modules_after(
    args: list[str], journal: Path, *, console_script: bool = False, env: dict[str, str] | None = None
) -> tuple[set[str], str]:
    """Run ``journal ARGS`` on ``journal`` in a fresh Python (``journal.cli``, or with ``console_script`` the
    installed entry point's ``journal.launcher``): the modules it imported, and its stdout."""
    import json
    import subprocess
    import sys

    run = (
        f"sys.argv = ['journal', *{args!r}]\nfrom journal.launcher import main\nmain()\n"
        if console_script
        else f"from journal.cli import cli\ncli({args!r}, prog_name='journal')\n"
    )
    code = (
        "import json, sys\n"
        f"try:\n    {run.rstrip().replace(chr(10), chr(10) + '    ')}\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    base = {"JOURNAL_DIR": str(journal), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**base, **(env or {})}, check=True
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1])), done.stdout
