"""`journal metrics`: every metric by period, one metric with its sources, --json, --svg, goals following one."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

from tests.conftest import snapshot, write

EXAMPLE_METRICS = """\
METRIC                           Q3 2024  Q4 2024  TREND
Deploys per week                 31       44       ▁█
Lead time for changes (days)     3.8      2.1      █▁
Change failure rate              9%       6%       █▁
Time to restore service (hours)  2.4      1.1      █▁
Incidents (Sev 1 / Sev 2)        0 / 3    0 / 2
Monorepo CI (minutes)            23       19       █▁
On-call pages per week           14       9        █▁
p50 latency                      190 ms   85 ms    █▁
p95 latency                      840 ms   310 ms   █▁
Error rate                       0.41%    0.12%    █▁

To check:
  entries/2024-q4-report.md:25: On-call pages per week: Change says -63%, but its values give -35.7%
"""

EXAMPLE_MONOREPO = """\
Monorepo CI (minutes): █▁
PERIOD   VALUE  WHERE
Q3 2024  23     entries/2024-q4-report.md:24
Q4 2024  19     entries/2024-q4-report.md:24
Change -17% (entries/2024-q4-report.md:24) matches its values
Goals following it:
ID      STATUS       PERIOD   PROGRESS         TEXT
c6z0e2  open         2025-q1  ███▏······  30%  Bring monorepo CI under 10 minutes
v06kno  in progress  2025-q1  ███▏······  30%  **Developer Experience** - monorepo CI under 10 minutes
e1z6t3  open         2025-q2  ███▏······  30%  Cut monorepo CI to under 10 minutes at p90 @jonas #ci
Source lines:
  entries/2024-q4-report.md:24: | Monorepo CI (minutes) | 23 | 19 | -17% |
