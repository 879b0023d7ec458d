"""`journal templates show`: print the template that wins for a name."""

from __future__ import annotations


