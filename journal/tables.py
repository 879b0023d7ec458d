"""Tables on a terminal: TEXT gets the room, WHERE and AGE shorten first, inline Markdown rendered.

At 80 columns a goal listing keeps ids, statuses and periods whole, cuts the start of a long WHERE
(`…report.md:96`: the file's end and the line stay), shows AGE as its number, and gives TEXT the
rest, wrapped at word boundaries (rendered Markdown has no markup left to break). Only render.py's
terminal path uses this; pipes get plain_table, unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from journal.render import terminal_safe

GAP = 2  # spaces between two columns (rich's padding of one on either side)
TEXT_COLUMNS = frozenset({"TEXT", "DESCRIPTION"})  # rendered as inline Markdown, wrapped
WRAPPED_COLUMNS = TEXT_COLUMNS | {"LINE"}  # wrapped (a search's matching LINE as it is written)
PATH_COLUMNS = frozenset({"WHERE", "DOCUMENT"})  # shortened from the start
AGE_COLUMNS = frozenset({"AGE"})  # shortened to their number
PATH_MIN = 14
PATH_FLOOR = 8  # what a path narrows to when TEXT would be under TEXT_MIN: `…md:123` keeps the line number
TEXT_MIN = 10  # a TEXT column narrower than this is not worth its place: columns are left out first
TEXT_FLOOR = 4  # with every other column left out, TEXT narrows to this (wrapping) before an id is cut
ID_COLUMNS = frozenset({"ID", "LINK"})  # what the user types next: never cut
# Left out in this order when a table with ids is too wide for the terminal even with TEXT and WHERE shortened.
LEFT_OUT_FIRST = ("WHERE", "DOCUMENT", "AGE", "PROGRESS", "DUE", "PERIOD", "STATUS")
# A table with no ids whose key is its PERIOD (`journal list`, `journal stats`): left out in this order rather than
# cut the key; then the others from the right.
PERIOD_LEFT_OUT_FIRST = ("DROPPED", "CARRIED", "DOCUMENT", "COMPLETION", "REVIEWED", "OPEN", "DONE")
TEXT_SHARE = 2 / 3  # of the room left after the whole columns, when TEXT and WHERE both want more


@dataclass(frozen=True)
class Layout:
    """How wide each column is drawn; a shortened cell is cut to its column's width."""

    widths: list[int]
    ages_as_numbers: bool


def natural_widths(headers: Sequence[str], cells: Sequence[Sequence[str]]) -> list[int]:
    """Each column's width with nothing cut: its longest cell or its header."""
    return [max([len(header), *(len(row[i]) for row in cells)]) for i, header in enumerate(headers)]


