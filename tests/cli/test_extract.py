"""`journal extract`: the goals in any Markdown files; no journal needed."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_core_loop import Q4
from tests.conftest import write


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
        "done": True,
    }
    assert [i["done"] for i in items] == [True, False, None, False]
    plain = run("extract", str(doc)).stdout.splitlines()
    assert plain[0].split() == ["WHERE", "KIND", "STATUS", "TARGET", "TEXT"]
    assert run("extract", str(tmp_path / "missing.md"), expect=4).stderr.endswith("missing.md: no such document\n")
