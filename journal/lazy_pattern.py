"""A regular expression compiled the first time it is used, so importing a module does not compile them all.

Every command imports modules whose patterns it never uses (`journal done`
imports the attribute patterns for goals it does not sync); compiling one
costs from a tenth of a millisecond to several. A module keeps each pattern's
text where it was and writes ``NAME = LazyPattern(r"...", re.IGNORECASE)``
instead of ``re.compile``; uses stay ``NAME.search(text)``. On first use the
pattern is compiled and its methods are set on the holder, so later calls go
straight to the compiled pattern's methods.
"""

from __future__ import annotations

import re
from typing import Any

# Set on the holder at first use: the compiled pattern's own bound methods and attributes.
_FORWARDED = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split", "pattern", "flags")


class LazyPattern:
    """``re.compile(pattern, flags)``, done on first use; it answers what a compiled pattern does."""

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self._text = pattern
        self._flags = flags

    def compiled(self) -> re.Pattern:
        """The compiled pattern (compiled now if it was not yet)."""
        compiled = re.compile(self._text, self._flags)
        self.__dict__.update({name: getattr(compiled, name) for name in _FORWARDED})
        self.__dict__["compiled"] = lambda: compiled
        return compiled

    def __getattr__(self, name: str) -> Any:  # only for what is not set yet: the first use
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._text!r}, {self._flags!r})"
