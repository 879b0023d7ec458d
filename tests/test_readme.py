"""The README is true: every ```console block is run and its output compared; every command has a section.

The convention (README "Tests"): each ```console block runs in a fresh copy of examples/ at
~/journal (HOME is a temporary folder; JOURNAL_DIR points at the copy, which is also the current
folder), with JOURNAL_NOW=2025-04-15, NO_COLOR=1, COLUMNS=80, and EDITOR and VISUAL `true`. Each
`$ ` line is run by bash, in order within its block; the lines after it, up to the next `$ ` line,
are exactly its output (stdout, then stderr), the copy's path shown as `~/journal` and HOME as `~`.
Blocks that are not runs are plain ``` blocks.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from journal.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FENCE = re.compile(r"^(`{3,})(\S*)[^\n]*\n(.*?)^\1[ \t]*$", re.MULTILINE | re.DOTALL)


@dataclass
class Run:
    """One `$ command` of a console block and the output the README shows for it."""

    command: str
    expected: str


@dataclass
class ConsoleBlock:
    """A ```console block: where it is (line, section) and its runs."""

    line: int
    section: str
    runs: list[Run]

    @property
    def name(self) -> str:
        return f"README.md:{self.line} ({self.section})"


def console_blocks(text: str) -> list[ConsoleBlock]:
    """Every ```console block of ``text``, with the heading it sits under."""
    blocks = []
    for match in FENCE.finditer(text):
        if match.group(2) != "console":
            continue
        line = text.count("\n", 0, match.start()) + 1
        headings = re.findall(r"^#+ (.*)$", text[: match.start()], re.MULTILINE)
        runs: list[Run] = []
        for body_line in match.group(3).splitlines(keepends=True):
            if body_line.startswith("$ "):
                runs.append(Run(body_line[2:].rstrip("\n"), ""))
            elif runs:
                runs[-1].expected += body_line
            elif body_line.strip():
                raise AssertionError(f"README.md:{line}: a console block starts with output, not a '$ ' line")
        blocks.append(ConsoleBlock(line, headings[-1] if headings else "top", runs))
    return blocks


def is_section_of(heading: str, name: str) -> bool:
    """Whether a heading is the section of command ``name``: `### journal NAME ...`, with or without backticks."""
    return re.match(rf"journal {re.escape(name)}(\s|$)", heading.replace("`", "").strip()) is not None


def listed_commands() -> list[str]:
    """The commands `journal --help` lists, as it lists them."""
    listing = CliRunner().invoke(cli, ["--help"], prog_name="journal").stdout
    commands = listing.split("\nCommands:\n", 1)[1]
    return re.findall(r"^  (\S+)", commands, re.MULTILINE)


def run_block(block: ConsoleBlock, tmp_path: Path) -> list[tuple[str, str, str]]:
    """Run the block's commands in a fresh copy of examples/; (command, expected, actual) for each."""
    home = tmp_path / "home"
    journal_dir = home / "journal"
    shutil.copytree(ROOT / "examples", journal_dir, ignore=shutil.ignore_patterns("ledger", ".journal"))
    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": str(home),
        "JOURNAL_DIR": str(journal_dir),
        "JOURNAL_NOW": "2025-04-15",
        "NO_COLOR": "1",
        "COLUMNS": "80",
        "LANG": "C.UTF-8",
        "TZ": "UTC",
        "EDITOR": "true",
        "VISUAL": "true",
    }
    results = []
    for run in block.runs:
        done = subprocess.run(["bash", "-c", run.command], cwd=journal_dir, env=env, capture_output=True,
                              text=True, stdin=subprocess.DEVNULL, timeout=120, check=False)  # fmt: skip
        actual = (done.stdout + done.stderr).replace(str(journal_dir), "~/journal").replace(str(home), "~")
        results.append((run.command, run.expected, actual))
    return results


BLOCKS = console_blocks(README.read_text(encoding="utf-8"))


def test_the_readme_has_console_blocks_and_each_runs_something():
    assert len(BLOCKS) >= 10
    empty = [block.name for block in BLOCKS if not block.runs]
    assert not empty, f"console blocks with no '$ ' line (make them plain ``` blocks): {empty}"


@pytest.mark.parametrize("block", BLOCKS, ids=[block.name for block in BLOCKS])
def test_console_block_output_is_what_the_commands_print(block: ConsoleBlock, tmp_path: Path):
    for command, expected, actual in run_block(block, tmp_path):
        assert actual == expected, f"{block.name}: $ {command}\n--- README\n{expected}--- printed\n{actual}"


def test_every_listed_command_has_a_section_with_a_real_run():
    text = README.read_text(encoding="utf-8")
    commands = listed_commands()
    assert {"new", "goals", "completion"} <= set(commands)
    headings = re.findall(r"^### (.*)$", text, re.MULTILINE)
    missing = []
    for name in commands:
        if not any(is_section_of(heading, name) for heading in headings):
            missing.append(f"{name}: no '### `journal {name} ...`' section")
        elif not any(is_section_of(block.section, name) and any(
                re.search(rf"(^|[|;&(] *)journal {re.escape(name)}\b", run.command) for run in block.runs)
                for block in BLOCKS):  # fmt: skip
            missing.append(f"{name}: its section has no ```console block running 'journal {name}'")
    assert not missing, "\n".join(missing)


def test_the_top_gives_two_one_line_commands_for_a_fresh_machine():
    text = README.read_text(encoding="utf-8")
    quick = text.split("\n## ", 2)[1]
    assert quick.startswith("Quick start\n"), "the first section is '## Quick start'"
    first = FENCE.search(quick)
    assert first is not None, "a code block with the two commands"
    commands = [line for line in first.group(3).splitlines() if line.strip()]
    assert len(commands) == 2, commands
    assert all(line.startswith("python3 -m venv .venv && ") for line in commands), commands
    assert "journal" in commands[0] and "examples" in commands[0]
    assert "[test]" in commands[1] and "pytest" in commands[1]


def test_console_blocks_are_read_as_the_convention_says():
    text = "# T\n### `journal x`\n```console\n$ journal x\nout\n\n$ journal y | head\n```\n```\n$ not run\n```\n"
    (block,) = console_blocks(text)
    assert block.section == "`journal x`" and block.line == 3
    assert [(run.command, run.expected) for run in block.runs] == [("journal x", "out\n\n"), ("journal y | head", "")]
    with pytest.raises(AssertionError, match="starts with output"):
        console_blocks("```console\noutput\n$ journal x\n```\n")
