"""The names and command lines of journal's git merge drivers, shared by the code that registers them
(``journal init --git``, the first command in a fresh clone) and the code that runs them
(``journal merge-driver``).

Git reads a merge driver from two places: ``.gitattributes`` (committed, so every clone has it) routes
paths to a driver *name*, and ``.git/config`` (never cloned) says which command that name runs.
"""

from __future__ import annotations

import shlex
import sys

#: driver kind (the argument of ``journal merge-driver``) -> the driver's name in git's config
DRIVER_NAMES: dict[str, str] = {
    "ledger": "journal-ledger",
    "document": "journal-document",
}

#: driver kind -> the human-readable ``merge.<name>.name`` git shows
DRIVER_DESCRIPTIONS: dict[str, str] = {
    "ledger": "journal: merge a ledger file goal by goal",
    "document": "journal: merge a document's checkbox markers by meaning",
}

#: the journal's ``.gitattributes``: which paths each driver merges
GITATTRIBUTES = (
    "# Written by journal: merge the ledger by goal id and documents' checkbox markers by meaning.\n"
    "ledger/**/*.toml merge=journal-ledger\n"
    "*.md merge=journal-document\n"
)

#: the journal's ``.gitignore``: the cache and lock are this machine's own
GITIGNORE = "# Written by journal: the cache and lock are this machine's own.\n.journal/\n"


def driver_command(kind: str, python: str | None = None) -> str:
    """The shell command git runs for the driver ``kind``: ``%O %A %B %P`` are git's placeholders for the
    common ancestor, our version (the result is written there), their version and the path in the tree.

    The running interpreter is named by its absolute path, because git runs drivers with its own PATH,
    where ``journal`` may not be found.
    """
    interpreter = shlex.quote(python or sys.executable)
    return f"{interpreter} -m journal.cli merge-driver {kind} %O %A %B %P"
