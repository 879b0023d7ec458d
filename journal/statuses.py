"""Status characters: which character between a task item's brackets means which status.

journal's own six (`` ``, ``x``, ``X``, ``/``, ``>``, ``-``) are fixed: they
are what journal writes. The built-in table adds the characters in common use
in Obsidian (the Tasks plugin's defaults and the Minimal, ITS and SlRvb
"alternative checkboxes"); ``[statuses]`` in journal.toml overrides or extends
it. A character in no table is not taken, and sync says so.

Light on purpose: every command reads the settings, which check ``[statuses]`` here.
"""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType

from journal.errors import ConfigError
from journal.lazy_pattern import LazyPattern

# The statuses a character can stand for (not "removed": that is no mark in a document).
MARKABLE_STATUSES = ("open", "in_progress", "done", "carried", "dropped")

# What journal itself writes; fixed, so that `done` always reads back as done.
JOURNAL_CHARACTERS: dict[str, str] = {
    " ": "open",
    "x": "done",
    "X": "done",
    "/": "in_progress",
    ">": "carried",
    "-": "dropped",
}

# Character -> (status, what the themes call it). Unknown meanings of a theme count as open:
# a mark the writer put on a task that is still to be done.
BUILTIN_CHARACTERS: dict[str, tuple[str, str]] = {
    "<": ("open", "scheduled"),
    "?": ("open", "question"),
    "!": ("open", "important"),
    "*": ("open", "star"),
    '"': ("open", "quote"),
    "b": ("open", "bookmark"),
    "B": ("open", "brainstorm"),
    "i": ("open", "information"),
    "I": ("open", "idea"),
    "l": ("open", "location"),
    "L": ("open", "location"),
    "S": ("open", "savings"),
    "p": ("open", "pro"),
    "P": ("open", "pro"),
    "c": ("open", "con"),
    "C": ("open", "con"),
    "f": ("open", "fire"),
    "F": ("open", "foreshadow"),
    "k": ("open", "key"),
    "w": ("open", "win"),
    "W": ("open", "world"),
    "u": ("open", "up"),
    "n": ("open", "note"),
    "N": ("open", "note"),
    "D": ("open", "date"),
    "R": ("open", "research"),
    "Q": ("open", "quote"),
    "E": ("open", "example"),
    "A": ("open", "answer"),
    "r": ("open", "reward"),
    "T": ("open", "time"),
    "t": ("open", "talk"),
    "O": ("open", "outline"),
    "H": ("open", "favourite"),
    "s": ("open", "secret"),
    "@": ("open", "person"),
    "+": ("open", "to add"),
    "~": ("open", "conflict"),
    "&": ("open", "symbolism"),
    "d": ("in_progress", "doing"),
}

_LABELS = {" ": "to do", "x": "done", "X": "done", "/": "in progress", ">": "carried", "-": "dropped"}
# One character: not blank (a space is "open"), not a bracket, not a control character.
CHARACTER_RE = LazyPattern(r"[^\s\[\]\x00-\x1f\x7f]| ")


def is_status_character(text: str) -> bool:
    """Whether ``text`` is one character that can stand between a task item's brackets."""
    return len(text) == 1 and CHARACTER_RE.fullmatch(text) is not None


@lru_cache(maxsize=8)
def status_table(overrides: tuple[tuple[str, str], ...] = ()) -> MappingProxyType[str, str]:
    """Character -> status: journal's own, the built-in table, then ``overrides`` (journal.toml's ``[statuses]``)."""
    table = {character: status for character, (status, _name) in BUILTIN_CHARACTERS.items()}
    table.update(overrides)
    table.update(JOURNAL_CHARACTERS)
    return MappingProxyType(table)


@lru_cache(maxsize=8)
def table_key(overrides: tuple[tuple[str, str], ...] = ()) -> str:
    """The whole table as one string (part of ``config.settings_key``)."""
    return ",".join(f"{c}={status}" for c, status in sorted(status_table(overrides).items()))


def table_rows(overrides: tuple[tuple[str, str], ...] = ()) -> list[tuple[str, str, str]]:
    """(character, status, what it is called) for every character of the table, journal's own first."""
    names = {character: name for character, (_status, name) in BUILTIN_CHARACTERS.items()} | _LABELS
    table = status_table(overrides)
    ordered = [*JOURNAL_CHARACTERS, *(c for c in table if c not in JOURNAL_CHARACTERS)]
    return [(c, table[c], names.get(c, "yours")) for c in ordered]


def checked_overrides(path: object, raw: object) -> tuple[tuple[str, str], ...]:
    """journal.toml's ``[statuses]`` table, checked: ((character, status), ...), sorted; a ConfigError if wrong."""
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise ConfigError(f'{path}: \'statuses\' must be a table of characters, like [statuses] "?" = "open"')
    checked = []
    for character, status in raw.items():
        shown = repr(character[:20]) if isinstance(character, str) else repr(character)
        if not is_status_character(character):
            raise ConfigError(f"{path}: statuses: {shown} is not one character that can stand between brackets")
        wanted = status.strip().replace(" ", "_").lower() if isinstance(status, str) else status
        if wanted not in MARKABLE_STATUSES:
            raise ConfigError(
                f"{path}: statuses: {shown} must be one of {', '.join(MARKABLE_STATUSES)}, not {str(status)[:40]!r}"
            )
        if character in JOURNAL_CHARACTERS and JOURNAL_CHARACTERS[character] != wanted:
            raise ConfigError(
                f"{path}: statuses: [{character}] is journal's own mark for {JOURNAL_CHARACTERS[character]}"
                " and cannot change"
            )
        checked.append((character, wanted))
    return tuple(sorted(checked))


def own_marker(status: str, character: str) -> bool:
    """Whether ``character`` is what journal itself writes for ``status`` (so the ledger need not record it)."""
    return JOURNAL_CHARACTERS.get(character) == status


def recorded_marker(status: str, character: str | None) -> str | None:
    """What the ledger records as a goal's ``marker``: its character, unless none or journal's own for ``status``."""
    return None if character is None or own_marker(status, character) else character
