"""`journal search`: matching lines with period and file:line, matching goals with their status."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from journal.search import compile_pattern, matching_lines
from tests.conftest import snapshot, write

Q4 = "# Q4 2024\n\n## Goals\n\n- [x] Ship the GraphQL gateway\n- [ ] Write the RFC\n\nGraphQL was slow.\n"
Q1 = "# Q1 2025\r\n\r\n## Goals\r\n\r\n- [/] Finish graphql pagination\r\n\r\nNothing about it here."


@pytest.fixture
def two_quarters(journal_dir: Path) -> Path:
    write(journal_dir, "entries/2024-q4.md", Q4)
    write(journal_dir, "entries/2025-q1.md", Q1)
    return journal_dir


def test_search_lists_lines_in_period_order_then_goals(run, two_quarters: Path):
    out = run("search", "graphql").stdout
    ids = {g["text"]: g["id"] for g in json.loads(run("goals", "--all", "--json").stdout)}
    assert out == (
        "PERIOD   WHERE                 LINE\n"
        "2024-q4  entries/2024-q4.md:5  - [x] Ship the GraphQL gateway\n"
        "2024-q4  entries/2024-q4.md:8  GraphQL was slow.\n"
        "2025-q1  entries/2025-q1.md:5  - [/] Finish graphql pagination\n"
        "\n"
        "ID      STATUS       PERIOD   TEXT                       WHERE\n"
        f"{ids['Ship the GraphQL gateway']}  done         2024-q4  Ship the GraphQL gateway   entries/2024-q4.md:5\n"
        f"{ids['Finish graphql pagination']}  in progress  2025-q1  Finish graphql pagination  entries/2025-q1.md:5\n"
    )


def test_search_goals_period_regex_and_json(run, two_quarters: Path):
    only_goals = run("search", "--goals", "GRAPHQL", "--period", "2025").stdout
    assert only_goals.splitlines()[1].split()[1:3] == ["in", "progress"]
    assert len(only_goals.splitlines()) == 2
    found = json.loads(run("search", "--regex", r"^nothing|rfc$", "--json").stdout)
    assert found["lines"] == [
        {"period": "2024-q4", "file": "entries/2024-q4.md", "line": 6, "text": "- [ ] Write the RFC"},
        {"period": "2025-q1", "file": "entries/2025-q1.md", "line": 7, "text": "Nothing about it here."},
    ]
    assert [g["text"] for g in found["goals"]] == ["Write the RFC"]
    assert [
        m["line"] for m in json.loads(run("search", "graphql", "--period", "q1 2025", "--json").stdout)["lines"]
    ] == [5]


def test_no_match_bad_regex_and_empty_pattern(run, two_quarters: Path):
    run("sync")
    before = snapshot(two_quarters)
    nothing = run("search", "kubernetes")
    assert (nothing.stdout, nothing.stderr) == ("", "No matches.\n")
    bad = run("search", "--regex", "(unclosed", expect=2)
    assert bad.stderr == (
        "Error: not a regular expression: '(unclosed' (missing ), unterminated subpattern at position 0)"
        " (leave out --regex to search the words as typed)\n"
    )
    assert run("search", "(unclosed").stderr == "No matches.\n"  # as typed, no regex
    assert run("search", " ", expect=2).stderr == "Error: the search pattern is empty\n"
    assert snapshot(two_quarters) == before


def test_user_text_is_escaped_on_the_terminal_and_kept_in_json(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\nA \x1b[31mred\x1b[0m line about tea\n")
    out = run("search", "tea").stdout
    assert "\x1b" not in out and "A \\x1b[31mred\\x1b[0m line about tea" in out
    assert (
        json.loads(run("search", "tea", "--json").stdout)["lines"][0]["text"] == "A \x1b[31mred\x1b[0m line about tea"
    )


def test_the_quick_look_never_hides_a_match():
    plain = compile_pattern("Straße")  # not ASCII: the regular expression decides
    assert matching_lines("STRASSE\nstraße\n", plain.regex, None) == [(2, "straße")]
    assert matching_lines("a\nGraphQL\n", compile_pattern("graphql").regex, "graphql") == [(2, "GraphQL")]
    assert matching_lines("a\nb\n", compile_pattern("graphql").regex, "graphql") == []


@pytest.mark.parametrize(
    ("text", "pattern", "expected"),
    [
        ("a\nb a\n", "a", [(1, "a"), (2, "b a")]),
        ("a a a\n", "a", [(1, "a a a")]),
        ("x\r\ny\rz", "y|z", [(2, "y"), (3, "z")]),
        ("one\ntwo\n", "^", [(1, "one"), (2, "two")]),
        ("", "a", []),
    ],
)
def test_matching_lines(text: str, pattern: str, expected):
    assert matching_lines(text, re.compile(pattern, re.MULTILINE)) == expected


def test_plain_patterns_are_words_as_typed():
    assert compile_pattern("a.b").regex.search("axb") is None
    assert compile_pattern("A.B").regex.search("a.b") is not None


def test_a_document_that_cannot_be_read_is_one_error_as_in_every_command(run, two_quarters: Path):
    (two_quarters / "entries" / "2025-q2.md").write_bytes(b"# Q2\n\ngraphql \xff\n")
    result = run("search", "graphql", expect=4)
    assert result.stdout == ""
    assert result.stderr == f"Error: {two_quarters / 'entries' / '2025-q2.md'}:3: not UTF-8 text (byte 14)\n"
