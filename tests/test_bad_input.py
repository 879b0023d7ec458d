"""Bad input: one `Error:` line on stderr, a non-zero exit code, and nothing written.

Also what must work although it looks odd (BOM, CRLF and lone-CR documents: goals found, markers
edited byte for byte, line endings kept), property tests through the command line, big and deep
documents (measured), and a journal whose folder is read-only or whose disk is full.

Commands run in-process through click's CliRunner (fast; NUL bytes can be passed), except the
size tests and the real read-only/full-disk tests, which run `journal` in a subprocess.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import functools
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.journal_factory import (
    FULL,
    JOURNAL,
    build_journal,
    copy_journal,
    disagreements,
    journal_env,
    ledger_goals,
    leftovers,
    snapshot,
    transition_problems,
    write_imports,
)

# ---------------------------------------------------------------- helpers


def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    from journal.cli import cli

    return CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)


def assert_error(result: Result, code: int | None = None, *mentions: str) -> str:
    """One line on stderr starting with 'Error:', the exit code, and the words it must hold."""
    lines = result.stderr.splitlines()
    assert result.exit_code != 0, f"exit 0 for bad input:\n{result.stdout}"
    assert len(lines) == 1 and lines[0].startswith("Error:"), f"not one Error: line:\n{result.stderr}"
    if code is not None:
        assert result.exit_code == code, f"exit {result.exit_code}, expected {code}: {lines[0]}"
    for word in mentions:
        assert word in lines[0], f"{word!r} not in {lines[0]!r}"
    return lines[0]


def assert_nothing_written(root: Path, before: dict[str, bytes]) -> None:
    now = snapshot(root)
    changed = sorted(name for name in set(now) | set(before) if now.get(name) != before.get(name))
    assert not changed, f"bad input, yet these changed: {changed}"
    assert leftovers(root) == []


@pytest.fixture(autouse=True)
def sandbox_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever happens, no test here reaches the real user data folder: home and XDG folders in tmp_path."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    for name in ("DATA", "CACHE", "CONFIG", "STATE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(home / name.lower()))


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return build_journal(tmp_path_factory.mktemp("bad-input") / "base")


@pytest.fixture
def journal(base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the base journal, JOURNAL_DIR pointing at it, synced (its cache fresh)."""
    root = copy_journal(base, tmp_path / "journal")
    monkeypatch.setenv("JOURNAL_DIR", str(root))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    assert invoke("sync").exit_code == 0
    return root


def live_id(root: Path, text: str) -> str:
    found = [
        g_id
        for g_id, g in ledger_goals(root).items()
        if g["text"] == text and g["status"] != "removed" and not g.get("carried_to")
    ]
    assert len(found) == 1, (text, found)
    return found[0]


# ---------------------------------------------------------------- periods, ids, names


@pytest.mark.parametrize(
    "args",
    [
        ["new", "q5-2025"],
        ["new", "2025-q0"],
        ["new", "2025-13"],
        ["new", "2025-w54"],
        ["new", "banana"],
        ["new", ""],
        ["new", "Q1"],
        ["new", "2025-q1-q2"],
        ["new", "2025-02-30"],
        ["goals", "--period", "next fortnight"],
        ["review", "13/2025"],
        ["stats", "--since", "soon"],
        ["export", "--period", "2025-q9"],
        ["carry", "2025-q1", "2025-qq"],
    ],
)
def test_a_malformed_period_is_an_error(journal: Path, args: list[str]):
    before = snapshot(journal)
    assert_error(invoke(*args), 2, "not a period")
    assert_nothing_written(journal, before)


def test_carrying_backwards_is_an_error(journal: Path):
    before = snapshot(journal)
    assert_error(invoke("carry", "2025-q2", "2025-q1"), 2, "not later")
    assert_nothing_written(journal, before)


@pytest.mark.parametrize(
    "args",
    [
        ["new", "../2025-q2"],
        ["new", "/2025-q2"],
        ["new", "2025-q2/../../../tmp/x"],
        ["new", "2025-q2\x00"],
        ["new", "\x002025-q2"],
        ["review", "../2025-q1"],
        ["goals", "--period", "/etc"],
        ["edit", "../../2025-q1"],
        ["new", "2025-q2", "--template", "../quarterly"],
        ["new", "2025-q2", "--template", "../../templates/quarterly"],
        ["new", "2025-q2", "--template", "/etc/passwd"],
        ["new", "2025-q2", "--template", "..\\quarterly"],
        ["new", "2025-q2", "--template", "quarterly\x00"],
        ["new", "2025-q2", "--template", "quarterly.md"],
        ["new", "2025-q2", "--template", ".hidden"],
        ["templates", "show", "../../etc/passwd"],
        ["templates", "copy", "../escape"],
        ["templates", "copy", "/tmp/escape"],
        ["templates", "copy", "week\x00ly"],
    ],
)
def test_paths_and_nul_bytes_in_period_and_template_names_are_refused(journal: Path, args: list[str]):
    before = snapshot(journal)
    assert_error(invoke(*args), 2)
    assert_nothing_written(journal, before)
    assert not (journal.parent / "tmp").exists() and not Path("/tmp/escape.md").exists()


def test_an_absolute_template_path_is_not_a_template_name(journal: Path):
    """Even the absolute path of one of the journal's own templates is refused: names only."""
    (journal / "templates" / "mine.md").write_text("# {{ period.label }}\n")
    before = snapshot(journal)
    assert_error(invoke("new", "2025-q2", "--template", str(journal / "templates" / "mine")), 2)
    assert_nothing_written(journal, before)


