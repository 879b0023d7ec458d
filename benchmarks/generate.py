"""Build a realistic journal of a given size, for the benchmarks. Standard library only.

    python benchmarks/generate.py DIR --goals 10000 [--documents 2000] [--seed 1]

The journal has a ``journal.toml`` and ``entries/`` (plus empty ``ledger/`` and
``templates/``); run ``journal sync`` to build its ledger. Documents are named
after their period (``2016-w01.md``, ``2016-03.md``, ``2016-q1.md``,
``2016-q1-report.md``) and mix the shapes of DESIGN.md:

* quarterly reflections: Wins/Challenges/Lessons bullets (not goals), a
  ``## Goals for Q1 2016`` task list, ``## Q2 2016 Priorities`` with
  ``### Focus Areas`` (numbered, bold lead-ins), ``### Personal Goals`` and
  ``### Team Goals`` (plain bullets, planned for the next quarter);
* quarterly engineering reports: numbered sections, metric and risk tables,
  fenced SQL/Rust/Python holding ``- [ ] not a goal`` lines, a task list of the
  quarter's goals and ``### Q2 2016 Priorities`` as a task list;
* monthly and weekly notes: task lists in every status (``[ ] [x] [X] [/] [>]
  [-]``), nested and numbered task items, block quotes and HTML comments
  holding task-looking lines, some YAML front matter.

Every document is 3-8 KB. About 15% of the goals end open or in progress; the
rest are done, dropped or carried: a goal marked ``[>]`` (and every planned
goal) is written again, same text, in the next document of its series, so sync
links the two. Exactly ``--goals`` goals are written. The output depends only
on the arguments (``--seed`` included).
"""

from __future__ import annotations

import argparse
import calendar
import math
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

MIN_SIZE = 3000
MAX_SIZE = 8000
MAX_GOALS_PER_DOCUMENT = 45
GOALS_PER_DOCUMENT = 12  # the average when only --goals is given
LAST_YEAR = 2025  # journals end this year, or later when they start in 2016 and need more years
FIRST_YEAR = 2016

# Share of a document's goals by status (checkbox goals written in the document itself).
STATUS_WEIGHTS = {"done": 0.55, "dropped": 0.08, "carried": 0.22, "open": 0.10, "in_progress": 0.05}
MARKERS = {"open": " ", "done": "x", "in_progress": "/", "carried": ">", "dropped": "-"}
# Relative amount of goals by document series.
SERIES_WEIGHT = {"week": 0.7, "month": 1.0, "quarter": 1.6, "report": 1.3}
PLANNED_SHARE = {"quarter": 0.3, "report": 0.25}  # goals planned for the next quarter

AUTHOR = "Dana Whitfield"
TEAM = ("Dana Whitfield", "Amara Osei", "Jonas Berg", "Priyanka Nair", "Farid Haddad", "Lucía Ortega")

