"""The goal shards of the cache (``.journal/goals/NN.marshal``, journal.ledger.goal_shards) are only a cache.

A shard that is missing, truncated, of another version, left by a killed
sync, or holding a ledger file as it was before a hand edit that kept the
size and set the mtime back is never believed: every answer is the one a run
without ``.journal/`` gives. A sync of one document rewrites one shard.
"""

from __future__ import annotations

import itertools
import json
import marshal
import os
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.config import Journal, load_settings
from journal.ledger import GOAL_FIELDS
from journal.ledger.cache import Cache
from journal.ledger.goal_shards import SHARDS, shard_of, shard_path
from journal.ledger.reading import load_ledger
from tests.conftest import write

TEXT = GOAL_FIELDS.index("text")
PERIODS = ["2024-q3", "2024-q4", "2025-q1", "2025-q2", "2025-01", "2025-02", "2025-03"]


def _document(period: str) -> str:
    return f"# {period}\n\n## Goals\n\n- [ ] Ship {period} release\n- [x] Plan {period} offsite\n\nSome prose.\n"


def answer(run) -> list[dict]:
    return json.loads(run("goals", "--all", "--json").stdout)


def reference(run, root: Path) -> list[dict]:
    """The answer without any cache (the journal copied, its .journal/ left out)."""
    twin = root.parent / "twin"
    shutil.rmtree(twin, ignore_errors=True)
    shutil.copytree(root, twin, ignore=shutil.ignore_patterns(".journal"), symlinks=True)
    os.environ["JOURNAL_DIR"] = str(twin)
    try:
        return answer(run)
    finally:
        os.environ["JOURNAL_DIR"] = str(root)


def shards(root: Path) -> list[Path]:
    return sorted((root / ".journal" / "goals").glob("*.marshal"))


@pytest.fixture
def journal(journal_dir: Path, run) -> Path:
    """Seven documents synced, so their ledger files' goals sit in several shards."""
    for period in PERIODS:
        write(journal_dir, f"entries/{period}.md", _document(period))
    run("sync")
    assert len({shard_of(f"{period}.toml") for period in PERIODS}) > 1
    assert shards(journal_dir)
    return journal_dir


def _journal(root: Path) -> Journal:
    return Journal(root, load_settings(root))


def _cached_files(root: Path) -> list[str]:
    """The ledger files whose goals the cache gives as they are."""
    cache = Cache(_journal(root))
    return [p.name for p in sorted((root / "ledger").glob("*.toml")) if cache.ledger_entry(p.name, p.stat())]


def test_every_ledger_file_is_cached_in_its_shard(journal: Path):
    assert _cached_files(journal) == [f"{period}.toml" for period in sorted(PERIODS)]
    for period in PERIODS:
        data = marshal.loads(Path(shard_path(journal / ".journal", shard_of(f"{period}.toml"))).read_bytes())
        assert f"{period}.toml" in data["goals"]
    assert all(0 <= shard_of(f"{period}.toml") < SHARDS for period in PERIODS)


def _stale_text(data: bytes) -> bytes:
    shard = marshal.loads(data)
    for name, (key, blob) in list(shard["goals"].items()):
        rows = [row[:TEXT] + ("STALE " + row[TEXT],) + row[TEXT + 1 :] for row in marshal.loads(blob)]
        shard["goals"][name] = (key, marshal.dumps(rows))
    return marshal.dumps(shard)


def _other_version(data: bytes) -> bytes:
    shard = marshal.loads(_stale_text(data))
    shard["version"] = (shard["version"][0] + 1, shard["version"][1])
    return marshal.dumps(shard)


