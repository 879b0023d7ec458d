"""Hostile input: whatever is in the journal's files, every command ends in a documented way.

Hypothesis writes documents, front matter, ledger files, journal.toml and templates built from a
grammar of hostile pieces (control characters, rich-markup-looking brackets, git conflict
markers, YAML tags and anchors, bounded huge repeats, NUL bytes, CR/CRLF, byte order marks,
invalid UTF-8, deep nesting) into a copy of a small realistic journal, then runs each command
in-process (click's CliRunner) and checks what a user can see:

- no traceback: the exit code is 0 or a documented one (2-8), never 1, never an exception;
- a failed command prints exactly one line on stderr, starting with ``Error:``
  (warnings on success are allowed);
- a failed command changes no file under the journal (the derived ``.journal/`` aside);
- a successful command leaves every ledger file it wrote parseable (tomllib), and a document holding
  a git conflict is refused by ``sync`` (README, "Data safety").

A failure names the command, what went wrong, its output and, for an exception or an internal
error, the traceback (from a second run with --debug), and hypothesis prints the files written.
Counts: ``HOSTILE_EXAMPLES`` (25) per command group in the default run (derandomized when ``CI``
is set); the long run (``JOURNAL_FAULT_RUNS=200 python -m pytest -m faults``) uses ten times as many.
"""

from __future__ import annotations

import os
import re
import shutil
import tomllib
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from tests.journal_factory import DOCUMENTS, RUNS, write_documents

DOCUMENTED_EXIT_CODES = {0, 2, 3, 4, 5, 6, 7, 8}
EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "25"))
settings.register_profile(
    "hostile",
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],  # no "explain": slow here
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "hostile-faults",
    parent=settings.get_profile("hostile"),
    max_examples=EXAMPLES * RUNS // 20,  # ten times the default run at JOURNAL_FAULT_RUNS=200
)

# ---------------------------------------------------------------- the grammar

CONTROL = ["\x00", "\x07", "\x08", "\x1b[2J", "\x1b]0;owned\x07", "\x1b[31m", "\x7f", "\x85", "\x9b", "\u202e",
           "\u2066", "\t", "\v", "\f", "\u2028", "\ufeff"]  # fmt: skip
MARKUP = ["[/]", "[bold]", "[/bold]", "[link=https://x.example]click[/link]", "[v2]", "[owner]", "[red]", "\\[x]",
          "[[", "]]", "{{ }}", "{% %}", "<script>alert(1)</script>", '=HYPERLINK("http://x")',
          "@SUM(A1)"]  # fmt: skip
YAMLISH = ["!!int abc", "!!float abc", "!!timestamp 2025-13-01", "!!bool maybe", "!!python/object:os.system x",
           "&a", "*a", "&a [x, x]", "*nope", "2023-02-29", "? key", ": value", "- item", "{a: [b]}", "|", ">-",
           "%YAML 1.1", "---", "...", "'unclosed", '"\\xff"']  # fmt: skip
CONFLICT = ["<<<<<<< HEAD", "=======", ">>>>>>> their-branch", "||||||| base"]
WORDS = ["Ship", "the", "Goals", "Q1 2025", "Priorities", "k7f3", "- [ ]", "[x]", "[-]", "✅ 2025-01-02", "🚀",
         "é", "ß", "中文", "#tag", "@owner", "due:2025-02-30", "1.", "*", "`code`", "**bold**", "|", "\\"]  # fmt: skip


def repeat(piece: str, count: int) -> str:
    return piece * count


PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(CONTROL),
    st.sampled_from(MARKUP),
    st.sampled_from(YAMLISH),
    st.sampled_from(CONFLICT),
    st.builds(repeat, st.sampled_from(["a", "[", "{", "- ", "> ", "  ", "9", "x "]), st.integers(50, 3000)),
    st.text(max_size=12),
)


BENIGN = st.sampled_from(["Ship", "the", "migration", "guide", "v2", "Hire", "two", "engineers", "by", "March"])


@st.composite
def hostile_text(draw, max_pieces: int = 6) -> str:
    """A short run of words, some of them hostile pieces (one line, mostly)."""
    return " ".join(draw(st.lists(st.one_of(BENIGN, BENIGN, PIECES), min_size=1, max_size=max_pieces)))


