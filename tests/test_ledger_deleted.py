"""A ledger file deleted by hand: the next sync reads its documents again, so their goals come back."""

from __future__ import annotations

import subprocess
import sys

from journal.config import open_journal
from journal.sync import sync_journal
from tests.conftest import write

Q1 = "# Q1 2025\n\n- [ ] Alpha the importer\n- [x] Gamma the RFC\n"


def test_the_goals_of_a_deleted_ledger_file_come_back_on_the_next_sync(journal_dir, run):
    write(journal_dir, "entries/2025-q1.md", Q1)
    write(journal_dir, "entries/2025-02.md", "# February 2025\n\nNo goals this month.\n")
    run("sync")
    before = run("goals", "--all", "--json").stdout
    (journal_dir / "ledger" / "2025-q1.toml").unlink()
    (journal_dir / "ledger" / "2025-02.toml").unlink()

    result = run("sync")
    assert "Synced 2 documents: 2 added, 0 changed, 0 removed." in result.stdout
    assert (journal_dir / "ledger" / "2025-q1.toml").is_file()
    assert (journal_dir / "ledger" / "2025-02.toml").is_file()
    assert run("goals", "--all", "--json").stdout == before
    assert run("sync").stdout == "Nothing changed.\n"


def test_the_console_script_brings_them_back_too(journal_dir, run, monkeypatch):
    write(journal_dir, "entries/2025-q1.md", Q1)
    run("sync")
    (journal_dir / "ledger" / "2025-q1.toml").unlink()
    done = subprocess.run(
        [sys.executable, "-c", "from journal.launcher import main; main()", "sync"],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "2 added" in done.stdout
    journal = open_journal(journal_dir)[0]
    ledger, _report = sync_journal(journal)
    assert sorted(goal.text for goal in ledger.goals.values()) == ["Alpha the importer", "Gamma the RFC"]


def test_a_command_that_only_reads_answers_as_with_no_cache(journal_dir, run, monkeypatch):
    """`status` (and every reading command) reads the documents whose hash no ledger file records in memory:
    before the next sync it already answers as with `.journal/` deleted, and writes no ledger file."""
    import shutil

    monkeypatch.setenv("JOURNAL_NOW", "2025-04-20")
    write(journal_dir, "entries/2025-q1.md", Q1)
    run("sync")
    (journal_dir / "ledger" / "2025-q1.toml").unlink()
    status = run("status").stdout
    as_json = run("status", "--json").stdout
    assert "review of Q1 2025 due" in status
    assert not (journal_dir / "ledger" / "2025-q1.toml").exists()  # a status writes no ledger file
    shutil.rmtree(journal_dir / ".journal")
    assert (run("status").stdout, run("status", "--json").stdout) == (status, as_json)


# A goal carried out of Q1 into Q2: the link is in both ledger files (Q1's carried_to, Q2's carried_from).
PLANS = "# Q1 2025\n\n## Goals\n\n- Alpha the importer\n- [x] Gamma the RFC\n- [ ] Beta the docs\n"


def _carried_journal(journal_dir, run, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-02")
    write(journal_dir, "entries/2025-q1.md", PLANS)
    run("sync")
    run("new", "2025-q2")
    return {
        "all": run("goals", "--all").stdout,
        "open": run("goals").stdout,
        "json": _without_history(run("goals", "--all", "--json").stdout),
        "list": run("list").stdout,
    }


def _without_history(listed: str) -> list[dict]:
    """`goals --json` without each goal's history (the history was in the deleted file)."""
    import json

    return [{k: v for k, v in goal.items() if k != "history"} for goal in json.loads(listed)]


def _goal_ids(journal_dir):
    journal = open_journal(journal_dir)[0]
    ledger, _report = sync_journal(journal, write=False)
    return {(goal.for_period, goal.text): goal for goal in ledger.goals.values()}


def test_a_deleted_ledger_file_gets_its_carry_links_back_from_the_later_file(journal_dir, run, monkeypatch):
    """The links were in the deleted file; the later file's carried_from still names the old ids, and an
    unchanged line gets its old id back: the carried goals are carried again, not open twice."""
    before = _carried_journal(journal_dir, run, monkeypatch)
    assert before["open"].count("Alpha the importer") == 1
    (journal_dir / "ledger" / "2025-q1.toml").unlink()

    assert "Synced 1 document: 3 added, 0 changed, 0 removed." in run("sync").stdout
    assert run("goals", "--all").stdout == before["all"]
    assert run("goals").stdout == before["open"]
    assert _without_history(run("goals", "--all", "--json").stdout) == before["json"]
    assert run("list").stdout == before["list"]
    assert run("sync").stdout == "Nothing changed.\n"
    shown = run("show", "6uqcr5").stdout.splitlines()
    assert shown[1] == "open, checkbox, for 2025-q2, carried 1 period"
    assert shown[3] == "2025-q1  6uqcr5  carried  entries/2025-q1.md:5  (Goals)"
    text = (journal_dir / "ledger" / "2025-q1.toml").read_text()
    assert 'carried_to = "mlxkal"' in text and 'carried_to = "7euvt9"' in text
    assert '{at = 2025-04-02T00:00:00, status = "carried", from = "open", by = "sync"}' in text


def test_the_links_come_back_on_the_core_too(journal_dir, run, monkeypatch):
    _carried_journal(journal_dir, run, monkeypatch)
    (journal_dir / "ledger" / "2025-q1.toml").unlink()
    journal = open_journal(journal_dir)[0]
    ledger, report = sync_journal(journal)
    assert sorted(goal.id for goal in report.added) == ["6uqcr5", "bmsac9", "cil8b5"]
    alpha, gamma = ledger.goals["6uqcr5"], ledger.goals["cil8b5"]
    assert (alpha.status, alpha.carried_to) == ("carried", "mlxkal")
    assert (gamma.status, gamma.carried_to) == ("done", None)
    assert ledger.latest(alpha).id == "mlxkal"
    assert not ledger.lives_on(ledger.goals["mlxkal"])


def test_a_line_marked_carried_gets_its_link_back_too(journal_dir, run, monkeypatch):
    """`[>]` in the document said carried already; the link to the later line comes back with it."""
    before = _carried_journal(journal_dir, run, monkeypatch)
    assert "- [>] Beta the docs" in (journal_dir / "entries" / "2025-q1.md").read_text()
    (journal_dir / "ledger" / "2025-q1.toml").unlink()
    run("sync")
    assert _without_history(run("goals", "--all", "--json").stdout) == before["json"]
    assert 'carried_to = "7euvt9"' in (journal_dir / "ledger" / "2025-q1.toml").read_text()


def test_a_deleted_later_file_gets_its_links_back_from_the_earlier_file(journal_dir, run, monkeypatch):
    before = _carried_journal(journal_dir, run, monkeypatch)
    (journal_dir / "ledger" / "2025-q2.toml").unlink()
    assert "Synced 1 document: 2 added, 0 changed, 0 removed." in run("sync").stdout
    assert run("goals", "--all").stdout == before["all"]
    assert _without_history(run("goals", "--all", "--json").stdout) == before["json"]
    assert 'carried_from = "6uqcr5"' in (journal_dir / "ledger" / "2025-q2.toml").read_text()
    assert run("sync").stdout == "Nothing changed.\n"


def test_a_later_line_deleted_meanwhile_gives_no_link_back(journal_dir, run, monkeypatch):
    """The Q2 line was deleted too: the goal lives in its Q1 line again, open, as after deleting the Q2 line."""
    _carried_journal(journal_dir, run, monkeypatch)
    q2 = journal_dir / "entries" / "2025-q2.md"
    q2.write_text(q2.read_text().replace("- [ ] Alpha the importer\n", ""))
    run("sync")
    expected = _without_history(run("goals", "--all", "--json").stdout)
    (journal_dir / "ledger" / "2025-q1.toml").unlink()
    run("sync")
    alpha = _goal_ids(journal_dir)["2025-q1", "Alpha the importer"]
    assert (alpha.status, alpha.carried_to) == ("open", None)
    assert _without_history(run("goals", "--all", "--json").stdout) == expected


def test_many_goals_get_their_links_back_too(journal_dir, run, monkeypatch):
    """More goals than are looked for one by one: the link rows are looked through once."""
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-02")
    write(journal_dir, "entries/2025-q1.md", "# Q1 2025\n\n## Goals\n\n" + "".join(f"- Goal {n}\n" for n in range(7)))
    run("sync")
    run("new", "2025-q2")
    before = run("goals").stdout
    assert before.count("open    2025-q2") == 7 and "2025-q1" not in before
    (journal_dir / "ledger" / "2025-q1.toml").unlink()
    run("sync")
    assert run("goals").stdout == before
    goals = _goal_ids(journal_dir)
    assert all(goals["2025-q1", f"Goal {n}"].status == "carried" for n in range(7))


def test_a_full_sync_gets_the_links_back_too(journal_dir, run, monkeypatch):
    before = _carried_journal(journal_dir, run, monkeypatch)
    (journal_dir / "ledger" / "2025-q1.toml").unlink()
    run("sync", "--full")  # every document read again
    assert run("goals").stdout == before["open"]
    assert _without_history(run("goals", "--all", "--json").stdout) == before["json"]


def test_the_ids_some_link_names_are_the_same_from_a_lazy_ledger(journal_dir, run, monkeypatch):
    from journal.ledger import load_ledger
    from journal.ledger.cache import Cache
    from journal.lineage_restore import _named_ids

    _carried_journal(journal_dir, run, monkeypatch)
    journal = open_journal(journal_dir)[0]
    asked = {"6uqcr5", "bmsac9", "cil8b5", "mlxkal", "zzzzzz"}
    named = {"6uqcr5", "bmsac9", "mlxkal", "7euvt9"} & asked  # each carried link names the other
    assert _named_ids(load_ledger(journal), asked) == named
    lazy = load_ledger(journal, Cache(journal), lazy=True)
    assert type(lazy).__name__ == "LazyLedger" and not lazy.goals.complete
    assert _named_ids(lazy, asked) == named  # more than a few: the link rows, looked through once
    for few in ({"6uqcr5"}, {"cil8b5", "zzzzzz"}):
        # A few, one by one in the cached rows: never one named missed (a goal's own id may say yes for no link:
        # the link rows are then looked through, and give no link).
        found = _named_ids(load_ledger(journal, Cache(journal), lazy=True), few)
        assert named & few <= found <= few and "zzzzzz" not in found
