"""Byte-exact marker edits, reading documents, front matter."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.documents import line_span, read_document, set_item_status
from journal.errors import DocumentError
from journal.extract import extract_items
from journal.front_matter import front_matter
from journal.ledger.model import STATUS_MARKER

WORDS = (
    st.text(alphabet=st.sampled_from(list("abcdefgh xyz—é*`[]")), min_size=1, max_size=20).map(str.strip).filter(bool)
)
MARKERS = st.sampled_from([" ", "x", "/", ">", "-"])


@st.composite
def documents(draw) -> tuple[bytes, int]:
    """A document with a goals section of task items; the index of one item to toggle."""
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    final_newline = draw(st.booleans())
    lines = ["# Q1 2025", "", "## Goals", ""]
    count = draw(st.integers(min_value=1, max_value=6))
    for _ in range(count):
        indent = draw(st.sampled_from(["", "  "])) if len(lines) > 4 else ""
        bullet = draw(st.sampled_from(["-", "*", "+", "1."]))
        lines.append(f"{indent}{bullet} [{draw(MARKERS)}] {draw(WORDS)}")
    lines += ["", "Some prose after."]
    text = newline.join(lines) + (newline if final_newline else "")
    return text.encode("utf-8"), draw(st.integers(min_value=0, max_value=count - 1))


@settings(max_examples=300, deadline=None)
@given(documents(), st.sampled_from(list(STATUS_MARKER)))
def test_changing_a_status_and_back_restores_the_document_byte_for_byte(doc, status):
    data, index = doc
    items = extract_items(data.decode("utf-8"))
    item = items[index]
    changed = set_item_status(data, item.line, STATUS_MARKER[status], item.text)
    assert len(changed) == len(data)
    assert sum(a != b for a, b in zip(changed, data, strict=True)) <= 1
    after = extract_items(changed.decode("utf-8"))[index]
    assert after.status == status
    assert after.text == item.text
    original = "x" if item.status == "done" else STATUS_MARKER[item.status]
    assert set_item_status(changed, item.line, original, item.text) == data


def test_a_plain_bullet_gains_a_marker():
    data = b"## Goals\r\n\r\n- Ship v2\r\n- Other\r\n"
    assert set_item_status(data, 3, "x", "Ship v2") == b"## Goals\r\n\r\n- [x] Ship v2\r\n- Other\r\n"
    assert set_item_status(b"## Goals\n\n1.\tShip", 3, "/", "Ship") == b"## Goals\n\n1.\t[/] Ship"


def test_an_edit_refuses_a_line_that_no_longer_holds_the_goal():
    data = b"## Goals\n\n- [ ] Something else\n"
    with pytest.raises(DocumentError, match="no longer on this line"):
        set_item_status(data, 3, "x", "Ship v2", where="entries/2025-q1.md")
    with pytest.raises(DocumentError, match="line 9 is gone"):
        set_item_status(data, 9, "x", "Ship v2", where="entries/2025-q1.md")


def test_line_span_counts_every_kind_of_line_end():
    data = b"a\r\nb\rc\nd"
    assert [data[slice(*line_span(data, n))] for n in (1, 2, 3, 4)] == [b"a", b"b", b"c", b"d"]


def test_a_document_that_is_not_utf8_is_an_error_naming_file_and_line(tmp_path: Path):
    path = tmp_path / "2025-q1.md"
    path.write_bytes(b"# Title\n\n- caf\xe9\n")
    with pytest.raises(DocumentError, match=r"2025-q1\.md:3: not UTF-8"):
        read_document(path)


def test_a_bom_is_kept_in_the_bytes_but_not_in_the_text(tmp_path: Path):
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf# Goals\n\n- x\n")
    document = read_document(path)
    assert document.data.startswith(b"\xef\xbb\xbf")
    assert [i.text for i in extract_items(document.text)] == ["x"]


def test_front_matter_is_read_and_broken_front_matter_is_an_error(tmp_path: Path):
    good = tmp_path / "good.md"
    good.write_text("---\nperiod: 2025-q1\n---\n# x\n")
    assert front_matter(read_document(good)) == {"period": "2025-q1"}
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: [unclosed\n---\n# x\n")
    with pytest.raises(DocumentError, match=r"bad\.md:\d+: broken front matter"):
        front_matter(read_document(bad))


def _line_span_by_every_ending(data: bytes, line: int) -> tuple[int, int] | None:
    """``line_span`` as it finds a line on any text: one line ending after another (None: no such line)."""
    from journal.documents import LINE_END

    start, current = 0, 1
    for match in LINE_END.finditer(data):
        if current == line:
            return start, match.start()
        start, current = match.end(), current + 1
    return (start, len(data)) if current == line else None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([b"a", b"\n", b"\r", b"\r\n", b" - [ ] x", b"\xc3\xa9"]), max_size=30).map(b"".join),
       st.integers(min_value=-1, max_value=12))  # fmt: skip
def test_line_span_finds_each_line_as_every_line_ending_would(data: bytes, line: int):
    expected = _line_span_by_every_ending(data, line)
    if expected is None:
        with pytest.raises(IndexError):
            line_span(data, line)
    else:
        assert line_span(data, line) == expected
