"""Several documents a period, each knowing what it is (issue 11, item 4): the template recorded in front matter,
import of a report or into a taken slot, and a review that asks each document its own questions and answers
above its closing footer."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write

TEAM_REPORT = """\
# Platform Team - Q4 2025 Engineering Report

## 1. Summary

Shipped the gateway.

## 5. Risks

| Risk | Owner |
| --- | --- |
| CI | Amara |

## 6. Next Quarter Goals

### Q1 2026 Priorities

- [ ] Complete GraphQL API migration

---

*Confidential - internal use only.*
"""

PERSONAL = "# Q4 2025 Reflection\n\n## Wins\n\n- The gateway\n"


def test_import_a_report_then_new_still_has_its_slot(run, journal_dir: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2026-01-05")
    source = write(tmp_path, "notes/team.md", TEAM_REPORT)
    result = run("import", str(source))
    assert result.stdout.startswith(f"{source} -> entries/2025-q4-report.md  (2025-q4, from the title; 1 goal)\n")
    imported = (journal_dir / "entries" / "2025-q4-report.md").read_bytes()
    assert (
        imported
        == (
            f'---\nperiod: 2025-q4\ntitle: "Platform Team - Q4 2025 Engineering Report"\n'
            f'imported-from: "{source}"\ntemplate: "report"\n---\n'
        ).encode()
        + TEAM_REPORT.encode()
    )  # the document's own bytes, every one of them, after the front matter
    assert run("new", "q4-2025").stdout == f"{journal_dir}/entries/2025-q4.md\n"


def test_import_into_a_taken_slot_goes_to_the_report_name(run, journal_dir: Path, tmp_path: Path):
    write(journal_dir, "entries/2025-q4.md", PERSONAL)
    source = write(tmp_path, "notes/2025-Q4.md", "# Q4 2025 notes\n\n- [ ] Something\n")
    assert "-> entries/2025-q4-report.md" in run("import", str(source)).stdout
    second = write(tmp_path, "other/Q4 2025.md", "# Q4 2025 more notes\n\n- [ ] More\n")
    assert "-> entries/2025-q4-q4-2025.md" in run("import", str(second)).stdout
    text = (journal_dir / "entries" / "2025-q4-report.md").read_text()
    assert 'template: "report"' in text


def test_new_records_another_template_in_front_matter(run, journal_dir: Path):
    run("new", "q4-2025", "--template", "report")
    text = (journal_dir / "entries" / "2025-q4-report.md").read_text()
    assert text.startswith("---\ntemplate: report\n---\n# Q4 2025 Engineering Report\n")
    run("new", "q4-2025")
    assert not (journal_dir / "entries" / "2025-q4.md").read_text().startswith("---")  # its kind's own: as before


def test_review_asks_each_document_its_own_questions_and_answers_above_the_footer(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q4.md", PERSONAL)
    write(journal_dir, "entries/Team/platform.md", "---\nperiod: 2025-q4\ntemplate: report\n---\n" + TEAM_REPORT)
    printed = run("review", "2025-q4", "--print").stdout
    assert "### Wins (2025-q4.md)" not in printed  # Wins is answered
    assert "### Challenges (2025-q4.md)" in printed
    assert "### 4. Challenges (platform.md)" in printed
    assert "### 1. Summary" not in printed  # the report answers it already
    answers = [
        "Too many meetings",  # Challenges (personal)
        "",
        "",  # Lessons: skipped
        "",  # Lessons, second question: skipped
        "",  # Gratitude: skipped
        "Deploys doubled",  # 2. Metrics (report)
        "",
        "",  # 3. Accomplishments: skipped
        "Flaky CI",  # 4. Challenges
        "",
    ]  # 5. Risks is not asked: the report's table answers it
    out = run("review", "2025-q4", input="\n".join(answers) + "\n").stdout
    assert "Questions of entries/2025-q4.md:" in out and "Questions of entries/Team/platform.md:" in out
    assert "In three sentences" not in out
    assert out.endswith("Review saved: no decisions; 3 answers written.\n")
    personal = (journal_dir / "entries" / "2025-q4.md").read_text()
    assert personal == PERSONAL + "\n## Challenges\n\nToo many meetings\n"
    report = (journal_dir / "entries" / "Team" / "platform.md").read_text()
    assert report.endswith(
        "- [ ] Complete GraphQL API migration\n\n"
        "## 2. Metrics\n\nDeploys doubled\n\n"
        "## 4. Challenges\n\nFlaky CI\n\n"
        "---\n\n*Confidential - internal use only.*\n"
    )
    assert "Too many meetings" not in report and "Flaky CI" not in personal
