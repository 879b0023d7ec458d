"""The prose-edit rule (journal.prose_edit) held to a full parse: whenever it answers, it answers what
``extract_items`` says of the new text. Documents come from a grammar of Markdown lines, edits mostly
from prose; the long run is ``pytest -m prose_edit`` (examples from JOURNAL_PROSE_EXAMPLES)."""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from journal import prose_edit
from journal.extract import extract_items
from journal.extract_many import _extract_one
from journal.periods import from_key

PERIOD = from_key("2025-q2")
WORDS = ("habit",)

# Lines of every kind of block, and lines close to them (a marker without its space, a letter then a pipe).
STRUCTURE = [
    "# Goals", "## Notes", "### Plan for 2025-q3", "#no heading", "Goals", "===", "---", "- - -", "***", "___",
    "- [ ] task", "- [x] done", "* [X] done", "+ [/] going", "- [>] carried", "- [-] dropped", "- [?] asked",
    "- [!] urgent", "- [d] dee", "- [q] unknown", "1. [ ] numbered", "2) plain", "- plain", "-", "- ", "- [ ]",
    "* ", "1.", "  - [ ] nested", "    - [ ] deeper", "   - three", "  words under", "    code",
    "\tcode in tab", "> quote", "> - [ ] quoted", "> [!todo] Title", "> [!note]- folded", ">", "> > inner",
    "```", "```python", "~~~", "<!-- comment", "-->", "<!-- whole -->", "<div>", "</div>", "<span>",
    "| a | b |", "|---|---|", "--- | ---", "a | b", "x|y", "[foo]: /url", "[foo]:", '"title"', "'t'",
    "(paren)", '[a]: /u "ti', 'tle"', "[link] words", "title: front", "...", "", "", "", "  ", "\t",
]
ENDINGS = ["-", "- ", "* ", "1.", "- [ ]", "- [ ] task", "  - [ ] nested", "> quote", "> [!todo] T", "```", "<!-- c",
           "<div>", "| a | b |", "    code", "[foo]:", '[a]: /u "ti', "# Goals", "---", "Goals", "*x*"]
# Lines that only mean something together: an empty item above a reference definition whose title a prose line
# could close, a title below its definition, a table, a setext heading, a fence.
SNIPPETS = [
    ["# Goals", "-", '[a]: /u "ti'],
    ["# Goals", "- ", "[a]:", "/u"],
    ["[a]: /u", '"ti'],
    ["[a]: /u", "'ti"],
    ["- [ ] goal", "(ti"],
    ["| a | b |", "|---|---|"],
    ["Goals", "---"],
    ["```", "- [ ] fenced"],
    ["<!--", "- [ ] hidden"],
]
PROSE_START = "abcdefxyzABCQTZ"
PROSE_BODY = "abc XYZ 09.,;:!?*_`~#-+=<>()[]{}\"'\\/&%$@^\t\x00é"


@st.composite
def prose_line(draw) -> str:
    """A line starting with a letter; often ending as a reference title would (a quote, a parenthesis)."""
    line = draw(st.sampled_from(PROSE_START)) + draw(st.text(alphabet=PROSE_BODY, max_size=12))
    return line + draw(st.sampled_from(["", "", '"', "'", ")"]))


def any_line():
    return st.one_of(st.sampled_from(STRUCTURE), prose_line(), prose_line().map(lambda s: s + "|"))


@st.composite
def document(draw) -> list[str]:
    chunks = st.one_of(any_line().map(lambda line: [line]), st.sampled_from(SNIPPETS))
    lines = [line for chunk in draw(st.lists(chunks, max_size=draw(st.sampled_from([4, 10, 25])))) for line in chunk]
    if draw(st.booleans()):
        lines = [draw(st.sampled_from(["# Goals", "## Habits", "Plans", "# Notes"])), *lines]
    if draw(st.booleans()):  # how a document ends decides what may be appended to it
        lines.append(draw(st.sampled_from(ENDINGS)))
    if draw(st.booleans()):
        lines = ["---", *draw(st.lists(st.sampled_from(["title: x", "tags: [a]", "Text here", ""]), max_size=3)),
                 *draw(st.sampled_from([["---"], []])), *lines]
    return lines


