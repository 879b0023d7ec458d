"""Attributes read from a goal's words: owner, tags, due date, priority, and an Obsidian Tasks done date.

Pure: text in, values out. The goal's text stays as written; these are read
from it on every sync. The forms are those people already write:

* owners: ``@dana``, ``Owner: Dana Whitfield``, ``(owner: dana)``, ``[owner:: dana]``;
  several are kept in the order written, joined by ", ";
* tags: ``#infra``, ``#area/platform`` (Obsidian's rule: at least one character that
  is not a digit, so ``#1`` is an issue number);
* due: ``due: 2025-03-31``, ``(due 2025-03-31)``, ``[due:: 2025-03-31]``, ``📅 2025-03-31``,
  ``by end of March``, ``by the end of Q2``, ``by March 31``, ``due by end of June 2025``,
  ``by 2025-03-31``;
* priority: Obsidian Tasks' ``🔺`` highest, ``⏫`` high, ``🔼`` medium, ``🔽`` low,
  ``⏬`` lowest, and ``priority: high``;
* done on: Obsidian Tasks' ``✅ 2025-02-01``.

Nothing is read inside code spans, links' addresses, wiki links or URLs. A
month or quarter without a year is the first one ending on or after the start
of the goal's period ("by end of March" in Q4 2024 is 2025-03-31); without a
period it is not read. "By Friday", "next week", "soon" are not read: which
Friday is a guess.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, NamedTuple

from journal.lazy_pattern import LazyPattern
from journal.words import same_words_key

PRIORITY_EMOJI = {"🔺": "highest", "⏫": "high", "🔼": "medium", "🔽": "low", "⏬": "lowest"}
PRIORITIES = ("highest", "high", "medium", "low", "lowest")
# Obsidian Tasks' signifiers: a line holding one is a Tasks line (done adds its ✅ date).
TASKS_EMOJI = ("📅", "✅", "⏳", "🛫", "➕", "🔁", "❌", *PRIORITY_EMOJI)
ATTRIBUTE_FIELDS = ("owner", "tags", "due", "priority", "done_on")

_MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")),  # fmt: skip
        start=1,
    )
    for name in names
}
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ISO = r"\d{4}-\d{2}-\d{2}"
_YEAR = r"(?:[ \t]+(?P<year>\d{4}))?"
# "end of March", "the end of Q2 2025", "March 31", "31 March", "2025-03-31": what follows "by" or "due".
_WHEN = (
    rf"(?:(?P<iso>{_ISO})"
    rf"|(?:the[ \t]+)?end[ \t]+of[ \t]+(?:(?P<end_month>{_MONTH})|Q(?P<quarter>[1-4])){_YEAR}"
    rf"|(?P<month_day>{_MONTH})[ \t]+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?[ \t]+(?P<year2>\d{{4}}))?"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?[ \t]+(?P<day_month>{_MONTH})(?:[ \t]+(?P<year3>\d{{4}}))?)"
    r"(?![\w-])"
)
_DUE_RE = LazyPattern(rf"(?<![\w-])due(?:[ \t]*::?[ \t]*|[ \t]+)(?:(?:on|by)[ \t]+)?{_WHEN}", re.IGNORECASE)
_BY_RE = LazyPattern(rf"(?<![\w-])(?:by|before)[ \t]+{_WHEN}", re.IGNORECASE)
_EMOJI_DATE_RE = LazyPattern(rf"(?P<emoji>📅|✅)\ufe0f?[ \t]*(?P<date>{_ISO})(?![\w-])")
_PRIORITY_EMOJI_RE = LazyPattern("(" + "|".join(PRIORITY_EMOJI) + ")")
_PRIORITY_WORD_RE = LazyPattern(
    r"(?<![\w-])priority[ \t]*::?[ \t]*(highest|high|medium|low|lowest)(?![\w-])", re.IGNORECASE
)
# @dana: not part of a word or an address (dana@example.com), not a scope (@types/node) or a domain (@example.com).
_AT_RE = LazyPattern(r"(?<![\w.@/+#-])@([^\W\d_][\w-]*)(?![\w@/]|\.\w)")
_OWNER_FIELD_RE = LazyPattern(r"(?<![\w-])owners?[ \t]*::?[ \t]*", re.IGNORECASE)
_NAME_WORD = r"[^\W\d_][\w'’.-]*"
# A name: a word, up to two capitalised words more, and a number when it ends the owner field ("Team 2";
# "Dana 3 times" is Dana's, with words after the number).
_OWNER_NAME_RE = LazyPattern(rf"@?({_NAME_WORD}(?:[ \t]+[A-ZÀ-Þ][\w'’.-]*){{0,2}}(?:[ \t]+\d+(?=\.?$))?)")
_OWNER_SEPARATOR_RE = LazyPattern(r"[ \t]*(?:,|&|\band\b)[ \t]*", re.IGNORECASE)
# Where an owner field ends: a closing bracket, a dash between blanks, a tag, an Obsidian Tasks emoji
# ("Team 2 📅 2025-05-30"), or another field ("due: ...", "[due:: ...]", any "word:: ...").
_OWNER_FIELD_END_RE = LazyPattern(
    r"[)\]|;\[]| [-–—] |[ \t](?=#[\w/-])|" + "|".join(map(re.escape, TASKS_EMOJI))
    + r"|(?<![\w-])(?:(?:due|owners?|priority|start|scheduled|done|created|completed|tags?)[ \t]*:|[\w-]+::)",
    re.IGNORECASE,
)
# #infra: after a blank or an opening bracket only (so C#, F#, issue#12, a URL's #fragment are not tags).
_TAG_RE = LazyPattern(r"(?<![^\s(\[{,;])#([\w/-]+)")
_HEX_COLOUR_RE = LazyPattern(r"(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})", re.IGNORECASE)
# Blanked out before reading: code spans, link addresses, wiki links, autolinks, HTML and bare URLs.
_HIDDEN_RE = LazyPattern(
    r"(?P<ticks>`+)(?:(?!(?P=ticks)).)+?(?P=ticks)"
    r"|\]\([^)\s]*(?:[ \t]+\"[^\"]*\")?\)"
    r"|\[\[[^\]]*\]\]"
    r"|<[a-z][a-z0-9+.-]*:[^>\s]*>|<!--.*?-->|</?[a-z][^<>]*>"
    r"|\b(?:https?|ftp|file|mailto|obsidian)://\S+|\bmailto:\S+|\bwww\.\S+",
    re.IGNORECASE | re.DOTALL,
)
_EMOJI_MARKS = ("📅", "✅", "⏳", "🛫", "➕", *PRIORITY_EMOJI)
_HIDING = ("`", "](", "[[", "<", "://", "www.", "mailto:")  # what _HIDDEN_RE can match starts with one of these


class Attributes(NamedTuple):
    """What a goal's line says besides its words: owner(s), tags, due date, priority, done-on date."""

    owner: str | None = None
    tags: tuple[str, ...] = ()
    due: str | None = None
    priority: str | None = None
    done_on: str | None = None

    def fields(self) -> dict[str, Any]:
        """The ledger fields, as the ``Goal`` holds them (tags a list)."""
        return {
            "owner": self.owner,
            "tags": list(self.tags),
            "due": self.due,
            "priority": self.priority,
            "done_on": self.done_on,
        }