@st.composite
def document_lines(draw) -> list[str]:
    """Lines of a Markdown document: headings, goals, bullets, code, tables, quotes, conflicts, nesting."""
    lines: list[str] = ["## Goals", "", "- [ ] Ship the migration guide", "- [x] Hire two engineers", ""]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(
            st.sampled_from(
                ["heading", "goals", "task", "bullet", "code", "table", "quote", "conflict", "deep", "raw", "blank"]
            )
        )
        text = draw(hostile_text())
        if kind == "heading":
            lines.append(f"{draw(st.sampled_from(['#', '##', '###']))} {draw(st.sampled_from(['Goals', 'Q2 2025 Priorities', 'Next Quarter Goals', 'Wins']))} {text}")  # noqa: E501
        elif kind == "goals":
            lines += ["## Goals", ""]
            marker = draw(st.sampled_from([" ", "x", "X", "/", ">", "-", "?", ""]))
            lines += [f"- [{marker}] {draw(hostile_text())}" for _ in range(draw(st.integers(1, 4)))]
        elif kind == "task":
            prefix = draw(st.sampled_from(["- ", "* ", "+ ", "1. ", "- - ", "  - ", "\t- ", "-\t", ">  - "]))
            lines.append(f"{prefix}[{draw(st.sampled_from([' ', 'x', '/', '-', '>']))}] {text}")
        elif kind == "bullet":
            lines.append(f"- {text}")
        elif kind == "code":
            fence = draw(st.sampled_from(["```", "~~~", "````"]))
            lines += [fence, f"- [ ] {text}", draw(st.sampled_from([fence, ""]))]
        elif kind == "table":
            lines += [f"| Metric | Q3 2025 | {text} |", "|---|---|---|", f"| x | 1 | {draw(hostile_text())} |"]
        elif kind == "quote":
            lines.append("> " * draw(st.one_of(st.integers(1, 5), st.integers(1, 300))) + f"- [ ] {text}")
        elif kind == "conflict":
            lines += ["<<<<<<< HEAD", f"- [ ] {text}", "=======", f"- [x] {text}", ">>>>>>> their-branch"]
        elif kind == "deep":
            depth = draw(st.one_of(st.integers(1, 20), st.integers(1, 200)))
            lines += ["  " * level + f"- [ ] level {level}" for level in range(depth)]
        elif kind == "raw":
            lines.append(text)
        else:
            lines.append("")
    return lines


@st.composite
def front_matter(draw) -> str:
    """A front matter block, well-formed or not."""
    entries = []
    for _ in range(draw(st.integers(0, 4))):
        key = draw(st.sampled_from(["period", "title", "date", "template", "tags", "x", "description", "prompts"]))
        value = draw(
            st.one_of(
                st.sampled_from(["2025-q2", "2025-Q1", "q5-2025", "2025-13", "null", "[2025-q1]", "{a: [b]}"]),
                st.sampled_from(YAMLISH),
                hostile_text(max_pieces=3),
            )
        )
        entries.append(f"{key}: {value}")
    if draw(st.booleans()):
        levels = draw(st.integers(1, 4))
        entries.append("a: &a [" + ", ".join(["x"] * levels) + "]")
        entries += [f"{name}: &{name} [" + ", ".join([f"*{previous}"] * levels) + "]"
                    for previous, name in zip("abc", "bcd", strict=False)]  # fmt: skip
        entries.append(f"period: *{draw(st.sampled_from('abcd'))}")
    if draw(st.booleans()):
        entries.append("n: " + "[" * draw(st.integers(10, 3000)))
    closing = draw(st.sampled_from(["---", "---", "...", ""]))
    return "---\n" + "\n".join(entries) + f"\n{closing}\n"


@st.composite
def encode(draw, lines: list[str]) -> bytes:
    """Join ``lines`` with a line ending, maybe a BOM, maybe bytes that are not UTF-8."""
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(lines) + draw(st.sampled_from([newline, ""]))
    data = (draw(st.sampled_from(["", "\ufeff"])) + text).encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\x80", b"\x00"])) + data[at:]
    return data


