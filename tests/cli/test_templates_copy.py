"""`journal templates copy`: copy a built-in template into the journal to change it."""

from __future__ import annotations


