"""The documents' words indexed for `search` (journal.search_index): a search reads only the documents that can match.

The index is only a cache: each test compares `journal search` with the
answer of a journal without `.journal/`, after hand edits (one keeping the
mtime), documents added, renamed and deleted, a damaged index and non-ASCII
documents; a property test checks that no document that can match is left out.
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
from journal.search_index import INDEX_FILE, WordIndex
from tests.conftest import write

DOCUMENTS = {
    "entries/2024-q4.md": "# Q4 2024\n\n## Goals\n\n- [x] Ship the pipeline importer\n- [ ] Write the RFC\n",
    "entries/2025-q1.md": "# Q1 2025\n\n## Goals\n\n- [ ] Tune the build Pipelines\n\nOn-call went fine.\n",
    "entries/2025-01.md": "# January 2025\n\n## Goals\n\n- [ ] Book the venue\n",
    "entries/2025-02.md": "# February 2025\n\n## Goals\n\n- [ ] Café talk: data-pipeline\n",
}
PATTERNS = ["pipeline", "PIPE", "on-call", "the venue", "rfc", "café", "a", "-", "q1 2025"]


@pytest.fixture
def journal(journal_dir: Path, run) -> Path:
    for name, text in DOCUMENTS.items():
        write(journal_dir, name, text)
    run("sync")
    return journal_dir


def answers(run) -> list[str]:
    """Every pattern's search, as JSON."""
    return [run("search", pattern, "--json").stdout for pattern in PATTERNS]


def without_cache(run, root: Path) -> list[str]:
    shutil.rmtree(root / ".journal")
    return answers(run)


def lines_of(run, pattern: str) -> list[tuple[str, int]]:
    return [(line["file"], line["line"]) for line in json.loads(run("search", pattern, "--json").stdout)["lines"]]


def test_the_index_is_made_and_answers_as_a_journal_without_it(run, journal: Path):
    first = answers(run)
    assert (journal / ".journal" / INDEX_FILE).is_file()
    assert answers(run) == first
    assert without_cache(run, journal) == first
    assert lines_of(run, "pipeline") == [
        ("entries/2024-q4.md", 5), ("entries/2025-q1.md", 5), ("entries/2025-02.md", 5)
    ]  # fmt: skip


@pytest.mark.parametrize("keep_mtime", [False, True])
def test_a_hand_edit_of_a_document_is_seen(run, journal: Path, keep_mtime: bool):
    answers(run)  # indexed
    venue = journal / "entries" / "2025-01.md"
    before = venue.stat()
    time.sleep(0.05)
    venue.write_bytes(venue.read_bytes().replace(b"Book the venue", b"PIPELINE venue"))  # the same size
    if keep_mtime:
        os.utime(venue, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert ("entries/2025-01.md", 5) in lines_of(run, "pipeline")
    edited = answers(run)
    assert without_cache(run, journal) == edited


def test_documents_added_renamed_and_deleted(run, journal: Path):
    answers(run)
    (journal / "entries" / "2024-q4.md").unlink()
    (journal / "entries" / "2025-01.md").rename(journal / "entries" / "2025-03.md")
    write(journal, "entries/notes/2025-04.md", "# April 2025\n\nA new pipeline.\n")
    changed = answers(run)
    assert ("entries/notes/2025-04.md", 3) in lines_of(run, "pipeline")
    assert not any(name == "entries/2024-q4.md" for name, _line in lines_of(run, "pipeline"))
    assert lines_of(run, "venue") == [("entries/2025-03.md", 5)]
    assert without_cache(run, journal) == changed


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", None])
def test_a_damaged_or_foreign_index_is_ignored(run, journal: Path, damage: bytes | None):
    expected = answers(run)
    if damage is None:  # well-formed marshal, wrong shapes inside
        import marshal

        version = WordIndex(open_journal(journal)[0]).version
        damage = marshal.dumps({"version": version, "names": ["x"], "keys": [], "words": {}})
    (journal / ".journal" / INDEX_FILE).write_bytes(damage)
    assert answers(run) == expected


def test_a_non_ascii_document_is_always_read(run, journal: Path):
    answers(run)
    write(journal, "entries/2025-05.md", "# May 2025\n\nPİPELINE and pipelıne: the dotted and dotless i.\n")
    assert ("entries/2025-05.md", 3) in lines_of(run, "pipeline")
    assert lines_of(run, "pipeline") == lines_of(run, "pipeline")


def test_mostly_gone_documents_start_the_index_again(tmp_path: Path):
    root = tmp_path / "j"
    (root / "entries").mkdir(parents=True)
    journal = open_journal(root, create=True)[0]
    index = WordIndex(journal)
    stats = {}
    for number in range(150):
        path = root / "entries" / f"n{number}.md"
        path.write_bytes(b"word%d pipeline" % number)
        stats[f"entries/n{number}.md"] = path.stat()
        index.record(f"entries/n{number}.md", path.stat(), path.read_bytes().lower())
    index.save(stats)
    again = WordIndex(journal)
    assert again.candidates(stats, "word1") == {f"entries/n{n}.md" for n in [1, *range(10, 20), *range(100, 150)]}
    assert again.candidates(stats, "word1 pipeline") == again.candidates(stats, "word1")
    assert again.candidates(stats, "word1 absent") == set()
    again.save({})  # every document gone: the index starts again
    assert WordIndex(journal).names == []


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(st.text(alphabet="ab c-\nAB", max_size=12), min_size=1, max_size=6),
    quick=st.text(alphabet="ab c-", min_size=1, max_size=4),
    changed=st.sets(st.integers(0, 5)),
)
def test_no_document_that_can_match_is_left_out(tmp_path_factory, texts: list[str], quick: str, changed: set[int]):
    root = tmp_path_factory.mktemp("j")
    (root / "entries").mkdir()
    journal = open_journal(root, create=True)[0]
    index = WordIndex(journal)
    stats = {}
    for number, text in enumerate(texts):
        path = root / "entries" / f"{number}.md"
        path.write_text(text, encoding="ascii")
        stats[path.name] = path.stat()
        index.record(path.name, stats[path.name], text.encode("ascii").lower())
    index.save(stats)
    for number in changed & set(range(len(texts))):  # changed since: indexed anew
        path = root / "entries" / f"{number}.md"
        time.sleep(0.001)
        path.write_text(texts[number][::-1] + " " + quick.upper(), encoding="ascii")
        stats[path.name] = path.stat()
    wanted = WordIndex(journal).candidates(stats, quick)
    for name in stats:
        if quick in (root / "entries" / name).read_text(encoding="ascii").lower():
            assert name in wanted


def test_a_search_with_nothing_changed_writes_no_cache_file(run, journal: Path):
    write(journal, "entries/2025-05.md", "# May 2025\n\nCafé pipeline, not ASCII.\n")
    answers(run)
    state = journal / ".journal"
    before = {path.name: path.stat().st_mtime_ns for path in state.iterdir()}
    assert {"search-words.marshal", "texts.marshal"} <= set(before)
    answers(run)
    assert {path.name: path.stat().st_mtime_ns for path in state.iterdir()} == before
