"""Looking back: `review` (decide each open goal, answer the prompts) and `stats` (progress over time)."""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, Any

import click

from journal.cli.common import all_or_nothing, current_state, parse_period, period_words_joined, synced
from journal.cli.completion import complete_period
from journal.render import echo, echo_document, on_terminal, terminal_safe, use_color

if TYPE_CHECKING:
    from journal.ledger import Goal

REVIEW_KEYS = {"d": "done", "p": "in_progress", "c": "carry", "x": "drop", "k": "keep", "n": "note", "q": "quit"}


VALUE_PROMPT = "  Current value ([Enter] skips; or a decision key)?"
DECIDE_PROMPT = "  [d]one [p]rogress [c]arry drop[x] [Enter] keep [n]ote [q]uit?"


class PromptAsker:
    """Asks on the terminal (in colour, goal text rendered), or reads answers line by line from standard input.

    End of input quits; Ctrl-C stops the review in every phase (ReviewStopped), keeping what was typed.
    Piped answers are echoed after their prompt, so the output reads like the session it replays.
    """

    def __init__(self, *, color: bool = False) -> None:
        self.color = color and on_terminal()
        # Answers piped in are not echoed by the terminal: echo them, so the output reads like the session.
        # (click's test runner echoes its input itself; it replaces sys.stdin.)
        self.echo_answers = not sys.stdin.isatty() and sys.stdin is sys.__stdin__
        self._shown: tuple[str, int] | None = None  # the goal whose header was shown last (id, position)
        self._decided: str | None = None  # a decision typed at a value question, for the next decide()

    def _style(self, text: str, **style: Any) -> str:
        return click.style(text, **style) if self.color else text

    def say(self, message: str) -> None:
        """Show a line of the review (the flow's own lines: a summary, a change made meanwhile, Stopped)."""
        safe = terminal_safe(message, newlines=True)
        if self.color:  # a terminal: long lines wrap at word boundaries, not wherever the terminal cuts them
            import shutil
            import textwrap

            width = shutil.get_terminal_size().columns
            safe = "\n".join(textwrap.fill(line, width, subsequent_indent=" " * (len(line) - len(line.lstrip())))
                             for line in safe.split("\n"))  # fmt: skip
        if message.startswith(("Stopped", "  ")) and ("Stopped" in message or "meanwhile" in message):
            safe = self._style(safe, fg="yellow")
        elif not message.startswith(" "):
            safe = self._style(safe, bold=True)
        click.echo(safe)

    def _read(self, text: str) -> str | None:
        """One line; None at end of input; ReviewStopped on Ctrl-C."""
        from journal.review import ReviewStopped

        try:
            value = click.prompt(text, default="", show_default=False, prompt_suffix=" ")
        except click.Abort as exc:
            click.echo("")
            if isinstance(exc.__context__, KeyboardInterrupt):
                raise ReviewStopped from None
            return None
        if self.echo_answers:
            click.echo(terminal_safe(value))
        return value

    def _goal_line(self, goal: Goal, position: int, total: int, shown_id: str) -> None:
        where = f"[{position}/{total}] "
        if not self.color:
            echo(f"\n{where}{shown_id}  {terminal_safe(goal.text)}")
            return
        from rich.console import Console

        from journal.inline import inline_text

        line = inline_text(goal.text)
        line.pad_left(2)
        head = inline_text(f"{where}")
        head.stylize("dim")
        head.append(shown_id, style="cyan")
        click.echo("")
        Console(highlight=False).print(head + line)

    def _goal_header(self, goal: Goal, position: int, total: int, carried: int, shown_id: str | None) -> None:
        """The goal, its status, age and place, and its notes: once a goal (its value question shows it first)."""
        from journal.ledger.model import STATUS_LABEL

        if self._shown == (goal.id, position):
            return
        self._shown = (goal.id, position)
        age = f", carried {carried} period{'s' if carried != 1 else ''}" if carried else ""
        self._goal_line(goal, position, total, shown_id or goal.id)
        own = f" [{goal.marker}]" if goal.marker is not None else ""
        click.echo(
            self._style(terminal_safe(f"  {STATUS_LABEL[goal.status]}{own}{age}, {goal.source}:{goal.line}"), dim=True)
        )
        for note in (goal.note or "").splitlines():
            click.echo(self._style(terminal_safe(f"  note {note}"), dim=True))

    def value(self, goal: Goal, position: int, total: int, carried: int, shown_id: str, progress: str) -> str:
        """A measurable goal's current value, asked before the decision ("" skips; end of input stops)."""
        from journal.review import ReviewStopped

        self._goal_header(goal, position, total, carried, shown_id)
        if progress:
            click.echo(self._style(terminal_safe(f"  {progress}"), dim=True))
        answer = self._read(VALUE_PROMPT)
        if answer is None:
            raise ReviewStopped
        answer = answer.strip()
        if answer.lower() in REVIEW_KEYS:  # a decision typed straight away: no value, and that decision
            self._decided = REVIEW_KEYS[answer.lower()]
            return ""
        return answer

    def decide(self, goal: Goal, position: int, total: int, carried: int, shown_id: str | None = None) -> str:
        """Ask what to do with one open goal: a REVIEW_KEYS value ("quit" at end of input)."""
        self._goal_header(goal, position, total, carried, shown_id)
        decided, self._decided = self._decided, None
        if decided is not None:
            return decided
        prompt = DECIDE_PROMPT
        if self.color:
            prompt = re.sub(r"\[(\w+)\]", lambda m: "[" + click.style(m.group(1), fg="cyan", bold=True) + "]", prompt)
        while True:
            key = self._read(prompt)
            if key is None:
                return "quit"
            key = key.strip().lower()[:1] or "k"
            if key in REVIEW_KEYS:
                return REVIEW_KEYS[key]
            click.echo("  Type one of d, p, c, x, k, n, q (Enter keeps it as it is).")

    def line(self, question: str) -> str:
        """One line of text (a reason, a note); end of input stops the review as Ctrl-C does (ReviewStopped)."""
        from journal.review import ReviewStopped

        value = self._read(f"  {question}")
        if value is None:  # the decision it was asked for is not made: a drop without its reason is no drop
            raise ReviewStopped
        return value.strip()

    def answer(self, question: str) -> str | None:
        """A prompt's answer, several lines until an empty one; None at end of input before any line."""
        click.echo("")
        click.echo(self._style(terminal_safe(question), bold=True))
        click.echo(
            self._style("  (several lines allowed; an empty line ends the answer, an empty first line skips)", dim=True)
        )
        from journal.review import ReviewStopped

        lines: list[str] = []
        while True:
            try:
                line = self._read(">")
            except ReviewStopped:
                raise ReviewStopped("\n".join(lines)) from None
            if line is None:
                return "\n".join(lines) if lines else None
            if not line.strip():
                return "\n".join(lines)
            lines.append(line)


