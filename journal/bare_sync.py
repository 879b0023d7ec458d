"""A bare ``journal sync`` that has something to sync, run without click: what editors' save hooks run.

The console script's look (``journal.sync_check``) found a document changed:
rather than import click and the command line to run ``journal sync``, this
module runs the same core call (``sync.sync_journal`` in a transaction) on the
journal the look opened, and prints the same lines (``journal.sync_report``)
with the same exit code. It steps aside, having done nothing, where the
command line does more than that: standard error a terminal (a progress bar
for long work), a journal that is a git repository (drivers, autocommit, a
merge to finish). Any failure puts every file back and returns None before a
line is printed: ``journal.cli`` then runs the command again and says what
went wrong, as always. ``tests/test_entry.py`` compares both ways.
"""

from __future__ import annotations

import os
import sys


def run() -> int | None:
    """Sync and print the report; the exit code, or None when ``journal.cli`` must run the command instead."""
    from journal import prescan

    journal = prescan.kept_journal()
    if journal is None or sys.stderr.isatty() or os.path.lexists(journal.root / ".git"):
        return None
    import gc

    # A short-lived process that makes next to no reference cycles (a first sync of 10,000 goals peaks at the
    # same memory either way): the collector's passes over every object it allocates are pure cost here.
    gc.disable()
    from journal import changes, lock
    from journal.atomic import transaction
    from journal.sync import sync_journal

    changes.forget()
    lock.lock_wait_hook = lambda message: _write(sys.stderr, message)  # another command holds the lock: say so
    try:
        with transaction():
            ledger, report = sync_journal(journal, need_ledger=False)
        named = [*report.added, *(goal for goal, _what in report.changed), *report.removed]
        ids = ledger.lineage_ids(named) if ledger is not None else {}  # as render.sync_report_ids
        from journal.sync_report import report_lines

        lines = report_lines(report, ids)
    except KeyboardInterrupt:
        _write(sys.stderr, "\nAborted.")  # as click says it: a blank line, then Aborted.
        return 130
    except Exception:  # noqa: BLE001 - nothing printed, every file put back: journal.cli says what went wrong
        gc.enable()  # the command runs as it always does
        return None
    finally:
        changes.forget()
    try:
        for to_stderr, line in lines:
            _write(sys.stderr if to_stderr else sys.stdout, line)
    except BrokenPipeError:
        # The reader went away (as journal.cli answers it): the work is done; say nothing more.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return 0


def _write(stream, line: str) -> None:
    """One line, flushed at once (as click.echo does), so stdout and stderr interleave as written."""
    stream.write(line + "\n")
    stream.flush()
