"""The ledger's line editor: whatever it writes reads back exactly as tomlkit's edit of the same file would."""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.ledger import STATUSES, Goal, LedgerFileEdit, goal_toml
from journal.ledger.toml_text import _edit_as_text

TEXTS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
WHEN = st.sampled_from(["2025-01-05T10:00:00", "2025-03-31", "2026-12-01T23:59:59"])


@st.composite
def goals(draw) -> list[Goal]:
    count = draw(st.integers(min_value=1, max_value=4))
    return [
        Goal(
            id=f"g{n}abcd",
            document_period="2025-q1",
            text=draw(TEXTS),
            status=draw(st.sampled_from(STATUSES)),
            kind=draw(st.sampled_from(["checkbox", "bullet"])),
            source="entries/2025-q1.md",
            line=n + 3,
            section=draw(TEXTS),
            target=draw(st.sampled_from([None, "2025-q2"])),
            created=draw(WHEN),
            updated=draw(WHEN),
            note=draw(st.none() | TEXTS),
            history=[{"at": draw(WHEN), "status": "open", "by": "document"}],
        )
        for n in range(count)
    ]


@st.composite
def changes(draw, goal_ids: list[str]) -> list[tuple[str, dict, dict | None]]:
    found = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        fields = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "status": st.sampled_from(STATUSES),
                    "note": st.none() | TEXTS,
                    "line": st.integers(min_value=1, max_value=10_000),
                    "updated": WHEN,
                    "carried_to": st.none() | st.sampled_from(goal_ids),
                    "text": TEXTS,
                },
            )
        )
        history = draw(
            st.none() | st.fixed_dictionaries({"at": WHEN, "status": st.sampled_from(STATUSES), "reason": TEXTS})
        )
        found.append((draw(st.sampled_from(goal_ids)), fields, history))
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_the_line_editor_reads_back_as_tomlkits_edit(tmp_path: Path, data):
    file_goals = data.draw(goals())
    text = "# a comment kept\n\n" + "\n".join(goal_toml(goal) for goal in file_goals)
    text += '\n[documents]\n"entries/2025-q1.md" = "abc"\n'
    updates = data.draw(changes([goal.id for goal in file_goals]))
    hashes = data.draw(
        st.dictionaries(st.sampled_from(["entries/2025-q1.md", "entries/2025-q1-report.md"]), st.none() | TEXTS)
    )
    path = tmp_path / "2025-q1.toml"
    path.write_text(text, encoding="utf-8")
    edit = LedgerFileEdit(path, "Q1 2025")
    for goal_id, fields, history in updates:
        edit.update(goal_id, fields, history)
    for document, digest in hashes.items():
        edit.set_document_hash(document, digest)
    by_line = _edit_as_text(text, edit.updates, edit.hashes)
    assert by_line is not None, "journal's own layout is one the line editor handles"
    by_tomlkit = edit._edited_with_tomlkit(text)
    assert tomllib.loads(by_line) == tomllib.loads(by_tomlkit)
    assert tomllib.loads(edit.text()) == tomllib.loads(by_tomlkit)
    assert by_line.startswith("# a comment kept\n")


LAYOUTS = st.sampled_from(["plain", "crlf", "inline", "comment-after"])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_checking_the_layout_or_reading_the_file_whole_gives_the_same_file(tmp_path: Path, monkeypatch, data):
    """A command editing few files reads each whole instead of checking its layout: the same bytes come out."""
    from journal.ledger import toml_text

    file_goals = data.draw(goals())
    layout = data.draw(LAYOUTS)
    text = "\n".join(goal_toml(goal) for goal in file_goals)
    if layout == "inline":  # a hand-made layout: the layout check says no, so both read it whole
        text += '\n[documents]\n"entries/2025-q1.md" = """abc\n"""\n'
    elif layout == "comment-after":
        text = text.replace('status = "', '# a note\nstatus = "', 1)
    if layout == "crlf":
        text = text.replace("\n", "\r\n")
    updates = data.draw(changes([goal.id for goal in file_goals]))
    path = tmp_path / "2025-q1.toml"
    path.write_bytes(text.encode("utf-8"))
    written = []
    for pays in (True, False):
        monkeypatch.setattr(toml_text, "plain_check_pays", lambda _text, pays=pays: pays)
        monkeypatch.setattr("journal.ledger.file_edit.plain_check_pays", lambda _text, pays=pays: pays)
        edit = LedgerFileEdit(path, "Q1 2025")
        for goal_id, fields, history in updates:
            edit.update(goal_id, fields, history)
        try:
            written.append(edit.text())
        except Exception as error:  # noqa: BLE001 - the same refusal either way is the same answer
            written.append(repr(error))
    assert written[0] == written[1]


HEADER_TEXTS = st.lists(
    st.sampled_from(
        ["[goals.abc]", "[goals.abc] # note", " [goals.abc]", "[goals.abc]x", "x[goals.abc]", "[goals.abcd]",
         "[goals.abc]\r", "[documents]", 'text = "[goals.abc]"', "", "[goals.abc]  ", "[[goals.abc]]"]
    ),
    max_size=8,
)  # fmt: skip


@given(HEADER_TEXTS, st.sampled_from(["\n", "\r\n"]))
def test_finding_a_header_by_its_literal_finds_what_the_pattern_finds(lines: list[str], newline: str):
    from journal.ledger.toml_text import _header, _header_matches

    text = newline.join(lines)
    header = _header("goals.abc")
    assert _header_matches(text, header) == [m.span() for m in header.pattern().finditer(text)]
