"""`journal stats --by owner`: goals set, done and open per owner, as a table or JSON."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

from journal.render import print_json, print_table

NO_OWNER = "(no owner)"


def print_owner_stats(rows: Sequence[Any], *, as_json: bool = False, no_color: bool = False) -> None:
    """One row per owner: SET, DONE, OPEN, DROPPED, CARRIED and the completion rate."""
    if as_json:
        print_json({"owners": [row.as_dict() for row in rows]})
        return
    if not rows:
        click.echo("No goals in these periods.", err=True)
        return
    headers = ["OWNER", "SET", "DONE", "OPEN", "DROPPED", "CARRIED", "RATE"]
    table = [
        [
            row.owner if row.owner is not None else NO_OWNER,
            *(str(value) for value in (row.set, row.done, row.open, row.dropped, row.carried)),
            f"{row.rate:.0%}" if row.rate is not None else "-",
        ]
        for row in rows
    ]
    print_table(headers, table, no_color=no_color)
