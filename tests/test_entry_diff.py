"""A touched table read from its old reading and its changed entries (``ledger/entry_diff.py``) is tomllib's reading.

``segment_check`` reads a goal's table as edited from the table's old reading
and the entries whose lines changed. These tests hold that to tomllib reading
the whole new table: on journal's own edits, and on tables changed by hand
anywhere (lines replaced, added, removed; keys set twice, values that do not
read, commas missing, comments, dotted and quoted keys): whenever it answers,
its answer is tomllib's (False exactly when tomllib cannot read the table).
"""

from __future__ import annotations

import copy

from hypothesis import event, given, settings
from hypothesis import strategies as st

from journal.ledger import goal_toml
from journal.ledger.entry_diff import entries, new_reading
from journal.ledger.toml_text import _comparable, _edit_as_text, _is_plain
from tests.test_ledger_text import changes, goals

LINES = [
    'carried_to = "abc123"',
    'status = "carried"',
    "status = 1",
    'text = "the same key again"',
    "    {at = 2025-01-01T10:00:00, status = \"carried\", by = \"new\"},",
    "    {at = 2025-01-01T10:00:00, status = \"carried\"}",
    "    {at = 2025-13-01},",
    "    {a = 1}, # a comment, with a comma,",
    "    \"a string item\",",
    "    # a comment in the block",
    "# a comment",
    "",
    "   ",
    "x.y = 1",
    '"quoted" = 1',
    "bad =",
    "history = [",
    "history = []",
    "]",
    "] # closed",
    'tags = ["a", "b"]',
    "when = 2025-02-30",
    "n = 0x1F",
    "line = 12 # where it was",
]


def _mutated(text: str, data, name: str) -> str:
    """``text`` (a table) with a few lines replaced, added or removed (never its header line)."""
    lines = text.split("\n")
    for _ in range(data.draw(st.integers(min_value=0, max_value=3), label=f"{name} count")):
        kind = data.draw(st.sampled_from(["add", "replace", "remove"]), label=f"{name} kind")
        at = data.draw(st.integers(min_value=1, max_value=len(lines)), label=f"{name} at")
        if kind == "add":
            lines.insert(at, data.draw(st.sampled_from(LINES), label=f"{name} line"))
        elif at < len(lines):
            if kind == "replace":
                lines[at] = data.draw(st.sampled_from(LINES), label=f"{name} line")
            else:
                del lines[at]
    return "\n".join(lines)


def _check(old: str, new: str, goal_id: str) -> str:
    """Hold ``new_reading`` to tomllib on this old and new table; what it answered."""
    read_old = _comparable(old)
    if read_old is None or not _is_plain(old) or not _is_plain(new):
        return "not a case"  # segment_check asks only about plain tables, the old ones readable
    old_values = read_old.get("goals", {}).get(goal_id)
    if not isinstance(old_values, dict):
        return "not a case"
    kept = copy.deepcopy(old_values)
    found = new_reading(old, new, old_values, _comparable)
    assert old_values == kept  # the old reading is left as it was
    whole = _comparable(new)
    if found is None:
        return "read whole"
    if found is False:
        assert whole is None
        return "does not read"
    assert whole is not None and whole == {"goals": {goal_id: found}}
    return "read by entries"


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_journals_own_edits_read_as_tomllib_reads_them(data):
    goal = data.draw(goals())[0]
    old = goal_toml(goal)
    new = _edit_as_text(old, data.draw(changes([goal.id])), {})
    if new is not None:
        assert _check(old, new, goal.id) in ("read by entries", "not a case")


@settings(max_examples=1500, deadline=None)
@given(st.data())
def test_any_change_of_a_table_reads_as_tomllib_reads_it(data):
    goal = data.draw(goals())[0]
    old = _mutated(goal_toml(goal), data, "old")
    if data.draw(st.booleans(), label="journal's edit first"):
        edited = _edit_as_text(old, data.draw(changes([goal.id])), {})
        new = edited if edited is not None else old
    else:
        new = old
    new = _mutated(new, data, "new")
    event(_check(old, new, goal.id))


def test_each_answer_is_reached():
    """The cases above meet every answer (so none of the assertions is idle)."""
    base = '[goals.g1]\ntext = "a"\nhistory = [\n    {at = 2025-01-01, status = "open"},\n]\n'
    added = base.replace('"open"},\n]', '"open"},\n    {at = 2025-02-01, status = "carried"},\n]')
    assert _check(base, added, "g1") == "read by entries"
    assert _check(base, added.replace('text = "a"', 'text = "b"'), "g1") == "read by entries"
    assert _check(base, base.replace('text = "a"', 'text = "a"\ntext = "b"'), "g1") in ("read whole", "does not read")
    assert _check(base, base.replace('text = "a"', "text = 2025-13-01"), "g1") == "does not read"
    assert _check(base, base.replace('text = "a"', 'x.y = "a"'), "g1") == "read whole"
    no_comma = base.replace("},\n]", "}\n]")
    assert _check(no_comma, no_comma.replace("}\n]", '}\n    {at = 2025-02-01},\n]'), "g1") == "does not read"
    assert entries('[goals.g1]\n"q" = 1\n') is None
