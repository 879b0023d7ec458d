"""Reading back a ledger edit table by table (``ledger/segment_check.py``) never accepts what a whole reading refuses.

``LedgerFileEdit`` reads back only the tables an edit touches when the file's
layout allows it. These tests hold that check to the whole-file one: whatever
it accepts, the whole new file reads as the whole old file plus exactly the
change; a wrong edit (a value changed elsewhere, a line lost, a table reaching
into a touched one) is never accepted; and it is really used on journal's own
layout.
"""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.errors import LedgerError
from journal.ledger import Goal, LedgerFileEdit, goal_toml
from journal.ledger.segment_check import read_back_by_table
from journal.ledger.toml_text import _comparable, _edit_as_text, _is_plain
from tests.test_ledger_text import changes, goals

# Hand-made tables and keys that reach into a goal's table from elsewhere in the file (valid TOML or not).
REACHING = [
    "[goals.{id}.extra]\nx = 1\n",
    "[[goals.{id}.history]]\nat = 2025-01-01\n",
    '[goals]\n{id}.note = "from the parent table"\n',
    '[goals.{id}]\nnote = "twice"\n',
    "[[goals.{id}]]\nx = 1\n",
    "[goals.{id}.history]\nx = 1\n",
]
HEADS = ["", "# a comment\n", "version = 1\n", 'goals.{id}.note = "from the top"\n', 'documents.x = "y"\n']


def _fixed_goals() -> list[Goal]:
    return [
        Goal(id=f"g{n}abcd", document_period="2025-q1", text=f"Goal {n}", status=status, kind="checkbox",
             source="entries/2025-q1.md", line=n + 3, section="Goals", created="2025-01-05T10:00:00",
             updated="2025-01-05T10:00:00", history=[{"at": "2025-01-05T10:00:00", "status": "open", "by": "document"}])
        for n, status in enumerate(["open", "dropped", "open"])
    ]  # fmt: skip


def _whole_check(old: str, new: str, edit: LedgerFileEdit) -> bool:
    """The whole-file check: the new file reads as the old one with the change made."""
    before = _comparable(old)
    after = _comparable(new)
    if before is None or after is None:
        return False
    try:
        return after == edit._intended(copy.deepcopy(before), "")
    except LedgerError:
        return False


def _edit(path: Path, updates: list, hashes: dict) -> LedgerFileEdit:
    edit = LedgerFileEdit(path, "Q1 2025")
    for goal_id, fields, history in updates:
        edit.update(goal_id, fields, history)
    for document, digest in hashes.items():
        edit.set_document_hash(document, digest)
    return edit


def _touched(edit: LedgerFileEdit) -> set[str]:
    found = {f"goals.{goal_id}" for goal_id, _f, _h in edit.updates}
    return found | ({"documents"} if edit.hashes else set())


def _by_table(old: str, new: str, edit: LedgerFileEdit) -> bool | None:
    intended = lambda before: edit._intended(before, "")  # noqa: E731
    try:
        return read_back_by_table(old, new, _touched(edit), intended, _comparable, _is_plain)
    except LedgerError:
        return None


DAMAGE = st.sampled_from(["value", "drop-line", "add-key", "header", "other-table", "head"])


