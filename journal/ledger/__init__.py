"""The ledger: one TOML file per period under ``ledger/``, goals keyed by short stable ids.

- ``model``: the Status enum, the Goal record, ids, and the in-memory Ledger (it keeps its own indexes);
- ``reading``: reading and checking ledger files (tomllib, or the cache);
- ``cache``: the marshal cache in ``.journal/`` (derived, safe to delete);
- ``toml_text``: journal's TOML writer and the line editor; ``file_edit``: one file's pending changes;
- ``writes``: the pending edits of one command, across files, saved together.

Reads go through tomllib or the cache; writes are line edits of a file's own
text (tomlkit for a hand-made layout), read back with tomllib before they
replace the file, so that comments and hand edits survive.
"""

from typing import TYPE_CHECKING, Any

from journal.ledger.cache import CACHE_VERSION, Cache, stat_key
from journal.ledger.model import (
    DOCUMENTS_TABLE,
    GOAL_FIELDS,
    GOAL_KINDS,
    ID_ALPHABET,
    ID_RE,
    MARKER_STATUS,
    OPEN_STATUSES,
    STATUS_LABEL,
    STATUS_MARKER,
    STATUSES,
    Goal,
    Ledger,
    Status,
    new_goal_id,
    now,
)
from journal.ledger.reading import goals_from_toml, ledger_cached, load_ledger, read_ledger_file

if TYPE_CHECKING:
    from journal.ledger.file_edit import LEDGER_HEADER, LedgerFileEdit
    from journal.ledger.toml_text import goal_toml, toml_string
    from journal.ledger.writes import LedgerWrites

KINDS = GOAL_KINDS  # the old name (periods.KINDS are period kinds)

# The writing side, loaded when first used: a command that only reads never imports it.
_LAZY = {
    "LEDGER_HEADER": "file_edit",
    "LedgerFileEdit": "file_edit",
    "goal_toml": "toml_text",
    "toml_string": "toml_text",
    "LedgerWrites": "writes",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"journal.ledger.{module}"), name)
    globals()[name] = value
    return value

__all__ = [
    "CACHE_VERSION",
    "DOCUMENTS_TABLE",
    "GOAL_FIELDS",
    "GOAL_KINDS",
    "ID_ALPHABET",
    "ID_RE",
    "KINDS",
    "LEDGER_HEADER",
    "MARKER_STATUS",
    "OPEN_STATUSES",
    "STATUSES",
    "STATUS_LABEL",
    "STATUS_MARKER",
    "Cache",
    "Goal",
    "Ledger",
    "LedgerFileEdit",
    "LedgerWrites",
    "Status",
    "goal_toml",
    "goals_from_toml",
    "ledger_cached",
    "load_ledger",
    "new_goal_id",
    "now",
    "read_ledger_file",
    "stat_key",
    "toml_string",
]
