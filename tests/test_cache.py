"""The cache (.journal/*.marshal) is derived: deleting, corrupting or bypassing it changes no answer.

Each test builds a small journal, warms the cache (so that it really holds
every ledger file and document: a test of a cache that is not used proves
nothing), changes something, and compares ``goals --all --json`` with the
right answer: the one a run without the cache gives, or the value written by
hand.

The cache keys each ledger file and document on its size, mtime, ctime and
inode (and a document, when those differ, on its content hash). Size and
mtime alone would miss an edit that keeps both (a same-length change, then
the mtime set back, as ``touch -r``, ``cp -p``, ``rsync -t`` or an unpacked
archive do); the ctime, which no tool can set back, sees it.
"""

from __future__ import annotations

import json
import marshal
import os
import shutil
import time
from pathlib import Path

import pytest

from journal.ledger import GOAL_FIELDS
from tests.conftest import write

Q4 = """\
# Q4 2024 Reflection - Ada

## Goals for Q4 2024

- [x] Ship the importer
- [ ] Write the RFC
- [/] Mirror production config in staging

## Q1 2025 Priorities

### Personal Goals

- Run a 10k

### Team Goals

- [ ] Complete GraphQL API migration

```python
CHECKLIST = "- [ ] not a goal"
```
"""

MARCH = """\
# March 2025

## Goals for March 2025

- [ ] Book the venue
- [-] Rewrite the wiki
"""

# ---------------------------------------------------------------- helpers


def answer(run) -> list[dict]:
    """What `journal goals --all --json` says."""
    return json.loads(run("goals", "--all", "--json").stdout)


def by_text(goals: list[dict]) -> dict[str, dict]:
    return {goal["text"]: goal for goal in goals}


# The cache's files: the ledger files' summaries, the documents' stats and hashes, and the goal shards (every
# file of .journal/goals/ at once: "goals/*").
CACHE_FILES = ("ledger.marshal", "documents.marshal", "goals/*")


def cache_file(root: Path, name: str = "ledger.marshal") -> Path:
    """One of the cache's files (not the shards: ``cache_files``)."""
    return root / ".journal" / name


def cache_files(root: Path, name: str) -> list[Path]:
    """The files ``name`` (of CACHE_FILES) stands for: one file, or every goal shard."""
    if name == "goals/*":
        shards = sorted((root / ".journal" / "goals").glob("*.marshal"))
        assert shards, "the cache should hold goal shards by now"
        return shards
    return [cache_file(root, name)]


def _load(path: Path) -> dict:
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def cached(root: Path) -> dict:
    """The cache's parsed ledger files and documents, as one dict."""
    return {
        "ledger": _load(cache_file(root, "ledger.marshal")).get("ledger", {}),
        "documents": _load(cache_file(root, "documents.marshal")).get("documents", {}),
    }


def cache_is_complete(root: Path) -> bool:
    """The cache holds an entry for every ledger file and every document."""
    data = cached(root)
    ledger = {p.name for p in (root / "ledger").glob("*.toml")}
    documents = {p.relative_to(root).as_posix() for p in (root / "entries").glob("*.md")}
    return bool(ledger) and set(data.get("ledger", {})) >= ledger and set(data.get("documents", {})) >= documents


def warm(run, root: Path) -> None:
    """Sync and fill the cache: every ledger file and document has an entry afterwards."""
    run("sync")
    run("goals", "--all", "--json")
    if not cache_is_complete(root):
        # A read-only command may leave the ledger out of the cache; a sync that reads a document saves it.
        march = root / "entries" / "2025-03.md"
        march.write_bytes(march.read_bytes() + b"\nA note, not a goal.\n")
        run("sync")
    assert cache_is_complete(root), "the cache should hold every ledger file and document by now"


def reference(run, root: Path) -> list[dict]:
    """The answer without any cache."""
    shutil.rmtree(root / ".journal", ignore_errors=True)
    return answer(run)


def let_the_clock_tick() -> None:
    """File timestamps come from a coarse clock (a few ms): make sure an edit gets a new ctime."""
    time.sleep(0.05)


def goal_id(run, text: str) -> str:
    return by_text(answer(run))[text]["id"]


