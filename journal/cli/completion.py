"""Shell completion for arguments: periods with documents (for `new`: those to come), goal ids. Never fails loudly."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

import click

from journal.errors import JournalError
from journal.render import terminal_safe

if TYPE_CHECKING:
    from journal.config import Journal


def _completion_journal() -> Journal | None:
    from journal.config import CONFIG_NAME, Journal, find_journal_dir, load_settings

    try:
        ctx = click.get_current_context(silent=True)
        explicit = ctx.find_root().params.get("journal_dir") if ctx else None
        root, _default = find_journal_dir(explicit)
        if not (root / CONFIG_NAME).exists() and not (root / "entries").is_dir():
            return None
        return Journal(root=root, settings=load_settings(root))
    except Exception:  # noqa: BLE001 - completion must never fail loudly
        return None


def document_period_keys(journal: Journal) -> set[str]:
    """The keys of the periods the journal's documents name by their path: a ``[paths]`` pattern, else the file
    name, in any folder under entries (as ``show`` finds them; a period named only in front matter is left out:
    a Tab reads no file)."""
    from journal.places import named_period
    from journal.sync_check import scan_documents

    keys = set()
    for name in scan_documents(journal):
        named = named_period(journal, journal.root / name)
        if named is not None:
            keys.add(named[0].key)
    return keys


def complete_period(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Shell completion: the periods that have documents, and this/next/last."""
    journal = _completion_journal()
    keys = {"this", "next", "last"}
    if journal is not None:
        with contextlib.suppress(Exception):  # completion must never fail loudly
            keys |= document_period_keys(journal)
    return sorted(key for key in keys if key.startswith(incomplete.lower()))


NEW_WORDS = ("this", "next", "today", "tomorrow", "yesterday", "last")  # what `new` is mostly given
RELATIVE_WORDS = ("this", "next", "last", "previous")
KIND_WORDS = ("week", "month", "quarter", "half", "year", "day")
UPCOMING = 3  # periods of each kind offered to `new`: this one and the next ones, while they have no document


def complete_new_period(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Shell completion for `new`: the relative words, then the coming periods that have no document yet.

    After ``this``/``next``/``last``, the kinds (``next week``). Only the few
    coming periods are looked at, each by its file's path: fast in any journal.
    """
    typed = incomplete.lower()
    before = [word.lower() for word in (ctx.params.get(param.name or "") or ())]
    if before and before[-1] in RELATIVE_WORDS:
        return [kind for kind in KIND_WORDS if kind.startswith(typed)]
    if before:
        return []
    keys = [*NEW_WORDS, *(f"{w}-{k}" for w in ("this", "next") for k in ("week", "month", "quarter", "year"))]
    keys += _upcoming_without_document(_completion_journal())
    return [key for key in keys if key.startswith(typed)]


def _upcoming_without_document(journal: Journal | None) -> list[str]:
    """The keys of this and the next periods of the journal's usual kind (and today's, tomorrow's) with no document."""
    if journal is None:
        return []
    try:
        from journal.clock import today
        from journal.periods import period_of
        from journal.places import document_path
        from journal.templates import default_template_for

        settings = journal.settings
        named = document_period_keys(journal)
        day = period_of(today(), "day", settings.fiscal_year_start)
        period = period_of(today(), settings.default_kind, settings.fiscal_year_start)
        candidates = [day, day.next()] if settings.default_kind != "day" else []
        for _ in range(UPCOMING):
            candidates.append(period)
            period = period.next()
        return [
            p.key for p in candidates
            if p.key not in named and not document_path(journal, p, default_template_for(p.kind)).exists()
        ]  # fmt: skip
    except Exception:  # noqa: BLE001 - completion must never fail loudly
        return []


def complete_goal_id(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion: goal ids, with their text as help."""
    from click.shell_completion import CompletionItem

    journal = _completion_journal()
    if journal is None:
        return []
    try:
        from journal.ledger import load_ledger

        ledger = load_ledger(journal)
    except JournalError:
        return []
    # Each goal once, by its id (its lineage's), with the words of the line it lives in now.
    shown: dict[str, str] = {}
    for goal in ledger.goals.values():
        if goal.status != "removed" and not goal.carried_to:
            shown.setdefault(ledger.lineage_id(goal), goal.text)
    wanted = incomplete.lower()
    return [CompletionItem(i, help=terminal_safe(text[:60])) for i, text in shown.items() if i.startswith(wanted)]


def complete_period_or_id(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion: periods, then goal ids."""
    return [*complete_period(ctx, param, incomplete), *complete_goal_id(ctx, param, incomplete)]

