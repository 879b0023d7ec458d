"""Markdown text -> goal items. Pure: text in, items out.

The rules are those of ``shared/corpus/README.md`` (R1-R8, C1-C6):

* every list item whose first paragraph starts with a task marker (``[ ]``,
  ``[x]``, ``[X]``, and journal's ``[/]``, ``[>]``, ``[-]``) is a ``checkbox``;
* any other list item is a ``bullet`` goal when its nearest document-level
  heading, or any ancestor heading, uses a goal word;
* nothing counts inside code, HTML, front matter, tables or block quotes.

Parsing is CommonMark (plus GFM tables and front matter) by markdown-it-py;
line numbers are 1-based and count LF, CRLF and lone CR as line ends, front
matter included.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

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

MARKER_STATUS: dict[str, str] = {
    " ": "open",
    "x": "done",
    "X": "done",
    "/": "in_progress",
    ">": "carried",
    "-": "dropped",
}
STATUS_MARKER: dict[str, str] = {
    "open": " ",
    "done": "x",
    "in_progress": "/",
    "carried": ">",
    "dropped": "-",
}
MAX_NESTING = 200  # markdown-it's block nesting limit: about 100 levels of nested lists
TASK_RE = re.compile(r"\[([ xX/>\-])\](?:[ \t]+|$)")


@dataclass(frozen=True)
class Item:
    """One goal found in a document."""

    line: int
    text: str
    kind: str  # "checkbox" or "bullet"
    status: str  # open, done, in_progress, carried, dropped
    section: str
    target: str | None

    @property
    def done(self) -> bool | None:
        """True/False for checkboxes (done or not), None for plain bullets."""
        if self.kind != "checkbox":
            return None
        return self.status == "done"

    def as_dict(self) -> dict:
        """The item as a JSON-ready dict, with ``done``."""
        data = asdict(self)
        data["done"] = self.done
        return data


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
) -> list[Item]:
    """Every goal item in a Markdown document, in document order.

    ``document_period`` lets headings such as "Next Quarter Goals" name a
    target period, and is the target of goals under headings that name none.
    """
    extra = tuple(goal_words)
    tokens = _parser().parse(text)
    items: list[Item] = []
    headings: list[tuple[int, str]] = []  # (level, text) of the document-level headings in force
    quote_depth = 0
    period_cache: dict[str, str | None] = {}

    def target_for() -> str | None:
        for _level, heading in reversed(headings):
            if heading not in period_cache:
                period_cache[heading] = _period_named_in(heading, document_period)
            if period_cache[heading]:
                return period_cache[heading]
        return document_period.key if document_period is not None else None

    deepest = max((token.level for token in tokens), default=0)
    if deepest >= MAX_NESTING - 2:
        raise _too_deep(tokens, deepest)
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "heading_open" and token.level == 0:
            level = int(token.tag[1:])
            while headings and headings[-1][0] >= level:
                headings.pop()
            headings.append((level, tokens[index + 1].content.strip()))
        elif kind == "blockquote_open":
            quote_depth += 1
        elif kind == "blockquote_close":
            quote_depth -= 1
        elif kind == "list_item_open" and quote_depth == 0 and token.map is not None:
            content = ""
            if tokens[index + 1].type == "paragraph_open":
                content = tokens[index + 2].content
            match = TASK_RE.match(content)
            if match:
                body = content[match.end() :]
                item_kind = "checkbox"
                status = MARKER_STATUS[match.group(1)]
            elif any(is_goal_heading(h, extra) for _l, h in headings):
                body = content
                item_kind = "bullet"
                status = "open"
            else:
                continue
            items.append(
                Item(
                    line=token.map[0] + 1,
                    text=" ".join(part.strip() for part in body.splitlines()).strip(),
                    kind=item_kind,
                    status=status,
                    section=headings[-1][1] if headings else "",
                    target=target_for(),
                )
            )
    return items


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


def _period_named_in(heading: str, document_period: Period | None) -> str | None:
    from journal.periods import find_period_in_text

    found = find_period_in_text(heading, relative_to=document_period)
    return found.key if found is not None else None
