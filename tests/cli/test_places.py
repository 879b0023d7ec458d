"""Documents where people keep them (issue 11, item 1): any case, subfolders, front matter, [paths], entries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journal.config import Journal, load_settings
from journal.errors import ConfigError
from journal.periods import from_key, period_from_filename
from journal.places import document_path, period_documents
from tests.conftest import snapshot, write

GOALS = "# {title}\n\n## Goals\n\n- [ ] {goal}\n"


def goal_sources(run) -> dict[str, str]:
    return {g["text"]: g["source"] for g in json.loads(run("goals", "--all", "--json").stdout)}


def test_obsidian_names_and_subfolders_are_documents(run, journal_dir: Path):
    write(journal_dir, "entries/Quarterly/2025-Q3.md", GOALS.format(title="Q3", goal="Quarter goal"))
    write(journal_dir, "entries/2025-Q4.md", GOALS.format(title="Q4", goal="Upper case"))
    write(journal_dir, "entries/Weekly/2025-W03.md", GOALS.format(title="W3", goal="Week goal"))
    write(journal_dir, "entries/Daily/2025-01-05.md", GOALS.format(title="Sunday", goal="Day goal"))
    write(journal_dir, "entries/notes/standup.md", "---\nperiod: 2025-03\n---\n# Standups\n\n- [ ] Month goal\n")
    result = run("sync")
    assert result.stderr == ""
    assert goal_sources(run) == {
        "Quarter goal": "entries/Quarterly/2025-Q3.md",
        "Upper case": "entries/2025-Q4.md",
        "Week goal": "entries/Weekly/2025-W03.md",
        "Day goal": "entries/Daily/2025-01-05.md",
        "Month goal": "entries/notes/standup.md",
    }
    periods = {g["text"]: g["period"] for g in json.loads(run("goals", "--all", "--json").stdout)}
    assert periods == {
        "Quarter goal": "2025-q3",
        "Upper case": "2025-q4",
        "Week goal": "2025-w03",
        "Day goal": "2025-01-05",
        "Month goal": "2025-03",
    }


def test_unrelated_notes_are_left_alone_without_a_warning(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", GOALS.format(title="Q1", goal="Ship"))
    write(journal_dir, "entries/ideas/garden.md", "# Garden\n\n- [ ] Plant tulips\n")
    before = (journal_dir / "entries/ideas/garden.md").read_bytes()
    first = run("goals")
    assert first.stderr == "" and "Plant tulips" not in first.stdout
    assert run("goals").stderr == ""  # and not on the next command either
    assert (journal_dir / "entries/ideas/garden.md").read_bytes() == before
    # Giving it a period in its front matter makes it one.
    write(journal_dir, "entries/ideas/garden.md", "---\nperiod: Q2 2025\n---\n# Garden\n\n- [ ] Plant tulips\n")
    assert goal_sources(run)["Plant tulips"] == "entries/ideas/garden.md"


def test_paths_decide_where_new_writes(run, journal_dir: Path, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    (journal_dir / "journal.toml").write_text(
        '[paths]\nquarter = "Quarterly/{year}-Q{quarter}.md"\nday = "Daily/{year}/{date}.md"\n'
        'week = "Weekly/{year}-W{week}.md"\nmonth = "Monthly/{year}-{month}.md"\n',
        encoding="utf-8",
    )
    assert run("new", "q2-2025").stdout == f"{journal_dir}/entries/Quarterly/2025-Q2.md\n"
    assert run("new", "today").stdout == f"{journal_dir}/entries/Daily/2025/2025-04-15.md\n"
    assert run("new", "this week").stdout == f"{journal_dir}/entries/Weekly/2025-W16.md\n"
    assert run("new", "2025-04").stdout == f"{journal_dir}/entries/Monthly/2025-04.md\n"
    assert run("new", "q2-2025", "--template", "report").stdout == (
        f"{journal_dir}/entries/Quarterly/2025-Q2-report.md\n"
    )
    assert run("new", "2025", "--no-carry").stdout == f"{journal_dir}/entries/2025.md\n"  # no pattern: today's names
    # A second `new` finds the document where [paths] put it.
    assert "already exists" in run("new", "q2-2025", expect=2).stderr
    assert [row["document"] for row in json.loads(run("list", "--json").stdout)] == [
        "entries/2025.md",
        "entries/Quarterly/2025-Q2-report.md",
        "entries/Quarterly/2025-Q2.md",
        "entries/Monthly/2025-04.md",
        "entries/Weekly/2025-W16.md",
        "entries/Daily/2025/2025-04-15.md",
    ]


def test_document_path_core(tmp_path: Path):
    (tmp_path / "journal.toml").write_text('[paths]\nquarter = "Q/{key}-{year}-Q{quarter}.md"\n', encoding="utf-8")
    journal = Journal(root=tmp_path, settings=load_settings(tmp_path))
    q1 = from_key("2025-q1")
    assert document_path(journal, q1, "quarterly") == tmp_path / "entries/Q/2025-q1-2025-Q1.md"
    assert document_path(journal, q1, "report") == tmp_path / "entries/Q/2025-q1-2025-Q1-report.md"
    assert document_path(journal, from_key("2025-03-14"), "daily") == tmp_path / "entries/2025-03-14.md"
    assert period_documents(journal, q1) == []


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[paths]\nfortnight = "x.md"\n', "[paths] 'fortnight' is not a period kind"),
        ('[paths]\nquarter = "Q/{year}-Q{quarter}.txt"\n', "[paths] quarter must be a relative path ending in .md"),
        ('[paths]\nquarter = "../{key}.md"\n', "[paths] quarter must be a relative path ending in .md"),
        ('[paths]\nquarter = "/abs/{key}.md"\n', "[paths] quarter must be a relative path ending in .md"),
        ('[paths]\nquarter = "{year}-{week}.md"\n', "[paths] quarter: {week} is not one of {year}, {quarter}, {key}"),
        ('[paths]\nday = "{date.md"\n', "[paths] day: unbalanced braces"),
        ('paths = "Daily"\n', "'paths' must be a table"),
        ('entries = "../elsewhere"\n', "'entries' must be a folder relative to the journal"),
    ],
)
def test_bad_paths_are_one_line_errors_that_change_nothing(run, journal_dir: Path, toml: str, message: str):
    (journal_dir / "journal.toml").write_text(toml, encoding="utf-8")
    before = snapshot(journal_dir)
    result = run("new", "q1-2025", expect=None)
    assert result.exit_code != 0
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr, result.stderr
    assert snapshot(journal_dir) == before
    with pytest.raises(ConfigError):
        load_settings(journal_dir)


@pytest.mark.parametrize(
    ("stem", "key", "template"),
    [
        ("2025-Q4", "2025-q4", ""),
        ("2025-W03", "2025-w03", ""),
        ("2025-01-05", "2025-01-05", ""),
        ("2025-H1", "2025-h1", ""),
        ("2025-Q4-report", "2025-q4", "report"),
        ("2025-03-14-standup", "2025-03-14", "standup"),
    ],
)
def test_file_names_in_any_case(stem: str, key: str, template: str):
    found = period_from_filename(stem)
    assert found is not None and (found[0].key, found[1]) == (key, template)


@pytest.mark.parametrize("toml", ["", '[paths]\nquarter = "Quarterly/{year}-Q{quarter}.md"\n'])
def test_period_documents_finds_by_name_and_front_matter(tmp_path: Path, toml: str):
    # Each document of a period, whatever names it: the main one first, then by name; what the one-by-one
    # reading of each document's period (named_period, else its front matter) gives.
    from journal.name_periods import NamePeriods
    from journal.places import named_period
    from journal.sync import document_period, scan_documents

    (tmp_path / "journal.toml").write_text(toml, encoding="utf-8")
    (tmp_path / ".journal").mkdir()
    journal = Journal(root=tmp_path, settings=load_settings(tmp_path))
    names = [
        "entries/2025-q2.md", "entries/2025-Q2-report.md", "entries/Quarterly/2025-Q2.md", "entries/a.b/2025-q2.md",
        "entries/2025-q3.md", "entries/2025-04.md", "entries/2025-q9.md", "entries/notes/plan.md",
        "entries/notes/other.md", "entries/2025-q2.notes.md", "entries/.hidden.md",
    ]  # fmt: skip
    for name in names:
        front = "---\nperiod: 2025-q2\n---\n" if name.endswith("plan.md") else ""
        write(tmp_path, name, front + "# Notes\n")
    for key in ("2025-q2", "2025-q3", "2025-04", "2025"):
        period = from_key(key)
        found = period_documents(journal, period)
        expected = []
        for name in scan_documents(journal):
            path = tmp_path / name
            named = named_period(journal, path)
            if (named[0] if named else document_period(journal, path, path.read_text(encoding="utf-8"))) == period:
                expected.append(path)
        assert sorted(found) == sorted(expected)
        assert found == period_documents(journal, period, scan_documents(journal))
        for _ in range(2):  # what each name names asked, then kept in .journal/names.marshal
            names = NamePeriods(journal)
            assert period_documents(journal, period, scan_documents(journal), names) == found
            names.save(scan_documents(journal))
    if not toml:
        assert (tmp_path / ".journal" / "names.marshal").is_file()
    q2 = period_documents(journal, from_key("2025-q2"))
    assert q2[0] == document_path(journal, from_key("2025-q2"), "quarterly")
    assert tmp_path / "entries/notes/plan.md" in q2
