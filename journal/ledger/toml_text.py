"""The ledger's TOML text: journal's own writer, and the line editor that changes one goal's table in place.

The editor touches only the bytes that change, so comments and hand edits
survive; it gives up (returns None) on a layout it cannot read line by line,
and ``LedgerFileEdit`` then lets tomlkit make the edit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from journal.ledger.model import DOCUMENTS_TABLE, Goal
from journal.ledger.reading import _is_iso

TARGET_FIELDS = ("target_value", "unit", "direction", "cadence")
DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?)?$")


def toml_string(text: str) -> str:
    """A TOML basic string (JSON's escaping is TOML's, but for DEL)."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'  # nothing to escape (printable ASCII leaves out DEL and the controls): json's answer
    import json

    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return value if DATETIME_RE.match(value) and _is_iso(value) else toml_string(value)
    raise TypeError(value)


def _toml_array(values: list[str]) -> str:
    """A one-line TOML array of strings (a goal's tags)."""
    return "[" + ", ".join(toml_string(value) for value in values) + "]"


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else toml_string(key)


def _set_fields(goal: Goal, names: tuple[str, ...], write: Any) -> list[str]:
    """``name = value`` lines for the fields among ``names`` that the goal has (not None)."""
    return [f"{name} = {write(getattr(goal, name))}" for name in names if getattr(goal, name) is not None]


def goal_toml(goal: Goal) -> str:
    """One goal's table as TOML text, written the way tomlkit would keep it."""
    lines = [f"[goals.{goal.id}]", f"text = {toml_string(goal.text)}"]
    for name in ("status", "kind", "source"):
        lines.append(f"{name} = {toml_string(getattr(goal, name))}")
        if name == "status" and goal.marker is not None:
            lines.append(f"marker = {toml_string(goal.marker)}")
    lines.append(f"line = {int(goal.line)}")
    lines.append(f"section = {toml_string(goal.section)}")
    lines += _set_fields(goal, ("target",), toml_string)
    lines += _set_fields(goal, TARGET_FIELDS, _toml_scalar)
    lines += [f"{name} = {_toml_scalar(getattr(goal, name))}" for name in ("created", "updated") if getattr(goal, name)]
    lines += _set_fields(goal, ("carried_from", "carried_to", "note", "owner", "metric"), toml_string)
    if goal.tags:
        lines.append(f"tags = {_toml_array(goal.tags)}")
    lines += _set_fields(goal, ("due", "priority", "done_on"), toml_string)
    lines.append("history = [")
    for entry in goal.history:
        pairs = ", ".join(f"{_toml_key(k)} = {_toml_scalar(v)}" for k, v in entry.items() if v is not None)
        lines.append(f"    {{{pairs}}},")
    lines.append("]")
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> Any:
    if isinstance(value, str) and DATETIME_RE.match(value):
        try:
            return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _history_item(entry: dict[str, Any]):
    import tomlkit

    table = tomlkit.inline_table()
    for key, value in entry.items():
        if value is not None:
            table[key] = _toml_value(value)
    return table


# A line that starts a table (in a plain file), found from the line ending before it: a pattern that starts
# with a character is searched for that character first, one anchored at every line start is tried everywhere.
NEXT_HEADER_LINE = re.compile(r"\n[ \t]*\[")
TIMESTAMP_FIELDS = ("created", "updated")


class _HeaderLine:
    """The header line of one table as journal writes it: ``[name]``, a comment after it allowed, any line ending.

    Found from the places its literal start is (str.find), not with a pattern compiled for each table
    (an edit of many goals compiled one per goal) nor tried at every line of a long file.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.literal = f"[{name}]"

    def pattern(self) -> re.Pattern[str]:
        """The same line as a pattern (for a test to hold the search to it)."""
        return re.compile(rf"^\[{re.escape(self.name)}\][ \t]*(?:#.*)?\r?$", re.MULTILINE)


# What may follow a header's name on its line (as _HeaderLine.pattern spells it).
_HEADER_REST = re.compile(r"[ \t]*(?:#.*)?\r?$", re.MULTILINE)


def _header(name: str) -> _HeaderLine:
    """The header line of table ``name``."""
    return _HeaderLine(name)


def _header_matches(text: str, header: _HeaderLine) -> list[tuple[int, int]]:
    """Where ``header``'s lines are in ``text``: (start, end) of each, as ``header.pattern()`` finds them."""
    literal = header.literal
    found = []
    position = text.find(literal)
    while position != -1:
        if position == 0 or text[position - 1] == "\n":
            rest = _HEADER_REST.match(text, position + len(literal))
            if rest is not None:
                found.append((position, rest.end()))
        position = text.find(literal, position + 1)
    return found


