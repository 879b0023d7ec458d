"""`journal drop`: mark goals dropped, with a reason kept in their history."""

from __future__ import annotations


