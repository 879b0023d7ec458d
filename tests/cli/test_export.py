"""`journal export`: the whole ledger as JSON, CSV or Markdown."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.conftest import write


def test_export_json_csv_markdown(run, journal_dir: Path, tmp_path: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [x] a\n- [ ] b, with a comma\n")
    write(journal_dir, "entries/2024-q4.md", "# Q4\n\n## Goals\n\n- [-] c\n")
    as_json = json.loads(run("export").stdout)
    assert [g["text"] for g in as_json] == ["c", "a", "b, with a comma"]
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv").stdout)))
    assert list(rows[0]) == [
        "id", "text", "status", "kind", "period", "target", "source", "line", "section",
        "created", "updated", "carried_from", "carried_to", "note", "history",
    ]  # fmt: skip
    assert rows[2]["text"] == "b, with a comma" and json.loads(rows[2]["history"])[0]["status"] == "open"
    markdown = run("export", "--format", "markdown", "--period", "2025").stdout
    assert markdown.startswith("# Goals\n\n## 2025-q1\n\n- [x] a `")
    out = tmp_path / "goals.json"
    run("export", "-o", str(out))
    assert json.loads(out.read_text()) == as_json