def _segment(text: str, header: _HeaderLine) -> tuple[int, int] | None:
    """Where the table whose header line is ``header`` runs: (start of its first line, start of the next table)."""
    found = _header_matches(text, header)
    if len(found) != 1:
        return None
    start, end = found[0]
    following = NEXT_HEADER_LINE.search(text, end)
    return start, following.start() + 1 if following else len(text)


def _field_scalar(name: str, value: Any) -> str:
    """A goal field's value as TOML: a date-time for created/updated, else a string or number as it is."""
    if name in TIMESTAMP_FIELDS:
        return _toml_scalar(value)
    if isinstance(value, list):
        return _toml_array(value)
    if isinstance(value, str):
        return toml_string(value)
    return _toml_scalar(value)


def _field_value(name: str, value: Any) -> Any:
    """A goal field's value as tomllib reads back what journal writes for it."""
    return _toml_value(value) if name in TIMESTAMP_FIELDS else value


def _value_end(line: str, start: int) -> int | None:
    """Where the one-line TOML value beginning at ``line[start]`` ends (what follows: spaces, a comment)."""
    if line.startswith('"', start):
        index = start + 1
        while index < len(line):
            if line[index] == "\\":
                index += 2
                continue
            if line[index] == '"':
                return index + 1
            index += 1
        return None
    if line.startswith("'", start):
        close = line.find("'", start + 1)
        return None if close < 0 else close + 1
    hash_at = line.find("#", start)
    body = line[start:] if hash_at < 0 else line[start:hash_at]
    return start + len(body.rstrip(" \t\r"))


def _replace_value(segment: str, match: re.Match[str], scalar: str) -> str | None:
    """The segment with the value of the ``key = value`` line ``match`` replaced, its comment kept."""
    line = match.group(0)
    start = match.start(1) - match.start()
    end = _value_end(line, start)
    if end is None:
        return None
    return segment[: match.start()] + line[:start] + scalar + line[end:] + segment[match.end() :]


def _drop_line(segment: str, match: re.Match[str]) -> str:
    end = match.end() + 1 if segment[match.end() : match.end() + 1] == "\n" else match.end()
    return segment[: match.start()] + segment[end:]


_FIELD_LINES: dict[str, re.Pattern[str]] = {}  # a field's key = value line, by the field's name


def _set_line(segment: str, name: str, value: Any, newline: str = "\n") -> str | None:
    """The segment with ``name = value`` set (or removed, for None); None when its layout is not simple."""
    pattern = _FIELD_LINES.get(name)
    if pattern is None:
        pattern = _FIELD_LINES[name] = re.compile(rf"^[ \t]*{re.escape(name)}[ \t]*=[ \t]*(.*)$", re.MULTILINE)
    found = list(pattern.finditer(segment))
    if len(found) > 1 or (found and found[0].group(1).lstrip().startswith(("[", "{", '"""', "'''"))):
        return None
    if found:
        if value is None:
            return _drop_line(segment, found[0])
        return _replace_value(segment, found[0], _field_scalar(name, value))
    if value is None:
        return segment
    line = f"{name} = {_field_scalar(name, value)}"
    history = re.search(r"^history[ \t]*=", segment, re.MULTILINE)
    if history:
        return segment[: history.start()] + line + newline + segment[history.start() :]
    return _append_lines(segment, line, newline)


def _append_lines(segment: str, lines: str, newline: str = "\n") -> str:
    """``lines`` after the segment's last line, keeping the blank lines that follow it."""
    body = segment.rstrip("\r\n")
    return body + newline + lines + (segment[len(body) :] or newline)


def _history_pairs(entry: dict[str, Any]) -> str:
    return ", ".join(f"{_toml_key(k)} = {_toml_scalar(v)}" for k, v in entry.items() if v is not None)


def _append_history(segment: str, entry: dict[str, Any], newline: str = "\n") -> str | None:
    pairs = _history_pairs(entry)
    start = re.search(r"^history[ \t]*=[ \t]*\[[ \t]*\r?$", segment, re.MULTILINE)
    if start is None:
        if re.search(r"^[ \t]*history[ \t]*=", segment, re.MULTILINE):
            return None  # written some other way by hand: tomlkit edits it
        return _append_lines(segment, f"history = [{newline}    {{{pairs}}},{newline}]", newline)
    close = re.compile(r"^\][ \t]*\r?$", re.MULTILINE).search(segment, start.end())
    if close is None:
        return None
    return segment[: close.start()] + f"    {{{pairs}}},{newline}" + segment[close.start() :]


