"""A terminal table's plain one-line rows drawn as rich would draw them, without rich's work for each cell.

``journal goals --open`` at a terminal draws 1,400 rows of six cells with rich;
rich lays out each cell on its own (wrapping, padding, cropping, shaping), which
is most of the command's time, though nearly every row is one line of plain
text that fits its columns. Such a row's segments are known: each cell's text
padded to its column's width, a space of padding on either side of it (none at
the table's edges), all in the row's style, then a new line. Those rows are
yielded here as those segments; the header and every other row (rendered
Markdown, text to wrap or cut, anything not printable ASCII) are drawn by rich
itself, as tables of the same columns. The output is byte for byte rich's
(tests/test_render_rows.py holds it to rich's own table for any cells).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions
    from rich.table import Table
    from rich.text import Text


def is_plain_line(cell: Text, width: int) -> bool:
    """Whether rich draws ``cell`` as its text padded to ``width``: one line of printable ASCII that fits, with no
    style or settings of its own."""
    plain = cell.plain
    return (
        len(plain) <= width
        and not cell.spans
        and not cell.style
        and cell.justify is None
        and cell.overflow is None
        and cell.no_wrap is None
        and cell.end == "\n"
        and plain.isascii()
        and plain.isprintable()
    )


class PlainRowsTable:
    """A rich renderable: ``make_table(show_header, rows)`` (a rich Table of fixed-width columns, padding 1,
    no box, no edge padding) drawn with its plain rows' segments made here."""

    def __init__(
        self,
        make_table: Callable[[bool, Sequence[tuple[Sequence[Text], str | None]]], Table],
        widths: Sequence[int],
        rows: Sequence[tuple[Sequence[Text], str | None]],
    ) -> None:
        self.make_table, self.widths, self.rows = make_table, list(widths), list(rows)

    def _plain(self, row: tuple[Sequence[Text], str | None]) -> bool:
        return all(is_plain_line(cell, width) for cell, width in zip(row[0], self.widths, strict=True))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Any]:
        from rich.segment import Segment
        from rich.style import Style

        if sum(self.widths) + 2 * (len(self.widths) - 1) > options.max_width:
            # Columns wider than the terminal: rich shrinks them, so every row is rich's to draw.
            yield from console.render(self.make_table(True, self.rows), options)
            return
        waiting: list[tuple[Sequence[Text], str | None]] = []  # rows for rich, in order
        header = True
        last = len(self.widths) - 1
        for row in self.rows:
            if not self._plain(row):
                waiting.append(row)
                continue
            if header or waiting:
                yield from console.render(self.make_table(header, waiting), options)
                header, waiting = False, []
            cells, style_name = row
            style = console.get_style(style_name) if style_name else None
            pad = Segment(" ", style if style is not None else Style.null())
            for index, (cell, width) in enumerate(zip(cells, self.widths, strict=True)):
                if index:
                    yield pad
                yield Segment(cell.plain.ljust(width), style)
                if index != last:
                    yield pad
            yield Segment.line()
        if header or waiting:
            yield from console.render(self.make_table(header, waiting), options)
