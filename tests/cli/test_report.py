"""`journal report`: a period's outcome as an HTML page or a Markdown section, with `stats`'s own numbers."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.extract import extract_items
from journal.report_html import CONTRAST_PAIRS, PALETTE, report_html
from tests.conftest import snapshot, write

SMALL = """# Q1 2025

## Goals

- [x] Ship **v2** of the API
- [/] Write the `runbook`
- [ ] Hire a | pipe <b>tester</b> & more
- [-] Learn Rust
"""


@pytest.fixture
def small(journal_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    write(journal_dir, "entries/2025-q1.md", SMALL)
    return journal_dir


def test_markdown_section_of_a_small_journal(run, small: Path):
    ids = {g["text"]: g["id"] for g in json.loads(run("goals", "--all", "--json").stdout)}
    run("drop", ids["Learn Rust"], "--reason", "no time | this year")
    out = run("report", "q1-2025").stdout
    assert out == (
        "## Q1 2025: goals report\n"
        "\n"
        "2025-01-01 to 2025-03-31. 1 of 4 goals done (25%).\n"
        "\n"
        "| Set | Done | In progress | Open | Dropped | Carried in | Carried out |\n"
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
        "| 4 | 1 | 1 | 1 | 1 | 0 | 0 |\n"
        "\n"
        "### Completion trend\n"
        "\n"
        "| Period | Set | Done | Completion | Chart |\n"
        "| --- | ---: | ---: | ---: | --- |\n"
        "| **Q1 2025** | 4 | 1 | 25% | `█████···············` |\n"
        "\n"
        "Share of goals done per quarter, Q1 2025 marked: Q1 2025 25% (1 of 4) (no earlier quarters with goals).\n"
        "\n"
        "### Goals\n"
        "\n"
        "| Status | Goal | Lineage | Id |\n"
        "| --- | --- | --- | --- |\n"
        f"| ✓ done | Ship **v2** of the API | Began here. | `{ids['Ship **v2** of the API']}` |\n"
        f"| ◐ in progress | Write the `runbook` | Began here. | `{ids['Write the `runbook`']}` |\n"
        "| ○ open | Hire a \\| pipe &lt;b&gt;tester&lt;/b&gt; &amp; more | Began here. | "
        f"`{ids['Hire a | pipe <b>tester</b> & more']}` |\n"
        f"| ✕ dropped | Learn Rust | Began here. | `{ids['Learn Rust']}` |\n"
        "\n"
        "### Dropped\n"
        "\n"
        "| Goal | Why |\n"
        "| --- | --- |\n"
        "| Learn Rust | no time \\| this year |\n"
    )


def test_pasting_the_markdown_section_adds_no_goal(run, example: Path):
    """Everything is in tables: pasted into next quarter's document, the section is not read as goals."""
    section = run("report", "q1-2025").stdout
    assert extract_items(section, document_period=None) == []


def test_the_numbers_are_stats_own(run, example: Path):
    """One set of numbers: the report's summary and trend are `stats --json`'s rows."""
    # `reviewed` (reviews on record) is stats' own column, not one of the numbers
    stats = [
        {k: v for k, v in row.items() if k != "reviewed"}
        for row in json.loads(run("stats", "--json").stdout)["periods"]
    ]
    for index, row in enumerate(stats):
        report = json.loads(run("report", row["period"], "--json").stdout)
        assert report["summary"] == row
        assert report["trend"] == stats[: index + 1]
        assert len(report["goals"]) == row["set"]


def test_default_period_is_the_last_with_a_document(run, example: Path):
    """Q2 2025 has goals planned for it but no document yet: the default is Q1 2025."""
    assert run("report").stdout.startswith("## Q1 2025: goals report\n")
    write(example, "entries/2025-q2.md", "# Q2 2025\n")
    assert run("report").stdout.startswith("## Q2 2025: goals report\n")


def test_a_month_document_counts_for_its_quarter(run, journal_dir: Path):
    """A quarter's numbers hold its months' goals (as `stats` and `goals --period` do): May's goal is Q2's too."""
    write(journal_dir, "entries/2025-05.md", "# May\n\n- [x] one\n")
    quarter = run("report").stdout
    assert quarter.startswith("## Q2 2025: goals report\n\n2025-04-01 to 2025-06-30. 1 of 1 goals done (100%).")
    assert "| ✓ done | one |" in quarter
    assert "1 of 1 goals done (100%)" in run("report", "2025-05").stdout
    assert [row["set"] for row in json.loads(run("stats", "--json").stdout)["periods"]] == [1]


