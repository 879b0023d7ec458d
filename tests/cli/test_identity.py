"""One identity (issue 11 item 5): a goal keeps its first link's id across every carry; every link's id resolves."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.errors import GoalNotFound
from journal.ledger import Goal, Ledger
from tests.conftest import snapshot, write

Q1 = """# Q1 2025

## Goals

- [ ] Write the RFC
- [x] Ship the API
"""


@pytest.fixture
def carried_twice(run, journal_dir: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """The RFC goal written in Q1 2025 and carried by `new` into Q2 and Q3: its three links, oldest first."""
    monkeypatch.setenv("JOURNAL_NOW", "2025-07-15")
    write(journal_dir, "entries/2025-q1.md", Q1)
    run("new", "2025-q2")
    run("new", "2025-q3")
    links = [g for g in json.loads(run("goals", "--all", "--json").stdout) if g["text"] == "Write the RFC"]
    assert [g["period"] for g in links] == ["2025-q1", "2025-q2", "2025-q3"]
    assert len({g["link_id"] for g in links}) == 3
    return links


def _latest_line(journal_dir: Path) -> str:
    return next(line for line in (journal_dir / "entries" / "2025-q3.md").read_text().splitlines() if "RFC" in line)


def test_every_listing_shows_the_first_links_id(run, carried_twice: list[dict]):
    first = carried_twice[0]["link_id"]
    assert {g["id"] for g in carried_twice} == {first}  # goals --all --json: one id, three link ids
    open_goals = json.loads(run("goals", "--json").stdout)
    assert [(g["id"], g["link_id"]) for g in open_goals] == [(first, carried_twice[-1]["link_id"])]
    table = run("goals").stdout.splitlines()
    assert table[0].split()[:2] == ["ID", "STATUS"] and table[1].split()[:2] == [first, "open"]
    every = run("goals", "--all").stdout.splitlines()
    assert every[0].split()[:3] == ["ID", "LINK", "STATUS"]
    rfc_rows = [line.split()[:2] for line in every if "Write the RFC" in line]
    assert rfc_rows == [[first, link["link_id"]] for link in carried_twice]
    story = run("show", carried_twice[1]["link_id"]).stdout.splitlines()
    assert story[0] == f"{first}  Write the RFC"
    assert [line.split()[1] for line in story if re.match(r"2025-q\d  ", line)] == [g["link_id"] for g in carried_twice]
    shown = json.loads(run("show", first, "--json").stdout)
    assert [(g["id"], g["link_id"]) for g in shown] == [(first, g["link_id"]) for g in carried_twice]
    printed = run("review", "2025-q3", "--print").stdout
    assert f"- [ ] Write the RFC (`{first}`, entries/2025-q3.md:" in printed
    found = json.loads(run("search", "--goals", "RFC", "--json").stdout)["goals"]
    assert [g["id"] for g in found] == [first]


def test_export_gives_the_goals_id_and_each_links_own(run, carried_twice: list[dict]):
    first = carried_twice[0]["link_id"]
    exported = [g for g in json.loads(run("export").stdout) if g["text"] == "Write the RFC"]
    assert [(g["id"], g["link_id"]) for g in exported] == [(first, g["link_id"]) for g in carried_twice]
    rows = [
        r for r in csv.DictReader(io.StringIO(run("export", "--format", "csv").stdout)) if r["text"] == "Write the RFC"
    ]
    assert [(r["id"], r["link_id"]) for r in rows] == [(first, g["link_id"]) for g in carried_twice]
    markdown = run("export", "--format", "markdown").stdout
    assert markdown.count(f"Write the RFC `{first}`") == 3
    for link in carried_twice[1:]:
        assert link["link_id"] not in markdown


@pytest.mark.parametrize("which", ["first", "middle", "prefix", "middle prefix"])
def test_done_by_any_links_id_lands_on_the_latest_link(run, journal_dir: Path, carried_twice: list[dict], which: str):
    first, middle = carried_twice[0]["link_id"], carried_twice[1]["link_id"]
    typed = {"first": first, "middle": middle, "prefix": first[:4], "middle prefix": middle[:4]}[which]
    result = run("done", typed)
    assert result.stdout == f"Done {first}  Write the RFC\n"
    assert _latest_line(journal_dir) == "- [x] Write the RFC"
    statuses = [g["status"] for g in json.loads(run("goals", "--all", "--json").stdout) if g["text"] == "Write the RFC"]
    assert statuses == ["carried", "carried", "done"]
    again = run("done", first)
    assert again.stderr == f"{first} is already done: Write the RFC\n"


def test_note_start_and_drop_name_the_goal_by_its_id(run, journal_dir: Path, carried_twice: list[dict]):
    first, middle = carried_twice[0]["link_id"], carried_twice[1]["link_id"]
    assert run("start", middle).stdout == f"Started {first}  Write the RFC\n"
    assert run("note", middle, "waiting on review").stdout.startswith(f"Noted {first}  Write the RFC\n")
    assert run("drop", first, "--reason", "superseded").stdout == f"Dropped {first}  Write the RFC\n"
    assert _latest_line(journal_dir).startswith("- [-] Write the RFC")


def test_a_prefix_matching_two_goals_is_still_ambiguous(run, journal_dir: Path, carried_twice: list[dict]):
    write(journal_dir, "entries/2025-q3.md", (journal_dir / "entries" / "2025-q3.md").read_text()
          + "".join(f"- [ ] Extra goal number {n}\n" for n in range(40)))  # fmt: skip
    every = json.loads(run("goals", "--all", "--json").stdout)
    by_first_character: dict[str, set[str]] = {}  # the first character of a link id -> the goals with such a link
    for goal in every:
        by_first_character.setdefault(goal["link_id"][0], set()).add(goal["id"])
    prefix = next(c for c, goals in sorted(by_first_character.items()) if len(goals) >= 2)
    before = snapshot(journal_dir)
    result = run("done", prefix, expect=3)
    assert result.stdout == ""
    assert re.match(rf"Error: '{prefix}' matches \d+ goals: ", result.stderr) and len(result.stderr.splitlines()) == 1
    assert snapshot(journal_dir) == before


def test_the_first_links_id_works_after_its_line_was_deleted(run, journal_dir: Path, carried_twice: list[dict]):
    first = carried_twice[0]["link_id"]
    q1 = journal_dir / "entries" / "2025-q1.md"
    q1.write_text(q1.read_text().replace("- [>] Write the RFC\n", ""))
    run("sync")
    links = [g for g in json.loads(run("goals", "--all", "--json").stdout) if g["text"] == "Write the RFC"]
    assert [g["status"] for g in links] == ["removed", "carried", "open"] and {g["id"] for g in links} == {first}
    assert run("done", first).stdout == f"Done {first}  Write the RFC\n"
    assert _latest_line(journal_dir) == "- [x] Write the RFC"


def test_add_prints_the_id_the_goal_keeps(run, journal_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    write(journal_dir, "entries/2025-q2.md", "# Q2 2025\n\n## Goals\n\n- [ ] Ship it\n")
    added = run("add", "Write the handbook").stdout
    goal_id = added.split()[1]
    monkeypatch.setenv("JOURNAL_NOW", "2025-07-15")
    run("new", "2025-q3")
    carried = [g for g in json.loads(run("goals", "--json").stdout) if g["text"] == "Write the handbook"]
    assert [g["id"] for g in carried] == [goal_id] and carried[0]["link_id"] != goal_id


def test_carry_prints_the_goals_id(run, journal_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-07-15")
    write(journal_dir, "entries/2025-q1.md", Q1)
    run("new", "2025-q2")
    write(journal_dir, "entries/2025-q3.md", "# Q3 2025\n\n## Goals\n\n- [ ] Something new\n")
    first = next(g for g in json.loads(run("goals", "--json").stdout) if g["text"] == "Write the RFC")
    assert first["period"] == "2025-q2" and first["link_id"] != first["id"]
    result = run("carry", "2025-q2", "2025-q3")
    assert result.stdout == f"> {first['id']}  Write the RFC\nCarried 1 goal into entries/2025-q3.md.\n"


# ---------------------------------------------------------------- the core


def _goal(goal_id: str, period: str, line: int, carried_from: str | None = None, carried_to: str | None = None) -> Goal:
    return Goal(id=goal_id, document_period=period, text=f"goal {goal_id}", status="carried" if carried_to else "open",
                kind="checkbox", source=f"entries/{period}.md", line=line, carried_from=carried_from,
                carried_to=carried_to)  # fmt: skip


def _chain(ids: list[str], first_period: int = 1) -> list[Goal]:
    return [
        _goal(
            goal_id,
            f"2025-q{first_period + n}",
            5 + n,
            ids[n - 1] if n else None,
            ids[n + 1] if n + 1 < len(ids) else None,
        )
        for n, goal_id in enumerate(ids)
    ]


def _ledger(*chains: list[Goal]) -> Ledger:
    return Ledger(goals={g.id: g for chain in chains for g in chain}, files={})


def test_lineage_id_is_the_first_links_for_every_link_and_follows_changes():
    ledger = _ledger(_chain(["abc111", "abc222", "xyz333"]), _chain(["abd444"]))
    assert [ledger.lineage_id(ledger.goals[i]) for i in ("abc111", "abc222", "xyz333", "abd444")] == [
        "abc111", "abc111", "abc111", "abd444"]  # fmt: skip
    assert ledger.lineage_ids([ledger.goals["xyz333"]]) == {"xyz333": "abc111"}
    # Linking abd444 before abc111 (as a sync does) makes its id the goal's: no stale answer.
    ledger.change(ledger.goals["abd444"], {"carried_to": "abc111", "status": "carried"})
    ledger.change(ledger.goals["abc111"], {"carried_from": "abd444"})
    assert ledger.lineage_id(ledger.goals["xyz333"]) == "abd444"


def test_resolve_a_prefix_within_one_goal_is_its_latest_link_across_two_it_is_ambiguous():
    ledger = _ledger(_chain(["abc111", "abc222", "xyz333"]), _chain(["abd444"]))
    assert ledger.resolve("abc").id == "xyz333"  # two links of one goal: the goal, where it lives now
    assert ledger.resolve("abc222").id == "abc222"  # an exact id is that link
    assert ledger.resolve("XYZ").id == "xyz333"
    with pytest.raises(GoalNotFound, match=r"'ab' matches 2 goals: abc111 \(goal xyz333\), abd444 \(goal abd444\)"):
        ledger.resolve("ab")
    with pytest.raises(GoalNotFound, match="no goal matches 'q'"):
        ledger.resolve("q")


ID = st.text(alphabet="abc0", min_size=4, max_size=6)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(ID, min_size=1, max_size=4), min_size=1, max_size=5), st.data())
def test_any_prefix_names_its_goal_or_is_ambiguous_across_goals(chains_ids: list[list[str]], data):
    seen: set[str] = set()
    chains = []
    for ids in chains_ids:
        fresh = [i for i in dict.fromkeys(ids) if i not in seen]
        seen.update(fresh)
        if fresh:
            chains.append(_chain(fresh))
    ledger = _ledger(*chains)
    owner = {g.id: chain[0].id for chain in chains for g in chain}
    assert {g.id: ledger.lineage_id(g) for g in ledger.goals.values()} == owner
    typed = data.draw(st.sampled_from(sorted(seen)))
    prefix = typed[: data.draw(st.integers(1, len(typed)))]
    goals_matched = {owner[i] for i in seen if i.startswith(prefix)}
    shown_matched = {goal_id for goal_id in goals_matched if goal_id.startswith(prefix)}
    if prefix not in seen and len(prefix) < 3 and not shown_matched:
        # one or two characters that only a line's own (hidden) id starts with name nothing
        with pytest.raises(GoalNotFound, match=f"no goal's id starts with '{prefix}'"):
            ledger.resolve(prefix)
    elif prefix in seen or len(goals_matched) == 1:
        found = ledger.resolve(prefix)
        assert owner[found.id] in goals_matched
        if prefix not in seen and sum(i.startswith(prefix) for i in seen) > 1:
            assert found.carried_to is None  # several links of one goal: the goal's latest link
    else:
        with pytest.raises(GoalNotFound, match=f"'{prefix}' matches {len(goals_matched)} goals"):
            ledger.resolve(prefix)
