"""`journal start`: mark goals in progress."""

from __future__ import annotations


