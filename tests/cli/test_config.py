"""`journal config`: the group that reads and changes journal.toml."""

from __future__ import annotations


