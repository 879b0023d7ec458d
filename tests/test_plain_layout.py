"""The ledger editor's layout check (``toml_text._is_plain``) answers as its full pattern does.

The check replaces each one-line string with a mark before matching the layout
(a pattern a fraction of the size to compile); these tests hold it to the
pattern that spells strings out, on ledger files and on any text made of the
characters that matter to TOML's layout.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from journal.ledger.toml_text import _STRING_MARK, _is_plain, _plain_file_pattern

FULL = _plain_file_pattern()

LEDGER = """\
# Ledger for Q1 2025. Written by journal; edits by hand are kept.

[documents]
"entries/2025-q1.md" = "75825bbc"

[goals.k7f3aa]
text = "Write the \\"RFC\\" # not a comment"
status = 'open'
kind = "checkbox"
source = "entries/2025-q1.md"
line = 5
created = 2025-04-01T09:30:00
tags = ["a", 'b', { x = "y" }]
history = [
  { at = "2025-04-01T09:30:00", status = "open", by = "document" },
]
"""

PIECES = st.sampled_from(
    ['"', "'", "\\", "#", "=", "[", "]", "{", "}", ",", ".", " ", "\t", "\n", "\r", "a", "k", "1", "-", "Z", ":",
     '"x"', "'y'", "key = ", "[goals.a]", '"""', "'''", _STRING_MARK, "é"]
)  # fmt: skip


def test_ledger_files_and_their_variants_answer_alike():
    variants = [LEDGER, LEDGER.replace("\n", "\r\n"), LEDGER + 'note = """two\nlines"""\n', LEDGER + "x = 'open\n",
                LEDGER + f'y = "{_STRING_MARK}"\n', LEDGER.replace("# Ledger", "# it's")]  # fmt: skip
    for text in variants:
        assert _is_plain(text) == (FULL.fullmatch(text) is not None), text
    assert _is_plain(LEDGER) and not _is_plain(variants[2])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_any_text_answers_as_the_full_pattern(text: str):
    assert _is_plain(text) == (FULL.fullmatch(text) is not None)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(LEDGER.splitlines(keepends=True)), max_size=25).map("".join),
    st.lists(PIECES, max_size=6),
)
def test_ledger_lines_with_damage_answer_as_the_full_pattern(text: str, damage: list[str]):
    damaged = text[: len(text) // 2] + "".join(damage) + text[len(text) // 2 :]
    assert _is_plain(damaged) == (FULL.fullmatch(damaged) is not None)


# The one-line string as the layout check first spelt it: each character an alternative of its own.
STRING_AS_FIRST_SPELT = r"""(?:"(?:[^"\\\n]|\\.)*+"|'[^'\n]*+')"""


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=20).map("".join))
def test_the_string_pattern_finds_the_strings_it_always_found(text: str):
    import re

    from journal.ledger.toml_text import _STRING

    found = [m.span() for m in re.finditer(_STRING, text)]
    assert found == [m.span() for m in re.finditer(STRING_AS_FIRST_SPELT, text)]
