"""Markdown text -> goal items. Pure: text in, items out.

The rules are those of ``shared/corpus/README.md`` (R1-R8, C1-C6):

* every list item whose first paragraph starts with a task marker (``[c]``,
  ``c`` any one character of the status table: ``[ ]``, ``[x]``, ``[X]``,
  journal's ``[/]``, ``[>]``, ``[-]``, Obsidian's ``[?]``, ``[!]``, ``[d]``...)
  is a ``checkbox``; one whose character is in no table is not taken (and said);
* any other list item is a ``bullet`` goal when its nearest document-level
  heading, or any ancestor heading, uses a goal word;
* task items inside Obsidian callouts (``> [!todo] Title``) count, plain bullets there do not;
* nothing counts inside code, HTML, front matter, tables or plain block quotes.

Parsing is CommonMark (plus GFM tables and front matter) by markdown-it-py;
line numbers are 1-based and count LF, CRLF and lone CR as line ends, front
matter included.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from journal.goal_item import Item
from journal.statuses import status_table

if TYPE_CHECKING:
    from journal.periods import Period

DEFAULT_GOAL_WORDS: tuple[str, ...] = (
    "goal",
    "goals",
    "priority",
    "priorities",
    "objective",
    "objectives",
    "okr",
    "okrs",
    "key result",
    "key results",
    "focus area",
    "focus areas",
    "next quarter",
    "next year",
    "action item",
    "action items",
    "resolution",
    "resolutions",
    "plan",
    "plans",
    "to do",
    "to-do",
    "todo",
    "todos",
)

MAX_NESTING = 200  # markdown-it's block nesting limit: about 100 levels of nested lists
_NEXT_LINE = "a list marker alone on its line, its words on the next: journal cannot change it (join the lines)"
_NO_MARKER = "journal cannot find this item's marker at the start of its line to change it"
_EMPTY_ABOVE_TEXT = "an empty item right above a line of text: a marker would join them (add a blank line)"
_MARKER_MOVES_WORDS = "a list marker and blanks alone on its line: a marker there would move its words (join the lines)"
_UNKNOWN = "[{}] is in no status table: add it under [statuses] in journal.toml to take it"
_QUOTED = "a task in a plain block quote (quoted words): make the quote a callout (> [!todo]) to take it"
# A marker, then blanks or the end of its line (the words may start on the next line).
TASK_RE = re.compile(r"\[([^\s\[\]\x00-\x1f\x7f]| )\](?:[ \t]+|(?=\n)|\Z)")
# A list marker followed by a tab or several blanks, and nothing else on its line.
_MARKER_AND_BLANKS_RE = re.compile(r"[ \t>]*(?:[-*+]|\d{1,9}[.)])(?: [ \t]+|\t[ \t]*)$")
# The first line of an Obsidian callout: [!type], folded with - or +, then its title.
CALLOUT_RE = re.compile(r"\[![^\]\s]+\][+-]?(?:[ \t]|$)", re.MULTILINE)


@lru_cache(maxsize=8)
def goal_words_pattern(extra_words: tuple[str, ...] = ()) -> re.Pattern[str]:
    """A case-insensitive whole-word pattern for the default goal words plus ``extra_words``."""
    words = sorted({*DEFAULT_GOAL_WORDS, *(w.strip().lower() for w in extra_words if w.strip())}, key=len)
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"[\s_-]+") for w in reversed(words))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def is_goal_heading(text: str, extra_words: tuple[str, ...] = ()) -> bool:
    """Whether a heading's text uses a goal word (R3)."""
    return goal_words_pattern(extra_words).search(text) is not None


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    parser = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table").use(front_matter_plugin)
    # Only block structure and each block's raw text are read: the inline parse is work for nothing.
    parser.core.ruler.disable("inline")
    return parser


def extract_items(
    text: str,
    *,
    document_period: Period | None = None,
    goal_words: Iterable[str] = (),
    unchangeable: list[tuple[int, str]] | None = None,
    statuses: Mapping[str, str] | None = None,
    not_taken: list[tuple[int, str]] | None = None,
    parsed: list | None = None,
) -> list[Item]:
    """Every goal item in a Markdown document, in document order.

    ``document_period`` lets headings such as "Next Quarter Goals" name a
    target period, and is the target of goals under headings that name none.
    Every item returned can have its marker set (``documents.set_item_status``);
    an item that looks like a goal but could not be changed is left out, and
    its (line, why) added to ``unchangeable``. ``statuses`` maps a task's
    character to its status (``statuses.status_table()`` when None); a task
    line not taken (a character in no table, a plain block quote) has its
    (line, why) added to ``not_taken``. ``parsed``, when given, receives
    markdown-it's block tokens (``journal.prose_edit`` keeps what it needs of them).
    """
    tokens = _parser().parse(text)
    if parsed is not None:
        parsed.extend(tokens)
    deepest = max((token.level for token in tokens), default=0)
    if deepest >= MAX_NESTING - 2:
        raise _too_deep(tokens, deepest)
    walk = _Walk(tokens, text, document_period, tuple(goal_words), unchangeable)
    walk.statuses = status_table() if statuses is None else statuses
    walk.not_taken = not_taken
    return walk.items()


