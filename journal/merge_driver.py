"""What ``journal merge-driver KIND BASE OURS THEIRS PATH`` does for git: read the three versions, merge
them (merge_ledger.py, merge_document.py), write the result into OURS, and say whether a conflict is
left. Git's contract: the merged file is OURS; exit 0 when clean, non-zero with git's markers left in it.

The CLI prints ``DriverResult.messages`` on stderr; nothing is printed here.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from journal.git_drivers import DRIVER_NAMES

REVIEWS_FOLDER = "reviews"


@dataclass
class DriverResult:
    """The merge's outcome: git's exit code (0 clean, 1 a conflict left in OURS) and lines for stderr."""

    exit_code: int = 0
    messages: list[str] = field(default_factory=list)


def run_driver(kind: str, base: Path, ours: Path, theirs: Path, name: str) -> DriverResult:
    """Merge ``base``/``ours``/``theirs`` (git's %O %A %B) of the file ``name`` (%P) into ``ours``."""
    if kind not in DRIVER_NAMES:
        raise ValueError(kind)
    sides = [path.read_bytes() if path.exists() else b"" for path in (base, ours, theirs)]
    shown = name or os.fspath(ours)
    if kind == "document":
        merged, result = _merge_document(*sides, shown)
    else:
        merged, result = _merge_ledger(*sides, shown)
    _write_into(ours, merged)
    return result


def _write_into(path: Path, data: bytes) -> None:
    """Git's temporary OURS file, replaced with the merged bytes."""
    from journal.atomic import write_output

    write_output(path, data)


def _status_table() -> Any:
    """The journal's status characters (``[statuses]`` of the journal.toml git runs us beside, if any)."""
    from journal.config import find_journal_dir, load_settings
    from journal.errors import JournalError
    from journal.statuses import status_table

    try:
        root, _found = find_journal_dir(None, Path.cwd())
        return status_table(load_settings(root).statuses)
    except (JournalError, OSError):
        return status_table()


def _merge_document(base: bytes, ours: bytes, theirs: bytes, name: str) -> tuple[bytes, DriverResult]:
    from journal.merge_document import merge_document_bytes

    merged, left = merge_document_bytes(base, ours, theirs, _status_table())
    if not left:
        return merged, DriverResult()
    plural = "s" if left > 1 else ""
    return merged, DriverResult(
        1,
        [f"journal: {name}: {left} conflict{plural} left with git's markers (not checkbox markers only): "
         f"edit the file to keep what you want, then 'git add {name}' and 'journal sync'"],
    )  # fmt: skip


def _merge_ledger(base: bytes, ours: bytes, theirs: bytes, name: str) -> tuple[bytes, DriverResult]:
    from journal.merge_ledger import LedgerMergeError, merge_ledger_text

    path = PurePosixPath(name)
    texts = [side.decode("utf-8", errors="surrogateescape") for side in (base, ours, theirs)]
    try:
        if path.parent.name == REVIEWS_FOLDER:
            merged = merge_review_text(*texts)
        else:
            merged = merge_ledger_text(*texts, period=path.stem, name=name)
    except (LedgerMergeError, tomllib.TOMLDecodeError, UnicodeError, ValueError) as error:
        text, _count = _plain_merge(base, ours, theirs)
        why = getattr(error, "message", None) or str(error)
        return text, DriverResult(
            1,
            [f"journal: {name} was not merged goal by goal ({why}); git's conflict markers are left in it: "
             f"keep both sides' goals, then 'git add {name}' and 'journal sync'"],
        )  # fmt: skip
    return merged.encode("utf-8", errors="surrogateescape"), DriverResult()


def _plain_merge(base: bytes, ours: bytes, theirs: bytes) -> tuple[bytes, int]:
    """Git's own line merge (conflicts left with its markers), for a file journal cannot read."""
    from journal.merge_document import git_merge_file

    done = git_merge_file(base, ours, theirs, "-L", "ours", "-L", "base", "-L", "theirs")
    return (done.stdout if done.stdout else ours), done.returncode


def merge_review_text(base: str, ours: str, theirs: str) -> str:
    """A review record merged: counts both sides added are added up, "finished" wins, else theirs' value.

    Written through tomlkit from ours, so its comments are kept.
    """
    import tomlkit

    old = tomllib.loads(base) if base.strip() else {}
    mine, other = tomllib.loads(ours), tomllib.loads(theirs)
    document = tomlkit.parse(ours)
    _merge_table(document, old, mine, other)
    return tomlkit.dumps(document)


# Counts of what each session did: both sides' sessions happened, so their increments add up. Other
# numbers (the [goals] table) are a snapshot: the incoming side's is kept.
_ADDED_UP = ("sessions", "answers", "decisions")


def _merge_table(target: Any, base: dict, ours: dict, theirs: dict, *, added_up: bool = False) -> None:
    for key in dict.fromkeys([*ours, *theirs]):
        old, mine, other = base.get(key), ours.get(key), theirs.get(key)
        adds = added_up or key in _ADDED_UP
        if isinstance(mine, dict) and isinstance(other, dict):
            _merge_table(target[key], old if isinstance(old, dict) else {}, mine, other, added_up=adds)
        elif adds and all(isinstance(v, int) and not isinstance(v, bool) for v in (mine, other)):
            start = old if isinstance(old, int) else 0
            if mine - start + other != mine:
                target[key] = mine + other - start
        elif mine == other or other == old:
            continue
        elif key not in ours or mine == old:
            target[key] = other
        elif key == "status":
            target[key] = "finished" if "finished" in (mine, other) else other
        else:
            target[key] = other