"""


def test_metrics_lists_every_metric_of_the_example_with_its_trend_and_the_change_that_does_not_add_up(run, example):
    result = run("metrics")
    assert result.stdout == EXAMPLE_METRICS
    assert result.stderr == ""


def test_one_metric_by_prefix_shows_its_values_sources_checks_and_goals(run, example):
    assert run("metrics", "MONO").stdout == EXAMPLE_MONOREPO
    assert run("metrics", "monorepo", "ci").stdout == EXAMPLE_MONOREPO  # unquoted words are one name


def test_json_holds_values_units_checks_goals_and_sources(run, example):
    data = json.loads(run("metrics", "--json").stdout)
    assert data["skipped"] == []
    by_name = {m["name"]: m for m in data["metrics"]}
    assert len(by_name) == 10
    rate = by_name["Change failure rate"]
    assert [(v["period"], v["value"], v["unit"], v["text"]) for v in rate["values"]] == [
        ("2024-q3", 9, "%", "9%"), ("2024-q4", 6, "%", "6%")]  # fmt: skip
    assert rate["changes"][0] | {"source": "", "line": 0} == {
        "text": "-3 pts", "from": "2024-q3", "to": "2024-q4", "expected": "-3 pts", "matches": True,
        "source": "", "line": 0}  # fmt: skip
    pages = by_name["On-call pages per week"]["changes"][0]
    assert (pages["matches"], pages["expected"], pages["line"]) == (False, "-35.7%", 25)
    assert by_name["Lead time for changes (days)"]["unit"] == "days"  # from the name
    assert by_name["Monorepo CI (minutes)"]["goals"] == ["c6z0e2", "v06kno", "e1z6t3"]
    one = json.loads(run("metrics", "p95", "--json").stdout)
    assert one["source_lines"] == [
        {"source": "entries/2024-q4-report.md", "line": 30, "text": "| p95 latency | 840 ms | 310 ms |"}]  # fmt: skip


def test_an_unknown_or_ambiguous_name_is_one_line_exit_2(run, example):
    result = run("metrics", "uptime", expect=2)
    assert result.stderr == "Error: no metric is named 'uptime' ('journal metrics' lists them)\n"
    result = run("metrics", "p", expect=2)
    assert result.stderr == "Error: 'p' names 2 metrics: 'p50 latency', 'p95 latency' (type more of the name)\n"
    assert result.stdout == ""


def test_reading_metrics_writes_nothing_once_synced(run, example):
    run("sync")
    before = snapshot(example)
    run("metrics")
    run("metrics", "deploys", "--json")
    assert snapshot(example) == before


def test_a_journal_without_tables_says_so(run, journal_dir):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n- [ ] a goal\n")
    result = run("metrics")
    assert result.stdout == ""
    assert result.stderr.startswith("No metrics: no table in the documents has periods")
    assert json.loads(run("metrics", "--json").stdout) == {"metrics": [], "skipped": []}


def test_a_document_with_conflict_markers_is_skipped_and_named(run, journal_dir):
    write(journal_dir, "entries/2024-q4.md", "| M | Q3 2024 | Q4 2024 |\n|---|---|---|\n| Uptime | 99.1% | 99.5% |\n")
    write(journal_dir, "entries/2025-q1.md", "# Q1\n<<<<<<< ours\n| M | Q1 2025 |\n=======\nx\n>>>>>>> theirs\n")
    result = run("metrics", expect=None)
    assert result.exit_code == 4  # the sync every command starts with refuses it, naming the file and line
    assert result.stderr.count("\n") == 1 and "entries/2025-q1.md" in result.stderr and "conflict" in result.stderr


def test_svg_is_a_self_contained_chart_with_the_text_escaped(run, journal_dir, tmp_path: Path):
    write(journal_dir, "entries/2024-q4.md",
          "| M | Q3 2024 | Q4 2024 |\n|---|---|---|\n| <script>alert(1)</script> & co | 1 | 2 |\n"
          "| Uptime | 99.1% | n/a |\n")  # fmt: skip
    chart = tmp_path / "chart.svg"
    result = run("metrics", "--svg", str(chart))
    assert result.stderr == f"Saved the chart to {chart}\n"
    text = chart.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "<svg" in text and text.rstrip().endswith("</svg>")
    assert "<script" not in text and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in text
    assert "http" not in text.replace("http://www.w3.org/2000/svg", "")  # nothing fetched
    run("metrics", "upt", "--svg", str(chart))
    assert "Uptime" in chart.read_text(encoding="utf-8") and "script" not in chart.read_text(encoding="utf-8")
    result = run("metrics", "--svg", str(tmp_path), expect=2)
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1


def test_svg_to_a_fifo_is_written_through_not_replaced(run, journal_dir, tmp_path: Path):
    write(journal_dir, "entries/2024-q4.md", "| M | Q3 2024 | Q4 2024 |\n|---|---|---|\n| Uptime | 1 | 2 |\n")
    fifo = tmp_path / "chart.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        run("metrics", "--svg", str(fifo))
        data = os.read(reader, 1 << 20)
    finally:
        os.close(reader)
    assert data.startswith(b"<?xml") and fifo.is_fifo()


def _metric_fields(journal_dir: Path) -> dict[str, str]:
    """Each ledger goal with a ``metric`` field: its text -> the field."""
    found = {}
    for path in (journal_dir / "ledger").glob("*.toml"):
        for goal in tomllib.loads(path.read_text(encoding="utf-8")).get("goals", {}).values():
            if "metric" in goal:
                found[goal["text"]] = goal["metric"]
    return found


def test_follow_writes_the_metric_in_the_goals_ledger_table_and_unfollow_stops_even_its_words(run, example):
    result = run("metrics", "deploys", "--follow", "y5m")
    assert result.stdout == (  # a metric without a unit is read in the goal's: its latest value is 44 (km)
        "y5mjfk follows Deploys per week: Run 300 km over the quarter\n"
        "  target reach 300 km: 44 km now, █▌········ 14% of the way\n"
    )
    assert _metric_fields(example) == {"Run 300 km over the quarter": "Deploys per week"}  # its latest link's
    assert "y5mjfk" in json.loads(run("metrics", "deploys", "--json").stdout)["goals"]
    assert json.loads(run("goals", "--json").stdout)[0].keys() >= {"metric"}
    result = run("metrics", "--unfollow", "c6z")
    assert result.stdout == "c6z0e2 follows no metric: Bring monorepo CI under 10 minutes\n"
    assert _metric_fields(example)["Bring monorepo CI under 10 minutes"] == ""
    assert json.loads(run("metrics", "mono", "--json").stdout)["goals"] == ["v06kno", "e1z6t3"]
    document = (example / "entries/2024-q4-report.md").read_bytes()
    assert document == (Path(__file__).parents[2] / "examples/entries/2024-q4-report.md").read_bytes()


def test_follow_errors_are_one_line(run, example):
    assert run("metrics", "deploys", "--follow", "zzzz", expect=3).stderr.count("\n") == 1
    assert run("metrics", "nothing", "--follow", "y5m", expect=2).stderr.startswith("Error: no metric is named")
    assert run("metrics", "--follow", "y5m", expect=2).stderr.startswith("Error: --follow needs the metric's NAME")
    assert run("metrics", "x", "--unfollow", "y5m", expect=2).stderr.startswith("Error: --unfollow takes no NAME")


def test_the_review_asks_about_a_metric_that_moved_the_wrong_way(run, journal_dir, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    write(journal_dir, "entries/2025-q1.md",
          "# Q1 2025\n\n## Goals\n\n- [ ] Bring monorepo CI under 10 minutes\n- [ ] Grow deploys per week\n\n"
          "## Metrics\n\n| Metric | Q4 2024 | Q1 2025 |\n|---|---|---|\n| Monorepo CI (minutes) | 19 | 21 |\n"
          "| Deploys per week | 40 | 44 |\n")  # fmt: skip
    printed = run("review", "2025-q1", "--print").stdout
    assert ("'Bring monorepo CI under 10 minutes' follows Monorepo CI (minutes), which moved the wrong way: "
            "19 in Q4 2024, 21 in Q1 2025. What happened?") in printed  # fmt: skip
    assert "Grow deploys" not in printed.split("## Open goals")[1].split("\n\n", 2)[2]  # it moved the right way


def test_two_documents_disagreeing_on_a_value_are_listed_to_check(run, journal_dir):
    write(journal_dir, "entries/2024-q4.md", "| M | Q3 2024 | Q4 2024 |\n|---|---|---|\n| Uptime | 99.1% | 99.5% |\n")
    write(journal_dir, "entries/2025-q1.md", "| M | Q4 2024 | Q1 2025 |\n|---|---|---|\n| uptime | 99.4% | 99.7% |\n")
    assert run("metrics").stdout == (
        "METRIC  Q3 2024  Q4 2024  Q1 2025  TREND\n"
        "Uptime  99.1%    99.4%    99.7%    ▁▅█\n"
        "\n"
        "To check:\n"
        "  entries/2024-q4.md:3: Uptime, Q4 2024: 99.5% here, 99.4% in entries/2025-q1.md:3 (kept)\n"
    )
    assert "Conflict in Q4 2024: 99.5% in entries/2024-q4.md:3, 99.4% in entries/2025-q1.md:3 (kept)" in run(
        "metrics", "uptime"
    ).stdout


def test_the_review_writes_the_answer_to_the_wrong_way_question_into_the_document(run, journal_dir, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    path = write(journal_dir, "entries/2025-q1.md",
                 "# Q1 2025\n\n## Goals\n\n- [ ] Reduce error rate below 0.1%\n\n"
                 "| Metric | Value |\n|---|---|\n| Error rate | 0.2% |\n")  # fmt: skip
    write(journal_dir, "entries/2024-q4.md", "# Q4 2024\n\n| Metric | Q4 2024 |\n|---|---|\n| Error rate | 0.15% |\n")
    out = run("review", "2025-q1", input="k\nA noisy retry loop\n").stdout
    question = ("'Reduce error rate below 0.1%' follows Error rate, which moved the wrong way: 0.15% in Q4 2024, "
                "0.2% in Q1 2025. What happened?")  # fmt: skip
    assert question in out
    text = path.read_text(encoding="utf-8")
    assert f"*{question}*\n\nA noisy retry loop\n" in text
    assert question not in run("review", "2025-q1", "--print").stdout.split("## Questions")[1]  # answered: not again


def test_a_goal_carried_into_a_new_link_keeps_following_the_metric_it_was_given(run, journal_dir):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [ ] Ship the thing\n\n"
          "| Metric | Q4 2024 | Q1 2025 |\n|---|---|---|\n| Deploys per week | 30 | 40 |\n")  # fmt: skip
    write(journal_dir, "entries/2025-q2.md", "# Q2\n")
    goal_id = json.loads(run("goals", "--json").stdout)[0]["id"]
    run("metrics", "deploys", "--follow", goal_id)
    run("carry", "q1-2025")
    [latest] = [g for g in json.loads(run("goals", "--json").stdout) if g["status"] == "open"]
    assert latest["link_id"] != goal_id and latest["metric"] is None  # the new link's table names none...
    assert json.loads(run("metrics", "deploys", "--json").stdout)["goals"] == [goal_id]  # ...its lineage does
