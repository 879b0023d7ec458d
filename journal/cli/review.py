"""Looking back: `review` (decide each open goal, answer the prompts) and `stats` (progress over time)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from journal.cli.common import all_or_nothing, current_state, parse_period, synced
from journal.cli.completion import complete_period
from journal.render import echo, echo_document, terminal_safe

if TYPE_CHECKING:
    from journal.ledger import Goal

REVIEW_KEYS = {"d": "done", "p": "in_progress", "c": "carry", "x": "drop", "k": "keep", "n": "note", "q": "quit"}


class PromptAsker:
    """Asks on the terminal, or reads answers line by line from standard input; end of input quits."""

    def say(self, message: str) -> None:
        """Show a line of the review."""
        echo(message)

    def _read(self, text: str, default: str = "") -> str | None:
        try:
            return click.prompt(text, default=default, show_default=False, prompt_suffix=" ")
        except click.Abort:
            click.echo("")
            return None

    def decide(self, goal: Goal, position: int, total: int, carried: int) -> str:
        """Ask what to do with one open goal: a REVIEW_KEYS value ("quit" at end of input)."""
        from journal.ledger.model import STATUS_LABEL

        age = f", carried {carried} period{'s' if carried != 1 else ''}" if carried else ""
        echo(f"\n[{position}/{total}] {goal.id}  {terminal_safe(goal.text)}")
        own = f" [{terminal_safe(goal.marker)}]" if goal.marker is not None else ""
        echo(f"  {STATUS_LABEL[goal.status]}{own}{age}, {goal.source}:{goal.line}")
        for note in (goal.note or "").splitlines():
            echo(f"  note {terminal_safe(note)}")
        while True:
            key = self._read("  [d]one [p]rogress [c]arry drop[x] [k]eep [n]ote [q]uit?", default="k")
            if key is None:
                return "quit"
            key = key.strip().lower()[:1] or "k"
            if key in REVIEW_KEYS:
                return REVIEW_KEYS[key]
            click.echo("  Type one of d, p, c, x, k, n, q (Enter keeps it as it is).")

    def line(self, question: str) -> str:
        """One line of text (a reason, a note)."""
        return (self._read(f"  {question}") or "").strip()

    def answer(self, question: str) -> str | None:
        """A prompt's answer, several lines until an empty one; None at end of input before any line."""
        echo(f"\n{terminal_safe(question)}")
        click.echo("  (several lines allowed; an empty line ends the answer, an empty first line skips)")
        lines: list[str] = []
        while True:
            line = self._read(">")
            if line is None:
                return "\n".join(lines) if lines else None
            if not line.strip():
                return "\n".join(lines)
            lines.append(line)


@click.command()
@click.argument("period", required=False, shell_complete=complete_period)
@click.option(
    "--print", "print_only", is_flag=True, help="Print the open goals and the prompts as Markdown; ask nothing."
)
def review(period: str | None, print_only: bool) -> None:
    """Review PERIOD (default: the last one that ended): decide each open goal, then answer the prompts.

    \b
    For each goal still open: d done, p in progress, c carry to the next
    period, x drop (asks why), k keep as it is (Enter), n add a note, q quit.
    Then the same for goals of earlier periods never decided (goals --stale).
    Each decision is saved at once. Then the questions the ledger raises
    (goals carried twice or more, a falling completion rate, sections with
    nothing done) and the template's reflection prompts; each answer (several
    lines, an empty line ends it, an empty first line skips) is written into
    the document under its section. Prompts the document already answers are
    not asked. Answers can come from standard input.
    """
    from journal.review import plan_review, review_markdown, run_review

    journal = current_state().journal()
    target = parse_period(period or "last", journal)
    if print_only:
        from journal.atomic import transaction

        with transaction():  # the sync's writes too are undone if the command fails
            ledger = synced(journal)
            echo_document(review_markdown(plan_review(journal, ledger, target), ledger))
        return
    outcome = run_review(journal, target, PromptAsker())
    decided = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in outcome.decisions.items())
    click.echo(
        f"\nReview saved: {decided or 'no decisions'}; {outcome.answered} answer"
        f"{'s' if outcome.answered != 1 else ''} written."
    )


@click.command(short_help="Goals set, done, dropped, carried and open per period, with a chart.")
@click.option("--since", metavar="P", help="From period P on.")
@click.option("--until", metavar="P", help="Up to period P.")
@click.option("--json", "as_json", is_flag=True, help="Per-period counts and the longest-open goals as JSON.")
@click.option(
    "--svg", "svg", metavar="FILE", type=click.Path(dir_okay=False), help="Also save the chart as an SVG image."
)
@all_or_nothing
def stats(since: str | None, until: str | None, as_json: bool, svg: str | None) -> None:
    """Progress over time: per period, goals set, done, dropped, carried, open, completion rate.

    Also the goals open the longest, and a chart of completion per period.
    Periods are those goals are for, of the journal's usual kind
    (default_kind) unless --since/--until name another kind.
    """
    from journal.queries import stats_periods
    from journal.render import print_stats
    from journal.stats import longest_open, period_stats

    state = current_state()
    journal = state.journal()
    start = parse_period(since, journal) if since is not None else None
    end = parse_period(until, journal) if until is not None else None
    ledger = synced(journal)
    periods = stats_periods(
        ledger, start, end, default_kind=journal.settings.default_kind, fiscal=journal.settings.fiscal_year_start
    )
    from journal.reviews import read_reviews, review_state

    rows = [period_stats(ledger, p) for p in periods]
    on_record = read_reviews(journal)
    reviews = {row.period: review_state(on_record.get(row.period)) for row in rows}
    print_stats(rows, longest_open(ledger), as_json=as_json, svg=svg, no_color=state.no_color, reviews=reviews)