DAMAGE = {
    "missing": None,
    "empty": lambda data: b"",
    "truncated": lambda data: data[: len(data) // 2],
    "of another version": _other_version,
    "not a dict": lambda data: marshal.dumps(["goals"]),
    "entries of the wrong shape": lambda data: marshal.dumps({**marshal.loads(data), "goals": {"x": 1}}),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_shard_is_a_miss(journal: Path, run, damage: str):
    before = answer(run)
    for path in shards(journal):
        change = DAMAGE[damage]
        if change is None:
            path.unlink()
        else:
            path.write_bytes(change(path.read_bytes()))
    assert _cached_files(journal) == []
    assert answer(run) == before == reference(run, journal)
    ledger = load_ledger(_journal(journal), Cache(_journal(journal)), lazy=True)
    assert all(not goal.text.startswith("STALE") for goal in ledger.goals.values())


def test_a_shard_holding_a_file_as_it_was_before_a_hand_edit_is_not_believed(journal: Path, run):
    """The edit keeps the size and sets the mtime back: only the ctime tells; the shard's entry is for the old key."""
    path = journal / "ledger" / "2025-q1.toml"
    before = path.stat()
    data = path.read_bytes()
    assert data.count(b"Ship 2025-q1 release") == 1
    time.sleep(0.05)  # a new ctime, on file systems with a coarse clock
    path.write_bytes(data.replace(b"Ship 2025-q1 release", b"Ship 2025-q1 RELEASE"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert "2025-q1.toml" not in _cached_files(journal)
    texts = {goal["text"] for goal in answer(run)}
    assert "Ship 2025-q1 RELEASE" in texts and "Ship 2025-q1 release" not in texts
    assert answer(run) == reference(run, journal)


def _append(root: Path, period: str, line: str) -> None:
    with (root / "entries" / f"{period}.md").open("a", encoding="utf-8") as handle:
        handle.write(f"\n{line}\n")


def test_a_sync_of_one_document_rewrites_only_its_shard(journal: Path, run):
    stamps = {path.name: path.stat().st_mtime_ns for path in shards(journal)}
    time.sleep(0.05)
    _append(journal, "2025-02", "A line added.")
    run("sync")
    changed = {path.name for path in shards(journal) if path.stat().st_mtime_ns != stamps.get(path.name)}
    assert changed == {Path(shard_path(journal / ".journal", shard_of("2025-02.toml"))).name}
    assert _cached_files(journal) == [f"{period}.toml" for period in sorted(PERIODS)]


@pytest.mark.parametrize(
    "kept_old", [c for n in range(1, 4) for c in itertools.combinations(("documents", "ledger", "goals"), n)]
)
def test_a_sync_killed_between_its_cache_files_leaves_nothing_believed(journal: Path, run, kept_old: tuple):
    """The cache's files are written one by one (the shards, the index, then the documents file, which vouches for
    the others): any of them as before the sync, the others as after, gives the answer without a cache."""
    state = journal / ".journal"
    old = journal.parent / "old-state"
    shutil.copytree(state, old)
    time.sleep(0.05)
    _append(journal, "2025-03", "- [ ] Book the 2025-03 hall")
    run("sync")
    for part in kept_old:
        if part == "goals":
            shutil.rmtree(state / "goals")
            shutil.copytree(old / "goals", state / "goals")
        else:
            shutil.copy2(old / f"{part}.marshal", state / f"{part}.marshal")
    assert answer(run) == reference(run, journal)
    assert "Book the 2025-03 hall" in {goal["text"] for goal in answer(run)}


def test_a_deleted_ledger_files_entry_leaves_its_shard_when_the_shard_is_written(journal: Path, run):
    name = "2025-01.toml"
    (journal / "entries" / "2025-01.md").unlink()
    (journal / "ledger" / name).unlink()
    # A file of the same shard changes: its shard is written, without the entry of the file gone.
    neighbour = next((p for p in PERIODS if p != "2025-01" and shard_of(f"{p}.toml") == shard_of(name)), None)
    if neighbour is None:
        write(journal, "entries/2025-01.md", _document("2025-01"))  # the same file again, made anew
        neighbour = "2025-01"
    time.sleep(0.05)
    _append(journal, neighbour, "- [ ] One more goal")
    run("sync")
    entries = marshal.loads(Path(shard_path(journal / ".journal", shard_of(name))).read_bytes())["goals"]
    if neighbour != "2025-01":
        assert name not in entries
    assert answer(run) == reference(run, journal)


def test_a_killed_syncs_temporary_shard_is_swept(journal: Path, run):
    leftover = journal / ".journal" / "goals" / ".07.marshal.abcd1234.journal.tmp"
    leftover.write_bytes(b"half-written")
    hour_ago = time.time() - 3600
    os.utime(leftover, (hour_ago, hour_ago))
    _append(journal, "2024-q3", "A line added.")
    run("sync")
    assert not leftover.exists()


def test_deleting_the_goals_folder_changes_no_answer_and_it_comes_back(journal: Path, run):
    before = answer(run)
    shutil.rmtree(journal / ".journal" / "goals")
    assert answer(run) == before
    _append(journal, "2024-q4", "A line added.")
    run("sync")
    assert shards(journal)
    assert answer(run) == before == reference(run, journal)


def _well_formed_before(data: object) -> bool:
    """``links.well_formed`` as it was (it split the text in two; it now counts in place)."""
    if isinstance(data, str):
        ids, nul, links = data.partition("\0")
        if not ids:
            return nul == "\0" and not links
        lines = ids.count("\n") + 1
        return nul == "\0" and links.count("\n") + 1 == lines and links.count("\t") == 3 * lines
    return isinstance(data, tuple) and all(type(row) is tuple and len(row) == 5 for row in data)


@given(st.text(alphabet="ab\n\t\0", max_size=40) | st.lists(st.tuples(st.text(max_size=2)), max_size=3).map(tuple))
def test_the_summary_rows_check_answers_as_before(data):
    from journal.ledger.links import encode_rows, well_formed

    assert well_formed(data) == _well_formed_before(data)
    rows = (("abc123", "open", "2025-q1", None, "def456"), ("def456", "done", "2025-q2", "abc123", None))
    assert well_formed(encode_rows(rows)) and well_formed(encode_rows(()))


def test_a_ledger_file_gone_leaves_the_caches_keys_at_the_next_sync(journal: Path, run):
    """A ledger file deleted by hand (with its document: a `new` undone) stays out of the cache's keys once a
    sync has run: a name kept there would make every later command take the journal for changed."""
    from journal.ledger.reading import ledger_cached

    (journal / "entries" / "2025-q2.md").unlink()
    (journal / "ledger" / "2025-q2.toml").unlink()
    assert "2025-q2.toml" in Cache(_journal(journal)).ledger_keys
    assert not ledger_cached(_journal(journal), Cache(_journal(journal)))
    run("sync")
    cache = Cache(_journal(journal))
    assert "2025-q2.toml" not in cache.ledger_keys
    assert ledger_cached(_journal(journal), cache)
    assert answer(run) == reference(run, journal)
    assert "Ship 2025-q2 release" not in {goal["text"] for goal in answer(run)}
