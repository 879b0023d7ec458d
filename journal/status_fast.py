"""`journal status` without click: the answer from ``.journal/status.marshal`` while it is current.

Standard library only (marshal, os, datetime; json only for --json). Never
writes, never takes the lock. Returns None, and the normal command runs
instead, whenever it cannot answer exactly: options it does not know, no
journal.toml found, no summary, or any file the summary was computed from
changed since (a document, a ledger file, a review record or journal.toml:
each one's size, mtime, ctime and inode, so an edit in place is seen too).
"""

from __future__ import annotations

import os
import sys

OPTIONS = {"--json": "json", "--quiet-if-nothing": "quiet", "--no-color": None, "--debug": None}


def _parse(args: list[str]) -> tuple[dict[str, bool], str | None] | None:
    flags = {"json": False, "quiet": False}
    folder = None
    position = 0
    while position < len(args):
        word = args[position]
        position += 1
        if word in OPTIONS:
            if OPTIONS[word]:
                flags[OPTIONS[word]] = True
        elif word == "--dir" and position < len(args):
            folder, position = args[position], position + 1
        elif word.startswith("--dir="):
            folder = word[len("--dir=") :]
        else:
            return None
    return flags, folder


def _journal_root(folder: str | None) -> str | None:
    folder = folder or os.environ.get("JOURNAL_DIR")
    if folder:
        root = os.path.abspath(os.path.expanduser(folder))
        return root if os.path.isfile(os.path.join(root, "journal.toml")) else None
    here = os.path.abspath(os.getcwd())
    while True:
        if os.path.isfile(os.path.join(here, "journal.toml")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            break
        here = parent
    default = default_journal_dir()
    return default if default is not None and os.path.isfile(os.path.join(default, "journal.toml")) else None


def default_journal_dir() -> str | None:
    """platformdirs' user data folder for journal on Linux and macOS, without importing it (None elsewhere)."""
    if sys.platform == "darwin":
        return os.path.expanduser("~/Library/Application Support/journal")
    if sys.platform.startswith("linux"):
        data = os.environ.get("XDG_DATA_HOME", "").strip() or os.path.expanduser("~/.local/share")
        return os.path.join(data, "journal")
    return None


def answer(args: list[str]) -> int | None:
    """Print the status for the arguments after ``status``; None when the normal command must answer."""
    parsed = _parse(args)
    if parsed is None:
        return None
    flags, folder = parsed
    root = _journal_root(folder)
    if root is None:
        return None
    from journal.status import SUMMARY_NAME, source_keys, status_facts, unpack_summary

    try:
        with open(os.path.join(root, ".journal", SUMMARY_NAME), "rb") as file:
            summary = unpack_summary(file.read(), with_sources=True)
        if summary is None or summary["sources"] != source_keys(root):
            return None
        default_kind, fiscal = summary["settings"]
        from journal.clock import today

        facts = status_facts(today(), default_kind, fiscal, summary["open"], summary["documents"], summary["reviews"],
                             summary["ends"])  # fmt: skip
    except Exception:  # noqa: BLE001 - anything unexpected: the normal command answers
        return None
    print_status(facts, as_json=flags["json"], quiet=flags["quiet"])
    return 0


def print_status(facts: dict, *, as_json: bool, quiet: bool) -> None:
    """The status line (nothing with ``quiet`` when nothing needs attention), or the facts as JSON."""
    if as_json:
        import json

        sys.stdout.write(json.dumps(facts, ensure_ascii=False) + "\n")
    elif facts["attention"] or not quiet:
        sys.stdout.write(facts["line"] + "\n")
