"""The current date and time, from one place, so tests (and scripts) can set them.

``JOURNAL_NOW`` (an ISO date, ``2025-04-01``, or date and time, ``2025-04-01T09:30:00``)
stands for the clock when set; ``journal`` never sets it itself.
"""

from __future__ import annotations

import os
from datetime import date, datetime

CLOCK_VARIABLE = "JOURNAL_NOW"


def now() -> datetime:
    """The current local time, to the second: ``$JOURNAL_NOW`` if set (a bad value is ignored)."""
    fixed = os.environ.get(CLOCK_VARIABLE, "").strip()
    if fixed:
        try:
            return datetime.fromisoformat(fixed).replace(microsecond=0, tzinfo=None)
        except ValueError:
            pass
    return datetime.now().replace(microsecond=0)


def today() -> date:
    """The current date (``now()``'s date)."""
    return now().date()
