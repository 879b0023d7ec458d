"""One git commit per writing command (``[git] autocommit = true`` in a journal repository).

Once a command is over, the CLI hands ``autocommit`` what it wrote (``journal.changes``). Documents
that changed by hand since the last commit are committed first, on their own, with a message listing
them; then the command's own change, with a message a person can read in ``git log``
(``done 4ywu89: Run 300 km over the quarter``). Only the journal's files are committed, through an
index of journal's own, so whatever the person has staged stays as it was. A git that refuses (no
identity, a hook) never undoes the journal's write: the caller gets a warning line.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

from journal.changes import Changes
from journal.config import CONFIG_NAME, Journal
from journal.errors import GitError
from journal.gitrepo import commit_identity, git_dir, is_repository, journal_pathspecs, run_git

STATUS_COMMANDS = ("done", "start", "reopen", "drop")
#: commands whose only writes are the sync they start with (its message is the hand edits')
READING_COMMANDS = ("sync", "goals", "list", "show", "stats", "export", "search", "due", "report", "status", "edit")
NOT_DOCUMENTS = ("ledger/", "templates/", ".journal/")
NOT_DOCUMENT_FILES = (CONFIG_NAME, ".gitignore", ".gitattributes")


def autocommit(journal: Journal, command: str, params: dict[str, Any], changes: Changes) -> list[str]:
    """Commit what ``command`` changed, hand edits first; warning lines for stderr (none when all went well)."""
    if command == "sync" and _merging(journal):
        pass  # `journal sync` finishes a merge `journal pull` left for the person, with autocommit on or off
    elif not changes.written or not journal.settings.autocommit or not is_repository(journal.root):
        return []
    root = journal.root
    ours = {_relative(root, path): before for path, before in changes.written.items()}
    ours = {name: before for name, before in ours.items() if name and not name.startswith(".journal/")}
    if not ours and not _merging(journal):
        return []
    try:
        _commit_command(journal, command, params, changes, ours)
    except GitError as exc:
        return [f"Warning: the change is saved but not committed to git: {exc}"]
    return []


def _merging(journal: Journal) -> bool:
    """Whether a merge is waiting to be finished (one stat when the journal is a repository)."""
    return is_repository(journal.root) and (git_dir(journal.root) / "MERGE_HEAD").exists()


def _relative(root: Path, path: Path) -> str | None:
    try:
        return Path(os.path.abspath(path)).relative_to(root).as_posix()
    except ValueError:
        return None


def is_document(name: str) -> bool:
    """Whether a path of the journal (relative, with /) is a document rather than the ledger or settings."""
    return not name.startswith(NOT_DOCUMENTS) and name not in NOT_DOCUMENT_FILES and name.endswith(".md")


def changed_files(journal: Journal) -> list[str]:
    """The journal's files that differ from the last commit (untracked ones too), relative, with /."""
    result = run_git(journal.root, "status", "--porcelain=v1", "-z", "-uall", "--", *journal_pathspecs(journal))
    if result.code != 0:
        raise GitError(f"git status failed: {result.last_line()}")
    fields = result.out.split("\0")
    names, index = [], 0
    while index < len(fields):
        entry = fields[index]
        index += 1
        if len(entry) < 4:
            continue
        names.append(entry[3:])
        if entry[0] in "RC":
            index += 1  # a rename's old name follows
    return names


def _commit_command(
    journal: Journal, command: str, params: dict[str, Any], changes: Changes, ours: dict[str, bytes | None]
) -> None:
    changed = changed_files(journal)
    merging = _merging(journal)
    if not changed and not merging:
        return
    if merging:
        documents = [name for name in changed if is_document(name)]
        finish = f"; resolved {', '.join(documents)} by hand" if documents else ""
        commit_paths(journal, journal_pathspecs(journal), f"merge finished with journal {command}{finish}")
        return
    by_hand = [name for name in changed if is_document(name) and name not in ours]
    committed = _head_blobs(journal.root, [name for name in ours if is_document(name)])
    edited_first = {
        name: before
        for name, before in ours.items()
        if is_document(name) and before is not None and _blob_id(before, committed.get(name, "")) != committed.get(name)
    }
    by_hand += [name for name in edited_first if name not in by_hand]
    message = command_message(command, params, changes, journal)
    if by_hand:
        hand_message = "edit by hand: " + ", ".join(sorted(by_hand))
        if message is None:  # nothing of the command's own: one commit
            commit_paths(journal, journal_pathspecs(journal), hand_message)
            return
        plain = [name for name in by_hand if name not in edited_first]
        commit_paths(journal, plain, hand_message, staged_bytes=edited_first)
    commit_paths(journal, journal_pathspecs(journal), message or "sync: the ledger in line with the documents")


def _head_blobs(root: Path, names: list[str]) -> dict[str, str]:
    """The blob id of each of ``names`` in the last commit (one git process)."""
    if not names:
        return {}
    listed = run_git(root, "ls-tree", "-z", "HEAD", "--", *names).out
    blobs = {}
    for entry in listed.split("\0"):
        meta, _, name = entry.partition("\t")
        if name:
            blobs[name] = meta.split()[-1]
    return blobs


def _blob_id(data: bytes, like: str) -> str:
    """The id git gives a file holding ``data`` (SHA-256 in a repository whose ids, like ``like``, are)."""
    import hashlib

    header = b"blob %d\0" % len(data)
    if len(like) == 64:
        return hashlib.sha256(header + data).hexdigest()
    return hashlib.sha1(header + data, usedforsecurity=False).hexdigest()


