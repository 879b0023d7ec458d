"""The one write path: writing() sessions, change_status, the Status vocabulary."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal.atomic import transaction, write_atomic
from journal.config import Journal, Settings, init_journal
from journal.errors import GoalNotFound, NoDocument, UsageError
from journal.ledger import OPEN_STATUSES, STATUS_LABEL, STATUS_MARKER, Status, load_ledger
from journal.session import change_status, writing

DOCUMENT = "# Q1 2025\n\n## Goals\n\n- [ ] Ship the API\n- [/] Hire an engineer\n- [x] Pick a database\n"


def make_journal(root: Path) -> Journal:
    init_journal(root)
    journal = Journal(root=root, settings=Settings())
    (journal.entries_dir / "2025-q1.md").write_text(DOCUMENT)
    return journal


def files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".journal" not in p.relative_to(root).parts
    }


def ids_by_text(journal: Journal) -> dict[str, str]:
    return {goal.text: goal.id for goal in load_ledger(journal).goals.values()}


def test_status_is_the_ledger_string_with_its_marker_and_label():
    assert Status.IN_PROGRESS == "in_progress" and "in_progress" in OPEN_STATUSES
    assert OPEN_STATUSES == ("open", "in_progress")
    assert STATUS_MARKER == {"open": " ", "done": "x", "in_progress": "/", "carried": ">", "dropped": "-"}
    assert STATUS_LABEL["in_progress"] == Status.IN_PROGRESS.label == "in progress"
    assert Status.REMOVED.marker is None


def test_a_session_rescans_under_the_lock_and_saves_its_changes_at_the_end(tmp_path: Path):
    journal = make_journal(tmp_path / "j")
    with journal.writing(by="test") as session:
        assert {goal.text for goal in session.ledger.goals.values()} == {
            "Ship the API",
            "Hire an engineer",
            "Pick a database",
        }
        goal = next(g for g in session.ledger.goals.values() if g.text == "Ship the API")
        session.update(goal, {"note": "for the partners"})
        assert "for the partners" not in (journal.ledger_dir / "2025-q1.toml").read_text()  # pending
    assert load_ledger(journal).goals[goal.id].note == "for the partners"


def test_a_failed_session_puts_back_every_file_it_wrote(tmp_path: Path):
    journal = make_journal(tmp_path / "j")
    with writing(journal):
        pass
    before = files(journal.root)
    goal_id = ids_by_text(journal)["Ship the API"]
    with pytest.raises(RuntimeError), writing(journal, by="test") as session:
        assert session.set_status(session.ledger.goals[goal_id], "done")
        session.save()
        assert "- [x] Ship the API" in (journal.entries_dir / "2025-q1.md").read_text()
        raise RuntimeError("a bug after the writes")
    assert files(journal.root) == before


def test_a_failed_session_inside_a_transaction_stays_put_back(tmp_path: Path):
    # Putting files back is not itself a write the enclosing transaction would undo when it fails too.
    journal = make_journal(tmp_path / "j")
    with writing(journal):
        pass
    before = files(journal.root)
    goal_id = ids_by_text(journal)["Ship the API"]
    with pytest.raises(RuntimeError), transaction(), writing(journal, by="test") as session:
        session.set_status(session.ledger.goals[goal_id], "done")
        write_atomic(journal.entries_dir / "2025-q1.md", b"# replaced\n")
        raise RuntimeError("a bug")
    assert files(journal.root) == before


def test_change_status_goes_to_the_latest_link_once_and_says_which_were_already_so(tmp_path: Path):
    journal = make_journal(tmp_path / "j")
    with writing(journal):
        pass  # the first sync gives the goals their ids
    ids = ids_by_text(journal)
    ship, hire, pick = ids["Ship the API"], ids["Hire an engineer"], ids["Pick a database"]
    changed, already = change_status(journal, [ship, ship[:5], pick], "done", by="test")
    assert [g.id for g in changed] == [ship] and [g.id for g in already] == [pick]
    text = (journal.entries_dir / "2025-q1.md").read_text()
    assert "- [x] Ship the API" in text and "- [/] Hire an engineer" in text
    history = load_ledger(journal).goals[ship].history
    assert history[-1]["status"] == "done" and history[-1]["by"] == "test"
    changed, already = change_status(journal, [hire], "dropped", reason="no budget")
    assert [g.id for g in changed] == [hire] and not already
    assert load_ledger(journal).goals[hire].history[-1]["reason"] == "no budget"


def test_change_status_of_an_unknown_id_changes_nothing(tmp_path: Path):
    journal = make_journal(tmp_path / "j")
    with writing(journal):
        pass
    before = files(journal.root)
    ship = ids_by_text(journal)["Ship the API"]
    with pytest.raises(GoalNotFound):
        change_status(journal, [ship, "zzzzzz"], "done")
    assert files(journal.root) == before


def test_no_document_is_a_usage_error():
    error = NoDocument.of("Q3 2030", "2030-q3")
    assert isinstance(error, UsageError) and error.exit_code == 2
    assert str(error) == "Q3 2030 has no document ('journal new 2030-q3' writes one)"
