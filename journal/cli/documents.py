"""A period's documents: `new`, `carry`, `sync`, `show`, `edit`, `list`."""

from __future__ import annotations

import click

from journal.cli.common import (
    all_or_nothing,
    check_before_creating,
    current_state,
    looks_like_a_period,
    open_in_editor,
    parse_period,
    period_words_joined,
    synced,
    two_periods,
)
from journal.cli.completion import complete_new_period, complete_period, complete_period_or_id
from journal.errors import JournalError, NoDocument
from journal.render import echo, echo_document, terminal_safe

SHOWN_ORIGINS = 4  # periods named in the "Brought in" line; the rest are counted


@click.command()
@click.argument("period_words", nargs=-1, required=True, metavar="PERIOD", shell_complete=complete_new_period)
@click.option("-t", "--template", "template_name", metavar="NAME", help="Template to use (default: the period kind's).")
@click.option("--dry-run", is_flag=True, help="Print the document instead of writing it.")
@click.option("--no-carry", is_flag=True, help="Do not bring in planned or unfinished goals.")
@click.option("--edit", "edit_after", is_flag=True, help="Open the new document in $VISUAL/$EDITOR, then sync.")
def new(
    period_words: tuple[str, ...], template_name: str | None, dry_run: bool, no_carry: bool, edit_after: bool
) -> None:
    """Scaffold PERIOD's document from a template and print its path.

    PERIOD is a year (2025), half (2025-h1), quarter (q1-2025, "Q1 2025"),
    month (2025-03), ISO week (2025-w12), day (2025-03-14, today, last friday),
    or this/next/last. The document is entries/<period>.md, or where [paths] in
    journal.toml says (entries/<period>-<template>.md for a template that is
    not the period kind's default: quarterly, weekly, monthly, yearly, daily,
    which the document then records in its front matter). Goals
    planned for PERIOD in earlier documents (a "Q1 2025 Priorities" section)
    and every goal of an earlier period of its kind left undecided (open, in
    progress or [>], carried nowhere) are written into it and linked.
    An existing document is never overwritten.

    \b
    Example:
      journal new Q2 2025 --edit
    """
    from journal.atomic import transaction
    from journal.scaffold import brought_in_lines, new_document

    period = " ".join(period_words)
    state = current_state()
    with transaction():  # all or nothing; the editor comes after: what the person writes there is theirs
        check_before_creating(state, period, template_name)
        journal = state.journal(create=True, dry_run=dry_run)
        target = parse_period(period, journal)
        result = new_document(journal, target, template_name=template_name, carry=not no_carry, dry_run=dry_run)
    if dry_run:
        echo_document(result.text)
        return
    echo(str(result.path))
    planned, carried = brought_in_lines(result)
    if planned or carried:
        from journal.scaffold import carried_origins

        origins = carried_origins(result)
        where = ", ".join(f"{count} from {key}" for key, count in origins[:SHOWN_ORIGINS])
        if len(origins) > SHOWN_ORIGINS:  # a journal never carried before: one line, not fifty periods
            rest = origins[SHOWN_ORIGINS:]
            where += f" and {sum(count for _key, count in rest)} from {len(rest)} earlier periods"
        click.echo(
            f"Brought in {planned} planned and {carried} unfinished goal"
            f"{'s' if carried != 1 else ''}{f' ({where})' if where else ''}.",
            err=True,
        )
    if edit_after:
        open_in_editor(journal, result.path, written=True)


@click.command()
@click.argument("period_words", nargs=-1, metavar="[FROM [TO]]", shell_complete=complete_period)
@all_or_nothing
def carry(period_words: tuple[str, ...]) -> None:
    """Carry FROM's open goals into TO's existing document.

    Also brings in the goals planned for TO in earlier documents. They are
    appended to TO's "Carried over" section (created if needed), linked to
    the goals they continue, and marked [>] where they were. A goal already
    carried is never carried twice. Defaults: TO is the period after FROM;
    with neither, FROM is the last period and TO this one.

    \b
    Example:
      journal carry 2024-q4 2025-q1   Q4 2024's open goals into Q1 2025's document
    """
    from journal.scaffold import carry_goals

    journal = current_state().journal()
    from_period, to_period = two_periods(period_words, journal)
    if from_period is None:
        source, target = parse_period("last", journal), parse_period("this", journal)
    else:
        source = parse_period(from_period, journal)
        target = parse_period(to_period, journal) if to_period else source.next()
    result = carry_goals(journal, source, target)
    where = journal.relative(result.path)
    if not result.goals:
        echo(f"Nothing to carry from {source.label} into {where}.")
        return
    for goal in result.goals:
        echo(f"> {result.ids.get(goal.id, goal.id)}  {terminal_safe(goal.text)}")
    echo(f"Carried {len(result.goals)} goal{'s' if len(result.goals) != 1 else ''} into {where}.")


