"""Extraction rules (shared/corpus/README.md R1-R8, C1-C6) on small documents."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from journal.extract import extract_items, is_goal_heading
from journal.periods import from_key


def found(text: str, **kwargs) -> list[tuple[int, str, str, str]]:
    return [(i.line, i.kind, i.status, i.text) for i in extract_items(text, **kwargs)]


def test_task_items_count_everywhere_with_every_status():
    text = "# Notes\n\n- [ ] open\n- [x] done\n- [X] done too\n- [/] started\n- [>] carried\n- [-] dropped\n- plain\n"
    assert found(text) == [
        (3, "checkbox", "open", "open"),
        (4, "checkbox", "done", "done"),
        (5, "checkbox", "done", "done too"),
        (6, "checkbox", "in_progress", "started"),
        (7, "checkbox", "carried", "carried"),
        (8, "checkbox", "dropped", "dropped"),
    ]


def test_plain_items_count_only_under_goal_headings_or_their_ancestors():
    text = (
        "# Q4 2024 Reflection\n\n## Wins\n\n- shipped\n\n## Q1 2025 Priorities\n\n### Focus Areas\n\n"
        "1. **API Modernization** - GraphQL migration\n   - nested counts\n\n### Personal Goals\n\n- Run a 10k\n\n"
        "## Gratitude\n\n- thanks\n"
    )
    items = extract_items(text)
    assert [(i.line, i.kind, i.text, i.section) for i in items] == [
        (11, "bullet", "**API Modernization** - GraphQL migration", "Focus Areas"),
        (12, "bullet", "nested counts", "Focus Areas"),
        (16, "bullet", "Run a 10k", "Personal Goals"),
    ]
    assert all(i.done is None for i in items)


def test_nothing_counts_in_code_html_front_matter_tables_or_quotes():
    text = (
        "---\ntitle: x\ngoals:\n  - [ ] not me\n---\n# Goals\n\n```markdown\n- [ ] fenced\n```\n\n"
        "~~~\n- [ ] tilde\n~~~\n\n    - [ ] indented code\n\n<div>\n- [ ] html\n</div>\n\n"
        "| a | b |\n|---|---|\n| - [ ] cell | x |\n\n> - [ ] quoted\n\n- [ ] real\n"
    )
    assert found(text) == [(28, "checkbox", "open", "real")]


def test_pseudo_headings_do_not_open_goal_sections():
    text = "# Notes\n\n**Goal:** ship\n\n1. not a goal\n\nWith the following goals:\n\n- also not\n"
    assert found(text) == []


def test_line_numbers_count_crlf_and_lone_cr():
    text = "# Goals\r\n\r\n- [ ] one\r- [ ] two\r\n- three\n"
    assert [i.line for i in extract_items(text)] == [3, 4, 5]


def test_multiline_item_text_is_joined_with_single_spaces():
    assert found("- [ ] first line\n  second line\nlazy third\n") == [
        (1, "checkbox", "open", "first line second line lazy third")
    ]


def test_goal_words_are_whole_words_any_case():
    for heading in (
        "Goals",
        "anti-goals",
        "OKRs",
        "Key Results",
        "Next Quarter",
        "Action Items",
        "To-do",
        "Plans",
    ):
        assert is_goal_heading(heading), heading
    for heading in ("Planning", "Tasks", "Milestones", "Roadmap", "Next Steps", "Focus", "Goalkeeper"):
        assert not is_goal_heading(heading), heading
    assert is_goal_heading("Milestones", ("milestones",))


def test_extra_goal_words_extend_the_defaults():
    text = "## Milestones\n\n- Beta\n"
    assert found(text) == []
    assert found(text, goal_words=["milestones"]) == [(3, "bullet", "open", "Beta")]


def test_target_comes_from_the_heading_else_the_document_period():
    text = (
        "# Q4 2024\n\n## Goals\n\n- [ ] this quarter\n\n## Q1 2025 Priorities\n\n### Team Goals\n\n- team\n\n"
        "## Next Quarter Goals\n\n- next\n\n## Goals for 2027\n\n- later\n"
    )
    q4 = from_key("2024-q4")
    targets = [(i.text, i.target) for i in extract_items(text, document_period=q4)]
    assert targets == [
        ("this quarter", "2024-q4"),
        ("team", "2025-q1"),
        ("next", "2025-q1"),
        ("later", "2027"),
    ]
    # The title names the period too; with no period anywhere, the target is unknown.
    assert extract_items(text)[0].target == "2024-q4"
    assert [i.target for i in extract_items("## Goals\n\n- [ ] x\n")] == [None]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("-*+1.) [xX/>]#>`~|\n\r\t abc:<!->")), max_size=300))
def test_extraction_never_raises_on_arbitrary_markdown(text: str):
    for item in extract_items(text):
        assert item.line >= 1
        assert item.kind in ("checkbox", "bullet")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_extraction_never_raises_on_arbitrary_text(text: str):
    extract_items(text)
