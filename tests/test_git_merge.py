"""Two clones of one journal, merged by real git through journal's merge drivers (issue 12's scenario)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from journal.documents import conflict_line
from tests.git_helpers import clone, commit_all, git, git_env, journal, make_remote, pull, push, requires_git

pytestmark = requires_git

Q1 = """# Q1 2025 Reflection

## Goals for Q1 2025

- [ ] Run 300 km over the quarter
- [ ] Mentor one engineer towards a senior promotion case
- [ ] Write the service-ownership RFC

## Notes

Nothing yet.
"""


@pytest.fixture
def two_laptops(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """Laptops A and B: clones of one journal (Q1 2025 with three open goals), pushed to a bare remote."""
    env = git_env(tmp_path)
    origin = tmp_path / "origin"
    origin.mkdir()
    (origin / "journal.toml").write_text('author = "Dana"\n')
    (origin / "entries").mkdir()
    (origin / "entries" / "2025-q1.md").write_text(Q1)
    assert journal(origin, "sync", env=env, now="2025-03-20T09:00:00").code == 0
    make_remote(origin, tmp_path / "remote.git", env)
    return clone(tmp_path / "remote.git", tmp_path / "a", env), clone(tmp_path / "remote.git", tmp_path / "b", env), env


def goal_ids(repo: Path, env: dict[str, str]) -> dict[str, str]:
    """Goal text -> id."""
    listed = json.loads(journal(repo, "goals", "--all", "--json", env=env).stdout)
    return {goal["text"]: goal["id"] for goal in listed}


def goals(repo: Path, env: dict[str, str]) -> list[dict]:
    out = journal(repo, "goals", "--all", "--json", env=env)
    assert out.code == 0, out.output
    return json.loads(out.stdout)


@pytest.mark.parametrize(
    ("who_pulls", "b_decides_at"),
    [("b", "10:00"), ("a", "10:00"), ("b", "08:00"), ("a", "08:00")],
    ids=["B pulls, B later", "A pulls, B later", "B pulls, B earlier", "A pulls, B earlier"],
)
def test_the_scenario_carry_on_one_laptop_done_and_start_on_the_other(two_laptops, who_pulls, b_decides_at):
    """Laptop A runs `new 2025-q2` while laptop B runs `done` and `start` on Q1 (before or after A's clock
    time: the decisions were made without knowing of the carry either way); whoever pulls second ends
    with the Q2 goals decided."""
    a, b, env = two_laptops
    ids = goal_ids(b, env)
    run_km, mentor = ids["Run 300 km over the quarter"], ids["Mentor one engineer towards a senior promotion case"]
    done_at, start_at = f"2025-04-01T{b_decides_at}:00", f"2025-04-01T{b_decides_at}:30"
    assert journal(a, "new", "2025-q2", env=env, now="2025-04-01T09:00:00").code == 0
    commit_all(a, "new 2025-q2", env)
    assert journal(b, "done", run_km, env=env, now=done_at).code == 0
    assert journal(b, "start", mentor, env=env, now=start_at).code == 0
    commit_all(b, "done, start", env)
    first, b = (a, b) if who_pulls == "b" else (b, a)  # b: the laptop that pulls, from here on
    assert push(first, env).code == 0

    pulled = pull(b, env, now="2025-04-01T11:00:00")

    assert pulled.code == 0, pulled.output
    for path in [*b.glob("entries/*.md"), *b.glob("ledger/**/*.toml")]:
        assert conflict_line(path.read_bytes()) is None, path
        assert b"<<<<<<<" not in path.read_bytes(), path
    listed = goals(b, env)
    latest = {g["text"]: g for g in listed if g["period"] == "2025-q2"}
    assert latest["Run 300 km over the quarter"]["status"] == "done"
    assert latest["Mentor one engineer towards a senior promotion case"]["status"] == "in_progress"
    assert latest["Write the service-ownership RFC"]["status"] == "open"
    q2 = (b / "entries" / "2025-q2.md").read_text()
    assert "- [x] Run 300 km over the quarter" in q2
    assert "- [/] Mentor one engineer towards a senior promotion case" in q2
    q1 = (b / "entries" / "2025-q1.md").read_text()
    assert "- [x] Run 300 km over the quarter" in q1  # done on any link is done; the line keeps it
    assert "- [>] Mentor one engineer towards a senior promotion case" in q1
    assert "- [>] Write the service-ownership RFC" in q1
    for text, status, at in (
        ("Run 300 km over the quarter", "done", done_at),
        ("Mentor one engineer towards a senior promotion case", "in_progress", start_at),
    ):
        links = [g for g in listed if g["id"] == ids[text]]
        assert len(links) == 2
        made = [e for link in links for e in link["history"] if e["status"] == status]
        assert [e["at"] for e in made] == [at], (text, [link["history"] for link in links])
    # A second sync changes nothing.
    before = files(b)
    assert journal(b, "sync", env=env).code == 0
    assert files(b) == before


def files(repo: Path) -> dict[str, bytes]:
    """Every file of the journal but git's and the cache."""
    return {
        p.relative_to(repo).as_posix(): p.read_bytes()
        for p in sorted(repo.rglob("*"))
        if p.is_file() and not {".git", ".journal"} & set(p.relative_to(repo).parts)
    }


def test_two_laptops_rewording_one_goal_leave_a_conflict_every_command_refuses_until_finished(two_laptops):
    a, b, env = two_laptops
    for repo, words in ((a, "Read four books, two of them fiction"), (b, "Read four books on management")):
        path = repo / "entries" / "2025-q1.md"
        path.write_text(path.read_text().replace("Write the service-ownership RFC", words))
        assert journal(repo, "sync", env=env).code == 0
        commit_all(repo, "reworded", env)
    assert push(a, env).code == 0

    pulled = pull(b, env)

    assert pulled.code == 4
    assert pulled.stdout == "Conflict: entries/2025-q1.md\n"
    assert pulled.output.count("\n") == 2 and "left git conflict markers in entries/2025-q1.md" in pulled.output
    text = (b / "entries" / "2025-q1.md").read_text()
    assert "two of them fiction" in text and "on management" in text
    refused = journal(b, "goals", env=env)
    assert refused.code == 4 and "entries/2025-q1.md" in refused.output and "conflict" in refused.output
    assert refused.output.count("\n") == 1
    ledger = (b / "ledger" / "2025-q1.toml").read_bytes()
    assert b"<<<<<<<" not in ledger  # the ledger merged goal by goal: never a conflict
    # Finished as README says: keep one version, then `journal sync`, whose commit finishes the merge.
    kept = re.sub(r"<<<<<<< ours\n(.*\n)=======\n.*\n>>>>>>> theirs\n", r"\1", text)
    (b / "entries" / "2025-q1.md").write_text(kept)
    assert journal(b, "sync", env=env).code == 0
    assert not (b / ".git" / "MERGE_HEAD").exists()
    assert git(b, "status", "--porcelain", env=env).output == ""
    assert "Read four books on management" in [g["text"] for g in goals(b, env)]