def commit_paths(
    journal: Journal, pathspecs: list[str], message: str, *, staged_bytes: dict[str, bytes] | None = None
) -> str:
    """Commit the files ``pathspecs`` name (and ``staged_bytes``: names with the bytes to commit for them).

    Outside a merge, the commit is made from a private index that starts from the last commit, so
    what the person has staged is neither committed nor lost; the real index then takes the
    committed files. During a merge, the real index (the commit concludes the merge). A line saying
    what was done.
    """
    root = journal.root
    identity = commit_identity(journal)
    if (git_dir(root) / "MERGE_HEAD").exists():
        _git(root, "add", "-A", "--", *_present(root, pathspecs, {}))
        _git(root, *identity, "commit", "--quiet", "--no-edit", "-m", message)
        return f"Committed: {message}"
    index = git_dir(root) / "journal-index"
    env = {"GIT_INDEX_FILE": str(index)}
    try:
        read = run_git(root, "read-tree", "HEAD", env=env)  # fails in a repository with no commit yet
        has_head = read.code == 0
        if not has_head:
            if run_git(root, "rev-parse", "--quiet", "--verify", "HEAD").code == 0:
                raise GitError(f"git read-tree failed: {read.last_line()}")  # never a commit of our files alone
            index.unlink(missing_ok=True)
        present = _present(root, pathspecs, env)
        if present:
            _git(root, "add", "-A", "--", *present, env=env)
        for name, data in (staged_bytes or {}).items():
            _stage_bytes(root, name, data, env)
        if has_head and run_git(root, "diff", "--cached", "--quiet", env=env).code == 0:
            return "Nothing to commit"
        _git(root, *identity, "commit", "--quiet", "-m", message, env=env)
    finally:
        index.unlink(missing_ok=True)
    names = [*present, *(staged_bytes or {})]
    run_git(root, "reset", "--quiet", "--", *names)  # the real index follows the commit for these files
    return f"Committed: {message}"


def _present(root: Path, pathspecs: list[str], env: dict[str, str]) -> list[str]:
    """The pathspecs git can take: those naming a file or folder that exists, or files it tracks (git refuses
    a pathspec that matches nothing)."""
    if all(spec.startswith(":") or os.path.lexists(root / spec) for spec in pathspecs):
        return list(pathspecs)  # no git process for the usual case
    tracked = run_git(root, "ls-files", "-z", env=env).out.split("\0")
    kept = []
    for spec in pathspecs:
        if (
            spec.startswith(":")
            or os.path.lexists(root / spec)
            or any(name == spec or name.startswith(spec + "/") for name in tracked)
        ):
            kept.append(spec)
    return kept


def _stage_bytes(root: Path, name: str, data: bytes, env: dict[str, str]) -> None:
    """Put ``data`` in the private index as ``name`` (a document as it was before this command wrote it)."""
    import tempfile

    with tempfile.NamedTemporaryFile(dir=git_dir(root), prefix="journal-blob-", delete=False) as handle:
        handle.write(data)
    try:
        blob = _git(root, "hash-object", "-w", "--no-filters", handle.name).out.strip()
    finally:
        os.unlink(handle.name)
    _git(root, "update-index", "--add", "--cacheinfo", f"100644,{blob},{name}", env=env)


def _git(root: Path, *args: str, env: dict[str, str] | None = None):
    result = run_git(root, *args, env=env)
    if result.code != 0:
        verb = next((arg for arg in args if not arg.startswith("-") and "=" not in arg), "git")
        raise GitError(f"git {verb} failed: {result.last_line()}")
    return result


def command_message(
    command: str, params: dict[str, Any], changes: Changes, journal: Journal | None = None
) -> str | None:
    """The commit message of a command's own change; None when it made none (only a sync of hand edits)."""
    if command in READING_COMMANDS:
        return None  # what they wrote is a sync of hand edits
    own = [decision for decision in changes.decisions if decision.by not in ("document", "sync")]
    if command in STATUS_COMMANDS and own:
        if len(own) == 1:
            return f"{command} {own[0].shown_id()}: {own[0].text}"
        return f"{command} {' '.join(decision.shown_id() for decision in own[:5])}: {len(own)} goals"
    period = _period_key(params, journal) or _most_common(decision.period for decision in own)
    where = f" {period}" if period else ""
    counts = Counter(decision.status for decision in own)
    if command == "new":
        carried = counts.get("carried", 0)
        return f"new{where}: brought in {carried} goal{'s' if carried != 1 else ''}"
    if command == "review":
        said = ", ".join(f"{count} {status.replace('_', ' ')}" for status, count in counts.items())
        return f"review{where}: {said or 'answers written'}"
    said = ", ".join(f"{count} {status.replace('_', ' ')}" for status, count in counts.items())
    words = " ".join(_words(params))
    return f"{command}{f' {words}' if words else ''}" + (f": {said}" if said else "")


def _period_key(params: dict[str, Any], journal: Journal | None) -> str | None:
    words = params.get("period_words")
    if not words:
        return None
    from journal.periods import PeriodError, parse_period

    settings = journal.settings if journal is not None else None
    try:
        return parse_period(
            " ".join(words),
            fiscal_year_start=settings.fiscal_year_start if settings else 1,
            default_kind=settings.default_kind if settings else "quarter",
        ).key
    except (PeriodError, ValueError):
        return " ".join(words)[:40]


def _most_common(values: Any) -> str | None:
    counted = Counter(value for value in values if value)
    return counted.most_common(1)[0][0] if counted else None


def _words(params: dict[str, Any]) -> list[str]:
    """A command's arguments as typed, shortened for a subject line."""
    words: list[str] = []
    for value in params.values():
        if isinstance(value, tuple | list):
            words += [str(item) for item in value]
        elif isinstance(value, str) and value:
            words.append(value)
    text = " ".join(words)
    return [text if len(text) <= 60 else text[:59] + "…"] if text else []
