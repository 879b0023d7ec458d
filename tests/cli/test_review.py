"""Across quarters: the quarterly review on standard input, with carry-over and stats along the way."""

from __future__ import annotations

import json
from pathlib import Path

from journal.clock import today
from tests.cli.conftest import assert_usage_error, last_and_this_quarter
from tests.conftest import snapshot, write

Q4 = """\
# Q4 2024 Reflection

## Wins

- Shipped A

## Goals for Q4 2024

- [x] Alpha
- [ ] Bravo

## Q1 2025 Priorities

- [ ] Charlie
- [ ] Delta
- Echo
- Foxtrot
"""


def goals_by_text(run, *args: str) -> dict[str, dict]:
    return {g["text"]: g for g in json.loads(run("goals", "--all", "--json", *args).stdout)}


def section(text: str, heading: str) -> str:
    start = text.index(f"## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def test_three_quarters_with_a_review_in_between(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    run("new", "2025-q1")
    q1 = journal_dir / "entries" / "2025-q1.md"
    assert [line for line in q1.read_text().splitlines() if line.startswith("- [")] == [
        "- [ ] Charlie",
        "- [ ] Delta",
        "- [ ] Echo",
        "- [ ] Foxtrot",
        "- [ ] Bravo",
    ]
    answers = "\n".join(
        [
            "d",  # Charlie: done
            "x",  # Delta: drop
            "not needed any more",
            "n",  # Echo: a note, then in progress
            "ask Bo first",
            "p",
            "c",  # Foxtrot: carry (no Q2 document yet: stays open for `new`)
            "k",  # Bravo: keep
            "Too many meetings",  # the ledger's question: completion fell
            "",
            "Shipped Charlie",  # Wins
            "",
            "",  # Challenges: skipped
            "Line one",  # Lessons, two lines
            "Line two",
            "",
            "",  # Lessons (second prompt): skipped
            "Thanks, team",  # Gratitude
            "",
        ]
    )
    out = run("review", "2025-q1", input=answers + "\n").stdout
    assert out.startswith(
        "Q1 2025: 5 goals set, 0 done, 0 in progress, 5 open, 1 carried in. Completion 0% (Q4 2024: 50%).\n"
    )
    assert "[1/5]" in out and "[5/5]" in out
    assert "It stays open: 'journal new 2025-q2' will bring it into Q2 2025." in out
    assert out.endswith("Review saved: 1 done, 1 drop, 1 note, 1 in progress, 1 carry, 1 keep; 4 answers written.\n")
    goals = goals_by_text(run)
    assert goals["Charlie"]["status"] == "done"
    assert goals["Delta"]["status"] == "dropped"
    assert goals["Delta"]["history"][-1]["reason"] == "not needed any more"
    # A review's note is a dated note, as `journal note` adds, and is written below the goal too.
    assert goals["Echo"]["status"] == "in_progress" and goals["Echo"]["note"] == f"{today()}: ask Bo first"
    text = q1.read_text()
    assert f"- [/] Echo\n  > Note {today()}: ask Bo first\n" in text
    assert "- [x] Charlie" in text and "- [-] Delta" in text and "- [/] Echo" in text
    assert "Shipped Charlie" in section(text, "Wins")
    assert "Line one\nLine two" in section(text, "Lessons")
    assert "Thanks, team" in section(text, "Gratitude")
    assert (
        section(text, "Challenges")
        == "## Challenges\n\n<!-- What was hard? What got in the way, and what did it cost? -->\n"
    )
    notes = section(text, "Review notes")
    assert "*Completion fell from 50% in Q4 2024 to 20%: what got in the way?*\n\nToo many meetings" in notes

    run("new", "2025-q2")
    q2 = (journal_dir / "entries" / "2025-q2.md").read_text()
    carried_lines = [line for line in q2.splitlines() if line.startswith("- [")]
    assert carried_lines == ["- [/] Echo", "- [ ] Foxtrot", "- [ ] Bravo"]
    text = q1.read_text()
    assert "- [>] Foxtrot" in text and "- [>] Bravo" in text and "- [>] Echo" in text

    story = run("show", goals_by_text(run)["Bravo"]["id"]).stdout.splitlines()
    assert story[1] == "open, checkbox, for 2025-q2, carried 2 periods"
    assert [line.split()[0] for line in story if line[:4].isdigit() and "entries/" in line] == [
        "2024-q4",
        "2025-q1",
        "2025-q2",
    ]
    stats = json.loads(run("stats", "--json").stdout)
    rows = {row["period"]: row for row in stats["periods"]}
    assert (rows["2024-q4"]["set"], rows["2024-q4"]["done"], rows["2024-q4"]["carried_out"]) == (2, 1, 1)
    q1_row = rows["2025-q1"]
    assert (q1_row["set"], q1_row["done"], q1_row["dropped"], q1_row["carried_out"], q1_row["carried_in"]) == (
        5,
        1,
        1,
        3,
        1,
    )
    assert q1_row["rate"] == 0.2
    assert (rows["2025-q2"]["set"], rows["2025-q2"]["carried_in"], rows["2025-q2"]["open"]) == (3, 3, 2)
    assert stats["longest_open"][0]["text"] == "Bravo" and stats["longest_open"][0]["carried"] == 2

    printed = run("review", "2025-q2", "--print").stdout
    assert printed.startswith("# Review of Q2 2025\n")
    assert "- [ ] Bravo (`" in printed and "carried 2 periods)" in printed
    assert "- 'Bravo' has been carried 2 periods: keep, split or drop?" in printed
    assert "### Wins\n\n- What went well this quarter, and what made it possible?" in printed


def test_review_quit_keeps_decisions_and_answered_prompts_are_not_asked_again(run, journal_dir: Path):
    run("new", "2025-q1")
    write(
        journal_dir, "entries/2025-q1.md", (journal_dir / "entries/2025-q1.md").read_text() + "- [ ] One\n- [ ] Two\n"
    )
    out = run("review", "2025-q1", input="d\nq\n").stdout
    assert "Stopped; every decision so far is saved." in out
    assert goals_by_text(run)["One"]["status"] == "done"
    assert goals_by_text(run)["Two"]["status"] == "open"
    # End of input also stops, saving what was decided.
    out = run("review", "2025-q1", input="k\n").stdout
    assert "Review saved" in out
    answered = run("review", "2025-q1", input="k\nMy win\n\n\n\n\n\n").stdout
    assert "What went well this quarter" in answered
    again = run("review", "2025-q1", input="k\n\n\n\n\n").stdout
    assert "What went well this quarter" not in again
    assert "What was hard this quarter" in again


def test_review_carry_into_an_existing_document_and_an_unknown_key(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [ ] Keep going\n")
    write(journal_dir, "entries/2025-q2.md", "# Q2\n\n## Goals\n\n- [ ] Something new\n")
    out = run("review", "2025-q1", input="z\nc\n").stdout
    assert "Type one of d, p, c, x, k, n, q (Enter keeps it as it is)." in out
    assert "Carried into entries/2025-q2.md." in out
    q2 = (journal_dir / "entries" / "2025-q2.md").read_text()
    assert q2 == "# Q2\n\n## Goals\n\n- [ ] Something new\n\n## Carried over\n\n- [ ] Keep going\n"
    assert (journal_dir / "entries" / "2025-q1.md").read_text().endswith("- [>] Keep going\n")


def test_review_of_a_period_without_a_document_is_an_error(run, journal_dir: Path):
    before = snapshot(journal_dir)
    result = run("review", "2030-q1", expect=2)
    assert result.stderr == "Error: Q1 2030 has no document ('journal new 2030-q1' writes one)\n"
    assert snapshot(journal_dir) == before


def test_review_print_of_a_settled_period_asks_nothing_and_writes_nothing(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [x] one\n- [-] two\n- [x] three\n")
    run("sync")
    before = snapshot(journal_dir)
    printed = run("review", "q1-2025", "--print").stdout
    assert printed.startswith(
        "# Review of Q1 2025\n\n"
        "Q1 2025: 3 goals set, 2 done, 0 in progress, 0 open, 0 carried in. Completion 67% (Q4 2024: no goals).\n\n"
        "## Open goals\n\nEvery goal for this period is settled.\n\n## Questions\n"
    )
    assert "### Wins\n\n- What went well this quarter, and what made it possible?\n" in printed
    assert snapshot(journal_dir) == before


def test_review_with_no_input_stops_and_keeps_everything(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [ ] one\n")
    run("sync")
    before = snapshot(journal_dir)
    out = run("review", "2025-q1", input="").stdout
    assert "Stopped; every decision so far is saved." in out
    assert out.endswith("Review saved: no decisions; 0 answers written.\n")
    assert snapshot(journal_dir) == before


def test_review_errors_are_one_line_and_write_nothing(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [ ] one\n")
    run("sync")
    before = snapshot(journal_dir)
    bad = run("review", "q5-2025", expect=2)
    assert bad.stderr.startswith("Error: not a period: 'q5-2025'") and len(bad.stderr.splitlines()) == 1
    assert run("review", "2030-q1", "--print", expect=2).stderr == (
        "Error: Q1 2030 has no document ('journal new 2030-q1' writes one)\n"
    )
    assert_usage_error(run("review", "--bogus", expect=2), "No such option '--bogus'.", "review")
    assert snapshot(journal_dir) == before


def test_review_without_a_period_reviews_the_last_one(run, journal_dir: Path):
    last, _this = last_and_this_quarter()
    write(journal_dir, f"entries/{last}.md", "# Last\n\n## Goals\n\n- [ ] Unfinished\n")
    printed = run("review", "--print").stdout
    assert printed.startswith("# Review of Q") and "- [ ] Unfinished (`" in printed
    assert printed.splitlines()[0].endswith(last[:4])
