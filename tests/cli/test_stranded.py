"""Nothing stranded: `new` brings in every undecided goal of earlier periods, `goals --stale` lists them,
`review` offers them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journal.config import open_journal
from journal.periods import from_key
from journal.queries import stale_goals
from journal.scaffold import unfinished_goals
from journal.sync import sync_journal
from tests.conftest import write

Q4_2024 = "# Q4 2024\n\n## Goals\n\n- [ ] Older\n- [-] Dropped\n- [x] Done long ago\n- [>] Marked to carry\n"
Q2_2025 = "# Q2 2025\n\n## Goals\n\n- [ ] From Q2\n- [/] Started in Q2\n- [x] Done in Q2\n"


@pytest.fixture
def skipped_quarters(journal_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Q4 2024 and Q2 2025 written, Q1, Q3 and Q4 2025 skipped; it is now January 2026."""
    monkeypatch.setenv("JOURNAL_NOW", "2026-01-10")
    write(journal_dir, "entries/2024-q4.md", Q4_2024)
    write(journal_dir, "entries/2025-q2.md", Q2_2025)
    return journal_dir


def texts(run, *args: str) -> list[str]:
    return [g["text"] for g in json.loads(run("goals", *args, "--json").stdout)]


def test_goals_stale_lists_what_was_never_decided_oldest_period_first(run, skipped_quarters: Path):
    assert texts(run, "--stale") == ["Older", "Marked to carry", "From Q2", "Started in Q2"]
    assert texts(run, "--stale", "--period", "2025") == ["From Q2", "Started in Q2"]
    table = run("goals", "--stale").stdout.splitlines()
    assert table[0].split() == ["ID", "STATUS", "PERIOD", "TEXT", "WHERE"]
    refused = run("goals", "--stale", "--done", expect=2)
    assert (
        refused.stderr == "Error: --stale lists undecided goals; it does not combine with --done, --dropped or --all\n"
    )
    assert table[1].endswith("  open         2024-q4  Older            entries/2024-q4.md:5")


def test_new_brings_in_every_undecided_goal_and_says_from_where(run, skipped_quarters: Path):
    result = run("new", "2026-q1")
    assert result.stderr == "Brought in 0 planned and 4 unfinished goals (2 from 2025-q2, 2 from 2024-q4).\n"
    text = (skipped_quarters / "entries" / "2026-q1.md").read_text()
    assert "<!-- Carried over from Q2 2025, Q4 2024, still open: -->" in text
    brought = [line for line in text.splitlines() if line.startswith("- [")]
    assert brought == ["- [ ] From Q2", "- [/] Started in Q2", "- [ ] Older", "- [ ] Marked to carry"]
    assert (skipped_quarters / "entries" / "2024-q4.md").read_text() == Q4_2024.replace("[ ] Older", "[>] Older")
    assert (
        "- [>] From Q2\n- [>] Started in Q2\n- [x] Done in Q2"
        in (skipped_quarters / "entries" / "2025-q2.md").read_text()
    )
    assert texts(run, "--stale") == []  # each lives on in Q1 2026, which has not ended
    # Each is brought on from where it now lives, never twice.
    assert run("new", "2026-q2").stderr == "Brought in 0 planned and 4 unfinished goals (4 from 2026-q1).\n"


def test_only_goals_of_the_same_kind_are_brought_in(run, skipped_quarters: Path):
    run("new", "2026-w02")
    text = (skipped_quarters / "entries" / "2026-w02.md").read_text()
    assert "Older" not in text and "From Q2" not in text
    assert len(texts(run, "--stale")) == 4


def test_review_offers_the_undecided_goals_of_earlier_periods(run, skipped_quarters: Path):
    printed = run("review", "2025-q2", "--print").stdout
    undecided = printed[printed.index("## Undecided from earlier periods") : printed.index("## Questions")]
    assert "- [ ] Older (`" in undecided and "for 2024-q4, entries/2024-q4.md:5)" in undecided
    assert "- [>] Marked to carry" in undecided and "From Q2" not in undecided
    out = run("review", "2025-q2", input="k\nk\nd\nx\nnot any more\nq\n").stdout
    assert "\n2 goals of earlier periods were never decided:\n" in out
    assert texts(run, "--stale") == ["From Q2", "Started in Q2"]
    assert (
        "- [x] Older\n- [-] Dropped\n- [x] Done long ago\n- [-] Marked to carry"
        in (skipped_quarters / "entries" / "2024-q4.md").read_text()
    )


def test_the_core_orders_the_previous_periods_first(skipped_quarters: Path):
    journal, _created = open_journal(str(skipped_quarters))
    ledger, _report = sync_journal(journal)
    found = unfinished_goals(ledger, from_key("2026-q1"), set())
    assert [g.text for g in found] == ["From Q2", "Started in Q2", "Older", "Marked to carry"]
    assert unfinished_goals(ledger, from_key("2025-q2"), set())[0].text == "Older"
    assert [g.text for g in stale_goals(ledger, from_key("2025-q2").start)] == ["Older", "Marked to carry"]


def test_a_review_stopped_among_the_earlier_goals_is_on_record_as_unfinished(run, skipped_quarters: Path):
    out = run("review", "2025-q2", input="k\nk\nq\n").stdout
    assert "Stopped; every decision so far is saved." in out
    record = (skipped_quarters / "ledger" / "reviews" / "2025-q2.toml").read_text()
    assert 'status = "unfinished"' in record and "keep = 2" in record


def test_the_brought_in_line_names_four_periods_and_counts_the_rest(run, journal_dir):
    """A journal whose goals were never carried: the line stays one short line."""
    for year in (2023, 2024):
        for quarter in (1, 2, 3, 4):
            write(
                journal_dir,
                f"entries/{year}-q{quarter}.md",
                f"# Q{quarter} {year}\n\n## Goals\n\n- [ ] Goal {year}{quarter}\n",
            )
    result = run("new", "2025-q1")
    assert result.stderr == (
        "Brought in 0 planned and 8 unfinished goals (1 from 2024-q4, 1 from 2024-q3, 1 from 2024-q2, 1 from 2024-q1"
        " and 4 from 4 earlier periods).\n"
    )