def test_a_period_in_front_matter_with_a_path_or_a_nul_byte_is_an_error(journal: Path):
    for value in ('"../../etc/passwd"', '"/2025-q1"', '"2025-q1\\0"'):
        (journal / "entries" / "notes.md").write_text(f"---\nperiod: {value}\n---\n# Goals\n\n- [ ] Mine\n")
        before = snapshot(journal)
        assert_error(invoke("goals"), 4, "notes.md", "period")
        assert_nothing_written(journal, before)


@pytest.mark.parametrize("command", ["done", "reopen", "start", "drop", "show"])
def test_an_id_that_matches_nothing_is_an_error(journal: Path, command: str):
    before = snapshot(journal)
    assert_error(invoke(command, "zzzzzz"), 3, "zzzzzz")
    assert_error(invoke(command, ""), 3)
    assert_nothing_written(journal, before)


@pytest.mark.parametrize("command", ["done", "reopen", "start", "drop", "show"])
def test_an_id_that_matches_several_goals_is_an_error_listing_them(journal: Path, command: str):
    ids = sorted(ledger_goals(journal))
    prefixes = {}
    for goal_id in ids:
        prefixes.setdefault(goal_id[0], []).append(goal_id)
    prefix, matching = next((p, m) for p, m in prefixes.items() if len(m) >= 2)
    before = snapshot(journal)
    line = assert_error(invoke(command, prefix), 3)
    assert all(goal_id in line for goal_id in matching[:8])
    assert_nothing_written(journal, before)


@pytest.mark.parametrize("command", ["done", "reopen", "start", "drop"])
def test_one_bad_id_among_good_ones_changes_nothing(journal: Path, command: str):
    good = [live_id(journal, "Hire a staff engineer"), live_id(journal, "Renew the on-call rotation")]
    before = snapshot(journal)
    assert_error(invoke(command, good[0], "zzzzzz", good[1]), 3, "zzzzzz")
    assert_nothing_written(journal, before)


# ---------------------------------------------------------------- broken ledger, settings, documents

LEDGER = "ledger/2025-q1.toml"


def _edit_goal_field(field: str, value: str):
    def edit(root: Path) -> None:
        path = root / LEDGER
        text = path.read_text()
        pattern = rf"(?ms)^{field} = \[.*?^\]$" if field == "history" else rf"(?m)^{field} = .*$"
        new = re.sub(pattern, f"{field} = {value}", text, count=1)
        assert new != text
        path.write_text(new)

    return edit


def _syntax_error(root: Path) -> None:
    path = root / LEDGER
    lines = path.read_text().splitlines(keepends=True)
    lines.insert(9, "status = = \n")
    path.write_text("".join(lines))


def _duplicate_across_files(root: Path) -> None:
    text = (root / LEDGER).read_text()
    first = text[text.index("[goals.") :]
    block = first[: first.index("\n[goals.", 1) + 1] if "\n[goals." in first[1:] else first
    with (root / "ledger/2024-q4.toml").open("a") as fh:
        fh.write("\n" + block)


def _duplicate_in_file(root: Path) -> None:
    text = (root / LEDGER).read_text()
    first = text[text.index("[goals.") :]
    block = first[: first.index("\n[goals.", 1) + 1]
    (root / LEDGER).write_text(text + "\n" + block)


def _not_utf8(root: Path) -> None:
    path = root / LEDGER
    path.write_bytes(path.read_bytes().replace(b'text = "', b'text = "\xff\xfe', 1))


def _not_a_period_name(root: Path) -> None:
    shutil.copy(root / LEDGER, root / "ledger/notes.toml")


def _goals_not_a_table(root: Path) -> None:
    (root / "ledger/2025-q2.toml").write_text('goals = "none"\n')


BROKEN_LEDGERS = {
    "toml syntax error": (_syntax_error, ["2025-q1.toml", "line"]),
    "wrong type: line": (_edit_goal_field("line", '"three"'), ["2025-q1.toml", "line"]),
    "wrong type: text": (_edit_goal_field("text", "42"), ["2025-q1.toml", "text"]),
    "wrong type: history": (_edit_goal_field("history", '"none"'), ["2025-q1.toml", "history"]),
    "unknown status": (_edit_goal_field("status", '"finished"'), ["2025-q1.toml", "status"]),
    "source outside entries": (_edit_goal_field("source", '"../../etc/passwd"'), ["2025-q1.toml", "source"]),
    "duplicate id across files": (_duplicate_across_files, ["2024-q4.toml", "2025-q1.toml"]),
    "duplicate id in a file": (_duplicate_in_file, ["2025-q1.toml"]),
    "not utf-8": (_not_utf8, ["2025-q1.toml", "UTF-8"]),
    "file name not a period": (_not_a_period_name, ["notes.toml"]),
    "goals not a table": (_goals_not_a_table, ["2025-q2.toml", "goals"]),
}
LEDGER_COMMANDS = [
    ["goals"],
    ["sync"],
    ["sync", "--full"],
    ["done", "ID"],
    ["new", "2025-q2"],
    ["review", "2025-q1"],
    ["carry", "2024-q4", "2025-q1"],
    ["stats"],
    ["export"],
]


@pytest.mark.parametrize("case", list(BROKEN_LEDGERS))
@pytest.mark.parametrize("args", LEDGER_COMMANDS, ids=lambda a: " ".join(a))
def test_a_broken_ledger_is_an_error_naming_it_and_nothing_is_written(journal: Path, case: str, args: list[str]):
    goal = live_id(journal, "Hire a staff engineer")
    breaker, mentions = BROKEN_LEDGERS[case]
    breaker(journal)
    before = snapshot(journal)
    args = [goal if a == "ID" else a for a in args]
    assert_error(invoke(*args, input="d\n"), 5, *mentions)
    assert_nothing_written(journal, before)