VERBS = (
    "Ship", "Migrate", "Document", "Automate", "Review", "Write", "Set up", "Measure", "Reduce",
    "Publish", "Finish", "Draft", "Run", "Prototype", "Refactor", "Benchmark", "Replace", "Audit",
    "Upgrade", "Clean up", "Schedule", "Present", "Test", "Monitor", "Archive", "Design", "Simplify",
    "Harden", "Split", "Retire",
)  # fmt: skip
OBJECTS = (
    "the order service", "the tracking API", "the on-call handbook", "the CI runners",
    "the staging environment", "the GraphQL schema", "the billing exports", "the search index",
    "the mobile release train", "the data retention policy", "the incident templates",
    "the deploy pipeline", "the config drift checker", "the Postgres cluster", "the feature flag service",
    "the onboarding guide", "the SLO dashboard", "the error budget report", "the load tests",
    "the runbooks", "the shipment events table", "the webhooks", "the rate limiter", "the audit log",
    "the analytics warehouse", "the design system", "the release checklist", "the backup restores",
    "the secrets rotation", "the partner integrations", "the support macros", "the hiring loop",
    "the team wiki", "the quarterly budget", "the vendor contracts", "the customer interviews",
    "the accessibility review", "the dependency updates", "the logging pipeline", "the cost report",
    "the architecture notes", "the tracing setup", "the status page", "the canary deploys",
    "the queue workers", "the image resizer", "the notification emails", "the admin console",
    "the data export tool", "the mentoring plan",
)  # fmt: skip
QUALIFIERS = (
    "before the release freeze", "with the mobile team", "for the EU region", "behind a feature flag",
    "under 10 minutes", "with no downtime", "for every service", "by the end of the month",
    "with Amara", "with Jonas", "with Priyanka", "with Farid", "for the new hires", "in the handbook",
    "on the team wiki", "for the Tuesday review", "in staging first", "for the top 20 customers",
    "with a written rollback plan", "and share the numbers", "and retire the old one",
    "with a short demo", "before the budget review", "for the security audit", "using the new runner pool",
    "with alerts on the p95", "and write down the decision", "in two small steps",
    "for the partner launch", "and measure the effect", "with the support team", "on a fixed schedule",
    "for the next planning cycle", "with one page of notes", "and remove the cron job",
    "without paging anyone", "in the shared calendar", "for the board update", "with the finance team",
    "as a pairing session",
)  # fmt: skip
PERSONAL = (
    "Run a 10k", "Read two books", "Take a week off", "Cycle to work twice a week", "Learn to bake bread",
    "Write one blog post", "Call my parents every Sunday", "Practise Spanish daily", "Swim 20 lengths",
    "Visit Lisbon", "Finish the woodworking class", "Sleep before midnight",
)  # fmt: skip
FOCUS = (
    "API Modernization", "Reliability", "Developer Experience", "Team Growth", "Cost", "Security",
    "Data Quality", "Onboarding", "Observability", "Customer Trust",
)  # fmt: skip
PROSE = (
    "the team spent most of the time on follow-up work after the migration and the numbers moved "
    "in the right direction although slower than planned because two people were out for a week "
    "each and the review queue grew again we agreed to keep the scope small write things down early "
    "and ask for help sooner the incident in the middle of the period was short but it showed that "
    "our alerts still fire on symptoms rather than causes and that the runbook was out of date "
    "planning took longer than it should have and the estimates were optimistic as usual"
)
WORDS = PROSE.split()


@dataclass
class DocumentPlan:
    """One document to write: its period, series and goals."""

    key: str
    series: str  # week, month, quarter, report
    label: str
    year: int
    end: date
    goals: int = 0
    next: DocumentPlan | None = None
    incoming: list[str] = field(default_factory=list)  # texts carried or planned into this document

    @property
    def file_name(self) -> str:
        """``2016-q1.md``, ``2016-q1-report.md``, ``2016-03.md``, ``2016-w01.md``."""
        return f"{self.key}-report.md" if self.series == "report" else f"{self.key}.md"


@dataclass
class Goal:
    """A goal line to write."""

    text: str
    status: str = "open"
    nested: bool = False


def _calendar(first_year: int, last_year: int) -> list[DocumentPlan]:
    plans: list[DocumentPlan] = []
    for year in range(first_year, last_year + 1):
        weeks = date(year, 12, 28).isocalendar()[1]
        for week in range(1, weeks + 1):
            end = date.fromisocalendar(year, week, 7)
            plans.append(DocumentPlan(f"{year}-w{week:02d}", "week", f"Week {week}, {year}", year, end))
        for month in range(1, 13):
            end = date(year, month, calendar.monthrange(year, month)[1])
            label = f"{calendar.month_name[month]} {year}"
            plans.append(DocumentPlan(f"{year}-{month:02d}", "month", label, year, end))
        for quarter in range(1, 5):
            end = date(year, quarter * 3, calendar.monthrange(year, quarter * 3)[1])
            for series in ("quarter", "report"):
                plans.append(DocumentPlan(f"{year}-q{quarter}", series, f"Q{quarter} {year}", year, end))
    order = {"week": 0, "month": 1, "quarter": 2, "report": 3}
    plans.sort(key=lambda p: (p.end, order[p.series]))
    return plans


