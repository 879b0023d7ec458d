"""The command line: parse, call the core, render. Nothing else.

Heavy libraries (tomlkit, markdown_it, jinja2, frontmatter, rich) are
imported inside the commands that need them, so `journal --help` and
`journal goals` start fast.
"""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING, Any

import click

from journal import __version__
from journal.errors import JournalError, StorageError, UsageError
from journal.render import echo, echo_document, error_text, terminal_safe

if TYPE_CHECKING:
    from pathlib import Path

    from journal.config import Journal
    from journal.ledger import Goal, Ledger

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class State:
    """Options shared by every command, and the journal, opened on first use."""

    def __init__(self, journal_dir: str | None, debug: bool, no_color: bool) -> None:
        self.journal_dir = journal_dir
        self.debug = debug
        self.no_color = no_color
        self._journal: Journal | None = None
        self.notices: list[str] = []

    def notice(self, line: str) -> None:
        """A line for stderr, shown once the command has succeeded (a failed command says one Error line only)."""
        self.notices.append(line)

    def journal(self, *, create: bool = False) -> Journal:
        """The journal; ``create``: a --dir or $JOURNAL_DIR folder that does not exist yet is made one.

        The default location (the user data folder) is always created on first use.
        """
        if self._journal is None:
            from journal import atomic
            from journal.config import open_journal

            # A command that waits for another one's lock says so (the core does not print).
            atomic.lock_wait_hook = lambda message: click.echo(message, err=True)
            self._journal, created = open_journal(self.journal_dir, create=create)
            if created is not None:
                echo(f"Created a new journal in {created}", err=True)
            for warning in self._journal.settings.warnings:
                self.notice(f"Warning: {warning}")
        return self._journal


