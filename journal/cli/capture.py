"""Quick capture and finding things again: `add`, `note`, `search`."""

from __future__ import annotations

import click

from journal.cli.common import all_or_nothing, current_state, parse_period, synced
from journal.cli.completion import complete_goal_id, complete_period
from journal.render import echo, terminal_safe

ADD_STATUS_NAMES = ("open", "in_progress", "done", "dropped")


@click.command()
@click.argument("words", metavar="TEXT", nargs=-1, required=True)
@click.option(
    "--period",
    "-p",
    "period",
    metavar="P",
    shell_complete=complete_period,
    help="The period whose document gets it (default: this).",
)
@click.option("--section", "-s", metavar="TEXT", help="Under the first heading containing TEXT (made if none).")
@click.option("--status", type=click.Choice(ADD_STATUS_NAMES), default="open", show_default=True, help="Its marker.")
@all_or_nothing
def add(words: tuple[str, ...], period: str | None, section: str | None, status: str) -> None:
    """Add TEXT as a task (- [ ] TEXT) to a period's document and print its id.

    \b
    Examples:
      journal add Call the accountant
      journal add "Renew the passport" --period next --section "Side projects"
      journal add "Fixed the flaky deploy" --status done

    Quoting TEXT is optional: its words are joined by single spaces. The line
    goes at the end of the document's goals section (the first heading with a
    goal word, such as "Goals for Q2 2025", that names no other period; else
    a "Tasks" heading, as in the daily template); a document without one gets
    a "## Goals" section at its end. A
    period without a document is scaffolded from its template first, as
    `journal new` does. Nothing else in the document changes. TEXT starting
    with "-" goes after "--" (journal add -- "-5 kg by June").
    """
    from journal.capture import add_task

    journal = current_state().journal()
    target = parse_period(period if period is not None else "this", journal)
    added = add_task(journal, " ".join(words), target, section=section, status=status)
    where = journal.relative(added.path)
    made = added.scaffolded
    if made is not None:
        brought = len(made.planned) + len(made.carried)
        also = f", bringing in {brought} goal{'s' if brought != 1 else ''} as `journal new` does" if brought else ""
        click.echo(f"Wrote {where} from the {made.template} template{also}.", err=True)
    if added.created_section:
        echo(f"No '{terminal_safe(added.section)}' section in {where}: added one at its end.", err=True)
    goal = added.goal
    echo(f"Added {added.lineage_id or goal.id}  {terminal_safe(goal.text)}  ({where}:{goal.line})")


@click.command()
@click.argument("goal_id", metavar="ID", shell_complete=complete_goal_id)
@click.argument("words", metavar="TEXT", nargs=-1, required=True)
@all_or_nothing
def note(goal_id: str, words: tuple[str, ...]) -> None:
    """Add a dated note to goal ID: kept in the ledger, written below the goal in its document.

    \b
    Example:
      journal note k7f3 waiting on the vendor's quote

    Quoting TEXT is optional: its words are joined by single spaces (quote
    it when it holds characters your shell reads, such as ' or #).

    The note goes into the ledger's note field ("2025-04-15: TEXT", one line
    per note) and, as "> Note 2025-04-15: TEXT" indented below the goal's
    line, into its document (a quoted line is never taken as a goal). Where
    such a line could change what the document says (the goal's item is
    followed by other text), the note is kept in the ledger only, and this
    says so. `journal show ID` and the review show the notes.
    """
    from journal.capture import add_note

    journal = current_state().journal()
    noted = add_note(journal, goal_id, " ".join(words))
    goal = noted.goal
    echo(f"Noted {noted.lineage_id or goal.id}  {terminal_safe(goal.text)}")
    if noted.written_at is not None:
        echo(f"  {terminal_safe(noted.note)}  ({goal.source}:{noted.written_at})")
    else:
        echo(f"  {terminal_safe(noted.note)}  (in the ledger only: {terminal_safe(noted.not_written or '')})")


@click.command()
@click.argument("words", metavar="PATTERN", nargs=-1, required=True)
@click.option(
    "--period",
    "-p",
    "period",
    metavar="P",
    shell_complete=complete_period,
    help="Only documents and goals of P (a year includes its quarters).",
)
@click.option("--goals", "goals_only", is_flag=True, help="Only goals, not every matching line.")
@click.option("--regex", "-e", "as_regex", is_flag=True, help="PATTERN is a Python regular expression.")
@click.option("--json", "as_json", is_flag=True, help="The matches as JSON: {lines: [...], goals: [...]}.")
@all_or_nothing
def search(words: tuple[str, ...], period: str | None, goals_only: bool, as_regex: bool, as_json: bool) -> None:
    """Find PATTERN in every document: matching lines (period, file:line) and goals (with their status).

    \b
    Examples:
      journal search graphql
      journal search --goals --period 2025 "on-call"
      journal search --regex "RFC|proposal"

    Quoting PATTERN is optional: its words are joined by single spaces.
    Case is ignored. Lines come in period order, then goals (at their latest
    link; removed ones too, marked so).
    """
    import gc

    collecting = gc.isenabled()
    gc.disable()  # it makes many small containers and no garbage cycles: the collector's passes were 5% of it
    try:
        _search(words, period, goals_only, as_regex, as_json)
    finally:
        if collecting:
            gc.enable()


def _search(words: tuple[str, ...], period: str | None, goals_only: bool, as_regex: bool, as_json: bool) -> None:
    from journal.render import print_search
    from journal.search import compile_pattern, scan_for_search, search_journal

    state = current_state()
    journal = state.journal()
    matcher = compile_pattern(" ".join(words), regex=as_regex)
    within = parse_period(period, journal) if period is not None else None
    documents = scan_for_search(journal)  # the sync takes this look too
    ledger = synced(journal, lazy=True)
    found = search_journal(journal, ledger, matcher, within=within, lines=not goals_only, documents=documents)
    from journal.search_lineage import shown_lineage_ids

    print_search(found, ids=shown_lineage_ids(journal, ledger, found.goals), as_json=as_json, no_color=state.no_color)