def plan_documents(goals: int, documents: int, rng: random.Random, first_year: int | None = None) -> list[DocumentPlan]:
    """The documents to write, oldest first, with how many goals each holds (exactly ``goals`` in all)."""
    per_year = 72
    years = max(1, math.ceil(documents / per_year))
    if first_year is None:
        first_year = min(FIRST_YEAR, LAST_YEAR - years + 1)
    plans = _calendar(first_year, first_year + years)[:documents]
    last_of: dict[str, DocumentPlan] = {}
    for plan in plans:
        previous = last_of.get(plan.series)
        if previous is not None:
            previous.next = plan
        last_of[plan.series] = plan
    weights = [SERIES_WEIGHT[p.series] * rng.uniform(0.6, 1.4) for p in plans]
    total = sum(weights)
    shares = [goals * w / total for w in weights]
    counts = [min(MAX_GOALS_PER_DOCUMENT, int(s)) for s in shares]
    # Hand out what rounding left over, largest remainder first, never over the cap.
    left = goals - sum(counts)
    order = sorted(range(len(plans)), key=lambda i: shares[i] - int(shares[i]), reverse=True)
    while left > 0:
        progressed = False
        for i in order:
            if left == 0:
                break
            if counts[i] < MAX_GOALS_PER_DOCUMENT:
                counts[i] += 1
                left -= 1
                progressed = True
        if not progressed:
            raise ValueError(
                f"{goals} goals do not fit in {documents} documents of at most {MAX_SIZE} bytes "
                f"({MAX_GOALS_PER_DOCUMENT} goals each); ask for more documents"
            )
    for plan, count in zip(plans, counts, strict=True):
        plan.goals = count
    return plans


class TextMaker:
    """Unique goal texts, deterministic for a random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def goal(self) -> str:
        """A new goal text never returned before."""
        for _attempt in range(20):
            text = f"{self.rng.choice(VERBS)} {self.rng.choice(OBJECTS)} {self.rng.choice(QUALIFIERS)}"
            if text not in self.used:
                self.used.add(text)
                return text
        number = len(self.used)
        text = f"{self.rng.choice(VERBS)} {self.rng.choice(OBJECTS)}, part {number}"
        self.used.add(text)
        return text

    def personal(self) -> str:
        """A new personal goal text (a plain bullet under Personal Goals)."""
        base = self.rng.choice(PERSONAL)
        text = base
        n = 2
        while text in self.used:
            text = f"{base}, round {n}"
            n += 1
        self.used.add(text)
        return text

    def focus(self) -> str:
        """A focus area line with a bold lead-in: ``**Reliability** - Migrate the ...``."""
        text = f"**{self.rng.choice(FOCUS)}** - {self.goal()}"
        self.used.add(text)
        return text

    def sentence(self, words: int | None = None) -> str:
        """A sentence of filler prose."""
        count = words or self.rng.randint(8, 22)
        start = self.rng.randrange(len(WORDS))
        chosen = [WORDS[(start + i) % len(WORDS)] for i in range(count)]
        return " ".join(chosen).capitalize() + "."

    def paragraph(self) -> str:
        """A paragraph of two to five sentences, wrapped near 100 columns."""
        text = " ".join(self.sentence() for _ in range(self.rng.randint(2, 5)))
        lines, line = [], ""
        for word in text.split():
            if line and len(line) + 1 + len(word) > 100:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
        return "\n".join(lines)


def _task(goal: Goal, bullet: str = "-", indent: str = "  ") -> str:
    marker = MARKERS[goal.status]
    if goal.status == "done" and bullet == "*":
        marker = "X"  # an upper-case done marker now and then
    indent = indent if goal.nested else ""
    return f"{indent}{bullet} [{marker}] {goal.text}"


def _tasks(goals: list[Goal], rng: random.Random, numbered: bool = False) -> str:
    lines = []
    for index, goal in enumerate(goals, 1):
        if numbered and not goal.nested:
            lines.append(f"{index}. [{MARKERS[goal.status]}] {goal.text}")
        else:
            lines.append(_task(goal, "-", "   ") if numbered else _task(goal, rng.choice("--*")))
    return "\n".join(lines)


def _metrics_table(rng: random.Random, label: str) -> str:
    rows = ["| Metric | Before | " + label + " | Change |", "| --- | ---: | ---: | ---: |"]
    for name in ("Deploys per week", "Lead time (days)", "Change failure rate", "Restore time (hours)", "Incidents"):
        before = rng.randint(2, 60)
        after = rng.randint(2, 60)
        rows.append(f"| {name} | {before} | {after} | {after - before:+d} |")
    rows.append("| Checklist in a cell | - [ ] not a goal | - | - |")
    return "\n".join(rows)


def _risk_table(rng: random.Random, texts: TextMaker) -> str:
    rows = ["| Risk | Likelihood | Impact | Mitigation | Owner |", "| --- | --- | --- | --- | --- |"]
    for _ in range(rng.randint(2, 4)):
        rows.append(
            f"| {texts.sentence(6)} | {rng.choice(('Low', 'Medium', 'High'))} | "
            f"{rng.choice(('Low', 'Medium', 'High'))} | {texts.sentence(5)} | {rng.choice(TEAM).split()[0]} |"
        )
    return "\n".join(rows)


CODE_BLOCKS = (
    "```sql\nSELECT s.id, s.status, e.kind\nFROM shipments AS s\nJOIN shipment_events AS e ON e.shipment_id = s.id\n"
    "WHERE s.order_id = $1;\n-- - [ ] not a goal: a comment in SQL\n```",
    "```rust\nfn drifted(staging: &Config, prod: &Config) -> Vec<String> {\n"
    "    // - [ ] not a goal\n    prod.keys().filter(|k| staging.get(*k) != prod.get(*k)).cloned().collect()\n}\n```",
    '```python\nRELEASE_CHECKLIST = """\\\n- [ ] not a goal: the script prints this line\n'
    '- [x] not a goal either\n"""\n\n'
    "def print_checklist(version: str) -> None:\n    print(f'Releasing {version}')\n    print(RELEASE_CHECKLIST)\n```",
    "```markdown\n## Goals\n\n- [ ] not a goal: an example inside a fence\n- [/] not a goal either\n```",
    "```\n$ journal goals --open\n- [ ] not a goal: pasted terminal output\n```",
)


