"""The document merge (merge_document.py) on its own: marker-only conflicts resolved by meaning, nothing
either side wrote dropped, any other conflict left with git's markers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from journal.documents import conflict_line
from journal.merge_document import merge_document_bytes, resolve_hunk, split_line, without_conflicts
from journal.statuses import status_table
from tests.git_helpers import requires_git

pytestmark = requires_git

TABLE = status_table((("?", "open"), ("d", "in_progress")))
MARKERS = [" ", "x", "/", ">", "-", "?", "d"]
HEAD = "# Q1 2025\n\n## Goals for Q1 2025\n\n"
TAIL = "\n## Notes\n\nSome words.\n"


def document(markers: list[str], added: list[str] = ()) -> bytes:
    lines = [f"- [{marker}] Goal {index}\n" for index, marker in enumerate(markers)]
    lines += [f"- [ ] {text}\n" for text in added]
    return (HEAD + "".join(lines) + TAIL).encode()


@st.composite
def three_sides(draw):
    count = draw(st.integers(1, 8))
    base = draw(st.lists(st.sampled_from(MARKERS), min_size=count, max_size=count))
    ours = [draw(st.sampled_from(MARKERS)) if draw(st.booleans()) else marker for marker in base]
    theirs = [draw(st.sampled_from(MARKERS)) if draw(st.booleans()) else marker for marker in base]
    ours_added = draw(st.lists(st.sampled_from(["Ours A", "Ours B", "Both"]), max_size=2, unique=True))
    theirs_added = draw(st.lists(st.sampled_from(["Theirs A", "Both"]), max_size=2, unique=True))
    return base, (ours, ours_added), (theirs, theirs_added)


def merged(base: bytes, ours: bytes, theirs: bytes) -> tuple[bytes, int]:
    return merge_document_bytes(base, ours, theirs, TABLE)


@given(three_sides())
@settings(max_examples=60, deadline=None)
def test_merging_a_document_with_itself_or_with_its_base_gives_it(sides):
    base, (ours, added), _theirs = sides
    text = document(ours, added)
    assert merged(document(base), text, text) == (text, 0)
    assert merged(document(base), text, document(base)) == (text, 0)
    assert merged(document(base), document(base), text) == (text, 0)


@given(three_sides())
@settings(max_examples=80, deadline=None)
def test_marker_changes_and_list_additions_always_merge_keeping_every_line(sides):
    base, (ours, ours_added), (theirs, theirs_added) = sides
    one, left = merged(document(base), document(ours, ours_added), document(theirs, theirs_added))
    other, left_other = merged(document(base), document(theirs, theirs_added), document(ours, ours_added))
    assert left == left_other == 0 and conflict_line(one) is None
    shapes = sorted(split_line(line).shape for line in one.decode().splitlines(keepends=True))
    assert shapes == sorted(split_line(line).shape for line in other.decode().splitlines(keepends=True))
    for text in {*ours_added, *theirs_added, *(f"Goal {i}" for i in range(len(base)))}:
        assert one.decode().count(f"] {text}\n") == 1, text


@given(three_sides())
@settings(max_examples=60, deadline=None)
def test_each_marker_is_chosen_by_meaning(sides):
    base, (ours, _a), (theirs, _b) = sides
    result, _left = merged(document(base), document(ours), document(theirs))
    found = {line.split("] ")[1]: line[3] for line in result.decode().splitlines() if line.startswith("- [")}
    for index, (was, mine, other) in enumerate(zip(base, ours, theirs, strict=True)):
        chosen = found[f"Goal {index}"]
        if mine == other or other == was:
            assert chosen == mine
        elif mine == was:
            assert chosen == other
        elif TABLE[mine] in ("done", "dropped") and TABLE[other] == "carried":
            assert chosen == mine
        elif TABLE[other] == "carried" and TABLE[mine] != "carried":
            assert chosen == other  # carried over open or in progress
        else:
            assert chosen in (mine, other)


def test_words_both_sides_changed_are_left_with_gits_markers_both_kept():
    base = document([" ", " "])
    ours = base.replace(b"Goal 1", b"Goal one, said my way")
    theirs = base.replace(b"Goal 1", b"Goal one, said their way")
    result, left = merged(base, ours, theirs)
    assert left == 1
    assert conflict_line(result) is not None
    assert b"said my way" in result and b"said their way" in result


def test_a_line_one_side_deleted_and_the_other_checked_is_a_conflict():
    assert resolve_hunk(["- [ ] Run\n"], [], ["- [x] Run\n"], TABLE) is None


def test_a_plain_bullet_that_gained_a_marker_merges_with_one_that_did_not():
    assert resolve_hunk(["- Run\n", "- Read\n"], ["- [x] Run\n", "- Read\n"], ["- Run\n", "- [-] Read\n"], TABLE) == [
        "- [x] Run\n",
        "- [-] Read\n",
    ]


def test_crlf_documents_keep_their_line_endings():
    base = document([" ", " "]).replace(b"\n", b"\r\n")
    ours, theirs = base.replace(b"[ ] Goal 0", b"[x] Goal 0"), base.replace(b"[ ] Goal 1", b"[-] Goal 1")
    result, left = merged(base, ours, theirs)
    assert left == 0 and b"[x] Goal 0\r\n- [-] Goal 1\r\n" in result and b"\n" not in result.replace(b"\r\n", b"")


def test_a_line_one_side_reworded_and_the_other_checked_gets_both():
    assert resolve_hunk(["- [ ] Run\n"], ["- [x] Run\n"], ["- [ ] Run 300 km\n"], TABLE) == ["- [x] Run 300 km\n"]
    assert resolve_hunk(["- Run\n"], ["- Run far\n"], ["- [-] Run\n"], TABLE) == ["- [-] Run far\n"]


def test_a_line_both_sides_reworded_is_a_conflict():
    assert resolve_hunk(["- [ ] Run\n"], ["- [ ] Run far\n"], ["- [ ] Run fast\n"], TABLE) is None


def test_a_line_one_side_reworded_next_to_a_line_the_other_added_keeps_both():
    assert resolve_hunk(
        ["- [x] Hand goal\n"], ["- [x] Hand goal (reworded)\n"], ["- [x] Hand goal\n", "- [x] Goal 3\n"], TABLE
    ) == ["- [x] Hand goal (reworded)\n", "- [x] Goal 3\n"]


def test_a_line_both_sides_changed_next_to_added_lines_keeps_each_change():
    base = ["- [ ] A\n", "- [ ] B\n"]
    ours = ["- [>] A\n", "- [>] B\n", "- [ ] Ours new\n"]
    theirs = ["- [x] A\n", "- [ ] B, said better\n", "- [ ] Theirs new\n"]
    assert resolve_hunk(base, ours, theirs, TABLE) == [
        "- [x] A\n", "- [>] B, said better\n", "- [ ] Theirs new\n", "- [ ] Ours new\n"
    ]  # fmt: skip


def test_a_line_one_side_reworded_and_started_while_the_other_carried_it_is_carried_in_the_new_words():
    assert resolve_hunk(["- [ ] Goal 20\n"], ["- [/] Goal 20 (reworded)\n"], ["- [>] Goal 20\n"], TABLE) == [
        "- [>] Goal 20 (reworded)\n"
    ]


def test_lines_both_sides_added_one_side_more_keeps_the_longer():
    ours = ["\n", "## Carried over\n", "\n", "- [x] Read\n"]
    theirs = ["\n", "## Carried over\n", "\n", "- [ ] Read\n", "- [ ] Write\n"]
    assert resolve_hunk([], ours, theirs, TABLE) == ["\n", "## Carried over\n", "\n", "- [x] Read\n", "- [ ] Write\n"]
    assert resolve_hunk([], theirs, ours, TABLE) == ["\n", "## Carried over\n", "\n", "- [x] Read\n", "- [ ] Write\n"]


def test_a_base_with_a_conflict_left_in_it_counts_that_conflict_as_nothing():
    base = b"- [ ] A\n<<<<<<< ours\n- [ ] B one way\n=======\n- [ ] B another way\n>>>>>>> theirs\n- [ ] C\n"
    assert without_conflicts(base) == b"- [ ] A\n- [ ] C\n"
    ours = b"- [x] A\n- [ ] B one way\n- [ ] C\n"
    theirs = b"- [ ] A\n- [ ] B one way\n- [ ] D\n- [ ] C\n"
    assert merged(base, ours, theirs) == (b"- [x] A\n- [ ] B one way\n- [ ] D\n- [ ] C\n", 0)


def test_a_conflict_is_only_the_lines_both_sides_reworded_the_rest_of_the_hunk_resolved():
    base = document([" ", " ", " "])
    ours = base.replace(b"[ ] Goal 0", b"[>] Goal 0").replace(b"Goal 1", b"Goal 1 my way")
    theirs = base.replace(b"[ ] Goal 2", b"[x] Goal 2").replace(b"Goal 1", b"Goal 1 their way")
    result, left = merged(base, ours, theirs)
    assert left == 1
    conflict = b"<<<<<<< ours\n- [ ] Goal 1 my way\n=======\n- [ ] Goal 1 their way\n>>>>>>> theirs\n"
    assert b"- [>] Goal 0\n" + conflict in result
    assert b">>>>>>> theirs\n- [x] Goal 2\n" in result


def test_a_line_one_side_moved_and_the_other_checked_where_it_was_is_kept_once_checked():
    base = ["- [ ] A\n", "- [ ] B\n", "- [ ] C\n"]
    ours = ["- [ ] B\n", "- [ ] C\n", "- [ ] A\n"]  # A moved to the end
    theirs = ["- [x] A\n", "- [ ] B\n", "- [ ] C\n"]
    result = resolve_hunk(base, ours, theirs, TABLE)
    assert result is not None and sorted(result) == ["- [ ] B\n", "- [ ] C\n", "- [x] A\n"]
