"""Fixtures for the per-command CLI tests."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.gitjournal import git_home  # noqa: F401 - the fixture of the git tests (test_git, test_pull, test_push)


@pytest.fixture
def example(journal_dir: Path) -> Path:
    """The journal of examples/ (settings and three documents) copied into ``journal_dir``, not yet synced."""
    shutil.copytree(EXAMPLES, journal_dir, dirs_exist_ok=True)
    return journal_dir


def assert_usage_error(result, message: str, command: str) -> None:
    """One ``Error:`` line from click's own checks, pointing at the command's help (run in-process, the
    program is called ``cli``, not ``journal``)."""
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"Error: {message} (see '"), result.stderr
    assert result.stderr.endswith(f" {command} --help')\n"), result.stderr


def last_and_this_quarter() -> tuple[str, str]:
    """The keys of the last quarter and this one (today's date), as 'last' and 'this' mean by default."""
    today = datetime.date.today()
    quarter = (today.month - 1) // 3 + 1
    last = (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)
    return f"{last[0]}-q{last[1]}", f"{today.year}-q{quarter}"
