"""Reading and writing the small derived caches in ``.journal/`` (``headings.marshal``, ``names.marshal``, ...).

Each is one marshalled dict: a ``stamp`` (the cache's version, the Python that wrote it and whatever
else its entries depend on) and its data under one field. A file that is missing, damaged, of
another stamp or of the wrong shape reads as empty, never as an error; a file that cannot be
written is only slower next time. Only ``.journal/`` caches use this: the ledger and the documents
are written through ``journal.session``.
"""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any


def read_state(path: Path, stamp: object, field: str, kind: type = dict) -> Any:
    """The data kept under ``field`` in ``path`` when it was written with ``stamp`` and is a ``kind``; else an
    empty ``kind``."""
    try:
        data = marshal.loads(path.read_bytes())
        if isinstance(data, dict) and data.get("stamp") == stamp and isinstance(data.get(field), kind):
            return data[field]
    except Exception:  # noqa: BLE001 - a missing or damaged cache is an empty one
        pass
    return kind()


def write_state(path: Path, stamp: object, field: str, value: Any, *, make_folder: bool = False) -> None:
    """Keep ``value`` under ``field`` with ``stamp`` in ``path`` (atomically, not synced to disk: it is derived).

    Quietly nothing when the folder is missing (unless ``make_folder``) or the file cannot be written.
    """
    from journal.atomic import make_state_dir, write_atomic

    try:
        if make_folder:
            make_state_dir(path.parent)
        elif not path.parent.is_dir():
            return
        write_atomic(path, marshal.dumps({"stamp": stamp, field: value}), durable=False)
    except Exception:  # noqa: BLE001 - the cache is derived; failing to keep it loses nothing
        pass
