"""Parsed templates and their compiled code, cached in the journal's ``.journal/templates.marshal``.

`journal new` would otherwise parse a template's YAML metadata (importing
PyYAML) and compile its Jinja2 body on every run. The cache is derived: each
entry is keyed on the template file's path and its exact bytes, so a template
file that changed in any way is read and compiled again, and deleting the file
(or all of ``.journal/``) costs only time. A cache that cannot be read is an
empty one; one that cannot be written is not kept; it is only ever written into
an existing ``.journal/`` folder, and, inside a command's transaction, only
once the command has succeeded.

Compiled code is reused only by the same Python (the file records
``sys.version``) and only with the same ``tag``: the sandbox records its Jinja2
version and its own source there (``journal.sandbox``), because code compiled
by another sandbox must never run. And it is run only from a cache file this
user owns that nobody else may write (as Jinja2's own bytecode cache checks):
in a journal folder shared with others, a planted file could otherwise run
code outside the sandbox. Metadata is data, never run, and is read from any
cache file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path
from types import CodeType
from typing import Any

CACHE_FILE = "templates.marshal"
CACHE_VERSION = 1  # bump when the layout of an entry changes

# An entry's metadata: (description, kind, ((section, question), ...), body, body_line_offset).
Metadata = tuple[str, "str | None", tuple[tuple[str, str], ...], str, int]


class TemplateCache:
    """The cache of one journal: entries by template path, each valid for the bytes it was made from."""

    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / CACHE_FILE
        self.version = (CACHE_VERSION, sys.version)
        self.entries: dict[str, dict[str, Any]] = {}
        self.dirty = False
        self.replace_file = False  # the file is not this user's own: write a new one rather than through it
        self._save_pending = False
        self._load()

    @classmethod
    def of(cls, journal_dir: Path | None) -> TemplateCache | None:
        """The cache of the journal in ``journal_dir``; None without a journal."""
        return None if journal_dir is None else cls(Path(journal_dir) / ".journal")

    def _load(self) -> None:
        import marshal

        try:
            # Non-blocking: a FIFO in its place is refused at once, not waited on.
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
            with open(fd, "rb") as handle:
                info = os.fstat(fd)
                data = marshal.loads(handle.read()) if stat.S_ISREG(info.st_mode) else None
        except Exception:  # noqa: BLE001 - a missing or damaged cache is an empty one
            return
        found = data.get("entries") if isinstance(data, dict) and data.get("version") == self.version else None
        if not isinstance(found, dict):
            return
        entries = {name: entry for name, entry in found.items() if isinstance(entry, dict)}
        if info.st_uid != os.getuid() or info.st_mode & 0o022:
            # Code from a file others could have written never runs, nor is written back.
            entries = {name: {k: v for k, v in entry.items() if k != "code"} for name, entry in entries.items()}
            self.replace_file = True
        self.entries = entries

    def _entry(self, path: Path, data: bytes) -> dict[str, Any] | None:
        entry = self.entries.get(str(path))
        if isinstance(entry, dict) and entry.get("data") == data:
            return entry
        return None

    def metadata(self, path: Path, data: bytes) -> Metadata | None:
        """The metadata parsed from the template file ``path`` when it held ``data``, if cached."""
        entry = self._entry(path, data)
        meta = entry.get("meta") if entry is not None else None
        try:
            description, kind, prompts, body, offset = meta  # type: ignore[misc]
            checked = tuple((str(section), str(question)) for section, question in prompts)
            if isinstance(description, str) and isinstance(body, str) and isinstance(offset, int):
                return description, kind if isinstance(kind, str) else None, checked, body, offset
        except (TypeError, ValueError):
            pass  # absent, or of the wrong shape: a miss
        return None

    def set_metadata(self, path: Path, data: bytes, meta: Metadata) -> None:
        """Record the metadata parsed from ``data``, the bytes of template file ``path``."""
        self.entries[str(path)] = {"data": data, "meta": meta}
        self.dirty = True

    def code(self, path: Path, data: bytes, tag: tuple) -> CodeType | None:
        """The code compiled from template file ``path`` holding ``data``, by a compiler with ``tag``, if cached."""
        entry = self._entry(path, data)
        found = entry.get("code") if entry is not None else None
        if isinstance(found, tuple) and len(found) == 2 and found[0] == tag and isinstance(found[1], CodeType):
            return found[1]
        return None

    def set_code(self, path: Path, data: bytes, tag: tuple, code: CodeType) -> None:
        """Record ``code``, compiled with ``tag`` from ``data``, the bytes of template file ``path``."""
        entry = self._entry(path, data)
        if entry is None:
            return  # its metadata is not cached (the file changed since it was read): nothing to attach it to
        entry["code"] = (tag, code)
        self.dirty = True

    def save(self) -> None:
        """Write the cache if it changed, once the current transaction succeeds (at once outside one)."""
        if not self.dirty or self._save_pending:
            return
        from journal.transaction import after_commit

        self._save_pending = True
        after_commit(self._write)

    def _write(self) -> None:
        self._save_pending = False
        if not self.dirty or not self.path.parent.is_dir():
            return
        import marshal

        from journal.atomic import write_atomic

        # Templates that are gone take their entries with them.
        entries = {name: entry for name, entry in self.entries.items() if os.path.isfile(name)}
        with contextlib.suppress(Exception):  # derived: failing to keep it loses nothing
            if self.replace_file:
                self.path.unlink(missing_ok=True)  # a file others may write: ours replaces it, with our mode
            write_atomic(self.path, marshal.dumps({"version": self.version, "entries": entries}), durable=False)
            self.dirty = False
