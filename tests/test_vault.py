"""Every task a vault holds: status characters, Obsidian callouts, the goal's own marker (issue 16), on the core."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.config import Journal, load_settings, settings_key
from journal.documents import set_item_status
from journal.errors import ConfigError, LedgerError
from journal.extract import extract_items
from journal.ledger import Cache, load_ledger
from journal.ledger.reading import read_ledger_file
from journal.ledger.toml_text import goal_toml
from journal.statuses import JOURNAL_CHARACTERS, status_table
from journal.sync import sync_journal
from tests.vault_factory import FAMILIES, QUOTED, UNKNOWN, UNKNOWN_CHARACTERS, build_vault


def tasks(text: str, **kwargs) -> list[tuple[int, str, str | None, str]]:
    return [(i.line, i.status, i.marker, i.text) for i in extract_items(text, **kwargs) if i.kind == "checkbox"]


def not_taken(text: str, **kwargs) -> list[tuple[int, str]]:
    lines: list[tuple[int, str]] = []
    extract_items(text, not_taken=lines, **kwargs)
    return lines


@pytest.mark.parametrize("family", list(FAMILIES))
def test_each_family_of_characters_is_a_task_with_its_status(family: str):
    pairs = FAMILIES[family]
    text = "".join(f"- [{character}] task {index}\n" for index, (character, _status) in enumerate(pairs))
    assert tasks(text) == [
        (index + 1, status, character, f"task {index}") for index, (character, status) in enumerate(pairs)
    ]


def test_the_issue_characters_map_as_it_says():
    table = status_table()
    for character in "?!<ibPCdfl*S":
        assert table[character] == ("in_progress" if character == "d" else "open"), character
    assert (table[">"], table["-"], table["x"], table["X"]) == ("carried", "dropped", "done", "done")


def test_a_character_in_no_table_is_not_taken_and_said_why():
    text = "# Goals\n\n- [a] unmapped\n- [é] accented\n- [ ] kept\n"
    assert tasks(text) == [(5, "open", " ", "kept")]
    assert not_taken(text) == [
        (3, "[a] is in no status table: add it under [statuses] in journal.toml to take it"),
        (4, "[é] is in no status table: add it under [statuses] in journal.toml to take it"),
    ]
    # Not a bullet goal either, though it is under a goal heading: it is a task journal cannot read.
    assert [i.text for i in extract_items(text)] == ["kept"]


def test_blanks_brackets_and_two_characters_are_not_task_markers():
    text = "# Notes\n\n- [\t] tab\n- [\u00a0] nbsp\n- [[Link]] wiki\n- []] bracket\n- [ab] two\n- [x]glued\n"
    assert tasks(text) == []
    assert not_taken(text) == []


def test_overrides_change_and_extend_the_table():
    table = status_table((("?", "done"), ("a", "dropped")))
    assert tasks("- [?] q\n- [a] a\n- [!] i\n", statuses=table) == [
        (1, "done", "?", "q"),
        (2, "dropped", "a", "a"),
        (3, "open", "!", "i"),
    ]


CALLOUTS = """\
> [!todo] This week
> - [ ] single
>   - [?] nested item

> [!note]- Folded
> - [d] folded minus

> [!tip]+ Open
>- [x] folded plus, no blank after >

> [!info] Outer
> > [!todo] Inner
> > - [!] nested callout

- a list item
  > [!todo]
  > - [b] callout in a list
