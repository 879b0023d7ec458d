"""Shell completion for arguments: periods that have documents, and goal ids. Never fails loudly."""

from __future__ import annotations

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


def complete_period(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Shell completion: the periods that have documents, and this/next/last."""
    journal = _completion_journal()
    keys = {"this", "next", "last"}
    if journal is not None:
        from journal.periods import period_from_filename

        for path in journal.entries_dir.glob("*.md"):
            named = period_from_filename(path.stem)
            if named:
                keys.add(named[0].key)
    return sorted(key for key in keys if key.startswith(incomplete.lower()))


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

