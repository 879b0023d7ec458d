"""`review --print` from a lazy ledger gives what the whole ledger gives, with or without the caches.

The review reads the period's goals and the undecided goals of earlier periods from the link rows
(journal/stale_rows.py: each ledger file's undecided goals cached in .journal/undecided.marshal) and the
documents' headings from .journal/headings.marshal (journal/heading_cache.py): each answer is compared
with the one the whole ledger (every file decoded) and no cache give.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.generate import build_journal
from journal.config import open_journal
from journal.ledger import Goal, Ledger
from journal.ledger.cache import Cache
from journal.ledger.reading import load_ledger
from journal.periods import from_key
from journal.queries import stale_goals
from journal.review_plan import plan_review, review_markdown
from journal.stale_rows import lineage_ids, stale_goals_from_rows
from journal.sync import sync_journal
from tests.conftest import modules_after

NOW = "2025-07-20"


@pytest.fixture
def generated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A generated journal (the benchmark's generator: goals open, done, carried across many periods), synced."""
    root = tmp_path / "generated"
    build_journal(root, goals=700, seed=5)
    monkeypatch.setenv("JOURNAL_DIR", str(root))
    monkeypatch.setenv("JOURNAL_NOW", NOW)
    monkeypatch.setenv("NO_COLOR", "1")
    sync_journal(open_journal(None)[0])
    return root


def quarters(root: Path) -> list[str]:
    """The quarters the journal has a document of, in order."""
    return sorted(p.stem for p in (root / "entries").glob("*.md") if re.fullmatch(r"\d{4}-q\d", p.stem))


def review_print(root: Path, period: str) -> subprocess.CompletedProcess[str]:
    """`journal review PERIOD --print` as its own process (the caches as a real run finds and leaves them)."""
    env = {**os.environ, "JOURNAL_DIR": str(root), "JOURNAL_NOW": NOW, "NO_COLOR": "1", "COLUMNS": "80"}
    code = "import sys; from journal.launcher import main; sys.argv = sys.argv[1:]; sys.exit(main())"
    args = [sys.executable, "-c", code, "journal", "review", period, "--print"]
    return subprocess.run(args, env=env, capture_output=True, text=True, check=True)


def test_the_plan_from_the_link_rows_is_the_plan_from_every_goal(generated: Path):
    journal = open_journal(None)[0]
    for key in quarters(generated)[-4:]:
        period = from_key(key)
        whole = load_ledger(journal, Cache(journal))
        lazy = load_ledger(journal, Cache(journal), lazy=True)
        expected = plan_review(journal, whole, period)
        found = plan_review(journal, lazy, period)
        assert review_markdown(found, lazy) == review_markdown(expected, whole)
        assert found.earlier_goals == expected.earlier_goals  # every field of every goal, in the same order
        assert found.open_goals == expected.open_goals
        assert not lazy.goals.complete  # the point: not every ledger file decoded
    assert "## Undecided from earlier periods" in review_markdown(expected, whole)


def test_stale_goals_and_their_ids_from_the_rows(generated: Path):
    journal = open_journal(None)[0]
    whole = load_ledger(journal, Cache(journal))
    asked = [from_key(key).start for key in quarters(generated)[::3]]
    for start in [*asked, *asked[-2:], asked[0]]:  # worked out, then the last two kept answers, then again
        goals, shown = stale_goals_from_rows(journal, load_ledger(journal, Cache(journal), lazy=True), start)
        assert goals == stale_goals(whole, start)
        assert shown == {goal.id: whole.lineage_id(whole.goals[goal.id]) for goal in goals if goal.id in shown}
        assert len(shown) >= len(goals) * 0.9  # most are decided by the rows alone
    # A whole ledger is asked goal by goal.
    assert stale_goals_from_rows(journal, whole, start) == (stale_goals(whole, start), {})


def test_review_print_is_the_same_with_no_cache_a_warm_one_and_a_damaged_one(generated: Path):
    period = quarters(generated)[-1]
    state = generated / ".journal"
    cold = review_print(generated, period).stdout
    assert (state / "undecided.marshal").is_file()
    assert (state / "headings.marshal").is_file()
    assert review_print(generated, period).stdout == cold
    assert (state / "stale.marshal").is_file()
    assert (state / "names.marshal").is_file()
    for name in ("undecided.marshal", "headings.marshal", "stale.marshal", "names.marshal"):
        (state / name).write_bytes(b"\x00not marshal")
    assert review_print(generated, period).stdout == cold
    shutil.rmtree(state)
    assert review_print(generated, period).stdout == cold
    assert "## Undecided from earlier periods" in cold