@pytest.mark.parametrize(
    "text, mentions",
    [
        ('author = "Ada\n', ["journal.toml"]),
        ("fiscal_year_start = 13\n", ["journal.toml", "fiscal_year_start"]),
        ('default_kind = "fortnight"\n', ["journal.toml", "default_kind"]),
        ('goal_words = "milestones"\n', ["journal.toml", "goal_words"]),
    ],
)
def test_broken_settings_are_an_error_naming_the_file(journal: Path, text: str, mentions: list[str]):
    (journal / "journal.toml").write_text(text)
    before = snapshot(journal)
    for args in (["goals"], ["sync"], ["new", "2025-q2"]):
        assert_error(invoke(*args), None, *mentions)
    assert_nothing_written(journal, before)


def _write(name: str, data: bytes):
    def edit(root: Path) -> None:
        (root / name).write_bytes(data)

    return edit


BROKEN_DOCUMENTS = {
    "not utf-8": (
        _write("entries/2025-q1-report.md", b"# Q1 2025\n\n## Goals\n\n- [ ] caf\xe9 au lait\n"),
        ["2025-q1-report.md:5", "UTF-8"],
    ),
    "latin-1 with a bom-like start": (
        _write("entries/2025-q1-report.md", b"\xff\xfe# Q1\n- [ ] x\n"),
        ["2025-q1-report.md", "UTF-8"],
    ),
    "utf-16": (
        _write("entries/2025-q1-report.md", "# Q1 2025\n\n- [ ] Ship\n".encode("utf-16")),
        ["2025-q1-report.md", "UTF-8"],
    ),
    "broken yaml front matter": (
        _write("entries/2025-q1-report.md", b"---\ntitle: [unclosed\n---\n# Q1\n\n- [ ] Ship\n"),
        ["2025-q1-report.md", "front matter"],
    ),
    "front matter not a mapping": (
        _write("entries/2025-q1-report.md", b"---\n- one\n- two\n---\n# Q1\n\n- [ ] Ship\n"),
        ["2025-q1-report.md", "front matter"],
    ),
    "broken front matter in crlf": (
        _write("entries/2025-q1-report.md", b"---\r\nperiod: : :\r\n  - x\r\n---\r\n- [ ] Ship\r\n"),
        ["2025-q1-report.md", "front matter"],
    ),
}
DOCUMENT_COMMANDS = [["goals"], ["sync"], ["sync", "--full"], ["done", "ID"], ["new", "2025-q2"], ["stats"]]


@pytest.mark.parametrize("case", list(BROKEN_DOCUMENTS))
@pytest.mark.parametrize("args", DOCUMENT_COMMANDS, ids=lambda a: " ".join(a))
def test_a_document_that_cannot_be_read_is_an_error_naming_it_and_nothing_is_written(
    journal: Path, case: str, args: list[str]
):
    goal = live_id(journal, "Hire a staff engineer")
    breaker, mentions = BROKEN_DOCUMENTS[case]
    breaker(journal)
    before = snapshot(journal)
    args = [goal if a == "ID" else a for a in args]
    assert_error(invoke(*args), 4, *mentions)
    assert_nothing_written(journal, before)


def test_extract_on_a_bad_document_is_an_error(journal: Path):
    bad = journal.parent / "bad.md"
    bad.write_bytes(b"- [ ] ok\n- [ ] \xc3\x28\n")
    assert_error(invoke("extract", "--json", str(bad)), 4, "bad.md:2")


# ---------------------------------------------------------------- templates

TEMPLATE_ERRORS = {
    "syntax error": ("---\nkind: quarter\n---\n# {{ period.label }\n", ["line 4"]),
    "unclosed block": ("# {{ period.label }}\n{% for g in planned %}\n- {{ g.text }}\n", ["line"]),
    "undefined variable": ("# {{ period.label }}\n\n{{ nosuchvariable }}\n", ["nosuchvariable", "line 3"]),
    "undefined attribute": ("# {{ period.nosuch }}\n", ["nosuch"]),
    "broken yaml metadata": ("---\nkind: [oops\n---\n# x\n", ["YAML"]),
    "never-closed metadata": ("---\nkind: quarter\n# x\n", ["front matter"]),
    "not utf-8": (b"# Q\xe9\n", ["UTF-8"]),
    "a runtime error": ("# {{ 1 // 0 }}\n", ["line 1"]),
    "a huge range": ("{% for i in range(10**9) %}{% endfor %}\n", ["line 1"]),
}
SANDBOX_ESCAPES = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ''|attr('__class__') }}",
    "{{ period.__class__.__init__.__globals__ }}",
    "{{ period.previous.__func__.__globals__ }}",
    "{{ period.start.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ '{0.__class__}'.format(period) }}",
    "{{ planned.__class__.__base__.__subclasses__() }}",
    "{{ (today.__reduce_ex__(2)) }}",
    "{% set x = ''.__class__ %}{{ x }}",
    "{{ self.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
]


def _template(journal: Path, body: str | bytes) -> None:
    path = journal / "templates" / "quarterly.md"
    path.write_bytes(body if isinstance(body, bytes) else body.encode())


@pytest.mark.parametrize("case", list(TEMPLATE_ERRORS))
def test_a_broken_template_is_an_error_naming_it_and_its_line(journal: Path, case: str):
    body, mentions = TEMPLATE_ERRORS[case]
    _template(journal, body)
    before = snapshot(journal)
    assert_error(invoke("new", "2025-q2"), 6, "quarterly", *mentions)
    assert_error(invoke("new", "2025-q2", "--dry-run"), 6, "quarterly")
    assert_nothing_written(journal, before)


