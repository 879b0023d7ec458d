"""Tests for journal.templates and the built-in templates it ships."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from journal.errors import TemplateError, UsageError
from journal.templates import (
    Prompt,
    Template,
    builtin_templates_dir,
    default_template_for,
    list_templates,
    load_template,
    render_template,
    template_names,
    validate_template_name,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
BUILTINS = ("monthly", "quarterly", "report", "weekly", "yearly")
KINDS = ("quarter", "week", "month", "year")
PERIOD_KEYS = {"quarter": "2025-q1", "week": "2025-w12", "month": "2025-03", "year": "2025"}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class StandInPeriod:
    """Just enough of journal.periods.Period for rendering: kind, index and year."""

    kind: str
    year: int
    index: int = 1

    _PER_YEAR = {"year": 1, "quarter": 4, "month": 12, "week": 52}

    @property
    def key(self) -> str:
        return {
            "year": f"{self.year}",
            "quarter": f"{self.year}-q{self.index}",
            "month": f"{self.year}-{self.index:02d}",
            "week": f"{self.year}-w{self.index:02d}",
        }[self.kind]

    @property
    def label(self) -> str:
        return {
            "year": f"{self.year}",
            "quarter": f"Q{self.index} {self.year}",
            "month": f"{_MONTHS[self.index - 1]} {self.year}",
            "week": f"W{self.index:02d} {self.year}",
        }[self.kind]

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    def _shift(self, step: int) -> StandInPeriod:
        per_year = self._PER_YEAR[self.kind]
        flat = self.year * per_year + self.index - 1 + step
        return StandInPeriod(self.kind, flat // per_year, flat % per_year + 1)

    def previous(self) -> StandInPeriod:
        return self._shift(-1)

    def next(self) -> StandInPeriod:
        return self._shift(1)


def make_period(kind: str) -> Any:
    """The real Period when journal.periods exists, else the stand-in."""
    try:
        from journal.periods import parse_period
    except ImportError:
        index = {"year": 1, "quarter": 1, "month": 3, "week": 12}[kind]
        return StandInPeriod(kind, 2025, index)
    return parse_period(PERIOD_KEYS[kind])


def variables(period: Any, *, full: bool) -> dict[str, Any]:
    """Every variable a template receives; `full` fills the goal lists and the summary."""
    today = dt.date(2025, 4, 2)
    if not full:
        return {
            "period": period,
            "today": today,
            "author": "",
            "planned": [],
            "carried": [],
            "previous": None,
        }
    prev = period.previous()
    return {
        "period": period,
        "today": today,
        "author": "Dana Whitfield",
        "planned": [
            {
                "id": "k7f3a2",
                "text": "Ship the GraphQL gateway",
                "source": "entries/2024-q4.md",
                "section": "Q1 2025 Priorities",
                "status": "open",
            },
            {
                "id": "b81c0e",
                "text": "Run 300 km over the quarter",
                "source": "entries/2024-q4.md",
                "section": "Personal Goals",
                "status": "open",
            },
        ],
        "carried": [
            {"id": "c0ffee", "text": "Write the service-ownership RFC", "period": prev, "status": "open"},
            {"id": "d15ea5", "text": "Mirror staging config", "period": prev, "status": "in_progress"},
        ],
        "previous": {"period": prev, "set": 5, "done": 3, "open": 1, "dropped": 1, "carried": 0, "rate": 0.6},
    }


def headings(text: str) -> list[str]:
    return [m.group(1).strip() for m in re.finditer(r"^#{1,6}[ \t]+(.+?)[ \t]*$", text, re.MULTILINE)]


def list_item_lines(text: str) -> list[str]:
    """Lines that start a Markdown list item outside HTML comments (the templates use no fences)."""
    without_comments = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    return [line for line in without_comments.splitlines() if re.match(r"\s*(?:[-*+]|\d+[.)])(?:\s|$)", line)]


def write_template(journal_dir: Path, name: str, text: str) -> Path:
    folder = journal_dir / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.md"
    path.write_bytes(text.encode("utf-8"))
    return path


# --- the built-in templates ---------------------------------------------------------------------


def test_builtin_dir_holds_the_builtin_templates() -> None:
    folder = builtin_templates_dir()
    assert folder.is_dir()
    assert {p.stem for p in folder.glob("*.md")} >= set(BUILTINS)
    assert set(template_names(None)) >= set(BUILTINS)


@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_metadata(name: str) -> None:
    template = load_template(name, None)
    assert isinstance(template, Template)
    assert template.builtin and template.name == name
    assert template.description
    assert 4 <= len(template.prompts) <= 6
    assert all(isinstance(p, Prompt) and p.section and p.question.endswith("?") for p in template.prompts)
    assert not template.body.startswith("---")
    lines = template.path.read_text(encoding="utf-8").splitlines()
    assert lines[template.body_line_offset - 1] == "---"
    assert lines[template.body_line_offset].startswith("# ")


def test_builtin_kinds_match_the_defaults() -> None:
    assert load_template("report", None).kind is None
    defaults = {"year": "yearly", "quarter": "quarterly", "month": "monthly", "week": "weekly"}
    for kind, name in defaults.items():
        assert default_template_for(kind) == name
        assert load_template(name, None).kind == kind
    assert default_template_for("half") == "quarterly"
    with pytest.raises(UsageError):
        default_template_for("fortnight")


@pytest.mark.parametrize("full", [False, True], ids=["empty", "full"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_renders(name: str, kind: str, full: bool) -> None:
    period = make_period(kind)
    text = render_template(load_template(name, None), variables(period, full=full))
    assert text.startswith(f"# {period.label} ") or text.startswith(f"# Week in Review: {period.label}")
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "{{" not in text and "{%" not in text and "\n\n\n" not in text
    assert "**Date**: 2025-04-02" in text
    assert period.next().label in text
    assert ("Dana Whitfield" in text) == full
    assert "---\ndescription" not in text  # template metadata is not copied into the document


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", BUILTINS)
def test_empty_render_has_no_list_items(name: str, kind: str) -> None:
    # Any list item in a fresh document would be extracted as a goal (or an empty one).
    text = render_template(load_template(name, None), variables(make_period(kind), full=False))
    assert list_item_lines(text) == []


@pytest.mark.parametrize("name", BUILTINS)
def test_planned_and_carried_goals_are_task_lines(name: str) -> None:
    values = variables(make_period("quarter"), full=True)
    text = render_template(load_template(name, None), values)
    lines = text.splitlines()
    assert "- [ ] Ship the GraphQL gateway" in lines
    assert "- [ ] Run 300 km over the quarter" in lines
    assert "- [ ] Write the service-ownership RFC" in lines
    assert "- [/] Mirror staging config" in lines
    # Only the goals are list items: no placeholders that would be extracted too.
    assert len(list_item_lines(text)) == 4
    assert "3 of 5 done (60%)" in text


def test_goal_in_both_lists_is_written_once() -> None:
    values = variables(make_period("quarter"), full=True)
    values["carried"].append({**values["planned"][0], "period": values["period"].previous()})
    text = render_template(load_template("quarterly", None), values)
    assert text.splitlines().count("- [ ] Ship the GraphQL gateway") == 1


def test_checkbox_filter_covers_every_status() -> None:
    values = variables(make_period("quarter"), full=True)
    statuses = {"open": " ", "in_progress": "/", "done": "x", "carried": ">", "dropped": "-", "odd": " "}
    values["planned"] = [
        {"id": s, "text": f"goal {s}", "source": "x.md", "section": "Goals", "status": s} for s in statuses
    ]
    text = render_template(load_template("weekly", None), values)
    for status, marker in statuses.items():
        assert f"- [{marker}] goal {status}\n" in text


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", BUILTINS)
def test_every_prompt_section_is_a_heading(name: str, kind: str) -> None:
    template = load_template(name, None)
    for full in (False, True):
        found = headings(render_template(template, variables(make_period(kind), full=full)))
        for prompt in template.prompts:
            assert prompt.section in found, (name, prompt.section, found)


def test_quarterly_has_the_reflection_shape() -> None:
    period = make_period("quarter")
    text = render_template(load_template("quarterly", None), variables(period, full=True))
    found = headings(text)
    assert found[0] == f"{period.label} Reflection - Dana Whitfield"
    for heading in ("Wins", "Challenges", "Lessons", "Focus Areas", "Personal Goals", "Team Goals"):
        assert heading in found
    assert f"Goals for {period.label}" in found
    assert f"{period.next().label} Priorities" in found
    assert "**Author**: Dana Whitfield" in text
    assert found[-1] == "Gratitude"


def test_report_has_numbered_sections_and_tables() -> None:
    period = make_period("quarter")
    text = render_template(load_template("report", None), variables(period, full=False))
    found = headings(text)
    numbered = [h for h in found if re.match(r"\d\. ", h)]
    assert [h.split(". ")[1] for h in numbered] == [
        "Summary",
        "Metrics",
        "Accomplishments",
        "Challenges",
        "Risks",
        "Next Quarter Goals",
    ]
    assert found[-1] == f"{period.next().label} Priorities"
    assert f"| Metric | {period.previous().label} | {period.label} | Change |" in text
    assert "| Risk | Likelihood | Impact | Mitigation | Owner |" in text


# --- loading, overriding, listing ---------------------------------------------------------------


def test_user_template_overrides_builtin(tmp_path: Path) -> None:
    path = write_template(
        tmp_path,
        "quarterly",
        "---\ndescription: Mine\nkind: quarter\nprompts:\n  - section: Notes\n    question: Anything?\n---\n"
        "# {{ period.label }} mine\n\n## Notes\n",
    )
    template = load_template("quarterly", tmp_path)
    assert template.path == path and not template.builtin
    assert template.description == "Mine" and template.prompts == [Prompt("Notes", "Anything?")]
    assert template.body_line_offset == 7
    text = render_template(template, variables(make_period("quarter"), full=False))
    assert text == f"# {make_period('quarter').label} mine\n\n## Notes\n"
    # Another journal, or none, still gets the built-in.
    assert load_template("quarterly", None).builtin
    assert load_template("quarterly", tmp_path / "elsewhere").builtin


def test_list_templates_marks_overrides(tmp_path: Path) -> None:
    write_template(tmp_path, "quarterly", "# mine\n")
    write_template(tmp_path, "standup", "---\ndescription: Daily standup\n---\n# standup\n")
    write_template(tmp_path, "bad name", "# ignored: not a valid template name\n")
    (tmp_path / "templates" / "notes.txt").write_text("not a template")
    listed = {t.name: (t, overridden) for t, overridden in list_templates(tmp_path)}
    assert sorted(listed) == sorted({*BUILTINS, "daily", "standup"})
    assert listed["quarterly"][1] is True and not listed["quarterly"][0].builtin
    assert listed["standup"][1] is False and not listed["standup"][0].builtin
    assert listed["standup"][0].description == "Daily standup" and listed["standup"][0].kind is None
    assert listed["weekly"] == (listed["weekly"][0], False) and listed["weekly"][0].builtin
    assert [t.name for t, _ in list_templates(None)] == sorted((*BUILTINS, "daily"))


def test_unknown_template_lists_available_names(tmp_path: Path) -> None:
    write_template(tmp_path, "standup", "# standup\n")
    with pytest.raises(TemplateError) as info:
        load_template("quartrly", tmp_path)
    message = str(info.value)
    assert "quartrly" in info.value.message
    for name in (*BUILTINS, "standup"):
        assert name in message


@pytest.mark.parametrize(
    "name", ["../x", "/etc/passwd", "a\x00b", ".hidden", "", "..", "a/b", "a\\b", "C:\\x", "x.md", "a b", "é"]
)
def test_bad_names_are_refused(name: str, tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        validate_template_name(name)
    with pytest.raises(UsageError):
        load_template(name, tmp_path)


@pytest.mark.parametrize("name", ["quarterly", "my_template", "Team-Report-2", "a"])
def test_good_names_pass(name: str) -> None:
    assert validate_template_name(name) == name


def test_template_without_front_matter(tmp_path: Path) -> None:
    write_template(tmp_path, "plain", "# {{ period.label }}\n\n{{ oops }}\n")
    template = load_template("plain", tmp_path)
    assert (template.description, template.kind, template.prompts) == ("", None, [])
    assert template.body_line_offset == 0
    with pytest.raises(TemplateError, match=r"^template 'plain' line 3: 'oops' is undefined"):
        render_template(template, variables(make_period("quarter"), full=False))


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        ("description: ok\nkind: a: b\n", r"line 3: invalid YAML \(mapping values"),
        ("description: [unclosed\n", r"invalid YAML"),
        ("- just\n- a list\n", r"key: value"),
        ("kind: fortnight\n", r"'kind' must be one of"),
        ("description: 3\n", r"'description' must be text"),
        ("prompts: Wins\n", r"'prompts' must be a list"),
        ("prompts:\n  - section: Wins\n", r"prompt 1 needs a 'section' and a 'question'"),
    ],
)
def test_broken_metadata_names_the_file(tmp_path: Path, front_matter: str, expected: str) -> None:
    path = write_template(tmp_path, "broken", f"---\n{front_matter}---\n# body\n")
    with pytest.raises(TemplateError, match=expected) as info:
        load_template("broken", tmp_path)
    assert "'broken'" in info.value.message and str(path) in info.value.message


def test_unclosed_front_matter_is_an_error(tmp_path: Path) -> None:
    write_template(tmp_path, "open", "---\ndescription: never closed\n# body\n")
    with pytest.raises(TemplateError, match="never closed"):
        load_template("open", tmp_path)


def test_non_utf8_template_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "latin.md").write_bytes("# caf\xe9\n".encode("latin-1"))
    with pytest.raises(TemplateError, match="not UTF-8"):
        load_template("latin", tmp_path)


# --- render errors point at the template file's line ---------------------------------------------

FRONT = "---\ndescription: test\nkind: null\n---\n"  # 4 lines


def render_user(tmp_path: Path, body: str, front: str = FRONT) -> str:
    write_template(tmp_path, "t", front + body)
    return render_template(load_template("t", tmp_path), variables(make_period("quarter"), full=True))


def test_syntax_error_reports_the_file_line(tmp_path: Path) -> None:
    body = "# {{ period.label }}\n\n## Wins\n\n{{ author }\n"  # the bad tag is on body line 5
    with pytest.raises(TemplateError) as info:
        render_user(tmp_path, body)
    assert info.value.message == "template 't' line 9: unexpected '}'"
    assert info.value.hint == str(tmp_path / "templates" / "t.md")


def test_unclosed_block_reports_a_line(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=r"^template 't' line \d+: .*endfor"):
        render_user(tmp_path, "# x\n{% for g in planned %}\n- {{ g.text }}\n")


def test_undefined_variable_reports_the_file_line(tmp_path: Path) -> None:
    body = "# {{ period.label }}\n\n{% for goal in planned %}\n- {{ goal.text }}\n{% endfor %}\n{{ authr }}\n"
    with pytest.raises(TemplateError) as info:
        render_user(tmp_path, body)
    assert info.value.message == "template 't' line 10: 'authr' is undefined"


def test_undefined_attribute_inside_a_loop_reports_the_file_line(tmp_path: Path) -> None:
    body = "# x\n{% for goal in planned %}\n- {{ goal.txt }}\n{% endfor %}\n"
    with pytest.raises(TemplateError, match=r"^template 't' line 7: .*'txt'"):
        render_user(tmp_path, body)


def test_line_numbers_in_a_crlf_template(tmp_path: Path) -> None:
    body = "# x\r\n\r\n{{ missing }}\r\n"
    with pytest.raises(TemplateError, match=r"^template 't' line 7: 'missing' is undefined"):
        render_user(tmp_path, body, FRONT.replace("\n", "\r\n"))


@pytest.mark.parametrize(
    "expression",
    ["''.__class__.__mro__", "period.__class__", "today.__class__.__init__.__globals__", "''.__class__"],
)
def test_sandbox_refuses_unsafe_access(tmp_path: Path, expression: str) -> None:
    body = "# x\n\n{{ " + expression + " }}\n"
    with pytest.raises(TemplateError, match=r"^template 't' line 7: the sandbox refused it") as info:
        render_user(tmp_path, body)
    assert "unsafe" in info.value.message


@pytest.mark.parametrize("expression", ["'a' * 10**9", "[1] * 1000000", "2 ** 100000"])
def test_sandbox_refuses_to_build_huge_values(tmp_path: Path, expression: str) -> None:
    with pytest.raises(TemplateError, match=r"^template 't' line 6: the sandbox refused it: .* too large"):
        render_user(tmp_path, "# x\n{{ " + expression + " }}\n")
    assert render_user(tmp_path, "# x\n{{ '-' * 3 }}\n").endswith("---\n")


def test_other_exceptions_report_the_file_line(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=r"^template 't' line 6: ZeroDivisionError"):
        render_user(tmp_path, "# x\n{{ 1 / 0 }}\n")


def test_trailing_newline_and_whitespace_control(tmp_path: Path) -> None:
    body = (
        "# x\n{% if author %}\nby {{ author }}\n{% endif %}\n  {% for g in planned %}\n* {{ g.text }}\n  {% endfor %}\n"
    )
    text = render_user(tmp_path, body)
    assert text == "# x\nby Dana Whitfield\n* Ship the GraphQL gateway\n* Run 300 km over the quarter\n"


# --- extraction of rendered documents and examples (when the extractor and periods exist) -------


def _extractor() -> Any:
    pytest.importorskip("journal.periods")
    extract = pytest.importorskip("journal.extract")
    return extract.extract_items


@pytest.mark.parametrize("name", BUILTINS)
def test_rendered_documents_extract_only_the_given_goals(name: str) -> None:
    extract_items = _extractor()
    period = make_period("quarter")
    template = load_template(name, None)
    empty = render_template(template, variables(period, full=False))
    assert extract_items(empty, document_period=period) == []
    full = variables(period, full=True)
    items = extract_items(render_template(template, full), document_period=period)
    assert [i.text for i in items] == [g["text"] for g in full["planned"] + full["carried"]]


def test_example_journal() -> None:
    settings = tomllib.loads((EXAMPLES / "journal.toml").read_text(encoding="utf-8"))
    assert settings["author"] and settings["default_kind"] == "quarter"
    entries = sorted(p.name for p in (EXAMPLES / "entries").glob("*.md"))
    assert entries == ["2024-q4-report.md", "2024-q4.md", "2025-04-14.md", "2025-q1.md"]  # and a daily note
    assert not (EXAMPLES / "ledger").exists()
    q4 = (EXAMPLES / "entries" / "2024-q4.md").read_text(encoding="utf-8")
    for heading in ("Wins", "Challenges", "Lessons", "Goals for Q4 2024", "Q1 2025 Priorities", "Gratitude"):
        assert heading in headings(q4)
    assert all(f"- [{m}] " in q4 for m in "x /-")
    report = (EXAMPLES / "entries" / "2024-q4-report.md").read_text(encoding="utf-8")
    assert all(f"```{lang}\n" in report for lang in ("sql", "rust", "python"))
    assert "\n- [ ] not a goal" in report
    assert headings(report)[-2:] == ["6. Next Quarter Goals", "Q1 2025 Priorities"]
    assert report.endswith("\n---\n\n*Confidential - Platform team, internal use only. Questions to Dana Whitfield.*\n")


def test_example_goals_extract() -> None:
    extract_items = _extractor()
    from journal.periods import parse_period

    report = (EXAMPLES / "entries" / "2024-q4-report.md").read_text(encoding="utf-8")
    items = extract_items(report, document_period=parse_period("2024-q4"))
    assert not any("not a goal" in i.text for i in items)
    assert [i.text for i in items if i.section == "Q1 2025 Priorities"][0] == (
        "Complete the GraphQL migration of the tracking API"
    )
    q1 = (EXAMPLES / "entries" / "2025-q1.md").read_text(encoding="utf-8")
    statuses = [i.status for i in extract_items(q1, document_period=parse_period("2025-q1"))]
    assert statuses.count("in_progress") == 1 and "done" in statuses and "open" in statuses


def test_a_template_nested_too_deeply_is_one_template_error(journal_dir: Path, run) -> None:
    (journal_dir / "templates").mkdir(exist_ok=True)
    (journal_dir / "templates" / "deep.md").write_text("# {{ period.label }} " + "{" * 400 + "\n", encoding="utf-8")
    result = run("new", "2025-q3", "--template", "deep", expect=None)
    assert result.exit_code == TemplateError.exit_code
    assert result.stderr.startswith("Error: template 'deep': nested too deeply to read")
    assert not (journal_dir / "entries" / "2025-q3.md").exists()
