"""Taking a journal anywhere: shell completion, JSON and no colour wherever lists are printed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import write


def test_shell_completion_completes_commands_periods_and_ids(journal_dir: Path, run):
    write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [ ] finish the thing\n")
    goal_id = json.loads(run("goals", "--json").stdout)[0]["id"]

    def complete(words: str) -> list[str]:
        env = {
            **os.environ,
            "_JOURNAL_COMPLETE": "bash_complete",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
            "JOURNAL_DIR": str(journal_dir),
        }
        proc = subprocess.run(
            [sys.executable, "-c", "from journal.cli import main; main()"], env=env, capture_output=True, text=True
        )
        assert proc.returncode == 0, proc.stderr
        return [line.split(",", 1)[1] for line in proc.stdout.splitlines()]

    assert "review" in complete("journal rev")
    assert complete("journal review 2025") == ["2025-q1"]
    assert complete(f"journal done {goal_id[:2]}") == [goal_id]
    script = subprocess.run(
        [sys.executable, "-c", "from journal.cli import main; main()"],
        env={**os.environ, "_JOURNAL_COMPLETE": "zsh_source"},
        capture_output=True,
        text=True,
    ).stdout
    assert "compdef" in script


def test_json_and_no_color_everywhere_lists_are_printed(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [ ] a\n")
    for args in (["goals"], ["list"], ["stats"], ["templates"], ["sync"], ["config", "get"]):
        json.loads(run(*args, "--json").stdout)
    assert "\x1b[" not in run("--no-color", "goals").stdout
