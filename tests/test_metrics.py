"""Metric tables read as series: cells, Change cells, which tables count, series across documents, goals following."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.config import Journal, load_settings
from journal.ledger.model import Goal
from journal.metric_goals import followed_series, moved_wrong_way, wanted_direction
from journal.metric_tables import header_period, metric_rows
from journal.metric_values import check_change, read_value
from journal.metrics import MetricNotFound, find_metric, metric_key, metric_measurements, name_unit, read_metrics
from journal.periods import parse_period
from tests.conftest import write

Q4 = parse_period("2024-q4")


@pytest.mark.parametrize(
    ("cell", "value", "unit", "decimals"),
    [
        ("99.2%", 99.2, "%", 1),
        ("245", 245, None, 0),
        ("12,500", 12500, None, 0),
        ("$98,500", 98500, "$", 0),
        ("-47.8%", -47.8, "%", 1),
        ("−3", -3, None, 0),
        ("1.2k", 1200, None, 1),
        ("$1.5M", 1_500_000, "$", 1),
        ("190 ms", 190, "ms", 0),
        ("**99.8%**", 99.8, "%", 1),
        ("~4 hours", 4, "hours", 0),
        ("-3 pts", -3, "pts", 0),
        ("€12", 12, "€", 0),
    ],
)
def test_a_cell_is_read_with_its_unit_sign_and_precision(cell: str, value: float, unit: str | None, decimals: int):
    reading = read_value(cell)
    assert (reading.value, reading.unit, reading.decimals) == (pytest.approx(value), unit, decimals)


@pytest.mark.parametrize("cell", ["n/a", "N/A", "—", "-", "", "TBD", "  ", "<!-- X% -->"])
def test_missing_values_are_missing(cell: str):
    reading = read_value(cell)
    assert reading.value is None and reading.missing


@pytest.mark.parametrize("cell", ["0 / 3", "v2.0 shipped", "about half", "12 of 15", "9" * 400, "1" * 31])
def test_text_that_is_no_number_keeps_its_words_and_has_no_value(cell: str):
    reading = read_value(cell)
    assert reading.value is None and not reading.missing and reading.text == cell


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_reading_any_cell_never_fails(cell: str):
    reading = read_value(cell)
    assert reading.value is None or math.isfinite(reading.value)


def _check(change: str, before: str, after: str):
    return check_change(read_value(change), read_value(before), read_value(after), "2024-q3", "2024-q4")


@pytest.mark.parametrize(
    ("change", "before", "after"),
    [
        ("+42%", "31", "44"),  # relative, rounded to the shown digits
        ("-45%", "3.8", "2.1"),
        ("+0.6%", "99.2%", "99.8%"),  # percentage points written as %
        ("-3 pts", "9%", "6%"),
        ("+12", "245", "257"),  # a difference
        ("-105 ms", "190 ms", "85 ms"),
        ("↑", "10", "12"),
        ("↓ 20%", "10", "8"),
        ("42%", "31", "44"),  # no sign: its size
    ],
)
def test_a_change_that_states_its_values_matches(change: str, before: str, after: str):
    check = _check(change, before, after)
    assert check is not None and check.matches, check


@pytest.mark.parametrize(
    ("change", "before", "after", "expected"),
    [
        ("-63%", "14", "9", "-35.7%"),  # a typo
        ("+42%", "44", "31", "-29.5%"),  # the wrong sign
        ("+1.6%", "99.2%", "99.8%", "+0.6%"),
        ("↑", "12", "10", "↓"),
    ],
)
def test_a_change_that_does_not_state_its_values_is_a_mismatch_saying_what_they_give(change, before, after, expected):
    check = _check(change, before, after)
    assert check is not None and not check.matches and check.expected == expected


@pytest.mark.parametrize(("change", "before", "after"), [("-1", "0 / 3", "0 / 2"), ("n/a", "1", "2"), ("-1", "", "2")])
def test_a_change_that_cannot_be_checked_is_not_checked(change: str, before: str, after: str):
    assert _check(change, before, after) is None


@pytest.mark.parametrize(
    ("cell", "key"),
    [("Q3 2024", "2024-q3"), ("2024", "2024"), ("2025-03", "2025-03"), ("Jan", "2024-01"), ("Dec", "2024-12"),
     ("Q3", "2024-q3"), ("H2", "2024-h2"), ("**Q4 2024**", "2024-q4"), ("September", "2024-09")],
)  # fmt: skip
def test_header_cells_naming_periods(cell: str, key: str):
    period = header_period(cell, Q4)
    assert period is not None and period.key == key


@pytest.mark.parametrize("cell", ["Metric", "Change", "Target", "Last", "This", "Next", "Marketing", "Owner", "v2.0"])
def test_header_cells_that_name_no_period(cell: str):
    assert header_period(cell, Q4) is None


def test_a_month_named_in_a_quarter_crossing_the_year_is_the_latest_before_the_document_ends():
    q1 = parse_period("2025-q1")
    assert [header_period(m, q1).key for m in ("Nov", "Dec", "Jan", "Mar")] == ["2024-11", "2024-12", "2025-01",
                                                                                   "2025-03"]  # fmt: skip
    assert header_period("Jan", None) is None  # an undated document: a month alone names no period


TABLES = """\
# Report

