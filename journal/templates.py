"""Templates: the Markdown skeletons `journal new` fills in for a period.

A template is a Markdown file named ``NAME.md``. The built-in ones ship inside the package
(``journal/templates``); a file ``templates/NAME.md`` in the journal folder overrides the built-in
template of the same name, or adds a new one. A template name is made of ``A-Z a-z 0-9 _ -`` only.

A template file starts with YAML front matter holding the template's metadata (it is NOT copied
into the document), followed by a Jinja2 body::

    ---
    description: Personal quarterly reflection      # one line, shown by `journal templates`
    kind: quarter                                   # period kind it is the default for, or null
    prompts:                                        # questions `journal review` asks
      - section: Wins                               # heading the answer is written under
        question: What went well this quarter?
    ---
    # {{ period.label }} Reflection{% if author %} - {{ author }}{% endif %}

The front matter is optional (no metadata: no description, no kind, no prompts). Each prompt's
``section`` should name a heading of the rendered document, without its ``#`` marks.

The body is rendered by Jinja2 in a sandbox (``SandboxedEnvironment``) with ``StrictUndefined``
(a misspelt variable is an error, never an empty string), ``trim_blocks`` and ``lstrip_blocks``
(a line holding only a ``{% ... %}`` tag leaves no blank line behind) and no HTML escaping.
Every template receives exactly these variables, always all of them:

``period``
    The period the document is for: a ``journal.periods.Period`` with ``.key`` (``2025-q1``),
    ``.label`` (``Q1 2025``), ``.kind`` (``year``, ``half``, ``quarter``, ``month``, ``week`` or ``day``),
    ``.start`` and ``.end`` (``datetime.date``, both inclusive), ``.previous()`` and ``.next()``
    (the adjacent periods of the same kind).
``today``
    The date the document is created (``datetime.date``; renders as ``2025-01-05``).
``author``
    The author's name from ``journal.toml`` (``str``; ``""`` when not set).
``planned``
    The goals planned FOR this period in earlier documents (for example under ``## Q1 2025
    Priorities`` in the Q4 2024 document), in document order: a list of dicts with the keys
    ``id`` (ledger id, ``str``), ``text`` (``str``), ``source`` (the document it was written in,
    relative to the journal folder, ``str``), ``section`` (the heading it was under, ``str``) and
    ``status`` (``str``: ``open``, ``in_progress``, ``done``, ``carried`` or ``dropped``).
``carried``
    The previous period's goals that are still open, to be carried into this one: a list of dicts
    with the keys ``id``, ``text``, ``period`` (the period the goal was for, a ``Period``) and
    ``status`` (as above; ``open`` or ``in_progress``). A goal may be in both lists; the built-in
    templates print it once, under ``planned``.
``previous``
    A summary of the previous period's goals, or ``None`` when it has none: a dict with the keys
    ``period`` (``Period``), ``set``, ``done``, ``open``, ``dropped`` and ``carried`` (``int``
    counts, as `journal stats` gives them once this document's goals are brought in) and
    ``rate`` (``float`` from 0 to 1: done / set, dropped goals included in ``set``).

One filter is added to Jinja2's own: ``status | checkbox`` turns a goal status into its task
marker: ``[ ]`` (open, or anything unknown), ``[/]`` (in progress), ``[x]`` (done), ``[>]``
(carried), ``[-]`` (dropped). So ``- {{ goal.status | checkbox }} {{ goal.text }}`` writes an
open goal as ``- [ ] text``.

Rendering is bounded: no text longer than a million characters (the document included), no
padding or field width over 10,000 (``ljust``, ``center``, ``'{:>N}'``, ``'%Ns'``, ``indent``), no
list over 100,000 items, no ``range`` over 10,000, at most a million steps (loop iterations,
calls, filters, operators) and five seconds. A template over a bound is refused (TemplateError).

Errors (a missing template, broken metadata, a Jinja2 syntax error, an undefined variable, an
operation the sandbox refuses, any exception while rendering) raise ``TemplateError`` whose
message names the template and, where known, the line in the template FILE (front matter lines
counted), e.g. ``template 'quarterly' line 12: unexpected '}'``.

This module finds, loads and lists templates and reads their metadata; ``journal.sandbox``
renders them (its bounds are ``journal.template_limits``); ``journal.template_cache`` keeps
their parsed metadata and compiled bodies in ``.journal/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journal.errors import TemplateError, UsageError
from journal.front_matter import split_template
from journal.periods import PERIOD_KINDS
from journal.sandbox import render_template
from journal.template_cache import Metadata, TemplateCache

__all__ = [
    "Prompt",
    "Template",
    "builtin_templates_dir",
    "default_template_for",
    "list_templates",
    "load_template",
    "render_template",
    "template_names",
    "validate_template_name",
]


TEMPLATE_SUFFIX = ".md"

_DEFAULT_TEMPLATES = {
    "year": "yearly",
    "half": "quarterly",
    "quarter": "quarterly",
    "month": "monthly",
    "week": "weekly",
    "day": "daily",
}
_NAME_RE = re.compile(r"[A-Za-z0-9_-]{1,100}")  # short enough to be a file name everywhere


@dataclass
class Prompt:
    """One review question, answered under the heading named by `section`."""

    section: str
    question: str


@dataclass
class Template:
    """A loaded template: its metadata and its Jinja2 body (front matter removed)."""

    name: str
    path: Path
    builtin: bool
    description: str
    kind: str | None
    prompts: list[Prompt] = field(default_factory=list)
    body: str = ""
    body_line_offset: int = 0
    # The file's bytes as read, and the journal's cache they were looked up in: rendering keeps the
    # compiled body there (journal.sandbox).
    source: bytes = field(default=b"", repr=False, compare=False)
    cache: TemplateCache | None = field(default=None, repr=False, compare=False)


def builtin_templates_dir() -> Path:
    """Return the folder of the built-in templates.

    Inside an installed wheel that is ``journal/templates``; in an editable install (a checkout)
    it is the top-level ``templates/`` folder next to the package.
    """
    packaged = Path(__file__).parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / "templates"


def validate_template_name(name: str) -> str:
    """Return `name` if it is a safe template name, else raise UsageError.

    Only ``A-Z a-z 0-9 _ -`` are allowed, at most 100 of them, so a name can never walk out of a templates folder
    (``..``, ``/``, ``\\``, NUL, absolute paths) nor name a hidden file.
    """
    if not isinstance(name, str) or not _NAME_RE.fullmatch(name):
        raise UsageError(
            f"invalid template name {name!r}",
            hint="use letters, digits, '-' and '_' only, e.g. 'quarterly'",
        )
    return name


def default_template_for(kind: str) -> str:
    """Return the name of the built-in template used for a period of this kind."""
    try:
        return _DEFAULT_TEMPLATES[kind]
    except KeyError:
        raise UsageError(f"unknown period kind {kind!r}", hint=f"expected one of: {', '.join(PERIOD_KINDS)}") from None


def _user_templates_dir(journal_dir: Path | None) -> Path | None:
    return None if journal_dir is None else Path(journal_dir) / "templates"


def _names_in(folder: Path | None) -> set[str]:
    if folder is None or not folder.is_dir():
        return set()
    return {p.stem for p in folder.glob(f"*{TEMPLATE_SUFFIX}") if p.is_file() and _NAME_RE.fullmatch(p.stem)}


def template_names(journal_dir: Path | None) -> list[str]:
    """Return the names of every available template (built-in and the journal's), sorted."""
    return sorted(_names_in(builtin_templates_dir()) | _names_in(_user_templates_dir(journal_dir)))


def load_template(name: str, journal_dir: Path | None) -> Template:
    """Load template `name`: ``journal_dir/templates/NAME.md`` if it exists, else the built-in one.

    Raises UsageError for an unsafe name, TemplateError for an unknown name (listing the available
    ones) or a file that cannot be read or whose metadata is broken. Its parsed metadata (and,
    once rendered, its compiled body) is cached in the journal's ``.journal/`` folder.
    """
    cache = TemplateCache.of(journal_dir)
    template = _load(name, journal_dir, cache)
    if cache is not None:
        cache.save()
    return template


def list_templates(journal_dir: Path | None) -> list[tuple[Template, bool]]:
    """Return every available template as ``(template, overrides_builtin)``, sorted by name.

    Each name appears once, as the template `load_template` would use. `overrides_builtin` is True
    for a journal template that replaces a built-in one of the same name (a journal template with
    a new name has ``template.builtin == False`` and ``overrides_builtin == False``).
    """
    builtin = _names_in(builtin_templates_dir())
    cache = TemplateCache.of(journal_dir)
    result = []
    for name in template_names(journal_dir):
        template = _load(name, journal_dir, cache)
        result.append((template, not template.builtin and name in builtin))
    if cache is not None:
        cache.save()
    return result


def _load(name: str, journal_dir: Path | None, cache: TemplateCache | None) -> Template:
    validate_template_name(name)
    user_dir = _user_templates_dir(journal_dir)
    if user_dir is not None:
        user_path = user_dir / f"{name}{TEMPLATE_SUFFIX}"
        if user_path.is_file():
            return _read_template(name, user_path, builtin=False, cache=cache)
    builtin_path = builtin_templates_dir() / f"{name}{TEMPLATE_SUFFIX}"
    if builtin_path.is_file():
        return _read_template(name, builtin_path, builtin=True, cache=cache)
    available = template_names(journal_dir)
    raise TemplateError(
        f"no template named {name!r}",
        hint=f"available: {', '.join(available)}" if available else "no templates found",
    )


def _read_template(name: str, path: Path, builtin: bool, cache: TemplateCache | None) -> Template:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateError(f"cannot read template {name!r}: {path}", hint=exc.strerror) from None
    meta = cache.metadata(path, data) if cache is not None else None
    if meta is None:
        meta = _parse_template(name, path, data)
        if cache is not None:
            cache.set_metadata(path, data, meta)
    description, kind, prompts, body, offset = meta
    return Template(
        name=name,
        path=path,
        builtin=builtin,
        description=description,
        kind=kind,
        prompts=[Prompt(section=section, question=question) for section, question in prompts],
        body=body,
        body_line_offset=offset,
        source=data,
        cache=cache,
    )


def _parse_template(name: str, path: Path, data: bytes) -> Metadata:
    """The metadata, body and body line offset of template file ``path`` holding ``data``."""
    import io

    try:
        # Decoded as path.read_text() would: utf-8-sig drops a BOM; universal newlines make CRLF
        # files count lines like LF ones.
        text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig").read()
    except UnicodeDecodeError as exc:
        raise TemplateError(f"template {name!r} is not UTF-8 text: {path}", hint=str(exc)) from None
    raw_meta, body, offset = split_template(text)
    if offset < 0:
        raise TemplateError(f"template {name!r}: front matter is never closed with '---' in {path}")
    meta = _parse_metadata(name, path, raw_meta)
    prompts = tuple((prompt.section, prompt.question) for prompt in meta["prompts"])
    return meta["description"], meta["kind"], prompts, body, offset


def _parse_metadata(name: str, path: Path, raw: str | None) -> dict[str, Any]:
    def bad(what: str, line: int | None = None) -> TemplateError:
        where = f" line {line}" if line else ""
        return TemplateError(f"template {name!r}{where}: {what} in the front matter of {path}")

    from journal.documents import shorten
    from journal.front_matter import FrontMatterProblem, load_front_matter

    try:
        data = load_front_matter(raw) if raw else None
    except FrontMatterProblem as exc:
        # +1: the block's lines count from the line after the opening '---'.
        raise bad(f"invalid YAML ({exc.problem})", exc.line + 1 if exc.line is not None else None) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise bad("expected 'key: value' metadata")

    description = data.get("description", "")
    if description is None:
        description = ""
    if not isinstance(description, str):
        raise bad("'description' must be text")

    kind = data.get("kind")
    if kind is not None and kind not in PERIOD_KINDS:
        raise bad(f"'kind' must be one of {', '.join(PERIOD_KINDS)} or null, not {shorten(kind, 60)!r}")

    raw_prompts = data.get("prompts") or []
    if not isinstance(raw_prompts, list):
        raise bad("'prompts' must be a list of {section, question}")
    prompts = []
    for number, item in enumerate(raw_prompts, start=1):
        if not (
            isinstance(item, dict)
            and isinstance(item.get("section"), str)
            and isinstance(item.get("question"), str)
            and item["section"].strip()
            and item["question"].strip()
        ):
            raise bad(f"prompt {number} needs a 'section' and a 'question' (text)")
        prompts.append(Prompt(section=item["section"].strip(), question=item["question"].strip()))
    return {"description": description.strip(), "kind": kind, "prompts": prompts}
