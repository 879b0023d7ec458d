"""`journal completion SHELL`: the script each shell sources, and what it completes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from journal.cli.shell import SHELL_RC_LINES
from tests.cli.conftest import assert_usage_error


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_prints_the_script_that_calls_journal_back(run, shell: str):
    script = run("completion", shell).stdout
    assert "_JOURNAL_COMPLETE" in script
    assert f"{shell}_complete" in script  # what the script asks journal for when Tab is pressed
    assert script.endswith("\n")


def test_the_help_shows_the_line_for_each_shells_startup_file(run):
    help_text = run("completion", "--help").stdout
    for line in SHELL_RC_LINES.values():
        assert line in help_text
    assert SHELL_RC_LINES["bash"] == 'eval "$(journal completion bash)"'
    assert SHELL_RC_LINES["fish"] == "journal completion fish | source"


def test_an_unknown_shell_is_one_usage_line(run):
    result = run("completion", "tcsh", expect=2)
    assert_usage_error(result, "Invalid value for 'SHELL': 'tcsh' is not one of 'bash', 'fish', 'zsh'.", "completion")


def test_no_shell_is_one_usage_line_listing_the_shells(run):
    result = run("completion", expect=2)
    assert_usage_error(result, "Missing argument 'SHELL'. Choose from: bash, fish, zsh", "completion")


def _complete(words: str, example: Path) -> list[str]:
    """What bash's Tab offers after ``words`` (the last word is the one being completed)."""
    current = len(words.split()) - 1
    env = {**os.environ, "_JOURNAL_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(current)}
    env["JOURNAL_DIR"] = str(example)
    code = "from journal.cli import main; main()"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return [line.split(",", 1)[1] for line in result.stdout.splitlines() if line]  # nothing to offer: one empty line


def test_tab_completes_commands_periods_and_ids(example: Path):
    shutil.rmtree(example / "ledger", ignore_errors=True)  # as a fresh clone has it: no ledger yet
    assert _complete("journal comp", example) == ["completion"]
    assert "2025-q1" in _complete("journal show 2025", example)
    assert "2024-q4" in _complete("journal review 2024", example)
    assert _complete("journal done 2lf", example) == []  # not synced yet: no ledger, no ids, and no error