NONE = Attributes()


def _hidden(text: str) -> str:
    """``text`` with code, link addresses and URLs blanked (same length, so positions hold)."""
    return _HIDDEN_RE.sub(lambda match: " " * len(match.group(0)), text)


def read_attributes(text: str, period_key: str | None = None, fiscal_year_start: int = 1) -> Attributes:
    """The attributes a goal's text states; ``period_key`` (the period the goal is for) dates "end of March"."""
    # Each reader runs only when its mark is in the text: plain words are read at once (a first sync reads all).
    lower = text.lower()
    emoji = any(mark in text for mark in _EMOJI_MARKS)
    said_owner, said_due = "@" in text or "owner" in lower, "due" in lower or "by" in lower or "before" in lower
    if not (emoji or said_owner or said_due or "#" in text or "priority" in lower):
        return NONE
    visible = _hidden(text) if any(mark in text for mark in _HIDING) else text
    emoji_dates: dict[str, str] = {}
    for match in _EMOJI_DATE_RE.finditer(visible) if emoji else ():
        if _real_date(match.group("date")):
            emoji_dates.setdefault(match.group("emoji"), match.group("date"))
    due = emoji_dates.get("📅") or (_written_due(visible, period_key, fiscal_year_start) if said_due else None)
    return Attributes(
        owner=_owners(visible) if said_owner else None,
        tags=_tags(visible) if "#" in text else (),
        due=due,
        priority=_priority(visible) if emoji or "priority" in lower else None,
        done_on=emoji_dates.get("✅"),
    )


