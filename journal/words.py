"""Text normalisation: one spelling of "the same words" for the whole package."""

from __future__ import annotations


def one_line(text: str) -> str:
    """``text`` with every run of blanks (line breaks too) as one space, trimmed."""
    return " ".join(text.split())


def same_words_key(text: str) -> str:
    """What two texts share when they say the same words: blanks collapsed, case folded."""
    return one_line(text).casefold()
