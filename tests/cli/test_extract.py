"""`journal extract`: the goals in any Markdown files; no journal needed."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import assert_usage_error
from tests.cli.test_core_loop import Q4
from tests.conftest import EXAMPLES, snapshot, write


def test_extract_json_needs_no_journal(tmp_path: Path, run):
    doc = write(tmp_path, "notes/2024-q4.md", Q4)
    items = json.loads(run("extract", "--json", str(doc)).stdout)
    assert items[0] == {
        "file": str(doc),
        "line": 12,
        "text": "Ship the importer",
        "kind": "checkbox",
        "status": "done",
        "section": "Goals for Q4 2024",
        "target": "2024-q4",
        "marker": "x",
        "done": True,
        "owner": None,
        "tags": [],
        "due": None,
        "priority": None,
        "done_on": None,
    }
    assert [i["done"] for i in items] == [True, False, None, False]
    plain = run("extract", str(doc)).stdout.splitlines()
    assert plain[0].split() == ["WHERE", "KIND", "STATUS", "TARGET", "TEXT"]
    assert run("extract", str(tmp_path / "missing.md"), expect=4).stderr.endswith("missing.md: no such document\n")


NOTES = "# Notes\n\n## Epics\n\n- Ship billing\n- [ ] task anywhere\n\n## Next Quarter Goals\n\n- Plan it\n"


def test_extract_plain_output_of_several_files(tmp_path: Path, run, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "2025-q1.md", NOTES)
    write(tmp_path, "undated.md", "- [x] anywhere\n")
    assert run("extract", "2025-q1.md", "undated.md").stdout == (
        "WHERE          KIND      STATUS  TARGET   TEXT\n"
        "2025-q1.md:6   checkbox  open    2025-q1  task anywhere\n"
        "2025-q1.md:10  bullet    open    2025-q2  Plan it\n"
        "undated.md:1   checkbox  done    -        anywhere\n"
    )


def test_extract_word_adds_goal_headings(tmp_path: Path, run):
    doc = write(tmp_path, "2025-q1.md", NOTES)
    items = json.loads(run("extract", "--json", "--word", "epics", str(doc)).stdout)
    assert [(i["line"], i["text"], i["section"], i["target"], i["done"]) for i in items] == [
        (5, "Ship billing", "Epics", "2025-q1", None),
        (6, "task anywhere", "Epics", "2025-q1", False),
        (10, "Plan it", "Next Quarter Goals", "2025-q2", None),
    ]
    assert len(json.loads(run("extract", "--json", str(doc)).stdout)) == 2


def test_extract_reads_the_example_documents_without_a_journal(tmp_path: Path, run):
    report = EXAMPLES / "entries" / "2024-q4-report.md"
    items = json.loads(run("extract", "--json", str(report)).stdout)
    assert [i["line"] for i in items] == [75, 76, 77, 78, 98, 99, 100, 101, 102]  # nothing from the code blocks
    assert {i["target"] for i in items[4:]} == {"2025-q1"}


def test_extract_with_no_goals_says_so_on_stderr(tmp_path: Path, run):
    doc = write(tmp_path, "plain.md", "Just prose.\n")
    result = run("extract", str(doc))
    assert (result.stdout, result.stderr) == ("", "No goals found.\n")
    assert run("extract", "--json", str(doc)).stdout.strip() == "[]"


def test_extract_errors_are_one_line_and_write_nothing(tmp_path: Path, run, journal_dir: Path):
    before = snapshot(journal_dir)
    latin = tmp_path / "latin.md"
    latin.write_bytes(b"- [ ] caf\xe9\n")
    assert run("extract", str(latin), expect=4).stderr == f"Error: {latin}:1: not UTF-8 text (byte 9)\n"
    assert_usage_error(run("extract", expect=2), "Missing argument 'FILES...'.", "extract")
    assert_usage_error(
        run("extract", str(tmp_path), expect=2),
        f"Invalid value for 'FILES...': File '{tmp_path}' is a directory.",
        "extract",
    )
    assert_usage_error(run("extract", "--bogus", str(latin), expect=2), "No such option '--bogus'.", "extract")
    assert snapshot(journal_dir) == before
