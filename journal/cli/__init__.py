"""The command line: the root group, its global options, and the one place errors are printed.

Each command group lives in its own module (goals.py, documents.py, review.py, transfer.py,
templates.py, config.py) and is imported only when one of its commands runs (see lazy.py): a
command parses, calls the core, and renders. Heavy libraries (tomlkit, markdown_it, jinja2,
frontmatter, rich) are imported inside the commands that need them, so `journal --help` and
`journal goals` start fast.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TYPE_CHECKING, Any

import click

from journal import __version__
from journal.cli.lazy import LazyCommand, LazyGroup
from journal.errors import JournalError, StorageError
from journal.render import echo, error_text

if TYPE_CHECKING:
    from journal.config import Journal

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

# Every command: where it lives, and its summary for `journal --help` (tests/cli/test_lazy.py checks it).
COMMANDS = {
    "add": LazyCommand(
        "journal.cli.capture:add", help="Add TEXT as a task (- [ ] TEXT) to a period's document and print its id."
    ),
    "carry": LazyCommand("journal.cli.documents:carry", help="Carry FROM's open goals into TO's existing document."),
    "completion": LazyCommand(
        "journal.cli.shell:completion", help="Print the shell completion script for SHELL (bash, zsh or fish)."
    ),
    "config": LazyCommand(
        "journal.cli.config:config", help="Read or change journal.toml (your comments in it are kept)."
    ),
    "due": LazyCommand(
        "journal.cli.status:due",
        short_help="Everything due: reviews, a missing document, goals past their period, goals carried 3+ times.",
    ),
    "done": LazyCommand(
        "journal.cli.goals:done", help="Mark goals done ([x]); ID may be any unique prefix of a goal id."
    ),
    "drop": LazyCommand("journal.cli.goals:drop", help="Mark goals dropped ([-]), with an optional reason."),
    "edit": LazyCommand(
        "journal.cli.documents:edit",
        help="Open PERIOD's document (default: this period) in $VISUAL or $EDITOR, then sync.",
    ),
    "export": LazyCommand(
        "journal.cli.transfer:export",
        help="Export the whole ledger (every goal, every status) as JSON, CSV or Markdown.",
    ),
    "extract": LazyCommand(
        "journal.cli.transfer:extract", help="Print the goals found in any Markdown FILES; no journal needed."
    ),
    "git": LazyCommand(
        "journal.cli.git:git",
        help="Run git with ARGS in the journal's folder; `journal git init` makes the journal a repository.",
    ),
    "goals": LazyCommand(
        "journal.cli.goals:goals", help="List goals across all periods: id, status, period, age, text, where."
    ),
    "import": LazyCommand(
        "journal.cli.transfer:import_command",
        help="Bring existing Markdown documents (files or folders, recursively) into the journal.",
    ),
    "init": LazyCommand(
        "journal.cli.config:init", help="Make DIR a journal (default: the journal every command uses)."
    ),
    "list": LazyCommand(
        "journal.cli.documents:list_documents",
        help="List the documents by period, with their goal counts and completion.",
    ),
    "markers": LazyCommand(
        "journal.cli.markers:markers",
        help='Print the status characters: which status each task character ("- [?] ask") stands for.',
    ),
    "merge-driver": LazyCommand(
        "journal.cli.merge_driver:merge_driver",
        help="Merge one file for git: BASE, OURS and THEIRS are its three versions; the result is written into OURS.",
        hidden=True,
    ),
    "metrics": LazyCommand(
        "journal.cli.metrics:metrics",
        short_help="Metrics across periods: tables of values by period, with a sparkline; one with NAME.",
    ),
    "new": LazyCommand(
        "journal.cli.documents:new", help="Scaffold PERIOD's document from a template and print its path."
    ),
    "note": LazyCommand(
        "journal.cli.capture:note",
        help="Add a dated note to goal ID: kept in the ledger, written below the goal in its document.",
    ),
    "pull": LazyCommand(
        "journal.cli.git:pull", help="Fetch and merge the other devices' changes, then bring the journal in line."
    ),
    "push": LazyCommand(
        "journal.cli.git:push", help="Send this journal's commits to its remote (`git push`); one line of outcome."
    ),
    "remind": LazyCommand(
        "journal.cli.status:remind", short_help="A daily reminder of what is due (--install, --uninstall)."
    ),
    "reopen": LazyCommand("journal.cli.goals:reopen", help="Mark goals open again ([ ])."),
    "report": LazyCommand(
        "journal.cli.report:report",
        short_help="A period's outcome as a self-contained HTML page or a Markdown section.",
    ),
    "review": LazyCommand(
        "journal.cli.review:review",
        help="Review PERIOD (default: the last ended one with a document): decide each open goal, answer the prompts.",
    ),
    "search": LazyCommand(
        "journal.cli.capture:search",
        help="Find PATTERN in every document: matching lines (period, file:line) and goals (with their status).",
    ),
    "show": LazyCommand("journal.cli.documents:show", help="Show a period's document, or one goal's whole story."),
    "start": LazyCommand("journal.cli.goals:start", help="Mark goals in progress ([/])."),
    "stats": LazyCommand(
        "journal.cli.review:stats",
        short_help="Goals set, done, dropped, carried and open per period, with a chart.",
    ),
    "status": LazyCommand(
        "journal.cli.status:status", short_help="One line for a shell prompt: what needs attention now."
    ),
    "sync": LazyCommand(
        "journal.cli.documents:sync",
        short_help="Re-read changed documents into the ledger; print what changed.",
    ),
    "templates": LazyCommand(
        "journal.cli.templates:templates",
        help="List the templates: built-in ones and yours (templates/NAME.md wins).",
    ),
    "track": LazyCommand(
        "journal.cli.track:track",
        help="Record VALUE as goal ID's measurement today (or --on DATE), in its ledger history.",
    ),
}


class State:
    """Options shared by every command, and the journal, opened on first use."""

    def __init__(self, journal_dir: str | None, debug: bool, no_color: bool) -> None:
        self.journal_dir = journal_dir
        self.debug = debug
        self.no_color = no_color
        self._journal: Journal | None = None
        self.notices: list[str] = []
        self.new_period: str | None = None  # the period this command is the first of (its line is said at the end)
        self.command_ctx: click.Context | None = None  # the running command's context (autocommit names it)

    def notice(self, line: str) -> None:
        """A line for stderr, shown once the command has succeeded (a failed command says one Error line only)."""
        self.notices.append(line)

    def journal(self, *, create: bool = False, dry_run: bool = False) -> Journal:
        """The journal; ``create``: a --dir or $JOURNAL_DIR folder that does not exist yet is made one.

        The default location (the user data folder) is always created on first use; with
        ``dry_run`` nothing is: a journal that does not exist yet is an empty one, in memory.
        """
        if self._journal is None:
            from journal import lock
            from journal.config import open_journal

            # A command that waits for another one's lock says so (the core does not print).
            lock.lock_wait_hook = lambda message: click.echo(message, err=True)
            from journal.cli.progress_bar import install

            install()  # a bar for long work, on a terminal only
            self._journal, created = open_journal(self.journal_dir, create=create, dry_run=dry_run)
            if created is not None:
                echo(f"Created a new journal in {created}", err=True)
            self.command_ctx = click.get_current_context(silent=True)
            if not dry_run:
                from journal.gitrepo import ensure_drivers

                registered = ensure_drivers(self._journal.root)  # a fresh clone: git does not clone .git/config
                if registered is not None:
                    echo(registered, err=True)
            for warning in self._journal.settings.warnings:
                self.notice(f"Warning: {warning}")
            if not dry_run:
                from journal.period_start import period_started

                self.new_period = period_started(self._journal)
        return self._journal


def _set_late_option(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    """A global option given after the command (`journal goals --no-color`): it sets what it would have set before."""
    state = ctx.find_object(State)
    if state is not None and param.name is not None and value not in (None, False):
        setattr(state, param.name, value)


def _late_options() -> list[click.Option]:
    """--dir, --debug and --no-color for a command, hidden from its help (they are the root group's)."""
    common: dict[str, Any] = {"hidden": True, "expose_value": False, "callback": _set_late_option}
    return [
        click.Option(
            ["--dir", "journal_dir"], metavar="DIR", help="The journal folder (see journal --help).", **common
        ),
        click.Option(["--debug"], is_flag=True, help="Show a traceback on errors.", **common),
        click.Option(["--no-color"], is_flag=True, help="No colour in output.", **common),
    ]


def _accept_global_options(command: click.Command) -> None:
    """Let ``command`` (and its subcommands) take the root group's options after its name, once."""
    if getattr(command, "_journal_global_options", False):
        return
    taken = {opt for param in command.params for opt in param.opts}
    command.params.extend(option for option in _late_options() if not taken & set(option.opts))
    command._journal_global_options = True  # type: ignore[attr-defined]
    for sub in getattr(command, "commands", {}).values():
        _accept_global_options(sub)


def _terminal_columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size().columns`` gives it, without importing shutil.

    (shutil brings bz2, lzma and zlib along: a tenth of what `journal --help` imports.)
    """
    import os

    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class JournalContext(click.Context):
    """click's Context, making the help formatter's width as click does, without importing shutil."""

    def make_formatter(self) -> click.HelpFormatter:
        from click import formatting

        width = self.terminal_width
        if width is None and formatting.FORCED_WIDTH is None:
            width = max(min(_terminal_columns(), self.max_content_width or 80) - 2, 50)
        return self.formatter_class(width=width, max_width=self.max_content_width)


class JournalGroup(LazyGroup):
    """Catches JournalError once: one line on stderr and the error's exit code.

    Click's own usage errors are one line too: ``Error: ... (see 'journal new --help')``.
    """

    context_class = JournalContext

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, loaded on first use, taking the global options after its name too."""
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _accept_global_options(command)
        return command

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:  # fmt: skip
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx is not None else self._command_path(args)
            if isinstance(exc, click.exceptions.NoArgsIsHelpError) and exc.ctx is not None:
                names = ", ".join(getattr(exc.ctx.command, "list_commands", lambda _ctx: [])(exc.ctx))
                message = f"{command} needs a command: one of {names}" if names else f"{command} needs an argument"
            else:
                message = " ".join(exc.format_message().split())  # click's choice lists span lines
            click.echo(f"Error: {error_text(message)} (see '{command} --help')", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            click.echo(f"Error: {error_text(exc.format_message())}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(130)  # Ctrl-C (or end of input at a prompt): the shell's convention for SIGINT
        sys.exit(result if isinstance(result, int) else 0)

    def _command_path(self, args: Any) -> str:
        """The command a usage error that click gave no context belongs to, found in ``args``."""
        words = list(sys.argv[1:] if args is None else args)
        path, group = ["journal"], self
        takes_value = {"--dir"}
        position = 0
        while position < len(words):
            word = words[position]
            position += 2 if word in takes_value else 1
            if word.startswith("-"):
                continue
            command = group.get_command(click.Context(group), word) if isinstance(group, click.Group) else None
            if command is None:
                break
            path.append(word)
            group = command
        return " ".join(path)

    def invoke(self, ctx: click.Context) -> Any:
        from journal import changes

        changes.forget()
        if "journal.gitrepo" in sys.modules:
            sys.modules["journal.gitrepo"].forget_identities()  # a test runs many commands in one process
        try:
            result = super().invoke(ctx)
            _after_success(ctx)
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
        except click.Abort:
            _commit_to_git(ctx)  # a review stopped half-way keeps (and commits) the decisions saved so far
            raise
        except (click.exceptions.Exit, click.ClickException):
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


def _after_success(ctx: click.Context) -> None:
    """Once a command has succeeded: its git commit, its notices, the once-a-period line."""
    _commit_to_git(ctx)
    for line in ctx.obj.notices if isinstance(ctx.obj, State) else ():
        echo(line, err=True)
    if isinstance(ctx.obj, State) and ctx.obj.new_period is not None:
        from journal.period_start import period_start_line

        line = period_start_line(ctx.obj.journal(), ctx.obj.new_period)  # after the command: what is left
        if line is not None:
            echo(line, err=True)


def _commit_to_git(ctx: click.Context) -> None:
    """The command's change as one git commit, in a repository with ``[git] autocommit`` (journal.autocommit)."""
    from journal import changes

    recorded = changes.forget()
    state = ctx.obj
    if not isinstance(state, State) or state._journal is None:
        return
    if not recorded.written and (ctx.invoked_subcommand != "sync" or not os.path.lexists(state._journal.root / ".git")):
        return  # nothing to commit: no git process
    from journal.autocommit import autocommit

    command_ctx = state.command_ctx
    name = command_ctx.command_path.partition(" ")[2] if command_ctx is not None else ""
    params = dict(command_ctx.params) if command_ctx is not None else {}
    try:
        lines = autocommit(state._journal, name or str(ctx.invoked_subcommand), params, recorded)
    except Exception as exc:  # the change is saved: a commit that fails must not fail the command
        lines = [f"Warning: the change is saved but not committed to git: {type(exc).__name__}: {exc}"]
    for line in lines:
        echo(line, err=True)


@click.group(cls=JournalGroup, lazy_commands=COMMANDS, context_settings=CONTEXT_SETTINGS)
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


def main() -> None:
    """The `journal` console script."""
    cli(prog_name="journal")


# Names cli.py had before it became this package, as "module:name", imported on first use (the lead removes
# these at the end).
_MOVED = {
    "all_or_nothing": "journal.cli.common:all_or_nothing",
    "_state": "journal.cli.common:current_state",
    "_parse_period": "journal.cli.common:parse_period",
    "_check_before_creating": "journal.cli.common:check_before_creating",
    "_synced": "journal.cli.common:synced",
    "_open_in_editor": "journal.cli.common:open_in_editor",
    "_completion_journal": "journal.cli.completion:_completion_journal",
    "complete_period": "journal.cli.completion:complete_period",
    "complete_goal_id": "journal.cli.completion:complete_goal_id",
    "_change_status": "journal.cli.goals:_change_status",
    "PromptAsker": "journal.cli.review:PromptAsker",
    "REVIEW_KEYS": "journal.cli.review:REVIEW_KEYS",
    "TEMPLATE_VARIABLES": "journal.cli.templates:TEMPLATE_VARIABLES",
    "STATUS_FILTERS": "journal.queries:STATUS_FILTERS",
    "select_goals": "journal.queries:select_goals",
    "EXPORT_FIELDS": "journal.exporting:EXPORT_FIELDS",
    "csv_safe": "journal.exporting:csv_safe",
}


def __getattr__(name: str) -> Any:
    """An old name of cli.py: a moved helper, or a command (`journal.cli.done`; `goals`, `review`, `templates`
    and `config` are now the modules of those names)."""
    import importlib

    if name in _MOVED:
        module, _, attribute = _MOVED[name].partition(":")
        return getattr(importlib.import_module(module), attribute)
    for entry in COMMANDS.values():
        module, _, attribute = entry.target.partition(":")
        if attribute == name and module.rpartition(".")[2] != name:
            return getattr(importlib.import_module(module), attribute)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