def ledger_file(root: Path, period: str) -> Path:
    return root / "ledger" / f"{period}.toml"


def replace_in_goal(path: Path, goal: str, old: str, new: str, *, keep_mtime: bool) -> None:
    """Replace ``old`` by ``new`` in goal ``goal``'s table of a ledger file, by hand.

    With ``keep_mtime`` the file's atime and mtime are set back to what they
    were (nanoseconds) after the edit.
    """
    before = path.stat()
    data = path.read_bytes()
    start = data.index(f"[goals.{goal}]".encode())
    at = data.index(old.encode(), start)
    data = data[:at] + new.encode() + data[at + len(old.encode()) :]
    let_the_clock_tick()
    path.write_bytes(data)
    if keep_mtime:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        after = path.stat()
        assert after.st_mtime_ns == before.st_mtime_ns
        assert after.st_ctime_ns != before.st_ctime_ns  # what a key with the ctime would notice


def edit_document(path: Path, old: str, new: str, *, keep_mtime: bool) -> None:
    """Replace the one ``old`` by ``new`` in a document; with ``keep_mtime``, its mtime is set back."""
    before = path.stat()
    data = path.read_bytes()
    assert data.count(old.encode()) == 1
    let_the_clock_tick()
    path.write_bytes(data.replace(old.encode(), new.encode()))
    if keep_mtime:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert path.stat().st_mtime_ns == before.st_mtime_ns


@pytest.fixture
def journal(journal_dir: Path, run) -> Path:
    """Two documents, synced, with a note written into the ledger by hand; the cache warm."""
    write(journal_dir, "entries/2024-q4.md", Q4)
    write(journal_dir, "entries/2025-03.md", MARCH)
    run("sync")
    rfc = goal_id(run, "Write the RFC")
    path = ledger_file(journal_dir, "2024-q4")
    data = path.read_text(encoding="utf-8")
    header = f"[goals.{rfc}]\n"
    assert header in data
    path.write_text(data.replace(header, f'{header}note = "ask Bo"\n'), encoding="utf-8")
    warm(run, journal_dir)
    assert by_text(answer(run))["Write the RFC"]["note"] == "ask Bo"
    return journal_dir


# ---------------------------------------------------------------- (a) no cache


@pytest.mark.parametrize("name", CACHE_FILES)
def test_deleting_the_cache_gives_the_same_goals(journal: Path, run, name: str):
    before = answer(run)
    for path in cache_files(journal, name):
        path.unlink()
    assert answer(run) == before
    assert cached(journal)["documents"]  # written again ...
    assert answer(run) == before  # ... and used


def test_deleting_the_state_folder_gives_the_same_goals(journal: Path, run):
    before = answer(run)
    shutil.rmtree(journal / ".journal")
    assert answer(run) == before
    assert answer(run) == before


def test_deleting_the_cache_keeps_a_note_written_in_the_ledger_by_hand(journal: Path, run):
    assert by_text(reference(run, journal))["Write the RFC"]["note"] == "ask Bo"


def test_deleting_the_cache_keeps_a_status_set_in_the_ledger_by_hand(journal: Path, run):
    rfc = goal_id(run, "Write the RFC")
    replace_in_goal(ledger_file(journal, "2024-q4"), rfc, 'status = "open"', 'status = "dropped"', keep_mtime=False)
    with_cache = answer(run)
    assert by_text(with_cache)["Write the RFC"]["status"] == "dropped"
    assert reference(run, journal) == with_cache


# ---------------------------------------------------------------- (b) and (c) ledger edited by hand

LEDGER_EDITS = {
    # name: (old, a new value of the same size, a longer one, the field in `goals --json`)
    "note": ('note = "ask Bo"', 'note = "ask Al"', 'note = "ask Bo first"', "note"),
    "status": ('status = "open"', 'status = "done"', 'status = "dropped"', "status"),
    "text": ('text = "Write the RFC"', 'text = "Write the ADR"', 'text = "Write the RFC draft"', "text"),
}


def _value(toml_line: str) -> str:
    return toml_line.split(" = ", 1)[1].strip('"')


