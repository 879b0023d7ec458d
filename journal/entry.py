"""The ``journal`` console script: a bare ``journal sync`` with nothing to sync answers before click loads.

``journal sync`` runs from editors' save hooks and git hooks, mostly with
nothing to do, and importing click costs about four times starting Python.
So a bare ``journal sync`` first looks on its own (``sync_check``: the
cache and the folders' stats, no lock): when the journal exists with its
journal.toml, its settings carry no warning and nothing needs reading or
writing, it prints what the command prints then, "Nothing changed.", and
exits 0. In every other case (any other arguments, anything to sync, any
error on the way) it has written and printed nothing, and ``journal.cli``
runs the command as always, with its messages and exit codes.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Answer a bare ``journal sync`` that has nothing to do; hand everything else to ``journal.cli``."""
    bare_sync = sys.argv[1:] == ["sync"]
    if bare_sync:
        import gc

        # A short-lived process that makes next to no reference cycles: the collector's passes over every object
        # it allocates (the cache as loaded, the documents' stats) are pure cost here. On again for journal.cli.
        gc.disable()
    if bare_sync and _nothing_to_sync():
        try:
            sys.stdout.write("Nothing changed.\n")
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader went away (as journal.cli answers it): say nothing more.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(141)
        finish(0)
    if bare_sync:
        from journal.bare_sync import run

        code = run()  # something to sync: synced without click (None: journal.cli runs it)
        if code is not None:
            finish(code)
        gc.enable()
    from journal.cli import main as cli_main

    cli_main()


def finish(code: int) -> None:
    """Exit with ``code`` once the work is done, without the interpreter's teardown.

    Everything is written and closed by then; what a normal exit adds is a
    last collection and the freeing of every object (the cache as loaded, the
    modules), which costs a bare sync a tenth of its work. The exit handlers
    still run and the standard streams are flushed, as a normal exit does.
    """
    import atexit

    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        code = code or 141
    os._exit(code)


def _nothing_to_sync() -> bool:
    """Whether the journal that ``journal sync`` would open exists and has nothing to sync; False on any doubt."""
    try:
        from journal.sync_check import bare_sync_has_nothing_to_do

        return bare_sync_has_nothing_to_do()
    except Exception:  # noqa: BLE001 - any doubt: the full command runs and reports it
        return False
