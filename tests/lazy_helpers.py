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


def quarter(year: int, q: int, goals: list[str]) -> str:
    """A quarter's document holding ``goals`` as open checklist items."""
    return f"# Q{q} {year}\n\n## Goals\n\n" + "".join(f"- [ ] {goal}\n" for goal in goals)


def eight_quarters_then_q1(root: Path, run: Callable, q1_goals: list[str]) -> Path:
    """Three goals in each quarter of 2023 and 2024, then 2025-q1 with ``q1_goals``; synced."""
    for year in (2023, 2024):
        for q in (1, 2, 3, 4):
            write(root, f"entries/{year}-q{q}.md", quarter(year, q, [f"Goal {year} {q} {n}" for n in range(3)]))
    write(root, "entries/2025-q1.md", quarter(2025, 1, q1_goals))
    run("sync")
    return root
