"""User text made harmless for a terminal, without click or rich: ``journal.render`` and the click-free
paths of the console script (``journal.bare_sync``) both print through it."""

from __future__ import annotations

from journal.lazy_pattern import LazyPattern

# Characters a terminal acts on instead of showing: C0 but tab, DEL, C1, and the bidi overrides
# and isolates that can make a line read differently from what it holds.
_UNSAFE = LazyPattern("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_BUT_NEWLINE = LazyPattern("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escaped(match) -> str:  # a re.Match
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: object, *, newlines: bool = False) -> str:
    """User text made harmless for a terminal: each control character shown as its escape (``\\x1b``).

    ``newlines``: keep line feeds (a multi-line message of ours); otherwise the result is one line.
    """
    text = str(text)
    if text.isprintable():  # the usual case, and fast: no Cc or Cf character at all
        return text
    pattern = _UNSAFE_BUT_NEWLINE if newlines else _UNSAFE
    return text if pattern.search(text) is None else pattern.sub(_escaped, text)
