"""Helpers for the tests of journals kept in git: real git, a bare repository in tmp_path as the remote, and
git's configuration pointed into tmp_path so that the machine's own never matters."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from journal.cli import cli
from tests.conftest import EXAMPLES


@pytest.fixture
def git_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """HOME and git's global config in tmp_path: user Ana Device, branch main; the date fixed."""
    home = tmp_path / "home"
    home.mkdir()
    config = home / ".gitconfig"
    config.write_text(
        "[user]\n\tname = Ana Device\n\temail = ana@example.com\n[init]\n\tdefaultBranch = main\n", encoding="utf-8"
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("JOURNAL_DIR", raising=False)
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.delenv(name, raising=False)
    return home


def journal(root: Path, *args: str, expect: int | None = 0, input: str | None = None) -> Result:
    """Run ``journal --dir ROOT ARGS`` in-process; stderr kept apart."""
    result = CliRunner().invoke(cli, ["--dir", str(root), *args], input=input, catch_exceptions=False)
    if expect is not None:
        assert result.exit_code == expect, (
            f"exit {result.exit_code}, expected {expect}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        )
    return result


def git(root: Path, *args: str, check: bool = True) -> str:
    """``git ARGS`` in ``root``; its stdout."""
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    if check:
        assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def subjects(root: Path) -> list[str]:
    """The journal's commit subjects, newest first."""
    return git(root, "log", "--format=%s").splitlines()


def example_repo(tmp_path: Path, name: str = "a") -> Path:
    """The example journal, made a git repository with `journal git init` and synced (the ledger committed)."""
    root = tmp_path / name
    shutil.copytree(EXAMPLES, root)
    journal(root, "git", "init")
    journal(root, "sync")
    return root


def with_remote(tmp_path: Path, root: Path) -> Path:
    """A bare repository in tmp_path as ``root``'s origin, pushed to; the bare repository's path."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    git(root, "remote", "add", "origin", str(remote))
    journal(root, "push")
    return remote


def clone(tmp_path: Path, remote: Path, name: str) -> Path:
    """A clone of ``remote`` (git clone: no merge drivers in its .git/config yet)."""
    git(tmp_path, "clone", "--quiet", str(remote), name)
    return tmp_path / name


def open_goal_ids(root: Path) -> list[str]:
    """The ids of the open goals, in `goals --open` order."""
    import json

    return [goal["id"] for goal in json.loads(journal(root, "goals", "--open", "--json").stdout)]