class _Walk:
    """One walk through a document's tokens: the headings in force, block quotes, and the items found."""

    def __init__(
        self,
        tokens: list,
        text: str,
        document_period: Period | None,
        extra_words: tuple[str, ...],
        unchangeable: list[tuple[int, str]] | None,
    ) -> None:
        self.tokens = tokens
        self.text = text
        self.lines = re.split(r"\r\n|\r|\n", text)
        self.document_period = document_period
        self.extra = extra_words
        self.unchangeable = unchangeable
        self.headings: list[tuple[int, str]] = []  # (level, text) of the document-level headings in force
        self.paragraph_starts: set[int] | None = None
        self.period_cache: dict[str, str | None] = {}
        self.statuses: Mapping[str, str] = status_table()
        self.not_taken: list[tuple[int, str]] | None = None
        self.quotes: list[bool] = []  # the block quotes the walk is in: True for a callout

    def items(self) -> list[Item]:
        """The goal items, in document order."""
        tokens = self.tokens
        found: list[Item] = []
        for index, token in enumerate(tokens):
            kind = token.type
            if kind == "heading_open" and token.level == 0:
                level = int(token.tag[1:])
                while self.headings and self.headings[-1][0] >= level:
                    self.headings.pop()
                self.headings.append((level, tokens[index + 1].content.strip()))
            elif kind == "blockquote_open":
                self.quotes.append(_opens_callout(tokens, index))
            elif kind == "blockquote_close":
                self.quotes.pop()
            elif kind == "list_item_open" and token.map is not None:
                item = self.list_item(index, token)
                if item is not None:
                    found.append(item)
        return found

    def list_item(self, index: int, token: Any) -> Item | None:
        """The goal the list item opened by ``token`` is, if it is one that can be changed."""
        content = ""
        first = self.tokens[index + 1]
        if first.type == "paragraph_open":
            content = self.tokens[index + 2].content
        elif first.type != "list_item_close":
            return None  # it starts with another list, code or a heading: no words of its own
        match = TASK_RE.match(content)
        row = token.map[0]
        marker = match.group(1) if match else None
        if self.quotes and (match is None or not all(self.quotes)):
            if match is not None:
                self.tell_not_taken(row, _QUOTED)
            return None  # quoted words are not the writer's goals; in a callout, only its tasks are
        if marker is not None and marker not in self.statuses:
            self.tell_not_taken(row, _UNKNOWN.format(marker))
            return None
        if match:
            body, item_kind, status = content[match.end() :], "checkbox", self.statuses[marker]
        elif any(is_goal_heading(h, self.extra) for _l, h in self.headings):
            body, item_kind, status = content, "bullet", "open"
        else:
            return None
        text_of_item = " ".join(part.strip() for part in body.splitlines()).strip()
        why = self.why_unchangeable(token, first, text_of_item, item_kind, marker)
        if why is not None:
            if self.unchangeable is not None:
                self.unchangeable.append((row + 1, why))
            return None
        return Item(
            line=row + 1,
            text=text_of_item,
            kind=item_kind,
            status=status,
            section=self.headings[-1][1] if self.headings else "",
            target=self.target(),
            marker=marker,
        )

    def tell_not_taken(self, row: int, why: str) -> None:
        """Note a task line that is not taken, and why (sync says how many, once per document)."""
        if self.not_taken is not None:
            self.not_taken.append((row + 1, why))

    def why_unchangeable(self, token: Any, first: Any, text: str, kind: str, marker: str | None) -> str | None:
        """Why journal could not set this item's marker, or None when it can."""
        row = token.map[0]
        if first.type == "list_item_close" and kind == "bullet":
            if self.paragraph_starts is None:
                self.paragraph_starts = _plain_paragraph_starts(self.tokens)
            if token.map[1] in self.paragraph_starts:
                return _EMPTY_ABOVE_TEXT  # a marker written here would make the next line part of this item
        if not _changeable(self.lines, row, text, kind, marker):
            return _NEXT_LINE if first.map is not None and first.map[0] != row else _NO_MARKER
        if _moves_its_words(self.lines, row, text) and not _marker_keeps_its_words(self.text, row, text):
            return _MARKER_MOVES_WORDS
        return None

    def target(self) -> str | None:
        """The period the goals under the current headings are for (the nearest heading naming one)."""
        for _level, heading in reversed(self.headings):
            if heading not in self.period_cache:
                self.period_cache[heading] = _period_named_in(heading, self.document_period)
            if self.period_cache[heading]:
                return self.period_cache[heading]
        return self.document_period.key if self.document_period is not None else None


