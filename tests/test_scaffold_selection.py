"""Which goals `journal new` brings in, chosen from the link rows: the same goals, in the same order, as from
every goal, and a lazy ledger decodes only the ledger files that hold them."""

from __future__ import annotations

from pathlib import Path

from journal.config import open_journal
from journal.ledger import Cache, load_ledger
from journal.periods import from_key
from journal.scaffold import planned_goals, unfinished_goals
from tests.conftest import write

DOCUMENTS = {
    "entries/2024-q3.md": "# Q3 2024\n\n## Goals\n\n- [ ] Write the RFC\n- [x] Ship the importer\n",
    "entries/2024-q4.md": "# Q4 2024\n\n## Goals\n\n- [/] Mirror the config\n- [>] Hand over the pager\n"
    "- [-] Rewrite the wiki\n\n## Q1 2025 Priorities\n\n- [ ] Run a 10k\n",
    "entries/2024-12.md": "# December 2024\n\n## Goals\n\n- [ ] Book the venue\n",
    "entries/2023-q2.md": "# Q2 2023\n\n## Goals\n\n- [x] Done long ago\n",
}


def test_the_goals_brought_in_come_from_the_rows_and_decode_only_their_files(journal_dir: Path, run):
    for name, text in DOCUMENTS.items():
        write(journal_dir, name, text)
    run("sync")
    run("sync")
    journal = open_journal(journal_dir)[0]
    period = from_key("2025-q1")
    lazy = load_ledger(journal, Cache(journal), lazy=True)
    planned = planned_goals(lazy, period)
    carried = unfinished_goals(lazy, period, {goal.id for goal in planned})
    assert [goal.text for goal in planned] == ["Run a 10k"]
    assert [goal.text for goal in carried] == ["Mirror the config", "Hand over the pager", "Write the RFC"]
    decoded = {goal.document_period for goal in dict.values(lazy.goals)}
    assert decoded == {"2024-q3", "2024-q4"}  # not the month's file, nor 2023-q2's
    full = load_ledger(journal, Cache(journal))
    assert planned == planned_goals(full, period)
    assert carried == unfinished_goals(full, period, {goal.id for goal in planned})
