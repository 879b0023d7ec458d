"""A document's closing footer, and answers written above it (journal.footer)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.footer import footer_start, insert_above_footer

REPORT = b"# Q4 Report\n\n## Risks\n\nNone.\n\n---\n\n*Confidential - internal use only.*\n"


@pytest.mark.parametrize(
    ("document", "footer"),
    [
        (REPORT, b"---\n\n*Confidential - internal use only.*\n"),
        (b"# R\n\n## Wins\n\n- a\n\n---\n", b"---\n"),
        (b"# R\n\n## Wins\n\n- a\n\n_Written on the train._\n\n", b"_Written on the train._\n\n"),
        (b"# R\r\n\r\n## Wins\r\n\r\n- a\r\n\r\n***\r\n*one*\r\n*two*\r\n", b"***\r\n*one*\r\n*two*\r\n"),
    ],
)
def test_footer_found(document: bytes, footer: bytes):
    assert document[footer_start(document) :] == footer


@pytest.mark.parametrize(
    "document",
    [
        b"# R\n\n## Wins\n\n- a\n",
        b"# R\n\nA title\n---\n",  # a setext heading, not a rule
        b"*just italic*\n",  # the whole document
        b"",
        b"# R\n\n*emphasis* in a sentence that goes on.\n",
        b"# R\n\n---\n\n" + b"*a*\n" * 10,  # a long italic passage is the document's own text
    ],
)
def test_no_footer(document: bytes):
    assert footer_start(document) is None


def test_answers_go_above_the_footer():
    written = insert_above_footer(REPORT, "Risks", "Vendor lock-in.")
    assert written == (
        b"# Q4 Report\n\n## Risks\n\nNone.\n\nVendor lock-in.\n\n---\n\n*Confidential - internal use only.*\n"
    )
    new_section = insert_above_footer(REPORT, "Lessons", "Ask early.")
    assert new_section == (
        b"# Q4 Report\n\n## Risks\n\nNone.\n\n## Lessons\n\nAsk early.\n\n---\n\n*Confidential - internal use only.*\n"
    )
    without = b"# Q\n\n## Wins\n\n- a\n"
    assert insert_above_footer(without, "Lessons", "x") == b"# Q\n\n## Wins\n\n- a\n\n## Lessons\n\nx\n"


lines = st.sampled_from(["# T", "## Risks", "- item", "text", "", "---", "*italic*", "_end_", "***", "  "])


@given(st.lists(lines, max_size=12), st.sampled_from(["\n", "\r\n"]))
def test_never_loses_a_byte(parts: list[str], newline: str):
    document = newline.join(parts).encode()
    written = insert_above_footer(document, "Risks", "ANSWER")
    assert b"ANSWER" in written
    # Take the answer out again: what is left is the document, every byte in order.
    remaining = iter(written)
    assert all(byte in remaining for byte in document)
    offset = footer_start(document)
    if offset is not None and document[offset:].strip():
        assert written.endswith(document[offset:])
