"""`journal reopen`: mark goals open again."""

from __future__ import annotations


