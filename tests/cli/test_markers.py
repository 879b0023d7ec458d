"""`journal markers`: the status characters of this journal, built-in and from journal.toml."""

from __future__ import annotations

import json
from pathlib import Path

TABLE = """\
open         [ ] [<] [?] [!] [*] ["] [b] [B] [i] [I] [l] [L] [S] [p] [P] [c]
             [C] [f] [F] [k] [w] [W] [u] [n] [N] [D] [R] [Q] [E] [A] [r] [T]
             [t] [O] [H] [s] [@] [+] [~] [&]
in progress  [/] [d]
done         [x] [X]
carried      [>]
dropped      [-]
"""


def test_markers_prints_the_built_in_table_by_status(run):
    result = run("markers")
    assert result.stdout == TABLE
    assert result.stderr == ""


def test_markers_shows_what_journal_toml_changes_and_adds(run, journal_dir: Path):
    (journal_dir / "journal.toml").write_text('[statuses]\n"?" = "in_progress"\n"a" = "dropped"\n')
    lines = run("markers").stdout.splitlines()
    assert lines[3] == "in progress  [/] [?] [d]"
    assert lines[6] == "dropped      [-] [a]"
    assert lines[-1] == "From journal.toml: [?] [a]"
    rows = {row["character"]: row for row in json.loads(run("markers", "--json").stdout)}
    assert rows["?"] == {"character": "?", "status": "in_progress", "name": "question", "from": "journal.toml"}
    assert rows["a"] == {"character": "a", "status": "dropped", "name": "yours", "from": "journal.toml"}
    assert rows["x"] == {"character": "x", "status": "done", "name": "done", "from": "journal"}
    assert rows["d"] == {"character": "d", "status": "in_progress", "name": "doing", "from": "built-in"}


def test_markers_with_a_bad_table_is_a_one_line_config_error(run, journal_dir: Path):
    (journal_dir / "journal.toml").write_text('[statuses]\n"-" = "open"\n')
    result = run("markers", expect=5)
    assert result.stderr == (
        f"Error: {journal_dir / 'journal.toml'}: statuses: [-] is journal's own mark for dropped and cannot change\n"
    )


def test_config_set_statuses_says_to_edit_journal_toml(run, journal_dir: Path):
    before = (journal_dir / "journal.toml").read_bytes()
    result = run("config", "set", "statuses", "?=open", expect=2)
    assert result.stderr == (
        "Error: 'statuses' is a table: edit it in journal.toml "
        "([statuses] \"?\" = \"open\"; 'journal statuses' shows it)\n"
    )
    assert (journal_dir / "journal.toml").read_bytes() == before