"""


def test_tasks_in_callouts_count_single_folded_nested_and_in_lists():
    assert tasks(CALLOUTS) == [
        (2, "open", " ", "single"),
        (3, "open", "?", "nested item"),
        (6, "in_progress", "d", "folded minus"),
        (9, "done", "x", "folded plus, no blank after >"),
        (13, "open", "!", "nested callout"),
        (17, "open", "b", "callout in a list"),
    ]
    assert not_taken(CALLOUTS) == []


def test_plain_quotes_do_not_count_and_are_said_code_does_not_count_and_is_not():
    text = (
        "## Goals\n\n> - [ ] plain quote\n\n> [!todo]\n> > - [x] a quote in a callout\n\n"
        "> a quote\n> > [!todo]\n> > - [?] a callout in a quote\n\n"
        "> [!todo]\n> - a plain bullet in a callout\n> ```\n> - [ ] code in a callout\n> ```\n\n"
        "```\n- [ ] fenced\n```\n\n    - [ ] indented code\n"
    )
    assert extract_items(text) == []
    why = "a task in a plain block quote (quoted words): make the quote a callout (> [!todo]) to take it"
    assert not_taken(text) == [(3, why), (6, why), (10, why)]


def test_a_callout_title_needs_the_bang_and_brackets():
    assert tasks("> [todo] not a callout\n> - [ ] quoted\n") == []
    assert tasks("> [!todo]\n> - [ ] taken\n") == [(2, "open", " ", "taken")]


@st.composite
def callout_documents(draw) -> tuple[bytes, int]:
    """A document with task items inside callouts of every shape; the index of one item to change."""
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    lines: list[str] = ["# Week"]
    count = 0
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        depth = draw(st.integers(min_value=1, max_value=3))
        in_list = draw(st.booleans())
        indent = "  " if in_list else ""
        gap = draw(st.sampled_from(["", " ", "  "]))
        quote = indent + "".join(">" + draw(st.sampled_from(["", " "])) for _ in range(depth - 1)) + ">" + gap
        fold = draw(st.sampled_from(["", "-", "+"]))
        lines += ["", *(["- holder", ""] if in_list else [])]
        # Each level opens its own callout: a callout title at every depth.
        for level in range(1, depth + 1):
            lines.append(indent + "> " * level + f"[!{draw(st.sampled_from(['todo', 'NOTE', 'tip']))}]{fold} T")
        for _ in range(draw(st.integers(min_value=1, max_value=3))):
            character = draw(st.sampled_from(sorted(status_table())))
            bullet = draw(st.sampled_from(["-", "*", "+", "1."]))
            words = draw(st.text(alphabet="abc xyz—é", min_size=1, max_size=12).map(str.strip).filter(bool))
            lines.append(f"{quote}{bullet} [{character}] {words}")
            count += 1
    text = newline.join(lines) + newline
    return text.encode("utf-8"), draw(st.integers(min_value=0, max_value=count - 1))


@settings(max_examples=200, deadline=None)
@given(callout_documents(), st.sampled_from(sorted(status_table())))
def test_a_status_change_in_a_callout_edits_only_the_marker_and_back(doc, character):
    data, index = doc
    items = extract_items(data.decode("utf-8"))
    item = items[index]
    changed = set_item_status(data, item.line, character, item.text)
    assert len(changed) == len(data)
    differing = [at for at, (a, b) in enumerate(zip(changed, data, strict=True)) if a != b]
    assert len(differing) <= 1  # every ">" byte, blank and word stays
    after = extract_items(changed.decode("utf-8"))
    assert [(i.line, i.text) for i in after] == [(i.line, i.text) for i in items]
    assert (after[index].marker, after[index].status) == (character, status_table()[character])
    assert set_item_status(changed, item.line, item.marker, item.text) == data


def test_the_goal_keeps_its_character_in_the_ledger_text_and_reads_it_back(journal_dir: Path):
    (journal_dir / "entries" / "2025-q2.md").write_text("# Q2\n\n- [?] ask legal\n- [x] done\n")
    ledger, _report = sync_journal(Journal(journal_dir, load_settings(journal_dir)))
    asked, done = sorted(ledger.goals.values(), key=lambda g: g.line)
    assert (asked.marker, done.marker) == ("?", None)  # journal's own character is not recorded
    assert 'status = "open"\nmarker = "?"\n' in goal_toml(asked)
    goals, _hashes = read_ledger_file(journal_dir / "ledger" / "2025-q2.toml", "2025-q2")
    assert {g.text: g.marker for g in goals} == {"ask legal": "?", "done": None}
    journal = Journal(journal_dir, load_settings(journal_dir))
    cache = Cache(journal)  # as the sync saved it
    entry = cache.ledger_entry("2025-q2.toml", (journal_dir / "ledger" / "2025-q2.toml").stat())
    assert entry is not None and {g.text: g.marker for g in entry[0]} == {"ask legal": "?", "done": None}
    cached = load_ledger(journal, cache)
    assert {g.text: g.marker for g in cached.goals.values()} == {"ask legal": "?", "done": None}
    assert cached.goals[asked.id].as_dict()["marker"] == "?"


def test_a_marker_that_is_not_one_character_is_a_ledger_error(tmp_path: Path):
    path = tmp_path / "2025-q2.toml"
    table = '[goals.abcdef]\ntext = "t"\nstatus = "open"\nkind = "checkbox"\nsource = "entries/a.md"\nline = 1\n'
    path.write_text(table + 'marker = "??"\n')
    with pytest.raises(LedgerError, match=r"marker must be one character"):
        read_ledger_file(path, "2025-q2")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('statuses = "open"', "'statuses' must be a table"),
        ('[statuses]\n"??" = "open"', "is not one character"),
        ('[statuses]\n"?" = "removed"', "must be one of open, in_progress, done, carried, dropped"),
        ('[statuses]\n"?" = 1', "must be one of"),
        ('[statuses]\n"x" = "open"', r"\[x\] is journal's own mark for done"),
    ],
)
def test_bad_statuses_are_a_config_error(tmp_path: Path, table: str, message: str):
    (tmp_path / "journal.toml").write_text(table + "\n")
    with pytest.raises(ConfigError, match=message):
        load_settings(tmp_path)


def test_statuses_are_read_and_part_of_the_settings_key(tmp_path: Path):
    (tmp_path / "journal.toml").write_text('[statuses]\n"a" = "in progress"\n"x" = "done"\n')
    settings = load_settings(tmp_path)
    assert settings.statuses == (("a", "in_progress"), ("x", "done"))
    assert settings.warnings == ()
    assert settings_key(Journal(tmp_path, settings)) != settings_key(Journal(tmp_path, load_settings(tmp_path / "no")))
    assert all(status_table()[c] == s for c, s in JOURNAL_CHARACTERS.items())


def test_the_generated_vault_is_read_as_it_was_written(tmp_path: Path):
    vault = build_vault(tmp_path)
    seen_families = {character for pairs in FAMILIES.values() for character, _s in pairs}
    assert seen_families <= {task.character for task in vault.tasks}
    for path in vault.files:
        name = path.relative_to(tmp_path).as_posix()
        lines: list[tuple[int, str]] = []
        items = extract_items(path.read_bytes().decode("utf-8"), not_taken=lines)
        expected = [(t.line, t.status, t.character, t.text) for t in vault.tasks if t.file == name and t.status]
        assert [(i.line, i.status, i.marker, i.text) for i in items if i.kind == "checkbox"] == expected
        skipped = {t.line: t.not_taken for t in vault.tasks if t.file == name and t.status is None}
        assert {line: (UNKNOWN if "status table" in why else QUOTED) for line, why in lines} == skipped
    assert len([t for t in vault.tasks if t.not_taken == UNKNOWN]) == len(UNKNOWN_CHARACTERS)
    assert vault.code_task_lines == 4