class JournalGroup(click.Group):
    """Catches JournalError once: one line on stderr and the error's exit code.

    Click's own usage errors are one line too: ``Error: ... (see 'journal new --help')``.
    """

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:  # fmt: skip
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx is not None else "journal"
            click.echo(f"Error: {error_text(exc.format_message())} (see '{command} --help')", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"Error: {error_text(exc.format_message())}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(130)  # Ctrl-C (or end of input at a prompt): the shell's convention for SIGINT
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            for line in ctx.obj.notices if isinstance(ctx.obj, State) else ():
                echo(line, err=True)
            return result
        except JournalError as exc:
            state = ctx.obj
            if state is not None and state.debug:
                raise
            click.echo(f"Error: {error_text(str(exc))}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # The reader of our output went away (`journal goals | head`): the work is done; say nothing.
            import os

            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(141)
        except OSError as exc:
            # A file system failure no check foresaw (a full disk, a read-only folder): still one line.
            state = ctx.obj
            if state is not None and state.debug:
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"Error: {error_text(f'{where}{exc.strerror or exc}')}", err=True)
            ctx.exit(StorageError.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:
            # A bug, not the user's doing: still one line, exit 1; --debug shows the traceback.
            state = ctx.obj
            if state is not None and state.debug:
                raise
            what = " ".join(f"{type(exc).__name__}: {exc}".split())
            what = what if len(what) <= 200 else what[:199] + "…"
            message = f"internal error ({error_text(what)}); run with --debug for the traceback, and report it"
            click.echo(f"Error: {message}", err=True)
            ctx.exit(1)


@click.group(cls=JournalGroup, context_settings=CONTEXT_SETTINGS)
@click.option(
    "--dir",
    "journal_dir",
    metavar="DIR",
    help="The journal folder. Default: $JOURNAL_DIR, else the nearest folder upward holding "
    "journal.toml, else your user data folder.",
)
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
@click.option("--no-color", is_flag=True, help="No colour in output (NO_COLOR is honoured too).")
@click.version_option(__version__, prog_name="journal")
@click.pass_context
def cli(ctx: click.Context, journal_dir: str | None, debug: bool, no_color: bool) -> None:
    """Periodic reflections in Markdown, with their goals kept in a TOML ledger.

    \b
      journal new q1-2025          scaffold entries/2025-q1.md from a template
      journal goals                every open goal, across all periods
      journal done k7f3            check one off (the document's checkbox too)
      journal extract --json F.md  the goals in any Markdown file
    """
    ctx.obj = State(journal_dir, debug, no_color)


def all_or_nothing(command: Any) -> Any:
    """Run a writing command as one transaction: if it fails, every file it wrote is put back."""
    import functools

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        from journal.atomic import transaction

        with transaction():
            return command(*args, **kwargs)

    return run


def _state() -> State:
    return click.get_current_context().find_object(State)


def _parse_period(text: str, journal: Journal | None = None):
    from journal.periods import parse_period

    settings = journal.settings if journal is not None else None
    return parse_period(
        text,
        fiscal_year_start=settings.fiscal_year_start if settings else 1,
        default_kind=settings.default_kind if settings else "quarter",
    )


def _check_before_creating(state: State, period: str | None, template_name: str | None) -> None:
    """Check a period and a template name against the journal's settings before any folder is made for it."""
    from journal.config import CONFIG_NAME, Journal, Settings, find_journal_dir, load_settings

    root, _default = find_journal_dir(state.journal_dir)
    settings = load_settings(root) if (root / CONFIG_NAME).is_file() else Settings()
    located = Journal(root=root, settings=settings)
    if period is not None:
        _parse_period(period, located)
    if template_name is not None:
        from journal.templates import load_template, validate_template_name

        load_template(validate_template_name(template_name), root if root.is_dir() else None)


def _synced(journal: Journal, cache: Any = None) -> Ledger:
    from journal.sync import sync_journal

    ledger, report = sync_journal(journal, cache=cache)
    for name, why in report.skipped:
        _state().notice(f"Skipped {terminal_safe(name)}: {terminal_safe(why)}")
    return ledger


def _completion_journal() -> Journal | None:
    from journal.config import CONFIG_NAME, Journal, find_journal_dir, load_settings

    try:
        ctx = click.get_current_context(silent=True)
        explicit = ctx.find_root().params.get("journal_dir") if ctx else None
        root, _default = find_journal_dir(explicit)
        if not (root / CONFIG_NAME).exists() and not (root / "entries").is_dir():
            return None
        return Journal(root=root, settings=load_settings(root))
    except Exception:  # noqa: BLE001 - completion must never fail loudly
        return None


def complete_period(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Shell completion: the periods that have documents, and this/next/last."""
    journal = _completion_journal()
    keys = {"this", "next", "last"}
    if journal is not None:
        from journal.periods import period_from_filename

        for path in journal.entries_dir.glob("*.md"):
            named = period_from_filename(path.stem)
            if named:
                keys.add(named[0].key)
    return sorted(key for key in keys if key.startswith(incomplete.lower()))


def complete_goal_id(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion: goal ids, with their text as help."""
    from click.shell_completion import CompletionItem

    journal = _completion_journal()
    if journal is None:
        return []
    try:
        from journal.ledger import load_ledger

        goals = load_ledger(journal).goals.values()
    except JournalError:
        return []
    return [
        CompletionItem(goal.id, help=terminal_safe(goal.text[:60]))
        for goal in goals
        if goal.id.startswith(incomplete.lower()) and goal.status != "removed" and not goal.carried_to
    ]


def _open_in_editor(journal: Journal, path: Path, *, written: bool = False) -> None:
    """``written``: the document was just written by this command; an editor failure is then only a warning."""
    from journal.render import print_sync_report
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
    _ledger, report = sync_journal(journal)
    print_sync_report(report)


# ---------------------------------------------------------------- init


@cli.command()
@click.argument("directory", required=False, metavar="[DIR]")
def init(directory: str | None) -> None:
    """Make DIR a journal (default: the journal every command uses).

    Without DIR: --dir, else $JOURNAL_DIR, else the nearest folder upward
    holding journal.toml, else your user data folder. Creates journal.toml
    (commented settings), entries/, ledger/, templates/ and .journal/ (caches
    and the lock). An existing journal is left as it is.
    """
    from journal.config import checked_folder, find_journal_dir, init_journal

    state = _state()
    if directory:
        root = checked_folder(directory, "DIR")
    else:
        root, _default = find_journal_dir(state.journal_dir)
    existed = (root / "journal.toml").exists()
    created = init_journal(root)
    if not existed:
        echo(f"Initialised a journal in {root}")
    elif created:
        echo(f"{root} was already a journal; added {', '.join(created)}.")
    else:
        echo(f"{root} is already a journal; nothing changed.")


# ---------------------------------------------------------------- new


@cli.command()
@click.argument("period", shell_complete=complete_period)
@click.option("-t", "--template", "template_name", metavar="NAME", help="Template to use (default: the period kind's).")
@click.option("--dry-run", is_flag=True, help="Print the document instead of writing it.")
@click.option("--no-carry", is_flag=True, help="Do not bring in planned or unfinished goals.")
@click.option("--edit", "edit_after", is_flag=True, help="Open the new document in $VISUAL/$EDITOR, then sync.")
def new(period: str, template_name: str | None, dry_run: bool, no_carry: bool, edit_after: bool) -> None:
    """Scaffold PERIOD's document from a template and print its path.

    PERIOD is a year (2025), half (2025-h1), quarter (q1-2025, "Q1 2025"),
    month (2025-03), ISO week (2025-w12), or this/next/last. The document is
    entries/<period>.md (entries/<period>-<template>.md for a template that is
    not the period kind's default: quarterly, weekly, monthly, yearly). Goals
    planned for PERIOD in earlier documents (a "Q1 2025 Priorities" section)
    and the previous period's open goals are written into it and linked.
    An existing document is never overwritten.
    """
    from journal.atomic import transaction
    from journal.scaffold import new_document

    state = _state()
    with transaction():  # all or nothing; the editor comes after: what the person writes there is theirs
        _check_before_creating(state, period, template_name)
        journal = state.journal(create=True)
        target = _parse_period(period, journal)
        result = new_document(journal, target, template_name=template_name, carry=not no_carry, dry_run=dry_run)
    if dry_run:
        echo_document(result.text)
        return
    echo(str(result.path))
    if result.planned or result.carried:
        click.echo(
            f"Brought in {len(result.planned)} planned and {len(result.carried)} unfinished goal"
            f"{'s' if len(result.carried) != 1 else ''}.",
            err=True,
        )
    if edit_after:
        _open_in_editor(journal, result.path, written=True)


# ---------------------------------------------------------------- carry


@cli.command()
@click.argument("from_period", metavar="[FROM]", required=False, shell_complete=complete_period)
@click.argument("to_period", metavar="[TO]", required=False, shell_complete=complete_period)
@all_or_nothing
def carry(from_period: str | None, to_period: str | None) -> None:
    """Carry FROM's open goals into TO's existing document.

    Also brings in the goals planned for TO in earlier documents. They are
    appended to TO's "Carried over" section (created if needed), linked to
    the goals they continue, and marked [>] where they were. A goal already
    carried is never carried twice. Defaults: TO is the period after FROM;
    with neither, FROM is the last period and TO this one.
    """
    from journal.scaffold import carry_goals

    journal = _state().journal()
    if from_period is None:
        source, target = _parse_period("last", journal), _parse_period("this", journal)
    else:
        source = _parse_period(from_period, journal)
        target = _parse_period(to_period, journal) if to_period else source.next()
    result = carry_goals(journal, source, target)
    where = journal.relative(result.path)
    if not result.goals:
        echo(f"Nothing to carry from {source.label} into {where}.")
        return
    for goal in result.goals:
        echo(f"> {goal.id}  {terminal_safe(goal.text)}")
    echo(f"Carried {len(result.goals)} goal{'s' if len(result.goals) != 1 else ''} into {where}.")


# ---------------------------------------------------------------- sync


@cli.command(short_help="Re-read changed documents into the ledger; print what changed.")
@click.option("--full", is_flag=True, help="Re-read every document, not only the changed ones.")
@click.option("--json", "as_json", is_flag=True, help="What changed, as JSON.")
@all_or_nothing
def sync(full: bool, as_json: bool) -> None:
    """Re-read changed documents and update ledger/*.toml; print what changed.

    A status changed in a document wins over the ledger. A goal that
    vanished from its document is kept as 'removed'.
    """
    from journal.render import print_sync_report
    from journal.sync import sync_journal

    _ledger, report = sync_journal(_state().journal(), full=full, need_ledger=False)
    print_sync_report(report, as_json=as_json)


# ---------------------------------------------------------------- goals

STATUS_FILTERS = {
    "open": ("open", "in_progress"),
    "done": ("done",),
    "dropped": ("dropped",),
    "all": ("open", "in_progress", "done", "carried", "dropped", "removed"),
}


@cli.command()
@click.option("--open", "show_open", is_flag=True, help="Open and in-progress goals (the default).")
@click.option("--done", "show_done", is_flag=True, help="Done goals.")
@click.option("--dropped", "show_dropped", is_flag=True, help="Dropped goals.")
@click.option("--all", "show_all", is_flag=True, help="Every goal, carried and removed ones too.")
@click.option("--period", "period", metavar="P", help="Goals for P; a year or quarter includes its months and weeks.")
@click.option("--section", metavar="TEXT", help="Goals whose section heading contains TEXT (any case).")
@click.option("--json", "as_json", is_flag=True, help="A JSON array of goals.")
@all_or_nothing
def goals(
    show_open: bool, show_done: bool, show_dropped: bool, show_all: bool, period: str | None, section: str | None,
    as_json: bool,
) -> None:  # fmt: skip
    """List goals across all periods: id, status, period, age, text, where.

    PERIOD is the period a goal is for: the one its heading names
    ("Q1 2025 Priorities"), else its document's. Filters combine: --done
    --dropped lists both. Syncs changed documents first.
    """
    from journal.render import print_goals

    state = _state()
    journal = state.journal()
    within = _parse_period(period, journal) if period is not None else None
    ledger = _synced(journal)
    if show_all:
        statuses = STATUS_FILTERS["all"]
    else:
        chosen = [name for name, flag in (("open", show_open), ("done", show_done), ("dropped", show_dropped)) if flag]
        statuses = tuple(status for name in chosen or ["open"] for status in STATUS_FILTERS[name])
    selected = select_goals(ledger, statuses, within, section, fiscal=journal.settings.fiscal_year_start)
    ages = {goal.id: ledger.times_carried(goal) for goal in selected if goal.carried_from}
    print_goals(selected, ages=ages, as_json=as_json, no_color=state.no_color)


def select_goals(
    ledger: Ledger,
    statuses: tuple[str, ...],
    within: Any,
    section: str | None,
    *,
    fiscal: int = 1,
    latest_only: bool = True,
) -> list[Goal]:
    """Goals with one of ``statuses``, for a period inside ``within``, under a matching section; in period order."""
    from journal.periods import PeriodError, from_key

    periods: dict[str, Any] = {}

    def period_of(key: str):
        if key not in periods:
            try:
                periods[key] = from_key(key, fiscal)
            except PeriodError:
                periods[key] = None
        return periods[key]

    needle = section.casefold() if section else None
    chosen = []
    for goal in ledger.goals.values():
        if goal.status not in statuses:
            continue
        later = ledger.goals.get(goal.carried_to) if goal.carried_to and latest_only else None
        if later is not None and later.status != "removed":
            continue  # one goal across periods: shown at its latest link
        if needle is not None and needle not in goal.section.casefold():
            continue
        key = goal.for_period
        if within is not None:
            target = period_of(key)
            if target is None or not within.contains(target):
                continue
        chosen.append(goal)

    def order(goal: Goal) -> tuple:
        target = period_of(goal.for_period)
        return (target.sort_key if target else (), goal.source, goal.line)

    chosen.sort(key=order)
    return chosen


# ---------------------------------------------------------------- status changes


@all_or_nothing
def _change_status(ids: tuple[str, ...], status: str, verb: str, reason: str | None = None) -> None:
    from journal.atomic import journal_lock
    from journal.ledger import Cache
    from journal.sync import LedgerWrites, set_goal_status

    journal = _state().journal()
    with journal_lock(journal.lock_path):
        cache = Cache(journal)
        ledger = _synced(journal, cache)
        chosen = []
        for prefix in ids:
            # A goal is one thing across periods: a status change goes to its latest link.
            goal = ledger.latest(ledger.resolve(prefix))
            if goal not in chosen:
                chosen.append(goal)
        writes = LedgerWrites(journal, ledger, cache)
        changed = [
            goal for goal in chosen if set_goal_status(journal, ledger, goal, status, reason=reason, writes=writes)
        ]
        writes.save()
    for goal in chosen:
        if goal in changed:
            echo(f"{verb} {goal.id}  {terminal_safe(goal.text)}")
        else:
            echo(f"{goal.id} is already {status.replace('_', ' ')}: {terminal_safe(goal.text)}", err=True)


_IDS = click.argument("ids", nargs=-1, required=True, metavar="ID...", shell_complete=complete_goal_id)


@cli.command()
@_IDS
def done(ids: tuple[str, ...]) -> None:
    """Mark goals done ([x]); ID may be any unique prefix of a goal id."""
    _change_status(ids, "done", "Done")


@cli.command()
@_IDS
def reopen(ids: tuple[str, ...]) -> None:
    """Mark goals open again ([ ])."""
    _change_status(ids, "open", "Reopened")


@cli.command()
@_IDS
def start(ids: tuple[str, ...]) -> None:
    """Mark goals in progress ([/])."""
    _change_status(ids, "in_progress", "Started")


@cli.command()
@_IDS
@click.option("--reason", "-r", metavar="TEXT", help="Why; kept in the goal's history.")
def drop(ids: tuple[str, ...], reason: str | None) -> None:
    """Mark goals dropped ([-]), with an optional reason."""
    if reason is not None and not reason.strip():
        raise UsageError("the reason is empty", hint="give one with --reason TEXT, or leave --reason out")
    _change_status(ids, "dropped", "Dropped", reason=reason)


# ---------------------------------------------------------------- review

REVIEW_KEYS = {"d": "done", "p": "in_progress", "c": "carry", "x": "drop", "k": "keep", "n": "note", "q": "quit"}


class PromptAsker:
    """Asks on the terminal, or reads answers line by line from standard input; end of input quits."""

    def say(self, message: str) -> None:
        echo(message)

    def _read(self, text: str, default: str = "") -> str | None:
        try:
            return click.prompt(text, default=default, show_default=False, prompt_suffix=" ")
        except click.Abort:
            click.echo("")
            return None

    def decide(self, goal: Goal, position: int, total: int, carried: int) -> str:
        from journal.render import STATUS_LABEL

        age = f", carried {carried} period{'s' if carried != 1 else ''}" if carried else ""
        echo(f"\n[{position}/{total}] {goal.id}  {terminal_safe(goal.text)}")
        echo(f"  {STATUS_LABEL[goal.status]}{age}, {goal.source}:{goal.line}")
        while True:
            key = self._read("  [d]one [p]rogress [c]arry drop[x] [k]eep [n]ote [q]uit?", default="k")
            if key is None:
                return "quit"
            key = key.strip().lower()[:1] or "k"
            if key in REVIEW_KEYS:
                return REVIEW_KEYS[key]
            click.echo("  Type one of d, p, c, x, k, n, q (Enter keeps it as it is).")

    def line(self, question: str) -> str:
        return (self._read(f"  {question}") or "").strip()

    def answer(self, question: str) -> str | None:
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


@cli.command()
@click.argument("period", required=False, shell_complete=complete_period)
@click.option(
    "--print", "print_only", is_flag=True, help="Print the open goals and the prompts as Markdown; ask nothing."
)
def review(period: str | None, print_only: bool) -> None:
    """Review PERIOD (default: the last one that ended): decide each open goal, then answer the prompts.

    \b
    For each goal still open: d done, p in progress, c carry to the next
    period, x drop (asks why), k keep as it is (Enter), n add a note, q quit.
    Each decision is saved at once. Then the questions the ledger raises
    (goals carried twice or more, a falling completion rate, sections with
    nothing done) and the template's reflection prompts; each answer (several
    lines, an empty line ends it, an empty first line skips) is written into
    the document under its section. Prompts the document already answers are
    not asked. Answers can come from standard input.
    """
    from journal.review import plan_review, review_markdown, run_review

    journal = _state().journal()
    target = _parse_period(period or "last", journal)
    if print_only:
        from journal.atomic import transaction

        with transaction():  # the sync's writes too are undone if the command fails
            ledger = _synced(journal)
            echo_document(review_markdown(plan_review(journal, ledger, target), ledger))
        return
    outcome = run_review(journal, target, PromptAsker())
    decided = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in outcome.decisions.items())
    click.echo(
        f"\nReview saved: {decided or 'no decisions'}; {outcome.answered} answer"
        f"{'s' if outcome.answered != 1 else ''} written."
    )


# ---------------------------------------------------------------- stats


@cli.command(short_help="Goals set, done, dropped, carried and open per period, with a chart.")
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
    from journal.render import print_stats
    from journal.stats import longest_open, period_stats, periods_with_goals

    state = _state()
    journal = state.journal()
    start = _parse_period(since, journal) if since is not None else None
    end = _parse_period(until, journal) if until is not None else None
    ledger = _synced(journal)
    kind = (start or end).kind if (start or end) else journal.settings.default_kind
    periods = [p for p in periods_with_goals(ledger, journal.settings.fiscal_year_start) if p.kind == kind]
    if start is not None:
        periods = [p for p in periods if p.end >= start.start]
    if end is not None:
        periods = [p for p in periods if p.start <= end.end]
    rows = [period_stats(ledger, p) for p in periods]
    oldest = longest_open(ledger)
    print_stats(rows, [(g, n) for g, n in oldest], as_json=as_json, svg=svg, no_color=state.no_color)


# ---------------------------------------------------------------- show


def _complete_period_or_id(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    return [*complete_period(ctx, param, incomplete), *complete_goal_id(ctx, param, incomplete)]


@cli.command()
@click.argument("what", metavar="PERIOD|ID", shell_complete=_complete_period_or_id)
@click.option("--json", "as_json", is_flag=True, help="A goal's links as a JSON array, oldest first.")
@all_or_nothing
def show(what: str, as_json: bool) -> None:
    """Show a period's document, or one goal's whole story.

    \b
    PERIOD (2025-q1, "Q1 2025", last...): the document, rendered as Markdown
    on a terminal, as it is when piped.
    ID (any unique prefix): every period the goal lived in, each status
    change with its date, notes, and where each line is (file:line).
    A period wins when WHAT is both.
    """
    from journal.periods import PeriodError
    from journal.render import print_document, print_goal_story
    from journal.scaffold import period_document

    state = _state()
    journal = state.journal()
    try:
        period = _parse_period(what, journal)
    except PeriodError:
        period = None
    path = period_document(journal, period) if period is not None else None
    if path is not None:
        from journal.documents import read_document

        print_document(read_document(path).text, no_color=state.no_color)
        return
    ledger = _synced(journal)
    try:
        goal = ledger.resolve(what)
    except JournalError:
        if period is not None:
            raise UsageError(
                f"{period.label} has no document", hint=f"'journal new {period.key}' writes one"
            ) from None
        raise
    chain = ledger.lineage(goal)
    print_goal_story(chain, ledger.times_carried(chain[-1]), as_json=as_json)


# ---------------------------------------------------------------- import, edit, list


@cli.command(name="import")
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
    """
    from journal.importing import import_documents
    from journal.render import print_import_report

    state = _state()
    _check_before_creating(state, period, None)
    journal = state.journal(create=True)
    fixed = _parse_period(period, journal) if period is not None else None
    from pathlib import Path

    report = import_documents(journal, [Path(p) for p in paths], period=fixed, dry_run=dry_run)
    print_import_report(report, journal.root, dry_run=dry_run, as_json=as_json)


@cli.command()
@click.argument("period", required=False, shell_complete=complete_period)
def edit(period: str | None) -> None:
    """Open PERIOD's document (default: this period) in $VISUAL or $EDITOR, then sync."""
    from journal.scaffold import period_document

    journal = _state().journal()
    target = _parse_period(period if period is not None else "this", journal)
    path = period_document(journal, target)
    if path is None:
        raise UsageError(f"{target.label} has no document", hint=f"'journal new {target.key} --edit' writes one")
    _open_in_editor(journal, path)


@cli.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="A JSON array, one object per document.")
@all_or_nothing
def list_documents(as_json: bool) -> None:
    """List the documents by period, with their goal counts and completion."""
    from journal.periods import PeriodError, from_key
    from journal.render import print_documents
    from journal.sync import scan_documents

    journal = _state().journal()
    ledger = _synced(journal)
    rows: dict[str, dict[str, Any]] = {
        name: {
            "document": name,
            "period": None,
            "goals": 0,
            "done": 0,
            "open": 0,
            "dropped": 0,
            "carried": 0,
            "rate": None,
        }
        for name in scan_documents(journal)
    }
    for goal in ledger.goals.values():
        row = rows.get(goal.source)
        if row is None or goal.status == "removed":
            continue
        row["period"] = goal.period
        row["goals"] += 1
        later = ledger.goals.get(goal.carried_to) if goal.carried_to else None
        if goal.status == "carried" or (later is not None and later.status != "removed"):
            row["carried"] += 1  # it lives on in a later document
        else:
            row["done"] += goal.status == "done"
            row["open"] += goal.status in ("open", "in_progress")
            row["dropped"] += goal.status == "dropped"
    for row in rows.values():
        row["rate"] = row["done"] / row["goals"] if row["goals"] else None
        if row["period"] is None:
            from journal.sync import document_period

            found = document_period(journal, journal.root / row["document"])
            row["period"] = found.key if found else None

    def order(row: dict[str, Any]) -> tuple:
        try:
            return (0, from_key(row["period"], journal.settings.fiscal_year_start).sort_key, row["document"])
        except (PeriodError, TypeError):
            return (1, (), row["document"])

    print_documents(sorted(rows.values(), key=order), as_json=as_json, no_color=_state().no_color)


# ---------------------------------------------------------------- templates

TEMPLATE_VARIABLES = """\b
Template variables (every template gets all of them):
  period    the period: .key (2025-q1), .label (Q1 2025), .kind, .start,
            .end (dates), .previous(), .next()
  today     the date the document is written
  author    journal.toml's author ("" when unset)
  planned   goals planned for this period in earlier documents: a list
            of {id, text, source, section, status}
  carried   the previous period's goals still open: a list of
            {id, text, period, status}
  previous  the previous period's summary {period, set, done, open,
            dropped, rate}, or none
  Filter: status | checkbox gives a status's marker ([ ], [/], [x], ...).
"""


@cli.group(
    invoke_without_command=True,
    help=f"""List the templates: built-in ones and yours (templates/NAME.md wins).

\b
  journal templates              list them, and which one is used
  journal templates show NAME    print one
  journal templates copy NAME    copy a built-in one into templates/ to change

{TEMPLATE_VARIABLES}""",
)
@click.option("--json", "as_json", is_flag=True, help="The list as JSON.")
@click.pass_context
def templates(ctx: click.Context, as_json: bool) -> None:
    if ctx.invoked_subcommand is not None:
        return
    from journal.render import print_json, print_table
    from journal.templates import list_templates

    journal = _state().journal()
    found = list_templates(journal.root)
    rows = [
        {
            "name": template.name,
            "source": "yours, overrides the built-in" if overrides else ("built-in" if template.builtin else "yours"),
            "default_for": template.kind,
            "description": template.description,
            "path": str(template.path),
            "prompts": [p.question for p in template.prompts],
        }
        for template, overrides in found
    ]
    if as_json:
        print_json(rows)
        return
    print_table(
        ["NAME", "SOURCE", "DEFAULT FOR", "DESCRIPTION"],
        [[r["name"], r["source"], r["default_for"] or "-", r["description"]] for r in rows],
        no_color=_state().no_color,
    )


@templates.command(name="show")
@click.argument("name")
def templates_show(name: str) -> None:
    """Print template NAME as the file it is (the one that wins)."""
    from journal.templates import load_template

    template = load_template(name, _state().journal().root)
    echo_document(template.path.read_text(encoding="utf-8"))


@templates.command(name="copy")
@click.argument("name")
@click.option("--force", is_flag=True, help="Replace your templates/NAME.md if it exists.")
@all_or_nothing
def templates_copy(name: str, force: bool) -> None:
    """Copy built-in template NAME into the journal's templates/ folder, to change it there."""
    from journal.atomic import make_private_dir, write_atomic
    from journal.templates import builtin_templates_dir, validate_template_name

    journal = _state().journal()
    validate_template_name(name)
    source = builtin_templates_dir() / f"{name}.md"
    if not source.is_file():
        from journal.errors import TemplateError

        raise TemplateError(f"no built-in template named '{name}'", hint="built-in: " + ", ".join(
            sorted(p.stem for p in builtin_templates_dir().glob("*.md"))))  # fmt: skip
    target = journal.templates_dir / f"{name}.md"
    if target.exists() and not force:
        raise UsageError(f"{journal.relative(target)} already exists", hint="--force replaces it")
    make_private_dir(target.parent)
    write_atomic(target, source.read_bytes())
    echo(str(target))


# ---------------------------------------------------------------- export

EXPORT_FIELDS = (
    "id", "text", "status", "kind", "period", "target", "source", "line", "section",
    "created", "updated", "carried_from", "carried_to", "note", "history",
)  # fmt: skip


def csv_safe(value: Any) -> Any:
    """A CSV field a spreadsheet will not run: text starting with = + - @ tab or CR gets a ' in front."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value


@cli.command()
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
    CSV, history is a JSON string). In CSV, a text field starting with
    = + - @ tab or CR is written with a ' in front, so that a spreadsheet
    shows it rather than runs it as a formula.
    """
    import csv
    import html
    import io
    import json

    journal = _state().journal()
    within = _parse_period(period, journal) if period is not None else None
    ledger = _synced(journal)
    chosen = select_goals(ledger, STATUS_FILTERS["all"], within, None, fiscal=journal.settings.fiscal_year_start,
                          latest_only=False)  # fmt: skip
    rows = [goal.as_dict() for goal in chosen]
    if fmt == "json":
        text = json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            row = {**row, "history": json.dumps(row["history"], ensure_ascii=False)}
            writer.writerow({name: csv_safe(value) for name, value in row.items()})
        text = buffer.getvalue()
    else:
        from journal.extract import STATUS_MARKER

        lines = ["# Goals", ""]
        current = None
        for goal in chosen:
            key = goal.for_period
            if key != current:
                if current is not None:
                    lines.append("")
                lines += [f"## {key}", ""]
                current = key
            marker = STATUS_MARKER.get(goal.status, " ")
            removed = " (removed)" if goal.status == "removed" else ""
            lines.append(f"- [{marker}] {html.escape(goal.text, quote=False)}{removed} `{goal.id}`")
        text = "\n".join(lines) + "\n"
    if output is None:
        echo_document(text)
    else:
        from pathlib import Path

        from journal.atomic import write_output

        write_output(Path(output).absolute(), text.encode("utf-8"))
        echo(f"Exported {len(rows)} goals to {output}", err=True)


# ---------------------------------------------------------------- config


@cli.group()
def config() -> None:
    """Read or change journal.toml (your comments in it are kept).

    \b
    Settings: author (text), default_kind (year, half, quarter, month, week),
    fiscal_year_start (month 1-12), goal_words (comma-separated words).
    """


@config.command(name="get")
@click.argument("key", required=False)
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
def config_get(key: str | None, as_json: bool) -> None:
    """Print setting KEY, or every setting."""
    from journal.config import SETTING_TYPES, get_settings
    from journal.render import print_json

    values = get_settings(_state().journal().root)
    if key is not None and key not in SETTING_TYPES:
        raise UsageError(f"unknown setting '{key}'", hint="settings: " + ", ".join(SETTING_TYPES))
    shown = {key: values[key]} if key is not None else values
    if as_json:
        print_json(shown if key is None else shown[key])
        return
    for name, value in shown.items():
        text = ", ".join(value) if isinstance(value, list) else str(value)
        echo(terminal_safe(text) if key is not None else f"{name} = {terminal_safe(text)}")


@config.command(name="set")
@click.argument("key")
@click.argument("value")
@all_or_nothing
def config_set(key: str, value: str) -> None:
    """Set KEY to VALUE in journal.toml (goal_words: comma-separated)."""
    from journal.atomic import journal_lock
    from journal.config import set_setting

    journal = _state().journal()
    with journal_lock(journal.lock_path):
        set_setting(journal.root, key, value)
    echo(f"{key} set.")


# ---------------------------------------------------------------- extract


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=str))
@click.option("--json", "as_json", is_flag=True, help="One JSON array of items.")
@click.option("--word", "words", multiple=True, metavar="WORD", help="An extra goal word for headings (repeatable).")
def extract(files: tuple[str, ...], as_json: bool, words: tuple[str, ...]) -> None:
    """Print the goals found in any Markdown FILES; no journal needed.

    Each item: file, line, text, kind (checkbox/bullet), done (true/false for
    checkboxes, null for bullets), status, section and target (a period key
    or null).
    """
    from pathlib import Path

    from journal.documents import read_document
    from journal.extract import extract_items
    from journal.periods import period_from_filename
    from journal.render import print_items

    items = []
    for name in files:
        document = read_document(Path(name))
        named = period_from_filename(Path(name).stem)
        period = named[0] if named else None
        try:
            found = extract_items(document.text, document_period=period, goal_words=words)
        except JournalError as exc:
            raise type(exc)(f"{name}: {exc.message}", hint=exc.hint) from None
        items.extend({"file": name, **item.as_dict()} for item in found)
    print_items(items, as_json=as_json, no_color=_state().no_color)


def main() -> None:
    """The `journal` console script."""
    cli(prog_name="journal")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