def _filler(texts: TextMaker, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.55:
        return texts.paragraph()
    if roll < 0.7:
        return rng.choice(CODE_BLOCKS)
    if roll < 0.8:
        return f"> {texts.sentence()}\n>\n> - [ ] quoted, not a goal\n> - {texts.sentence(6)}"
    if roll < 0.87:
        return f"<!-- - [ ] not a goal: an HTML comment. {texts.sentence(6)} -->"
    if roll < 0.95:
        return "\n".join(f"- {texts.sentence(rng.randint(5, 12))}" for _ in range(rng.randint(2, 5)))
    return f"{texts.sentence()}\n\n    - [ ] indented code, not a goal\n    more code"


def _draw_statuses(count: int, carry_room: int, rng: random.Random) -> list[str]:
    names = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    statuses = []
    for _ in range(count):
        status = rng.choices(names, weights)[0]
        if status == "carried":
            if carry_room <= 0:
                status = "done"
            else:
                carry_room -= 1
        statuses.append(status)
    return statuses


def _own_goals(plan: DocumentPlan, count: int, texts: TextMaker, rng: random.Random, carry_room: int) -> list[Goal]:
    """The document's own task items: carried-in texts first, then new ones; carried ones go to the next."""
    incoming = plan.incoming[:count]
    goals = [Goal(text) for text in incoming] + [Goal(texts.goal()) for _ in range(count - len(incoming))]
    for goal, status in zip(goals, _draw_statuses(len(goals), carry_room, rng), strict=True):
        goal.status = status
        if status == "carried" and plan.next is not None:
            plan.next.incoming.append(goal.text)
    for index in range(1, len(goals)):
        if rng.random() < 0.12 and not goals[index - 1].nested:
            goals[index].nested = True
    return goals


def _split(count: int, plan: DocumentPlan) -> tuple[int, int]:
    """(own, planned) goal counts; planned goals need room in the next document of the series."""
    share = PLANNED_SHARE.get(plan.series, 0.0)
    planned = int(count * share)
    own = max(count - planned, min(count, len(plan.incoming)))
    planned = count - own
    if plan.next is not None:
        planned = min(planned, plan.next.goals // 2)
        own = count - planned
    return own, planned


class Page:
    """A document under construction: sections of blocks, filler added where prose belongs."""

    def __init__(self, head: str) -> None:
        self.sections: list[tuple[str, list[str], bool]] = [("", [head], False)]

    def add(self, heading: str, *blocks: str, prose: bool = False) -> None:
        """A section (heading may be "" for text under the previous one)."""
        self.sections.append((heading, [b for b in blocks if b], prose))

    def text(self) -> str:
        """The document's Markdown."""
        parts = []
        for heading, blocks, _prose in self.sections:
            if heading:
                parts.append(heading)
            parts.extend(blocks)
        return "\n\n".join(parts) + "\n"

    def fill(self, target: int, texts: TextMaker, rng: random.Random) -> str:
        """Add filler to the prose sections until the text is ``target`` bytes or just over."""
        prose = [blocks for _h, blocks, is_prose in self.sections if is_prose]
        size = len(self.text().encode())
        failures = 0
        while size < target and failures < 8 and prose:
            block = _filler(texts, rng)
            grow = len(block.encode()) + 2
            if size + grow > MAX_SIZE:
                failures += 1
                continue
            rng.choice(prose).append(block)
            size += grow
        return self.text()


def _front_matter(plan: DocumentPlan, rng: random.Random) -> str:
    tags = ", ".join(rng.sample(("work", "team", "personal", "planning", "review"), 2))
    return f"---\ntags: [{tags}]\nmood: {rng.choice(('good', 'ok', 'tired', 'great'))}\n---\n\n"


def render_week(plan: DocumentPlan, texts: TextMaker, rng: random.Random) -> str:
    """A weekly note: to-do task list, notes, a quoted checklist or a fenced block."""
    carry_room = plan.next.goals if plan.next else 0
    goals = _own_goals(plan, plan.goals, texts, rng, carry_room)
    page = Page(f"# {plan.label}\n\n**Author**: {AUTHOR}  \n**Week ending**: {plan.end.isoformat()}")
    page.add("## Highlights", "\n".join(f"- {texts.sentence(rng.randint(5, 10))}" for _ in range(3)))
    page.add("## To do", _tasks(goals, rng))
    page.add("## Notes", texts.paragraph(), prose=True)
    page.add("## Energy", f"Mostly {rng.choice(('good', 'fine', 'low', 'high'))}. {texts.sentence()}", prose=True)
    return page.fill(rng.randint(MIN_SIZE, MAX_SIZE), texts, rng)


def render_month(plan: DocumentPlan, texts: TextMaker, rng: random.Random) -> str:
    """A monthly review: goals for the month, numbered action items, a small table."""
    carry_room = plan.next.goals if plan.next else 0
    goals = _own_goals(plan, plan.goals, texts, rng, carry_room)
    cut = (len(goals) * 2) // 3
    head = f"# {plan.label}\n\n**Author**: {AUTHOR}  \n**Date**: {plan.end.isoformat()}"
    if rng.random() < 0.15:
        head = _front_matter(plan, rng) + head
    page = Page(head)
    page.add("## Summary", texts.paragraph(), prose=True)
    page.add(f"## Goals for {plan.label}", _tasks(goals[:cut], rng))
    page.add("## Numbers", _metrics_table(rng, plan.label))
    page.add("## Action Items", _tasks(goals[cut:], rng, numbered=True))
    page.add("## Reflections", texts.paragraph(), prose=True)
    return page.fill(rng.randint(MIN_SIZE, MAX_SIZE), texts, rng)


def _next_label(plan: DocumentPlan) -> str:
    year, quarter = plan.year, int(plan.key[-1])
    return f"Q{quarter % 4 + 1} {year + 1 if quarter == 4 else year}"


def render_quarter(plan: DocumentPlan, texts: TextMaker, rng: random.Random) -> str:
    """A personal quarterly reflection, as in DESIGN.md, with next quarter's priorities as plain bullets."""
    own_count, planned_count = _split(plan.goals, plan)
    carry_room = (plan.next.goals - planned_count) if plan.next else 0
    goals = _own_goals(plan, own_count, texts, rng, carry_room)
    page = Page(
        f"# {plan.label} Reflection - {AUTHOR}\n\n**Author**: {AUTHOR}  \n**Date**: "
        f"{(plan.end + timedelta(days=5)).isoformat()}"
    )
    page.add("## Wins", "\n".join(f"- {texts.sentence(rng.randint(6, 14))}" for _ in range(rng.randint(3, 5))))
    page.add("## Challenges", "\n".join(f"- {texts.sentence(rng.randint(6, 14))}" for _ in range(3)), prose=True)
    page.add("## Lessons", "\n".join(f"{i}. {texts.sentence(8)}" for i in range(1, 4)), prose=True)
    page.add(f"## Goals for {plan.label}", _tasks(goals, rng))
    if planned_count:
        focus = [texts.focus() for _ in range(planned_count // 3)]
        personal = [texts.personal() for _ in range((planned_count - len(focus)) // 2)]
        team = [texts.goal() for _ in range(planned_count - len(focus) - len(personal))]
        if plan.next is not None:
            plan.next.incoming.extend(focus + personal + team)
        blocks = []
        if focus:
            blocks += ["### Focus Areas", "\n".join(f"{i}. {t}" for i, t in enumerate(focus, 1))]
        if personal:
            blocks += ["### Personal Goals", "\n".join(f"- {t}" for t in personal)]
        if team:
            blocks += ["### Team Goals", "\n".join(f"- {t}" for t in team)]
        page.add(f"## {_next_label(plan)} Priorities", *blocks)
    page.add("## Gratitude", texts.paragraph(), prose=True)
    return page.fill(rng.randint(MIN_SIZE, MAX_SIZE), texts, rng)


def render_report(plan: DocumentPlan, texts: TextMaker, rng: random.Random) -> str:
    """A team quarterly engineering report: numbered sections, tables, fenced code, task lists."""
    own_count, planned_count = _split(plan.goals, plan)
    carry_room = (plan.next.goals - planned_count) if plan.next else 0
    goals = _own_goals(plan, own_count, texts, rng, carry_room)
    planned = [Goal(texts.goal()) for _ in range(planned_count)]
    if plan.next is not None:
        plan.next.incoming.extend(g.text for g in planned)
    page = Page(
        f"# {plan.label} Engineering Report - Platform Team\n\n**Author**: {AUTHOR}\n"
        f"**Date**: {(plan.end + timedelta(days=8)).isoformat()}\n**Team**: {', '.join(TEAM[:4])}"
    )
    page.add("## 1. Summary", texts.paragraph(), prose=True)
    page.add("## 2. Metrics", _metrics_table(rng, plan.label))
    page.add("## 3. Accomplishments", texts.paragraph(), rng.choice(CODE_BLOCKS[:3]), prose=True)
    page.add(f"### {plan.label} Goals", _tasks(goals, rng))
    page.add("## 4. Challenges", "\n".join(f"- {texts.sentence(rng.randint(8, 16))}" for _ in range(3)), prose=True)
    page.add("## 5. Risks", _risk_table(rng, texts))
    if planned:
        page.add("## 6. Next Quarter Goals", f"### {_next_label(plan)} Priorities", _tasks(planned, rng))
    return page.fill(rng.randint(MIN_SIZE, MAX_SIZE), texts, rng)


RENDER = {"week": render_week, "month": render_month, "quarter": render_quarter, "report": render_report}


def build_journal(
    root: Path, *, goals: int, documents: int | None = None, seed: int = 1, first_year: int | None = None
) -> list[Path]:
    """Write a journal of ``goals`` goals in ``documents`` documents (default: about 12 goals each) under ``root``.

    Returns the documents written. ``root`` may exist but must not hold ``entries/``.
    """
    if goals < 0:
        raise ValueError("--goals must be 0 or more")
    if documents is None:
        documents = max(1, round(goals / GOALS_PER_DOCUMENT))
    if documents < 1:
        raise ValueError("--documents must be 1 or more")
    rng = random.Random(seed)
    plans = plan_documents(goals, documents, rng, first_year)
    texts = TextMaker(rng)
    entries = root / "entries"
    if entries.exists():
        raise FileExistsError(f"{entries} exists: pick an empty folder")
    entries.mkdir(parents=True)
    for name in ("ledger", "templates"):
        (root / name).mkdir(exist_ok=True)
    (root / "journal.toml").write_text(f'author = "{AUTHOR}"\ndefault_kind = "quarter"\n', encoding="utf-8")
    (root / ".gitignore").write_text("# derived caches and the lock: safe to delete\n.journal/\n", encoding="utf-8")
    written = []
    for plan in plans:
        path = entries / plan.file_name
        path.write_text(RENDER[plan.series](plan, texts, rng), encoding="utf-8", newline="")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """The command line: ``generate.py DIR --goals N [--documents N] [--seed S]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path, help="folder to create the journal in (must not hold entries/)")
    parser.add_argument("--goals", type=int, help="goals to write (default: 12 per document)")
    parser.add_argument("--documents", type=int, help=f"documents to write (default: goals / {GOALS_PER_DOCUMENT})")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--first-year", type=int, help=f"year of the first document (default {FIRST_YEAR} or earlier)")
    args = parser.parse_args(argv)
    if args.goals is None and args.documents is None:
        parser.error("give --goals, --documents or both")
    goals = args.goals if args.goals is not None else args.documents * GOALS_PER_DOCUMENT
    try:
        written = build_journal(
            args.dir, goals=goals, documents=args.documents, seed=args.seed, first_year=args.first_year
        )
    except (ValueError, FileExistsError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    sizes = [p.stat().st_size for p in written]
    print(
        f"Wrote {len(written)} documents ({min(sizes)}-{max(sizes)} bytes, {sum(sizes) // 1024} KB) "
        f"with {goals} goals to {args.dir / 'entries'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
