"""A rich progress bar on stderr, for work that turns out to take more than about a second.

Only on a terminal (stderr a tty, colour or not); never in pipes or tests. The bar appears once
the work has run for SHOW_AFTER seconds, and disappears when it is done.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator

from journal.progress import Advance, set_reporter

SHOW_AFTER = 1.0  # seconds of work before a bar is worth showing


@contextlib.contextmanager
def progress_bar(label: str, total: int) -> Iterator[Advance]:
    """Count steps; past SHOW_AFTER seconds, show them as a transient rich bar."""
    started = time.monotonic()
    done = 0
    bar = None
    task = None
    try:

        def advance(steps: int = 1) -> None:
            nonlocal done, bar, task
            done += steps
            if bar is None and time.monotonic() - started >= SHOW_AFTER:
                from rich.console import Console
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

                bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                               TimeRemainingColumn(), console=Console(stderr=True), transient=True)  # fmt: skip
                bar.start()
                task = bar.add_task(label, total=total, completed=done)
            elif bar is not None and task is not None:
                bar.update(task, completed=done)

        yield advance
    finally:
        if bar is not None:
            bar.stop()


def install() -> None:
    """Show progress bars from now on, when stderr is a terminal."""
    if sys.stderr.isatty():
        set_reporter(progress_bar)