def owner_names(owner: str | None) -> list[str]:
    """The names in a goal's ``owner`` field ("dana, Farid" -> ["dana", "Farid"])."""
    return [name.strip() for name in (owner or "").split(",") if name.strip()]


def owner_field_spans(text: str) -> list[tuple[int, int]]:
    """Where in ``text`` each name an owner field gives (``Owner: Team 2``) stands, as (start, end): what
    ``journal.targets`` sets aside, so an owner's number is never a goal's target."""
    if "owner" not in text.lower():
        return []
    visible = _hidden(text) if any(mark in text for mark in _HIDING) else text
    return [(start, end) for _name, start, end in _field_owners(visible)]


def _field_owners(visible: str) -> list[tuple[str, int, int]]:
    """Each name the owner fields of ``visible`` give, with its start and end in ``visible``."""
    found = []
    for field in _OWNER_FIELD_RE.finditer(visible):
        end = _OWNER_FIELD_END_RE.search(visible, field.end())
        rest = visible[field.end() : end.start() if end is not None else len(visible)]
        separators = list(_OWNER_SEPARATOR_RE.finditer(rest))
        starts = [0, *(separator.end() for separator in separators)]
        ends = [*(separator.start() for separator in separators), len(rest)]
        for start, end in zip(starts, ends, strict=True):
            part = rest[start:end]
            at = field.end() + start + len(part) - len(part.lstrip())
            name = _OWNER_NAME_RE.match(part.strip())
            if name is None:
                break
            found.append((name.group(1).rstrip(".'’"), at + name.start(1), at + name.end(1)))
            if name.end() < len(part.strip()):
                break  # words after the name: the name is over
    return found


def _owners(visible: str) -> str | None:
    names: list[str] = []
    for match in _AT_RE.finditer(visible):
        names.append(match.group(1).rstrip("-"))
    names.extend(name for name, _start, _end in _field_owners(visible))
    unique: dict[str, str] = {}
    for name in names:
        unique.setdefault(name.casefold(), name)
    return ", ".join(unique.values()) or None


def _tags(visible: str) -> tuple[str, ...]:
    tags: dict[str, str] = {}
    for match in _TAG_RE.finditer(visible):
        tag = match.group(1).rstrip("/-")
        if not tag or tag.isdigit() or not any(c.isalpha() or c in "_-/" for c in tag):
            continue  # #1, #2024: issue numbers and years
        if _HEX_COLOUR_RE.fullmatch(tag) and (any(c.isdigit() for c in tag) or len(set(tag.lower())) == 1):
            continue  # #a1b2c3, #0f0, #fff: colours
        tags.setdefault(tag.casefold(), tag)
    return tuple(tags.values())


def _priority(visible: str) -> str | None:
    emoji = _PRIORITY_EMOJI_RE.search(visible)
    if emoji is not None:
        return PRIORITY_EMOJI[emoji.group(1)]
    word = _PRIORITY_WORD_RE.search(visible)
    return word.group(1).lower() if word else None


def _written_due(visible: str, period_key: str | None, fiscal_year_start: int) -> str | None:
    for pattern in (_DUE_RE, _BY_RE):
        for match in pattern.finditer(visible):
            found = _date_of(match, period_key, fiscal_year_start)
            if found is not None:
                return found.isoformat()
    return None


