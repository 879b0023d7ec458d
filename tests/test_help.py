"""Every command has help; the fast paths do not import heavy libraries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from journal.cli import cli

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
    for name, _command in all_commands():
        assert f"  {name}" in result.stdout


def _modules_after(args: list[str], env_dir: Path) -> set[str]:
    code = (
        "import sys, json\n"
        "from journal.cli import cli\n"
        f"try:\n    cli({args!r}, prog_name='journal')\n"
        "except SystemExit:\n    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"JOURNAL_DIR": str(env_dir), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
        check=True,
    )
    return set(json.loads(proc.stderr.strip().splitlines()[-1]))


def test_help_imports_no_heavy_library(tmp_path: Path):
    loaded = _modules_after(["--help"], tmp_path / "j")
    assert not {name for name in loaded if name.split(".")[0] in HEAVY}


def test_goals_with_nothing_changed_imports_no_heavy_library(tmp_path: Path):
    root = tmp_path / "j"
    (root / "entries").mkdir(parents=True)
    (root / "entries" / "2025-q1.md").write_text("# Goals\n\n- [ ] one\n- [x] two\n")
    _modules_after(["sync"], root)
    loaded = _modules_after(["goals"], root)
    assert not {name for name in loaded if name.split(".")[0] in HEAVY}