def test_a_ledger_file_edited_by_hand_is_read_again(generated: Path):
    period = quarters(generated)[-1]
    before = review_print(generated, period).stdout  # every cache warm
    undecided = before.split("## Undecided from earlier periods")[1]
    shown_id = re.search(r"\(`(\w+)`, for ([\w-]+), ", undecided)
    assert shown_id is not None
    ledger_file = next(p for p in (generated / "ledger").glob("*.toml") if f"[goals.{shown_id[1]}]" in p.read_text())
    text = ledger_file.read_text(encoding="utf-8")
    table = text.index(f"[goals.{shown_id[1]}]")
    line = re.compile(r'^text = "(.*)"$', re.MULTILINE).search(text, table)
    assert line is not None
    ledger_file.write_text(text[: line.start(1)] + "Edited by hand" + text[line.end(1) :], encoding="utf-8")
    after = review_print(generated, period).stdout
    assert "Edited by hand" in after.split("## Undecided from earlier periods")[1]
    journal = open_journal(None)[0]
    whole = load_ledger(journal, Cache(journal))
    assert after == review_markdown(plan_review(journal, whole, from_key(period)), whole)


def test_a_warm_review_print_imports_no_markdown_parser(generated: Path):
    period = quarters(generated)[-1]
    review_print(generated, period)  # the headings cached
    loaded, _printed = modules_after(["review", period, "--print"], generated, env={"JOURNAL_NOW": NOW})
    assert "markdown_it" not in loaded
    assert "journal.review" not in loaded  # the flow that asks is not needed to print


def test_a_section_emptied_and_answered_again_is_asked_then_not(generated: Path):
    period = quarters(generated)[-1]
    document = generated / "entries" / f"{period}.md"
    text = document.read_text(encoding="utf-8")
    assert "### Gratitude" not in review_print(generated, period).stdout  # answered; the headings now cached
    start = text.index("## Gratitude\n")
    end = text.find("\n## ", start + 1)
    emptied = text[:start] + "## Gratitude\n\n" + (text[end + 1 :] if end != -1 else "")
    document.write_text(emptied, encoding="utf-8")
    assert "### Gratitude\n\n- Who or what are you grateful for" in review_print(generated, period).stdout
    document.write_text(emptied.replace("## Gratitude\n\n", "## Gratitude\n\nThe team.\n\n"), encoding="utf-8")
    assert "### Gratitude" not in review_print(generated, period).stdout


# Link structures written by hand: chains, merges, splits, loops and links to ids that are not there.
_IDS = [f"g{n}" for n in range(8)]
_links = st.lists(st.tuples(st.sampled_from([None, *_IDS, "gone"]), st.sampled_from([None, *_IDS, "gone"])),
                  min_size=len(_IDS), max_size=len(_IDS))  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_links, st.lists(st.sampled_from(["open", "carried", "removed", "done"]), min_size=8, max_size=8))
def test_lineage_ids_from_the_rows_are_the_ledgers(links, statuses):
    goals = {
        goal_id: Goal(
            goal_id,
            f"2025-q{n % 4 + 1}",
            f"goal {n}",
            statuses[n],
            "checkbox",
            f"doc{n % 3}.md",
            n % 5,
            carried_from=links[n][0],
            carried_to=links[n][1],
        )  # fmt: skip
        for n, goal_id in enumerate(_IDS)
    }
    ledger = Ledger(goals=goals, files={})
    by_id = {row[0]: row for row in ledger.link_rows()}
    found = lineage_ids(ledger, by_id, list(goals.values()))
    for goal_id, shown in found.items():
        assert shown == Ledger(goals=dict(goals), files={}).lineage_id(goals[goal_id])
    named = {g.carried_from for g in goals.values()} | {g.carried_to for g in goals.values()}
    lone = [
        g for g in goals.values() if g.carried_from not in goals and g.carried_to not in goals and g.id not in named
    ]
    assert all(goal.id in found for goal in lone)  # a goal with no link is its own lineage


def test_metrics_are_worked_out_only_for_the_metrics_asked(generated: Path):
    from journal.metrics import read_metrics

    journal = open_journal(None)[0]
    found = read_metrics(journal)
    assert len(found.series) >= 2
    first, others = found.series[0], found.series[1:]
    assert first.values  # worked out at its first use
    assert "_pending" not in vars(first) and all("_pending" in vars(one) for one in others)
    again = read_metrics(journal)
    assert [one.as_dict() for one in found.series] == [one.as_dict() for one in again.series]
    assert found.series == again.series  # every field, each series worked out once
    assert not any("_pending" in vars(one) for one in found.series)
    with pytest.raises(AttributeError):
        _ = first.no_such_field