@st.composite
def hostile_document(draw) -> bytes:
    """A new document: a title, hostile lines, maybe front matter."""
    lines = [f"# Q2 2025 {draw(hostile_text(max_pieces=2))}", "", *draw(document_lines())]
    if draw(st.booleans()):
        lines = [*draw(front_matter()).split("\n")[:-1], *lines]
    return draw(encode(lines))


@st.composite
def edited_document(draw, original: str) -> bytes:
    """One of the journal's own documents with hostile lines inserted somewhere."""
    lines = original.split("\n")
    at = draw(st.integers(0, len(lines)))
    lines[at:at] = draw(document_lines())
    return draw(encode(lines))


@st.composite
def ledger_edit(draw, text: str) -> bytes:
    """A hand edit of a ledger file: a hostile value, a broken line, a re-encoding."""
    lines = text.split("\n")
    kind = draw(st.sampled_from(["value", "insert", "table", "number", "nesting", "conflict", "status", "drop",
                                 "layout", "layout"]))  # fmt: skip
    if kind == "layout":
        how = draw(st.sampled_from(["dotted", "inline", "array-of-tables"]))
        return draw(encode(hand_layout(text, how).split("\n")))
    if kind == "value":
        candidates = [n for n, line in enumerate(lines) if line.startswith(("text = ", "section = ", "note = "))]
        if candidates:
            n = draw(st.sampled_from(candidates))
            key = lines[n].split(" = ")[0]
            lines[n] = f"{key} = {tomlish(draw(hostile_text()))}"
    elif kind == "insert":
        lines.insert(draw(st.integers(0, len(lines))), draw(hostile_text()))
    elif kind == "table":
        goal = draw(st.sampled_from(["x", "ab", "zz9", "1", "a.b", '"q"']))
        status = draw(st.sampled_from(['"open"', '"done"', '"weird"', "1", "[]"]))
        lines += ["", f"[goals.{goal}]", f"text = {tomlish(draw(hostile_text()))}", f"status = {status}"]
    elif kind == "number":
        lines.append("n = " + "9" * draw(st.integers(20, 5000)))
    elif kind == "nesting":
        lines.append("n = " + "[" * draw(st.integers(10, 3000)))
    elif kind == "conflict":
        at = draw(st.integers(0, len(lines)))
        lines[at:at] = ["<<<<<<< HEAD", 'note = "mine"', "=======", 'note = "theirs"', ">>>>>>> other"]
    elif kind == "status":
        candidates = [n for n, line in enumerate(lines) if line.startswith("status = ")]
        if candidates:
            value = draw(st.sampled_from(['"weird"', '"DONE"', "1", '""', '"removed"', '"carried"']))
            lines[draw(st.sampled_from(candidates))] = f"status = {value}"
    else:
        candidates = [n for n, line in enumerate(lines) if " = " in line]
        if candidates:
            del lines[draw(st.sampled_from(candidates))]
    return draw(encode(lines))


def hand_layout(text: str, how: str) -> str:
    """The same ledger in a valid layout people write by hand: dotted keys, an inline table, arrays of tables."""
    if how in ("dotted", "inline"):
        match = re.search(r"^\[documents\]\n((?:.+\n)*)", text, re.MULTILINE)
        if match is None:
            return text
        pairs = match.group(1).splitlines()
        if how == "dotted":
            replacement = "".join(f"documents.{pair}\n" for pair in pairs)
        else:
            replacement = "documents = {" + ", ".join(pairs) + "}\n"
        return text[: match.start()] + replacement + text[match.end() :]

    def tables(match: re.Match) -> str:
        goal, entries = match.group(2), re.findall(r"^    \{(.*)\},$", match.group(3), re.MULTILINE)
        return match.group(1) + "".join(
            f"[[goals.{goal}.history]]\n" + "\n".join(entry.split(", ")) + "\n" for entry in entries
        )

    goal = r"^(\[goals\.(\w+)\]\n(?:(?!history = |\[).*\n)*)history = \[\n((?:    .*\n)*)\]\n"
    return re.sub(goal, tables, text, flags=re.MULTILINE)


