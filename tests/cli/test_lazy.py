"""The CLI package: commands load lazily, the help listing needs no command module, global options go anywhere."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from journal.cli import COMMANDS, cli
from journal.errors import JournalError
from tests.conftest import modules_after, write

COMMAND_MODULES = sorted({entry.target.partition(":")[0] for entry in COMMANDS.values()})


def test_every_command_is_in_the_mapping_once():
    ctx = click.Context(cli)
    assert cli.list_commands(ctx) == sorted(COMMANDS)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert isinstance(command, click.Command)
        assert command.name == name


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_listing_summary_is_the_commands_own_short_help(name: str):
    """What `journal --help` says of a command without loading it is what the command says of itself."""
    real = cli.get_command(click.Context(cli), name)
    stand_in = COMMANDS[name].summary(name)
    for limit in range(10, 130):
        assert stand_in.get_short_help_str(limit) == real.get_short_help_str(limit), (name, limit)


def test_help_imports_no_command_module(tmp_path: Path):
    loaded = modules_after(["--help"], tmp_path / "j")[0]
    assert not loaded & set(COMMAND_MODULES)


def test_a_command_imports_only_its_own_module(tmp_path: Path):
    loaded = modules_after(["goals", "--help"], tmp_path / "j")[0]
    assert loaded & set(COMMAND_MODULES) == {"journal.cli.goals"}


def test_top_level_help_is_the_same_before_and_after_loading(tmp_path: Path):
    """The listing from summaries (lazy) and from the loaded commands, at several widths, in a fresh process."""
    code = (
        "import click, json\n"
        "from click.testing import CliRunner\n"
        "from journal.cli import cli\n"
        "widths = (60, 80, 100, 200)\n"
        "def listing():\n"
        "    return [CliRunner().invoke(cli, ['--help'], terminal_width=w).stdout for w in widths]\n"
        "lazy = listing()\n"
        "ctx = click.Context(cli)\n"
        "[cli.get_command(ctx, name) for name in cli.list_commands(ctx)]\n"
        "print(json.dumps([lazy, listing()]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    lazy, loaded = json.loads(proc.stdout)
    assert lazy == loaded
    assert all("Commands:" in text for text in lazy)


def test_old_import_paths_still_work():
    from journal.cli import PromptAsker, csv_safe, select_goals
    from journal.exporting import csv_safe as moved_csv_safe
    from journal.queries import select_goals as moved_select_goals

    assert csv_safe is moved_csv_safe
    assert select_goals is moved_select_goals
    assert PromptAsker.__module__ == "journal.cli.review"
    import journal.cli as package

    with pytest.raises(AttributeError):
        _ = package.no_such_name


def test_python_dash_m_runs_the_cli(tmp_path: Path):
    proc = subprocess.run(
        [sys.executable, "-m", "journal.cli", "--version"], capture_output=True, text=True, check=True
    )
    assert proc.stdout.startswith("journal, version")


# ---------------------------------------------------------------- global options after the command


def test_global_options_after_the_command(run, journal_dir: Path, tmp_path: Path):
    write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [ ] Ship it\n")
    before = run("--no-color", "goals").stdout
    assert "Ship it" in before
    assert run("goals", "--no-color").stdout == before

    other = tmp_path / "other"
    run("init", str(other))
    write(other, "entries/2025-q1.md", "# Goals\n\n- [ ] Elsewhere\n")
    elsewhere = run("goals", "--dir", str(other)).stdout
    assert "Elsewhere" in elsewhere
    assert "Ship it" not in elsewhere
    assert run("goals", "--dir", str(other)).stdout == run("--dir", str(other), "goals").stdout


def test_debug_after_the_command_shows_the_traceback(run):
    plain = run("done", "zzzz", expect=None)
    assert plain.exit_code != 0
    assert plain.stderr.startswith("Error: ") and plain.stderr.count("\n") == 1
    debug = CliRunner().invoke(cli, ["done", "zzzz", "--debug"])
    assert isinstance(debug.exception, JournalError)
    assert isinstance(CliRunner().invoke(cli, ["--debug", "done", "zzzz"]).exception, JournalError)


def test_global_options_after_a_subcommand(run, journal_dir: Path):
    assert run("templates", "show", "quarterly", "--no-color").stdout == run("templates", "show", "quarterly").stdout
    assert run("config", "get", "author", "--no-color").exit_code == 0


def test_global_options_stay_out_of_a_commands_help(run):
    text = run("goals", "--help").stdout
    assert "--no-color" not in text and "--debug" not in text and "--dir" not in text
