"""Helpers of the lazy-ledger tests: a journal synced until its cache holds every file, the ledger read both ways,
and a watch on which ledger files linking decodes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from journal.config import open_journal
from journal.ledger import Cache, load_ledger
from journal.ledger.lazy import LazyLedger
from tests.conftest import write


def write_and_sync_twice(root: Path, run: Callable, documents: dict[str, str]) -> Path:
    """Write ``documents`` (name -> text) and sync twice, so that the cache holds every ledger file."""
    for name, text in documents.items():
        write(root, name, text)
    run("sync")
    run("sync")
    return root


def lazy_and_full(root: Path) -> tuple[LazyLedger, object]:
    """The ledger read lazily (from a warm cache) and read in full (from another), for the same journal."""
    opened = open_journal(root)[0]
    lazy = load_ledger(opened, Cache(opened), lazy=True)
    assert isinstance(lazy, LazyLedger)
    return lazy, load_ledger(opened, Cache(opened))


def watch_linking(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The ledger files decoded when linking new goals looked for their words, one list per look."""
    from journal import carry_links

    decoded: list[list[str]] = []
    real = carry_links._goals_that_may_match

    def watched(ledger, wanted):
        found = real(ledger, wanted)
        decoded.append(sorted(ledger.goals._loaded))
        return found

    monkeypatch.setattr(carry_links, "_goals_that_may_match", watched)
    return decoded
