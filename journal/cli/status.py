"""Knowing what is due: `status` (one line for a prompt), `due` (the full list), `remind` (a daily reminder)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from journal.cli.common import current_state
from journal.render import echo, terminal_safe

if TYPE_CHECKING:
    from journal.config import Journal
    from journal.ledger import Cache, Ledger
    from journal.sync import SyncReport


def _ledger_as_it_would_sync() -> tuple[Journal, Ledger]:
    """The ledger with changed documents read in memory: nothing written, no lock (a status only reads)."""
    journal, ledger, _cache, _report = _read_as_it_would_sync()
    return journal, ledger


def _read_as_it_would_sync() -> tuple[Journal, Ledger, Cache | None, SyncReport | None]:
    """The ledger as ``_ledger_as_it_would_sync`` reads it, with the cache and the sync's report."""
    from journal.ledger import Cache, Ledger
    from journal.sync import sync_journal

    journal = current_state().journal(dry_run=True)
    if not journal.root.is_dir():
        return journal, Ledger(goals={}, files={}, documents={}, file_hashes={}), None, None
    cache = Cache(journal)
    ledger, report = sync_journal(journal, cache=cache, write=False, lazy=True)
    return journal, ledger, cache, report


@click.command(short_help="One line for a shell prompt: what needs attention now.")
@click.option("--json", "as_json", is_flag=True, help="The status as JSON (for tmux, polybar, starship).")
@click.option("--quiet-if-nothing", "quiet", is_flag=True, help="Print nothing when nothing needs attention.")
def status(as_json: bool, quiet: bool) -> None:
    """One line for a shell prompt: this period's open goals, overdue goals, reviews due, a missing document.

    \b
    Examples:
      $ journal status
      Q2 2025: 0 open, 4 overdue · review of Q1 2025 due (ended 15 days ago; 1 more) · no document yet ...
      PS1='$(journal status --quiet-if-nothing)\\n$ '

    Fast: it answers from a summary in .journal/ while no file changed since it
    was made; it never writes your files and never takes the lock.
    """
    from journal.status import facts_from_ledger, keep_summary_of_read
    from journal.status_fast import print_status

    journal, ledger, cache, report = _read_as_it_would_sync()
    facts = facts_from_ledger(journal, ledger)
    if cache is not None and report is not None and report.nothing:
        keep_summary_of_read(journal, ledger, cache)
    if not as_json:
        facts = {**facts, "line": terminal_safe(facts["line"])}
    print_status(facts, as_json=as_json, quiet=quiet)


@click.command(
    short_help="Everything due: reviews, a missing document, goals past their period, goals carried 3+ times."
)
@click.option("--json", "as_json", is_flag=True, help="The list as JSON.")
def due(as_json: bool) -> None:
    """Everything due: reviews of ended periods, this period's missing document, goals whose period ended,
    goals carried three or more times.

    \b
    Example:
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


@click.command(short_help="A daily reminder of what is due (--install, --uninstall).")
@click.option("--install", "action", flag_value="install", help="Write a daily reminder (asks first).")
@click.option("--uninstall", "action", flag_value="uninstall", help="Remove exactly what --install wrote.")
@click.option("--run", "action", flag_value="run", hidden=True, help="What the schedule runs: notify what is due.")
@click.option("--yes", is_flag=True, help="Do not ask (for scripts).")
def remind(action: str | None, yes: bool) -> None:
    """A daily reminder of what is due: a desktop notification (notify-send, osascript), else in the log.

    \b
    Examples:
      $ journal remind --install      shows what it will write, then asks
      $ journal remind --uninstall    removes exactly that

    A systemd user timer where systemd runs your session, else a crontab line;
    each runs 'journal --dir JOURNAL remind --run' every morning at 09:00.
    """
    from journal import remind as reminders

    if action is None:
        raise click.UsageError("say --install or --uninstall")
    if action == "run":
        from journal.due import due_lines, due_list

        journal, ledger = _ledger_as_it_would_sync()
        found = due_list(journal, ledger)
        if found["status"]["attention"] and not reminders.notify(found["status"]["line"]):
            for line in due_lines(found):
                echo(terminal_safe(line))  # no notifier: the scheduler's log (cron mails it)
        return
    journal = current_state().journal()
    root = journal.root
    reminder = reminders.plan(root, reminders.journal_command(), install=action == "install")
    if action == "install":
        echo(f"journal remind will write ({'systemd user timer' if reminder.kind == 'systemd' else 'cron'}):")
        echo(terminal_safe(reminder.describe(), newlines=True).rstrip("\n"))
        if not yes:
            click.confirm("Install it?", abort=True)
        reminders.install(root, reminder)
        echo("Installed: 'journal remind --uninstall' removes it.")
        return
    if reminder.kind == "systemd" and not reminder.files:
        echo("No reminder is installed.")
        return
    if not yes:
        what = ", ".join(str(p) for p in reminder.files) if reminder.files else "its crontab line"
        click.confirm(f"Remove {what}?", abort=True)
    removed = reminders.uninstall(root, reminder)
    echo("\n".join(f"Removed {terminal_safe(item)}" for item in removed) if removed else "No reminder is installed.")
