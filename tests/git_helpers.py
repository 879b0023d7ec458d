"""The git plumbing of the tests, in one place: a remote, clones with journal's merge drivers, commits,
pulls and pushes, with real git and a config of their own (never the user's).

A journal is made a repository with ``journal git init`` (autocommit on), a clone's first command
registers the drivers, and ``pull`` is ``journal pull``: the flow of README "Several devices and teams".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from journal.git_drivers import DRIVER_DESCRIPTIONS, DRIVER_NAMES, driver_command

# Tests that run git: skipped where it is missing, except in CI (.ci/run installs it), where they fail.
requires_git = pytest.mark.skipif(
    shutil.which("git") is None and not os.environ.get("CI"), reason="git is not installed (.ci/run installs it)"
)


@dataclass
class Outcome:
    """What a command did: its exit code and its output (stdout then stderr)."""

    code: int
    output: str
    stdout: str = ""


def git_env(tmp_path: Path) -> dict[str, str]:
    """An environment where git reads a config of its own (user.name/email set) and no one's HOME."""
    home = tmp_path / "git-home"
    home.mkdir(exist_ok=True)
    config = tmp_path / "gitconfig"
    config.write_text(
        "[user]\n\tname = Test Person\n\temail = test@example.com\n"
        "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n"
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=str(config), GIT_CONFIG_NOSYSTEM="1", HOME=str(home), NO_COLOR="1")
    env.update(COLUMNS="200", GIT_TERMINAL_PROMPT="0")
    return env


def git(repo: Path, *args: str, env: dict[str, str], check: bool = True) -> Outcome:
    """Run git in ``repo``."""
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=False)
    outcome = Outcome(done.returncode, done.stdout + done.stderr)
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed ({done.returncode}):\n{outcome.output}")
    return outcome


def journal(
    repo: Path, *args: str, env: dict[str, str], now: str = "2025-04-15T12:00:00", input: str | None = None
) -> Outcome:
    """Run the journal command (this interpreter's) on the journal ``repo``, its clock at ``now``, ``input``
    on its standard input (none when None)."""
    run_env = dict(env, JOURNAL_DIR=str(repo), JOURNAL_NOW=now)
    done = subprocess.run(
        [sys.executable, "-m", "journal.cli", *args], cwd=repo, env=run_env, capture_output=True, text=True,
        check=False, input=input, stdin=subprocess.DEVNULL if input is None else None,
    )  # fmt: skip
    return Outcome(done.returncode, done.stdout + done.stderr, done.stdout)


def register_drivers(repo: Path, env: dict[str, str]) -> None:
    """Name journal's merge drivers in the clone's .git/config (git never clones config)."""
    for kind, name in DRIVER_NAMES.items():
        git(repo, "config", f"merge.{name}.name", DRIVER_DESCRIPTIONS[kind], env=env)
        git(repo, "config", f"merge.{name}.driver", driver_command(kind, sys.executable), env=env)


def make_remote(journal_dir: Path, remote: Path, env: dict[str, str]) -> None:
    """Make ``journal_dir`` a repository as a person would (``journal git init``: journal's .gitattributes,
    .gitignore, drivers and autocommit), push it to a new bare repository ``remote``."""
    made = journal(journal_dir, "git", "init", env=env)
    assert made.code == 0, made.output
    git(remote.parent, "init", "-q", "--bare", remote.name, env=env)
    git(journal_dir, "remote", "add", "origin", str(remote), env=env)
    git(journal_dir, "push", "-q", "-u", "origin", "main", env=env)


def clone(remote: Path, dest: Path, env: dict[str, str]) -> Path:
    """A clone of ``remote`` at ``dest``; its first journal command registers the merge drivers (git never
    clones .git/config)."""
    git(dest.parent, "clone", "-q", str(remote), dest.name, env=env)
    first = journal(dest, "sync", env=env)
    assert first.code == 0 and "Registered journal's merge drivers" in first.output, first.output
    return dest


def commit_all(repo: Path, message: str, env: dict[str, str]) -> bool:
    """``git add -A`` and a commit when anything is staged; whether one was made (with autocommit on, a
    journal command has committed its own change already)."""
    git(repo, "add", "-A", env=env)
    if git(repo, "diff", "--cached", "--quiet", env=env, check=False).code == 0:
        return False
    git(repo, "commit", "-q", "-m", message, env=env)
    return True


def pull(
    repo: Path, env: dict[str, str], now: str = "2025-04-15T12:00:00", source: tuple[str, ...] = ()
) -> Outcome:
    """``journal pull`` (the upstream, or ``source``: another clone's folder and its branch)."""
    return journal(repo, "pull", *source, env=env, now=now)


def push(repo: Path, env: dict[str, str]) -> Outcome:
    """``git push`` to origin's main."""
    return git(repo, "push", "-q", "origin", "HEAD:main", env=env, check=False)