def _edit_as_text(
    text: str,
    updates: list[tuple[str, dict[str, Any], dict[str, Any] | None]],
    hashes: dict[str, str | None],
    newline: str = "\n",
) -> str | None:
    """Apply goal updates and document hashes to a ledger file's text, line by line.

    Touches only the bytes that change, so comments (end-of-line ones too),
    order and hand edits stay as they are; lines added end with ``newline``.
    None when the layout is not the simple one journal writes (tomlkit then
    does the edit). The caller checks the whole result with tomllib.
    """
    index = 0
    while index < len(updates):
        # A goal's updates in a row are made to its table found once: an edit inside a table adds or changes
        # only key = value lines and history entries (no line it adds starts a table), so the table runs
        # where it ran, and the text is what making them one by one gives.
        goal_id = updates[index][0]
        end = index + 1
        while end < len(updates) and updates[end][0] == goal_id:
            end += 1
        edited = _edit_goal_updates(text, goal_id, updates[index:end], newline)
        if edited is None:
            return None
        text, index = edited, end
    if hashes:
        return _edit_documents_table(text, hashes, newline)
    return text


def _edit_goal_table(
    text: str, goal_id: str, fields: dict[str, Any], history: dict[str, Any] | None, newline: str
) -> str | None:
    """The text with one goal's table changed: fields set or removed, a history entry appended."""
    return _edit_goal_updates(text, goal_id, [(goal_id, fields, history)], newline)


def _edit_goal_updates(
    text: str, goal_id: str, updates: list[tuple[str, dict[str, Any], dict[str, Any] | None]], newline: str
) -> str | None:
    """The text with one goal's table changed by ``updates`` (its own), in order: fields set or removed, a
    history entry appended."""
    span = _segment(text, _header(f"goals.{goal_id}"))
    if span is None:
        return None
    segment: str | None = text[span[0] : span[1]]
    for _goal_id, fields, history in updates:
        for name, value in fields.items():
            segment = _set_line(segment, name, value, newline)  # type: ignore[arg-type]
            if segment is None:
                return None
        if history is not None:
            segment = _append_history(segment, history, newline)  # type: ignore[arg-type]
            if segment is None:
                return None
    return text[: span[0]] + segment + text[span[1] :]  # type: ignore[operator]


# A line of the documents table as journal writes it: a basic string key (a document's name), its value.
# Found with one pattern for every name (not one compiled per name): a line is a name's when it starts with
# the name written as journal writes it, which, a whole string, is then its whole key.
_DOCUMENT_LINE = re.compile(r'^[ \t]*"(?:[^"\\\n]|\\.)*"[ \t]*=[ \t]*(.*)$', re.MULTILINE)


def _edit_documents_table(text: str, hashes: dict[str, str | None], newline: str) -> str | None:
    """The text with the documents table's hashes set (None: the line removed); the table added if missing."""
    span = _segment(text, _header(DOCUMENTS_TABLE))
    if span is None:
        if re.search(rf"^[ \t]*\[?[ \t]*{DOCUMENTS_TABLE}\b", text, re.MULTILINE):
            return None  # a documents table laid out by hand (dotted keys, inline): tomlkit edits it
        text = text.rstrip("\r\n") + f"{newline}{newline}[{DOCUMENTS_TABLE}]{newline}"
        span = (len(text) - len(f"[{DOCUMENTS_TABLE}]{newline}"), len(text))
    segment = text[span[0] : span[1]]
    for name, digest in hashes.items():
        key = toml_string(name)
        found = [line for line in _DOCUMENT_LINE.finditer(segment) if line[0].lstrip(" \t").startswith(key)]
        if len(found) > 1:
            return None
        if found and digest is not None:
            edited = _replace_value(segment, found[0], toml_string(digest))
            if edited is None:
                return None
            segment = edited
        elif found:
            segment = _drop_line(segment, found[0])
        elif digest is not None:
            segment = _append_lines(segment, f"{key} = {toml_string(digest)}", newline)
    return text[: span[0]] + segment + text[span[1] :]


def _newline_of(text: str) -> tuple[str, bool]:
    """The file's line ending (CRLF when most lines end so), and whether every line ends the same way."""
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    return ("\r\n" if crlf > lf else "\n"), not (crlf and lf)


def _comparable(text: str) -> dict | None:
    """What tomllib reads from ``text`` (floats as their text, so that nan equals nan); None if nothing.

    An empty documents table is the same as none (tomlkit drops a dotted-key table it empties).
    """
    import tomllib

    try:
        data = tomllib.loads(text, parse_float=str)
    except (ValueError, RecursionError, MemoryError):
        return None
    if data.get(DOCUMENTS_TABLE) == {}:
        del data[DOCUMENTS_TABLE]
    return data


