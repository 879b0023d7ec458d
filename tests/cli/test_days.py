"""Days (issue 11, item 2): a day period, `journal new today`, the daily template, days rolling up."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from journal.config import Journal, load_settings
from journal.period_text import parse_period
from journal.periods import Period, from_key, period_of
from journal.stats import period_stats
from journal.sync import sync_journal
from tests.conftest import write

TODAY = date(2025, 4, 15)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2025-03-14", "2025-03-14"),
        ("today", "2025-04-15"),
        ("Yesterday", "2025-04-14"),
        ("tomorrow", "2025-04-16"),
        ("last friday", "2025-04-11"),
        ("next friday", "2025-04-18"),
        ("this friday", "2025-04-18"),
        ("last tuesday", "2025-04-08"),
        ("next tuesday", "2025-04-22"),
        ("this day", "2025-04-15"),
        ("Fri 14 March 2025", "2025-03-14"),
        ("14 March 2025", "2025-03-14"),
    ],
)
def test_parse_days(text: str, key: str):
    assert parse_period(text, today=TODAY).key == key


@pytest.mark.parametrize("text", ["2025-02-29", "2025-13-01", "2025-04-31", "last fryday"])
def test_bad_days_are_errors(text: str):
    from journal.errors import PeriodError

    with pytest.raises(PeriodError):
        parse_period(text, today=TODAY)


def test_a_day_rolls_up_into_its_week_month_quarter_and_year():
    day = from_key("2025-03-14")
    assert (day.kind, day.label, day.start, day.end) == (
        "day",
        "Fri 14 March 2025",
        TODAY.replace(month=3, day=14),
        date(2025, 3, 14),
    )
    for key in ("2025-w11", "2025-03", "2025-q1", "2025-h1", "2025"):
        assert from_key(key).contains(day)
    assert not from_key("2025-w12").contains(day)
    assert from_key("2024-12-31").next().key == "2025-01-01"
    assert from_key("2024-02-29").previous().key == "2024-02-28"
    assert len(from_key("2024").children("day")) == 366
    assert period_of(date(2025, 3, 14), "day") == Period("day", 2025, 73)
    # With a fiscal year, days stay calendar days; their quarter is the fiscal one.
    assert period_of(date(2025, 3, 14), "quarter", 4).contains(from_key("2025-03-14", 4))


def test_new_today_writes_the_daily_note_and_brings_in_yesterdays_open_tasks(run, journal_dir: Path, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    write(journal_dir, "entries/2025-04-14.md", "# Monday\n\n## Tasks\n\n- [x] Call Ana\n- [ ] Book the venue\n")
    result = run("new", "today")
    assert result.stdout == f"{journal_dir}/entries/2025-04-15.md\n"
    assert result.stderr == "Brought in 0 planned and 1 unfinished goal (1 from 2025-04-14).\n"
    text = (journal_dir / "entries" / "2025-04-15.md").read_text()
    assert text.startswith("# Tue 15 April 2025\n\n## Tasks\n\n- [ ] Book the venue\n\n## Log\n")
    assert "## Reflection" in text and "template:" not in text  # the day's own template: nothing recorded
    assert "- [>] Book the venue" in (journal_dir / "entries" / "2025-04-14.md").read_text()
    assert run("new", "yesterday", expect=2).stderr.startswith("Error: entries/2025-04-14.md already exists")
    assert run("new", "last friday", "--dry-run").stdout.startswith("# Fri 11 April 2025\n")


def test_days_count_in_goals_period_stats_and_the_review(run, journal_dir: Path, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-20")
    write(journal_dir, "entries/2025-q2.md", "# Q2 2025\n\n## Goals\n\n- [ ] Quarter goal\n")
    write(journal_dir, "entries/2025-04-14.md", "# Mon\n\n## Tasks\n\n- [x] Call Ana\n- [ ] Book the venue\n")
    run("new", "2025-04-15")  # carries "Book the venue": one task, counted once in the quarter
    write(journal_dir, "entries/2025-06-30.md", "# Mon\n\n## Tasks\n\n- [ ] Last day task\n")
    write(journal_dir, "entries/2025-07-01.md", "# Tue\n\n## Tasks\n\n- [ ] Next quarter task\n")

    def texts(*args: str) -> list[str]:
        return sorted(g["text"] for g in json.loads(run("goals", "--json", *args).stdout))

    assert texts("--period", "2025-q2") == ["Book the venue", "Last day task", "Quarter goal"]
    assert texts("--period", "2025-w16") == ["Book the venue"]
    assert texts("--period", "2025-04") == ["Book the venue"]
    assert texts("--period", "2025") == ["Book the venue", "Last day task", "Next quarter task", "Quarter goal"]
    assert texts("--period", "2025-04-15") == ["Book the venue"]
    rows = {row["period"]: row for row in json.loads(run("stats", "--json", "--since", "2025-q2").stdout)["periods"]}
    assert (rows["2025-q2"]["set"], rows["2025-q2"]["done"], rows["2025-q2"]["open"]) == (4, 1, 3)
    printed = run("review", "2025-q2", "--print").stdout
    assert printed.splitlines()[2].startswith("Q2 2025: 4 goals set, 1 done, 0 in progress, 3 open")
    assert "Book the venue" in printed and "Last day task" in printed and "Next quarter task" not in printed


def test_period_stats_core_counts_a_carried_daily_task_once(tmp_path: Path):
    write(tmp_path, "entries/2025-04-14.md", "# Mon\n\n## Tasks\n\n- [ ] Book the venue\n")
    write(tmp_path, "entries/2025-04-15.md", "# Tue\n\n## Tasks\n\n- [x] Book the venue\n")
    journal = Journal(root=tmp_path, settings=load_settings(tmp_path))
    ledger, _report = sync_journal(journal)
    week = period_stats(ledger, from_key("2025-w16"))
    assert (week.set, week.done, week.carried_in) == (1, 1, 0)
    day = period_stats(ledger, from_key("2025-04-15"))
    assert (day.set, day.done, day.carried_in) == (1, 1, 1)