@click.command()
@click.argument("period_words", nargs=-1, metavar="[PERIOD]", shell_complete=complete_period)
@click.option(
    "--print", "print_only", is_flag=True, help="Print the open goals and the prompts as Markdown; ask nothing."
)
def review(period_words: tuple[str, ...], print_only: bool) -> None:
    """Review PERIOD (default: the last ended one with a document): decide each open goal, answer the prompts.

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

    \b
    Examples:
      journal review q1-2025
      journal review q1-2025 --print > review.md
    """
    from journal.atomic import transaction
    from journal.review_plan import plan_review, review_markdown  # journal.review (the flow that asks) only to ask

    journal = current_state().journal()
    words = period_words_joined(period_words)
    if print_only or not words:
        # Printing, or choosing the period, syncs first: undone too if the period cannot be reviewed.
        with transaction():
            # Decoded file by file: a review reads the period's goals and, for the undecided ones of earlier
            # periods, the summaries journal.stale_rows keeps; not every goal.
            ledger = synced(journal, lazy=True)
            target = parse_period(words or default_review_period(journal, ledger), journal)
            plan = plan_review(journal, ledger, target)  # the period's error now, before anything is asked
            if print_only:
                echo_document(review_markdown(plan, ledger))
                return
    else:
        target = parse_period(words, journal)
    from journal.review import run_review

    outcome = run_review(journal, target, PromptAsker(color=use_color(current_state().no_color)))
    decided = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in outcome.decisions.items())
    click.echo(
        f"\nReview saved: {decided or 'no decisions'}; {outcome.answered} answer"
        f"{'s' if outcome.answered != 1 else ''} written."
    )


def default_review_period(journal: Any, ledger: Any) -> str:
    """The key of the last ended period with a document; NoDocument when documents are kept but none of an
    ended period ("last" when there is none at all: its error says how to write one)."""
    from journal.errors import NoDocument
    from journal.reviews import last_reviewable

    found = last_reviewable(journal, ledger)
    if found is None and not ledger.periods_with_documents():
        return "last"  # no document at all: its error says how to write last period's
    if found is None:  # documents, but none of an ended period (only this one's, or the next's)
        kind = journal.settings.default_kind
        raise NoDocument(
            f"no {kind} that has ended has a document to review yet",
            hint="'journal review PERIOD' reviews the period you name",
        )
    return found


@click.command(short_help="Goals set, done, dropped, carried and open per period, with a chart.")
@click.option("--since", metavar="P", help="From period P on.")
@click.option("--until", metavar="P", help="Up to period P.")
@click.option("--json", "as_json", is_flag=True, help="Per-period counts and the longest-open goals as JSON.")
@click.option(
    "--svg", "svg", metavar="FILE", type=click.Path(dir_okay=False), help="Also save the chart as an SVG image."
)
@click.option(
    "--by", "by", type=click.Choice(["period", "owner"]), default="period", show_default=True,
    help="Count per period, or per owner (@dana, Owner: Dana): set, done, open.",
)  # fmt: skip
@all_or_nothing
def stats(since: str | None, until: str | None, as_json: bool, svg: str | None, by: str) -> None:
    """Progress over time: per period, goals set, done, dropped, carried, open, completion rate.

    Also the goals open the longest, and a chart of completion per period.
    Periods are of the journal's usual kind (default_kind) unless
    --since/--until name another kind; each counts the goals of the shorter
    periods inside it too (a quarter its months', weeks' and days').
    With --by owner, one row per owner instead (a team journal): each goal
    once, at its latest line in those periods, for each owner it names.

    \b
    Examples:
      journal stats --since 2024-q1 --svg completion.svg
      journal stats --by owner --since 2025-q1
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
    if by == "owner":
        if svg is not None:
            from journal.errors import UsageError

            raise UsageError("--svg charts the periods; it does not combine with --by owner")
        from journal.owner_stats import owner_stats
        from journal.render_owners import print_owner_stats

        print_owner_stats(owner_stats(ledger, periods), as_json=as_json, no_color=state.no_color)
        return
    from journal.metric_progress import ReportedValues
    from journal.reviews import read_reviews, review_state

    reported = ReportedValues(journal, ledger)
    rows = [period_stats(ledger, p, reported=reported) for p in periods]
    on_record = read_reviews(journal)
    reviews = {row.period: review_state(on_record.get(row.period)) for row in rows}
    oldest = longest_open(ledger)
    ids = ledger.lineage_ids([goal for goal, _carried in oldest])
    print_stats(rows, oldest, as_json=as_json, svg=svg, no_color=state.no_color, reviews=reviews, ids=ids)
