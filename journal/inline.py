"""Goal text on a terminal: its inline Markdown shown as styles (bold, emphasis, code, links as their text).

Only a terminal gets this; pipes, files and --json keep the text as written. markdown-it-py and rich
are imported when a text holds a character that could be markup, so plain text costs nothing.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from journal.render import terminal_safe

if TYPE_CHECKING:
    from rich.text import Text

_MARKUP_CHARACTERS = frozenset("*_`[<&\\!")
_STYLE_OF = {"strong": "bold", "em": "italic", "s": "strike", "link": "underline"}
CODE_STYLE = "bold cyan"


@functools.cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("strikethrough")


def inline_text(text: str, style: str = "") -> Text:
    """``text`` as rich Text with its inline Markdown rendered; every piece made terminal-safe.

    Raw HTML is shown as written (never interpreted), images as their alt text, line breaks as spaces.
    """
    from rich.text import Text

    result = Text(style=style)
    if not _MARKUP_CHARACTERS.intersection(text):
        result.append(terminal_safe(text))
        return result
    open_styles: list[str] = []
    for token in _inline_tokens(text):
        kind = token.type
        if kind.endswith("_open") and kind[:-5] in _STYLE_OF:
            open_styles.append(_STYLE_OF[kind[:-5]])
        elif kind.endswith("_close") and kind[:-6] in _STYLE_OF:
            if open_styles:
                open_styles.pop()
        elif kind == "code_inline":
            result.append(terminal_safe(token.content), style=" ".join([*open_styles, CODE_STYLE]))
        elif kind in ("softbreak", "hardbreak"):
            result.append(" ")
        elif kind == "image":
            result.append(terminal_safe(token.content), style=" ".join(open_styles))
        else:  # text, html_inline, anything else: its characters as written
            result.append(terminal_safe(token.content), style=" ".join(open_styles))
    return result


def _inline_tokens(text: str) -> list[Any]:
    """The inline tokens of ``text`` (one line of a list item), flattened."""
    tokens = _parser().parseInline(text)
    return [child for token in tokens for child in (token.children or [])]


def plain(text: str) -> str:
    """What a terminal shows of ``text``: its rendered characters without styles (for widths and tests)."""
    return inline_text(text).plain
