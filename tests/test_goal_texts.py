"""Goal texts cached per ledger file (journal.ledger.texts), so `search` decodes only the goals it finds.

The texts cache is only a cache: each test compares `journal search` (or the
texts it reads) with the answer of a journal without `.journal/`, after hand
edits of ledger files (one that keeps the mtime too), a damaged cache and a
sync that writes during the search.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.config import open_journal
from journal.ledger import Cache, load_ledger
from journal.ledger.lazy import LazyLedger
from journal.ledger.links import row_lives_on
from journal.ledger.texts import TEXTS_FILE, goal_texts
from journal.search import _text_matcher, compile_pattern, matching_lines, matching_texts
from tests.conftest import write
from tests.lazy_helpers import write_and_sync_twice

DOCUMENTS = {
    "entries/2024-q4.md": "# Q4 2024\n\n## Goals\n\n- [x] Ship the pipeline importer\n- [ ] Write the RFC\n"
    "- [ ] Tune the build pipeline\n",
    "entries/2025-q1.md": "# Q1 2025\n\n## Goals\n\n- [ ] Tune the build pipeline\n- [/] Mirror the config\n",
    "entries/2025-01.md": "# January 2025\n\n## Goals\n\n- [ ] Book the venue\n- [-] Retire the old Pipeline\n",
    "entries/2025-02.md": "# February 2025\n\n## Goals\n\n- [ ] Book the venue\n- [ ] Café pipeline talk\n",
}


@pytest.fixture
def journal(journal_dir: Path, run) -> Path:
    """Goals in four ledger files (one carried into a later quarter), synced twice: the cache holds every file."""
    return write_and_sync_twice(journal_dir, run, DOCUMENTS)


def searched(run, *args: str) -> tuple[str, str]:
    """`journal search` as text and as JSON."""
    return run("search", *args).stdout, run("search", *args, "--json").stdout


def without_cache(run, root: Path, *args: str) -> tuple[str, str]:
    """The same search in a journal whose `.journal/` was deleted (then warm again for the next test step)."""
    shutil.rmtree(root / ".journal")
    return searched(run, *args)


def texts_file(root: Path) -> Path:
    return root / ".journal" / TEXTS_FILE


def edit_ledger_text(root: Path, old: str, new: str, *, keep_mtime: bool) -> None:
    """Change a goal's text by hand in its ledger file (optionally setting the mtime back)."""
    for path in sorted((root / "ledger").glob("*.toml")):
        data = path.read_bytes()
        if old.encode() in data:
            before = path.stat()
            time.sleep(0.05)  # a coarse file clock: the edit gets a new ctime
            path.write_bytes(data.replace(old.encode(), new.encode(), 1))
            if keep_mtime:
                os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
            return
    raise AssertionError(f"{old!r} is in no ledger file")


def test_search_writes_the_texts_cache_and_answers_the_same_from_it(run, journal: Path):
    first = searched(run, "pipeline")
    assert texts_file(journal).is_file()
    again = searched(run, "pipeline")
    assert again == first
    assert "Tune the build pipeline" in first[0] and "Café pipeline talk" in first[0]
    assert without_cache(run, journal, "pipeline") == first


@pytest.mark.parametrize("keep_mtime", [False, True])
def test_a_hand_edit_of_a_goal_text_in_the_ledger_is_seen(run, journal: Path, keep_mtime: bool):
    searched(run, "pipeline")  # the texts cached
    old, new = 'text = "Mirror the config"', 'text = "Mirror pipelines!"'  # the same size
    edit_ledger_text(journal, old, new, keep_mtime=keep_mtime)
    found = json.loads(run("search", "--goals", "pipeline", "--json").stdout)
    assert "Mirror pipelines!" in [goal["text"] for goal in found["goals"]]
    edited = searched(run, "--goals", "pipeline")
    assert without_cache(run, journal, "--goals", "pipeline") == edited


@pytest.mark.parametrize("damage", [b"", b"not marshal", None])
def test_a_damaged_or_foreign_texts_cache_is_ignored(run, journal: Path, damage: bytes | None):
    expected = searched(run, "pipeline")
    if damage is None:  # well-formed marshal, wrong shapes inside
        import marshal

        from journal.ledger.texts import GoalTexts

        version = GoalTexts(open_journal(journal)[0]).version
        damage = marshal.dumps({"version": version, "files": {"2024-q4.toml": (1, 2), "2025-q1.toml": None}})
    texts_file(journal).write_bytes(damage)
    assert searched(run, "pipeline") == expected


def test_a_sync_during_the_search_is_searched_as_written(run, journal: Path):
    searched(run, "pipeline")
    march = journal / "entries" / "2025-03.md"
    march.write_text("# March 2025\n\n## Goals\n\n- [ ] Split the pipeline\n", encoding="utf-8")
    (journal / "entries" / "2025-01.md").write_text(
        "# January 2025\n\n## Goals\n\n- [ ] Book the venue\n- [-] Retire the old pipeline today\n", encoding="utf-8"
    )
    during = searched(run, "pipeline")
    assert "Split the pipeline" in during[0] and "Retire the old pipeline today" in during[0]
    assert searched(run, "pipeline") == during
    assert without_cache(run, journal, "pipeline") == during


