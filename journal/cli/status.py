"""Knowing what is due: `status` (one line for a prompt), `due` (the full list), `remind` (a daily reminder)."""

from __future__ import annotations

import click

from journal.cli.common import current_state
from journal.render import echo, terminal_safe


def _ledger_as_it_would_sync():  # noqa: ANN202 - a Ledger; imported lazily
    """The ledger with changed documents read in memory: nothing written, no lock (a status only reads)."""
    from journal.ledger import Ledger
    from journal.sync import sync_journal

    journal = current_state().journal(dry_run=True)
    if not journal.root.is_dir():
        return journal, Ledger(goals={}, files={}, documents={}, file_hashes={})
    ledger, _report = sync_journal(journal, write=False)
    return journal, ledger


@click.command()
@click.option("--json", "as_json", is_flag=True, help="The status as JSON (for tmux, polybar, starship).")
@click.option("--quiet-if-nothing", "quiet", is_flag=True, help="Print nothing when nothing needs attention.")
def status(as_json: bool, quiet: bool) -> None:
    """One line for a shell prompt: this period's open goals, overdue goals, reviews due, a missing document.

    \b
      $ journal status
      Q2 2025: 0 open, 4 overdue · review of Q1 2025 due (ended 15 days ago; 1 more) · no document yet ...
      PS1='$(journal status --quiet-if-nothing)\\n$ '

    Fast: it answers from a summary in .journal/ while no file changed since a
    command last wrote it; it never writes and never takes the lock.
    """
    from journal.status import facts_from_ledger
    from journal.status_fast import print_status

    journal, ledger = _ledger_as_it_would_sync()
    facts = facts_from_ledger(journal, ledger)
    if not as_json:
        facts = {**facts, "line": terminal_safe(facts["line"])}
    print_status(facts, as_json=as_json, quiet=quiet)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="The list as JSON.")
def due(as_json: bool) -> None:
    """Everything due: reviews of ended periods, this period's missing document, goals whose period ended,
    goals carried three or more times.

    \b
      $ journal due
      Review of Q1 2025: not reviewed, ended 15 days ago (journal review 2025-q1)
    """
    from journal.due import due_lines, due_list
    from journal.render import print_json

    journal, ledger = _ledger_as_it_would_sync()
    found = due_list(journal, ledger)
    if as_json:
        print_json(found)
        return
    lines = due_lines(found)
    for line in lines or ["Nothing is due."]:
        echo(terminal_safe(line))
