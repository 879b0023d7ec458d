"""Marker edits written together (journal.document_batch): each document once, the same bytes, the same safety.

`journal new` marks the goals it brings in ``[>]`` in their old documents,
several in each. In a batch each document is read once and written once;
the files come out exactly as writing one marker at a time gives them, a
document changed on disk meanwhile is not written, and a failure writes
nothing.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest

from journal import atomic
from journal.config import open_journal
from journal.errors import ConflictError
from journal.session import Session, writing
from tests.conftest import snapshot, write

# Stranded goals in three quarters, several a document: `new 2025-q3` brings them all in.
DOCUMENTS = {
    "entries/2024-q4.md": "# Q4 2024\n\n## Goals\n\n- [ ] Ship the importer\n- [/] Write the RFC\n- [x] Done one\n",
    "entries/2025-q1.md": "# Q1 2025\n\n## Goals\n\n- [ ] Book the venue\n- [ ] Rewrite the wiki\n- [ ] Plan\n",
    "entries/2025-q2.md": "# Q2 2025\n\n## Goals\n\n- [ ] Mirror the config\n- [?] Ask legal\n\n## Q3 2025 Goals\n\n"
    "- [ ] Planned ahead\n",
}


@pytest.fixture
def stranded(journal_dir: Path, run, monkeypatch) -> Path:
    monkeypatch.setenv("JOURNAL_NOW", "2025-07-01")
    for name, text in DOCUMENTS.items():
        write(journal_dir, name, text)
    run("sync")
    return journal_dir


def test_new_writes_each_old_document_once(stranded: Path, run, monkeypatch):
    written: list[str] = []
    in_many: list[bool] = []
    real_atomic, real_many = atomic.write_atomic, atomic.write_many

    def spy_atomic(path, data, **kwargs):
        if not in_many:  # write_many writes a short batch file by file with write_atomic
            written.append(Path(path).name)
        return real_atomic(path, data, **kwargs)

    def spy_many(plans, **kwargs):
        written.extend(Path(plan[0]).name for plan in plans)
        in_many.append(True)
        try:
            return real_many(plans, **kwargs)
        finally:
            in_many.pop()

    monkeypatch.setattr(atomic, "write_atomic", spy_atomic)
    monkeypatch.setattr(atomic, "write_many", spy_many)
    run("new", "2025-q3")
    old_documents = [name for name in written if name.endswith(".md") and name != "2025-q3.md"]
    assert sorted(old_documents) == ["2024-q4.md", "2025-q1.md", "2025-q2.md"]
    assert (stranded / "entries/2025-q1.md").read_text().count("- [>]") == 3


def test_new_gives_the_bytes_one_marker_at_a_time_gives(stranded: Path, run, tmp_path: Path, monkeypatch):
    other = tmp_path / "one-at-a-time"
    shutil.copytree(stranded, other)
    run("new", "2025-q3")
    batched, batched_goals = snapshot(stranded), run("goals", "--all", "--json").stdout
    monkeypatch.setenv("JOURNAL_DIR", str(other))
    monkeypatch.setattr(Session, "documents_together", lambda self: contextlib.nullcontext())
    run("new", "2025-q3")
    assert snapshot(other) == batched
    assert run("goals", "--all", "--json").stdout == batched_goals
    run("sync")  # nothing left over for a sync to find
    assert snapshot(other) == batched


def test_a_document_changed_on_disk_during_the_batch_is_not_written(stranded: Path):
    journal = open_journal(stranded)[0]
    before = snapshot(stranded)
    path = stranded / "entries/2025-q1.md"
    with pytest.raises(ConflictError), writing(journal) as session:
        goals = session.ledger.goals_of("entries/2025-q1.md")
        with session.documents_together():
            for goal in goals:
                session.set_status(goal, "dropped")
            path.write_text(path.read_text() + "- [ ] Typed meanwhile\n")
    after = snapshot(stranded)
    assert after["entries/2025-q1.md"].endswith(b"- [ ] Typed meanwhile\n")
    assert b"[-]" not in after["entries/2025-q1.md"]
    assert {k: v for k, v in after.items() if k != "entries/2025-q1.md"} == {
        k: v for k, v in before.items() if k != "entries/2025-q1.md"
    }


def test_a_failure_inside_the_batch_writes_nothing(stranded: Path):
    journal = open_journal(stranded)[0]
    before = snapshot(stranded)
    with pytest.raises(RuntimeError), writing(journal) as session, session.documents_together():
        for goal in session.ledger.goals_of("entries/2025-q1.md"):
            session.set_status(goal, "done")
        raise RuntimeError("stop")
    assert snapshot(stranded) == before


def _mark_all_carried_after_a_hand_edit(root: Path, *, batched: bool) -> None:
    """Inside one session: a line typed into 2025-q1.md behind journal's back, then its goals marked ``[>]``."""
    journal = open_journal(root)[0]
    path = root / "entries/2025-q1.md"
    with writing(journal) as session:
        goals = session.ledger.goals_of("entries/2025-q1.md")
        path.write_text(path.read_text() + "- [ ] Typed meanwhile\n")
        with session.documents_together() if batched else contextlib.nullcontext():
            for goal in goals:
                session.set_status(goal, "carried")


@pytest.mark.parametrize("hand_edit", [False, True])
def test_the_ledger_records_the_hash_a_marker_at_a_time_records(stranded: Path, tmp_path: Path, run, hand_edit):
    # Synced before the batch: the last bytes' hash is recorded (sync then finds nothing to read again). Edited
    # by hand before it: no hash is recorded, so the next sync reads the document and finds the typed line.
    other = tmp_path / "one-at-a-time"
    shutil.copytree(stranded, other)
    for root, batched in ((stranded, True), (other, False)):
        if hand_edit:
            _mark_all_carried_after_a_hand_edit(root, batched=batched)
        else:
            journal = open_journal(root)[0]
            with writing(journal) as session, session.documents_together() if batched else contextlib.nullcontext():
                for goal in session.ledger.goals_of("entries/2025-q1.md"):
                    session.set_status(goal, "carried")
    assert snapshot(stranded) == snapshot(other)
    assert 'status = "carried"' in snapshot(stranded)["ledger/2025-q1.toml"].decode()
    assert ("Typed meanwhile" in run("sync").stdout + run("goals", "--all").stdout) == hand_edit
    assert (stranded / "entries/2025-q1.md").read_text().count("- [>]") == 3