def pairs(ids_and_texts: tuple[list[str], list[str]]) -> list[tuple[str, str]]:
    ids, texts = ids_and_texts
    assert len(ids) == len(texts)
    return list(zip(ids, texts, strict=True))


def lazy_and_full(root: Path) -> tuple[LazyLedger, object]:
    opened = open_journal(root)[0]
    lazy = load_ledger(opened, Cache(opened), lazy=True)
    assert isinstance(lazy, LazyLedger)
    return lazy, load_ledger(opened, Cache(opened))


def test_goal_texts_are_the_full_ledgers_in_its_order_decoding_nothing_when_cached(run, journal: Path):
    opened = open_journal(journal)[0]
    lazy, full = lazy_and_full(journal)
    expected = [(goal.id, goal.text) for goal in full.goals.values()]
    assert pairs(goal_texts(opened, lazy)) == expected  # the texts cache made (every file decoded once)
    lazy, _full = lazy_and_full(journal)
    assert pairs(goal_texts(opened, lazy)) == expected
    assert not dict.keys(lazy.goals)  # read from the texts cache: no goal decoded
    assert pairs(goal_texts(opened, full)) == expected


def test_goal_texts_see_goals_changed_and_added_in_memory(run, journal: Path):
    opened = open_journal(journal)[0]
    lazy, _full = lazy_and_full(journal)
    goal_texts(opened, lazy)
    lazy, full = lazy_and_full(journal)
    some = next(goal for goal in full.goals.values() if goal.text == "Mirror the config")
    lazy.goals[some.id].text = "Mirror the config, changed"
    added = full.goals[some.id].__class__(**{**vars(some), "id": "zzzz99", "text": "Added in memory"})
    lazy.goals[added.id] = added
    texts = dict(pairs(goal_texts(opened, lazy)))
    assert texts[some.id] == "Mirror the config, changed" and texts["zzzz99"] == "Added in memory"
    assert list(texts) == list(lazy.goals)  # the order a full read gives (this decodes everything)


def test_search_decodes_only_the_ledger_files_of_the_goals_it_finds(run, journal: Path):
    from journal.search import matching_goals

    opened = open_journal(journal)[0]
    goal_texts(opened, lazy_and_full(journal)[0])  # the texts cached
    lazy, full = lazy_and_full(journal)
    found = matching_goals(opened, lazy, compile_pattern("venue"), None)
    assert [goal.text for goal in found] == ["Book the venue"]  # January's lives on in February's
    files = {goal.document_period for goal in found}
    assert set(dict.keys(lazy.goals)) == {g.id for g in full.goals.values() if g.document_period in files}
    assert len(files) == 1 < len(lazy.files)
    assert found == matching_goals(opened, full, compile_pattern("venue"), None)


def test_lives_on_from_the_link_rows_is_the_ledgers(run, journal: Path):
    _lazy, full = lazy_and_full(journal)
    rows = {row[0]: row for row in full.link_rows()}
    assert any(goal.carried_to for goal in full.goals.values())
    for goal in full.goals.values():
        assert row_lives_on(rows, goal.id) == full.lives_on(goal)


@settings(max_examples=300, deadline=None)
@given(
    words=st.text(alphabet="aksiKSI ſK-.*", min_size=1, max_size=4).filter(str.strip),
    text=st.text(alphabet="aksiKSIıİſK \n-.*é", max_size=12),
)
def test_the_quick_text_match_is_the_regular_expressions(words: str, text: str):
    matcher = compile_pattern(words)
    assert _text_matcher(matcher)(text) == (matcher.regex.search(text) is not None)


@settings(max_examples=300, deadline=None)
@given(
    words=st.text(alphabet="aksiKSI ſK-.*", min_size=1, max_size=3).filter(str.strip),
    text=st.text(alphabet="aksiKSIıİſK \n\r-.*é", max_size=30),
)
def test_the_quick_line_search_is_the_regular_expressions(words: str, text: str):
    """A plain ASCII pattern is found by a plain search of the lower-cased text, where that finds the same lines."""
    matcher = compile_pattern(words)
    quick = words.lower() if words.isascii() else None
    expected = matching_lines(text, matcher.regex, None)
    assert matching_lines(text, matcher.regex, quick) == expected
    if text.isascii():
        assert matching_lines(text, matcher.regex, quick, text.lower()) == expected


def test_a_document_with_a_dotted_capital_i_is_searched_by_the_regular_expression(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1 2025\n\nİstanbul: PİPELINE review\nthe pipelıne\n")
    found = json.loads(run("search", "pipeline", "--json").stdout)["lines"]
    assert [line["line"] for line in found] == [3, 4]


@settings(max_examples=300, deadline=None)
@given(
    words=st.text(alphabet="aksiK ſ\n-", min_size=1, max_size=3).filter(str.strip),
    texts=st.lists(st.text(alphabet="aksiKSIıİſK \n-é", max_size=8), max_size=6),
)
def test_the_texts_matched_together_are_those_matched_one_by_one(words: str, texts: list[str]):
    matcher = compile_pattern(words)
    expected = [at for at, text in enumerate(texts) if matcher.regex.search(text)]
    assert matching_texts(texts, matcher) == expected