@click.command(short_help="Re-read changed documents into the ledger; print what changed.")
@click.option("--full", is_flag=True, help="Re-read every document, not only the changed ones.")
@click.option("--json", "as_json", is_flag=True, help="What changed, as JSON.")
@all_or_nothing
def sync(full: bool, as_json: bool) -> None:
    """Re-read changed documents and update ledger/*.toml; print what changed.

    A status changed in a document wins over the ledger. A goal that
    vanished from its document is kept as 'removed'.

    \b
    Example:
      journal sync --full
    """
    from journal.render import print_sync_report, sync_report_ids
    from journal.sync import sync_journal

    ledger, report = sync_journal(current_state().journal(), full=full, need_ledger=False)
    print_sync_report(report, ids=sync_report_ids(ledger, report), as_json=as_json)


@click.command()
@click.argument("what_words", nargs=-1, required=True, metavar="PERIOD|ID", shell_complete=complete_period_or_id)
@click.option(
    "--json", "as_json", is_flag=True, help="A goal's links as a JSON array, oldest first; a period's counts."
)
@all_or_nothing
def show(what_words: tuple[str, ...], as_json: bool) -> None:
    """Show a period's document, or one goal's whole story.

    \b
    PERIOD (2025-q1, "Q1 2025", last...): the document, rendered as Markdown
    on a terminal, as it is when piped; with --json, the period's documents
    and its goal counts (those of `journal stats`).
    ID (any unique prefix): every period the goal lived in, each status
    change with its date, notes, and where each line is (file:line).
    A period wins when WHAT is both.

    \b
    Examples:
      journal show q1-2025
      journal show 2lf      one goal's story
    """
    from journal.periods import PeriodError
    from journal.render import print_document
    from journal.render_story import print_goal_story
    from journal.scaffold import period_document

    what = " ".join(what_words)
    state = current_state()
    journal = state.journal()
    try:
        period = parse_period(what, journal)
    except PeriodError as exc:
        period, not_a_period = None, exc
    path = period_document(journal, period) if period is not None else None
    if path is not None and as_json:
        from journal.render import print_json
        from journal.stats import period_stats

        ledger = synced(journal)
        documents = sorted(ledger.file_hashes.get(period.key, {})) or [journal.relative(path)]
        print_json({"documents": documents, **period_stats(ledger, period).as_dict()})
        return
    if path is not None:
        from journal.documents import read_document

        print_document(read_document(path).text, no_color=state.no_color)
        return
    ledger = synced(journal)
    try:
        goal = ledger.resolve(what)
    except JournalError:
        if period is not None:
            from journal.reviews import no_document_error

            raise no_document_error(journal, ledger, period) from None
        if looks_like_a_period(what):
            raise not_a_period from None
        raise
    chain = ledger.lineage(goal)
    chart, metric = _chart_and_metric(journal, ledger, goal) if not as_json else (None, None)
    print_goal_story(chain, ledger.times_carried(chain[-1]), as_json=as_json, chart=chart, metric=metric)


def _chart_and_metric(journal, ledger, goal) -> tuple[list[str] | None, str | None]:  # noqa: ANN001
    """`show ID`'s measurable-goal chart (None: not measurable) and the name of the metric the goal follows."""
    from journal.metric_progress import ReportedValues

    latest = ledger.latest(goal)
    reported = ReportedValues(journal, ledger)
    followed = reported.series(latest)
    metric = followed.name if followed is not None else None
    if not any(link.direction for link in ledger.lineage(goal)):
        return None, metric
    from journal.render_targets import goal_chart

    return goal_chart(ledger, latest, journal.settings.fiscal_year_start, reported=reported), metric


@click.command()
@click.argument("period_words", nargs=-1, metavar="[PERIOD]", shell_complete=complete_period)
def edit(period_words: tuple[str, ...]) -> None:
    """Open PERIOD's document (default: this period) in $VISUAL or $EDITOR, then sync.

    \b
    Example:
      journal edit q1-2025
    """
    from journal.scaffold import period_document

    period = period_words_joined(period_words)
    journal = current_state().journal()
    target = parse_period(period if period is not None else "this", journal)
    path = period_document(journal, target)
    if path is None:
        raise NoDocument(f"{target.label} has no document", hint=f"'journal new {target.key} --edit' writes one")
    open_in_editor(journal, path)


@click.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="A JSON array, one object per document.")
@all_or_nothing
def list_documents(as_json: bool) -> None:
    """List the documents by period, with their goal counts and completion.

    \b
    Example:
      journal list --json
    """
    from journal.queries import document_rows
    from journal.render import print_documents
    from journal.reviews import read_reviews, review_state

    state = current_state()
    journal = state.journal()
    rows = document_rows(journal, synced(journal))
    reviews = read_reviews(journal)
    for row in rows:
        row["reviewed"] = review_state(reviews.get(row["period"])) if row["period"] else "-"
    print_documents(rows, as_json=as_json, no_color=state.no_color)
