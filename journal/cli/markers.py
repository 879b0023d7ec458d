"""`journal markers`: what each character between a task's brackets means, in this journal."""

from __future__ import annotations

import click

from journal.cli.common import current_state
from journal.render import echo

PER_LINE = 16  # characters a line, so that the table fits 80 columns


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Every character: character, status, name, from.")
def markers(as_json: bool) -> None:
    """Print the status characters: which status each task character ("- [?] ask") stands for.

    \b
    journal's own ([ ] [x] [X] [/] [>] [-]) are fixed. The others follow
    Obsidian's Tasks plugin and the Minimal, ITS and SlRvb themes. Change one
    or add yours in journal.toml:
        [statuses]
        "?" = "in_progress"
    A task whose character is in no table is not taken; `journal sync` says so.

    \b
    Example:
      journal markers --json
    """
    from journal.statuses import JOURNAL_CHARACTERS, MARKABLE_STATUSES, table_rows

    overrides = current_state().journal().settings.statuses
    yours = dict(overrides)
    rows = table_rows(overrides)
    if as_json:
        from journal.render import print_json

        def origin(character: str) -> str:
            if character in JOURNAL_CHARACTERS:
                return "journal"
            return "journal.toml" if character in yours else "built-in"

        print_json(
            [{"character": c, "status": status, "name": name, "from": origin(c)} for c, status, name in rows]
        )
        return
    width = max(len(status) for status in MARKABLE_STATUSES)
    for status in MARKABLE_STATUSES:
        marks = [f"[{character}]" for character, mapped, _name in rows if mapped == status]
        for start in range(0, len(marks), PER_LINE):
            label = status.replace("_", " ") if start == 0 else ""
            echo(f"{label:<{width}}  {' '.join(marks[start : start + PER_LINE])}")
    if yours:
        echo(f"From journal.toml: {' '.join(f'[{c}]' for c in yours)}")
