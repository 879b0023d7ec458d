"""A goal's updates in a row are made to its table found once (``toml_text._edit_as_text``): the same text as
making them one by one, each finding the table again."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from journal.ledger import goal_toml
from journal.ledger.toml_text import _edit_as_text, _edit_goal_table
from tests.test_ledger_text import changes, goals

LAYOUTS = ["", "# a comment\n", "\r\n"]


def _one_by_one(text: str, updates: list, newline: str) -> str | None:
    for goal_id, fields, history in updates:
        edited = _edit_goal_table(text, goal_id, fields, history, newline)
        if edited is None:
            return None
        text = edited
    return text


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_updates_in_a_row_give_the_text_made_one_by_one(data):
    file_goals = data.draw(goals())
    ids = [goal.id for goal in file_goals]
    text = data.draw(st.sampled_from(LAYOUTS[:2])) + "\n".join(goal_toml(goal) for goal in file_goals)
    newline = "\n"
    if data.draw(st.booleans()):
        text, newline = text.replace("\n", "\r\n"), "\r\n"
    updates = data.draw(changes(ids))
    # Runs of the same goal, as `journal new` makes them (its carried_to, then its status).
    updates = [update for update in updates for _ in range(data.draw(st.integers(min_value=1, max_value=3)))]
    assert _edit_as_text(text, updates, {}, newline) == _one_by_one(text, updates, newline)
