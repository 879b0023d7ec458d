"""Sync core: identity matching, idempotence, rebuilding the ledger from the documents."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.config import Journal, Settings, init_journal
from journal.extract import extract_items
from journal.ledger import Goal
from journal.matching import match_goals
from journal.sync import sync_journal


def make_journal(root: Path) -> Journal:
    init_journal(root)
    return Journal(root=root, settings=Settings())


def goal(goal_id: str, text: str, line: int, status: str = "open") -> Goal:
    return Goal(
        id=goal_id, document_period="2025-q1", text=text, status=status, kind="checkbox", source="a.md", line=line
    )


def test_matching_prefers_identical_text_then_similar_text():
    items = extract_items("# Goals\n\n- [ ] Ship the v2 API by March\n- [ ] Brand new thing\n- [ ] Same\n- [ ] Same\n")
    goals = [goal("a", "Same", 9), goal("b", "Ship the v2 API", 3), goal("c", "Same", 5), goal("d", "Gone", 4)]
    pairs, new, vanished = match_goals(items, goals)
    assert [(item.text, g.id) for item, g in pairs] == [
        ("Ship the v2 API by March", "b"),
        ("Same", "c"),
        ("Same", "a"),
    ]
    assert [item.text for item in new] == ["Brand new thing"]
    assert [g.id for g in vanished] == ["d"]


def test_a_removed_goal_that_comes_back_keeps_its_id(tmp_path: Path):
    journal = make_journal(tmp_path / "j")
    doc = journal.entries_dir / "2025-q1.md"
    doc.write_text("# Goals\n\n- [ ] Keep me\n- [x] Come back\n")
    ledger, _ = sync_journal(journal)
    original = {g.text: g.id for g in ledger.goals.values()}
    doc.write_text("# Goals\n\n- [ ] Keep me\n")
    ledger, report = sync_journal(journal)
    assert [g.text for g in report.removed] == ["Come back"]
    assert ledger.goals[original["Come back"]].status == "removed"
    doc.write_text("# Goals\n\n- [ ] Keep me\n- [x] Come back\n")
    ledger, report = sync_journal(journal)
    back = ledger.goals[original["Come back"]]
    assert back.status == "done"
    assert [h["status"] for h in back.history] == ["done", "removed", "done"]


def test_a_deleted_document_leaves_its_goals_removed(tmp_path: Path):
    journal = make_journal(tmp_path / "j")
    doc = journal.entries_dir / "2025-q1.md"
    doc.write_text("# Goals\n\n- [ ] One\n")
    sync_journal(journal)
    doc.unlink()
    ledger, report = sync_journal(journal)
    assert [g.status for g in ledger.goals.values()] == ["removed"]
    assert report.removed


LINES = st.lists(
    st.tuples(st.sampled_from([" ", "x", "/", "-"]), st.sampled_from(["alpha", "beta", "gamma", "delta", "eps"])),
    min_size=1,
    max_size=8,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(LINES, LINES)
def test_sync_twice_changes_nothing_and_a_rebuild_gives_the_same_goals(tmp_path_factory, first, second):
    root = tmp_path_factory.mktemp("j")
    journal = make_journal(root / "j")
    doc = journal.entries_dir / "2025-q1.md"
    render = lambda rows: "# Goals\n\n" + "".join(f"- [{m}] {t}\n" for m, t in rows)  # noqa: E731
    doc.write_text(render(first))
    sync_journal(journal)
    doc.write_text(render(second) + "\n")
    ledger, _ = sync_journal(journal)
    _, again = sync_journal(journal, full=True)
    assert again.nothing
    live = {(g.id, g.text, g.status, g.line) for g in ledger.goals.values() if g.status != "removed"}
    assert len(live) == len(second)
    # Rebuild from the documents alone: the same texts and statuses; ids are derived from the
    # documents, so a rebuild gives the ids a first sync of the same documents gives.
    shutil.rmtree(journal.ledger_dir)
    shutil.rmtree(journal.state_dir)
    rebuilt, _ = sync_journal(make_journal(journal.root))
    fresh = {(g.text, g.status, g.line) for g in rebuilt.goals.values()}
    assert fresh == {(text, status, line) for _id, text, status, line in live}
    other = make_journal(root / "other")
    (other.entries_dir / "2025-q1.md").write_bytes(doc.read_bytes())
    first_sync, _ = sync_journal(other)
    assert {(g.id, g.text) for g in first_sync.goals.values()} == {(g.id, g.text) for g in rebuilt.goals.values()}
