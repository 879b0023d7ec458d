"""What the command modules share: the State, period parsing with the journal's settings, a synced ledger."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import click

from journal.cli import State
from journal.errors import UsageError
from journal.render import terminal_safe

if TYPE_CHECKING:
    from pathlib import Path

    from journal.config import Journal
    from journal.ledger import Ledger
    from journal.periods import Period


def all_or_nothing(command: Any) -> Any:
    """Run a writing command as one transaction: if it fails, every file it wrote is put back."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        from journal.atomic import transaction

        with transaction():
            return command(*args, **kwargs)

    return run


def current_state() -> State:
    """The running command's State (the root group's options, the journal)."""
    return click.get_current_context().find_object(State)


def parse_period(text: str, journal: Journal | None = None) -> Period:
    """A period as the user typed it, read with the journal's settings (fiscal year, default kind)."""
    from journal.periods import parse_period as parse

    settings = journal.settings if journal is not None else None
    return parse(
        text,
        fiscal_year_start=settings.fiscal_year_start if settings else 1,
        default_kind=settings.default_kind if settings else "quarter",
    )


def check_before_creating(state: State, period: str | None, template_name: str | None) -> None:
    """Check a period and a template name against the journal's settings before any folder is made for it."""
    from journal.config import CONFIG_NAME, Journal, Settings, find_journal_dir, load_settings

    root, _default = find_journal_dir(state.journal_dir)
    settings = load_settings(root) if (root / CONFIG_NAME).is_file() else Settings()
    located = Journal(root=root, settings=settings)
    if period is not None:
        parse_period(period, located)
    if template_name is not None:
        from journal.templates import load_template, validate_template_name

        load_template(validate_template_name(template_name), root if root.is_dir() else None)


def synced(journal: Journal, cache: Any = None, *, lazy: bool = False) -> Ledger:
    """The ledger after syncing changed documents; a document skipped is noticed once the command succeeds.

    ``lazy``: its goals decoded file by file as they are used (``ledger/lazy.py``), for a command that needs few.
    """
    from journal.render import not_taken_lines
    from journal.sync import sync_journal

    ledger, report = sync_journal(journal, cache=cache, lazy=lazy)
    for name, why in report.skipped:
        current_state().notice(f"Skipped {terminal_safe(name)}: {terminal_safe(why)}")
    for line in not_taken_lines(report.not_taken):  # said when the document is read, not on every command
        current_state().notice(line)
    return ledger


def open_in_editor(journal: Journal, path: Path, *, written: bool = False) -> None:
    """Open ``path`` in the user's editor, then sync and report what changed.

    ``written``: the document was just written by this command; an editor failure is then only a warning.
    """
    from journal.render import print_sync_report, sync_report_ids
    from journal.sync import sync_journal

    sync_journal(journal)  # so that what is reported afterwards is what the editor changed
    try:
        click.edit(filename=str(path))
    except click.ClickException as exc:
        if written:
            click.echo(
                f"Warning: the editor failed ({exc.format_message()}); the document is written at "
                f"{journal.relative(path)}.",
                err=True,
            )
            return
        raise UsageError(f"the editor failed: {exc.format_message()}", hint="check $VISUAL and $EDITOR") from None
    ledger, report = sync_journal(journal)
    print_sync_report(report, ids=sync_report_ids(ledger, report))


def period_words_joined(words: tuple[str, ...]) -> str | None:
    """A period typed as several words (`journal new Q1 2025`, unquoted) as one; None when none was given."""
    return " ".join(words) if words else None


def two_periods(words: tuple[str, ...], journal: Journal) -> tuple[str | None, str | None]:
    """FROM and TO typed as words (`carry Q4 2024 Q1 2025`): the first split at which both read as periods.

    With one or two words they are FROM and TO as given; otherwise a split no period reads is an error
    about the whole of FROM.
    """
    from journal.errors import PeriodError

    if len(words) <= 2:
        return (words[0] if words else None), (words[1] if len(words) > 1 else None)
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        try:
            parse_period(first, journal)
            parse_period(second, journal)
        except PeriodError:
            continue
        return first, second
    return " ".join(words), None


def looks_like_a_period(text: str) -> bool:
    """Whether ``text``, which no goal id matches, was meant as a period (`q5-2025`, `2025`).

    Goal ids are letters and digits only, never a run of four digits.
    """
    import re

    return bool(re.search(r"\d{4}|[^0-9a-zA-Z]", text)) or text.lower() in {"this", "next", "last"}