def _real_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _date_of(match: re.Match[str], period_key: str | None, fiscal_year_start: int) -> date | None:
    """The date a ``_WHEN`` match names; a month or quarter without a year dated from the goal's period."""
    groups = match.groupdict()
    if groups["iso"]:
        return _real_date(groups["iso"])
    year_text = groups["year"] or groups["year2"] or groups["year3"]
    year = int(year_text) if year_text else None
    if groups["quarter"]:
        return _quarter_end(int(groups["quarter"]), year, period_key, fiscal_year_start)
    month_name = groups["end_month"] or groups["month_day"] or groups["day_month"]
    month = _MONTHS[month_name.lower().rstrip(".")]
    day_text = groups["day"] or groups["day2"]

    def on(in_year: int) -> date | None:
        if day_text is None:
            return _month_end(in_year, month)
        try:
            return date(in_year, month, int(day_text))
        except ValueError:
            return None

    if year is not None:
        return on(year)
    start = _period_start(period_key, fiscal_year_start)
    if start is None:
        return None
    candidates = [found for found in (on(start.year), on(start.year + 1)) if found is not None and found >= start]
    return min(candidates, default=None)


def _month_end(year: int, month: int) -> date:
    from calendar import monthrange

    return date(year, month, monthrange(year, month)[1])


def _period_start(period_key: str | None, fiscal_year_start: int) -> date | None:
    if period_key is None:
        return None
    from journal.periods import PeriodError, from_key

    try:
        return from_key(period_key, fiscal_year_start).start
    except PeriodError:
        return None


def _quarter_end(quarter: int, year: int | None, period_key: str | None, fiscal_year_start: int) -> date | None:
    from journal.periods import PeriodError, from_key

    def end_in(in_year: int) -> date | None:
        try:
            return from_key(f"{in_year}-q{quarter}", fiscal_year_start).end
        except PeriodError:
            return None

    if year is not None:
        return end_in(year)
    start = _period_start(period_key, fiscal_year_start)
    if start is None:
        return None
    candidates = [end for end in (end_in(start.year - 1), end_in(start.year), end_in(start.year + 1)) if end]
    return min((end for end in candidates if end >= start), default=None)


# The marks removed from a goal's words before two lines are compared: who, tags, dates, priority.
_MARKS_RE = LazyPattern(
    rf"[(\[][ \t]*(?:owners?|due|priority)[ \t]*::?[ \t]*[^)\]]*[)\]]"
    rf"|\([ \t]*due[ \t]+[^)]*\)"
    rf"|(?<![\w-])due[ \t]*::?[ \t]*{_ISO}"
    rf"|(?<![\w-])priority[ \t]*::?[ \t]*(?:highest|high|medium|low|lowest)(?![\w-])"
    rf"|(?<![\w-])owners?[ \t]*::?[ \t]*[^)\]|]*$"
    rf"|(?:📅|✅|⏳|🛫|➕)\ufe0f?[ \t]*{_ISO}"
    rf"|[🔺⏫🔼🔽⏬]\ufe0f?"
    rf"|(?<![\w.@/+#-])@[^\W\d_][\w-]*(?![\w@/]|\.\w)"
    rf"|(?<![^\s(\[{{,;])#[\w/-]*[^\W\d][\w/-]*"
    rf"|\^[A-Za-z0-9-]+[ \t]*$",
    re.IGNORECASE,
)


def identity_words(text: str) -> str:
    """A goal's words as two lines are compared to tell whether they are one goal: ``same_words_key`` of the
    text without its attribute marks, so adding ``#infra`` or ``@dana`` to a line keeps it the same goal."""
    lower = text.lower()
    if not (
        "@" in text or "#" in text or "^" in text or "due" in lower or "owner" in lower or "priority" in lower
        or any(mark in text for mark in _EMOJI_MARKS)
    ):  # fmt: skip
        return same_words_key(text)
    kept, at = [], 0
    for match in _MARKS_RE.finditer(_hidden(text) if any(mark in text for mark in _HIDING) else text):
        kept.append(text[at : match.start()])
        at = match.end()
    stripped = same_words_key(" ".join([*kept, text[at:]]))
    return stripped or same_words_key(text)
