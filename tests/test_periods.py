"""Tests for journal.periods: parsing, keys, dates, arithmetic, containment and headings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from journal.errors import PeriodError, UsageError
from journal.periods import (
    KINDS,
    Period,
    find_period_in_text,
    from_key,
    parse_period,
    period_from_filename,
    period_of,
)

DAY = timedelta(days=1)
FORMS_START = "expected a year (2025), half (2025-h1), quarter (2025-q1, Q1 2025), month (2025-03, March 2025)"


def Y(year: int, fys: int = 1) -> Period:
    return Period("year", year, 1, fys)


def H(year: int, index: int, fys: int = 1) -> Period:
    return Period("half", year, index, fys)


def Q(year: int, index: int, fys: int = 1) -> Period:
    return Period("quarter", year, index, fys)


def M(year: int, index: int, fys: int = 1) -> Period:
    return Period("month", year, index, fys)


def W(year: int, index: int, fys: int = 1) -> Period:
    return Period("week", year, index, fys)


def iso_weeks(year: int) -> int:
    return date(year, 12, 28).isocalendar()[1]


@st.composite
def periods(draw: st.DrawFn, min_year: int = 1001, max_year: int = 9997) -> Period:
    kind = draw(st.sampled_from(KINDS))
    year = draw(st.integers(min_year, max_year))
    days = (date(year, 12, 31) - date(year, 1, 1)).days + 1
    count = {"year": 1, "half": 2, "quarter": 4, "month": 12, "week": iso_weeks(year), "day": days}[kind]
    return Period(kind, year, draw(st.integers(1, count)), draw(st.integers(1, 12)))


# --- parse_period ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-q1", Q(2025, 1)),
        ("q1-2025", Q(2025, 1)),
        ("Q1 2025", Q(2025, 1)),
        ("2025Q1", Q(2025, 1)),
        ("2025-Q1", Q(2025, 1)),
        ("Q1/2025", Q(2025, 1)),
        ("q4_2025", Q(2025, 4)),
        ("2025 q3", Q(2025, 3)),
        ("Q2, 2025", Q(2025, 2)),
        ("  Q1 2025\n", Q(2025, 1)),
        ("Q1 FY2025", Q(2025, 1)),
        ("FY2025-Q1", Q(2025, 1)),
        ("2025-h1", H(2025, 1)),
        ("H1 2025", H(2025, 1)),
        ("h2-2025", H(2025, 2)),
        ("2025H2", H(2025, 2)),
        ("2025", Y(2025)),
        ("FY2025", Y(2025)),
        ("fy 2025", Y(2025)),
        ("2025-03", M(2025, 3)),
        ("2025-12", M(2025, 12)),
        ("March 2025", M(2025, 3)),
        ("mar 2025", M(2025, 3)),
        ("MAR 2025", M(2025, 3)),
        ("Sept. 2025", M(2025, 9)),
        ("sep-2025", M(2025, 9)),
        ("2025 march", M(2025, 3)),
        ("December 2025", M(2025, 12)),
        ("2025-w12", W(2025, 12)),
        ("2025W12", W(2025, 12)),
        ("W12 2025", W(2025, 12)),
        ("2025-W03", W(2025, 3)),
        ("w3 2025", W(2025, 3)),
        ("W03 2025", W(2025, 3)),
        ("Week 3, 2025", W(2025, 3)),
        ("2020-w53", W(2020, 53)),
        ("1000", Y(1000)),
        ("9999", Y(9999)),
    ],
)
def test_parse_accepted_forms(text: str, expected: Period) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("this", Q(2025, 2)),
        ("next", Q(2025, 3)),
        ("last", Q(2025, 1)),
        ("previous", Q(2025, 1)),
        ("  This  ", Q(2025, 2)),
        ("this week", W(2025, 19)),
        ("next-quarter", Q(2025, 3)),
        ("last month", M(2025, 4)),
        ("this year", Y(2025)),
        ("next_year", Y(2026)),
        ("previous half", H(2024, 2)),
        ("NEXT WEEK", W(2025, 20)),
    ],
)
def test_parse_relative(text: str, expected: Period) -> None:
    assert parse_period(text, today=date(2025, 5, 7)) == expected


def test_parse_relative_default_kind_and_year_boundaries() -> None:
    assert parse_period("next", today=date(2025, 12, 31), default_kind="month") == M(2026, 1)
    assert parse_period("last", today=date(2025, 1, 1), default_kind="week") == W(2024, 52)
    assert parse_period("this", today=date(2021, 1, 3), default_kind="week") == W(2020, 53)
    assert parse_period("next", today=date(2025, 10, 2), default_kind="year") == Y(2026)


def test_parse_relative_defaults_to_today() -> None:
    assert parse_period("this") == period_of(date.today(), "quarter")


def test_parse_relative_fiscal() -> None:
    assert parse_period("this", today=date(2025, 2, 1), fiscal_year_start=4) == Q(2024, 4, 4)
    assert parse_period("next year", today=date(2025, 2, 1), fiscal_year_start=4) == Y(2025, 4)


def test_parse_fiscal_keeps_the_setting() -> None:
    assert parse_period("2025-q1", fiscal_year_start=4) == Q(2025, 1, 4)
    assert parse_period("2025-q1", fiscal_year_start=4).start == date(2025, 4, 1)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "q5-2025",
        "2025-q0",
        "Q12 2025",
        "h3 2025",
        "2025-h0",
        "2025-13",
        "2025-00",
        "2025-3",
        "2025-w00",
        "2025-w54",
        "2021-w53",
        "q1 25",
        "25-q1",
        "0999",
        "12025",
        "2025-q1-q2",
        "foo 2025",
        "marc 2025",
        "../x",
        "/etc/passwd",
        "2025\x00",
        "q1\x002025",
        "next decade",
        "this quarter please",
        "２０２５",
        "2025-q١",
    ],
)
def test_parse_rejects(text: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert caught.value.message == f"not a period: {text!r}"
    assert FORMS_START in (caught.value.hint or "")
    assert isinstance(caught.value, UsageError)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("q5-2025", "quarters are q1-q4"),
        ("h3 2025", "halves are h1-h2"),
        ("2025-13", "months are 01-12"),
        ("2021-w53", "2021 has 52 ISO weeks"),
        ("2025-w54", "weeks are w01-w53"),
        ("0999", "years run 1000-9999"),
        ("2025-3", "months have two digits"),
    ],
)
def test_parse_error_hint_gives_the_reason(text: str, reason: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert caught.value.hint.startswith(reason)
    assert "not a period: " in str(caught.value)


def test_parse_error_message_is_shortened() -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period("x" * 500)
    assert len(caught.value.message) < 100


def test_parse_bad_settings() -> None:
    with pytest.raises(PeriodError, match="unknown period kind"):
        parse_period("this", default_kind="decade")
    with pytest.raises(PeriodError, match="fiscal_year_start"):
        parse_period("2025", fiscal_year_start=13)


def test_fiscal_year_cannot_run_past_9999() -> None:
    assert parse_period("9999").end == date(9999, 12, 31)
    with pytest.raises(PeriodError, match="9999"):
        parse_period("9999", fiscal_year_start=4)
    assert parse_period("9999-q1", fiscal_year_start=4).end == date(9999, 6, 30)


# --- from_key and file names -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("2025", Y(2025)),
        ("2025-h2", H(2025, 2)),
        ("2025-q4", Q(2025, 4)),
        ("2025-03", M(2025, 3)),
        ("2025-w03", W(2025, 3)),
        ("2020-w53", W(2020, 53)),
    ],
)
def test_from_key(key: str, expected: Period) -> None:
    assert from_key(key) == expected
    assert expected.key == key


@pytest.mark.parametrize(
    "key",
    ["2025-Q1", "Q1 2025", "2025-w3", "2025-3", " 2025", "2025-q1\n", "2025-q5", "2021-w53", "0999", "", "x"],
)
def test_from_key_rejects_non_canonical(key: str) -> None:
    with pytest.raises(PeriodError, match="not a period key"):
        from_key(key)


def test_from_key_fiscal() -> None:
    assert from_key("2025-q1", 10) == Q(2025, 1, 10)
    assert from_key("2025-q1", 10).start == date(2025, 10, 1)


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("2025-q1", (Q(2025, 1), "")),
        ("2025-q4-report", (Q(2025, 4), "report")),
        ("2025", (Y(2025), "")),
        ("2025-okr", (Y(2025), "okr")),
        ("2025-03-team-review", (M(2025, 3), "team-review")),
        ("2025-w03-retro", (W(2025, 3), "retro")),
        ("2025-h1-summary_v2", (H(2025, 1), "summary_v2")),
        ("2025-q1-Réunion", (Q(2025, 1), "Réunion")),
        ("2025-q1", (Q(2025, 1), "")),
    ],
)
def test_period_from_filename(stem: str, expected: tuple[Period, str]) -> None:
    assert period_from_filename(stem) == expected


@pytest.mark.parametrize(
    "stem",
    [
        "notes",
        "q1-2025",
        "2025-q5",
        "2025-q5-report",
        "2025-h1x",
        "2025-w3",
        "2021-w53",
        "2025-3",
        "2025-02-30",
        "2025-q1-",
        "2025-q1-1on1",
        "2025-q1report",
        "2025-q1 report",
        "20250",
        "README",
        "",
    ],
)
def test_period_from_filename_none(stem: str) -> None:
    assert period_from_filename(stem) is None


def test_period_from_filename_fiscal() -> None:
    assert period_from_filename("2025-q1-report", 4) == (Q(2025, 1, 4), "report")


# --- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (Y(2025), date(2025, 1, 1), date(2025, 12, 31)),
        (H(2025, 1), date(2025, 1, 1), date(2025, 6, 30)),
        (H(2025, 2), date(2025, 7, 1), date(2025, 12, 31)),
        (Q(2025, 1), date(2025, 1, 1), date(2025, 3, 31)),
        (Q(2025, 4), date(2025, 10, 1), date(2025, 12, 31)),
        (M(2024, 2), date(2024, 2, 1), date(2024, 2, 29)),
        (M(2025, 2), date(2025, 2, 1), date(2025, 2, 28)),
        (M(2025, 12), date(2025, 12, 1), date(2025, 12, 31)),
        (W(2025, 1), date(2024, 12, 30), date(2025, 1, 5)),
        (W(2025, 12), date(2025, 3, 17), date(2025, 3, 23)),
        (W(2020, 53), date(2020, 12, 28), date(2021, 1, 3)),
        (W(2021, 1), date(2021, 1, 4), date(2021, 1, 10)),
        # fiscal_year_start=4: FY2025 is April 2025 - March 2026
        (Y(2025, 4), date(2025, 4, 1), date(2026, 3, 31)),
        (H(2025, 2, 4), date(2025, 10, 1), date(2026, 3, 31)),
        (Q(2025, 1, 4), date(2025, 4, 1), date(2025, 6, 30)),
        (Q(2025, 3, 4), date(2025, 10, 1), date(2025, 12, 31)),
        (Q(2025, 4, 4), date(2026, 1, 1), date(2026, 3, 31)),
        # fiscal_year_start=10: FY2025 is October 2025 - September 2026
        (Y(2025, 10), date(2025, 10, 1), date(2026, 9, 30)),
        (H(2025, 1, 10), date(2025, 10, 1), date(2026, 3, 31)),
        (Q(2025, 1, 10), date(2025, 10, 1), date(2025, 12, 31)),
        (Q(2025, 2, 10), date(2026, 1, 1), date(2026, 3, 31)),
        (Q(2025, 4, 10), date(2026, 7, 1), date(2026, 9, 30)),
        # months and weeks ignore the fiscal year
        (M(2025, 3, 10), date(2025, 3, 1), date(2025, 3, 31)),
        (W(2025, 1, 4), date(2024, 12, 30), date(2025, 1, 5)),
    ],
)
def test_start_end(period: Period, start: date, end: date) -> None:
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("day", "kind", "fys", "expected"),
    [
        (date(2025, 2, 1), "quarter", 4, Q(2024, 4, 4)),
        (date(2025, 2, 1), "year", 4, Y(2024, 4)),
        (date(2025, 2, 1), "half", 4, H(2024, 2, 4)),
        (date(2025, 4, 1), "quarter", 4, Q(2025, 1, 4)),
        (date(2025, 9, 30), "year", 10, Y(2024, 10)),
        (date(2025, 10, 1), "year", 10, Y(2025, 10)),
        (date(2025, 12, 31), "quarter", 10, Q(2025, 1, 10)),
        (date(2025, 2, 1), "month", 4, M(2025, 2, 4)),
        (date(2024, 12, 30), "week", 1, W(2025, 1)),
        (date(2021, 1, 3), "week", 1, W(2020, 53)),
        (date(2025, 8, 15), "quarter", 1, Q(2025, 3)),
        (date(2025, 8, 15), "half", 1, H(2025, 2)),
    ],
)
def test_period_of(day: date, kind: str, fys: int, expected: Period) -> None:
    assert period_of(day, kind, fys) == expected


def test_period_of_bad_arguments() -> None:
    with pytest.raises(PeriodError, match="unknown period kind"):
        period_of(date(2025, 1, 1), "fortnight")
    with pytest.raises(PeriodError, match="fiscal_year_start"):
        period_of(date(2025, 1, 1), "quarter", 0)
    with pytest.raises(PeriodError):
        period_of(date(9999, 12, 31), "week")  # that week would end in year 10000


# --- key, label, str, validation ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "key", "label"),
    [
        (Y(2025), "2025", "2025"),
        (H(2025, 1), "2025-h1", "H1 2025"),
        (Q(2025, 1), "2025-q1", "Q1 2025"),
        (M(2025, 3), "2025-03", "March 2025"),
        (W(2025, 3), "2025-w03", "W03 2025"),
        (W(2025, 12), "2025-w12", "W12 2025"),
    ],
)
def test_key_label_str(period: Period, key: str, label: str) -> None:
    assert (period.key, period.label, str(period)) == (key, label, key)


@pytest.mark.parametrize(
    "args",
    [
        ("decade", 2025, 1),
        ("year", 2025, 2),
        ("quarter", 2025, 5),
        ("half", 2025, 0),
        ("month", 2025, 13),
        ("week", 2021, 53),
        ("week", 2025, 0),
        ("year", 999, 1),
        ("year", 10000, 1),
        ("year", "2025", 1),
        ("year", True, 1),
        ("quarter", 2025, 1.0),
        ("quarter", 2025, 1, 0),
        ("quarter", 2025, 1, 13),
        ("week", 9999, 52),
    ],
)
def test_invalid_period(args: tuple) -> None:
    with pytest.raises(PeriodError):
        Period(*args)


def test_period_is_frozen_and_hashable() -> None:
    period = Q(2025, 1)
    with pytest.raises(AttributeError):
        period.year = 2026  # type: ignore[misc]
    assert len({Q(2025, 1), Q(2025, 1), Q(2025, 1, 4)}) == 2


# --- previous / next -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "following"),
    [
        (Y(2025), Y(2026)),
        (H(2025, 2), H(2026, 1)),
        (Q(2025, 4), Q(2026, 1)),
        (Q(2025, 1), Q(2025, 2)),
        (M(2025, 12), M(2026, 1)),
        (W(2020, 52), W(2020, 53)),
        (W(2020, 53), W(2021, 1)),
        (W(2021, 52), W(2022, 1)),
        (W(2026, 53), W(2027, 1)),
        (Q(2025, 4, 4), Q(2026, 1, 4)),
    ],
)
def test_next_previous(period: Period, following: Period) -> None:
    assert period.next() == following
    assert following.previous() == period


def test_next_previous_at_the_edges() -> None:
    with pytest.raises(PeriodError):
        Y(9999).next()
    with pytest.raises(PeriodError):
        Q(1000, 1).previous()
    with pytest.raises(PeriodError):
        W(9999, 51).next()  # 9999-w52 would end in year 10000
    with pytest.raises(PeriodError):
        Y(9998, 10).next()  # fiscal 9999 would end in 10000-09


def test_week_before_year_1000() -> None:
    with pytest.raises(PeriodError):
        W(1000, 1).previous()


# --- contains / children --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        (Q(2025, 1), M(2025, 2), True),
        (Q(2025, 1), W(2025, 5), True),
        (Q(2025, 1), M(2025, 4), False),
        (Q(2025, 1), Q(2025, 1), True),
        (Q(2025, 1), Y(2025), False),
        (Y(2025), W(2025, 1), True),  # its Monday is 2024-12-30, its Thursday 2025-01-02
        (Y(2024), W(2025, 1), False),
        (Y(2020), W(2020, 53), True),
        (Y(2021), W(2020, 53), False),
        (Y(2025), H(2025, 2), True),
        (H(2025, 1), Q(2025, 2), True),
        (H(2025, 1), Q(2025, 3), False),
        (M(2025, 1), W(2025, 1), True),
        (M(2024, 12), W(2025, 1), False),
        (M(2025, 3), W(2025, 14), False),  # Mon 2025-03-31, Thu 2025-04-03
        (W(2025, 1), W(2025, 1), True),
        (W(2025, 1), W(2025, 2), False),
        (W(2025, 10), M(2025, 3), False),
        (Y(2024, 4), Q(2024, 4, 4), True),
        (Y(2025, 4), M(2025, 2, 4), False),
        (Y(2024, 4), M(2025, 2, 4), True),
    ],
)
def test_contains(outer: Period, inner: Period, expected: bool) -> None:
    assert outer.contains(inner) is expected


def test_children() -> None:
    assert Q(2025, 1).children("month") == [M(2025, 1), M(2025, 2), M(2025, 3)]
    assert Q(2025, 1).children("week") == [W(2025, i) for i in range(1, 14)]
    assert Q(2025, 2).children("week")[0] == W(2025, 14)
    assert Y(2025).children("quarter") == [Q(2025, i) for i in range(1, 5)]
    assert Y(2025).children("half") == [H(2025, 1), H(2025, 2)]
    assert Y(2025).children("month") == [M(2025, i) for i in range(1, 13)]
    assert Y(2020).children("week") == [W(2020, i) for i in range(1, 54)]
    assert len(Y(2021).children("week")) == 52
    assert M(2025, 3).children("week") == [W(2025, i) for i in (10, 11, 12, 13)]
    assert Q(2025, 1).children("quarter") == [Q(2025, 1)]
    assert M(2025, 3).children("year") == []
    assert W(2025, 3).children("week") == [W(2025, 3)]
    assert W(2025, 3).children("month") == []


def test_children_fiscal() -> None:
    assert Y(2025, 4).children("quarter") == [Q(2025, i, 4) for i in range(1, 5)]
    assert Q(2025, 4, 4).children("month") == [M(2026, 1, 4), M(2026, 2, 4), M(2026, 3, 4)]


def test_children_at_the_end_of_time() -> None:
    # The week of 9999-12-30 would end in year 10000, so it is left out.
    assert M(9999, 12).children("week")[-1] == W(9999, 51)


def test_children_bad_kind() -> None:
    with pytest.raises(PeriodError):
        Q(2025, 1).children("fortnight")


# --- ordering ------------------------------------------------------------------------------------


def test_sort_order() -> None:
    shuffled = [M(2025, 1), W(2025, 2), Q(2025, 2), Y(2025), Y(2024), W(2025, 1), H(2025, 1), Q(2025, 1)]
    assert sorted(shuffled) == [
        Y(2024),
        W(2025, 1),
        Y(2025),
        H(2025, 1),
        Q(2025, 1),
        M(2025, 1),
        W(2025, 2),
        Q(2025, 2),
    ]
    assert sorted(shuffled, key=lambda p: p.sort_key) == sorted(shuffled)


def test_comparisons() -> None:
    assert Y(2025) < Q(2025, 1) <= Q(2025, 1) < Q(2025, 2)
    assert Q(2025, 2) > Q(2025, 1) >= Q(2025, 1)
    assert Q(2025, 1) != Q(2025, 1, 4)
    assert (Q(2025, 1) == "2025-q1") is False
    with pytest.raises(TypeError):
        _ = Q(2025, 1) < "2025-q2"


# --- find_period_in_text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Q1 2026 Priorities", Q(2026, 1)),
        ("Goals for 2027", Y(2027)),
        ("Goals for 2027.", Y(2027)),
        ("Next Quarter Goals (Q1 2025)", Q(2025, 1)),
        ("H2 2025 Objectives", H(2025, 2)),
        ("2025-W12 plan", W(2025, 12)),
        ("W12 2025 plan", W(2025, 12)),
        ("Week 12, 2025", W(2025, 12)),
        ("March 2025 Goals", M(2025, 3)),
        ("Goals: Sept. 2025", M(2025, 9)),
        ("2025-03 goals", M(2025, 3)),
        ("2026-Q1 goals", Q(2026, 1)),
        ("2026 Q1 goals", Q(2026, 1)),
        ("FY2026 Goals", Y(2026)),
        ("Q1 FY2026 Goals", Q(2026, 1)),
        ("Q1 2025 (again: Q1 2025)", Q(2025, 1)),
        ("2025's lessons", Y(2025)),
        ("Objectives 2020-2021", None),
        ("Objectives 2020 - 2021", None),
        ("Objectives 2020–2021", None),
        ("Plan 2024/25", None),
        ("Plan 2025-26", None),
        ("Phase 4 (Q4 2024 - Q1 2025)", None),
        ("Q1 Priorities 2026", None),
        ("Q5 2025 goals", None),
        ("2021-W53 plan", None),
        ("Review of 2025-03-15", None),
        ("v4.4 for 1000 users", None),
        ("Issue #2025", None),
        ("12025 things", None),
        ("2025.5 release", None),
        ("Priorities", None),
        ("Next Steps", None),
        ("", None),
    ],
)
def test_find_period_in_text(text: str, expected: Period | None) -> None:
    assert find_period_in_text(text, relative_to=Q(2024, 4)) == expected


@pytest.mark.parametrize(
    ("text", "relative_to", "expected"),
    [
        ("Next Quarter Goals", Q(2024, 4), Q(2025, 1)),
        ("Next Year", Q(2024, 4), Y(2025)),
        ("Next Month", Q(2024, 4), M(2025, 1)),
        ("Next Week", W(2020, 53), W(2021, 1)),
        ("next_half", Q(2024, 1), H(2024, 2)),
        ("Next Period", M(2025, 12), M(2026, 1)),
        ("Last Quarter Review", Q(2025, 1), Q(2024, 4)),
        ("Previous quarter", Q(2025, 1), Q(2024, 4)),
        ("This Quarter", M(2025, 5), Q(2025, 2)),
        ("Goals for next year's launch", Q(2025, 3), Y(2026)),
        # a finer relative_to: shift the period holding it (a week by its Thursday)
        ("Next Quarter", W(2025, 1), Q(2025, 2)),
        ("Next Month", W(2025, 1), M(2025, 2)),
        ("Next Quarter", M(2025, 3), Q(2025, 2)),
        # a coarser relative_to: the first such period after it, the last one before it
        ("Next Quarter", Y(2025), Q(2026, 1)),
        ("Next Month", Y(2025), M(2026, 1)),
        ("Next Week", M(2025, 3), W(2025, 14)),
        ("Last Quarter", Y(2025), Q(2024, 4)),
        ("This Quarter", Y(2025), None),
        # fiscal years come from fiscal_year_start
        ("Next Quarter", Q(2025, 4, 4), Q(2026, 1, 4)),
        # two different relative phrases are ambiguous
        ("This Quarter and Next Quarter", Q(2025, 1), None),
    ],
)
def test_find_relative(text: str, relative_to: Period, expected: Period | None) -> None:
    assert find_period_in_text(text, relative_to=relative_to) == expected


def test_find_relative_needs_relative_to() -> None:
    assert find_period_in_text("Next Quarter Goals") is None
    assert find_period_in_text("Next Quarter Goals (Q1 2025)") == Q(2025, 1)


def test_find_relative_at_the_end_of_time() -> None:
    assert find_period_in_text("Next Year", relative_to=Y(9999)) is None


def test_find_fiscal() -> None:
    assert find_period_in_text("Q1 2026 Priorities", fiscal_year_start=4) == Q(2026, 1, 4)
    # fiscal_year_start defaults to relative_to's: Q4 FY2024 is Jan-Mar 2025, the next is Apr-Jun 2025
    assert find_period_in_text("Next Quarter Goals", relative_to=Q(2024, 4, 4)) == Q(2025, 1, 4)
    assert find_period_in_text("Q1 2026 Priorities", relative_to=Q(2025, 4, 4)) == Q(2026, 1, 4)
    assert find_period_in_text("Q1 2026 Priorities", relative_to=Q(2025, 4, 4), fiscal_year_start=1) == Q(2026, 1)


# --- properties -----------------------------------------------------------------------------------


@given(periods())
def test_key_round_trips(period: Period) -> None:
    fys = period.fiscal_year_start
    assert from_key(period.key, fys) == period
    assert parse_period(period.key, fiscal_year_start=fys) == period
    assert parse_period(f"  {period.key.upper()} ", fiscal_year_start=fys) == period
    assert parse_period(period.label, fiscal_year_start=fys) == period
    assert period_from_filename(period.key, fys) == (period, "")
    assert period_from_filename(period.key + "-report", fys) == (period, "report")


@given(periods())
def test_next_previous_tile(period: Period) -> None:
    following = period.next()
    assert following.previous() == period
    assert period.previous().next() == period
    assert following.start == period.end + DAY
    assert period < following


@given(periods())
def test_period_of_start_and_end(period: Period) -> None:
    fys = period.fiscal_year_start
    assert period.start <= period.end
    assert period_of(period.start, period.kind, fys) == period
    assert period_of(period.end, period.kind, fys) == period


@given(periods())
def test_parents_contain_and_list_their_children(period: Period) -> None:
    fys = period.fiscal_year_start
    day = period.start + 3 * DAY if period.kind == "week" else period.start
    assert period.contains(period)
    for kind in KINDS[: KINDS.index(period.kind) + 1]:
        parent = period_of(day, kind, fys)
        assert parent.contains(period)
        assert period in parent.children(period.kind)
        if period.kind != "week":  # a week may start before the year holding its Thursday
            assert parent <= period


@given(periods(min_year=1900, max_year=2099))
def test_label_found_in_heading(period: Period) -> None:
    assume(period.kind != "day")  # a date in a heading says when, not what for ("Review of 2025-03-15")
    fys = period.fiscal_year_start
    assert find_period_in_text(f"{period.label} Goals", fiscal_year_start=fys) == period
    assert find_period_in_text(f"Plan ({period.key})", fiscal_year_start=fys) == period


@given(periods(), periods())
def test_order_is_chronological(a: Period, b: Period) -> None:
    if a.start < b.start:
        assert a < b
    if a.start == b.start and a.end > b.end:
        assert a < b
    assert (a < b) + (b < a) + (a.sort_key == b.sort_key) == 1


@given(st.text(max_size=30))
def test_parse_never_crashes(text: str) -> None:
    try:
        period = parse_period(text, today=date(2025, 5, 7))
    except PeriodError:
        return
    assert isinstance(period, Period)


@given(st.text(max_size=40))
def test_find_never_crashes(text: str) -> None:
    found = find_period_in_text(text, relative_to=Q(2025, 1))
    assert found is None or isinstance(found, Period)


@given(st.text(max_size=30))
def test_filename_never_crashes(text: str) -> None:
    found = period_from_filename(text)
    assert found is None or from_key(found[0].key) == found[0]



@given(day=st.dates(min_value=date(1001, 1, 1), max_value=date(9998, 1, 1)), fiscal=st.integers(1, 12))
def test_enclosing_is_the_longer_period_that_contains_it(day: date, fiscal: int):
    from journal.periods import PERIOD_KINDS

    for rank, inner_kind in enumerate(PERIOD_KINDS):
        inner = period_of(day, inner_kind, fiscal)
        for outer_kind in PERIOD_KINDS[:rank]:  # the longer kinds
            outer = inner.enclosing(outer_kind)
            assert outer.kind == outer_kind and outer.contains(inner), (inner, outer)
            if inner_kind != "week":  # a week is where its Thursday is, which may be past `day`'s month
                assert outer == period_of(inner.start, outer_kind, fiscal)
