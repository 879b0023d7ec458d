"""Pending changes to one ledger file: line edits (tomlkit for a hand-made layout), checked before written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from journal.atomic import make_private_dir, write_atomic
from journal.config import decode_toml, parse_toml
from journal.errors import LedgerError
from journal.ledger.model import DOCUMENTS_TABLE, Goal
from journal.ledger.plain_verdicts import PlainVerdicts
from journal.ledger.toml_text import (
    _comparable,
    _edit_as_text,
    _field_value,
    _header,
    _history_item,
    _is_plain,
    _newline_of,
    _segment,
    _toml_value,
    goal_toml,
    plain_check_pays,
    toml_string,
)

LEDGER_HEADER = (
    "# Goals found in the {label} documents, kept by journal.\n"
    "# Hand edits and comments are kept; `journal sync` rebuilds what the documents say.\n"
    "# Fields: text, status (open, in_progress, done, carried, dropped, removed), kind, source, line,\n"
    "# section, target, created, updated, carried_from, carried_to, note, history; read from the goal's line:\n"
    "# owner, tags, due, priority, done_on.\n"
)


def _as_read(value: Any) -> Any:
    """A value as ``_comparable`` reads it back: a float as its TOML text (a measurement such as 99.95)."""
    return repr(value) if isinstance(value, float) else value


class LedgerFileEdit:
    """Pending changes to one ledger file.

    Changes are written as line edits of the file's own text (comments,
    order, line endings and byte order mark kept); the whole result is read
    back with tomllib and must be exactly the old file with these changes,
    else tomlkit makes the edit, and if that is not right either nothing is
    written. New goals are written as text after the file's own.
    """

    def __init__(self, path: Path, period_label: str) -> None:
        self.path = path
        self.label = period_label
        try:
            self.original: bytes | None = path.read_bytes()
        except FileNotFoundError:
            self.original = None
        self.added: list[Goal] = []
        self._added_ids: set[str] = set()
        self.updates: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = []
        self.hashes: dict[str, str | None] = {}
        self.verdicts: PlainVerdicts | None = None  # the layout checks kept (LedgerWrites sets them), if any

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updates or self.hashes)

    def add(self, goal: Goal) -> None:
        """Add a new goal's table, after the others (its fields as they are when the file is saved)."""
        self.added.append(goal)
        self._added_ids.add(goal.id)

    def update(self, goal_id: str, fields: dict[str, Any], history: dict[str, Any] | None = None) -> None:
        """Set (or, with None, remove) fields of a goal and append a history entry."""
        if goal_id in self._added_ids:
            return  # a goal added in this edit is written as it finally is
        self.updates.append((goal_id, fields, history))

    def set_document_hash(self, document: str, digest: str | None) -> None:
        """Record the content hash of a document as synced (None: the document is gone)."""
        self.hashes[document] = digest

    def _intended(self, data: dict, added: str) -> dict:
        """What the file must read as once written: ``data`` (tomllib's reading of it, or of the tables
        the changes touch) with the changes made, in place."""
        for goal_id, fields, history in self.updates:
            table = data.get("goals", {}).get(goal_id) if isinstance(data.get("goals"), dict) else None
            if not isinstance(table, dict):
                raise LedgerError(f"{self.path}: goal {goal_id} is not in this file")
            for name, value in fields.items():
                if value is None:
                    table.pop(name, None)
                else:
                    table[name] = _as_read(_field_value(name, value))
            if history is not None:
                entry = {k: _as_read(_toml_value(v)) for k, v in history.items() if v is not None}
                table.setdefault("history", []).append(entry)
        if self.hashes:
            documents = data.setdefault(DOCUMENTS_TABLE, {})
            for name, digest in self.hashes.items():
                if digest is None:
                    documents.pop(name, None)
                else:
                    documents[name] = digest
            if not documents:
                del data[DOCUMENTS_TABLE]
        if added:
            new = _comparable(added) or {}
            data.setdefault("goals", {}).update(new.get("goals", {}))
        return data

    def _touched_as_intended(self, text: str, reading: dict, added: str) -> bool:
        """Whether ``reading`` (of the edited plain file) holds the tables this edit touches as intended.

        In a plain file (``_is_plain``) the edit changes only those tables, so
        the rest of the file reads as it did: one whole reading instead of two.
        """
        before: dict[str, Any] = {"goals": {}}
        for goal_id in {goal_id for goal_id, _fields, _history in self.updates}:
            header = _header(f"goals.{goal_id}")
            span = _segment(text, header)
            table = _comparable(text[span[0] : span[1]]) if span is not None else None
            if table is None:
                return False
            before["goals"][goal_id] = table["goals"][goal_id]
        if self.hashes:
            span = _segment(text, _header(DOCUMENTS_TABLE))
            table = _comparable(text[span[0] : span[1]]) if span is not None else {}
            if table is None:
                return False
            before[DOCUMENTS_TABLE] = table.get(DOCUMENTS_TABLE, {})
        intended = self._intended(before, added)
        goals = reading.get("goals")
        if not isinstance(goals, dict) or any(goals.get(k) != v for k, v in intended["goals"].items()):
            return False
        return not self.hashes or reading.get(DOCUMENTS_TABLE) == intended.get(DOCUMENTS_TABLE)

    def _read_back_by_table(self, text: str, candidate: str) -> bool:
        """Whether the plain file ``text`` edited into ``candidate`` reads as intended, reading only the tables
        this edit touches (``segment_check``); False when that cannot tell (the file is then read whole)."""
        from journal.ledger.segment_check import read_back_by_table

        touched = {f"goals.{goal_id}" for goal_id, _fields, _history in self.updates}
        if self.hashes:
            touched.add(DOCUMENTS_TABLE)
        intended = lambda before: self._intended(before, "")  # noqa: E731
        return read_back_by_table(text, candidate, touched, intended, _comparable, _is_plain) is True

    def _edited_with_tomlkit(self, text: str) -> str:
        import tomlkit

        try:
            doc = tomlkit.parse(text)
        except RecursionError:
            raise LedgerError(f"{self.path}: values nested too deeply to read", hint="fix the file by hand") from None
        except Exception as exc:  # noqa: BLE001 - tomlkit raises several parse error types
            raise LedgerError(f"{self.path}: {exc}", hint="fix the file by hand; nothing was written") from None
        for goal_id, fields, history in self.updates:
            try:
                table = doc["goals"][goal_id]
            except (KeyError, TypeError):
                raise LedgerError(f"{self.path}: goal {goal_id} is not in this file") from None
            _set_or_drop(table, {name: _field_value(name, v) if v is not None else None for name, v in fields.items()})
            if history is not None:
                _append_history_tomlkit(table, history)
        if self.hashes:
            if DOCUMENTS_TABLE not in doc:
                doc.add(DOCUMENTS_TABLE, tomlkit.table())
            _set_or_drop(doc[DOCUMENTS_TABLE], self.hashes)
        return tomlkit.dumps(doc)

    def text(self) -> str:
        """The file as it will be written; a LedgerError if no edit gives exactly the intended file."""
        if self.original is None:
            added = "\n".join(goal_toml(goal) for goal in self.added)
            head = LEDGER_HEADER.format(label=self.label) + "\n"
            known = {k: v for k, v in self.hashes.items() if v is not None}
            if known:
                head += f"[{DOCUMENTS_TABLE}]\n"
                head += "".join(f"{toml_string(k)} = {toml_string(v)}\n" for k, v in sorted(known.items()))
                head += "\n"
            # Nothing to keep and nothing hand-made: journal's own writer alone (toml_string is JSON's
            # escaping, tested to read back), so `sync` from scratch does not pay a second parse.
            return head + added
        bom, text = decode_toml(self.path, self.original, LedgerError)
        newline, uniform = _newline_of(text)
        added = newline.join(goal_toml(goal).replace("\n", newline) for goal in self.added)

        def with_added(body: str) -> str:
            return body.rstrip("\r\n") + newline + newline + added if added else body

        edited = _edit_as_text(text, self.updates, self.hashes, newline) if self.updates or self.hashes else text
        candidate = with_added(edited) if edited is not None else None
        simple_layout = candidate is not None and plain_check_pays(text) and self._is_plain(text)
        if simple_layout and not added and self._read_back_by_table(text, candidate):  # type: ignore[arg-type]
            if self.verdicts is not None:
                # Plain again: the plain text with only tables that passed the check replaced (segment_check).
                self.verdicts.record(self.path.name, (bom + candidate).encode("utf-8"))  # type: ignore[operator]
            return bom + candidate  # type: ignore[operator]
        reading = _comparable(candidate) if candidate is not None else None
        if simple_layout and reading is not None and self._touched_as_intended(text, reading, added):
            return bom + candidate  # type: ignore[operator]
        data = _comparable(text)
        if data is None:
            parse_toml(self.path, text, LedgerError)  # raises, naming the line
            raise LedgerError(f"{self.path}: cannot be read", hint="fix the file by hand")
        intended = self._intended(data, added)
        if reading is not None and reading == intended:
            return bom + candidate
        # A layout the line editor cannot handle: tomlkit edits the file (on LF text, so its new lines match).
        plain = text.replace("\r\n", "\n") if uniform else text
        edited = self._edited_with_tomlkit(plain)
        if uniform and newline == "\r\n":
            edited = edited.replace("\r\n", "\n").replace("\n", "\r\n")
        if _comparable(with_added(edited)) == intended:
            return bom + with_added(edited)
        raise LedgerError(
            f"{self.path}: journal cannot write this change into the file's hand-made layout",
            hint="nothing was written; lay the goal out as [goals.ID] with one key per line",
        )

    def _is_plain(self, text: str) -> bool:
        """``toml_text._is_plain(text)`` for the file's text as read, from the verdicts kept when they know it."""
        verdicts, data = self.verdicts, self.original
        if verdicts is None or data is None:
            return _is_plain(text)
        if verdicts.known_plain(self.path.name, data):
            # Kept as the most recent again: a text put back after each edit (a `git checkout`) stays known.
            verdicts.record(self.path.name, data)
            return True
        plain = _is_plain(text)
        if plain:
            verdicts.record(self.path.name, data)
        return plain

    def write_plan(self) -> tuple[Path, bytes, bytes | None, bool]:
        """What ``write_many`` needs: the path, the new bytes, the bytes expected there, whether it is new."""
        return self.path, self.text().encode("utf-8"), self.original, self.original is None

    def save(self) -> None:
        """Write the file atomically, refusing if it changed on disk since it was read."""
        if not self.changed:
            return
        make_private_dir(self.path.parent)
        path, data, expected, new = self.write_plan()
        write_atomic(path, data, expected=expected, must_not_exist=new, read_only_error=LedgerError)


def _set_or_drop(table: Any, values: dict[str, Any]) -> None:
    """Set each key of a tomlkit table to its value; a value of None removes the key."""
    for name, value in values.items():
        if value is None:
            if name in table:
                del table[name]
        else:
            table[name] = value


def _append_history_tomlkit(table: Any, history: dict[str, Any]) -> None:
    """Append a history entry to a goal's tomlkit table, in the layout its history already has."""
    import tomlkit
    from tomlkit.items import AoT, InlineTable

    if "history" not in table:
        array = tomlkit.array()
        if not isinstance(table, InlineTable):
            array.multiline(True)
        table["history"] = array
    entries = table["history"]
    if isinstance(entries, AoT):
        item = tomlkit.table()
        for key, value in history.items():
            if value is not None:
                item[key] = _toml_value(value)
        entries.append(item)
    else:
        entries.append(_history_item(history))
