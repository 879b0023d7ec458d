"""carry_links with many new goals at once (what `journal new` syncs): a ledger file's cached words are split
into lines and matched against the wanted set, instead of searching them once per wanted word; both ways keep
every file that holds a wanted word, and the links made are those made without the cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.carry_links import _SEARCHED_LINES, _may_hold
from journal.config import open_journal
from journal.ledger import load_ledger
from tests.conftest import snapshot, write
from tests.lazy_helpers import eight_quarters_then_q1, quarter, watch_linking

words = st.text(st.characters(blacklist_characters="\n", blacklist_categories=("Cs",)), min_size=1, max_size=6)


@given(st.lists(st.one_of(words, st.just("")), max_size=8), st.sets(words, min_size=1, max_size=10))
def test_split_and_search_agree_on_what_a_file_holds(kept_lines: list[str], wanted: set[str]):
    kept = "\n".join(kept_lines)
    holds = any(line in wanted for line in kept_lines)
    lines = ["\n" + w + "\n" for w in wanted]
    assert _may_hold(kept, wanted, None) == holds
    assert _may_hold(kept, wanted, lines) == holds


@pytest.fixture
def journal(journal_dir: Path, run, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    return eight_quarters_then_q1(journal_dir, run, [f"Carry {n}" for n in range(8)] + ["Stay"])


def _links(root: Path) -> list[tuple]:
    ledger = load_ledger(open_journal(root)[0])
    return sorted(
        (g.source, g.line, g.status, g.carried_from is not None, g.carried_to is not None)
        for g in ledger.goals.values()
    )


def test_many_new_goals_decode_only_the_files_holding_their_words(journal: Path, run, monkeypatch):
    decoded = watch_linking(monkeypatch)
    goals = [f"Carry {n}" for n in range(8)] + ["Brand new"]
    assert len(goals) > _SEARCHED_LINES  # the split path
    write(journal, "entries/2025-q2.md", quarter(2025, 2, goals))
    run("sync")
    assert decoded == [["2025-q1"]]
    carried = [row for row in _links(journal) if row[0] == "entries/2025-q1.md"]
    assert [row[2:] for row in carried] == [("carried", False, True)] * 8 + [("open", False, False)]


def test_many_new_goals_link_as_without_the_cache(journal: Path, run, tmp_path: Path):
    twin = tmp_path / "twin"
    shutil.copytree(journal, twin)
    shutil.rmtree(twin / ".journal")
    for root in (journal, twin):
        write(root, "entries/2025-q2.md", quarter(2025, 2, [f"carry {n}" for n in range(8)] + ["Goal 2024 4 1"]))
        run("--dir", str(root), "sync")
    assert snapshot(journal) == snapshot(twin)
    linked = [row for row in _links(journal) if row[0] == "entries/2025-q2.md"]
    # Q1's eight continue here; 2024-q4's words are two quarters back: not continued.
    assert [row[2:] for row in linked] == [("open", True, False)] * 8 + [("open", False, False)]
