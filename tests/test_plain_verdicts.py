"""The layout checks kept by digest (``ledger/plain_verdicts.py``): a kept verdict only saves the check.

An edit of a ledger file whose exact text was found plain before skips the
layout check and writes the same bytes; any other text, a cache file others
could write, or a verdict made by another pattern is checked again.
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path

import pytest

from journal.ledger import Goal, LedgerFileEdit, goal_toml
from journal.ledger import file_edit as file_edit_module
from journal.ledger.plain_verdicts import CACHE_FILE, KEPT, PlainVerdicts
from journal.ledger.toml_text import editing_files

HISTORY = [{"at": "2025-01-05T10:00:00", "status": "open", "by": "document"}]


def _goals() -> list[Goal]:
    return [
        Goal(id=f"g{n}abcd", document_period="2025-q1", text=f"Goal {n}", status="open", kind="checkbox",
             source="entries/2025-q1.md", line=n + 3, section="Goals", created="2025-01-05T10:00:00",
             updated="2025-01-05T10:00:00", history=list(HISTORY))
        for n in range(3)
    ]  # fmt: skip


@pytest.fixture
def ledger_file(tmp_path: Path) -> Path:
    (tmp_path / ".journal").mkdir()
    path = tmp_path / "ledger" / "2025-q1.toml"
    path.parent.mkdir()
    path.write_text("# kept by hand\n\n" + "\n".join(goal_toml(goal) for goal in _goals()), encoding="utf-8")
    return path


def _carry(path: Path, verdicts: PlainVerdicts | None) -> str:
    """The text of ledger file ``path`` with goal g1 marked carried, edited as `journal new` edits many files."""
    edit = LedgerFileEdit(path, "Q1 2025")
    edit.verdicts = verdicts
    edit.update("g1abcd", {"status": "carried", "carried_to": "x1yz23"}, {"at": "2025-04-01T09:00:00",
                "status": "carried", "from": "open", "by": "new"})  # fmt: skip
    with editing_files(10):
        return edit.text()


def _count_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The whole files' texts the layout check is asked about from now on (not the edited tables' own check)."""
    checked: list[str] = []
    original = file_edit_module._is_plain

    def counted(text: str) -> bool:
        if text.startswith("# kept by hand"):
            checked.append(text)
        return original(text)

    monkeypatch.setattr(file_edit_module, "_is_plain", counted)
    return checked


def test_a_kept_verdict_skips_the_check_and_the_bytes_are_the_same(ledger_file: Path, monkeypatch):
    state = ledger_file.parent.parent / ".journal"
    old = ledger_file.read_text(encoding="utf-8")
    without = _carry(ledger_file, None)
    checked = _count_checks(monkeypatch)
    assert _carry(ledger_file, PlainVerdicts(state)) == without
    assert checked == [old]  # checked, and its verdict written (outside a transaction: at once)
    assert (state / CACHE_FILE).stat().st_mode & 0o077 == 0
    checked.clear()
    assert _carry(ledger_file, PlainVerdicts(state)) == without
    assert checked == []  # the same bytes: the kept verdict serves
    ledger_file.write_text(without, encoding="utf-8")  # the text the edit wrote is known plain too
    _carry(ledger_file, PlainVerdicts(state))
    assert checked == []


def test_other_bytes_are_checked_again(ledger_file: Path, monkeypatch):
    state = ledger_file.parent.parent / ".journal"
    _carry(ledger_file, PlainVerdicts(state))
    old = ledger_file.read_text(encoding="utf-8")
    changed = old.replace("Goal 2", "Goal 3")  # the same size, one byte different
    ledger_file.write_text(changed, encoding="utf-8")
    checked = _count_checks(monkeypatch)
    _carry(ledger_file, PlainVerdicts(state))
    assert checked == [changed]


def test_a_verdict_others_could_have_written_is_not_trusted(ledger_file: Path, monkeypatch):
    state = ledger_file.parent.parent / ".journal"
    _carry(ledger_file, PlainVerdicts(state))
    os.chmod(state / CACHE_FILE, 0o666)
    checked = _count_checks(monkeypatch)
    assert _carry(ledger_file, PlainVerdicts(state)) == _carry(ledger_file, None)
    assert len(checked) == 2  # checked each time (the second: after the edit replaced the file...)
    assert (state / CACHE_FILE).stat().st_mode & 0o077 == 0  # ...with one of its own


def test_a_verdict_of_another_pattern_or_a_damaged_file_is_not_trusted(ledger_file: Path, monkeypatch):
    state = ledger_file.parent.parent / ".journal"
    _carry(ledger_file, PlainVerdicts(state))
    kept = marshal.loads((state / CACHE_FILE).read_bytes())
    checked = _count_checks(monkeypatch)
    for planted in [{**kept, "version": "another pattern"}, {"version": kept["version"], "files": ["x"]}, "x"]:
        (state / CACHE_FILE).write_bytes(marshal.dumps(planted))
        os.chmod(state / CACHE_FILE, 0o600)
        checked.clear()
        _carry(ledger_file, PlainVerdicts(state))
        assert len(checked) == 1
    (state / CACHE_FILE).write_bytes(b"\x00not marshal")
    checked.clear()
    _carry(ledger_file, PlainVerdicts(state))
    assert len(checked) == 1


def test_only_the_last_few_texts_of_a_file_are_kept(tmp_path: Path):
    (tmp_path / ".journal").mkdir()
    verdicts = PlainVerdicts(tmp_path / ".journal")
    texts = [f"x = {n}\n".encode() for n in range(KEPT + 2)]
    for text in texts:
        verdicts.record("2025-q1.toml", text)
    again = PlainVerdicts(tmp_path / ".journal")
    assert [again.known_plain("2025-q1.toml", text) for text in texts] == [False] * 2 + [True] * KEPT
    assert not again.known_plain("2025-q2.toml", texts[-1])


def test_a_text_found_plain_again_is_kept_as_the_most_recent(ledger_file: Path, monkeypatch):
    state = ledger_file.parent.parent / ".journal"
    old = ledger_file.read_text(encoding="utf-8")
    _carry(ledger_file, PlainVerdicts(state))  # checked once, its verdict kept
    checked = _count_checks(monkeypatch)
    for day in range(2, 2 + 2 * KEPT):  # edited, then put back (as by `git checkout`), again and again
        edited = _carry(ledger_file, PlainVerdicts(state)).replace("2025-04-01", f"2025-04-{day:02}")
        PlainVerdicts(state).record(ledger_file.name, edited.encode("utf-8"))  # each edit's own text kept
        ledger_file.write_text(old, encoding="utf-8")
    assert checked == []  # used at each edit, so never the oldest kept: its verdict still serves
