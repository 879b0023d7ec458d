"""Core properties of capture: inserting lines keeps every other byte; a note line never changes the goals."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from journal.capture import NOTE_PREFIX, note_place
from journal.documents import LINE_END, insert_lines
from journal.extract import extract_items

BOM = b"\xef\xbb\xbf"
line_text = st.text(st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",)), max_size=12)
endings = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def documents(draw) -> bytes:
    lines = draw(st.lists(line_text, max_size=8))
    ending = draw(endings)
    text = ending.join(lines) + (ending if lines and draw(st.booleans()) else "")
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + text.encode("utf-8")


@settings(max_examples=300)
@given(documents(), st.data(), st.lists(line_text, min_size=1, max_size=3))
def test_insert_lines_adds_whole_lines_and_keeps_every_other_byte(data: bytes, choice, new: list[str]):
    old_lines = LINE_END.split(data.removeprefix(BOM))  # a final line ending leaves an empty last piece
    after = choice.draw(st.integers(0, len(old_lines)))
    result = insert_lines(data, after, new)
    prefix = next((i for i, (a, b) in enumerate(zip(data, result, strict=False)) if a != b), len(data))
    tail = zip(reversed(data), reversed(result), strict=False)
    suffix = next((i for i, (a, b) in enumerate(tail) if a != b), len(data))
    assert len(result) > len(data) and prefix + suffix >= len(data)  # one run of bytes added, nothing else changed
    new_lines = LINE_END.split(result.removeprefix(BOM))
    assert new_lines == old_lines[:after] + [line.encode() for line in new] + old_lines[after:]
    assert result.startswith(BOM) == data.startswith(BOM)


BLOCKS = [
    "- [ ] a",
    "- [x] b c",
    "  - [ ] nested",
    "1. [/] numbered",
    "* plain",
    "text",
    "    indented",
    "",
    "## Goals",
    "> quoted",
    "```",
    "---",
    "<!-- c -->",
    "| a | b |",
    f"  {NOTE_PREFIX} 2025-04-15: earlier",
]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(BLOCKS), min_size=1, max_size=10), line_text)
def test_a_note_line_where_note_place_puts_it_changes_no_goal(lines: list[str], note: str):
    text = "\n".join(lines) + "\n"
    before = extract_items(text)
    for item in before:
        place = note_place(text, item.line)
        if place is None:
            continue
        after, indent = place
        changed = insert_lines(text.encode(), after, [f"{indent}{NOTE_PREFIX} 2025-04-16: {note}"]).decode()
        shifted = [(i.line + (i.line > after), i.text, i.kind, i.status, i.section) for i in before]
        assert [(i.line, i.text, i.kind, i.status, i.section) for i in extract_items(changed)] == shifted
