"""The ids `search` shows for the goals it found: each one's lineage id, worked out from the link rows.

``Ledger.lineage_id`` gathers a goal's links as goals and sorts them by how
many links come before each, then by source and line, so a lazy ledger decodes
every ledger file the links live in (a search finding 300 goals decoded 350
files for it: an eighth of its instructions). The link rows (id, status,
period, carried_from, carried_to: ``journal.ledger.links``) say which links
join which; when a goal's links form a chain or tree with one first link (no
loop, exactly one link with none before it), that link comes first whatever
the sources and lines, and its id is the lineage id. Any other shape (two
first links, a loop written by hand) is left to ``Ledger.lineage_id``.

Reading every file's link rows is still a sixteenth of a search, so the first links worked out are kept
in ``.journal/lineages.marshal`` under the fingerprint of the ledger files' stat keys as the ledger read
them (``journal.status_keep.fingerprint``), and only while the ledger in memory is those files' (no row
changed since reading: ``row_changes``). A ledger file changed in any way (its size, mtime, ctime or
inode) is another fingerprint: everything kept before is dropped. Derived and safe to delete.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journal.ledger.links import no_loop

if TYPE_CHECKING:
    from pathlib import Path

    from journal.config import Journal
    from journal.ledger import Goal, Ledger
    from journal.ledger.links import LinkRow


KEPT_NAME = "lineages.marshal"
KEPT_VERSION = 1


def shown_lineage_ids(journal: Journal, ledger: Ledger, goals: list[Goal]) -> dict[str, str]:
    """Each goal's own (link) id -> its lineage id: what ``ledger.lineage_ids(goals)`` gives."""
    if not any(goal.carried_from or goal.carried_to for goal in goals):
        return ledger.lineage_ids(goals)  # the ledger's own way: no index needed when no row names them
    key = _rows_key(ledger)
    path = journal.state_dir / KEPT_NAME
    kept: dict[str, str] = _read_kept(path, key) if key is not None else {}
    found = {goal.id: kept[goal.id] for goal in goals if goal.id in kept}
    missing = [goal for goal in goals if goal.id not in found]
    if not missing:
        return found
    worked = first_links(ledger, missing)
    for goal in missing:
        first = worked.get(goal.id)
        found[goal.id] = first if first is not None else ledger.lineage_id(goal)
    if key is not None and worked:
        from journal.state_file import write_state

        write_state(path, (KEPT_VERSION, key), "firsts", {**kept, **worked})
    return found


def first_links(ledger: Ledger, goals: list[Goal]) -> dict[str, str]:
    """Each goal's lineage id from the link rows, for the goals whose links have one first link and no loop."""
    from journal.ledger.links import link_index

    rows = ledger.link_rows()
    by_id = {row[0]: row for row in rows}
    into, out_of = link_index(rows)
    found: dict[str, str] = {}
    for goal in goals:
        first = _only_first_link(goal.id, by_id, into, out_of) if goal.id in by_id else None
        if first is not None:
            found[goal.id] = first
    return found


def _rows_key(ledger: Ledger) -> str | None:
    """The fingerprint of the ledger files' stat keys as read, when the link rows in memory are theirs; else None."""
    file_keys = getattr(ledger, "file_keys", None)
    row_changes = getattr(ledger, "row_changes", None)
    if file_keys is None or row_changes is None or row_changes() != []:
        return None
    from journal.status_keep import fingerprint

    return fingerprint(file_keys)


def _read_kept(path: Path, key: str) -> dict[str, str]:
    from journal.state_file import read_state

    return read_state(path, (KEPT_VERSION, key), "firsts")


def _only_first_link(
    goal_id: str, by_id: dict[str, LinkRow], into: dict[str, list[str]], out_of: dict[str, list[str]]
) -> str | None:
    """The id of the one link with no link before it, when the goal's links hold no loop; else None."""
    earlier = _links_before(goal_id, by_id, into, out_of)
    if len(earlier) == 1:
        return goal_id
    firsts = [link for link, before in earlier.items() if not before]
    if len(firsts) != 1 or not no_loop(earlier, firsts):
        return None
    return firsts[0]


def _links_before(
    goal_id: str, by_id: dict[str, LinkRow], into: dict[str, list[str]], out_of: dict[str, list[str]]
) -> dict[str, set[str]]:
    """Every link of the goal (``Ledger.lineage``'s) -> the links just before it (``Ledger._earlier_links``)."""
    earlier: dict[str, set[str]] = {}
    todo = [goal_id]
    while todo:
        current = todo.pop()
        if current in earlier:
            continue
        row = by_id[current]
        before = {other for other in into.get(current, ()) if other in by_id}
        if row[3] and row[3] in by_id:
            before.add(row[3])
        earlier[current] = before
        for other in (row[3], row[4], *into.get(current, ()), *out_of.get(current, ())):
            if other and other in by_id and other not in earlier:
                todo.append(other)
    return earlier