@pytest.mark.parametrize("expression", SANDBOX_ESCAPES)
def test_the_sandbox_refuses_to_reach_python_internals(journal: Path, expression: str):
    _template(journal, f"# {{{{ period.label }}}}\n\n{expression}\n")
    before = snapshot(journal)
    result = invoke("new", "2025-q2")
    line = assert_error(result, 6, "quarterly")
    assert "sandbox" in line or "unsafe" in line or "undefined" in line, line
    for leaked in ("<class", "__builtins__", "uid=", "<built-in", "<function"):
        assert leaked not in result.stdout + result.stderr
    assert_nothing_written(journal, before)


def test_an_unknown_template_is_an_error_listing_the_known_ones(journal: Path):
    before = snapshot(journal)
    assert_error(invoke("new", "2025-q2", "--template", "nosuch"), 6, "nosuch", "quarterly")
    assert_nothing_written(journal, before)


# ---------------------------------------------------------------- odd documents that must work

STYLES = {
    "lf": ("", "\n"),
    "crlf": ("", "\r\n"),
    "cr": ("", "\r"),
    "bom-lf": ("\ufeff", "\n"),
    "bom-crlf": ("\ufeff", "\r\n"),
    "bom-cr": ("\ufeff", "\r"),
}
ODD = """\
# Q1 2025 Reflection

## Wins

## Goals for Q1 2025

- [ ] Alpha goal
- [x] Bravo goal
- Charlie goal
  - [/] Delta sub-goal

## Lessons

## Gratitude
"""


def _write_styled(path: Path, text: str, bom: str, newline: str) -> bytes:
    data = (bom + text.replace("\n", newline)).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


def _endings(data: bytes) -> set[bytes]:
    return set(re.findall(rb"\r\n|\r|\n", data))


def _one_byte_changed(before: bytes, after: bytes) -> list[int]:
    assert len(before) == len(after), "a marker change changed the length"
    return [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]


@pytest.mark.parametrize("style", list(STYLES))
def test_bom_crlf_and_lone_cr_documents_work_byte_for_byte(tmp_path: Path, monkeypatch, style: str):
    from journal.config import init_journal

    bom, newline = STYLES[style]
    root = tmp_path / "journal"
    init_journal(root)
    monkeypatch.setenv("JOURNAL_DIR", str(root))
    monkeypatch.setenv("NO_COLOR", "1")
    doc = root / "entries" / "2025-q1.md"
    original = _write_styled(doc, ODD, bom, newline)
    assert invoke("sync").exit_code == 0
    goals = {g["text"]: g for g in json.loads(invoke("goals", "--all", "--json").stdout)}
    assert {t: (g["line"], g["status"], g["kind"]) for t, g in goals.items()} == {
        "Alpha goal": (7, "open", "checkbox"),
        "Bravo goal": (8, "done", "checkbox"),
        "Charlie goal": (9, "open", "bullet"),
        "Delta sub-goal": (10, "in_progress", "checkbox"),
    }

    # A status change and back: one byte, then the original bytes.
    assert invoke("done", goals["Alpha goal"]["id"]).exit_code == 0
    changed = doc.read_bytes()
    assert len(_one_byte_changed(original, changed)) == 1
    assert changed.replace(b"[x] Alpha", b"[ ] Alpha") == original
    assert invoke("reopen", goals["Alpha goal"]["id"]).exit_code == 0
    assert doc.read_bytes() == original

    # A plain bullet gains a marker: only "[/] " is added.
    assert invoke("start", goals["Charlie goal"]["id"]).exit_code == 0
    data = doc.read_bytes()
    assert data == original.replace(b"- Charlie goal", b"- [/] Charlie goal")

    # Review answers are inserted whole, in the document's line ending; nothing else changes.
    before_review = data
    result = invoke("review", "2025-q1", input="k\nk\nk\nFirst win\nsecond line\n\n\nA lesson\n\n")
    assert result.exit_code == 0, result.stderr
    data = doc.read_bytes()
    assert data.startswith(bom.encode())
    assert _endings(data) == {newline.encode()}
    assert newline.encode().join([b"First win", b"second line"]) in data
    assert transition_problems(before_review, data, None) == []

    # `new` marks the carried goals [>] in this document: only the marker bytes change.
    before_new = data
    assert invoke("new", "2025-q2").exit_code == 0
    data = doc.read_bytes()
    assert len(data) == len(before_new)
    assert all(data[i : i + 1] == b">" for i in _one_byte_changed(before_new, data)) and data != before_new
    assert _endings(data) == {newline.encode()} and data.startswith(bom.encode())
    assert disagreements(root) == []


@pytest.mark.parametrize("style", list(STYLES))
def test_a_goal_on_the_first_line_of_a_document_can_be_changed(tmp_path: Path, monkeypatch, style: str):
    """With a byte order mark, the first line's bytes start with it: the marker edit must still find the item."""
    from journal.config import init_journal

    bom, newline = STYLES[style]
    root = tmp_path / "journal"
    init_journal(root)
    monkeypatch.setenv("JOURNAL_DIR", str(root))
    doc = root / "entries" / "2025-q1.md"
    original = _write_styled(doc, "- [ ] First line goal\n- [ ] Second\n", bom, newline)
    assert invoke("sync").exit_code == 0
    goal = next(g for g in json.loads(invoke("goals", "--json").stdout) if g["line"] == 1)
    result = invoke("done", goal["id"])
    assert result.exit_code == 0, result.stderr
    assert doc.read_bytes() == original.replace(b"[ ] First", b"[x] First")
    assert invoke("reopen", goal["id"]).exit_code == 0
    assert doc.read_bytes() == original