# A one-line TOML string, basic or literal.
_STRING = r"""(?:"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"|'[^'\n]*+')"""  # an escape, then more characters
# What each such string is replaced with before the layout is checked (a character no other part matches).
_STRING_MARK = "\ue000"


def _plain_file_pattern(string: str = _STRING) -> re.Pattern[str]:
    return re.compile(_plain_file_text(string))


def plain_pattern_text() -> str:
    """The layout check's pattern, as text (what ``plain_verdicts`` keeps its verdicts for)."""
    return _plain_file_text(_STRING) + "\n" + _plain_file_text(re.escape(_STRING_MARK))


def _plain_file_text(string: str) -> str:
    ws = r"[ \t]*"
    scalar = rf"(?:{string}|[A-Za-z0-9_:.+-]++(?: [0-9][0-9:.+Z-]*+)?)"
    bare_key = r"[A-Za-z0-9_-]++"
    key = rf"(?:{bare_key}|{string})(?:{ws}\.{ws}(?:{bare_key}|{string}))*+"
    pair = rf"{key}{ws}={ws}{scalar}"
    inline_table = rf"\{{{ws}(?:{pair}(?:{ws},{ws}{pair})*+)?{ws}\}}"
    item = rf"(?:{scalar}|{inline_table})"
    array = rf"\[{ws}(?:{item}(?:{ws},{ws}{item})*+{ws},?)?{ws}\]"
    end = rf"{ws}(?:#[^\n]*+)?\r?"
    header = rf"{ws}(?:\[{bare_key}(?:\.{bare_key})*+\]|\[\[{bare_key}(?:\.{bare_key})*+\]\]){end}"
    array_block = rf"{ws}{key}{ws}={ws}\[{end}\n(?:{ws}(?:{item}{ws},?)?{end}\n)*+{ws}\]{end}"
    key_value = rf"{ws}{key}{ws}={ws}(?:{scalar}|{array}|{inline_table}){end}"
    line = rf"(?>{array_block}|{header}|{key_value}|{end})"
    return rf"(?:{line}\n)*+{line}"


_PLAIN_FILE: re.Pattern[str] | None = None
_PLAIN_MARKED: tuple[re.Pattern[str], re.Pattern[str]] | None = None
# Compiling the layout's pattern costs about ten readings of a ledger file with tomllib; checking the layout
# saves about two readings per file edited (file_edit reads only the tables an edit touches in a plain file).
# So a command editing a few files reads them whole instead.
PLAIN_CHECK_FROM = 6
_edited_files = 0
_files_in_batch = 0


@contextmanager
def editing_files(count: int) -> Iterator[None]:
    """Within the block, ``count`` ledger files are being edited together (``plain_check_pays`` counts them)."""
    global _files_in_batch
    _files_in_batch = count
    try:
        yield
    finally:
        _files_in_batch = 0


def plain_check_pays(text: str) -> bool:
    """Whether to check the layout (``_is_plain``) of a file about to be edited, or read it whole instead.

    Either way the edit is checked the same (the file as edited must read as the old file plus exactly
    this change); only the cost differs: yes once the pattern is compiled, for a large file, or when
    the command edits PLAIN_CHECK_FROM files or more (from the first of them when it said so).
    """
    global _edited_files
    _edited_files += 1
    return (
        _PLAIN_MARKED is not None
        or _PLAIN_FILE is not None
        or max(_edited_files, _files_in_batch) >= PLAIN_CHECK_FROM
        or len(text) > 1 << 16
    )


def _is_plain(text: str) -> bool:
    """Whether each line of a ledger file's text is what it looks like on its own.

    True when there are no multi-line strings, and every line is blank, a
    comment, a header with bare keys, a one-line ``key = value`` (scalars,
    flat arrays and inline tables), or an entry of a ``key = [`` ... ``]``
    array of such values, one a line. Then a line starting with ``[`` is a
    real table header, so an edit between two such lines changes that table
    alone, and nothing else in the file can read differently after it.
    """
    global _PLAIN_FILE, _PLAIN_MARKED
    if _STRING_MARK not in text:
        # The same check, quicker to compile: each string (matched as the layout would, from the left) made
        # one mark first, so that the layout's pattern holds a single character where it held a string.
        if _PLAIN_MARKED is None:
            _PLAIN_MARKED = re.compile(_STRING), _plain_file_pattern(re.escape(_STRING_MARK))
        strings, layout = _PLAIN_MARKED
        return layout.fullmatch(strings.sub(_STRING_MARK, text)) is not None
    if _PLAIN_FILE is None:
        _PLAIN_FILE = _plain_file_pattern()
    return _PLAIN_FILE.fullmatch(text) is not None
