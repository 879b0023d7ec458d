"""The `journal` console script: `journal status` and a `journal goals` listing whose answer is stored
(``journal.goals_fast``) answered without importing click, then a bare `journal sync` with nothing to do
(``journal.entry``), everything else by the CLI."""

from __future__ import annotations

import sys


def _status_arguments(args: list[str]) -> list[str] | None:
    """The arguments after ``status`` when it is the command (global options may come first), else None."""
    position = 0
    while position < len(args) and args[position].startswith("-"):
        position += 2 if args[position] == "--dir" else 1
    if position < len(args) and args[position] == "status":
        return args[:position] + args[position + 1 :]
    return None


CLOSED_OUTPUT = "Error: standard output is closed: nothing could be printed (use >/dev/null to discard it)\n"


def main() -> None:
    """Run journal: the fast status when it can answer, else ``journal.entry`` (bare sync, then click)."""
    if sys.stdout is None:  # started with its standard output closed (`journal sync >&-`): refuse before any work
        if sys.stderr is not None:
            sys.stderr.write(CLOSED_OUTPUT)
        sys.exit(8)
    args = _status_arguments(sys.argv[1:])
    if args is not None:
        from journal.status_fast import answer

        code = answer(args)
        if code is not None:
            sys.stdout.flush()
            sys.exit(code)
    from journal.entry import main as entry_main

    arguments = sys.argv[1:]
    if "goals" in arguments:
        from journal import goals_fast

        code = goals_fast.answer(arguments)
        if code is not None:
            sys.exit(code)
        goals_fast.run_and_keep(arguments, entry_main)
        return
    entry_main()
