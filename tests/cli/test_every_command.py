"""Every command the CLI lists, run with no arguments, a bad argument, an unknown option and --help.

The list comes from the CLI itself (commands added later are checked too): each run either succeeds or
says one `Error:` line on stderr with a non-zero exit, and each help text shows an example run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from journal.cli import cli
from tests.test_help import command_paths


def _invoke(args: list[str], tmp_path: Path) -> tuple[int, str, str]:
    """Run journal in-process, answering any prompt with end of input; an editor that changes nothing."""
    env = {"EDITOR": "true", "VISUAL": "true", "HOME": str(tmp_path / "home")}
    result = CliRunner().invoke(cli, args, input="", env=env, catch_exceptions=False, prog_name="journal")
    return result.exit_code, result.stdout, result.stderr


def assert_one_line_rule(args: list[str], code: int, stderr: str) -> None:
    """Success, or exactly one `Error:` line on stderr and a non-zero exit."""
    if code == 0:
        assert not any(line.startswith("Error") for line in stderr.splitlines()), (args, stderr)
        return
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), (args, code, stderr)
    assert "Traceback" not in stderr and "internal error" not in stderr, (args, stderr)


@pytest.fixture
def in_journal(example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example journal, synced, as the current folder (so `init BAD` or an output file lands in tmp)."""
    monkeypatch.chdir(example)
    assert _invoke(["sync"], tmp_path)[0] == 0
    return example


@pytest.mark.parametrize("path", command_paths(cli), ids=" ".join)
def test_no_arguments_bad_argument_and_unknown_option_are_each_one_line(path: tuple[str, ...], in_journal, tmp_path):
    for extra in ([], ["%no such thing%"], ["--no-such-option"], ["Q5", "20x5"]):
        code, _out, err = _invoke([*path, *extra], tmp_path)
        assert_one_line_rule([*path, *extra], code, err)
    code, _out, err = _invoke([*path, "--no-such-option"], tmp_path)
    assert code == 2 and "No such option" in err


@pytest.mark.parametrize("path", command_paths(cli), ids=" ".join)
def test_help_shows_an_example_run(path: tuple[str, ...], tmp_path):
    code, out, err = _invoke([*path, "--help"], tmp_path)
    assert code == 0 and not err
    name = " ".join(path)
    examples = re.findall(rf"^\s+(?:\$ )?journal {re.escape(name)}\b.*$", out, re.MULTILINE)
    assert examples, f"'journal {name} --help' shows no example ('journal {name} ...' on a line of its own):\n{out}"


def test_the_root_without_a_command_and_with_an_unknown_one_is_one_line(tmp_path):
    for args in ([], ["frobnicate"], ["--no-such-option"]):
        code, _out, err = _invoke(args, tmp_path)
        assert code == 2
        assert_one_line_rule(args, code, err)