def test_period_in_several_words(run, example: Path):
    assert run("report", "Q1", "2025").stdout == run("report", "2025-q1").stdout


def test_lineage_where_each_goal_came_from_and_went(run, example: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    run("new", "q2-2025")
    goals = {g["text"]: g for g in json.loads(run("report", "q1-2025", "--json").stdout)["goals"]}
    rfc = goals["Write the service-ownership RFC"]
    assert rfc["status"] == "carried"
    assert (rfc["came_from"]["period"], rfc["went_to"]["period"], rfc["went_to"]["status"]) == (
        "2024-q4",
        "2025-q2",
        "open",
    )
    assert goals["Bring monorepo CI under 10 minutes"]["planned_in"] == "Q4 2024"
    section = run("report", "q1-2025").stdout
    assert "| → carried | Write the service-ownership RFC | Began in Q4 2024; carried to Q2 2025, open there. |" in (
        section
    )
    q1 = next(row for row in json.loads(run("stats", "--json").stdout)["periods"] if row["period"] == "2025-q1")
    trend_row = f"| Q1 2025 | {q1['set']} | {q1['done']} | {q1['rate']:.0%} |"
    assert trend_row in run("report", "q2-2025").stdout  # the trend before Q2


def test_html_file_holds_every_goal_and_nothing_from_outside(run, example: Path, tmp_path: Path):
    page = tmp_path / "q1.html"
    result = run("report", "--html", str(page))
    assert result.stdout == ""
    assert result.stderr == f"Wrote the Q1 2025 report to {page}\n"
    text = page.read_text()
    for goal in json.loads(run("report", "--json").stdout)["goals"]:
        assert f'id="goal-{goal["id"]}"' in text
    assert_self_contained(text)
    assert run("report", "--format", "html").stdout == text  # the same page on stdout


def assert_self_contained(text: str) -> None:
    """No script, no external resource of any kind: the only URL is the SVG namespace."""
    lowered = text.lower()
    for needle in ("<script", "<link", "<img", "<iframe", "@import", "src=", "@font-face"):
        assert needle not in lowered, needle
    assert re.search(r"url\((?!#)", lowered) is None  # url(#id) is a reference inside the file
    assert re.findall(r"https?://[^\s\"'<>]+", text) == ["http://www.w3.org/2000/svg"]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(text: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(text)
    return parser.tags


def test_headings_in_order_and_a_chart_with_its_text(run, example: Path, tmp_path: Path):
    page = tmp_path / "q1.html"
    run("report", "q1-2025", "--html", str(page))
    text = page.read_text()
    levels = [int(tag[1]) for tag, _attrs in tags_of(text) if re.fullmatch(r"h[1-6]", tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:], strict=False)), levels
    svg = next(attrs for tag, attrs in tags_of(text) if tag == "svg")
    assert svg["role"] == "img" and svg["aria-labelledby"] == "chart-title chart-desc"
    desc = re.search(r'<desc id="chart-desc">(.*?)</desc>', text).group(1)
    assert desc == chart_words(run)
    assert '<title id="chart-title">Completion per quarter, up to Q1 2025</title>' in text
    assert "@media print" in text and 'name="viewport"' in text


def chart_words(run) -> str:
    """What the example's Q1 2025 chart says in words, from `stats --json`'s numbers."""
    rows = json.loads(run("stats", "--json").stdout)["periods"][:2]
    figures = "; ".join(f"{r['label']} {r['rate']:.0%} ({r['done']} of {r['set']})" for r in rows)
    return f"Share of goals done per quarter, Q1 2025 marked: {figures}."


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_helper_knows_the_extremes():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # just below AA


@pytest.mark.parametrize(("foreground", "background"), CONTRAST_PAIRS)
def test_palette_contrast_is_at_least_4_5(foreground: str, background: str):
    assert contrast(PALETTE[foreground], PALETTE[background]) >= 4.5


def test_every_colour_in_the_stylesheet_is_in_the_palette(run, example: Path):
    text = run("report", "--format", "html").stdout
    assert set(re.findall(r"#[0-9a-f]{6}\b", text)) <= set(PALETTE.values())


def test_hostile_goal_text_is_shown_not_obeyed(run, journal_dir: Path):
    write(
        journal_dir,
        "entries/2025-q1.md",
        "# Q1\n\n- [ ] <script>alert(1)</script> ![x](http://evil.example/p.png) [j](javascript:alert(1))\n"
        '- [ ] "quoted" & <img src=x onerror=alert(1)> [docs](https://example.org/d)\n',
    )
    text = run("report", "--format", "html").stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert {tag for tag, _attrs in tags_of(text)} <= ALLOWED_TAGS
    links = [attrs["href"] for tag, attrs in tags_of(text) if tag == "a"]
    # A link stays a link; an image becomes a link to it (nothing is fetched); javascript: is left as text.
    assert links == ["http://evil.example/p.png", "https://example.org/d"]
    assert "[j](javascript:alert(1))" in text


ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "h3", "p", "section", "dl", "div",
    "dt", "dd", "figure", "svg", "desc", "line", "text", "rect", "path", "figcaption", "table", "caption", "thead",
    "tbody", "tr", "th", "td", "ul", "li", "span", "footer", "code", "strong", "em", "a", "br",
}  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(text=st.text(st.one_of(st.sampled_from("<>&|`*_[]()!\\:/ \"'\n#=-"), st.characters()), min_size=1, max_size=80))
def test_any_goal_text_renders_escaped(text: str):
    """Whatever a goal (its owner, its reason, the author) says, the page holds no element or link the page does not
    make itself, and each Markdown table row keeps its cells."""
    from markdown_it import MarkdownIt

    from journal.report_markdown import report_markdown
    from tests.cli.report_samples import one_goal_report

    page = report_html(one_goal_report(text))
    tags = tags_of(page)
    assert {tag for tag, _attrs in tags} <= ALLOWED_TAGS
    assert all(not (attrs.get("href") or "").lower().startswith(("javascript", "data", "vbscript"))
               for _tag, attrs in tags)  # fmt: skip
    tokens = MarkdownIt("commonmark").enable("table").parse(report_markdown(one_goal_report(text)))
    cells_per_row: list[int] = []
    for token in tokens:
        if token.type == "tr_open":
            cells_per_row.append(0)
        elif token.type in ("td_open", "th_open"):
            cells_per_row[-1] += 1
    assert cells_per_row == [7, 7, 5, 5, 5, 4, 4, 2, 2]


