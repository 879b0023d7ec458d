"""The ledger as an export: JSON, CSV or a Markdown checklist by period (`journal export`).

JSON and CSV are stable contracts: fields may be added, never removed or renamed.
``id`` is a goal's id as people type it (its lineage's, the same for every
link of a carried goal); ``link_id`` is each link's own id. ``ids`` maps a
link id to its lineage id (``Ledger.lineage_ids``); a link not in it is its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    from journal.ledger import Goal

EXPORT_FORMATS = ("json", "csv", "markdown")
EXPORT_FIELDS = (
    "id", "text", "status", "kind", "period", "target", "source", "line", "section",
    "created", "updated", "carried_from", "carried_to", "note", "history", "marker", "link_id",
    "owner", "tags", "due", "priority", "done_on",
    "metric",
    "target_value", "unit", "direction", "cadence",
)  # fmt: skip


def csv_safe(value: Any) -> Any:
    """A CSV field a spreadsheet will not run: text starting with = + - @ tab or CR gets a ' in front."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value


def export_json(goals: Sequence[Goal], ids: dict[str, str] | None = None) -> str:
    """An array of goals, every field."""
    import json

    ids = ids or {}
    return json.dumps([goal.as_dict(ids.get(goal.id)) for goal in goals], indent=2, ensure_ascii=False) + "\n"


def export_csv(goals: Sequence[Goal], ids: dict[str, str] | None = None) -> str:
    """One row a goal, with a header; history as a JSON string; formula-like text made inert (`csv_safe`)."""
    import csv
    import io
    import json

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS, lineterminator="\n")
    writer.writeheader()
    for goal in goals:
        row = goal.as_dict((ids or {}).get(goal.id))
        row = {**row, "history": json.dumps(row["history"], ensure_ascii=False), "tags": " ".join(row["tags"])}
        writer.writerow({name: csv_safe(value) for name, value in row.items()})
    return buffer.getvalue()


def export_markdown(goals: Sequence[Goal], ids: dict[str, str] | None = None) -> str:
    """A checklist under one heading per period the goals are for, each item with its id; text HTML-escaped."""
    import html

    from journal.ledger.model import STATUS_MARKER

    lines = ["# Goals", ""]
    current = None
    for goal in goals:
        key = goal.for_period
        if key != current:
            if current is not None:
                lines.append("")
            lines += [f"## {key}", ""]
            current = key
        marker = goal.marker or STATUS_MARKER.get(goal.status, " ")
        removed = " (removed)" if goal.status == "removed" else ""
        shown_id = (ids or {}).get(goal.id, goal.id)
        lines.append(f"- [{marker}] {html.escape(goal.text, quote=False)}{removed} `{shown_id}`")
    return "\n".join(lines) + "\n"


def export_text(goals: Sequence[Goal], fmt: str, ids: dict[str, str] | None = None) -> str:
    """``goals`` in format ``fmt`` (one of EXPORT_FORMATS), each shown by its lineage id from ``ids``."""
    writers = {"json": export_json, "csv": export_csv, "markdown": export_markdown}
    return writers[fmt](goals, ids)
