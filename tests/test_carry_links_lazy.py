"""carry_links: a new goal is linked to the earlier goal it continues without decoding the ledger files whose
cached words (``identities``) cannot hold it; the links are the ones a full read makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from journal.carry_links import identities
from journal.config import open_journal
from journal.ledger import Cache, Goal, load_ledger
from tests.conftest import snapshot, write
from tests.lazy_helpers import eight_quarters_then_q1, quarter, watch_linking


@pytest.fixture
def journal(journal_dir: Path, run, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    return eight_quarters_then_q1(journal_dir, run, ["Write the RFC #docs", "Hire two engineers"])


def test_only_files_that_may_hold_the_words_are_decoded(journal: Path, run, monkeypatch):
    decoded = watch_linking(monkeypatch)
    write(journal, "entries/2025-q2.md", quarter(2025, 2, ["Write the RFC @dana", "Plan the offsite"]))
    run("sync")
    assert decoded == [["2025-q1"]]  # the files of the 2023 and 2024 quarters were not decoded
    ledger = load_ledger(open_journal(journal)[0])
    rfc = [goal for goal in ledger.goals.values() if goal.text.startswith("Write the RFC")]
    assert [(goal.document_period, goal.carried_from is not None, goal.status) for goal in rfc] == [
        ("2025-q1", False, "carried"),
        ("2025-q2", True, "open"),
    ]


def test_the_links_are_those_made_without_the_cache(journal: Path, run, tmp_path: Path):
    twin = tmp_path / "twin"
    shutil.copytree(journal, twin)
    shutil.rmtree(twin / ".journal")
    for root in (journal, twin):
        write(root, "entries/2025-q2.md", quarter(2025, 2, ["write the rfc", "Hire two engineers", "New"]))
        run("--dir", str(root), "sync")
    assert snapshot(journal) == snapshot(twin)


def test_identities_keep_one_line_per_goal():
    common = {"document_period": "2025-q1", "kind": "checkbox", "source": "entries/2025-q1.md", "line": 5}
    goals = [
        Goal(id="a", text="Ship it #infra", status="open", **common),
        Goal(id="b", text="Gone", status="removed", **common),
        Goal(id="c", text="Carried on", status="carried", carried_to="d", **common),
    ]
    assert identities(goals) == "ship it\n\n"
    assert identities([]) == ""


def test_a_cache_entry_keeps_the_words(journal: Path):
    journal_ = open_journal(journal)[0]
    ledger = load_ledger(journal_, Cache(journal_), lazy=True)
    assert ledger.identities["2025-q1"] == "write the rfc\nhire two engineers"