def test_a_bom_document_with_front_matter_works(tmp_path: Path, monkeypatch):
    from journal.config import init_journal

    root = tmp_path / "journal"
    init_journal(root)
    monkeypatch.setenv("JOURNAL_DIR", str(root))
    doc = root / "entries" / "notes.md"
    original = _write_styled(doc, "---\nperiod: 2025-q1\n---\n# Goals\n\n- [ ] Mine\n", "\ufeff", "\r\n")
    assert invoke("sync").exit_code == 0
    goals = json.loads(invoke("goals", "--json").stdout)
    assert [(g["text"], g["period"], g["line"]) for g in goals] == [("Mine", "2025-q1", 6)]
    assert invoke("done", goals[0]["id"]).exit_code == 0
    assert doc.read_bytes() == original.replace(b"[ ] Mine", b"[x] Mine")


# ---------------------------------------------------------------- properties through the command line

TEXT = st.text(
    alphabet=st.sampled_from(list("abcdefgh xyz é日本—*`_~\\!<>&#[]()'\"") + ["\u2028", "\x85", "\x0c", "\t", "🙂"]),
    min_size=1,
    max_size=24,
).filter(lambda t: t.strip() and not t.strip().startswith(("#", ">", "<", "`", "*", "-", "[")))
MARKER = st.sampled_from([" ", "x", "/", "-"])


@st.composite
def odd_documents(draw) -> tuple[bytes, str]:
    """A document mixing headings, task items (nested too), bullets, prose and code; an odd encoding."""
    bom = draw(st.sampled_from(["", "\ufeff"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    lines = [f"# Q1 2025 {draw(TEXT)}", ""]
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["goals", "wins", "prose", "code", "comment"]))
        if kind in ("goals", "wins"):
            lines += [f"## {'Goals' if kind == 'goals' else 'Wins'} {draw(TEXT)}", ""]
            for _ in range(draw(st.integers(1, 4))):
                indent = draw(st.sampled_from(["", "", "  "]))
                bullet = draw(st.sampled_from(["-", "*", "+", "1."]))
                if draw(st.booleans()):
                    lines.append(f"{indent}{bullet} [{draw(MARKER)}] {draw(TEXT)}")
                else:
                    lines.append(f"{indent}{bullet} {draw(TEXT)}")
        elif kind == "prose":
            lines += [draw(TEXT), ""]
        elif kind == "code":
            lines += ["```", f"- [ ] {draw(TEXT)}", "```"]
        else:
            lines += [f"<!-- - [ ] {draw(TEXT)} -->"]
        lines.append("")
    text = newline.join(lines)
    if draw(st.booleans()):
        text = text.rstrip(newline)
    return (bom + text).encode("utf-8"), newline


def _fresh_journal(factory) -> tuple[Path, dict[str, str]]:
    from journal.config import init_journal

    root = factory.mktemp("prop") / "journal"
    init_journal(root)
    return root, {"JOURNAL_DIR": str(root), "NO_COLOR": "1"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300), st.sampled_from(["", "\ufeff"]))
def test_any_text_document_syncs_or_is_a_clear_error(tmp_path_factory, text: str, bom: str):
    root, env = _fresh_journal(tmp_path_factory)
    try:
        data = (bom + text).encode("utf-8")
    except UnicodeEncodeError:
        return
    (root / "entries" / "2025-q1.md").write_bytes(data)
    result = invoke("sync", env=env)
    if result.exit_code != 0:
        assert_error(result, 4, "2025-q1.md")  # broken front matter: a clear error
        return
    items = json.loads(invoke("extract", "--json", str(root / "entries" / "2025-q1.md"), env=env).stdout)
    ledger = {(g["line"], g["status"]) for g in ledger_goals(root).values()}
    assert ledger == {(i["line"], i["status"]) for i in items}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(odd_documents(), st.data())
def test_status_round_trip_idempotent_sync_and_rebuild_through_the_cli(tmp_path_factory, document, data):
    raw, newline = document
    root, env = _fresh_journal(tmp_path_factory)
    doc = root / "entries" / "2025-q1.md"
    doc.write_bytes(raw)
    assert invoke("sync", env=env).exit_code == 0

    # The ledger holds what the document says.
    items = json.loads(invoke("extract", "--json", str(doc), env=env).stdout)
    goals = ledger_goals(root)
    assert sorted((g["line"], g["status"], g["kind"]) for g in goals.values()) == sorted(
        (i["line"], i["status"], i["kind"]) for i in items
    )

    # Any checkbox goal's status changed and back: the document byte for byte.
    commands = {"open": "reopen", "done": "done", "in_progress": "start", "dropped": "drop"}
    checkboxes = sorted((g["line"], g_id) for g_id, g in goals.items() if g["kind"] == "checkbox")
    if checkboxes:
        _line, goal_id = data.draw(st.sampled_from(checkboxes))
        status = goals[goal_id]["status"]
        other = data.draw(st.sampled_from(sorted(set(commands) - {status})))
        result = invoke(commands[other], goal_id, env=env)
        assert result.exit_code == 0, result.stderr
        assert len(_one_byte_changed(raw, doc.read_bytes())) == 1
        assert ledger_goals(root)[goal_id]["status"] == other
        result = invoke(commands[status], goal_id, env=env)
        assert result.exit_code == 0, result.stderr
        assert doc.read_bytes() == raw
        assert invoke(commands[other], goal_id, env=env).exit_code == 0

    # A sync run twice in a row changes nothing the second time, nor does a full one.
    invoke("sync", env=env)
    ledger_bytes = {p.name: p.read_bytes() for p in (root / "ledger").glob("*.toml")}
    assert invoke("sync", env=env).stdout == "Nothing changed.\n"
    assert invoke("sync", "--full", env=env).stdout == "Nothing changed.\n"
    assert {p.name: p.read_bytes() for p in (root / "ledger").glob("*.toml")} == ledger_bytes

    # Rebuilt from the documents: the same goals, statuses and ids.
    before = {(g_id, g["text"], g["status"], g["line"]) for g_id, g in ledger_goals(root).items()}
    shutil.rmtree(root / "ledger")
    shutil.rmtree(root / ".journal")
    (root / "ledger").mkdir()
    assert invoke("sync", env=env).exit_code == 0
    assert {(g_id, g["text"], g["status"], g["line"]) for g_id, g in ledger_goals(root).items()} == before


