"""A ledger file deleted by hand whose goal was carried twice: once into a line deleted since, then again.

The later copies both name the goal in their ``carried_from``; the link comes back to the copy that lives,
whichever the ledger lists first, so the goal is carried (once), not open in two periods.
"""

from __future__ import annotations

import shutil

from journal.config import open_journal
from journal.sync import sync_journal
from tests.conftest import write


def _recarried(journal_dir, run, monkeypatch, *, reopen: bool = False) -> None:
    """Alpha carried Q1 -> Q2, its Q2 line deleted, carried again Q1 -> Q3 (with ``reopen``, its Q1 line
    then marked `[ ]` again by hand)."""
    write(journal_dir, "entries/2025-q1.md", "# Q1 2025\n\n## Goals\n\n- [ ] Alpha\n")
    write(journal_dir, "entries/2025-q2.md", "# Q2 2025\n\n## Goals\n\n- [ ] q2 own\n")
    write(journal_dir, "entries/2025-q3.md", "# Q3 2025\n\n## Goals\n\n- [ ] q3 own\n")
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-02")
    run("carry", "2025-q1", "2025-q2")
    q2 = journal_dir / "entries" / "2025-q2.md"
    q2.write_text("".join(line for line in q2.read_text().splitlines(True) if "Alpha" not in line))
    monkeypatch.setenv("JOURNAL_NOW", "2025-07-02")
    run("carry", "2025-q1", "2025-q3")
    monkeypatch.setenv("JOURNAL_NOW", "2025-07-15")
    if reopen:
        q1 = journal_dir / "entries" / "2025-q1.md"
        q1.write_text(q1.read_text().replace("[>] Alpha", "[ ] Alpha"))
    run("sync")


def _outputs(run) -> dict[str, str]:
    return {
        "stale": run("goals", "--stale").stdout,
        "open": run("goals").stdout,
        "all": run("goals", "--all").stdout,
        "summary": run("review", "2025-q1", "--print").stdout.splitlines()[2],
    }


def test_the_link_comes_back_to_the_copy_that_lives(journal_dir, run, monkeypatch):
    _recarried(journal_dir, run, monkeypatch)
    before = _outputs(run)
    assert "Alpha" not in before["stale"]
    assert "1 carried to Q3 2025" in before["summary"]
    (journal_dir / "ledger" / "2025-q1.toml").unlink()

    assert "1 added" in run("sync").stdout
    assert _outputs(run) == before
    assert run("sync").stdout == "Nothing changed.\n"
    shutil.rmtree(journal_dir / ".journal")
    assert _outputs(run) == before


def test_a_reopened_line_is_listed_once(journal_dir, run, monkeypatch):
    """The Q1 line marked `[ ]` again by hand (repro 1b): Alpha open once, in Q3, before and after."""
    _recarried(journal_dir, run, monkeypatch, reopen=True)
    before = _outputs(run)
    assert before["open"].count("Alpha") == 1
    (journal_dir / "ledger" / "2025-q1.toml").unlink()
    run("sync")
    assert _outputs(run) == before
    assert run("sync").stdout == "Nothing changed.\n"
    shutil.rmtree(journal_dir / ".journal")
    assert _outputs(run) == before


def test_the_core_links_the_goal_to_its_live_copy(journal_dir, run, monkeypatch):
    _recarried(journal_dir, run, monkeypatch)
    (journal_dir / "ledger" / "2025-q1.toml").unlink()
    ledger, report = sync_journal(open_journal(journal_dir)[0])
    (alpha,) = [goal for goal in report.added if goal.text == "Alpha"]
    copies = {goal.for_period: goal for goal in ledger.goals.values() if goal.text == "Alpha"}
    assert (copies["2025-q2"].status, copies["2025-q3"].status) == ("removed", "open")
    assert (alpha.status, alpha.carried_to) == ("carried", copies["2025-q3"].id)
    assert ledger.latest(alpha).id == copies["2025-q3"].id


def test_the_copy_chosen_does_not_depend_on_the_order_the_files_are_read(journal_dir, run, monkeypatch):
    from journal.lineage_restore import _linked

    _recarried(journal_dir, run, monkeypatch)
    ledger, _report = sync_journal(open_journal(journal_dir)[0], write=False)
    copies = {goal.for_period: goal for goal in ledger.goals.values() if goal.text == "Alpha"}
    alpha, q2, q3 = copies["2025-q1"], copies["2025-q2"], copies["2025-q3"]
    for live in (lambda link: link.status != "removed", lambda link: True):  # live first, then the latest period
        assert _linked(ledger, alpha, [q2.id, q3.id], 1, live) is q3
        assert _linked(ledger, alpha, [q3.id, q2.id, alpha.id], 1, live) is q3
    assert _linked(ledger, alpha, [q3.id, q2.id], 1, lambda link: link is q2) is q2
    assert _linked(ledger, alpha, [alpha.id, "nosuch"], 1, lambda link: True) is None
