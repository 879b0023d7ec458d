"""Every `[paths]` pattern journal accepts is read back: the document `journal new` writes for a period is
that period's (`list`, `show`, `add`), whatever order the pattern puts the fields in."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.config import Journal, Settings, load_settings
from journal.errors import ConfigError
from journal.obsidian import vault_paths
from journal.periods import PERIOD_KINDS, period_of
from journal.places import checked_paths, document_path, named_period, pattern_refusal
from journal.templates import default_template_for
from tests.cli.test_obsidian import cli_run
from tests.conftest import snapshot, write


def test_a_day_first_obsidian_format_is_read_back(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("JOURNAL_DIR", raising=False)
    root = tmp_path / "vault"
    write(root, ".obsidian/daily-notes.json", '{"folder": "Journal/Days", "format": "DD-MM-YYYY"}')
    init = cli_run(tmp_path, "init", "--obsidian", str(root))
    assert "  day      Journal/Days/{day}-{month}-{year}.md\n" in init.stdout and init.stderr == ""
    assert cli_run(root, "new", "today").stdout == f"{root}/Journal/Days/15-04-2025.md\n"
    listed = json.loads(cli_run(root, "list", "--json").stdout)
    assert [(row["period"], row["document"]) for row in listed] == [("2025-04-15", "Journal/Days/15-04-2025.md")]
    assert cli_run(root, "show", "today").stdout.startswith("# Tue 15 April 2025")
    added = cli_run(root, "add", "Call Ana", "--period", "today")
    assert "(Journal/Days/15-04-2025.md:" in added.stdout
    assert "- [ ] Call Ana" in (root / "Journal/Days/15-04-2025.md").read_text(encoding="utf-8")
    report = cli_run(root, "new", "today", "--template", "report", "--no-carry").stdout
    assert report == f"{root}/Journal/Days/15-04-2025-report.md\n"
    goals = json.loads(cli_run(root, "goals", "--all", "--json").stdout)
    assert [(g["text"], g["period"], g["source"]) for g in goals] == [
        ("Call Ana", "2025-04-15", "Journal/Days/15-04-2025.md")
    ]


@pytest.mark.parametrize(
    ("fmt", "note"),
    [
        ("MM-DD", "day: the name format 'MM-DD' is not one journal can read back; using {date}.md"),
        ("dddd", "day: the name format 'dddd' is not one journal can follow; using {date}.md"),
    ],
)
def test_init_obsidian_says_in_one_line_when_it_cannot_follow_a_format(tmp_path: Path, fmt: str, note: str):
    root = tmp_path / "vault"
    write(root, ".obsidian/daily-notes.json", json.dumps({"folder": "D", "format": fmt}))
    result = cli_run(tmp_path, "init", "--obsidian", str(root))
    assert result.stderr == f"Note: {note}\n"
    assert "  day      D/{date}.md\n" in result.stdout
    load_settings(root)  # the journal.toml written is one journal reads


def test_init_obsidian_does_not_keep_two_kinds_that_read_as_one(tmp_path: Path):
    root = tmp_path / "vault"
    write(root, ".obsidian/plugins/periodic-notes/data.json", '{"weekly": {"folder": "Monthly", "format": "YYYY-ww"}}')
    paths, notes = vault_paths(root)
    assert paths["week"] == "Weekly/{year}-W{week}.md" and paths["month"] == "Monthly/{year}-{month}.md"
    assert notes == [
        "week: Monthly/2025-01.md (the month 2025-01) would be read back as 2025-w01 (a week); "
        "give it a name of its own; using Weekly/{year}-W{week}.md"
    ]


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[paths]\nday = "Daily/{day}.md"\n', "[paths] day: journal could not read 'Daily/{day}.md' back (it does not"),
        ('[paths]\nweek = "W/{week}.md"\n', "use {key} or {year}, {week}"),
        ('[paths]\nmonth = "{year}-{month!s}.md"\n', "[paths] month: a field takes no format"),
        ('[paths]\nweek = "{year}-{week}.md"\n', "2025-01.md (the month 2025-01) would be read back as 2025-w01"),
    ],
)
def test_patterns_that_cannot_be_read_back_are_refused(run, journal_dir: Path, toml: str, message: str):
    (journal_dir / "journal.toml").write_text(toml, encoding="utf-8")
    before = snapshot(journal_dir)
    result = run("new", "today", expect=None)
    assert result.exit_code != 0 and len(result.stderr.splitlines()) == 1 and message in result.stderr, result.stderr
    assert snapshot(journal_dir) == before


_LITERAL = st.text(alphabet="abQWD _-./", max_size=4).map(lambda text: text.strip("/."))
_FIELDS = {
    "year": ["year", "key"],
    "half": ["year", "half", "key"],
    "quarter": ["year", "quarter", "key"],
    "month": ["year", "month", "key"],
    "week": ["year", "week", "key"],
    "day": ["year", "month", "day", "date", "key"],
}


@st.composite
def kind_and_pattern(draw) -> tuple[str, str]:
    """A [paths] pattern of some kind: fields of the kind in any order, between literal text and folders."""
    kind = draw(st.sampled_from(PERIOD_KINDS))
    fields = draw(st.lists(st.sampled_from(_FIELDS[kind]), min_size=1, max_size=4))
    pieces = [draw(_LITERAL)]
    for field in fields:
        pieces += ["{" + field + "}", draw(_LITERAL)]
    pattern = "".join(pieces).lstrip("/").replace("//", "/") + ".md"
    return kind, pattern


@settings(max_examples=300, deadline=None)
@given(kind_and_pattern(), st.dates(min_value=date(1000, 1, 8), max_value=date(9999, 12, 20)), st.booleans())
def test_the_path_new_writes_is_read_back_as_its_period(found, day: date, report: bool):
    kind, pattern = found
    table = {kind: pattern}
    try:
        paths = checked_paths(Path("journal.toml"), table)
    except ConfigError:
        assert pattern_refusal(kind, pattern) is not None or "read back" in _refusal(table)
        return
    journal = Journal(root=Path("/vault"), settings=Settings(paths=paths, entries="."))
    period = period_of(day, kind)
    template = "report" if report else default_template_for(kind)
    path = document_path(journal, period, template)
    assert named_period(journal, path) == (period, "report" if report else "")


def _refusal(table: dict[str, str]) -> str:
    try:
        checked_paths(Path("journal.toml"), table)
    except ConfigError as exc:
        return str(exc)
    return ""


def test_a_note_becomes_a_document_when_paths_come_to_name_it(run, journal_dir: Path, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    write(journal_dir, "entries/Days/15-04-2025.md", "# Tuesday\n\n- [ ] Call Ana\n")
    assert json.loads(run("goals", "--all", "--json").stdout) == []  # read once as a note, remembered as one
    with (journal_dir / "journal.toml").open("a", encoding="utf-8") as config:
        config.write('\n[paths]\nday = "Days/{day}-{month}-{year}.md"\n')
    goals = json.loads(run("goals", "--all", "--json").stdout)
    assert [(g["text"], g["period"], g["source"]) for g in goals] == [
        ("Call Ana", "2025-04-15", "entries/Days/15-04-2025.md")
    ]
