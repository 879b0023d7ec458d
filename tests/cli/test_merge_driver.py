"""`journal merge-driver KIND BASE OURS THEIRS PATH`: git's contract (the result in OURS, exit 0 when clean,
1 with git's markers left), for a ledger file and a document."""

from __future__ import annotations

import tomllib
from pathlib import Path

from click.testing import CliRunner

from journal.cli import cli
from journal.documents import conflict_line
from tests.git_helpers import requires_git

pytestmark = requires_git

BASE_DOC = "# Q1\n\n## Goals\n\n- [ ] Run\n- [ ] Read\n- [ ] Write\n\nSome words.\n"


def sides(tmp_path: Path, base: str, ours: str, theirs: str) -> list[str]:
    paths = []
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def merge(kind: str, paths: list[str], name: str):
    return CliRunner().invoke(cli, ["merge-driver", kind, *paths, name], catch_exceptions=False)


def test_a_marker_only_conflict_is_resolved_by_meaning(tmp_path):
    ours = BASE_DOC.replace("- [ ] Run", "- [>] Run").replace("- [ ] Read", "- [>] Read")
    theirs = BASE_DOC.replace("- [ ] Run", "- [x] Run").replace("- [ ] Read", "- [/] Read")
    paths = sides(tmp_path, BASE_DOC, ours, theirs)
    result = merge("document", paths, "entries/2025-q1.md")
    assert result.exit_code == 0, result.output
    assert Path(paths[1]).read_text() == BASE_DOC.replace("- [ ] Run", "- [x] Run").replace("- [ ] Read", "- [>] Read")
    assert result.stderr == ""


def test_a_conflict_in_words_is_left_with_gits_markers_and_said_on_one_line(tmp_path):
    ours = BASE_DOC.replace("Some words.", "Our words.")
    theirs = BASE_DOC.replace("Some words.", "Their words.")
    paths = sides(tmp_path, BASE_DOC, ours, theirs)
    result = merge("document", paths, "entries/2025-q1.md")
    assert result.exit_code == 1
    merged = Path(paths[1]).read_bytes()
    assert conflict_line(merged) is not None
    assert b"Our words." in merged and b"Their words." in merged
    assert result.stderr.count("\n") == 1 and "entries/2025-q1.md: 1 conflict left" in result.stderr


def test_a_document_with_conflict_markers_is_refused_by_every_command(run, journal_dir, tmp_path):
    (journal_dir / "entries").mkdir(exist_ok=True)
    doc = journal_dir / "entries" / "2025-q1.md"
    paths = sides(tmp_path, BASE_DOC, BASE_DOC.replace("Some", "Our"), BASE_DOC.replace("Some", "Their"))
    merge("document", paths, "entries/2025-q1.md")
    doc.write_bytes(Path(paths[1]).read_bytes())
    for command in (["sync"], ["goals"], ["list"]):
        result = run(*command, expect=4)
        assert "conflict" in result.stderr and "2025-q1.md" in result.stderr
        assert result.stderr.count("\n") == 1


LEDGER = """# Goals found in the Q1 2025 documents, kept by journal.

[documents]
"entries/2025-q1.md" = "aaa"

[goals.abcd12]
text = "Run"
status = "open"
kind = "checkbox"
source = "entries/2025-q1.md"
line = 5
section = "Goals"
history = [
    {at = 2025-03-01T09:00:00, status = "open", by = "document"},
]
"""


def test_the_ledger_is_merged_goal_by_goal_and_the_changed_hash_left_out(tmp_path):
    ours = (
        LEDGER.replace('status = "open"\nkind', 'status = "carried"\nkind')
        .replace("\n]\n", '\n    {at = 2025-04-01T09:00:00, status = "carried", from = "open", by = "new"},\n]\n')
        .replace('"aaa"', '"bbb"')
    )
    theirs = (
        LEDGER.replace('status = "open"\nkind', 'status = "done"\nkind')
        .replace("\n]\n", '\n    {at = 2025-04-01T10:00:00, status = "done", from = "open", by = "cli"},\n]\n')
        .replace('"aaa"', '"ccc"')
    )
    paths = sides(tmp_path, LEDGER, ours, theirs)
    result = merge("ledger", paths, "ledger/2025-q1.toml")
    assert result.exit_code == 0, result.output
    text = Path(paths[1]).read_text()
    data = tomllib.loads(text)
    goal = data["goals"]["abcd12"]
    assert goal["status"] == "done"
    assert [entry["status"] for entry in goal["history"]] == ["open", "carried", "done"]
    assert "documents" not in data  # both sides changed the document: the next sync reads it again
    assert text.startswith("# Goals found in the Q1 2025 documents")


def test_a_ledger_side_that_does_not_parse_leaves_a_conflict_and_says_so(tmp_path):
    paths = sides(tmp_path, LEDGER, LEDGER.replace("Run", "Run far"), "this is = = not toml\n")
    result = merge("ledger", paths, "ledger/2025-q1.toml")
    assert result.exit_code == 1
    merged = Path(paths[1]).read_text()
    assert "<<<<<<<" in merged and "Run far" in merged and "not toml" in merged
    assert result.stderr.count("\n") == 1 and "ledger/2025-q1.toml was not merged goal by goal" in result.stderr


def test_a_review_record_adds_up_both_sides_counts(tmp_path):
    base = '# The review\nperiod = "2025-q1"\nstatus = "unfinished"\nsessions = 1\n\n[decisions]\ndone = 1\n'
    ours = base.replace("sessions = 1", "sessions = 2").replace("done = 1", "done = 3")
    theirs = (
        base.replace("sessions = 1", "sessions = 2").replace("unfinished", "finished").replace("done = 1", "done = 2")
    )
    paths = sides(tmp_path, base, ours, theirs)
    result = merge("ledger", paths, "ledger/reviews/2025-q1.toml")
    assert result.exit_code == 0, result.output
    data = tomllib.loads(Path(paths[1]).read_text())
    assert data == {"period": "2025-q1", "status": "finished", "sessions": 3, "decisions": {"done": 4}}


def test_an_unknown_kind_is_a_usage_error(tmp_path):
    paths = sides(tmp_path, "", "", "")
    result = CliRunner().invoke(cli, ["merge-driver", "picture", *paths])
    assert result.exit_code == 2
