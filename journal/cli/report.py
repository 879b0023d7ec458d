"""`journal report`: a period's outcome as a self-contained HTML page or a Markdown section."""

from __future__ import annotations

from pathlib import Path

import click

from journal.cli.common import all_or_nothing, current_state, parse_period, synced
from journal.cli.completion import complete_period
from journal.render import echo, echo_document

REPORT_FORMATS = ("markdown", "html", "json")


@click.command(short_help="A period's outcome as a self-contained HTML page or a Markdown section.")
@click.argument("period", nargs=-1, metavar="[PERIOD]", shell_complete=complete_period)
@click.option(
    "--html", "html_file", metavar="FILE", type=click.Path(dir_okay=False),
    help="Write the report as one self-contained HTML page to FILE (the same as --format html -o FILE).",
)  # fmt: skip
@click.option(
    "--format", "fmt", type=click.Choice(REPORT_FORMATS), default=None,
    help="markdown (the default): a section to paste into a document; html: a page; json: the report's data.",
)  # fmt: skip
@click.option("-o", "--output", metavar="FILE", type=click.Path(dir_okay=False), help="Write to FILE, not stdout.")
@click.option("--json", "as_json", is_flag=True, help="The report's data as JSON (the same as --format json).")
@all_or_nothing
def report(period: tuple[str, ...], html_file: str | None, fmt: str | None, output: str | None, as_json: bool) -> None:
    """A period's outcome to share: summary, every goal with its status and lineage, and the completion trend.

    PERIOD defaults to the last period of the journal's usual kind (default_kind) that has a document.
    (A daily or monthly note does not make its quarter the default while a quarter has its own.)
    The HTML page is one file with its styles and chart inside: it opens offline, from a file or an
    e-mail, prints cleanly and reads on a phone. The Markdown section holds its figures and goals in
    tables, so pasting it into next period's document adds no goals.

    \b
    Examples:
      journal report --html q1.html       the last quarter with a document, as a page
      journal report q1-2025              the same as a Markdown section, on stdout
      journal report q1-2025 -o q1.md     ... written to q1.md
    """
    from journal.report import default_report_period, period_report

    fmt = _chosen_format(html_file, fmt, output, as_json)
    output = html_file or output
    journal = current_state().journal()
    ledger = synced(journal)
    target = parse_period(" ".join(period), journal) if period else default_report_period(journal, ledger)
    found = period_report(journal, ledger, target)
    text = _rendered(found, fmt)
    if output is None:
        echo_document(text)
        return
    from journal.atomic import write_output

    write_output(Path(output).absolute(), text.encode("utf-8"))
    echo(f"Wrote the {target.label} report to {output}", err=True)


def _chosen_format(html_file: str | None, fmt: str | None, output: str | None, as_json: bool) -> str:
    """The one format the options ask for; options that disagree are a usage error."""
    asked = {name for name, given in (("html", html_file), ("json", as_json)) if given}
    if fmt is not None:
        asked.add(fmt)
    if len(asked) > 1:
        raise click.UsageError(f"choose one format: {', '.join(sorted(asked))} were asked for")
    if html_file and output:
        raise click.UsageError("--html FILE already names the file: leave out --output")
    return asked.pop() if asked else "markdown"


def _rendered(found, fmt: str) -> str:
    if fmt == "html":
        from journal.report_html import report_html

        return report_html(found)
    if fmt == "json":
        import json

        return json.dumps(found.as_dict(), indent=2, ensure_ascii=False) + "\n"
    from journal.report_markdown import report_markdown

    return report_markdown(found)
