"""Issue 9, items 5 and 14: a goal's identity goes to the right line, and every listed goal can be changed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from journal.config import Journal, Settings, init_journal
from journal.sync import sync_journal
from tests.conftest import write

DOC = "entries/2025-q1.md"


def goals_json(run: Callable[..., Result]) -> list[dict]:
    return json.loads(run("goals", "--all", "--json").stdout)


def by_text(run: Callable[..., Result]) -> dict[str, dict]:
    return {goal["text"]: goal for goal in goals_json(run)}


# ---------------------------------------------------------------- item 5: identity


def test_an_edited_goal_keeps_its_own_id_not_a_deleted_neighbours(run, journal_dir: Path):
    write(
        journal_dir,
        DOC,
        "# Goals\n\n- [ ] Ship the API\n- [x] Write the migration guide v1\n"
        "- [/] Write the migration guide v2\n- [ ] Hire a designer\n",
    )
    run("sync")
    before = by_text(run)
    v1, v2 = before["Write the migration guide v1"]["id"], before["Write the migration guide v2"]["id"]
    write(
        journal_dir, DOC, "# Goals\n\n- [ ] Ship the API\n- [/] Write the migration guide v3\n- [ ] Hire a designer\n"
    )
    result = run("sync")
    assert f"- {v1}  Write the migration guide v1" in result.stdout
    after = {goal["id"]: goal for goal in goals_json(run)}
    assert after[v2]["text"] == "Write the migration guide v3"
    assert after[v2]["status"] == "in_progress"
    assert after[v1]["status"] == "removed"
    assert after[v1]["text"] == "Write the migration guide v1"
    # v1's done history stays with v1.
    assert "done" not in {entry["status"] for entry in _ledger_history(journal_dir, v2)}


def test_when_two_goals_are_equally_likely_the_edited_line_gets_a_new_id(run, journal_dir: Path):
    write(journal_dir, DOC, "# Goals\n\n- [ ] Write the migration guide v1\n- [ ] Write the migration guide v2\n")
    run("sync")
    before = by_text(run)
    write(journal_dir, DOC, "# Goals\n\n- [ ] Write the migration guide v3\n")
    run("sync")
    after = by_text(run)
    assert after["Write the migration guide v3"]["id"] not in {goal["id"] for goal in before.values()}
    assert after["Write the migration guide v1"]["status"] == "removed"
    assert after["Write the migration guide v2"]["status"] == "removed"


def test_an_edited_line_between_the_same_neighbours_wins_over_a_nearer_line(run, journal_dir: Path):
    write(
        journal_dir,
        DOC,
        "# Goals\n\n- [ ] Alpha\n- [ ] Renew the passport now\n- [ ] Beta\n"
        "- [ ] Renew the passport soon\n- [ ] Gamma\n",
    )
    run("sync")
    before = by_text(run)
    # The second one is edited, the first deleted: the edited line is still between Beta and Gamma.
    write(journal_dir, DOC, "# Goals\n\n- [ ] Alpha\n- [ ] Beta\n- [ ] Renew the passport today\n- [ ] Gamma\n")
    run("sync")
    after = by_text(run)
    assert after["Renew the passport today"]["id"] == before["Renew the passport soon"]["id"]
    assert after["Renew the passport now"]["status"] == "removed"


def _ledger_history(root: Path, goal_id: str) -> list[dict]:
    import tomllib

    for path in (root / "ledger").glob("*.toml"):
        data = tomllib.loads(path.read_text("utf-8"))
        if goal_id in data.get("goals", {}):
            return data["goals"][goal_id]["history"]
    raise AssertionError(goal_id)


# Goal texts come in families (the same words, a different tag: "... v1", "... v2"), so that an
# edited line is often about as similar to a deleted neighbour as to what it was. A new line
# starts a family of its own: a line inserted with a sibling's words is indistinguishable from an
# edit, and no matcher can tell them apart.
FAMILIES = (
    "Ship the public API",
    "Hire a designer",
    "Write the migration guide",
    "Run a marathon in spring",
    "Read twelve books",
    "Cut cloud costs by half",
    "Learn to play the cello",
    "Move the team to Kubernetes",
    "Plan a family holiday",
    "Fix flaky integration tests",
    "Publish a blog post monthly",
    "Visit grandmother often",
    "Renew my passport",
    "Mentor two juniors",
    "Automate the weekly report",
    "Paint the kitchen",
)
TAGS = "0123456789"
WORDS = ("soon", "again", "first", "properly", "at last", "for real")
MARKS = (" ", "x", "/", "-")


class Line:
    """A goal line of the model: a hidden identity, its words and its marker."""

    def __init__(self, identity: int, family: int, tag: str, mark: str) -> None:
        self.identity = identity
        self.family = family
        self.tag = tag
        self.extra = ""
        self.mark = mark
        self.change = "inserted"

    def __repr__(self) -> str:
        return f"Line(#{self.identity} [{self.mark}] {self.text!r}, {self.change})"

    @property
    def text(self) -> str:
        return f"{FAMILIES[self.family]} v{self.tag}{self.extra}"


@st.composite
def histories(draw) -> list[list[Line]]:
    """A document's goal list, then the list after each of 1-3 rounds of inserts, deletes and light edits."""
    identities = iter(range(10_000))
    used_tags: dict[int, set[str]] = {}

    def new_line(family: int) -> Line:
        tag = draw(st.sampled_from(sorted(set(TAGS) - used_tags.setdefault(family, set()))))
        used_tags[family].add(tag)
        return Line(next(identities), family, tag, draw(st.sampled_from(MARKS)))

    first_families = draw(st.lists(st.integers(0, 5), min_size=1, max_size=8))
    lines = [new_line(family) for family in first_families if len(used_tags.get(family, ())) < len(TAGS)]
    rounds = [lines]
    for _round in range(draw(st.integers(1, 3))):
        lines = [_copy(line) for line in lines]
        touched: set[int] = set()
        # A family that lost a line this round has no line edited, and the reverse: deleting "v0
        # first" while "v2" becomes "v2 first" reads as "v0 first" edited, by any matcher.
        deleted_from: set[int] = set()
        edited_in: set[int] = set()
        for _op in range(draw(st.integers(1, 4))):
            op = draw(st.sampled_from(["insert", "delete", "append", "retag", "mark"]))
            if op == "insert":
                fresh = [f for f in range(6, len(FAMILIES)) if f not in used_tags]
                if fresh:
                    line = new_line(draw(st.sampled_from(fresh)))
                    touched.add(line.identity)
                    lines.insert(draw(st.integers(0, len(lines))), line)
                continue
            free = [i for i, line in enumerate(lines) if line.identity not in touched]
            if not free:
                continue
            at = draw(st.sampled_from(free))
            line = lines[at]
            if (op == "delete" and line.family in edited_in) or (
                op in ("append", "retag") and line.family in deleted_from
            ):
                continue
            touched.add(line.identity)  # one change per line per round: words or marker, not both
            if op == "delete":
                deleted_from.add(line.family)
                del lines[at]
            elif op == "append":
                edited_in.add(line.family)
                line.extra += " " + draw(st.sampled_from(WORDS))
                line.change = "edited"
            elif op == "retag" and len(used_tags[line.family]) < len(TAGS):
                edited_in.add(line.family)
                line.tag = draw(st.sampled_from(sorted(set(TAGS) - used_tags[line.family])))
                used_tags[line.family].add(line.tag)
                line.change = "edited"
            elif op == "mark":
                line.mark = draw(st.sampled_from([m for m in MARKS if m != line.mark]))
                line.change = "marker"
        rounds.append(lines)
    return rounds