def _damaged(new: str, kind: str, goal_id: str, other_id: str) -> str:
    """``new`` with one thing wrong in it."""
    lines = new.splitlines(keepends=True)
    if kind == "value":
        return new.replace('status = "', 'status = "x', 1)
    if kind == "drop-line":
        keyed = [i for i, line in enumerate(lines) if " = " in line and not line.startswith(" ")]
        return "".join(line for i, line in enumerate(lines) if i != keyed[len(keyed) // 2]) if keyed else new + "x"
    if kind == "add-key":
        return new.replace(f"[goals.{goal_id}]\n", f"[goals.{goal_id}]\nsurprise = 1\n", 1)
    if kind == "header":
        return new + f"\n[goals.{goal_id}.sub]\nx = 1\n"
    if kind == "other-table":
        return new.replace(f"[goals.{other_id}]\n", f"[goals.{other_id}]\nsurprise = 2\n", 1)
    return "late = 1\n" + new


def _file(file_goals, data) -> str:
    text = data.draw(st.sampled_from(HEADS)).format(id=file_goals[0].id)
    text += "\n".join(goal_toml(goal) for goal in file_goals)
    text += data.draw(st.sampled_from(["", '\n[documents]\n"entries/2025-q1.md" = "abc"\n']))
    if data.draw(st.booleans()):
        text += "\n" + data.draw(st.sampled_from(REACHING)).format(id=data.draw(st.sampled_from(file_goals)).id)
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_what_the_table_check_accepts_the_whole_file_check_accepts(tmp_path: Path, data):
    file_goals = data.draw(goals())
    old = _file(file_goals, data)
    path = tmp_path / "2025-q1.toml"
    path.write_text(old, encoding="utf-8")
    hashes = data.draw(
        st.dictionaries(st.sampled_from(["entries/2025-q1.md", "entries/2025-q1-report.md"]), st.none() | st.text())
    )
    edit = _edit(path, data.draw(changes([goal.id for goal in file_goals])), hashes)
    new = _edit_as_text(old, edit.updates, edit.hashes)
    if new is None or not _is_plain(old) or _comparable(old) is None:
        return  # the layouts read whole; a file that cannot be read is never one a ledger was loaded from
    if data.draw(st.booleans()):
        other = file_goals[-1].id
        new = _damaged(new, data.draw(DAMAGE), edit.updates[0][0], other)
    if _by_table(old, new, edit) is True:
        assert _whole_check(old, new, edit)
        assert _is_plain(new)  # what ledger/plain_verdicts.py keeps as known plain


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_journals_own_layout_is_checked_by_table(tmp_path: Path, data):
    file_goals = data.draw(goals())
    old = "# a comment kept\n\n" + "\n".join(goal_toml(goal) for goal in file_goals)
    old += '\n[documents]\n"entries/2025-q1.md" = "abc"\n'
    path = tmp_path / "2025-q1.toml"
    path.write_text(old, encoding="utf-8")
    edit = _edit(path, data.draw(changes([goal.id for goal in file_goals])), {})
    new = _edit_as_text(old, edit.updates, edit.hashes)
    assert new is not None
    assert _by_table(old, new, edit) is True
    assert _whole_check(old, new, edit)


def test_a_wrong_edit_is_never_written(tmp_path: Path, monkeypatch):
    """An editor that gets it wrong: the table check refuses its text, and what is written is right."""
    from journal.ledger import file_edit

    file_goals = _fixed_goals()
    old = "\n".join(goal_toml(goal) for goal in file_goals)
    path = tmp_path / "2025-q1.toml"
    path.write_text(old, encoding="utf-8")
    goal_id = file_goals[0].id

    def wrong(text, updates, hashes, newline="\n"):  # every status of the file changed, not one
        return text.replace('status = "open"', 'status = "done"').replace('status = "dropped"', 'status = "done"')

    monkeypatch.setattr(file_edit, "_edit_as_text", lambda *a, **k: wrong(*a, **k) + "\nstray = 1\n")
    monkeypatch.setattr(file_edit, "plain_check_pays", lambda _text: True)
    edit = _edit(path, [(goal_id, {"note": "checked"}, None)], {})
    written = edit.text()
    assert "stray" not in written
    reading = tomllib.loads(written)
    assert reading["goals"][goal_id]["note"] == "checked"
    expected = tomllib.loads(old)
    expected["goals"][goal_id]["note"] = "checked"
    assert reading == expected


@pytest.mark.parametrize("reaching", REACHING)
def test_a_table_reached_from_elsewhere_is_read_whole(tmp_path: Path, reaching: str):
    goal_id = "g0abcd"
    old = "\n".join(goal_toml(goal) for goal in _fixed_goals()) + "\n" + reaching.format(id=goal_id)
    path = tmp_path / "2025-q1.toml"
    path.write_text(old, encoding="utf-8")
    edit = _edit(path, [(goal_id, {"note": "n"}, None)], {})
    new = old.replace(f"[goals.{goal_id}]\n", f'[goals.{goal_id}]\nnote = "n"\n', 1)
    assert _by_table(old, new, edit) is None
    plain = "\n".join(goal_toml(goal) for goal in _fixed_goals())
    assert _by_table(plain, plain.replace(f"[goals.{goal_id}]\n", f'[goals.{goal_id}]\nnote = "n"\n'), edit) is True


NAME_PARTS = st.sampled_from(["goals", "a", "a-b", "x1", "documents"])


@given(
    st.lists(NAME_PARTS | st.from_regex(r"[A-Za-z0-9_-]{1,3}", fullmatch=True), min_size=1, max_size=4).map(".".join),
    st.sets(st.lists(NAME_PARTS, min_size=1, max_size=3).map(".".join)),
)
def test_a_name_inside_a_touched_table_is_one_a_touched_name_and_a_dot_start(name: str, touched: set[str]):
    """``_touched_texts`` finds the tables inside a touched one by ``startswith``, as ``_reaches`` says."""
    from journal.ledger.segment_check import _prefixes, _reaches

    around = {prefix for table in touched for prefix in _prefixes(table)}
    inside = tuple(f"{table}." for table in touched)
    assert _reaches(name, touched, around) == (name in touched or name in around or name.startswith(inside))
