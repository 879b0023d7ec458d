"""The journal as a git repository: finding it, running git in it, its merge drivers, who decides.

A journal is *its own* repository when the journal folder is the repository's top level (it holds
``.git``, a folder or a worktree's ``gitdir:`` file). A journal that merely sits inside someone
else's repository is never touched. Finding out costs one stat for a journal that is not a
repository; the drivers' registration is checked by reading ``.git/config`` as text, so everyday
commands spawn no git process.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path
from typing import NamedTuple

from journal.config import CONFIG_NAME, Journal
from journal.errors import GitError
from journal.git_drivers import DRIVER_DESCRIPTIONS, DRIVER_NAMES, GITATTRIBUTES, GITIGNORE, driver_command


def is_repository(root: Path) -> bool:
    """Whether the journal folder is the top level of a git repository (one stat)."""
    return os.path.lexists(root / ".git")


def git_dir(root: Path) -> Path:
    """The folder holding the repository's config: ``.git``, or where a ``gitdir:`` file points (its common dir)."""
    dot_git = root / ".git"
    if dot_git.is_dir():
        return dot_git
    text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
    folder = Path(text.removeprefix("gitdir:").strip())
    folder = folder if folder.is_absolute() else (root / folder)
    common = folder / "commondir"
    if common.is_file():
        shared = Path(common.read_text(encoding="utf-8").strip())
        folder = shared if shared.is_absolute() else folder / shared
    return folder


class GitResult(NamedTuple):
    """What one git process said."""

    code: int
    out: str
    err: str

    def last_line(self) -> str:
        """Git's last line of complaint (``fatal: ...``), for a one-line message."""
        lines = [line.strip() for line in (self.err or self.out).splitlines() if line.strip()]
        wanted = [line for line in lines if line.startswith(("fatal:", "error:"))] or lines
        return wanted[-1].removeprefix("fatal: ").removeprefix("error: ") if wanted else f"git exited {self.code}"


