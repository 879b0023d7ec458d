"""journal.render_rows: a table drawn with its plain rows made by hand is byte for byte rich's own table."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text

from journal.render_rows import PlainRowsTable, is_plain_line

STYLES = [None, "", "yellow", "dim", "bold", "green", "red strike"]
CELL_TEXT = st.text(alphabet=st.sampled_from([*"ab Z09-:/.…é中\t\n[]*`", "\x1b", "\x7f"]), max_size=14)


@st.composite
def tables(draw):
    columns = draw(st.integers(1, 5))
    widths = draw(st.lists(st.integers(1, 12), min_size=columns, max_size=columns))
    wraps = draw(st.lists(st.booleans(), min_size=columns, max_size=columns))
    headers = [f"H{i}" * draw(st.integers(1, 4)) for i in range(columns)]
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        cells = []
        for _column in range(columns):
            cell = Text(draw(CELL_TEXT))
            if cell.plain and draw(st.integers(0, 5)) == 0:
                cell.stylize("bold", 0, 1)  # rendered Markdown: spans
            cells.append(cell)
        rows.append((cells, draw(st.sampled_from(STYLES))))
    extra = draw(st.integers(-30, 20))  # below 0: a terminal narrower than the columns planned
    return headers, widths, wraps, rows, sum(widths) + 2 * (columns - 1) + extra


def drawn(renderable, width: int, color_system: str | None, no_color: bool) -> str:
    out = io.StringIO()
    console = Console(
        file=out, force_terminal=True, width=width, color_system=color_system, no_color=no_color, highlight=False
    )
    console.print(renderable)
    return out.getvalue()


def table_maker(headers, widths, wraps):  # noqa: ANN001, ANN201
    def make_table(show_header: bool, rows) -> Table:  # noqa: ANN001
        table = Table(box=None, header_style="bold", pad_edge=False, show_header=show_header)
        for header, width, wrap in zip(headers, widths, wraps, strict=True):
            table.add_column(header, width=width, no_wrap=not wrap, overflow="fold" if wrap else "ellipsis")
        for cells, style in rows:
            table.add_row(*[cell.copy() for cell in cells], style=style)
        return table

    return make_table


@settings(max_examples=300, deadline=None)
@given(tables(), st.sampled_from([None, "standard", "256", "truecolor"]), st.booleans())
def test_plain_rows_are_drawn_as_rich_draws_them(table, color_system, no_color):
    headers, widths, wraps, rows, width = table
    make_table = table_maker(headers, widths, wraps)
    expected = drawn(make_table(True, rows), width, color_system, no_color)
    assert drawn(PlainRowsTable(make_table, widths, rows), width, color_system, no_color) == expected


def test_a_goal_listing_with_plain_and_other_rows():
    headers, widths, wraps = ["ID", "STATUS", "TEXT", "WHERE"], [6, 11, 12, 10], [False, False, True, False]
    marked = Text("fix the `x`")
    marked.stylize("bold", 8, 11)
    rows = [
        ([Text("a1b2c3"), Text("open"), Text("Ship it"), Text("q1.md:3")], ""),
        ([Text("d4e5f6"), Text("in progress"), Text("a text that wraps twice"), Text("q1.md:9")], "yellow"),
        ([Text("g7h8i9"), Text("open"), marked, Text("q1.md:12")], None),
        ([Text("j0k1l2"), Text("in progress"), Text(""), Text("q1.md:20")], "yellow"),
    ]
    make_table = table_maker(headers, widths, wraps)
    for color_system in (None, "truecolor"):
        expected = drawn(make_table(True, rows), 45, color_system, False)
        assert drawn(PlainRowsTable(make_table, widths, rows), 45, color_system, False) == expected
    assert "\x1b[33md4e5f6\x1b[0m" in drawn(PlainRowsTable(make_table, widths, rows), 45, "standard", False)


def test_which_cells_are_plain_lines():
    assert is_plain_line(Text("open"), 4) and is_plain_line(Text(""), 1)
    assert not is_plain_line(Text("open"), 3)  # cut with an ellipsis by rich
    assert not is_plain_line(Text("a\tb"), 9) and not is_plain_line(Text("a\nb"), 9)
    assert not is_plain_line(Text("中"), 9) and not is_plain_line(Text("é"), 9)  # wide, or not ASCII
    assert not is_plain_line(Text("x", style="bold"), 9)
    styled = Text("xy")
    styled.stylize("bold", 0, 1)
    assert not is_plain_line(styled, 9)
