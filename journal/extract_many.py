"""Goal items of many documents at once: on every core when there are many (a first sync, an import)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from journal.errors import DocumentError

if TYPE_CHECKING:
    from collections.abc import Callable

    from journal.extract import Item
    from journal.periods import Period
    from journal.prose_edit import Record

PARALLEL_FROM = 64  # documents to parse before it pays to start worker processes


# A document's items; (line, why) of those whose marker cannot be changed; (line, why) of task lines not taken.
Extracted = tuple[list["Item"], list[tuple[int, str]], list[tuple[int, str]]]
StatusOverrides = tuple[tuple[str, str], ...]
Done = tuple["Extracted | DocumentError", "Record | None"]  # a document's result, and what is kept of its parse


def _extract_one(job: tuple[str, Period, tuple[str, ...], StatusOverrides, bool]) -> Done:
    from journal.extract import extract_items
    from journal.statuses import status_table

    text, period, words, overrides, keep = job
    unchangeable: list[tuple[int, str]] = []
    not_taken: list[tuple[int, str]] = []
    tokens: list | None = [] if keep else None
    try:
        items = extract_items(
            text,
            document_period=period,
            goal_words=words,
            unchangeable=unchangeable,
            statuses=status_table(overrides),
            not_taken=not_taken,
            parsed=tokens,
        )
    except DocumentError as exc:
        return exc, None
    found = (items, unchangeable, not_taken)
    if tokens is None:
        return found, None
    from journal.prose_edit import record

    return found, record(tokens, text, period.key, found)


def extract_many(
    jobs: list[tuple[str, Period]],
    goal_words: tuple[str, ...],
    statuses: StatusOverrides = (),
    *,
    records: list[Record | None] | None = None,
) -> list[Extracted | DocumentError]:
    """The items of many documents, parsed on every core when there are many (a first sync, an import).

    Each comes with the items that look like goals but whose marker journal
    could not change, as (line, why): those are left out; and the task lines
    not taken (a status character in no table, a plain block quote).
    ``statuses``: journal.toml's ``[statuses]``. ``records``, when given,
    receives for each document what ``journal.prose_edit`` keeps of its parse
    (None for a document in error).
    """
    done = _run([(text, period, tuple(goal_words), tuple(statuses), records is not None) for text, period in jobs])
    if records is not None:
        records.extend(kept for _result, kept in done)
    return [result for result, _kept in done]


def _run(work: list[tuple[str, Period, tuple[str, ...], StatusOverrides, bool]]) -> list[Done]:
    from journal.progress import tracking

    workers = min(os.cpu_count() or 1, 4)
    with tracking("Reading documents", len(work)) as advance:
        if len(work) < PARALLEL_FROM or workers < 2:
            return [_counted(_extract_one(job), advance) for job in work]
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        import journal.extract  # noqa: F401 - imported once here, inherited by the workers

        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                chunks = max(8, len(work) // (workers * 4))
                return [_counted(result, advance) for result in pool.map(_extract_one, work, chunksize=chunks)]
        except (OSError, RuntimeError, ValueError):
            return [_counted(_extract_one(job), advance) for job in work]  # no processes to be had: do it here


def _counted(result: Done, advance: Callable[[int], None]) -> Done:
    advance(1)
    return result