def run_git(root: Path, *args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> GitResult:
    """Run ``git ARGS`` in the journal folder, capturing its output; git missing is a GitError."""
    import subprocess

    full_env = {**os.environ, **(env or {}), "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, env=full_env, input=stdin, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise GitError("git is not installed", hint="install git, then run the command again") from None
    return GitResult(done.returncode, done.stdout, done.stderr)


def checked_git(root: Path, *args: str, env: dict[str, str] | None = None) -> GitResult:
    """``run_git`` where a failure is a GitError quoting git's last line."""
    result = run_git(root, *args, env=env)
    if result.code != 0:
        raise GitError(f"git {args[0]} failed: {result.last_line()}")
    return result


# ------------------------------------------------------------------ merge drivers


def routes_to_drivers(root: Path) -> bool:
    """Whether the journal's ``.gitattributes`` sends files to journal's merge drivers."""
    try:
        text = (root / ".gitattributes").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(f"merge={name}" in text for name in DRIVER_NAMES.values())


def _configured_driver(config_text: str, name: str) -> str | None:
    """The ``driver`` value of ``[merge "NAME"]`` in .git/config text, or None."""
    section = re.search(rf'^\s*\[merge\s+"{re.escape(name)}"\]\s*$(.*?)(?=^\s*\[|\Z)', config_text, re.M | re.S)
    if section is None:
        return None
    line = re.search(r"^\s*driver\s*=\s*(.*?)\s*$", section.group(1), re.M)
    return line.group(1) if line else None


def _driver_works(value: str | None) -> bool:
    """A configured driver command whose interpreter still exists."""
    if not value:
        return False
    value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\") if value.startswith('"') else value
    try:
        words = shlex.split(value)
    except ValueError:
        return False
    return bool(words) and os.path.isfile(words[0]) and os.access(words[0], os.X_OK)


def drivers_missing(root: Path) -> list[str]:
    """The driver kinds .git/config lacks (or names a vanished interpreter for); read as text, no git process."""
    try:
        text = (git_dir(root) / "config").read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    return [kind for kind, name in DRIVER_NAMES.items() if not _driver_works(_configured_driver(text, name))]


def register_drivers(root: Path, kinds: list[str] | None = None) -> list[str]:
    """Write the merge drivers into .git/config (``merge.NAME.driver`` and ``.name``); the kinds written."""
    kinds = list(DRIVER_NAMES) if kinds is None else kinds
    for kind in kinds:
        name = DRIVER_NAMES[kind]
        checked_git(root, "config", f"merge.{name}.name", DRIVER_DESCRIPTIONS[kind])
        checked_git(root, "config", f"merge.{name}.driver", driver_command(kind))
    return kinds


def ensure_drivers(root: Path) -> str | None:
    """In a journal repository routing files to journal's drivers, register any missing ones; a line saying so.

    A journal that is not a repository costs one stat; one whose drivers are registered, two small reads.
    """
    if not is_repository(root) or not routes_to_drivers(root):
        return None
    missing = drivers_missing(root)
    if not missing:
        return None
    try:
        register_drivers(root, missing)
    except GitError as exc:
        return f"Warning: journal's merge drivers are not registered in .git/config: {exc}"
    return registered_line(missing)


def registered_line(kinds: list[str]) -> str:
    """The line saying which merge drivers were registered: the same after `journal git init` and in a clone."""
    names = " and ".join(DRIVER_NAMES[kind] for kind in kinds)
    return f"Registered journal's merge drivers ({names}) in .git/config"


# ------------------------------------------------------------------ who decides

_identities: dict[Path, dict[str, str]] = {}


def git_identity(root: Path) -> dict[str, str]:
    """``user.name`` and ``user.email`` as git sees them in the journal (one git process, then remembered)."""
    if root not in _identities:
        result = run_git(root, "config", "--get-regexp", r"^user\.(name|email)$")
        found = {}
        for line in result.out.splitlines():
            key, _, value = line.partition(" ")
            found[key.removeprefix("user.")] = value.strip()
        _identities[root] = found
    return _identities[root]


def forget_identities() -> None:
    """Forget the identities looked up (each command looks again, once)."""
    _identities.clear()


def decided_by(journal: Journal) -> str:
    """Who makes this command's decisions: git's user.name in a journal repository, else journal.toml's author."""
    if is_repository(journal.root):
        try:
            name = git_identity(journal.root).get("name", "")
        except GitError:
            name = ""
        if name:
            return name
    return journal.settings.author


def commit_identity(journal: Journal) -> list[str]:
    """``-c user.name=... -c user.email=...`` from journal.toml's author, for what git has not configured."""
    known = git_identity(journal.root)
    options: list[str] = []
    author = journal.settings.author
    if not known.get("name") and author:
        options += ["-c", f"user.name={author}"]
    if not known.get("email") and (author or known.get("name")):
        options += ["-c", "user.email=journal@localhost"]
    return options


# ------------------------------------------------------------------ git init


def _append_missing(path: Path, text: str) -> bool:
    """Add ``text``'s lines that ``path`` lacks at its end (the file is created when missing); whether it changed."""
    from journal.atomic import write_atomic

    try:
        old = path.read_bytes()
    except FileNotFoundError:
        old = None
    have = set((old or b"").decode("utf-8", errors="replace").splitlines())
    wanted = [line for line in text.splitlines() if line.startswith("#") or line not in have]
    if all(line.startswith("#") for line in wanted):
        return False
    joiner = b"" if not old or old.endswith(b"\n") else b"\n"
    write_atomic(path, (old or b"") + joiner + ("\n".join(wanted) + "\n").encode(), expected=old)
    return True


def _turn_on_autocommit(journal: Journal) -> bool:
    """``[git] autocommit = true`` in journal.toml unless it says otherwise already; whether it changed."""
    from journal.atomic import write_atomic

    path = journal.root / CONFIG_NAME
    try:
        old = path.read_bytes()
    except FileNotFoundError:
        old = b""
    text = old.decode("utf-8", errors="replace")
    if re.search(r"^\s*\[\s*git\s*\]", text, re.M):
        if re.search(r"^\s*autocommit\s*=", text, re.M):
            return False
        import tomlkit

        document = tomlkit.parse(text)
        document["git"]["autocommit"] = True  # type: ignore[index]
        write_atomic(path, tomlkit.dumps(document).encode(), expected=old or None, must_not_exist=not old)
        return True
    joiner = "" if not text or text.endswith("\n") else "\n"
    addition = "\n[git]\nautocommit = true             # one git commit per change; false to commit yourself\n"
    write_atomic(path, (text + joiner + addition).encode(), expected=old or None, must_not_exist=not old)
    return True


def journal_pathspecs(journal: Journal) -> list[str]:
    """The journal's own files, as git pathspecs: documents, ledger, settings, templates, git's two files."""
    entries = journal.settings.entries.strip("/") or "."
    documents = ":(glob)**/*.md" if entries == "." else entries
    return [documents, "ledger", "templates", CONFIG_NAME, ".gitignore", ".gitattributes"]


def init_repository(journal: Journal) -> list[str]:
    """Make the journal a git repository (or complete one): what was done, as lines for the person.

    ``git init`` unless the journal folder is a repository's top level already, ``.gitignore`` and
    ``.gitattributes`` (appended to, never replaced), the drivers in .git/config, ``[git] autocommit``
    in journal.toml, and a commit of the journal's files.
    """
    root = journal.root
    done: list[str] = []
    if not is_repository(root):
        # git's own default branch name is 'master' unless the person chose one; the usual choice now is 'main'.
        chosen = run_git(root, "config", "init.defaultBranch").out.strip()
        checked_git(root, "init", "--quiet", *(() if chosen else ("--initial-branch=main",)))
        done.append(f"Initialised a git repository in {root}")
    changed = [
        name
        for name, path, text in (
            (".gitignore", root / ".gitignore", GITIGNORE),
            (".gitattributes", root / ".gitattributes", GITATTRIBUTES),
        )
        if _append_missing(path, text)
    ]
    if _turn_on_autocommit(journal):
        changed.append(f"{CONFIG_NAME} ([git] autocommit = true)")
    if changed:
        done.append(f"Wrote {', '.join(changed)}")
    if kinds := register_drivers(root):
        done.append(registered_line(kinds))
    from journal.autocommit import commit_paths

    outcome = commit_paths(journal, journal_pathspecs(journal), "journal: keep this journal in git")
    done.append(outcome)
    return done
