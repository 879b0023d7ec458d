"""Attributes read from a goal's words (journal.attributes): every form, and what must not be read as one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journal.attributes import Attributes, identity_words, owner_names, read_attributes
from journal.extract import extract_items
from journal.tasks_done import set_done_date, with_done_date


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Ship v2 @dana", "dana"),
        ("(@dana) ship v2", "dana"),
        ("Ship v2 @Lucía and @farid", "Lucía, farid"),
        ("Ship v2 Owner: Dana Whitfield", "Dana Whitfield"),
        ("Ship v2 (owner: dana)", "dana"),
        ("Ship v2 [owner:: jonas]", "jonas"),
        ("Ship v2 (owners: Dana, Farid)", "Dana, Farid"),
        ("Ship v2 owner: Dana to follow up", "Dana"),
        ("Ship v2 @dana (owner: Dana)", "dana"),  # one owner, however often named
    ],
)
def test_owners(text: str, owner: str):
    assert read_attributes(text).owner == owner


@pytest.mark.parametrize(
    "text",
    [
        "Mail dana@example.com about the launch",  # an email address
        "Upgrade @types/node to 22",  # an npm scope
        "Move the site to @example.com",  # a domain
        "Document the `@cache` decorator",  # code
        "Meet at 5 @ the office",  # no name
        "Read https://example.com/@dana/post",  # a URL
        "Fix [the link](https://x.test/@dana)",  # a link's address
        "Fix <https://x.test/@dana>",
        "Ask python@3.12 users",
        "Action 1 - Owner: @<!-- username --> - Due: <!-- date -->",  # a template's placeholders
        "Ship <!-- @dana --> v2",  # an HTML comment
    ],
)
def test_not_owners(text: str):
    assert read_attributes(text).owner is None


def test_link_words_can_name_an_owner_but_not_its_address():
    assert read_attributes("Fix [the @dana link](https://x.test/@farid)").owner == "dana"


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("Ship v2 #infra", ("infra",)),
        ("#infra Ship v2 #ops #infra", ("infra", "ops")),
        ("Ship v2 #area/platform", ("area/platform",)),
        ("Ship v2 (#infra)", ("infra",)),
        ("Ship v2 #Q1-2025", ("Q1-2025",)),
        ("Ship v2 #cafe", ("cafe",)),  # a word made of hex letters is still a word
    ],
)
def test_tags(text: str, tags: tuple[str, ...]):
    assert read_attributes(text).tags == tags


@pytest.mark.parametrize(
    "text",
    [
        "Learn C# and F#",  # languages
        "Fix issue #1 and #2024",  # issue numbers, years
        "Read https://example.com/page#section",  # a URL's fragment
        "See [setup](#setup) first",  # a link to a heading
        "See [[Roadmap#Q2]] first",  # a wiki link to a heading
        "Use `#fff` for the background",  # code
        "Colours #fff, #0f0 and #a1b2c3",  # hex colours
        "# not a tag",  # a heading's mark, not a tag
        "Item##double",
        "Count # of users",
        'Ship <span style="color:#ff0000">v2</span>',  # HTML
    ],
)
def test_not_tags(text: str):
    assert read_attributes(text).tags == ()


def test_a_heading_is_not_a_tag_in_a_document():
    text = "# Goals #2025\n\n## Team goals\n\n- [ ] Ship v2\n- [ ] # Not a heading, words\n"
    items = extract_items(text)
    assert [read_attributes(item.text).tags for item in items] == [(), ()]


@pytest.mark.parametrize(
    ("text", "period", "due"),
    [
        ("Ship v2 due: 2025-03-31", None, "2025-03-31"),
        ("Ship v2 (due 2025-03-31)", None, "2025-03-31"),
        ("Ship v2 [due:: 2025-03-31]", None, "2025-03-31"),
        ("Ship v2 📅 2025-03-31", None, "2025-03-31"),
        ("Ship v2 📅️ 2025-03-31", None, "2025-03-31"),  # with the emoji's variation selector
        ("Ship v2 by 2025-03-31", None, "2025-03-31"),
        ("Ship v2 by end of March", "2025-q1", "2025-03-31"),
        ("Ship v2 by the end of March", "2024-q4", "2025-03-31"),  # never before the period starts
        ("Ship v2 by the end of Feb", "2024", "2024-02-29"),
        ("Ship v2 by end of Q2", "2025-q1", "2025-06-30"),
        ("Ship v2 by end of Q2", "2025-q3", "2026-06-30"),
        ("Ship v2 by the end of Q4 2025", None, "2025-12-31"),
        ("Ship v2 by end of June 2026", "2025-q1", "2026-06-30"),
        ("Ship v2 by March 15", "2025-q1", "2025-03-15"),
        ("Ship v2 by 15 March", "2025-q1", "2025-03-15"),
        ("Ship v2 due by March 15th, 2026", None, "2026-03-15"),
        ("Ship v2 before the end of April", "2025-q2", "2025-04-30"),
        ("Ship v2 📅 2025-04-01 due: 2025-05-01", None, "2025-04-01"),  # the Tasks date first
    ],
)
def test_due_dates(text: str, period: str | None, due: str):
    assert read_attributes(text, period).due == due


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Ship v2 by Friday", "2025-q1"),  # which Friday: a guess
        ("Ship v2 by next week", "2025-q1"),
        ("Ship v2 by end of March", None),  # no period to date it from
        ("Ship v2 due: 2025-02-30", None),  # no such day
        ("Ship v2 📅 2025-13-01", None),
        ("Release v2.0 in 2025", "2025-q1"),  # a version and a year are not dates
        ("Hold 1:1s by the due process", "2025-q1"),
        ("Stand-by end of March", "2025-q1"),  # "by" inside a word
    ],
)
def test_not_due_dates(text: str, period: str | None):
    assert read_attributes(text, period).due is None


@pytest.mark.parametrize(
    ("text", "priority"),
    [
        ("Ship 🔺", "highest"),
        ("Ship ⏫", "high"),
        ("Ship 🔼", "medium"),
        ("Ship 🔽", "low"),
        ("Ship ⏬", "lowest"),
        ("Ship (priority: High)", "high"),
        ("Ship v2", None),
        ("Ship `⏫`", None),
        ("Set the priority order", None),
    ],
)
def test_priority(text: str, priority: str | None):
    assert read_attributes(text).priority == priority


def test_an_obsidian_tasks_line_gives_every_field():
    text = "Ship v2 #infra @dana ⏫ 📅 2025-04-01 ✅ 2025-03-28 ^ship-v2"
    assert read_attributes(text) == Attributes(
        owner="dana", tags=("infra",), due="2025-04-01", priority="high", done_on="2025-03-28"
    )
    assert read_attributes("Plain words") == Attributes()
    assert read_attributes("Plain words").fields() == {
        "owner": None, "tags": [], "due": None, "priority": None, "done_on": None,
    }  # fmt: skip


def test_owner_names():
    assert owner_names("dana, Farid Haddad") == ["dana", "Farid Haddad"]
    assert owner_names(None) == []


def test_identity_words_ignore_attribute_marks():
    plain = identity_words("Ship v2")
    for marked in (
        "Ship v2 #infra",
        "Ship #infra v2 @dana",
        "Ship v2 (owner: dana) (due 2025-03-31)",
        "Ship v2 due: 2025-03-31",
        "Ship v2 📅 2025-03-31 ⏫ ✅ 2025-03-30 ^abc",
        "ship   V2 [owner:: dana] [due:: 2025-03-31] priority: high",
        "Ship v2 Owner: Dana Whitfield",
    ):
        assert identity_words(marked) == plain, marked
    # Words are words: prose dates, code and URLs stay, so different goals stay different.
    assert identity_words("Ship v2 by end of March") != plain
    assert identity_words("Ship `#infra` v2") != plain
    assert identity_words("#infra") == "#infra"  # all marks: the marks are its words


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200), st.sampled_from([None, "2025-q1"]))
def test_never_crashes(text: str, period: str | None):
    found = read_attributes(text, period)
    assert all(tag and not tag.isdigit() for tag in found.tags)
    assert found.due is None or len(found.due) == 10
    assert isinstance(identity_words(text), str)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Ship 📅 2025-05-01", "Ship 📅 2025-05-01 ✅ 2025-04-15"),
        ("Ship 📅 2025-05-01 ^blk-1", "Ship 📅 2025-05-01 ✅ 2025-04-15 ^blk-1"),  # before a block id, as Tasks does
        ("Ship ⏫  ", "Ship ⏫ ✅ 2025-04-15  "),  # trailing blanks kept where they were
    ],
)
def test_done_date_added_and_removed(before: str, after: str):
    from datetime import date

    today = date(2025, 4, 15)
    assert with_done_date(before, True, today) == after
    assert with_done_date(after, False, today) == before
    assert with_done_date(after, True, today) == after  # already dated: kept as it is


def test_done_date_only_on_tasks_lines():
    from datetime import date

    assert with_done_date("Ship v2 #infra @dana", True, date(2025, 4, 15)) == "Ship v2 #infra @dana"
    # A ✅ without a date is a word people write, not the plugin's field.
    completed = "✅ **COMPLETED**: the DKG tests"
    assert with_done_date(completed, True, date(2025, 4, 15)) == completed
    assert with_done_date("Ship 🔁 every week", True, date(2025, 4, 15)) == "Ship 🔁 every week ✅ 2025-04-15"


def test_done_date_leaves_a_task_written_over_two_lines():
    from datetime import date

    data = "- [x] Ship\n  v2 📅 2025-05-01\n".encode()
    assert set_done_date(data, 1, "Ship v2 📅 2025-05-01", True, date(2025, 4, 15)) == (data, None)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=80))
def test_done_then_not_done_gives_the_words_back(words: str):
    from datetime import date

    words = "Ship 📅 2025-05-01 " + words
    done = with_done_date(words, True, date(2025, 4, 15))
    if "✅" not in words:
        assert with_done_date(done, False, date(2025, 4, 15)) == words


@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=40),
    st.sampled_from(["\n", "\r\n"]),
    st.sampled_from(["", " ^blk", "  "]),
)
def test_a_document_gets_its_bytes_back_after_done_and_reopen(words: str, newline: str, tail: str):
    from datetime import date

    from journal.extract import extract_items

    line = f"- [ ] Ship {words.strip()} 📅 2025-05-01{tail}"
    data = f"# Q2{newline}{newline}## Goals{newline}{newline}{line}{newline}after{newline}".encode()
    items = extract_items(data.decode())
    if len(items) != 1 or items[0].line != 5:
        return  # the words made something else of the line (a heading, a table...)
    done, text = set_done_date(data, 5, items[0].text, True, date(2025, 4, 15))
    if text is None:
        assert done == data  # not a one-line Tasks item as written: left alone
        return
    assert done.count(b"\xe2\x9c\x85") == data.count(b"\xe2\x9c\x85") + 1
    assert done.replace(" ✅ 2025-04-15".encode(), b"", 1) == data  # only the date's bytes were added
    undone, _text = set_done_date(done, 5, text, False, date(2025, 4, 15))
    assert undone == data
