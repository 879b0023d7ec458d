"""`journal stats`: goals set, done, dropped, carried and open per period."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import assert_usage_error
from tests.conftest import snapshot, write


def test_stats_plain_and_svg(run, journal_dir: Path, tmp_path: Path):
    write(journal_dir, "entries/2025-q1.md", "# Q1\n\n## Goals\n\n- [x] a\n- [x] b\n- [ ] c\n- [-] d\n")
    out = run("stats").stdout.splitlines()
    assert out[0].split() == ["PERIOD", "SET", "DONE", "DROPPED", "CARRIED", "OPEN", "RATE", "COMPLETION"]
    assert out[1].startswith("2025-q1  4    2     1        0        1     50%   ██████████··········")
    svg = tmp_path / "chart.svg"
    run("stats", "--svg", str(svg))
    assert svg.read_text().startswith("<svg") and "2025-q1" in svg.read_text()
    assert run("stats", "--since", "2026-q1").stderr == "No goals yet.\n"


def test_stats_of_the_example_journal(run, example: Path):
    stats = json.loads(run("stats", "--json").stdout)
    assert list(stats) == ["periods", "longest_open"]
    assert [
        (r["period"], r["label"], r["set"], r["done"], r["in_progress"], r["open"], r["dropped"], r["carried_out"],
         r["carried_in"])
        for r in stats["periods"]
    ] == [
        # Four goals are in both Q4 documents (the personal one and the team report): each counted once
        ("2024-q4", "Q4 2024", 5, 2, 0, 0, 1, 2, 0),
        ("2025-q1", "Q1 2025", 16, 8, 1, 7, 0, 0, 2),
        ("2025-q2", "Q2 2025", 10, 0, 0, 10, 0, 0, 0),
    ]  # fmt: skip
    assert [round(r["rate"], 4) for r in stats["periods"]] == [0.4, 0.5, 0.0]
    # Measurable goals (the CI, running and review-share goals): how many met their target (done counts)
    assert [(r["measurable"], r["targets_met"]) for r in stats["periods"]] == [(0, 0), (5, 1), (4, 0)]
    oldest = stats["longest_open"]
    assert [(g["text"], g["carried"]) for g in oldest] == [
        ("Write the service-ownership RFC", 1),
        ("Complete the GraphQL migration of the tracking API", 0),
        ("Add config drift detection to every deploy pipeline", 0),
        ("Bring monorepo CI under 10 minutes", 0),
        ("Onboard Farid and Lucía, both on-call by the end of March", 0),
    ]
    ids = [g["id"] for g in oldest]
    assert run("stats").stdout == (
        "PERIOD   SET  DONE  DROPPED  CARRIED  OPEN  RATE  TARGETS  COMPLETION\n"
        "2024-q4  5    2     1        2        0     40%   -        ████████············\n"
        "2025-q1  16   8     0        0        8     50%   1/5      ██████████··········\n"
        "2025-q2  10   0     0        0        10    0%    0/4      ····················\n"
        "\n"
        "Open the longest:\n"
        "ID      AGE          PERIOD   TEXT\n"
        f"{ids[0]}  carried 1    2025-q1  Write the service-ownership RFC\n"
        f"{ids[1]}  not carried  2025-q1  Complete the GraphQL migration of the tracking API\n"
        f"{ids[2]}  not carried  2025-q1  Add config drift detection to every deploy pipeline\n"
        f"{ids[3]}  not carried  2025-q1  Bring monorepo CI under 10 minutes\n"
        f"{ids[4]}  not carried  2025-q1  Onboard Farid and Lucía, both on-call by the end of March\n"
    )


def test_stats_since_and_until_choose_the_periods_and_their_kind(run, example: Path):
    periods = lambda *args: [r["period"] for r in json.loads(run("stats", "--json", *args).stdout)["periods"]]  # noqa: E731
    assert periods("--since", "2025-q1") == ["2025-q1", "2025-q2"]
    assert periods("--until", "Q1 2025") == ["2024-q4", "2025-q1"]
    assert periods("--since", "2025-q1", "--until", "2025-q1") == ["2025-q1"]
    # A year names the kind; its quarters' goals roll up into it (as `goals --period 2024` lists them):
    # 2024 holds only Q4's goals, so its numbers are Q4's.
    rows = {r["period"]: r for r in json.loads(run("stats", "--json", "--since", "2024").stdout)["periods"]}
    assert list(rows) == ["2024", "2025"]
    quarter = {r["period"]: r for r in json.loads(run("stats", "--json").stdout)["periods"]}["2024-q4"]
    assert {k: v for k, v in rows["2024"].items() if k not in ("period", "label")} == {
        k: v for k, v in quarter.items() if k not in ("period", "label")
    }
    listed = json.loads(run("goals", "--all", "--period", "2024", "--json").stdout)
    assert rows["2024"]["set"] == len({g["id"] for g in listed if g["status"] != "removed"})


def test_stats_errors_are_one_line_and_write_nothing(run, example: Path, tmp_path: Path):
    run("sync")
    before = snapshot(example)
    for option in ("--since", "--until"):
        bad = run("stats", option, "q5-2025", expect=2)
        assert bad.stderr.startswith("Error: not a period: 'q5-2025'") and len(bad.stderr.splitlines()) == 1
    missing = tmp_path / "no-such-folder" / "chart.svg"
    failed = run("stats", "--svg", str(missing), expect=8)
    assert failed.stderr == f"Error: cannot write {missing}: No such file or directory\n"
    assert_usage_error(run("stats", "--bogus", expect=2), "No such option '--bogus'.", "stats")
    assert snapshot(example) == before


def test_stats_that_cannot_write_its_svg_prints_no_table(run, example: Path, tmp_path: Path):
    result = run("stats", "--svg", str(tmp_path / "no-such-folder" / "chart.svg"), expect=8)
    assert result.stdout == ""


def test_a_carried_goals_target_is_counted_by_the_day_it_was_carried(run, journal_dir: Path, monkeypatch):
    """A value measured once the goal was carried into Q3 is Q3's: Q2's count stays as it was when carried."""
    write(journal_dir, "entries/2025-q2.md", "# Q2 2025\n\n## Goals\n\n- [ ] Run 150 km over the quarter\n")
    monkeypatch.setenv("JOURNAL_NOW", "2025-06-20")
    run("sync")
    goal_id = json.loads(run("goals", "--json").stdout)[0]["id"]
    run("track", goal_id, "70km")
    monkeypatch.setenv("JOURNAL_NOW", "2025-07-02")
    run("new", "2025-q3")

    def targets() -> list[tuple[str, int, int]]:
        periods = json.loads(run("stats", "--json").stdout)["periods"]
        return [(p["period"], p["measurable"], p["targets_met"]) for p in periods]

    assert targets() == [("2025-q2", 1, 0), ("2025-q3", 1, 0)]
    monkeypatch.setenv("JOURNAL_NOW", "2025-08-01")
    run("track", goal_id, "160km")
    assert targets() == [("2025-q2", 1, 0), ("2025-q3", 1, 1)]
    assert "0 of 1 targets met" in run("review", "2025-q2", "--print").stdout
    # Measured before it was carried (`--on` Q2's last day), it is Q2's too.
    run("track", goal_id, "155km", "--on", "2025-06-30")
    assert targets() == [("2025-q2", 1, 1), ("2025-q3", 1, 1)]


def test_a_marker_typed_before_the_carry_does_not_move_its_targets_cutoff(run, journal_dir: Path, monkeypatch):
    """`[>]` typed in March, carried by `new` in April: the March value still counts for Q1 (the cutoff is the
    day the later link was made, not the marker's history entry)."""
    path = write(journal_dir, "entries/2025-q1.md", "# Q1 2025\n\n## Goals\n\n- [ ] Run 300 km over the quarter\n")
    monkeypatch.setenv("JOURNAL_NOW", "2025-03-01")
    run("sync")
    goal_id = json.loads(run("goals", "--json").stdout)[0]["id"]
    path.write_text(path.read_text().replace("- [ ]", "- [>]"))
    monkeypatch.setenv("JOURNAL_NOW", "2025-03-20")
    run("sync")
    monkeypatch.setenv("JOURNAL_NOW", "2025-03-25")
    run("track", goal_id, "310km")
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-05")
    run("new", "2025-q2")
    periods = json.loads(run("stats", "--json").stdout)["periods"]
    assert [(p["period"], p["measurable"], p["targets_met"]) for p in periods][0] == ("2025-q1", 1, 1)
    assert "1 of 1 targets met" in run("review", "2025-q1", "--print").stdout