@pytest.mark.parametrize("edit", list(LEDGER_EDITS))
def test_a_ledger_edit_keeping_size_and_mtime_is_seen(journal: Path, run, edit: str):
    old, same_size, _longer, name = LEDGER_EDITS[edit]
    assert len(old) == len(same_size)
    rfc = goal_id(run, "Write the RFC")
    replace_in_goal(ledger_file(journal, "2024-q4"), rfc, old, same_size, keep_mtime=True)
    goal = next(g for g in answer(run) if g["id"] == rfc)
    assert goal[name] == _value(same_size)


@pytest.mark.parametrize("edit", list(LEDGER_EDITS))
def test_a_ledger_edit_changing_the_size_is_seen(journal: Path, run, edit: str):
    old, _same_size, longer, name = LEDGER_EDITS[edit]
    rfc = goal_id(run, "Write the RFC")
    replace_in_goal(ledger_file(journal, "2024-q4"), rfc, old, longer, keep_mtime=True)  # mtime kept: size differs
    goal = next(g for g in answer(run) if g["id"] == rfc)
    assert goal[name] == _value(longer)
    assert next(g for g in answer(run) if g["id"] == rfc)[name] == _value(longer)  # and from the new cache


def test_a_ledger_edit_with_a_new_mtime_is_seen(journal: Path, run):
    rfc = goal_id(run, "Write the RFC")
    replace_in_goal(ledger_file(journal, "2024-q4"), rfc, 'note = "ask Bo"', 'note = "ask Al"', keep_mtime=False)
    assert next(g for g in answer(run) if g["id"] == rfc)["note"] == "ask Al"


def test_a_ledger_edit_is_seen_after_the_cache_is_deleted(journal: Path, run):
    rfc = goal_id(run, "Write the RFC")
    replace_in_goal(ledger_file(journal, "2024-q4"), rfc, 'note = "ask Bo"', 'note = "ask Al"', keep_mtime=True)
    assert by_text(reference(run, journal))["Write the RFC"]["note"] == "ask Al"


# ---------------------------------------------------------------- (d) document edited behind the cache


def test_a_document_edit_keeping_size_and_mtime_is_seen(journal: Path, run):
    edit_document(journal / "entries" / "2024-q4.md", "- [ ] Write the RFC", "- [x] Write the RFC", keep_mtime=True)
    assert by_text(answer(run))["Write the RFC"]["status"] == "done"


def test_a_document_edit_keeping_size_and_mtime_is_seen_by_sync_full(journal: Path, run):
    edit_document(journal / "entries" / "2024-q4.md", "- [ ] Write the RFC", "- [x] Write the RFC", keep_mtime=True)
    run("sync", "--full")
    assert by_text(answer(run))["Write the RFC"]["status"] == "done"


def test_a_document_edit_keeping_size_and_mtime_is_seen_without_the_cache(journal: Path, run):
    edit_document(journal / "entries" / "2024-q4.md", "- [ ] Write the RFC", "- [x] Write the RFC", keep_mtime=True)
    assert by_text(reference(run, journal))["Write the RFC"]["status"] == "done"


def test_a_document_edit_keeping_the_size_with_a_new_mtime_is_seen(journal: Path, run):
    edit_document(journal / "entries" / "2024-q4.md", "- [ ] Write the RFC", "- [x] Write the RFC", keep_mtime=False)
    with_cache = answer(run)
    assert by_text(with_cache)["Write the RFC"]["status"] == "done"
    assert reference(run, journal) == with_cache


def test_a_document_edit_changing_the_size_is_seen_with_the_mtime_kept(journal: Path, run):
    path = journal / "entries" / "2025-03.md"
    edit_document(path, "- [ ] Book the venue", "- [ ] Book the venue\n- [ ] Send the invites", keep_mtime=True)
    with_cache = answer(run)
    assert by_text(with_cache)["Send the invites"]["status"] == "open"
    assert reference(run, journal) == with_cache


def test_a_touched_but_unchanged_document_gives_the_same_goals(journal: Path, run):
    before = answer(run)
    let_the_clock_tick()
    (journal / "entries" / "2024-q4.md").touch()
    assert answer(run) == before


# ---------------------------------------------------------------- (e) a corrupted cache


TEXT = GOAL_FIELDS.index("text")


