"""Every command has help; the fast paths do not import heavy libraries."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from journal.cli import cli
from tests.conftest import modules_after

HEAVY = ("tomlkit", "markdown_it", "jinja2", "frontmatter", "yaml", "rich")


def all_commands() -> list[tuple[str, click.Command]]:
    return sorted(cli.commands.items())


@pytest.mark.parametrize(("name", "command"), all_commands())
def test_every_command_has_help(name: str, command: click.Command):
    assert command.help and len(command.help.strip()) > 20, name
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts}"
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: cli {name}") or result.stdout.startswith(f"Usage: journal {name}")


def test_top_level_help_lists_every_command():
    result = CliRunner().invoke(cli, ["--help"])
    for name, command in all_commands():
        if command.hidden:  # merge-driver: git runs it, people do not
            assert f"  {name}" not in result.stdout
        else:
            assert f"  {name}" in result.stdout


def test_help_imports_no_heavy_library(tmp_path: Path):
    loaded = modules_after(["--help"], tmp_path / "j")[0]
    assert not {name for name in loaded if name.split(".")[0] in HEAVY}


def test_goals_with_nothing_changed_imports_no_heavy_library(tmp_path: Path):
    root = tmp_path / "j"
    (root / "entries").mkdir(parents=True)
    (root / "entries" / "2025-q1.md").write_text("# Goals\n\n- [ ] one\n- [x] two\n")
    modules_after(["sync"], root)
    loaded = modules_after(["goals"], root)[0]
    assert not {name for name in loaded if name.split(".")[0] in HEAVY}


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command the group lists, and the subcommands of its groups, as name paths: ('config', 'get')."""
    ctx = click.Context(group, info_name="journal")
    paths = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths.extend(command_paths(command, (*prefix, name)))
    return paths


def test_every_command_and_subcommand_has_its_own_test_file():
    """tests/cli/test_<command>.py per command, test_<group>_<subcommand>.py per subcommand (hatch's layout)."""
    cli_tests = Path(__file__).resolve().parent / "cli"
    listed = CliRunner().invoke(cli, ["--help"]).stdout
    paths = command_paths(cli)
    assert {path[0] for path in paths} >= {"new", "goals", "done", "config", "templates"}
    missing = []
    for path in paths:
        if len(path) == 1 and not cli.commands[path[0]].hidden:
            assert f"  {path[0]}" in listed, path  # the help lists it
        test_file = cli_tests / f"test_{'_'.join(path).replace('-', '_')}.py"
        if not test_file.is_file() or "\ndef test_" not in test_file.read_text(encoding="utf-8"):
            missing.append(f"{' '.join(path)}: {test_file.relative_to(cli_tests.parent.parent)}")
    assert not missing, "commands without their own test file:\n" + "\n".join(missing)