def _line_by_line(lines: list[str]) -> tuple[list[str], list[tuple[int, int]]]:
    """The skeleton by its definition: each maximal run of prose lines one hole; and the runs as (first, end)."""
    elements: list[str] = []
    runs: list[tuple[int, int]] = []
    for row, line in enumerate(lines):
        prose = line[:1].isascii() and line[:1].isalpha() and "|" not in line
        if prose and runs and runs[-1][1] == row:
            runs[-1] = (runs[-1][0], row + 1)
        elif prose:
            runs.append((row, row + 1))
            elements.append(prose_edit.HOLE)
        else:
            elements.append(line)
    return elements, runs


def _runs(lines: list[str]) -> list[tuple[int, int]]:
    return _line_by_line(lines)[1]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_the_skeleton_is_its_definition(data):
    """The one-regex skeleton is the line-by-line one, whatever the line ends."""
    lines = data.draw(document())
    text = _joined(data.draw, lines)
    split = re.split(r"\r\n|\r|\n", text)
    shape, runs = prose_edit.skeleton(prose_edit.with_lf(text))
    elements, expected = _line_by_line(split)
    assert shape == "\n".join(elements)
    assert [(start, rows) for start, rows, _run in runs] == [(start, end - start) for start, end in expected]
    assert [run for _s, _r, run in runs] == ["\n".join(split[start:end]) for start, end in expected]


@st.composite
def prose_edit_of(draw, lines: list[str]) -> list[str]:
    """``lines`` with its prose edited: a line replaced, inserted or deleted inside a run, or prose appended."""
    new = list(lines)
    for _ in range(draw(st.integers(1, 3))):
        runs = _runs(new)
        choice = draw(st.sampled_from(["replace", "insert", "delete", "append", "any"]))
        if choice == "append" or not runs:
            new += draw(st.sampled_from([[""], ["", ""], []])) + draw(st.lists(prose_line(), min_size=1, max_size=2))
            new += draw(st.sampled_from([[""], []]))
            continue
        start, end = draw(st.sampled_from(runs))
        row = draw(st.integers(start, end - 1))
        if choice == "replace":
            new[row] = draw(prose_line())
        elif choice == "insert":
            new.insert(draw(st.integers(start, end)), draw(prose_line()))
        elif choice == "delete" and end - start > 1:
            del new[row]
        elif choice == "any":  # now and then an edit that is not prose, which must be refused or be harmless
            new[row] = draw(any_line())
    return new


def _joined(draw, lines: list[str]) -> str:
    ends = draw(st.lists(st.sampled_from(["\n", "\n", "\r\n", "\r"]), min_size=len(lines), max_size=len(lines)))
    text = "".join(line + end for line, end in zip(lines, ends, strict=True))
    return text if draw(st.booleans()) else text[: -len(ends[-1])] if ends else text


def _full(text: str) -> tuple:
    unchangeable: list = []
    not_taken: list = []
    items = extract_items(
        text, document_period=PERIOD, goal_words=WORDS, unchangeable=unchangeable, not_taken=not_taken
    )
    return items, unchangeable, not_taken


def _check(data) -> bool:
    """Draw a document and an edit of it; whenever the rule answers, its answer is the full parse's."""
    old_lines = data.draw(document())
    new_lines = data.draw(prose_edit_of(old_lines))
    old_text, new_text = _joined(data.draw, old_lines), _joined(data.draw, new_lines)
    found, kept = _extract_one((old_text, PERIOD, WORDS, (), True))
    assume(kept is not None)  # a document in error keeps nothing
    import marshal

    kept = marshal.loads(marshal.dumps(kept))  # as read back from .journal/prose/
    answer = prose_edit.known_result(kept, new_text, PERIOD.key)
    if answer is None:
        return False
    items, unchangeable, not_taken = answer
    assert (items, unchangeable, not_taken) == tuple(_full(new_text)), (old_text, new_text)
    return True


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_prose_edit_gives_what_a_full_parse_gives(data):
    _check(data)


@pytest.mark.prose_edit
def test_a_long_run_of_prose_edits_gives_what_a_full_parse_gives(request):
    if "prose_edit" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("the long run: pytest -m prose_edit (examples from JOURNAL_PROSE_EXAMPLES)")
    examples = int(os.environ.get("JOURNAL_PROSE_EXAMPLES", "20000"))
    settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))(
        given(st.data())(lambda data: None if _check(data) else None)
    )()