| Metric | Q3 2024 | Q4 2024 | Change |
| --- | ---: | ---: | ---: |
| Uptime | 99.2% | 99.8% | +0.6% |
| Pages per week | 14 | 9 | -63% |
| | 1 | 2 | |

| Risk | Likelihood | Owner |
| --- | --- | --- |
| Slip | High | Dana |

| KPI | Value | Target |
|---|---|---|
| NPS | 42 | 50 |

```
| Metric | Q1 2024 |
| --- | --- |
| Inside code | 1 |
```

> | Quoted | Q1 2024 |
> | --- | --- |
> | In a quote | 5 |
"""


def test_only_tables_with_period_or_value_columns_are_metric_tables_and_rows_keep_their_lines():
    rows = metric_rows(TABLES, Q4)
    assert [(r.name, r.line) for r in rows] == [("Uptime", 5), ("Pages per week", 6), ("NPS", 15)]
    assert [key for key, _reading in rows[2].values] == ["2024-q4"]  # Value: the document's period
    assert rows[0].change.matches and not rows[1].change.matches
    assert [r.name for r in metric_rows(TABLES, None)] == ["Uptime", "Pages per week"]  # no period


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="|-: \nQ1234aZ%$,.\t*`>#", max_size=300))
def test_reading_tables_of_any_text_never_fails(text: str):
    metric_rows(text, Q4)


def test_names_units_and_keys():
    assert name_unit("Response Time (ms)") == "ms" and name_unit("Incidents (Sev 1 / Sev 2)") is None
    assert metric_key("Response  Time (ms)") == metric_key("response time") == "response time"


def _journal(root: Path) -> Journal:
    return Journal(root=root, settings=load_settings(root))


def test_series_across_documents_one_per_metric_with_conflicts_reported(journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", "| M | Q3 2024 | Q4 2024 |\n|---|---|---|\n| Latency (ms) | 240 | 200 |\n")
    write(journal_dir, "entries/2025-q1.md", "| M | Q4 2024 | Q1 2025 |\n|---|---|---|\n| latency | 210 | 180 |\n")
    found = read_metrics(_journal(journal_dir))
    [series] = found.series
    assert [(p.period.key, p.reading.value, p.source) for p in series.points] == [
        ("2024-q3", 240, "entries/2024-q4.md"),
        ("2024-q4", 210, "entries/2025-q1.md"),  # the later document's value is kept
        ("2025-q1", 180, "entries/2025-q1.md"),
    ]
    [conflict] = series.conflicts
    assert (conflict.other.reading.text, conflict.other.source, conflict.kept.reading.text) == (
        "200", "entries/2024-q4.md", "210")  # fmt: skip
    assert series.unit == "ms" and series.name == "Latency (ms)"
    measured = metric_measurements(_journal(journal_dir), "lat")
    assert [(key, str(day), value) for key, day, value, _unit in measured] == [
        ("2024-q3", "2024-09-30", 240), ("2024-q4", "2024-12-31", 210), ("2025-q1", "2025-03-31", 180)]  # fmt: skip


def test_finding_a_metric_by_name_or_prefix(journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md",
          "| M | 2023 | 2024 |\n|---|---|---|\n| p50 latency | 1 | 2 |\n| p95 latency | 3 | 4 |\n| Uptime | 5 | 6 |\n"
          "| Uptime SLA | 7 | 8 |\n")  # fmt: skip
    found = read_metrics(_journal(journal_dir))
    assert find_metric(found, "P95").name == "p95 latency"
    assert find_metric(found, "UPTIME").name == "Uptime"  # a whole name wins over the longer names it starts
    with pytest.raises(MetricNotFound, match="'p' names 2 metrics: 'p50 latency', 'p95 latency'"):
        find_metric(found, "p")
    with pytest.raises(MetricNotFound, match="no metric is named 'errors'"):
        find_metric(found, "errors")


def test_a_document_that_cannot_be_read_is_skipped_and_said(journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", "| M | 2023 | 2024 |\n|---|---|---|\n| Uptime | 1 | 2 |\n")
    (journal_dir / "entries/2024-q3.md").write_bytes(b"| M | 2023 |\n|---|---|\n| Bad \xff | 1 |\n")
    found = read_metrics(_journal(journal_dir))
    assert [s.name for s in found.series] == ["Uptime"]
    assert [name for name, _why in found.skipped] == ["entries/2024-q3.md"] and "UTF-8" in found.skipped[0][1]


def _goal(text: str, **fields) -> Goal:
    goal = Goal(id="abcd12", document_period="2025-q1", text=text, status="open", kind="checkbox",
                source="entries/2025-q1.md", line=1)  # fmt: skip
    for name, value in fields.items():
        setattr(goal, name, value)
    return goal


def test_a_goal_follows_the_metric_its_words_or_its_field_name(journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md",
          "| M | Q3 2024 | Q4 2024 |\n|---|---|---|\n| Monorepo CI (minutes) | 23 | 19 |\n| CI | 5 | 6 |\n"
          "| Uptime | 99.1% | 99.5% |\n")  # fmt: skip
    found = read_metrics(_journal(journal_dir))
    assert followed_series(_goal("Bring monorepo CI under 10 minutes"), found).name == "Monorepo CI (minutes)"
    assert followed_series(_goal("Write the RFC"), found) is None
    assert followed_series(_goal("Keep uptimes up"), found) is None  # whole words only
    assert followed_series(_goal("Write the RFC", metric="Uptime"), found).name == "Uptime"
    assert followed_series(_goal("Bring monorepo CI under 10 minutes", metric=""), found) is None  # follows none


@pytest.mark.parametrize(
    ("text", "fields", "direction"),
    [
        ("Reduce P99 latency below 200ms", {}, -1),
        ("Cut monorepo CI to under 10 minutes", {}, -1),
        ("Increase deploys to 50 per week", {}, 1),
        ("Achieve 99.95% uptime", {"direction": "at_least"}, 1),
        ("Achieve 99.95% uptime", {}, None),
        ("Hold MTTR", {"direction": "at_most"}, -1),
        ("Error rate at 0.1%", {"direction": "reach", "target_value": 0.1}, -1),
    ],
)
def test_which_way_a_goal_wants_its_metric_to_go(text: str, fields: dict, direction: int | None):
    assert wanted_direction(_goal(text, **fields), latest=0.4) == direction


def test_a_metric_moving_against_its_goal_is_found_and_one_moving_with_it_is_not(journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md",
          "| M | Q3 2024 | Q4 2024 | Q1 2025 |\n|---|---|---|---|\n"
          "| Monorepo CI (minutes) | 23 | 19 | 21 |\n")  # fmt: skip
    [series] = read_metrics(_journal(journal_dir)).series
    wrong = moved_wrong_way(_goal("Bring monorepo CI under 10 minutes"), series)
    assert (wrong.before.reading.text, wrong.after.reading.text) == ("19", "21")
    assert moved_wrong_way(_goal("Bring monorepo CI under 10 minutes"), series, parse_period("2024-q4")) is None
    assert moved_wrong_way(_goal("Grow monorepo CI"), series) is None
    assert moved_wrong_way(_goal("Keep an eye on monorepo CI"), series) is None  # no direction said


def test_sparklines_scale_between_the_lowest_and_highest_value_and_fall_back_to_ascii():
    from journal.metric_render import ASCII_LEVELS, sparkline

    assert sparkline([1, 8, None, 4.5], levels="▁▂▃▄▅▆▇█") == "▁█ ▅"
    assert sparkline([3, 3], levels="▁▂▃▄▅▆▇█") == "▄▄" and sparkline([None]) == ""
    assert sparkline([1, 8], levels=ASCII_LEVELS) == "_#"


def test_an_output_that_cannot_show_blocks_gets_ascii(monkeypatch: pytest.MonkeyPatch):
    import io
    import sys

    from journal.metric_render import sparkline

    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="ascii"))
    assert sparkline([1, 2, 8]) == "_.#"


def test_cached_rows_are_the_rows_read_afresh_and_an_edit_is_seen(journal_dir: Path):
    import os

    from journal.metric_cache import MetricCache, rows_as_data

    path = write(journal_dir, "entries/2024-q4.md", "| M | Q3 2024 | Q4 2024 | Change |\n|---|---|---|---|\n"
                 "| Uptime | 99.1% | 99.5% | +0.4 pts |\n")  # fmt: skip
    journal = _journal(journal_dir)
    fresh = read_metrics(journal)
    assert (journal_dir / ".journal/metrics.marshal").is_file()
    again = MetricCache(journal)
    assert "entries/2024-q4.md" in again.entries
    cached = again.rows("entries/2024-q4.md", os.stat(path), [])
    assert rows_as_data(cached[1]) == rows_as_data(metric_rows(path.read_text(), Q4))
    assert [p.reading for p in read_metrics(journal).series[0].points] == [p.reading for p in fresh.series[0].points]
    write(journal_dir, "entries/2024-q4.md", "| M | Q3 2024 | Q4 2024 |\n|---|---|---|\n| Uptime | 98% | 97% |\n")
    assert [p.reading.text for p in read_metrics(journal).series[0].points] == ["98%", "97%"]
    (journal_dir / ".journal/metrics.marshal").write_bytes(b"\x00garbage")
    assert [p.reading.text for p in read_metrics(journal).series[0].points] == ["98%", "97%"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, width=32)), max_size=30))
def test_a_sparkline_of_any_values_has_one_mark_a_value(values: list[float | None]):
    from journal.metric_render import BLOCKS, sparkline

    line = sparkline(values, levels=BLOCKS)
    assert len(line) == (len(values) if any(v is not None for v in values) else 0)


def test_a_template_table_of_placeholders_gives_no_metric():
    template = ("| Metric | Target | Actual | Trend |\n|---|---|---|---|\n"
                "| Test Coverage | >80% | <!-- X% --> | <!-- ↑/↓/→ --> |\n")  # fmt: skip
    assert metric_rows(template, Q4) == []
    filled = template.replace("<!-- X% -->", "83%").replace("<!-- ↑/↓/→ -->", "↑")
    [row] = metric_rows(filled, Q4)
    assert (row.name, row.values[0][0], row.values[0][1].value) == ("Test Coverage", "2024-q4", 83)


def test_a_roadmap_table_of_words_by_quarter_is_no_metric_but_a_row_with_numbers_is():
    roadmap = ("| Feature | Q1 2025 | Q2 2025 |\n|---|---|---|\n| Search | ✅ shipped | - |\n"
               "| Sync | planned | beta |\n| Users | 1,200 | n/a |\n")  # fmt: skip
    assert [(r.name, [v.value for _k, v in r.values]) for r in metric_rows(roadmap, Q4)] == [("Users", [1200, None])]


def test_a_value_column_beside_the_periods_own_column_is_that_column():
    table = "| Metric | Q3 2024 | Q4 2024 | Current |\n|---|---|---|---|\n| NPS | 40 | 42 | 42 |\n"
    [row] = metric_rows(table, Q4)
    assert [(key, reading.text) for key, reading in row.values] == [("2024-q3", "40"), ("2024-q4", "42")]
    table = "| Metric | Q3 2024 | Current |\n|---|---|---|\n| NPS | 40 | 42 |\n"
    assert [key for key, _reading in metric_rows(table, Q4)[0].values] == ["2024-q3", "2024-q4"]
