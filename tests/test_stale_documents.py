"""Cache.stale_documents: the documents a sync reads again, in one pass, as ``document_sha`` answers them one by one.

A sync of one changed document asks this of every document twice (before the
lock, and under it against the hashes the ledger records), so it answers
without a call per document; these tests hold it to the per-document answer,
including a same-size edit whose mtime was set back (the ctime sees it) and
cache entries of the wrong shape (a miss, and dropped).
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.config import Journal, load_settings
from journal.ledger import Cache, stat_key
from tests.conftest import write

NAMES = [f"entries/2025-0{n}.md" for n in range(1, 6)]
ENTRY_KINDS = ["current", "stale", "missing", "no tuple", "short", "other hash"]


def one_by_one(cache: Cache, documents: dict[str, os.stat_result], recorded: dict[str, str] | None) -> list[str]:
    """The answer as sync gave it before: ``document_sha`` per document."""
    todo = []
    for name, stat in documents.items():
        sha = cache.document_sha(name, stat)
        if sha is None or (recorded is not None and recorded.get(name) != sha):
            todo.append(name)
    return todo


def journal_with_documents(root: Path) -> tuple[Journal, dict[str, os.stat_result]]:
    write(root, "journal.toml", "")
    for name in NAMES:
        write(root, name, f"# {name}\n")
    return Journal(root=root, settings=load_settings(root)), {name: os.stat(root / name) for name in NAMES}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kinds=st.lists(st.sampled_from(ENTRY_KINDS), min_size=len(NAMES), max_size=len(NAMES)),
    with_recorded=st.booleans(),
)
def test_one_pass_answers_as_document_sha_does(tmp_path_factory, kinds: list[str], with_recorded: bool):
    journal, documents = journal_with_documents(tmp_path_factory.mktemp("journal"))
    entries: dict[str, object] = {}
    recorded: dict[str, str] = {}
    for name, kind in zip(NAMES, kinds, strict=True):
        key = stat_key(documents[name])
        recorded[name] = "sha-" + name
        if kind in ("current", "other hash"):
            entries[name] = (key, "sha-" + name if kind == "current" else "sha-else")
        elif kind == "stale":
            entries[name] = ((key[0], key[1] - 1, key[2], key[3]), "sha-" + name)
        elif kind == "no tuple":
            entries[name] = 7
        elif kind == "short":
            entries[name] = (key,)
    one, other = Cache(journal), Cache(journal)
    one.documents, other.documents = dict(entries), dict(entries)
    wanted = one_by_one(one, documents, recorded if with_recorded else None)
    assert other.stale_documents(documents, recorded if with_recorded else None) == wanted
    assert other.documents == one.documents  # the same entries of the wrong shape dropped


def test_a_same_size_edit_with_its_mtime_set_back_is_stale(tmp_path: Path):
    journal, documents = journal_with_documents(tmp_path)
    cache = Cache(journal)
    for name, stat in documents.items():
        cache.set_document_entry(name, stat, "sha-" + name)
    assert cache.stale_documents(documents) == []
    path = tmp_path / NAMES[2]
    before = os.stat(path)
    path.write_text(path.read_text().replace("#", "%"))  # the same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the mtime set back
    now = {name: os.stat(tmp_path / name) for name in NAMES}
    assert cache.stale_documents(now) == [NAMES[2]]
    assert cache.stale_documents(now, {name: "sha-" + name for name in NAMES[1:]}) == [NAMES[0], NAMES[2]]