def layout(
    headers: Sequence[str], cells: Sequence[Sequence[str]], width: int, natural: list[int] | None = None
) -> Layout:
    """Column widths for ``cells`` (as shown: TEXT already rendered) within ``width`` terminal columns
    (``natural``: their ``natural_widths`` when the caller has them)."""
    natural = natural_widths(headers, cells) if natural is None else natural
    widths = list(natural)
    room = width - GAP * (len(headers) - 1)
    if sum(widths) <= room:
        return Layout(widths, ages_as_numbers=False)
    for i, header in enumerate(headers):
        if header in AGE_COLUMNS:
            widths[i] = max([len(header), *(len(_age_number(row[i])) for row in cells)])
    texts = [i for i, header in enumerate(headers) if header in WRAPPED_COLUMNS]
    paths = [i for i, header in enumerate(headers) if header in PATH_COLUMNS]
    fixed = sum(w for i, w in enumerate(widths) if i not in texts and i not in paths)
    left = room - fixed
    path_need = sum(widths[i] for i in paths)
    text_need = sum(widths[i] for i in texts)
    if text_need + path_need > left:
        text_least, path_least = _least_widths(left, len(texts), len(paths))
        text_room = max(round(left * TEXT_SHARE), left - path_need) if paths else left
        text_room = max(min(text_need, text_room), text_least * len(texts))
        for i in paths:
            widths[i] = max(path_least, min(widths[i], (left - text_room) // len(paths)))
        share = max(text_least, (left - sum(widths[i] for i in paths)) // max(len(texts), 1))
        for i in texts:
            widths[i] = min(natural[i], share)
    return Layout(widths, ages_as_numbers=True)


def _least_widths(left: int, texts: int, paths: int) -> tuple[int, int]:
    """The narrowest a wrapped column and a path column are drawn with ``left`` columns for them all: TEXT_MIN
    and PATH_MIN; when those do not fit, paths narrow first (to PATH_FLOOR), then text (to TEXT_FLOOR)."""
    text_least, path_least = TEXT_MIN, PATH_MIN
    if paths and text_least * texts + path_least * paths > left:
        path_least = max(PATH_FLOOR, (left - text_least * texts) // paths)
    if texts and text_least * texts + path_least * paths > left:
        text_least = max(TEXT_FLOOR, (left - path_least * paths) // texts)
    return text_least, path_least


def shown_columns(
    headers: Sequence[str], cells: Sequence[Sequence[str]], width: int, natural: list[int] | None = None
) -> list[int]:
    """The indexes of the columns to draw in ``width`` terminal columns: all of them, unless the table has ids
    (ID, LINK) and they would be cut. Then the columns of ``LEFT_OUT_FIRST`` are left out, in that order, until
    the ids, the other columns whole and TEXT at ``TEXT_MIN`` (WHERE at ``PATH_MIN``) fit; if they still do
    not, TEXT narrows down to ``TEXT_FLOOR``, and below that every column but the ids is left out.

    A table with no ids whose key is its PERIOD (``journal list``, ``journal stats``) leaves out
    ``PERIOD_LEFT_OUT_FIRST`` instead, then the other columns from the right, until the period, the other columns
    whole and text and paths at their floors fit. ``natural``: the cells' ``natural_widths`` when the caller has
    them."""
    natural = natural_widths(headers, cells) if natural is None else natural
    kept = list(range(len(headers)))
    if _fits(natural, kept, width):
        return kept  # everything fits whole: nothing to leave out (the common case)
    if not ID_COLUMNS & set(headers):
        return _period_columns(headers, natural, width) if "PERIOD" in headers else kept
    least = []
    for i, header in enumerate(headers):
        whole = natural[i]
        if header in AGE_COLUMNS:
            whole = max([len(header), *(len(_age_number(row[i])) for row in cells)])
        elif header in TEXT_COLUMNS:
            whole = min(whole, TEXT_MIN)
        elif header in PATH_COLUMNS:
            whole = min(whole, PATH_MIN)
        least.append(whole)
    for header in LEFT_OUT_FIRST:
        if _fits(least, kept, width):
            break
        kept = [i for i in kept if headers[i] != header]
    if _fits(least, kept, width):
        return kept
    least = [min(w, TEXT_FLOOR) if headers[i] in TEXT_COLUMNS else w for i, w in enumerate(least)]
    if _fits(least, kept, width):
        return kept
    return [i for i in kept if headers[i] in ID_COLUMNS]  # the ids alone; narrower still, rich cuts them


def _period_columns(headers: Sequence[str], natural: Sequence[int], width: int) -> list[int]:
    floors = {**dict.fromkeys(WRAPPED_COLUMNS, TEXT_FLOOR), **dict.fromkeys(PATH_COLUMNS, PATH_FLOOR)}
    least = [min(whole, floors.get(header, whole)) for header, whole in zip(headers, natural, strict=True)]
    kept = list(range(len(headers)))
    for header in PERIOD_LEFT_OUT_FIRST:
        if _fits(least, kept, width):
            return kept
        kept = [i for i in kept if headers[i] != header]
    while not _fits(least, kept, width) and len(kept) > 1:
        kept.remove(max(i for i in kept if headers[i] != "PERIOD"))
    return kept


def _fits(least: Sequence[int], kept: Sequence[int], width: int) -> bool:
    return sum(least[i] for i in kept) + GAP * (len(kept) - 1) <= width


def _age_number(cell: str) -> str:
    """`1 carried` as `1`; anything else as it is."""
    head = cell.split(" ", 1)[0]
    return head if head.isdigit() else cell


def shorten_path(cell: str, width: int) -> str:
    """A file:line cut to ``width`` characters: its folders first, then from its start (the line stays)."""
    if len(cell) > width and "/" in cell:
        cell = cell.rsplit("/", 1)[1]
    return cell if len(cell) <= width else "…" + cell[len(cell) - width + 1 :]


def print_rich_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    styles: Sequence[str] | None,
    color: bool,
    title: str | None,
) -> None:
    """The table drawn by rich on this terminal, laid out for its width."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from journal.inline import inline_text

    console = Console(no_color=not color, highlight=False)
    shown = [
        [
            inline_text(cell) if header in TEXT_COLUMNS else Text(terminal_safe(cell))
            for header, cell in zip(headers, row, strict=True)
        ]
        for row in rows
    ]
    plain = [[cell.plain for cell in row] for row in shown]
    natural = natural_widths(headers, plain)
    kept = shown_columns(headers, plain, console.width, natural)
    if len(kept) < len(headers):
        headers = [headers[i] for i in kept]
        shown = [[row[i] for i in kept] for row in shown]
        plain = [[row[i] for i in kept] for row in plain]
        natural = [natural[i] for i in kept]
    plan = layout(headers, plain, console.width, natural)
    drawn = []
    for index, row in enumerate(shown):
        cells = []
        for header, cell, width in zip(headers, row, plan.widths, strict=True):
            if header in PATH_COLUMNS:
                cell = Text(shorten_path(cell.plain, width))
            elif header in AGE_COLUMNS and plan.ages_as_numbers:
                cell = Text(_age_number(cell.plain))
            cells.append(cell)
        drawn.append((cells, styles[index] if styles else None))

    def make_table(show_header: bool, rows: Sequence[tuple[Sequence[Text], str | None]]) -> Table:
        table = Table(title=title, box=None, header_style="bold", pad_edge=False, show_header=show_header)
        for header, width in zip(headers, plan.widths, strict=True):
            wraps = header in WRAPPED_COLUMNS
            table.add_column(header, width=width, no_wrap=not wraps, overflow="fold" if wraps else "ellipsis")
        for cells, style in rows:
            table.add_row(*cells, style=style)
        return table

    if title is not None:  # a titled table (centred over it) is drawn by rich alone
        console.print(make_table(True, drawn))
        return
    from journal.render_rows import PlainRowsTable

    console.print(PlainRowsTable(make_table, plan.widths, drawn))
