"""The clock: one function the tests (and scripts) can set with ``JOURNAL_NOW``."""

from datetime import date, datetime

from journal.clock import now, today
from journal.periods import parse_period


def test_journal_now_sets_the_date_and_time(monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-01T09:30:15")
    assert now() == datetime(2025, 4, 1, 9, 30, 15)
    assert today() == date(2025, 4, 1)


def test_a_date_alone_is_midnight(monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-12-31")
    assert now() == datetime(2025, 12, 31, 0, 0)


def test_relative_periods_follow_the_clock(monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-01")
    assert parse_period("this").key == "2025-q2"
    assert parse_period("last").key == "2025-q1"


def test_a_bad_value_is_the_real_clock(monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "soon")
    assert abs((now() - datetime.now()).total_seconds()) < 5


def test_the_ledger_and_the_template_follow_the_clock(run, journal_dir, monkeypatch):
    import json

    monkeypatch.setenv("JOURNAL_NOW", "2025-02-03T10:00:00")
    run("new", "this")
    document = (journal_dir / "entries" / "2025-q1.md").read_text()
    (journal_dir / "entries" / "2025-q1.md").write_text(document + "\n## Goals\n\n- [ ] Ship the clock\n")
    goals = json.loads(run("goals", "--json").stdout)
    assert [g["created"] for g in goals if g["text"] == "Ship the clock"] == ["2025-02-03T10:00:00"]
