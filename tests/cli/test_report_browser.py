"""`journal report --html` opened in a real browser: headless Chromium (Debian's), driven by Playwright.

Skipped only when Chromium or Playwright is missing and CI is not set: in CI a missing browser fails.
Playwright never downloads a browser here; it drives /usr/bin/chromium. The screenshot in docs/ is
made by this module: `python -m tests.cli.test_report_browser docs/report-example.png`.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from journal.cli import cli
from tests.conftest import EXAMPLES

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PERIOD = "2025-q1"
ENV = {"JOURNAL_NOW": "2025-04-15", "NO_COLOR": "1"}


def _require_browser() -> None:
    missing = [what for what, ok in (("chromium at /usr/bin/chromium", CHROMIUM.exists()),
               ("playwright", importlib.util.find_spec("playwright") is not None)) if not ok]  # fmt: skip
    if not missing:
        return
    message = f"{' and '.join(missing)} missing: install with `apt-get install chromium` and `pip install -e '.[test]'`"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def make_example_report(root: Path) -> tuple[Path, list[Any]]:
    """A copy of examples/ at ``root`` and its report of Q1 2025 as HTML; returns the page and Q1's goals.

    Each goal comes with its goal's id (its lineage's, what the page shows) as ``id``.
    """
    from dataclasses import replace

    from journal.config import open_journal
    from journal.periods import from_key
    from journal.stats import goals_for
    from journal.sync import sync_journal

    shutil.copytree(EXAMPLES, root)
    page = root / "report.html"
    with pytest.MonkeyPatch.context() as patch:
        for name, value in ENV.items():
            patch.setenv(name, value)
        result = CliRunner().invoke(cli, ["--dir", str(root), "report", PERIOD, "--html", str(page)])
        assert result.exit_code == 0, result.output
        journal, _created = open_journal(str(root))
        ledger, _report = sync_journal(journal)
    return page, [replace(goal, id=ledger.lineage_id(goal)) for goal in goals_for(ledger, from_key(PERIOD).key)]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def example_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    return make_example_report(tmp_path_factory.mktemp("report") / "journal")


class OpenedPage:
    """A page opened on the report, with what the browser said and asked for while loading it."""

    def __init__(self, browser: Any, path: Path, width: int) -> None:
        self.console: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))
        self.page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.url = path.as_uri()
        self.page.goto(self.url, wait_until="load")


@pytest.fixture
def opened(browser: Any, example_report: tuple[Path, list[Any]]) -> Iterator[OpenedPage]:
    page = OpenedPage(browser, example_report[0], 1000)
    yield page
    page.page.close()


def test_no_console_error_and_no_request_but_the_file(opened: OpenedPage):
    assert opened.console == []
    assert opened.requests == [opened.url]


def plain(text: str) -> str:
    """Goal text as the page shows it: inline Markdown marks gone, spaces collapsed."""
    return " ".join(re.sub(r"\*\*|__|`", "", text).split())


def test_every_goal_of_the_period_is_on_the_page(opened: OpenedPage, example_report: tuple[Path, list[Any]]):
    goals = example_report[1]
    assert len(goals) == 16  # as `journal stats` counts Q1 2025 of the example journal
    shown = " ".join(opened.page.inner_text("body").split())
    for goal in goals:
        assert plain(goal.text) in shown, goal.text
        card = opened.page.locator(f"#goal-{goal.id}")
        assert card.is_visible()
        assert plain(goal.text) in " ".join(card.inner_text().split())


def test_chart_present_with_its_text_alternative(opened: OpenedPage):
    chart = opened.page.get_by_role("img", name="Completion per quarter, up to Q1 2025")
    assert chart.count() == 1
    box = chart.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 80
    described = opened.page.evaluate(
        "() => document.getElementById(document.querySelector('svg[role=img]')"
        ".getAttribute('aria-labelledby').split(' ')[1]).textContent"
    )
    assert described.startswith("Share of goals done per quarter, Q1 2025 marked: Q4 2024 ")
    assert re.fullmatch(r".*: Q4 2024 \d+% \(\d+ of \d+\); Q1 2025 \d+% \(\d+ of 16\)\.", described), described
    assert opened.page.locator("figcaption").inner_text() == described  # the same words for every reader


def test_headings_in_order(opened: OpenedPage):
    levels = opened.page.evaluate("() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])")
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:], strict=False)), levels


CONTRAST_SCRIPT = """() => {
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number); return {r: p[0], g: p[1], b: p[2], a: p[3] ?? 1}; };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const background = (el) => { for (let e = el; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0) return c; }
    return {r: 255, g: 255, b: 255}; };
  const out = []; const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) { const node = walk.currentNode; const el = node.parentElement;
    if (!node.textContent.trim() || el.closest('title, desc')) continue;
    const style = getComputedStyle(el); const fg = parse(el instanceof SVGElement ? style.fill : style.color);
    const [hi, lo] = [lum(fg), lum(background(el))].sort((a, b) => b - a);
    out.push([(hi + 0.05) / (lo + 0.05), el.tagName, node.textContent.trim().slice(0, 40)]); }
  return out; }"""


def test_contrast_of_every_text_on_the_page(opened: OpenedPage):
    """Every piece of text, as the browser computed its colour and background, reaches 4.5:1."""
    ratios = opened.page.evaluate(CONTRAST_SCRIPT)
    assert len(ratios) > 50
    low = [row for row in ratios if row[0] < 4.5]
    assert low == []


def test_phone_width_has_no_horizontal_scrolling(browser: Any, example_report: tuple[Path, list[Any]]):
    phone = OpenedPage(browser, example_report[0], 375)
    try:
        widths = phone.page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
            " Math.max(...[...document.querySelectorAll('body *')].map(e => e.getBoundingClientRect().right))]"
        )
        assert widths[1] == 375
        assert widths[0] <= 375 and widths[2] <= 375, widths
    finally:
        phone.page.close()


LONG = "x" * 300


def test_long_words_and_many_periods_still_fit_a_phone(browser: Any, tmp_path: Path):
    """A goal that is one 300-character word, a long section name and eight quarters in the chart."""
    from journal.config import init_journal
    from tests.conftest import write

    root = tmp_path / "journal"
    init_journal(root)
    for year, quarter in [(y, q) for y in (2023, 2024) for q in (1, 2, 3, 4)]:
        write(root, f"entries/{year}-q{quarter}.md", f"# Q{quarter}\n\n- [x] done {year} {quarter}\n- [ ] open\n")
    write(
        root, "entries/2025-q1.md", f"# Q1\n\n## Goals for {LONG}\n\n- [ ] {LONG}\n- [ ] https://example.org/{LONG}\n"
    )
    page = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["--dir", str(root), "report", "2025-q1", "--html", str(page)], env=ENV)
    assert result.exit_code == 0, result.output
    phone = OpenedPage(browser, page, 375)
    try:
        widths = phone.page.evaluate(
            "() => [document.documentElement.scrollWidth,"
            " Math.max(...[...document.querySelectorAll('body *')].map(e => e.getBoundingClientRect().right))]"
        )
        assert widths[0] <= 375 and widths[1] <= 375, widths
        assert phone.page.locator("svg[role=img] rect").count() == 8  # the last eight quarters with goals
        assert phone.console == [] and phone.requests == [phone.url]
    finally:
        phone.page.close()


PIXELS_SCRIPT = """async (data) => {
  const img = new Image(); img.src = 'data:image/png;base64,' + data; await img.decode();
  const canvas = document.createElement('canvas'); canvas.width = img.width; canvas.height = img.height;
  const context = canvas.getContext('2d'); context.drawImage(img, 0, 0);
  const d = context.getImageData(0, 0, img.width, img.height).data;
  let n = 0, sum = 0, squares = 0; const colours = new Set();
  for (let i = 0; i < d.length; i += 4) { const l = (d[i] + d[i + 1] + d[i + 2]) / 3; sum += l; squares += l * l; n++;
    if (colours.size < 1000) colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]); }
  const mean = sum / n; return {width: img.width, height: img.height, variance: squares / n - mean * mean,
    colours: colours.size}; }"""


def pixel_figures(browser: Any, png: bytes) -> dict[str, float]:
    """Size, luminance variance and number of distinct colours of a PNG, measured in a blank page."""
    import base64

    blank = browser.new_page()
    try:
        return blank.evaluate(PIXELS_SCRIPT, base64.b64encode(png).decode("ascii"))
    finally:
        blank.close()


def test_screenshot_is_not_blank(browser: Any, opened: OpenedPage):
    figures = pixel_figures(browser, opened.page.screenshot(full_page=True))
    assert figures["width"] == 1000 and figures["height"] > 1500
    assert figures["variance"] > 100 and figures["colours"] > 20, figures
    white = pixel_figures(browser, browser_blank_png(browser))
    assert white["variance"] == 0  # the measure itself tells a blank page from a drawn one


def browser_blank_png(browser: Any) -> bytes:
    blank = browser.new_page(viewport={"width": 200, "height": 200})
    try:
        return blank.screenshot()
    finally:
        blank.close()


def test_prints(opened: OpenedPage):
    """The print stylesheet applies and the page prints to PDF (A4)."""
    opened.page.emulate_media(media="print")
    assert opened.page.evaluate("() => getComputedStyle(document.querySelector('main')).maxWidth") == "none"
    pdf = opened.page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 2


def save_screenshot(target: Path, width: int = 900) -> None:
    """The example journal's Q1 2025 report, as a full-page PNG at ``target`` (for the README)."""
    import tempfile

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        page_path, _goals = make_example_report(Path(folder) / "journal")
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = chromium.new_page(viewport={"width": width, "height": 900})
        page.goto(page_path.as_uri())
        page.screenshot(path=str(target), full_page=True)
        chromium.close()


if __name__ == "__main__":
    save_screenshot(Path(sys.argv[1]))