def _too_deep(tokens: list, deepest: int) -> Exception:
    """The error for blocks nested past markdown-it's limit, naming what is nested: lists, block quotes or both."""
    from journal.errors import DocumentError

    opened: list[str] = []
    for token in tokens:
        if token.level == deepest:
            break
        if token.nesting == 1:
            opened.append(token.type)
        elif token.nesting == -1 and opened:
            opened.pop()
    quotes = opened.count("blockquote_open")
    lists = opened.count("list_item_open")
    if quotes and lists:
        return DocumentError("lists and block quotes nested too deeply: journal cannot read them all")
    if quotes:
        return DocumentError(
            f"block quotes nested more than {MAX_NESTING - 4} levels deep: journal cannot read them all"
        )
    return DocumentError(f"lists nested more than {MAX_NESTING // 2 - 2} levels deep: journal cannot read them all")


def _opens_callout(tokens: list, index: int) -> bool:
    """Whether the block quote opened at ``tokens[index]`` is an Obsidian callout (its first line ``[!type]``)."""
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is None or following.type != "paragraph_open":
        return False
    return CALLOUT_RE.match(tokens[index + 2].content) is not None


def _changeable(lines: list[str], row: int, text: str, kind: str, character: str | None) -> bool:
    """Whether ``documents.set_item_status`` finds this item's marker (or the place for one) on its line."""
    from journal.documents import item_marker

    marker = item_marker(lines[row], text, (lines[later] for later in range(row + 1, len(lines))))
    if marker is None:
        return False
    if kind == "checkbox":
        return marker.group(3) is not None and marker.group(3) == character
    if not text and not re.search(r"[-*+.)] {0,4}$", marker.group(1)):
        return False  # a marker written after a tab or five spaces would start a code block, not a task
    return marker.group(2) is None


def _moves_its_words(lines: list[str], row: int, text: str) -> bool:
    """Whether the item's words start below a list marker followed by a tab or several blanks: a marker written
    there moves the column its lines are read from, so those lines may leave the item (checked by trying it)."""
    return bool(text) and _MARKER_AND_BLANKS_RE.match(lines[row]) is not None


_trying_a_marker = False  # set while ``_marker_keeps_its_words`` extracts the marked document


def _marker_keeps_its_words(text: str, row: int, words: str) -> bool:
    """Whether writing ``[x]`` on the item at ``row`` leaves the same words on that line's item, as extracted."""
    global _trying_a_marker
    if _trying_a_marker:
        return True  # only the item being tried is checked: the others are not tried again inside
    from journal.documents import set_item_status
    from journal.errors import DocumentError

    try:
        marked = set_item_status(text.encode("utf-8"), row + 1, "x", words).decode("utf-8")
    except (DocumentError, UnicodeDecodeError):
        return False
    _trying_a_marker = True
    try:
        return any(item.line == row + 1 and item.text == words for item in extract_items(marked))
    finally:
        _trying_a_marker = False


def _plain_paragraph_starts(tokens: list) -> set[int]:
    """The 0-based lines where a block starts that could not interrupt a paragraph, unless a list item or quote does.

    Below an item's first line, such a line would be read as part of its words.
    """
    starts = set()
    for index, token in enumerate(tokens):
        if token.map is not None and (
            token.type in ("paragraph_open", "code_block")
            or (token.type == "html_block" and not token.content.lstrip().startswith("<!--"))
            or (token.type == "heading_open" and token.markup in ("=", "-"))
        ):
            before = tokens[index - 1] if index else None
            opened_here = (
                before is not None
                and before.type in ("list_item_open", "blockquote_open")
                and before.map is not None
                and before.map[0] == token.map[0]
            )
            if not opened_here:
                starts.add(token.map[0])
    return starts


def _period_named_in(heading: str, document_period: Period | None) -> str | None:
    from journal.period_text import find_period_in_text

    found = find_period_in_text(heading, relative_to=document_period)
    return found.key if found is not None else None
