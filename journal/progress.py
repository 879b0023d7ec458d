"""Progress of long work (a first sync of a large journal, an import of many files).

The core reports steps and never prints; the command line installs a reporter that shows a
progress bar on a terminal (journal/cli/progress_bar.py). Without one, tracking costs nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

Advance = Callable[[int], None]
Reporter = Callable[[str, int], contextlib.AbstractContextManager[Advance]]

_reporter: Reporter | None = None


def set_reporter(reporter: Reporter | None) -> None:
    """Show progress through ``reporter`` (None: not at all)."""
    global _reporter
    _reporter = reporter


def _ignore(_steps: int = 1) -> None:
    return None


@contextlib.contextmanager
def tracking(label: str, total: int) -> Iterator[Advance]:
    """A function to call with the number of steps done (of ``total``) as ``label``'s work goes on."""
    if _reporter is None or total <= 1:
        yield _ignore
        return
    with _reporter(label, total) as advance:
        yield advance
