"""The journal itself: `init` makes one, `config` reads and changes journal.toml."""

from __future__ import annotations

import click

from journal.cli.common import all_or_nothing, current_state
from journal.errors import UsageError
from journal.render import echo, terminal_safe


@click.command()
@click.argument("directory", required=False, metavar="[DIR]")
@click.option("--obsidian", is_flag=True, help="DIR is an Obsidian vault: its periodic notes are the documents.")
@click.option(
    "--git", "with_git", is_flag=True, help="Make the journal a git repository too (see `journal git init`)."
)
def init(directory: str | None, obsidian: bool, with_git: bool) -> None:
    """Make DIR a journal (default: the journal every command uses).

    Without DIR: --dir, else $JOURNAL_DIR, else the nearest folder upward
    holding journal.toml, else your user data folder. Creates journal.toml
    (commented settings), entries/, ledger/, templates/ and .journal/ (caches
    and the lock). An existing journal is left as it is.

    With --obsidian, DIR is an existing vault: journal.toml sets entries = "."
    and [paths] to the vault's periodic notes (from its Periodic Notes or Daily
    notes settings, else Daily/2025-03-14.md, Weekly/2025-W11.md,
    Quarterly/2025-Q1.md ...); only journal.toml, ledger/ and .journal/ are
    added, and notes that name no period are left alone.

    With --git, the journal is a git repository too: `journal git init`
    (.gitignore, .gitattributes, merge drivers, `[git] autocommit = true`,
    a first commit); every writing command then commits its change.

    \b
    Examples:
      journal init --obsidian ~/vault
      journal init --git ~/journal
    """
    from journal.config import checked_folder, find_journal_dir, init_journal

    state = current_state()
    if directory:
        root = checked_folder(directory, "DIR")
    else:
        root, _default = find_journal_dir(state.journal_dir)
    if obsidian:
        _init_obsidian(root)
    else:
        existed = (root / "journal.toml").exists()
        created = init_journal(root)
        if not existed:
            echo(f"Initialised a journal in {root}")
        elif created:
            echo(f"{root} was already a journal; added {', '.join(created)}.")
        else:
            echo(f"{root} is already a journal; nothing changed.")
    if with_git:
        _init_git(root)


def _init_git(root) -> None:
    from journal.cli.git import make_repository
    from journal.config import Journal, load_settings

    make_repository(Journal(root=root, settings=load_settings(root)))


def _init_obsidian(root) -> None:
    from journal.obsidian import init_obsidian

    created, paths, notes = init_obsidian(root)
    for note in notes:
        echo(f"Note: {terminal_safe(note)}", err=True)
    if not created:
        return
    echo(f"Initialised a journal in the Obsidian vault {terminal_safe(str(root))}")
    for kind, pattern in paths.items():
        echo(f"  {kind:<8} {terminal_safe(pattern)}")


@click.group()
def config() -> None:
    """Read or change journal.toml (your comments in it are kept).

    \b
    Settings: author (text), default_kind (year, half, quarter, month, week, day),
    fiscal_year_start (month 1-12), goal_words (comma-separated words).
    `get` also prints entries, [paths] and [statuses], which are edited in
    journal.toml itself.

    \b
    Examples:
      journal config get default_kind
      journal config set author "Dana Whitfield"
    """


@config.command(name="get")
@click.argument("key", required=False)
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
def config_get(key: str | None, as_json: bool) -> None:
    """Print setting KEY, or every setting.

    \b
    Example:
      journal config get author
    """
    from journal.config import get_settings
    from journal.render import print_json

    values = get_settings(current_state().journal().root)
    if key is not None and key not in values:
        raise UsageError(f"unknown setting '{key}'", hint="settings: " + ", ".join(values))
    shown = {key: values[key]} if key is not None else values
    if as_json:
        print_json(shown if key is None else shown[key])
        return
    for name, value in shown.items():
        if isinstance(value, dict):  # a table: [paths] kind = pattern, [statuses] character = status
            text = ", ".join(f"{k} = {v}" for k, v in value.items())
        else:
            text = ", ".join(value) if isinstance(value, list) else str(value)
        echo(terminal_safe(text) if key is not None else f"{name} = {terminal_safe(text)}")


@config.command(name="set")
@click.argument("key")
@click.argument("value")
@all_or_nothing
def config_set(key: str, value: str) -> None:
    """Set KEY to VALUE in journal.toml (goal_words: comma-separated).

    \b
    Example:
      journal config set fiscal_year_start 4
    """
    from journal.config import set_setting
    from journal.lock import journal_lock

    journal = current_state().journal()
    with journal_lock(journal.lock_path):
        set_setting(journal.root, key, value)
    echo(f"{key} set.")