def tomlish(text: str) -> str:
    """``text`` as a TOML basic string (escaped the way a careful hand would), or raw when it asks to be."""
    escaped = "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}" for c in text)
    return f'"{escaped}"'


@st.composite
def config_text(draw) -> bytes:
    """A journal.toml: odd values, odd keys, odd bytes."""
    entries = []
    if draw(st.booleans()):  # odd but valid: every command should work with it
        entries += [f"author = {tomlish(draw(hostile_text(max_pieces=3)))}",
                    "default_kind = " + tomlish(draw(st.sampled_from(["quarter", "week", "month", "year"]))),
                    f"fiscal_year_start = {draw(st.integers(1, 12))}",
                    f"goal_words = [{tomlish(draw(hostile_text(max_pieces=2)))}]"]  # fmt: skip
        return draw(encode(entries))
    for _ in range(draw(st.integers(0, 4))):
        key = draw(st.sampled_from(["author", "default_kind", "fiscal_year_start", "goal_words", "autor", "paths"]))
        value = draw(st.sampled_from([
            tomlish(draw(hostile_text(max_pieces=3))), '"quarter"', '"week"', '"fortnight"', "0", "13", "1", "-1",
            "9" * 5000, '["milestones", "[bold]"]', "[" * 2000, "{a = 1}", "true", '"\\u0000"',
        ]))  # fmt: skip
        entries.append(f"{key} = {value}")
    if draw(st.integers(0, 6)) == 0:
        entries.append(draw(hostile_text()))
    return draw(encode(entries))


@st.composite
def template_text(draw) -> bytes:
    """A user template: front matter, Jinja2 expressions fair and foul, hostile text."""
    header = ["---", f"description: {draw(hostile_text(max_pieces=2))}", "prompts:",
              f"  - {draw(st.sampled_from([*YAMLISH, 'What went well?']))}", "---"]  # fmt: skip
    body = [f"# {{{{ period.label }}}} {draw(hostile_text(max_pieces=2))}"]
    for _ in range(draw(st.integers(0, 4))):
        body.append(draw(st.sampled_from([
            "{{ 'a' * 10**9 }}", "{{ 'a'.ljust(10**6) }}", "{{ 'x'|center(10**5) }}", "{{ '{:>100000}'.format(1) }}",
            "{% for i in range(20000) %}x{% endfor %}", "{{ nope }}", "{{ period.nope }}", "{% if %}", "{{",
            "{{ period.__class__.__mro__ }}", "{{ ''.__class__ }}", "{% include 'other.md' %}", "{{ 1/0 }}",
            "{% for g in carried %}- [ ] {{ g.text }}{% endfor %}", "{{ author }}", "{{ planned|length }}",
            "{% raw %}", "{# unclosed", "{{ today }}", "{{ period.next().label }}",
        ])))  # fmt: skip
        body.append(draw(hostile_text(max_pieces=3)))
    lines = (header if draw(st.booleans()) else []) + body
    return draw(encode(lines))


# ---------------------------------------------------------------- the journal


@dataclass
class HostileJournal:
    """Files to write over a copy of the base journal (relative path -> bytes); a folder where a file was."""

    files: dict[str, bytes] = field(default_factory=dict)
    folders: list[str] = field(default_factory=list)


@st.composite
def hostile_journals(draw, base: dict[str, bytes]) -> HostileJournal:
    """One to three hostile changes to the base journal: documents, front matter, ledger, journal.toml, templates."""
    journal = HostileJournal()
    kinds = ["document", "document", "edit", "edit", "ledger", "config", "template"]  # most files are documents
    for what in draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=3)):
        if what == "document":
            name = draw(st.sampled_from(["entries/2025-q2.md", "entries/2025-q3-report.md", "entries/sub/2025-w20.md",
                                         "entries/notes.md"]))  # fmt: skip
            journal.files[name] = draw(hostile_document())
        elif what == "edit":
            name = draw(st.sampled_from(sorted(DOCUMENTS)))
            journal.files[name] = draw(edited_document(DOCUMENTS[name][0]))
        elif what == "ledger":
            ledgers = sorted(name for name in base if name.startswith("ledger/"))
            name = draw(st.sampled_from(ledgers))
            journal.files[name] = draw(ledger_edit(base[name].decode("utf-8")))
        elif what == "config":
            if draw(st.integers(0, 9)) == 0:
                journal.folders.append("journal.toml")
            else:
                journal.files["journal.toml"] = draw(config_text())
        else:
            name = draw(st.sampled_from(["templates/quarterly.md", "templates/report.md", "templates/weekly.md"]))
            journal.files[name] = draw(template_text())
    return journal


