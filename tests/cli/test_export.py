"""`journal export`: the whole ledger as JSON, CSV or Markdown."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

from tests.cli.conftest import assert_usage_error
from tests.conftest import snapshot, write


def test_export_json_csv_markdown(run, journal_dir: Path, tmp_path: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [x] a\n- [ ] b, with a comma\n")
    write(journal_dir, "entries/2024-q4.md", "# Q4\n\n## Goals\n\n- [-] c\n")
    as_json = json.loads(run("export").stdout)
    assert [g["text"] for g in as_json] == ["c", "a", "b, with a comma"]
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv").stdout)))
    assert list(rows[0]) == [
        "id", "text", "status", "kind", "period", "target", "source", "line", "section",
        "created", "updated", "carried_from", "carried_to", "note", "history", "marker", "link_id",
        "owner", "tags", "due", "priority", "done_on", "metric",
        "target_value", "unit", "direction", "cadence",
    ]  # fmt: skip
    assert rows[2]["text"] == "b, with a comma" and json.loads(rows[2]["history"])[0]["status"] == "open"
    markdown = run("export", "--format", "markdown", "--period", "2025").stdout
    assert markdown.startswith("# Goals\n\n## 2025-q1\n\n- [x] a `")
    out = tmp_path / "goals.json"
    run("export", "-o", str(out))
    assert json.loads(out.read_text()) == as_json


def test_export_csv_is_one_exact_row_a_goal(run, journal_dir: Path):
    q1 = '# Q1\n\n## Goals\n\n- [x] Ship "v2", then rest\n- =1+2 looks like a formula\n'
    write(journal_dir, "entries/2025-q1.md", q1)
    goals = json.loads(run("export").stdout)
    ship, formula = goals
    text = run("export", "--format", "csv").stdout
    assert text == (
        "id,text,status,kind,period,target,source,line,section,created,updated,carried_from,carried_to,note,history,marker,"
        "link_id,owner,tags,due,priority,done_on,metric,target_value,unit,direction,cadence\n"
        f'{ship["id"]},"Ship ""v2"", then rest",done,checkbox,2025-q1,2025-q1,entries/2025-q1.md,5,Goals,'
        f'{ship["created"]},{ship["updated"]},,,,'
        f'"[{{""at"": ""{ship["created"]}"", ""status"": ""done"", ""by"": ""document""}}]",,{ship["id"]},,,,,,,,,,\n'
        f"{formula['id']},'=1+2 looks like a formula,open,bullet,2025-q1,2025-q1,entries/2025-q1.md,6,Goals,"
        f"{formula['created']},{formula['updated']},,,,"
        f'"[{{""at"": ""{formula["created"]}"", ""status"": ""open"", ""by"": ""document""}}]",,{formula["id"]}'
        ",,,,,,,,,,\n"
    )


def test_export_markdown_is_a_checklist_by_period(run, journal_dir: Path):
    q1 = "# Q1\n\n## Goals\n\n- [x] a <b>\n- [/] c\n\n## Q2 2025 Priorities\n\n- d\n"
    write(journal_dir, "entries/2025-q1.md", q1)
    doc = write(journal_dir, "entries/2024-q4.md", "# Q4\n\n## Goals\n\n- [-] e\n- [ ] gone\n")
    run("sync")
    doc.write_text("# Q4\n\n## Goals\n\n- [-] e\n")
    ids = {g["text"]: g["id"] for g in json.loads(run("export").stdout)}
    assert run("export", "--format", "markdown").stdout == (
        "# Goals\n\n"
        "## 2024-q4\n\n"
        f"- [-] e `{ids['e']}`\n"
        f"- [ ] gone (removed) `{ids['gone']}`\n\n"
        "## 2025-q1\n\n"
        f"- [x] a &lt;b&gt; `{ids['a <b>']}`\n"
        f"- [/] c `{ids['c']}`\n\n"
        "## 2025-q2\n\n"
        f"- [ ] d `{ids['d']}`\n"
    )


def test_export_json_has_every_goal_and_status(run, example: Path):
    goals = json.loads(run("export").stdout)
    assert len(goals) == 44
    assert list(goals[0]) == [
        "id", "text", "status", "kind", "period", "target", "source", "line", "section",
        "created", "updated", "carried_from", "carried_to", "note", "history", "marker", "link_id",
        "owner", "tags", "due", "priority", "done_on", "metric",
        "target_value", "unit", "direction", "cadence",
    ]  # fmt: skip
    counts: dict[str, int] = {}
    for goal in goals:
        counts[goal["status"]] = counts.get(goal["status"], 0) + 1
    assert counts == {"done": 12, "carried": 12, "dropped": 2, "in_progress": 1, "open": 17}
    within = json.loads(run("export", "--period", "2025-q2").stdout)
    assert [g["target"] for g in within] == ["2025-q2"] * 10


def test_export_to_a_file_says_so_on_stderr(run, journal_dir: Path, tmp_path: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [x] a\n- [ ] b\n")
    out = tmp_path / "goals.csv"
    result = run("export", "--format", "csv", "--output", str(out))
    assert (result.stdout, result.stderr) == ("", f"Exported 2 goals to {out}\n")
    assert out.read_text() == run("export", "--format", "csv").stdout


def test_export_errors_are_one_line_and_write_nothing(run, journal_dir: Path, tmp_path: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [x] a\n")
    run("sync")
    before = snapshot(journal_dir)
    bad = run("export", "--period", "q5-2025", expect=2)
    assert bad.stderr.startswith("Error: not a period: 'q5-2025'") and len(bad.stderr.splitlines()) == 1
    assert_usage_error(
        run("export", "--format", "xml", expect=2),
        "Invalid value for '--format': 'xml' is not one of 'json', 'csv', 'markdown'.",
        "export",
    )
    assert_usage_error(
        run("export", "-o", str(tmp_path), expect=2),
        f"Invalid value for '-o' / '--output': File '{tmp_path}' is a directory.",
        "export",
    )
    missing = tmp_path / "no-such-folder" / "goals.json"
    failed = run("export", "-o", str(missing), expect=8)
    assert failed.stderr == f"Error: cannot write {missing}: No such file or directory\n"
    assert not missing.parent.exists()
    assert snapshot(journal_dir) == before


def test_a_new_output_file_gets_the_mode_the_umask_gives_and_an_old_one_keeps_its_own(
    run, example: Path, tmp_path: Path
):
    """An export (or chart) is for sharing: a new file is 0666 less the umask, as any program's; a file
    that was there keeps the mode its owner gave it."""
    old_umask = os.umask(0o022)
    try:
        run("export", "-o", str(tmp_path / "new.json"))
        assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o644
        kept = tmp_path / "kept.csv"
        kept.write_text("old\n")
        kept.chmod(0o600)
        run("export", "--format", "csv", "-o", str(kept))
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600 and kept.read_text() != "old\n"
    finally:
        os.umask(old_umask)
