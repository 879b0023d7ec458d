"""journal.status_keep: the status summary's open goals kept from the last summary when no goal's links changed.

Whatever a command did, the summary it leaves must be the one made from
scratch: kept when that is safe, made again otherwise.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from journal.config import open_journal
from journal.ledger import load_ledger
from journal.status import SUMMARY_NAME, open_goal_facts, unpack_summary
from journal.status_keep import fingerprint, kept_open_facts, last_summary
from tests.conftest import write

Q1 = "# Q1 2025\n\n## Goals\n\n- [ ] Write the RFC\n- [x] Ship the importer\n- [ ] Hire two engineers\n"
Q2 = "# Q2 2025\n\n## Goals\n\n- [ ] Write the RFC\n- [ ] Plan the offsite\n"


@pytest.fixture
def journal(journal_dir: Path, run, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    write(journal_dir, "entries/2025-q1.md", Q1)
    write(journal_dir, "entries/2025-q2.md", Q2)
    run("sync")
    return journal_dir


def summary(root: Path) -> dict:
    return unpack_summary((root / ".journal" / SUMMARY_NAME).read_bytes(), with_sources=True)


def from_scratch(root: Path) -> list[tuple[str, int]]:
    """The open goals' facts made from every goal (their order is not part of the summary's meaning)."""
    journal = open_journal(root)[0]
    return open_goal_facts(load_ledger(journal))


def test_a_text_only_change_keeps_the_open_goals(journal: Path, run, monkeypatch: pytest.MonkeyPatch):
    kept = []
    import journal.status_keep as status_keep

    original = status_keep.kept_open_facts
    monkeypatch.setattr(status_keep, "kept_open_facts", lambda *a: kept.append(original(*a)) or kept[-1])
    write(journal, "entries/2025-q1.md", Q1 + "\nA line of prose.\n")
    run("sync")
    assert kept and kept[-1] is not None  # taken from the last summary
    assert sorted(summary(journal)["open"]) == sorted(from_scratch(journal))


@pytest.mark.parametrize(
    "change",
    [
        lambda root, run: write(root, "entries/2025-q1.md", Q1.replace("- [ ] Hire", "- [x] Hire")),
        lambda root, run: write(root, "entries/2025-q2.md", Q2 + "- [ ] Hire two engineers\n"),
        lambda root, run: write(root, "entries/2025-q2.md", Q2 + "- [ ] Book the venue\n- [x] Send the invites\n"),
        lambda root, run: write(root, "entries/2025-q2.md", Q2.replace("- [ ] Plan", "- [/] Plan")),
        lambda root, run: write(root, "entries/2025-q2.md", Q2.replace("- [ ] Plan the offsite\n", "")),
        lambda root, run: run("drop", open_id(root, "Plan the offsite")),
        lambda root, run: hand_edit(root),
        lambda root, run: shutil.rmtree(root / ".journal"),
    ],
    ids=["ticked", "carried", "added", "started", "removed", "dropped", "ledger edited by hand", "no cache"],
)
def test_after_any_change_the_summary_is_the_one_made_from_scratch(journal: Path, run, change):
    change(journal, run)
    run("sync")
    write(journal, "entries/2025-q2.md", (journal / "entries/2025-q2.md").read_text() + "\nProse.\n")
    run("sync")  # a text-only change after it: kept only if the last summary was right
    assert sorted(summary(journal)["open"]) == sorted(from_scratch(journal))


@pytest.mark.parametrize("line", ["- [ ] Book the venue\n", "- [x] Book the venue\n"])
def test_a_goal_added_without_links_is_counted_on_the_last_summary(journal: Path, run, monkeypatch, line: str):
    import journal.status_keep as status_keep

    kept = []
    original = status_keep.kept_open_facts
    monkeypatch.setattr(status_keep, "kept_open_facts", lambda *a: kept.append(original(*a)) or kept[-1])
    write(journal, "entries/2025-q2.md", Q2 + line)
    run("sync")
    assert kept and kept[-1] is not None
    assert sorted(summary(journal)["open"]) == sorted(from_scratch(journal))


def hand_edit(root: Path) -> None:
    path = root / "ledger" / "2025-q1.toml"
    path.write_text(path.read_text().replace('status = "open"', 'status = "done"', 1))


def open_id(root: Path, text: str) -> str:
    ledger = load_ledger(open_journal(root)[0])
    return next(goal.id for goal in ledger.goals.values() if goal.text == text)


def test_a_summary_for_other_ledger_files_is_not_kept(journal: Path):
    ledger = load_ledger(open_journal(journal)[0], lazy=True)
    assert kept_open_facts(ledger, last_summary(open_journal(journal)[0])) is not None
    ledger.file_keys = {**ledger.file_keys, "2025-q1.toml": (0, 0, 0, 0)}
    assert kept_open_facts(ledger, last_summary(open_journal(journal)[0])) is None


def test_the_fingerprint_is_of_the_values_only():
    keys = {"a.toml": (1, 2, 3, 4), "b.toml": (5, 6, 7, 8)}
    shared = (1, 2, 3, 4)
    assert fingerprint(keys) == fingerprint({"b.toml": (5, 6, 7, 8), "a.toml": shared})
    assert fingerprint(keys) != fingerprint({**keys, "a.toml": (1, 2, 3, 5)})


def test_the_summary_keeps_its_stat_keys_apart_and_a_damaged_or_old_one_is_none(journal: Path):
    from journal.status import pack_summary

    data = (journal / ".journal" / SUMMARY_NAME).read_bytes()
    full = unpack_summary(data, with_sources=True)
    facts = unpack_summary(data, with_sources=False)
    assert full is not None and "ledger/2025-q1.toml" in full["sources"] and "entries/2025-q2.md" in full["sources"]
    assert facts == {k: v for k, v in full.items() if k != "sources"}
    assert last_summary(open_journal(journal)[0]) == facts
    old = pack_summary({**facts, "version": (2, facts["version"][1])}, full["sources"])
    assert unpack_summary(old, with_sources=True) is None
    (journal / ".journal" / SUMMARY_NAME).write_bytes(data[: len(data) // 2])
    assert last_summary(open_journal(journal)[0]) is None