# ---------------------------------------------------------------- commands

PERIODS = st.sampled_from(["2025-q1", "2025-q2", "2025-q3", "q4-2024", "2025", "2025-w20", "2025-01", "last", "next",
                           "q5-2025", "[/]", "\x1b[2J", "9" * 300, ""])  # fmt: skip


@st.composite
def goal_ids(draw, ids: list[str]) -> str:
    """A goal id of the journal, a prefix of one, or something hostile."""
    if ids and draw(st.integers(0, 3)) > 0:
        goal = draw(st.sampled_from(ids))
        return goal[: draw(st.integers(2, len(goal)))]
    return draw(st.sampled_from(["[/]", "\x1b[2J", "-", "a" * 5000, "k", "", "*", "../../etc"]))


GROUPS = {
    "sync": lambda draw, ids, root: [["sync"]],
    "goals": lambda draw, ids, root: [["goals", "--all"], ["goals", "--json"], ["goals", "--period", draw(PERIODS)]],
    "status": lambda draw, ids, root: [
        ["done", draw(goal_ids(ids))],
        ["drop", "--reason", draw(hostile_text(max_pieces=3)), draw(goal_ids(ids))],
        ["start", draw(goal_ids(ids)), draw(goal_ids(ids))],
        ["reopen", draw(goal_ids(ids))],
    ],
    "new": lambda draw, ids, root: [["new", draw(PERIODS)], ["new", "2025-q3", "--template", "report"]],
    "review": lambda draw, ids, root: [["review", draw(PERIODS), "--print"]],
    "show": lambda draw, ids, root: [["show", draw(PERIODS)], ["show", draw(goal_ids(ids))]],
    "list-stats": lambda draw, ids, root: [["list"], ["stats"], ["stats", "--json"]],
    "export": lambda draw, ids, root: [["export", "--format", "csv"], ["export", "--format", "json"],
                                       ["export", "--format", "markdown"]],  # fmt: skip
    "extract": lambda draw, ids, root: [
        ["extract", str(root / draw(st.sampled_from(["entries/2025-q1.md", "entries/2025-q2.md", "journal.toml"])))],
        ["extract", "--json", str(root / "entries" / "2024-q4.md")],
    ],
    "metrics": lambda draw, ids, root: [["metrics"], ["metrics", "--json"],
                                        ["metrics", draw(hostile_text(max_pieces=2))],
                                        ["metrics", "--svg", str(root.parent / "chart.svg")]],  # fmt: skip
    "templates": lambda draw, ids, root: [["templates"], ["templates", "show", draw(st.sampled_from(
        ["quarterly", "report", "weekly", "nope", "../journal", "[/]"]))]],  # fmt: skip
}


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under the journal except the derived .journal/ folder, by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".journal" not in p.relative_to(root).parts
    }


def base_ids(base: dict[str, bytes]) -> list[str]:
    ids = []
    for name, data in sorted(base.items()):
        if name.startswith("ledger/"):
            ids += sorted(tomllib.loads(data.decode("utf-8")).get("goals", {}))
    return ids


_FAILURES: dict[str, type] = {}


def failure(kind: str) -> type:
    """One AssertionError subclass per kind of failure, so hypothesis reports (and shrinks) each kind apart."""
    name = "".join(part.capitalize() for part in kind.replace("-", " ").split())
    return _FAILURES.setdefault(kind, type(name, (AssertionError,), {}))


def cut(text: str, limit: int = 1500) -> str:
    text = text if len(text) <= limit else text[:limit] + f"... ({len(text) - limit} more characters)"
    return text.encode("unicode_escape").decode("ascii").replace("\\n", "\n")


