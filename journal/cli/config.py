"""The journal itself: `init` makes one, `config` reads and changes journal.toml."""

from __future__ import annotations

import click

from journal.cli.common import all_or_nothing, current_state
from journal.errors import UsageError
from journal.render import echo, terminal_safe


@click.command()
@click.argument("directory", required=False, metavar="[DIR]")
def init(directory: str | None) -> None:
    """Make DIR a journal (default: the journal every command uses).

    Without DIR: --dir, else $JOURNAL_DIR, else the nearest folder upward
    holding journal.toml, else your user data folder. Creates journal.toml
    (commented settings), entries/, ledger/, templates/ and .journal/ (caches
    and the lock). An existing journal is left as it is.

    \b
    Example:
      journal init ~/journal
    """
    from journal.config import checked_folder, find_journal_dir, init_journal

    state = current_state()
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


@click.group()
def config() -> None:
    """Read or change journal.toml (your comments in it are kept).

    \b
    Settings: author (text), default_kind (year, half, quarter, month, week),
    fiscal_year_start (month 1-12), goal_words (comma-separated words).

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
    from journal.config import SETTING_NAMES, get_settings
    from journal.render import print_json

    values = get_settings(current_state().journal().root)
    if key is not None and key not in SETTING_NAMES:
        raise UsageError(f"unknown setting '{key}'", hint="settings: " + ", ".join(SETTING_NAMES))
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
