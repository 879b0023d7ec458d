"""An owner's name may end in a number ("Team 2", "Squad 7") when the number ends the owner field; that number
is the owner's, never the goal's target."""

from __future__ import annotations

import json

import pytest

from journal.attributes import read_attributes
from journal.targets import target_fields
from tests.conftest import write


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Ship 3 services Owner: Team 2", "Team 2"),
        ("Ship the importer (owner: Squad 7)", "Squad 7"),
        ("Ship the importer [owner:: Team 2]", "Team 2"),
        ("Ship the importer Owners: Team 2, Squad 7", "Team 2, Squad 7"),
        ("Ship the importer Owners: Team 2 and Dana", "Team 2, Dana"),
        ("Ship the importer Owner: Team 2.", "Team 2"),
        ("Ship the importer Owner: Team 2 - by May", "Team 2"),
        ("Ship the importer owner: platform 2", "platform 2"),
        # A number with words after it is not the name's: the name ends before it.
        ("Owner: Dana 3 times a week", "Dana"),
        ("Ship the importer Owner: Team 2 by end of May", "Team"),
        # As before.
        ("Ship v2 Owner: Dana Whitfield", "Dana Whitfield"),
        ("Ship v2 owner: Dana to follow up", "Dana"),
        ("Ship 3 services @team2", "team2"),
        # Whatever follows the owner field: a tag, a Tasks emoji, another field.
        ("Ship 5 services Owner: Team 2 #infra", "Team 2"),
        ("Ship 5 services Owner: Team 2 📅 2025-05-30", "Team 2"),
        ("Ship 5 services Owner: Team 2 ⏫", "Team 2"),
        ("Ship 5 services Owner: Team 2 due: 2025-05-30", "Team 2"),
        ("Ship 5 services Owner: Team 2 [due:: 2025-05-30]", "Team 2"),
        ("Ship 5 services Owner: Team 2 Owner: Squad 3", "Team 2, Squad 3"),
    ],
)
def test_an_owner_name_may_end_in_a_number(text: str, owner: str):
    assert read_attributes(text).owner == owner


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Ship 3 services Owner: Team 2", 3),
        ("Ship 3 services (owner: Squad 7)", 3),
        ("Ship 3 services Owners: Team 2, Squad 7", 3),
        ("Hire 4 engineers [owner:: Team 12]", 4),
        ("Owner: Dana 3 times a week", 3),  # "3 times a week" is not the owner's: it is the goal's target
        # The owner field ends before a tag, an Obsidian Tasks emoji or another field: the number ends it.
        ("Ship 5 services Owner: Team 2 #infra", 5),
        ("Ship 5 services Owner: Team 2 📅 2025-05-30", 5),
        ("Ship 5 services Owner: Team 2 ⏫", 5),
        ("Ship 5 services Owner: Team 2 due: 2025-05-30", 5),
        ("Ship 5 services Owner: Team 2 [due:: 2025-05-30]", 5),
        ("Ship 5 services owner:: Team 2 priority:: high", 5),
        # Two owner fields: neither owner's number is a target.
        ("Ship services Owner: Team 2 Owner: Squad 3", None),
        ("Ship 5 services Owner: Team 2 Owner: Squad 3", 5),
        ("Ship the importer Owner: Team 2", None),  # the only number is the owner's
    ],
)
def test_the_owner_number_is_no_target(text: str, value: int | None):
    assert target_fields(text)["target_value"] == value


def test_the_number_the_owner_does_not_end_in_still_counts():
    """"Team 2 by end of May": the owner is Team; the 2 is no longer set aside, so two numbers, no target."""
    assert target_fields("Ship 3 services Owner: Team 2 by the end of May")["target_value"] is None


def test_sync_reads_the_owner_and_the_target(journal_dir, run, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-02")
    write(journal_dir, "entries/2025-q2.md", "# Q2 2025\n\n## Goals\n\n- [ ] Ship 3 services Owner: Team 2\n")
    run("sync")
    [goal] = json.loads(run("goals", "--json").stdout)
    assert (goal["owner"], goal["target_value"], goal["direction"]) == ("Team 2", 3, "reach")
    assert "Team 2" in run("goals", "--owner", "team 2").stdout
    assert run("stats", "--by", "owner").stdout.splitlines()[1].startswith("Team 2 ")


def test_sync_reads_the_owner_before_a_tag_and_a_due_date(journal_dir, run, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-02")
    line = "- [ ] Ship 5 services Owner: Team 2 #infra 📅 2025-05-30 ⏫\n"
    write(journal_dir, "entries/2025-q2.md", "# Q2 2025\n\n## Goals\n\n" + line)
    run("sync")
    [goal] = json.loads(run("goals", "--json").stdout)
    assert (goal["owner"], goal["target_value"], goal["tags"]) == ("Team 2", 5, ["infra"])
    assert (goal["due"], goal["priority"]) == ("2025-05-30", "high")