def test_output_file_and_errors(run, example: Path, tmp_path: Path):
    out = tmp_path / "q1.md"
    run("report", "q1-2025", "-o", str(out))
    assert out.read_text() == run("report", "q1-2025").stdout
    before = snapshot(example)
    cases = [
        (("report", "q5-2025"), 2, "Error: not a period: 'q5-2025'"),
        (("report", "2031-q1"), 2, "Error: Q1 2031 has no document ('journal new 2031-q1' writes one)"),
        (("report", "--html", str(tmp_path)), 2, "Error: Invalid value for '--html'"),
        (("report", "--html", "x.html", "--format", "markdown"), 2, "Error: choose one format: html, markdown"),
        (("report", "--html", "x.html", "-o", "y.html"), 2, "Error: --html FILE already names the file"),
    ]
    for args, code, start in cases:
        result = run(*args, expect=code)
        assert result.stderr.startswith(start) and len(result.stderr.splitlines()) == 1, result.stderr
        assert result.stdout == ""
    after = snapshot(example)
    assert {k: v for k, v in after.items() if not k.startswith("ledger/")} == {
        k: v for k, v in before.items() if not k.startswith("ledger/")
    }


def test_no_document_at_all(run, journal_dir: Path):
    result = run("report", expect=2)
    assert result.stderr == (
        "Error: no quarter has a document yet (name a period, or write one with 'journal new this')\n"
    )


def test_stats_svg_is_self_contained(run, example: Path, tmp_path: Path):
    chart = tmp_path / "chart.svg"
    run("stats", "--svg", str(chart))
    text = chart.read_text()
    assert_self_contained(text)
    assert "monospace" in text and "Fira Code" not in text