def invoke(args: list[str], env: dict[str, str], terminal: bool = False) -> Result:
    """Run ``journal ARGS`` in-process; ``terminal``: its output claims to be a terminal (rich renders)."""
    import click.testing

    from journal.cli import cli

    wrapper = click.testing._NamedTextIOWrapper
    with pytest.MonkeyPatch.context() as patch:
        if terminal:
            patch.setattr(wrapper, "isatty", lambda self: True, raising=False)
        return CliRunner().invoke(cli, args, env=env, input="", catch_exceptions=True)


CONFLICT_BLOCK = re.compile(r"^<<<<<<< .*$.*?^=======$.*?^>>>>>>> ", re.MULTILINE | re.DOTALL)


FRONT_MATTER_BLOCK = re.compile(r"\A\ufeff?---\r?\n(.*?)^---\r?$", re.MULTILINE | re.DOTALL)


def front_matter_names_period(raw: str) -> bool:
    """Whether the front matter is readable YAML (no aliases: README, "Data safety") naming a ``period``."""
    import yaml

    class NoAliases(yaml.SafeLoader):
        def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
            if self.check_event(yaml.AliasEvent):
                raise yaml.YAMLError("aliases are refused")
            return super().compose_node(parent, index)

    block = FRONT_MATTER_BLOCK.search(raw)
    if block is None:
        return False
    try:
        loaded = yaml.load(block.group(1), Loader=NoAliases)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError:
        return False
    return isinstance(loaded, dict) and loaded.get("period") is not None


def holds_conflict(root: Path) -> list[str]:
    """The journal documents under entries/ holding a git conflict (a whole <<<<<<< ======= >>>>>>> block).

    A journal document is a file whose name is a period, or whose readable front matter names one; any
    other note (front matter that cannot be read names nothing) is not the journal's and is left alone,
    conflict or not (README, "Documents where you keep them").
    """
    from journal.periods import period_from_filename

    found = []
    for path in sorted((root / "entries").rglob("*.md")):
        raw = path.read_bytes().decode("utf-8", "replace").replace("\r\n", "\n")
        text = raw.replace("\r", "\n")
        # front matter is YAML between --- lines ending in LF or CRLF (a lone CR ends no line of it)
        named = period_from_filename(path.stem) is not None or front_matter_names_period(raw[:4000])
        if named and CONFLICT_BLOCK.search(text):
            found.append(path.relative_to(root).as_posix())
    return found


def short_traceback(exc_info) -> str:
    """The frames in journal's own code (and the last three), then the exception: what a bug report needs."""
    frames = traceback.extract_tb(exc_info[2])
    own = [frame for frame in frames if "/journal/" in frame.filename and "site-packages" not in frame.filename]
    kept = own[:15] + [frame for frame in frames[-3:] if all(frame is not mine for mine in own[:15])]
    return "".join(traceback.format_list(kept) + traceback.format_exception_only(exc_info[0], exc_info[1]))[-5000:]


def check_command(root: Path, args: list[str], env: dict[str, str], terminal: bool = False) -> Result:  # noqa: C901 - one branch per promise checked after a command
    """Run ``journal ARGS``; raise a failure naming the command and its output when it misbehaves."""
    __tracebackhide__ = True
    before = snapshot(root)
    conflicted = holds_conflict(root) if args[0] == "sync" else []
    result = invoke(args, env, terminal)
    command = "journal " + " ".join(args) + (" (on a terminal)" if terminal else "")
    problems = []
    if conflicted and result.exit_code == 0:
        # README, Data safety: a document holding git conflict markers is an error naming the file.
        problems.append(("accepts-git-conflict-markers", f"exit 0, yet {conflicted} hold git conflict markers"))
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    if crashed:
        problems.append(("uncaught-exception", f"uncaught {type(result.exception).__name__}"))
    elif result.exit_code not in DOCUMENTED_EXIT_CODES:
        problems.append((f"exit-{result.exit_code}", f"exit {result.exit_code}, not one of 0, 2-8"))
    if result.exit_code == 0:
        # README, "The ledger": every ledger file written is checked with tomllib before it replaces the old one.
        after = snapshot(root)
        for name in sorted(name for name in after if name.startswith("ledger/") and after[name] != before.get(name)):
            try:
                tomllib.loads(after[name].decode("utf-8-sig"))
            except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                problems.append(("writes-a-ledger-that-does-not-parse", f"exit 0, yet wrote {name}: {exc}"))
    if result.exit_code != 0:
        lines = result.stderr.splitlines()
        if len(lines) != 1 or not lines[0].startswith("Error: "):
            problems.append(("stderr-not-one-error-line", f"{len(lines)} lines on stderr, not one 'Error:' line"))
        after = snapshot(root)
        changed = sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))
        if changed:
            problems.append(("files-changed-by-a-failed-command", f"failed, yet changed {changed}"))
    if not problems:
        return result
    kind, _ = problems[0]
    report = [f"{command!r}: " + "; ".join(why for _, why in problems),
              f"--- stderr:\n{cut(result.stderr)}", f"--- stdout:\n{cut(result.stdout, 600)}"]  # fmt: skip
    if crashed:
        report.append("--- traceback:\n" + short_traceback(result.exc_info))
    elif result.exit_code == 1:
        debug = invoke(["--debug", *args], env, terminal)
        if debug.exc_info is not None and not isinstance(debug.exception, SystemExit):
            report.append("--- traceback (--debug):\n" + short_traceback(debug.exc_info))
    raise failure(f"{args[0]} {kind}")("\n".join(report))


