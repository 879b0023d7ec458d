"""Goals in and out of the journal: `import` documents, `export` the ledger, `extract` from any Markdown file."""

from __future__ import annotations

from pathlib import Path

import click

from journal.cli.common import all_or_nothing, check_before_creating, current_state, parse_period, synced
from journal.errors import JournalError
from journal.render import echo, echo_document


@click.command(name="import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True), metavar="PATH...")
@click.option("--period", "period", metavar="P", help="Import every document as period P (no inference).")
@click.option("--dry-run", is_flag=True, help="Show what would be imported as what; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="The report as JSON.")
@all_or_nothing
def import_command(paths: tuple[str, ...], period: str | None, dry_run: bool, as_json: bool) -> None:
    """Bring existing Markdown documents (files or folders, recursively) into the journal.

    Each document's period comes from, in order: its front matter (period:),
    its file name (2024-Q4.md, q4-2024-reflection.md, 2025-01-05.md,
    2025-W03.md), its title (# Q4 2024 Reflection), a date line
    (**Date**: 2025-01-05, "Report generated on 2025-12-31"). A document whose
    period cannot be inferred is reported and skipped, never guessed. The body
    is kept byte for byte, with front matter added (period, title,
    imported-from). Importing the same file twice does not duplicate it.

    \b
    Example:
      journal import ~/notes/reviews --dry-run
    """
    from journal.importing import import_documents
    from journal.render import print_import_report

    state = current_state()
    check_before_creating(state, period, None)
    journal = state.journal(create=True, dry_run=dry_run)
    fixed = parse_period(period, journal) if period is not None else None
    report = import_documents(journal, [Path(p) for p in paths], period=fixed, dry_run=dry_run)
    print_import_report(report, journal.root, dry_run=dry_run, as_json=as_json)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "markdown"]), default="json", show_default=True,
              help="json: an array of goals; csv: one row a goal; markdown: a checklist by period.")  # fmt: skip
@click.option(
    "--period", "period", metavar="P", help="Only goals for P (a year or quarter includes its months and weeks)."
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to a file, not stdout.")
@all_or_nothing
def export(fmt: str, period: str | None, output: str | None) -> None:
    """Export the whole ledger (every goal, every status) as JSON, CSV or Markdown.

    JSON and CSV are stable contracts: fields may be added, never removed or
    renamed. Fields: id, text, status, kind, period, target, source, line,
    section, created, updated, carried_from, carried_to, note, history (in
    CSV, history is a JSON string), marker, link_id. Every link of a carried
    goal is a row; id is the goal's (its first link's) id, link_id the
    link's own. In CSV, a text field starting with
    = + - @ tab or CR is written with a ' in front, so that a spreadsheet
    shows it rather than runs it as a formula.

    \b
    Example:
      journal export --format csv --output goals.csv
    """
    from journal.exporting import export_text
    from journal.queries import STATUS_FILTERS, select_goals

    journal = current_state().journal()
    within = parse_period(period, journal) if period is not None else None
    ledger = synced(journal)
    chosen = select_goals(ledger, STATUS_FILTERS["all"], within, None, fiscal=journal.settings.fiscal_year_start,
                          latest_only=False)  # fmt: skip
    text = export_text(chosen, fmt, ledger.lineage_ids(chosen))
    if output is None:
        echo_document(text)
    else:
        from journal.atomic import write_output

        write_output(Path(output).absolute(), text.encode("utf-8"))
        echo(f"Exported {len(chosen)} goals to {output}", err=True)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="One JSON array of items.")
@click.option("--word", "words", multiple=True, metavar="WORD", help="An extra goal word for headings (repeatable).")
def extract(files: tuple[str, ...], as_json: bool, words: tuple[str, ...]) -> None:
    """Print the goals found in any Markdown FILES; no journal needed.

    Each item: file, line, text, kind (checkbox/bullet), done (true/false for
    checkboxes, null for bullets), status, section, target (a period key or
    null), marker (the character between a checkbox's brackets) and what
    the line says of owner, tags, due, priority and done_on. Status
    characters are the built-in table's (`journal markers`); task lines not
    taken are said on stderr.

    \b
    Example:
      journal extract --json notes/*.md
    """
    from journal.attributes import read_attributes
    from journal.documents import read_document
    from journal.extract import extract_items
    from journal.periods import period_from_filename
    from journal.render import not_taken_lines, print_items

    items = []
    not_taken: dict[str, list[tuple[int, str]]] = {}
    for name in files:
        document = read_document(Path(name))
        named = period_from_filename(Path(name).stem)
        period = named[0] if named else None
        lines: list[tuple[int, str]] = []
        try:
            found = extract_items(document.text, document_period=period, goal_words=words, not_taken=lines)
        except JournalError as exc:
            raise type(exc)(f"{name}: {exc.message}", hint=exc.hint) from None
        for item in found:
            items.append({"file": name, **item.as_dict(), **read_attributes(item.text, item.target).fields()})
        if lines:
            not_taken[name] = lines
    print_items(items, as_json=as_json, no_color=current_state().no_color)
    for line in not_taken_lines(not_taken):
        echo(line, err=True)