# ---------------------------------------------------------------- big and deep documents (measured)

# Speed targets live in benchmarks/. These tests check behaviour, and growth measured within one run:
# ten times the input may cost at most GROWTH times the time (a loaded CI machine slows both alike).
GROWTH = 30.0
HANG_GUARD = 900.0  # seconds; only so that a hung command fails this test rather than the whole run


def _timed(root: Path, *args: str) -> tuple[subprocess.CompletedProcess, float]:
    """Run journal ARGS in a subprocess; the result and the seconds it took."""
    started = time.monotonic()
    result = subprocess.run(
        [*JOURNAL, *args], capture_output=True, text=True, env=journal_env(root), timeout=HANG_GUARD
    )
    return result, time.monotonic() - started


class Refused(Exception):
    """A command refused the input with one clear Error line: an allowed outcome."""


def _step(root: Path, args: list[str], label: str, spent: list[float]) -> subprocess.CompletedProcess:
    """Run one step: exit 0, or one `Error:` line (then Refused); its time is added to ``spent``."""
    result, seconds = _timed(root, *args)
    spent.append(seconds)
    if result.returncode != 0:
        lines = result.stderr.splitlines()
        where = f"{label}: journal {' '.join(args)[:60]}"
        assert len(lines) == 1 and lines[0].startswith("Error:"), f"{where}: {result.stderr[-2000:]}"
        raise Refused(lines[0])
    return result


def _grows_at_most_linearly(tmp_path: Path, label: str, sizes: tuple[int, int], scenario) -> None:
    """``scenario(root, size, spent)`` works (or is refused) at both sizes (the larger ten times the smaller);
    the larger costs at most GROWTH times the time of the smaller."""
    small, big = sizes
    seconds = {}
    for size in sizes:
        root = build_journal(tmp_path / f"journal-{size}", sync=False)
        spent: list[float] = []
        try:
            scenario(root, size, spent)
            outcome = "worked"
        except Refused as refused:
            outcome = f"refused: {refused}"
        seconds[size] = sum(spent)
        print(f"\n[{label}, {size:,}] {outcome} in {seconds[size]:.1f} s")
    ratio = seconds[big] / seconds[small]
    assert ratio <= GROWTH, (
        f"{label}: {big:,} took {seconds[big]:.1f} s, {ratio:.0f}x the {seconds[small]:.1f} s of {small:,}"
    )


