"""`--dry-run` writes nothing anywhere: every command that has it (found from the CLI itself) is run in an
empty folder tree, with the journal named by --dir, by $JOURNAL_DIR and by the default location, and no
file or folder may appear (issue 11, item 9)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from journal.cli import cli

# A value for each argument a --dry-run command needs, by the argument's name. A new command with
# --dry-run and another required argument fails test_every_dry_run_command_has_sample_arguments
# until its argument is named here.
SAMPLE_ARGUMENTS = {"period_words": ["2025-q3"], "paths": ["{source}"]}  # `new` takes PERIOD as words


def dry_run_commands() -> list[tuple[str, ...]]:
    """The command paths (``("new",)``, ``("config", "set")``) of every command with a --dry-run option."""
    found: list[tuple[str, ...]] = []

    def walk(group: click.Group, path: tuple[str, ...]) -> None:
        context = click.Context(group)
        for name in group.list_commands(context):
            command = group.get_command(context, name)
            if isinstance(command, click.Group):
                walk(command, (*path, name))
            elif any("--dry-run" in getattr(param, "opts", ()) for param in command.params):
                found.append((*path, name))

    walk(cli, ())
    return found


def command_of(path: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for name in path:
        command = command.get_command(click.Context(command), name)
    return command


def arguments_for(path: tuple[str, ...], source: Path) -> list[str]:
    """The command path, its required arguments filled from SAMPLE_ARGUMENTS, and --dry-run."""
    words = list(path)
    for param in command_of(path).params:
        if isinstance(param, click.Argument) and param.required:
            words += [value.format(source=source) for value in SAMPLE_ARGUMENTS[param.name]]
    return [*words, "--dry-run"]


def tree(root: Path) -> set[str]:
    """Every file and folder under ``root``, as relative paths."""
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


def test_the_cli_has_dry_run_commands() -> None:
    assert ("new",) in dry_run_commands() and ("import",) in dry_run_commands()


def test_every_dry_run_command_has_sample_arguments() -> None:
    for path in dry_run_commands():
        for param in command_of(path).params:
            if isinstance(param, click.Argument) and param.required:
                assert param.name in SAMPLE_ARGUMENTS, f"{' '.join(path)}: add a sample value for {param.name}"


@pytest.mark.parametrize("path", dry_run_commands(), ids=" ".join)
@pytest.mark.parametrize("where", ["--dir", "JOURNAL_DIR", "default", "an empty journal folder"])
def test_dry_run_writes_nothing(path: tuple[str, ...], where: str, tmp_path: Path, monkeypatch) -> None:
    source = tmp_path / "notes" / "2025-Q1.md"
    source.parent.mkdir()
    source.write_text("# Q1 2025\n\n## Goals\n\n- [ ] Ship it\n", encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.delenv("JOURNAL_DIR", raising=False)
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    monkeypatch.chdir(home)
    target = tmp_path / "nowhere" / "journal"
    words = arguments_for(path, source)
    if where == "--dir":
        words = ["--dir", str(target), *words]
    elif where == "JOURNAL_DIR":
        monkeypatch.setenv("JOURNAL_DIR", str(target))
    elif where == "an empty journal folder":
        target.mkdir(parents=True)
        monkeypatch.setenv("JOURNAL_DIR", str(target))
    before = tree(tmp_path)
    result = CliRunner().invoke(cli, words, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert tree(tmp_path) == before, f"{' '.join(words)} wrote {sorted(tree(tmp_path) - before)}"


@pytest.mark.parametrize("path", dry_run_commands(), ids=" ".join)
def test_dry_run_in_a_journal_changes_nothing(path: tuple[str, ...], run, example: Path, tmp_path: Path) -> None:
    source = tmp_path / "notes" / "2025-Q1.md"
    source.parent.mkdir()
    source.write_text("# Q1 2025\n\n## Goals\n\n- [ ] Ship it\n", encoding="utf-8")
    run("sync")
    before = {p: p.read_bytes() for p in example.rglob("*") if p.is_file()}
    run(*arguments_for(path, source))
    assert {p: p.read_bytes() for p in example.rglob("*") if p.is_file()} == before
