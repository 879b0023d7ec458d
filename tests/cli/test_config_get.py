"""`journal config get`: print one setting or all of them."""

from __future__ import annotations