def _stale(real: bytes, version: object = None, drop_version: bool = False) -> bytes:
    """The real cache with every cached goal's text changed (so using it would show: the goal shards hold the
    goals), optionally another version."""
    data = marshal.loads(real)
    for name, (key, blob) in list(data.get("goals", {}).items()):
        rows = [row[:TEXT] + ("STALE " + row[TEXT],) + row[TEXT + 1 :] for row in marshal.loads(blob)]
        data["goals"][name] = (key, marshal.dumps(rows))
    if version is not None:
        data["version"] = version
    if drop_version:
        del data["version"]
    return marshal.dumps(data)


CORRUPTIONS = {
    "garbage": lambda real: b"\x00\xff{not marshal at all",
    "empty": lambda real: b"",
    "truncated": lambda real: real[: len(real) // 2],
    "truncated by one byte": lambda real: real[:-1],
    "a newer version": lambda real: _stale(real, version=(999, (3, 11))),
    "no version": lambda real: _stale(real, drop_version=True),
    "a list": lambda real: marshal.dumps([]),
    "None": lambda real: marshal.dumps(None),
}


def _reshaped(real: bytes, change) -> bytes:
    data = marshal.loads(real)
    change(data)
    return marshal.dumps(data)


def _extra_field(data: dict) -> None:
    for name, (key, blob) in list(data["goals"].items()):
        data["goals"][name] = (key, marshal.dumps([(*row, "unknown") for row in marshal.loads(blob)]))


SHAPE_ERRORS = {
    # Right version, wrong shape: what a bug, or a cache written by another build of journal with the
    # same CACHE_VERSION, would leave.
    "no sections": lambda real: marshal.dumps({"version": marshal.loads(real)["version"]}),
    "sections of the wrong type": lambda real: _reshaped(real, lambda d: d.update(ledger=[], documents=[], goals=[])),
    "an unknown goal field": lambda real: _reshaped(real, _extra_field),
}


@pytest.mark.parametrize("name", CACHE_FILES)
@pytest.mark.parametrize("corruption", list(CORRUPTIONS))
def test_a_corrupted_cache_gives_the_same_goals(journal: Path, run, corruption: str, name: str):
    before = answer(run)
    if name == "documents.marshal" and corruption in ("a newer version", "no version"):
        pytest.skip("the documents file holds no goals to make stale")
    for path in cache_files(journal, name):
        path.write_bytes(CORRUPTIONS[corruption](path.read_bytes()))
    assert answer(run) == before
    assert answer(run) == before


@pytest.mark.parametrize("name", CACHE_FILES)
@pytest.mark.parametrize("corruption", list(SHAPE_ERRORS))
def test_a_cache_of_the_wrong_shape_gives_the_same_goals(journal: Path, run, corruption: str, name: str):
    before = answer(run)
    if name != "goals/*" and corruption == "an unknown goal field":
        pytest.skip("only the goal shards hold goals")
    for path in cache_files(journal, name):
        path.write_bytes(SHAPE_ERRORS[corruption](path.read_bytes()))
    assert answer(run) == before


@pytest.mark.parametrize("name", CACHE_FILES)
def test_a_folder_in_place_of_the_cache_file_gives_the_same_goals(journal: Path, run, name: str):
    before = answer(run)
    for path in cache_files(journal, name):
        path.unlink()
        path.mkdir()
    assert answer(run) == before


def test_a_document_gone_with_its_ledger_file_leaves_the_cache_after_one_command(journal: Path, run):
    # A document written and synced, then removed together with its ledger file (a backup restored,
    # a `git checkout` of an older state): the cache still lists it. Left there, it would make every
    # later command take the lock and re-read the journal; the first command drops it.
    write(journal, "entries/2025-q3.md", "# Goals\n\n- [ ] Visit the Lisbon office\n")
    run("sync")
    assert "entries/2025-q3.md" in cached(journal)["documents"]
    (journal / "entries/2025-q3.md").unlink()
    ledger_file(journal, "2025-q3").unlink()
    before = answer(run)
    assert "entries/2025-q3.md" not in cached(journal)["documents"]
    assert "Visit the Lisbon office" not in by_text(before)
    assert answer(run) == before
