"""Owners, tags, due dates and priority through the CLI: read on sync, kept in the ledger, filtered, exported."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from pathlib import Path

import pytest

from tests.cli.test_core_loop import ids_by_text
from tests.conftest import snapshot, write

Q2 = """\
# Q2 2025

## Goals

- [ ] Ship the importer @dana #infra due: 2025-04-10
- [ ] Write the RFC (owner: Farid Haddad) #docs by end of May
- [ ] Tidy the wiki #docs/wiki 🔽
- [x] Fix the deploy script @Dana ⏫ 📅 2025-04-01 ✅ 2025-03-30
- [ ] Plan the offsite
"""


@pytest.fixture
def q2(journal_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    return write(journal_dir, "entries/2025-q2.md", Q2)


def goals_json(run, *args: str) -> dict[str, dict]:
    return {goal["text"]: goal for goal in json.loads(run("goals", "--json", *args).stdout)}


def test_sync_reads_the_attributes_into_the_ledger(run, journal_dir: Path, q2: Path):
    found = goals_json(run, "--all")
    assert {text: (g["owner"], g["tags"], g["due"], g["priority"], g["done_on"]) for text, g in found.items()} == {
        "Ship the importer @dana #infra due: 2025-04-10": ("dana", ["infra"], "2025-04-10", None, None),
        "Write the RFC (owner: Farid Haddad) #docs by end of May": ("Farid Haddad", ["docs"], "2025-05-31", None, None),
        "Tidy the wiki #docs/wiki 🔽": (None, ["docs/wiki"], None, "low", None),
        "Fix the deploy script @Dana ⏫ 📅 2025-04-01 ✅ 2025-03-30": ("Dana", [], "2025-04-01", "high", "2025-03-30"),
        "Plan the offsite": (None, [], None, None, None),
    }
    ledger = (journal_dir / "ledger/2025-q2.toml").read_text()
    table = tomllib.loads(ledger)["goals"][found["Ship the importer @dana #infra due: 2025-04-10"]["id"]]
    assert (table["owner"], table["tags"], table["due"]) == ("dana", ["infra"], "2025-04-10")
    assert 'tags = ["infra"]\ndue = "2025-04-10"\n' in ledger  # readable, one line each
    plain = tomllib.loads(ledger)["goals"][found["Plan the offsite"]["id"]]
    assert not {"owner", "tags", "due", "priority", "done_on"} & set(plain)  # nothing written when nothing is said


def test_adding_attributes_keeps_the_goal_and_updates_its_fields(run, journal_dir: Path, q2: Path):
    before = ids_by_text(run)["Plan the offsite"]
    q2.write_text(Q2.replace("- [ ] Plan the offsite", "- [ ] Plan the offsite #team @jonas 📅 2025-06-01"))
    synced = run("sync").stdout
    assert synced == (
        f"~ {before}  Plan the offsite #team @jonas 📅 2025-06-01  (due, owner, tags, text)\n"
        "Synced 1 document: 0 added, 1 changed, 0 removed.\n"
    )
    goal = goals_json(run)["Plan the offsite #team @jonas 📅 2025-06-01"]
    assert (goal["id"], goal["owner"], goal["tags"], goal["due"]) == (before, "jonas", ["team"], "2025-06-01")
    q2.write_text(Q2)  # taken away again: the fields go
    run("sync")
    goal = goals_json(run)["Plan the offsite"]
    assert (goal["id"], goal["owner"], goal["tags"], goal["due"]) == (before, None, [], None)
    assert "jonas" not in (journal_dir / "ledger/2025-q2.toml").read_text().split("[goals.")[-1]


def test_a_goal_carried_with_a_tag_added_is_one_goal(run, journal_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    write(journal_dir, "entries/2025-q1.md", "# Q1 2025\n\n## Goals\n\n- [ ] Write the RFC\n")
    write(journal_dir, "entries/2025-q2.md", "# Q2 2025\n\n## Goals\n\n- [ ] Write the RFC #docs @dana\n")
    listed = json.loads(run("goals", "--json").stdout)
    assert [(g["text"], g["owner"]) for g in listed] == [("Write the RFC #docs @dana", "dana")]
    assert listed[0]["carried_from"] is not None


def test_goals_filters(run, q2: Path):
    ids = ids_by_text(run)
    importer = ids["Ship the importer @dana #infra due: 2025-04-10"]
    rfc = ids["Write the RFC (owner: Farid Haddad) #docs by end of May"]
    wiki = ids["Tidy the wiki #docs/wiki 🔽"]
    deploy = ids["Fix the deploy script @Dana ⏫ 📅 2025-04-01 ✅ 2025-03-30"]

    def listed(*args: str) -> list[str]:
        return [goal["id"] for goal in json.loads(run("goals", "--json", *args).stdout)]

    assert listed("--owner", "DANA") == [importer]  # any case; the open ones by default
    assert listed("--owner", "@dana", "--all") == [importer, deploy]
    assert listed("--owner", "farid") == [rfc]  # the first word of a name
    assert listed("--owner", "farid haddad") == [rfc]
    assert listed("--owner", "haddad") == []
    assert listed("--tag", "docs") == [rfc, wiki]  # nested tags count under their parent
    assert listed("--tag", "#DOCS/wiki") == [wiki]
    assert listed("--tag", "doc") == []
    assert listed("--due-before", "2025-05-30") == [importer]  # by the end of that day
    assert listed("--due-before", "2025-05-31") == [importer, rfc]  # due on the day itself counts
    assert listed("--due-before", "31 May 2025") == [importer, rfc]  # however the day is written
    assert listed("--due-before", "2025-q2") == [importer, rfc]  # by the end of that period
    assert listed("--due-before", "2025-04-09", "--all") == [deploy]
    assert listed("--overdue") == [importer]  # due 2025-04-10, open on 2025-04-15; the done one is not overdue
    assert listed("--overdue", "--tag", "docs") == []


def test_goals_shows_a_due_column_when_asked_about_due_dates(run, q2: Path):
    importer = ids_by_text(run)["Ship the importer @dana #infra due: 2025-04-10"]
    assert run("goals", "--overdue").stdout == (
        "ID      STATUS  PERIOD   DUE         TEXT                                            WHERE\n"
        f"{importer}  open    2025-q2  2025-04-10  Ship the importer @dana #infra due: 2025-04-10"
        "  entries/2025-q2.md:5\n"
    )
    assert run("goals", "--owner", "dana").stdout.splitlines()[0].split() == ["ID", "STATUS", "PERIOD", "TEXT", "WHERE"]
    assert run("goals", "--tag", "nothing").stderr == "No goals match.\n"


def test_goals_filter_errors(run, journal_dir: Path, q2: Path):
    run("sync")
    before = snapshot(journal_dir)
    assert run("goals", "--overdue", "--done", expect=2).stderr == (
        "Error: --overdue lists open goals; it does not combine with --done or --dropped\n"
    )
    assert run("goals", "--owner", " @ ", expect=2).stderr == "Error: --owner is empty (give one, like --owner dana)\n"
    assert run("goals", "--tag", "#", expect=2).stderr == "Error: --tag is empty (give one, like --tag infra)\n"
    bad = run("goals", "--due-before", "someday", expect=2).stderr
    assert bad.startswith("Error: ") and "someday" in bad and len(bad.splitlines()) == 1
    assert snapshot(journal_dir) == before


def test_show_lists_the_attributes(run, q2: Path):
    deploy = ids_by_text(run)["Fix the deploy script @Dana ⏫ 📅 2025-04-01 ✅ 2025-03-30"]
    shown = run("show", deploy).stdout.splitlines()
    assert shown[:3] == [
        f"{deploy}  Fix the deploy script @Dana ⏫ 📅 2025-04-01 ✅ 2025-03-30",
        "done, checkbox, for 2025-q2",
        "owner: Dana  due: 2025-04-01  priority: high  done on: 2025-03-30",
    ]
    plain = ids_by_text(run)["Plan the offsite"]
    assert run("show", plain).stdout.splitlines()[2] == ""  # nothing said, no line


def test_export_has_the_fields(run, q2: Path, journal_dir: Path):
    write(journal_dir, "entries/2025-q3.md", "# Q3 2025\n\n## Goals\n\n- [ ] Odd one #-rm @dana\n")
    exported = {goal["text"]: goal for goal in json.loads(run("export").stdout)}
    assert exported["Tidy the wiki #docs/wiki 🔽"]["tags"] == ["docs/wiki"]
    rows = {row["text"]: row for row in csv.DictReader(io.StringIO(run("export", "--format", "csv").stdout))}
    importer = rows["Ship the importer @dana #infra due: 2025-04-10"]
    fields = (importer["owner"], importer["tags"], importer["due"], importer["priority"])
    assert fields == ("dana", "infra", "2025-04-10", "")
    assert rows["Odd one #-rm @dana"]["tags"] == "'-rm"  # a cell a spreadsheet would run is made inert


def test_done_on_a_tasks_line_adds_its_done_date_and_reopen_takes_it_away(run, journal_dir: Path, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    text = "# Q2 2025\n\n## Goals\n\n- [ ] Ship v2 📅 2025-05-01 ^ship\n- [ ] Plain one @dana\n"
    doc = write(journal_dir, "entries/2025-q2.md", text)
    ids = ids_by_text(run)
    ship, plain = ids["Ship v2 📅 2025-05-01 ^ship"], ids["Plain one @dana"]
    assert run("done", ship, plain).stdout == (
        f"Done {ship}  Ship v2 📅 2025-05-01 ✅ 2025-04-15 ^ship\nDone {plain}  Plain one @dana\n"
    )
    done = text.replace("[ ] Ship v2 📅 2025-05-01", "[x] Ship v2 📅 2025-05-01 ✅ 2025-04-15")
    assert doc.read_text() == done.replace("[ ] Plain", "[x] Plain")
    goal = goals_json(run, "--done")["Ship v2 📅 2025-05-01 ✅ 2025-04-15 ^ship"]
    assert (goal["id"], goal["done_on"]) == (ship, "2025-04-15")
    assert run("sync").stdout == "Nothing changed.\n"  # the ledger already holds what the document says
    run("reopen", ship, plain)
    assert doc.read_text() == text  # byte for byte
    assert goals_json(run)["Ship v2 📅 2025-05-01 ^ship"]["done_on"] is None


def test_stats_by_owner(run, q2: Path, journal_dir: Path):
    write(journal_dir, "entries/2025-q3.md", "# Q3 2025\n\n## Goals\n\n- [-] Pair on the RFC @farid @dana\n")
    assert run("stats", "--by", "owner").stdout == (
        "OWNER         SET  DONE  OPEN  DROPPED  CARRIED  RATE\n"
        "dana          3    1     1     1        0        33%\n"
        "farid         1    0     0     1        0        0%\n"
        "Farid Haddad  1    0     1     0        0        0%\n"
        "(no owner)    2    0     2     0        0        0%\n"
    )
    owners = json.loads(run("stats", "--by", "owner", "--since", "2025-q3", "--json").stdout)["owners"]
    assert owners == [  # by name, any case one owner, shown as first written
        {"owner": "dana", "set": 1, "done": 0, "open": 0, "dropped": 1, "carried": 0, "rate": 0.0},
        {"owner": "farid", "set": 1, "done": 0, "open": 0, "dropped": 1, "carried": 0, "rate": 0.0},
    ]
    assert run("stats", "--by", "owner", "--svg", "x.svg", expect=2).stderr == (
        "Error: --svg charts the periods; it does not combine with --by owner\n"
    )


def test_a_hand_edited_ledger_with_a_wrong_attribute_is_an_error(run, journal_dir: Path, q2: Path):
    run("sync")
    ledger = journal_dir / "ledger/2025-q2.toml"
    ledger.write_text(ledger.read_text().replace('priority = "low"', 'priority = "urgent"'))
    error = run("goals", expect=5).stderr
    assert error.endswith("priority must be one of highest, high, medium, low, lowest, not 'urgent'\n")
    assert len(error.splitlines()) == 1


def test_an_owner_named_on_an_earlier_line_owns_the_goal(run, journal_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    write(journal_dir, "entries/2025-q1.md", "# Q1 2025\n\n## Goals\n\n- [ ] Write the RFC @dana\n- [ ] Other\n")
    write(journal_dir, "entries/2025-q2.md", "# Q2 2025\n\n## Goals\n\n- [ ] Write the RFC\n")
    listed = json.loads(run("goals", "--owner", "dana", "--json").stdout)
    assert [(g["text"], g["source"], g["owner"]) for g in listed] == [("Write the RFC", "entries/2025-q2.md", None)]
    assert run("stats", "--by", "owner").stdout.splitlines()[1:] == [
        "dana        1    0     1     0        0        0%",
        "(no owner)  1    0     1     0        0        0%",
    ]


def test_the_reviews_done_dates_a_tasks_line(run, journal_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    doc = write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [ ] Ship v2 ⏫ 📅 2025-03-01\n- [ ] Plain\n")
    out = run("review", "2025-q1", input="d\nq\n").stdout
    assert "Stopped; every decision so far is saved." in out
    assert doc.read_text() == "# Q1\n\n## Goals\n\n- [x] Ship v2 ⏫ 📅 2025-03-01 ✅ 2025-04-15\n- [ ] Plain\n"
    goal = goals_json(run, "--done")["Ship v2 ⏫ 📅 2025-03-01 ✅ 2025-04-15"]
    assert goal["done_on"] == "2025-04-15"


Q1_WITH_A_MONTH = "# Q1 2025\n\n## Goals\n\n- [ ] Onboard Farid by the end of March\n- [ ] Plan the offsite\n"


@pytest.mark.parametrize("how", ["new", "by hand"])
def test_a_carried_goal_keeps_its_due_date(run, journal_dir: Path, monkeypatch: pytest.MonkeyPatch, how: str):
    """'by the end of March' written in Q1 is March 2025 in every later quarter the goal is carried into,
    whether `new` carries it or the person copies the line; editing the line later keeps it too."""
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    write(journal_dir, "entries/2025-q1.md", Q1_WITH_A_MONTH)
    assert [g["due"] for g in json.loads(run("goals", "--overdue", "--json").stdout)] == ["2025-03-31"]
    if how == "new":
        run("new", "2025-q2")
    else:
        write(journal_dir, "entries/2025-q2.md", "# Q2 2025\n\n## Goals\n\n- [ ] Onboard Farid by the end of March\n")
    overdue = json.loads(run("goals", "--overdue", "--json").stdout)
    assert [(g["period"], g["due"]) for g in overdue] == [("2025-q2", "2025-03-31")]
    q2 = journal_dir / "entries" / "2025-q2.md"
    q2.write_text(q2.read_text().replace("by the end of March", "by the end of March @farid"))
    overdue = json.loads(run("goals", "--overdue", "--json").stdout)
    assert [(g["owner"], g["due"]) for g in overdue] == [("farid", "2025-03-31")]
    # A goal first written in Q2 with the same words means the March to come.
    write(journal_dir, "entries/2025-q3.md", "# Q3 2025\n\n## Goals\n\n- [ ] Hire an SRE by the end of March\n")
    assert goals_json(run, "--all")["Hire an SRE by the end of March"]["due"] == "2026-03-31"
