"""The ledger core: reading, checking, writing with comments kept, ids and prefixes."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.config import Journal, Settings, init_journal
from journal.errors import GoalNotFound, LedgerError
from journal.ledger import Cache, Goal, Ledger, LedgerFileEdit, load_ledger, new_goal_id, read_ledger_file


def make_journal(tmp_path: Path) -> Journal:
    root = tmp_path / "j"
    init_journal(root)
    return Journal(root=root, settings=Settings())


def goal(goal_id: str, text: str = "x", period: str = "2025-q1") -> Goal:
    return Goal(
        id=goal_id, document_period=period, text=text, status="open", kind="checkbox", source="entries/a.md", line=1
    )


def test_resolve_exact_prefix_ambiguous_unknown():
    ledger = Ledger(goals={g.id: g for g in (goal("abc123"), goal("abd456"), goal("abc1"))}, files={})
    assert ledger.resolve("abd").id == "abd456"
    assert ledger.resolve("abc1").id == "abc1"  # an exact id wins over longer ids it prefixes
    assert ledger.resolve(" ABD4 ").id == "abd456"
    with pytest.raises(GoalNotFound, match="'ab' matches 3 goals: "):
        ledger.resolve("ab")
    with pytest.raises(GoalNotFound, match="no goal matches 'zz'"):
        ledger.resolve("zz")
    with pytest.raises(GoalNotFound):
        ledger.resolve("")


def test_new_ids_are_deterministic_short_and_unique():
    first = new_goal_id("entries/2025-q1.md", "Ship v2", {})
    assert first == new_goal_id("entries/2025-q1.md", "  ship   V2 ", {})
    assert len(first) == 6 and first.isalnum() and first == first.lower()
    assert new_goal_id("entries/2025-q1.md", "Ship v2", {first: None}) != first


def test_written_ledger_reads_back_and_keeps_comments(tmp_path: Path):
    path = tmp_path / "2025-q1.toml"
    edit = LedgerFileEdit(path, "Q1 2025")
    first = goal("aaaaaa", "First")
    first.history = [{"at": "2025-01-05T10:00:00", "status": "open", "by": "document"}]
    first.created = first.updated = "2025-01-05T10:00:00"
    edit.add(first)
    edit.save()
    path.write_text(path.read_text().replace("[goals.aaaaaa]", "# keep me\n[goals.aaaaaa]\nnote = 'mine'"))
    edit = LedgerFileEdit(path, "Q1 2025")
    edit.update("aaaaaa", {"status": "done"}, {"at": "2025-02-01T09:00:00", "status": "done", "from": "open"})
    edit.add(goal("bbbbbb", "Second"))
    edit.save()
    text = path.read_text()
    assert "# keep me\n" in text and "note = 'mine'" in text
    goals, _hashes = read_ledger_file(path, "2025-q1")
    assert [(g.id, g.status, g.note) for g in goals] == [("aaaaaa", "done", "mine"), ("bbbbbb", "open", None)]
    assert goals[0].history[-1] == {"at": "2025-02-01T09:00:00", "status": "done", "from": "open"}
    assert goals[0].created == "2025-01-05T10:00:00"


def test_an_edit_refuses_a_file_changed_since_it_was_read(tmp_path: Path):
    path = tmp_path / "2025-q1.toml"
    edit = LedgerFileEdit(path, "Q1 2025")
    edit.add(goal("aaaaaa"))
    edit.save()
    edit = LedgerFileEdit(path, "Q1 2025")
    edit.update("aaaaaa", {"status": "done"})
    path.write_text(path.read_text() + "# someone else\n")
    with pytest.raises(Exception, match="changed on disk"):
        edit.save()
    assert path.read_text().endswith("# someone else\n")


ROW = '[goals.abcdef]\ntext = "x"\nstatus = "open"\nkind = "checkbox"\nsource = "entries/a.md"\nline = 1\n'


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[goals.abcdef\n", r"2025-q1\.toml: .*line 1"),
        (
            '[goals.abcdef]\ntext = "x"\nstatus = "finished"\nkind = "checkbox"\nsource = "entries/a.md"\nline = 1\n',
            "status",
        ),
        (
            '[goals.abcdef]\ntext = "x"\nstatus = "open"\nkind = "checkbox"\nsource = "entries/a.md"\nline = "one"\n',
            "'line'",
        ),
        ('[goals.abcdef]\ntext = "x"\nstatus = "open"\nkind = "checkbox"\nsource = "entries/a.md"\n', "no 'line'"),
        ('[goals.ABC]\ntext = "x"\n', "not a goal id"),
        (ROW + 'target = "q9-2024"\n', "target must be a period key"),
        (ROW.replace("entries/a.md", "../../etc/passwd"), "source must be a Markdown file in the journal"),
        (ROW + 'created = "yesterday"\n', "'created' must be a date-time"),
        ('[goals.abcdef]\ntext = "a"\n[goals.abcdef]\ntext = "b"\n', r"2025-q1\.toml"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_a_broken_ledger_file_names_the_file(tmp_path: Path, content, message: str):
    journal = make_journal(tmp_path)
    path = journal.ledger_dir / "2025-q1.toml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(LedgerError, match=message):
        load_ledger(journal)


def test_an_id_in_two_files_is_an_error(tmp_path: Path):
    journal = make_journal(tmp_path)
    row = '[goals.abcdef]\ntext = "x"\nstatus = "open"\nkind = "checkbox"\nsource = "entries/a.md"\nline = 1\n'
    (journal.ledger_dir / "2025-q1.toml").write_text(row)
    (journal.ledger_dir / "2025-q2.toml").write_text(row)
    with pytest.raises(LedgerError, match="abcdef is also in"):
        load_ledger(journal)


def test_a_ledger_file_not_named_by_a_period_is_an_error(tmp_path: Path):
    journal = make_journal(tmp_path)
    (journal.ledger_dir / "notes.toml").write_text("")
    with pytest.raises(LedgerError, match="not a period key"):
        load_ledger(journal)


def test_the_cache_gives_the_same_goals_and_notices_a_changed_file(tmp_path: Path):
    journal = make_journal(tmp_path)
    path = journal.ledger_dir / "2025-q1.toml"
    row = '[goals.abcdef]\ntext = "{}"\nstatus = "open"\nkind = "checkbox"\nsource = "entries/a.md"\nline = 1\n'
    path.write_text(row.format("first"))
    cold = load_ledger(journal)
    cache = Cache(journal)
    warm = load_ledger(journal, cache)
    cache.save()
    assert warm.goals == cold.goals
    path.write_text(row.format("second, longer"))
    assert load_ledger(journal, Cache(journal)).goals["abcdef"].text == "second, longer"