# ---------------------------------------------------------------- the tests


class Base(dict):
    """The base journal's files; shown short in hypothesis's report (it is tests/journal_factory.py's journal)."""

    def __repr__(self) -> str:
        return f"<journal_factory's four documents, synced: {', '.join(sorted(self))}>"


@pytest.fixture(autouse=True)
def no_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    """Durability is not what this tests; fsync makes each example cost tens of milliseconds more."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)
    monkeypatch.setattr(os, "sync", lambda: None)


@pytest.fixture(scope="module")
def base_journal(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The factory's four documents, synced: every file (``.journal/`` aside), by relative path."""
    from journal.config import init_journal

    root = tmp_path_factory.mktemp("hostile-base") / "journal"
    init_journal(root)
    (root / "journal.toml").write_text('author = "Ada"\n')
    write_documents(root)
    result = invoke(["sync"], {"JOURNAL_DIR": str(root), "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return Base(snapshot(root))


def materialise(folder: Path, base: dict[str, bytes], journal: HostileJournal) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    root = folder / "journal"
    for name, data in {**base, **journal.files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for name in journal.folders:
        path = root / name
        if path.is_file():
            path.unlink()
        path.mkdir(parents=True, exist_ok=True)
    (root / ".journal").mkdir(exist_ok=True)
    return root


def run_group(group: str, base: dict[str, bytes], folder: Path, data: st.DataObject) -> None:
    __tracebackhide__ = True
    journal = data.draw(hostile_journals(base), label="journal")
    root = materialise(folder, base, journal)
    env = {
        "JOURNAL_DIR": str(root),
        "NO_COLOR": "1",
        "COLUMNS": "100",
        "HOME": str(folder / "home"),
        "XDG_DATA_HOME": str(folder / "home" / "data"),
        "XDG_CACHE_HOME": str(folder / "home" / "cache"),
        "XDG_CONFIG_HOME": str(folder / "home" / "config"),
        "VISUAL": "false",
        "EDITOR": "false",
    }
    commands = GROUPS[group](data.draw, base_ids(base), root)
    terminal = data.draw(st.booleans(), label="output on a terminal")
    for args in commands:
        note(f"running: journal {' '.join(args)!r}")
        check_command(root, args, env, terminal)


def _hostile_test(profile: str):
    @pytest.mark.parametrize("group", sorted(GROUPS))
    @settings(settings.get_profile(profile))
    @given(data=st.data())
    def test(group: str, base_journal: dict[str, bytes], tmp_path: Path, data: st.DataObject) -> None:
        __tracebackhide__ = True
        run_group(group, base_journal, tmp_path / "example", data)

    return test


test_every_command_survives_hostile_files = _hostile_test("hostile")
test_every_command_survives_hostile_files_at_length = pytest.mark.skipif(
    RUNS < 100, reason="the long run: JOURNAL_FAULT_RUNS=200 python -m pytest -m faults"
)(pytest.mark.faults(_hostile_test("hostile-faults")))