def _copy(line: Line) -> Line:
    copy = Line(line.identity, line.family, line.tag, line.mark)
    copy.extra = line.extra
    copy.change = "same"
    return copy


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(histories())
def test_inserts_deletes_and_light_edits_never_move_a_history_to_another_goal(tmp_path_factory, rounds):
    root = tmp_path_factory.mktemp("identity") / "journal"
    init_journal(root)
    journal = Journal(root=root, settings=Settings())
    doc = root / DOC
    owner: dict[int, str] = {}  # hidden identity -> its goal id
    seen: set[str] = set()
    for number, lines in enumerate(rounds):
        doc.write_text("# Goals\n\n" + "".join(f"- [{line.mark}] {line.text}\n" for line in lines))
        ledger, _report = sync_journal(journal)
        live = {g.line: g for g in ledger.goals.values() if g.status != "removed"}
        assert len(live) == len(lines)
        for index, line in enumerate(lines):
            goal = live[index + 3]
            assert goal.text == line.text
            where = f"round {number}, {line.change} line {line.text!r}"
            if line.change == "inserted":
                assert goal.id not in seen, f"{where} took the id of {goal.id}"
            elif line.change in ("same", "marker"):
                assert goal.id == owner[line.identity], f"{where} lost its id"
            else:
                assert goal.id == owner[line.identity] or goal.id not in seen, f"{where} took another goal's id"
            owner[line.identity] = goal.id
        seen |= set(ledger.goals)
        # Every history holds only its own line's statuses: the ledger's status is the document's.
        for line in lines:
            goal = ledger.goals[owner[line.identity]]
            assert goal.history[-1]["status"] == goal.status


# ---------------------------------------------------------------- item 14: every listed goal can be changed

ODD_TEXT = st.text(
    alphabet=st.sampled_from(list("ab Z-*+1.)[]x/>\t\r\x00\x0b\x0c\x1c\x85\u00a0\u2028\u3000é😀#`<")), max_size=12
)