@pytest.mark.faults
def test_a_50_mb_document_works_or_is_refused_and_time_grows_reasonably(tmp_path: Path):
    size = (50 if FULL else 5) * 1024 * 1024
    paragraph = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. " * 6
    head = "# Q2 2025\n\n## Goals\n\n- [ ] Ship the big one\n- [ ] And another\n\n## Notes\n\n"

    def scenario(root: Path, size: int, spent: list[float]) -> None:
        body = (paragraph + "\n\n") * (size // (len(paragraph) + 2))
        (root / "entries" / "2025-q2.md").write_text(head + body)
        label = f"{size >> 20} MB document"
        _step(root, ["sync"], label, spent)
        goal = next(g_id for g_id, g in ledger_goals(root).items() if g["text"] == "Ship the big one")
        for args in (["goals", "--json"], ["done", goal], ["sync"]):
            _step(root, args, label, spent)
        assert disagreements(root) == []

    _grows_at_most_linearly(tmp_path, "big document (bytes)", (size // 10, size), scenario)


@pytest.mark.faults
def test_a_100000_line_list_works_or_is_refused_and_time_grows_reasonably(tmp_path: Path):
    count = 100_000 if FULL else 10_000

    def scenario(root: Path, count: int, spent: list[float]) -> None:
        lines = [f"- [ ] Goal number {n}" for n in range(count)]
        (root / "entries" / "2025-q2.md").write_text("# Q2 2025\n\n## Goals\n\n" + "\n".join(lines) + "\n")
        label = f"{count:,}-line list"
        _step(root, ["sync"], label, spent)
        goal = next(g_id for g_id, g in ledger_goals(root).items() if g["text"] == f"Goal number {count // 2}")
        listed = _step(root, ["goals", "--json"], label, spent)
        assert sum(g["text"].startswith("Goal number ") for g in json.loads(listed.stdout)) == count
        _step(root, ["done", goal], label, spent)
        _step(root, ["goals"], label, spent)
        assert ledger_goals(root)[goal]["status"] == "done"

    _grows_at_most_linearly(tmp_path, "task list (lines)", (count // 10, count), scenario)


@pytest.mark.parametrize("depth", [12, 40])
def test_every_task_item_of_a_deeply_nested_list_counts_or_it_is_an_error(tmp_path: Path, monkeypatch, depth: int):
    """README: every task item counts, at any depth. None may be lost without a word."""
    from journal.config import init_journal

    root = tmp_path / "journal"
    init_journal(root)
    monkeypatch.setenv("JOURNAL_DIR", str(root))
    lines = ["# Q1 2025", "", "## Goals", ""] + ["  " * n + f"- [ ] Level {n}" for n in range(depth)]
    (root / "entries" / "2025-q1.md").write_text("\n".join(lines) + "\n")
    result = invoke("sync")
    if result.exit_code != 0:
        assert_error(result, None, "2025-q1.md")
        return
    texts = sorted(g["text"] for g in ledger_goals(root).values())
    assert texts == sorted(f"Level {n}" for n in range(depth)), f"found {len(texts)} of {depth}: {texts[-3:]}"


@pytest.mark.faults
def test_a_very_deep_list_works_or_is_refused_and_time_grows_reasonably(tmp_path: Path):
    depth = 5000 if FULL else 1000

    def scenario(root: Path, depth: int, spent: list[float]) -> None:
        lines = ["# Q2 2025", "", "## Goals", ""] + ["  " * n + f"- [ ] Level {n}" for n in range(depth)]
        (root / "entries" / "2025-q2.md").write_text("\n".join(lines) + "\n")
        for args in (["sync"], ["goals", "--json"]):
            _step(root, args, f"list {depth} levels deep", spent)

    _grows_at_most_linearly(tmp_path, "nested list (levels)", (depth // 10, depth), scenario)


# ---------------------------------------------------------------- read-only folder, full disk

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


@contextlib.contextmanager
def failing_writes(root: Path, code: int, *, after: int = 0):  # noqa: C901 - a fake file system with one branch per way a write can fail
    """Every write under ``root`` fails with ``code`` (EROFS: a read-only folder; ENOSPC: a full disk),
    once ``after`` writes have gone through."""
    root = root.resolve()
    real = {
        "os.open": os.open,
        "io.open": io.open,
        "os.mkdir": os.mkdir,
        "os.replace": os.replace,
        "os.rename": os.rename,
        "os.chmod": os.chmod,
        "os.fsync": os.fsync,
    }
    budget = [after]

    def inside(path) -> bool:
        if isinstance(path, int):
            try:
                path = os.readlink(f"/proc/self/fd/{path}")
            except OSError:
                return True
        try:
            return Path(os.path.abspath(os.fsdecode(path))).is_relative_to(root)
        except (TypeError, ValueError):
            return False

    def fail(path):
        if budget[0] > 0:
            budget[0] -= 1
            return
        raise OSError(code, os.strerror(code), os.fsdecode(path) if not isinstance(path, int) else None)

    def os_open(path, flags, *args, **kwargs):
        # The lock file exists already: opening it on a full disk works; on a read-only one it does not.
        lock = str(path).endswith(os.sep + "lock") and code != errno.EROFS
        if flags & WRITE_FLAGS and inside(path) and not lock:
            fail(path)
        return real["os.open"](path, flags, *args, **kwargs)

    def io_open(file, mode="r", *args, **kwargs):
        if any(c in mode for c in "wax+") and inside(file):
            fail(file)
        return real["io.open"](file, mode, *args, **kwargs)

    def one_path(name):
        def patched(path, *args, **kwargs):
            if inside(path):
                fail(path)
            return real[name](path, *args, **kwargs)

        return patched

    def two_paths(name):
        def patched(source, target, *args, **kwargs):
            if inside(target):
                fail(target)
            return real[name](source, target, *args, **kwargs)

        return patched

    def fsync(fd):
        if code == errno.ENOSPC and inside(fd):
            fail(fd)
        return real["os.fsync"](fd)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "open", os_open)
        patch.setattr(io, "open", io_open)
        patch.setattr(builtins, "open", io_open)
        patch.setattr(os, "mkdir", one_path("os.mkdir"))
        patch.setattr(os, "chmod", one_path("os.chmod"))
        patch.setattr(os, "replace", two_paths("os.replace"))
        patch.setattr(os, "rename", two_paths("os.rename"))
        patch.setattr(os, "fsync", fsync)
        yield


def _writing_commands(root: Path, imports: Path) -> list[tuple[list[str], str | None]]:
    ids = [live_id(root, "Hire a staff engineer"), live_id(root, "Finish the budget")]
    return [
        (["sync"], None),
        (["done", ids[0]], None),
        (["drop", "--reason", "later", ids[1]], None),
        (["new", "2025-q2"], None),
        (["review", "2025-q1"], "d\nk\nk\nk\nk\nk\nk\nk\nk\nAn answer\n\n"),
        (["carry", "2024-q4", "2025-q1"], None),
        (["templates", "copy", "weekly"], None),
        (["config", "set", "author", "Bo"], None),
        (["import", str(imports)], None),
        (["init", str(root / "sub")], None),
    ]


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES, errno.ENOSPC], ids=["read-only", "no-access", "disk-full"])
def test_when_every_write_fails_each_command_says_so_and_writes_nothing(journal: Path, monkeypatch, code: int):
    imports = write_imports(journal.parent / "imports")
    # A document edited by the user, so that sync has something to write.
    q1 = journal / "entries/2025-q1.md"
    q1.write_bytes(q1.read_bytes().replace(b"- [ ] Publish", b"- [x] Publish"))
    failures = []
    for args, answers in _writing_commands(journal, imports):
        before = snapshot(journal)
        with failing_writes(journal, code):
            try:
                result = invoke(*args, input=answers)
            except Exception as exc:  # noqa: BLE001 - a traceback is the failure being tested for
                failures.append(f"{' '.join(args)}: {type(exc).__name__}: {exc}")
                continue
        lines = result.stderr.splitlines()
        if result.exit_code == 0 or len(lines) != 1 or not lines[0].startswith("Error:"):
            failures.append(f"{' '.join(args)}: exit {result.exit_code}, stderr {result.stderr!r}")
        now = snapshot(journal)
        changed = sorted(n for n in set(now) | set(before) if now.get(n) != before.get(n))
        if changed or leftovers(journal):
            failures.append(f"{' '.join(args)}: wrote {changed} {leftovers(journal)}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("after", [1, 2, 3, 4])
@pytest.mark.parametrize("command", ["done", "new", "review", "sync"])
def test_a_disk_that_fills_up_half_way_leaves_no_partial_file(journal: Path, monkeypatch, command: str, after: int):
    """The k-th write fails: the command says so, every file is its old or a whole new version, and
    once there is space again the next sync brings the ledger in line with the documents."""
    q1 = journal / "entries/2025-q1.md"
    args = {
        "done": ["done", live_id(journal, "Hire a staff engineer"), live_id(journal, "Finish the budget")],
        "new": ["new", "2025-q2"],
        "review": ["review", "2025-q1"],
        "sync": ["sync"],
    }[command]
    if command == "sync":
        q1.write_bytes(q1.read_bytes().replace(b"- [ ] Publish", b"- [x] Publish") + b"- [ ] New one\r\n")
    before = snapshot(journal)
    with failing_writes(journal, errno.ENOSPC, after=after):
        result = invoke(*args, input="d\nx\nwhy\nd\nk\nk\nk\nk\nk\nAn answer\n\n")
    if result.exit_code == 0:
        return  # fewer writes than ``after``: nothing failed
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:") and "No space left" in lines[0], result.stderr
    now = snapshot(journal)
    for name, data in now.items():
        if name in before:
            if name.startswith("entries/"):
                assert transition_problems(before[name], data, None) == [], name
            elif name.startswith("ledger/"):
                ledger_goals(journal)  # parses
        else:
            assert name.startswith(("entries/", "ledger/")), name
    assert leftovers(journal) == []
    assert invoke("sync").exit_code == 0
    assert disagreements(journal) == []


def test_init_where_a_folder_cannot_be_made_is_an_error(tmp_path: Path):
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder\n")
    result = invoke("init", str(a_file / "journal"))
    assert_error(result)
    result = invoke("--dir", str(a_file / "journal"), "new", "2025-q2")
    assert_error(result)


@functools.cache
def _can_mount() -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    probe = Path(tempfile.mkdtemp())
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(probe)], capture_output=True)
        if done.returncode != 0:
            return False
        subprocess.run(["umount", str(probe)], check=True)
        return True
    finally:
        probe.rmdir()


@contextlib.contextmanager
def really_read_only(root: Path):
    """``root`` read-only for real: chmod when not root, a read-only bind mount as root."""
    if os.geteuid() != 0:
        folders = [root, *(p for p in root.rglob("*") if p.is_dir())]
        for folder in folders:
            folder.chmod(0o500)
        try:
            yield
        finally:
            for folder in folders:
                folder.chmod(0o700)
        return
    if not _can_mount():
        pytest.skip("root without mount: a read-only folder cannot be made")
    subprocess.run(["mount", "--bind", str(root), str(root)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(root)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(root)], check=True)


def test_a_really_read_only_journal_refuses_writes_and_still_lists_goals(tmp_path: Path):
    root = build_journal(tmp_path / "journal")
    imports = write_imports(tmp_path / "imports")
    ids = [live_id(root, "Hire a staff engineer")]
    before = snapshot(root, state=True)
    with really_read_only(root):
        listed = subprocess.run([*JOURNAL, "goals", "--json"], capture_output=True, text=True, env=journal_env(root))
        assert listed.returncode == 0 and json.loads(listed.stdout), listed.stderr
        for args in (["done", ids[0]], ["new", "2025-q2"], ["import", str(imports)], ["config", "set", "author", "B"]):
            result = subprocess.run([*JOURNAL, *args], capture_output=True, text=True, env=journal_env(root))
            lines = result.stderr.splitlines()
            assert result.returncode != 0 and len(lines) == 1 and lines[0].startswith("Error:"), (args, result.stderr)
    assert snapshot(root, state=True) == before


def test_a_really_full_disk_refuses_writes_and_leaves_no_partial_file(tmp_path: Path):
    if not _can_mount():
        pytest.skip("needs root and mount for a small tmpfs")
    built = build_journal(tmp_path / "built")
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount)], check=True)
    try:
        root = copy_journal(built, mount / "journal")
        subprocess.run([*JOURNAL, "sync"], env=journal_env(root), check=True, capture_output=True)
        goal = live_id(root, "Hire a staff engineer")
        with contextlib.suppress(OSError), (mount / "filler").open("wb") as filler:
            while True:
                filler.write(b"\0" * 4096)
                filler.flush()
        before = snapshot(root, state=True)
        for args in (["done", goal], ["new", "2025-q2"], ["review", "2025-q1"]):
            result = subprocess.run(
                [*JOURNAL, *args], input="d\n", capture_output=True, text=True, env=journal_env(root)
            )
            lines = result.stderr.splitlines()
            assert result.returncode != 0, (args, result.stdout)
            assert len(lines) == 1 and lines[0].startswith("Error:"), (args, result.stderr)
            assert snapshot(root) == {k: v for k, v in before.items() if not k.startswith(".journal/")}, args
            assert leftovers(root) == []
        (mount / "filler").unlink()
        done = subprocess.run([*JOURNAL, "done", goal], capture_output=True, text=True, env=journal_env(root))
        assert done.returncode == 0, done.stderr
        assert disagreements(root) == []
    finally:
        subprocess.run(["umount", str(mount)], check=True)