@st.composite
def odd_documents(draw) -> str:
    """Lines of list and task items with odd prefixes: nested and blank markers, tabs, CR, NUL, unicode."""
    lines = [draw(st.sampled_from(["# Goals", "# Goals", "# Notes", "Intro"])), ""]
    for _ in range(draw(st.integers(1, 8))):
        indent = draw(st.sampled_from(["", "", " ", "  ", "   ", "\t"]))
        markers = "".join(
            draw(st.sampled_from(["-", "*", "+", "1.", "2)"])) + draw(st.sampled_from([" ", " ", "\t", "  ", ""]))
            for _ in range(draw(st.integers(1, 3)))
        )
        task = draw(st.sampled_from(["", "", "[ ] ", "[x] ", "[X]\t", "[/] ", "[>] ", "[-] ", "[ ]", "[x]  ", "[?] "]))
        lines.append(indent + markers + task + draw(ODD_TEXT))
        follow = draw(st.sampled_from(["", "", "blank", "continued", "task-below"]))
        if follow == "blank":
            lines.append("")
        elif follow == "continued":
            lines.append("  " + draw(ODD_TEXT))
        elif follow == "task-below":
            lines.append("  [ ] " + draw(ODD_TEXT))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return newline.join(lines) + draw(st.sampled_from(["", newline]))


@settings(max_examples=300, deadline=None)
@given(odd_documents())
@example("# Goals\n\n-\t\n  1\n  * ")  # words below a dash and a tab: a marker there moved them out of the item
def test_every_extracted_item_can_be_set_done_and_back_byte_for_byte(text: str):
    from journal.documents import set_item_status
    from journal.extract import extract_items

    data = text.encode("utf-8")
    for item in extract_items(text):
        done = set_item_status(data, item.line, "x", item.text)
        again = [i for i in extract_items(done.decode("utf-8")) if i.line == item.line and i.text == item.text]
        assert again and again[0].kind == "checkbox" and again[0].status == "done", (item, done)
        if item.kind == "checkbox":
            other = " " if item.status == "done" else "x"
            changed = set_item_status(data, item.line, other, item.text)
            differ = [n for n, (a, b) in enumerate(zip(data, changed, strict=True)) if a != b]
            assert len(differ) == 1
            back = set_item_status(changed, item.line, chr(data[differ[0]]), item.text)
            assert back == data
        else:
            # A plain bullet gains a marker: bytes inserted in one place, none changed.
            cut = next((n for n, (a, b) in enumerate(zip(data, done, strict=False)) if a != b), len(data))
            added = len(done) - len(data)
            assert any(
                done[:at] + done[at + added :] == data and done[at : at + added].strip() == b"[x]"
                for at in range(max(0, cut - added), cut + 1)
            ), (item, done)


ODD_DOCUMENTS = {
    "nul": ("# Goals\n\n- [ ] a NUL \x00 inside\n- [ ] fine\n", []),
    "nested markers": ("# Goals\n\n- - [ ] x\n1. - [/] y\n- [ ] fine\n", []),
    "marker below a bare dash": ("# Goals\n\n-\n  [ ] after a bare dash\n- [ ] fine\n", [3]),
    "empty item above text": ("# Goals\n\n- \ntext\n- [ ] fine\n", [3]),
    "words below a bare dash": ("# Goals\n\n-\n  plain words\n- [ ] fine\n", []),
    "words below a dash and blanks": ("# Goals\n\n-\t\n  1\n  * \n\n- [ ] fine\n", [3]),
    "words below a dash and two spaces": ("# Goals\n\n-  \n  Ship the v2 API\n- [ ] fine\n", []),
    "marker alone": ("# Goals\n\n- [ ]\n  words below\n* [X]\tfine\n", []),
}


def _changed_only_a_marker(before: bytes, after: bytes) -> bool:
    if len(before) == len(after):
        return sum(a != b for a, b in zip(before, after, strict=True)) == 1
    added = len(after) - len(before)
    return any(
        after[:at] + after[at + added :] == before and after[at : at + added].strip() == b"[x]"
        for at in range(len(after))
    )


@pytest.mark.parametrize("name", sorted(ODD_DOCUMENTS))
def test_every_goal_listed_can_be_done_and_the_others_are_named_once(run, journal_dir: Path, name: str):
    text, unchangeable = ODD_DOCUMENTS[name]
    path = write(journal_dir, DOC, text)
    result = run("sync")
    warned = [line for line in result.stderr.splitlines() if line.startswith("Skipped")]
    assert [line.split(":")[0:2] for line in warned] == [[f"Skipped {DOC}", str(line)] for line in unchangeable]
    goals = goals_json(run)
    assert goals and all(goal["text"] for goal in goals)  # no empty phantom goal
    assert not {goal["line"] for goal in goals} & set(unchangeable)
    assert "Skipped" not in run("goals", "--all").stderr  # said once, not on every command
    for goal in goals:
        before = path.read_bytes()
        result = run("done", goal["id"])
        after = path.read_bytes()
        if goal["status"] == "done":
            assert after == before
            continue
        assert _changed_only_a_marker(before, after), (goal, after)
        assert {g["id"]: g["status"] for g in goals_json(run)}[goal["id"]] == "done"
    assert "Skipped" not in run("sync").stderr
