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
    ``.label`` (``Q1 2025``), ``.kind`` (``year``, ``half``, ``quarter``, ``month`` or ``week``),
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
    ``period`` (``Period``), ``set``, ``done``, ``open`` and ``dropped`` (``int`` counts) and
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
"""

from __future__ import annotations

import functools
import re
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal.errors import TemplateError, UsageError
from journal.periods import PERIOD_KINDS

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

MAX_REPEAT = 100_000  # the longest string or list a template may build with * (the sandbox limits time, not size)

TEMPLATE_SUFFIX = ".md"

_DEFAULT_TEMPLATES = {
    "year": "yearly",
    "half": "quarterly",
    "quarter": "quarterly",
    "month": "monthly",
    "week": "weekly",
}
_NAME_RE = re.compile(r"[A-Za-z0-9_-]{1,100}")  # short enough to be a file name everywhere
# The YAML closing delimiter may be `---` or `...`, as in YAML itself and python-frontmatter.
_FRONT_MATTER_CLOSE = ("---", "...")
_CHECKBOXES = {
    "open": "[ ]",
    "todo": "[ ]",
    "in_progress": "[/]",
    "in-progress": "[/]",
    "in progress": "[/]",
    "doing": "[/]",
    "done": "[x]",
    "carried": "[>]",
    "dropped": "[-]",
}


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
    ones) or a file that cannot be read or whose metadata is broken.
    """
    validate_template_name(name)
    user_dir = _user_templates_dir(journal_dir)
    if user_dir is not None:
        user_path = user_dir / f"{name}{TEMPLATE_SUFFIX}"
        if user_path.is_file():
            return _read_template(name, user_path, builtin=False)
    builtin_path = builtin_templates_dir() / f"{name}{TEMPLATE_SUFFIX}"
    if builtin_path.is_file():
        return _read_template(name, builtin_path, builtin=True)
    available = template_names(journal_dir)
    raise TemplateError(
        f"no template named {name!r}",
        hint=f"available: {', '.join(available)}" if available else "no templates found",
    )


def list_templates(journal_dir: Path | None) -> list[tuple[Template, bool]]:
    """Return every available template as ``(template, overrides_builtin)``, sorted by name.

    Each name appears once, as the template `load_template` would use. `overrides_builtin` is True
    for a journal template that replaces a built-in one of the same name (a journal template with
    a new name has ``template.builtin == False`` and ``overrides_builtin == False``).
    """
    builtin = _names_in(builtin_templates_dir())
    result = []
    for name in template_names(journal_dir):
        template = load_template(name, journal_dir)
        result.append((template, not template.builtin and name in builtin))
    return result


def _split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split `text` into (front matter or None, body, number of lines the front matter takes)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None, text, 0
    for index in range(1, len(lines)):
        if lines[index].rstrip() in _FRONT_MATTER_CLOSE:
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 1
    return "".join(lines[1:]), "", -1


def _read_template(name: str, path: Path, builtin: bool) -> Template:
    try:
        # utf-8-sig drops a BOM; universal newlines make CRLF files count lines like LF ones.
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TemplateError(f"template {name!r} is not UTF-8 text: {path}", hint=str(exc)) from None
    except OSError as exc:
        raise TemplateError(f"cannot read template {name!r}: {path}", hint=exc.strerror) from None

    raw_meta, body, offset = _split_front_matter(text)
    if offset < 0:
        raise TemplateError(f"template {name!r}: front matter is never closed with '---' in {path}")
    meta = _parse_metadata(name, path, raw_meta)
    return Template(
        name=name,
        path=path,
        builtin=builtin,
        description=meta["description"],
        kind=meta["kind"],
        prompts=meta["prompts"],
        body=body,
        body_line_offset=offset,
    )


def _parse_metadata(name: str, path: Path, raw: str | None) -> dict[str, Any]:
    def bad(what: str, line: int | None = None) -> TemplateError:
        where = f" line {line}" if line else ""
        return TemplateError(f"template {name!r}{where}: {what} in the front matter of {path}")

    from journal.documents import FrontMatterProblem, load_front_matter, shorten

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


def _checkbox(status: Any) -> str:
    return _CHECKBOXES.get(str(status).strip().lower(), "[ ]")


# Rendering is bounded in size and time. Jinja's sandbox limits what a template can reach, not
# what it can build: every operation that can make a value much bigger than its inputs (padding,
# repeating, formatting, joining, replacing, concatenating, loops) is checked before it runs, so
# no single step is huge, and the steps are counted and timed.
MAX_VALUE = 1_000_000  # characters: the largest text a template may build, and the largest document
MAX_WIDTH = 10_000  # the widest padding or field width (ljust, center, '{:>N}', '%Ns', indent)
MAX_ITEMS = 100_000  # the longest list a template may build
MAX_RANGE = 10_000  # the longest range()
MAX_BUILT = 20_000_000  # characters of text built in all, by every step of one rendering together
MAX_STEPS = 1_000_000  # loop iterations, calls, filters and operators in one rendering
MAX_SECONDS = 5.0  # the time one rendering may take
MAX_INT_BITS = 100_000  # the largest integer a template may compute
_TIME_EVERY = 1024  # steps between two looks at the clock


class _Budget:
    """What one rendering has used so far."""

    def __init__(self) -> None:
        import time

        self.clock = time.monotonic
        self.deadline = self.clock() + MAX_SECONDS
        self.steps = 0
        self.built = 0

    def build(self, size: int) -> None:
        self.built += size
        if self.built > MAX_BUILT:
            _refuse(f"it builds more than {MAX_BUILT:,} characters")

    def step(self, cost: int) -> None:
        before = self.steps
        self.steps += cost
        if self.steps > MAX_STEPS:
            _refuse(f"it takes more than {MAX_STEPS:,} steps")
        if before // _TIME_EVERY != self.steps // _TIME_EVERY:
            self.check_time()

    def check_time(self) -> None:
        if self.clock() > self.deadline:
            _refuse(f"it takes more than {MAX_SECONDS:g} seconds")


_budget: _Budget | None = None  # the rendering in progress (rendering is not re-entrant)


def _step(cost: int = 1) -> None:
    if _budget is not None:
        _budget.step(cost)


def _refuse(why: str) -> None:
    from jinja2.exceptions import SecurityError

    raise SecurityError(why)


def _too_large(what: str, size: int, limit: int) -> None:
    if size > limit:
        _refuse(f"{what} of {size:,} is too large (at most {limit:,})")
    if what == "a text" and _budget is not None:
        _budget.build(size)


def _weight(value: Any, limit: int = MAX_VALUE) -> int:
    """About how many characters ``str(value)`` has; counting stops once past ``limit``.

    A list counts each of its items, shared or not: ``[[1] * 1000] * 1000`` weighs a million.
    """
    total = 0
    stack = [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, list | tuple | set | frozenset):
            total += 2 + 2 * len(item)
            stack.extend(item)
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 1
        else:
            total += 20
    return total


def _check_weight(*values: Any) -> None:
    for value in values:
        _too_large("a text", _weight(value), MAX_VALUE)


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _check_width(value: Any) -> None:
    width = _int(value)
    if width is not None:
        _too_large("a width", width, MAX_WIDTH)


_PRINTF_SPEC = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_printf(pattern: str, values: Any) -> None:
    """``pattern % values``: no huge field width or precision, no huge result."""
    specs = _PRINTF_SPEC.findall(pattern)
    stars = isinstance(values, tuple) and any("*" in spec for pair in specs for spec in pair)
    for pair in specs:
        for number in pair:
            if number.isdigit():
                _too_large("a width", int(number), MAX_WIDTH)
    if stars:
        for value in values:
            _check_width(value)
    each = _weight(values) if isinstance(values, tuple) else _weight(values) * len(specs)
    _too_large("a text", len(pattern) + each + len(specs) * MAX_WIDTH * stars, MAX_VALUE)


def _check_format(pattern: str, args: tuple, kwargs: dict) -> None:
    """``pattern.format(...)``: no huge field width, no field repeated into a huge result."""
    import string

    try:
        fields = [(spec or "") for _literal, name, spec, _conv in string.Formatter().parse(pattern) if name is not None]
    except ValueError:
        return  # format() itself will say what is wrong
    values = [*args, *kwargs.values()]
    for spec in fields:
        for number in re.findall(r"\d+", spec):
            _too_large("a width", int(number), MAX_WIDTH)
        if "{" in spec:
            for value in values:
                if isinstance(value, dict):
                    for inner in value.values():
                        _check_width(inner)
                _check_width(value)
    heaviest = max((_weight(value) for value in values), default=0)
    _too_large("a text", len(pattern) + len(fields) * heaviest, MAX_VALUE)


def _bounded_items(iterable: Any) -> list[Any]:
    import itertools

    items = list(itertools.islice(iterable, MAX_ITEMS + 1))
    _too_large("a list", len(items), MAX_ITEMS)
    return items


def _check_replace(text: str, old: Any, new: Any) -> None:
    if isinstance(old, str) and isinstance(new, str) and len(new) > len(old):
        count = text.count(old) if old else len(text) + 1
        _too_large("a text", len(text) + count * (len(new) - len(old)), MAX_VALUE)


def _check_join(separator: Any, items: list[Any]) -> None:
    size = sum(_weight(item) for item in items) + len(str(separator)) * len(items)
    _too_large("a text", size, MAX_VALUE)


def _checked_call(obj: Any, args: tuple, kwargs: dict) -> tuple[tuple, dict]:
    """Refuse a method call that would build a huge value; return the arguments to call with."""
    target = getattr(obj, "__wrapped__", obj)  # the sandbox wraps str.format
    owner = getattr(target, "__self__", None)
    name = getattr(target, "__name__", "")
    if isinstance(owner, str):
        if name in ("ljust", "rjust", "center", "zfill"):
            _check_width(args[0] if args else kwargs.get("width"))
        elif name == "expandtabs":
            size = _int(args[0] if args else kwargs.get("tabsize", 8)) or 1
            _too_large("a text", len(owner) + owner.count("\t") * size, MAX_VALUE)
        elif name == "format":
            _check_format(owner, args, kwargs)
        elif name == "format_map" and args and isinstance(args[0], dict):
            _check_format(owner, (), args[0])
        elif name == "replace" and len(args) >= 2:
            _check_replace(owner, args[0], args[1])
        elif name == "join" and args:
            items = _bounded_items(args[0])
            _check_join(owner, items)
            args = (items, *args[1:])
        elif name == "translate" and args and isinstance(args[0], dict):
            heaviest = max((_weight(value) for value in args[0].values()), default=0)
            _too_large("a text", len(owner) * max(heaviest, 1), MAX_VALUE)
    elif isinstance(owner, list):
        if name in ("append", "insert"):
            _too_large("a list", len(owner) + 1, MAX_ITEMS)
        elif name == "extend" and args:
            items = _bounded_items(args[0])
            _too_large("a list", len(owner) + len(items), MAX_ITEMS)
            args = (items,)
    elif isinstance(owner, dict) and name in ("update", "setdefault"):
        added = args[0] if args and hasattr(args[0], "__len__") else kwargs
        _too_large("a table", len(owner) + 1 + len(added), MAX_ITEMS)
    return args, kwargs


# Filters that only look at a value's shape, never turn it into text.
_SHAPE_FILTERS = frozenset(["length", "count", "first", "last", "default", "d", "list", "reverse", "random"])


def _checked_filter(name: str, args: tuple, kwargs: dict) -> tuple:
    """Refuse a filter call that would build a huge value; return the arguments to call with."""
    if not args:
        return args
    value, rest = args[0], args[1:]

    def arg(index: int, key: str, default: Any = None) -> Any:
        return rest[index] if len(rest) > index else kwargs.get(key, default)

    if name not in _SHAPE_FILTERS and not isinstance(value, str):
        if name == "join" or name == "sum":
            value = _bounded_items(value)
            args = (value, *rest)
        _check_weight(value)
    if name == "center":
        _check_width(arg(0, "width", 80))
    elif name == "indent":
        width = arg(0, "width", 4)
        size = len(width) if isinstance(width, str) else _int(width) or 0
        _check_width(size)
        _too_large("a text", len(str(value)) + (str(value).count("\n") + 1) * size, MAX_VALUE)
    elif name == "format" and isinstance(value, str):
        _check_printf(value, kwargs if kwargs else tuple(rest))
    elif name == "join":
        _check_join(arg(0, "d", ""), value)
    elif name == "replace" and isinstance(value, str):
        _check_replace(value, arg(0, "old"), arg(1, "new"))
    elif name in ("batch", "slice"):
        _too_large("a list", _int(arg(0, "linecount" if name == "batch" else "slices")) or 0, MAX_ITEMS)
    elif name == "sum" and _int(arg(1, "start", 0)) is None and not isinstance(arg(1, "start", 0), float):
        _refuse("sum adds numbers only")
    elif name == "tojson":
        _check_width(arg(0, "indent"))
        if (_int(arg(0, "indent")) or 0) > 16:
            _refuse("an indent of more than 16 is too large")
    elif name == "wordwrap":
        _check_width(arg(0, "width", 79))
    return args


def _bounded_filter(name: str, function: Any) -> Any:
    from jinja2.utils import _PassArg

    passes = _PassArg.from_obj(function) is not None  # the environment or context comes first

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        _step()
        checked = _checked_filter(name, args[1:] if passes else args, kwargs)
        args = (args[0], *checked) if passes else checked
        result = function(*args, **kwargs)
        if isinstance(result, str):
            _too_large("a text", len(result), MAX_VALUE)
        return result

    return run


def _bounded_range(*args: int) -> range:
    numbers = range(*args)
    _too_large("a range", len(numbers), MAX_RANGE)
    return numbers


def _bounded_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002
    from jinja2.utils import generate_lorem_ipsum

    _too_large("a lipsum", (_int(n) or 0) * (_int(max) or 0), 10_000)
    return generate_lorem_ipsum(n, html, min, max)


def _loop_guard(iterable: Any) -> Any:
    """Every item of ``iterable``, one step each: loops are counted and timed."""
    for item in iterable:
        _step()
        yield item


def _bounded_output(value: Any) -> Any:
    """Each ``{{ ... }}`` value: not larger than a document may be."""
    _step()
    _check_weight(value)
    return value


def _bounded_concat(parts: Any) -> str:
    """The text of a ``{% set %}`` block, a macro or a caller: not larger than a document may be."""
    parts = list(parts)
    _too_large("a text", sum(len(part) for part in parts), MAX_VALUE)
    return "".join(parts)


def _bounded_join(values: tuple) -> str:
    """``a ~ b``: not larger than a document may be."""
    _step()
    _too_large("a text", sum(_weight(value) for value in values), MAX_VALUE)
    return "".join(map(str, values))


@functools.lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    import jinja2
    from jinja2 import nodes
    from jinja2.compiler import CodeGenerator
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    class BoundedCodeGenerator(CodeGenerator):
        """``a ~ b`` goes through the environment's bounded join."""

        def visit_Concat(self, node: nodes.Concat, frame: Any) -> None:
            self.write("environment.bounded_join((")
            for argument in node.nodes:
                self.visit(argument, frame)
                self.write(", ")
            self.write("))")

    class LimitedSandbox(SandboxedEnvironment):
        """Jinja2's sandbox, also refusing huge values (``'a' * 10**9``, ``'a'.ljust(10**8)``) and endless work."""

        intercepted_binops = frozenset(["*", "**", "+", "%"])
        code_generator_class = BoundedCodeGenerator
        concat = staticmethod(_bounded_concat)
        bounded_join = staticmethod(_bounded_join)
        loop_guard = staticmethod(_loop_guard)

        def _parse(self, source: str, name: str | None, filename: str | None) -> Any:
            tree = super()._parse(source, name, filename)

            def guarded(node: Any) -> Any:
                guard = nodes.EnvironmentAttribute("loop_guard", lineno=node.lineno)
                return nodes.Call(guard, [node], [], None, None, lineno=node.lineno)

            for loop in tree.find_all(nodes.For):
                loop.iter = guarded(loop.iter)
            for call in tree.find_all(nodes.Call):  # loop(children) in a recursive loop
                if isinstance(call.node, nodes.Name) and call.node.name == "loop" and call.args:
                    call.args[0] = guarded(call.args[0])
            return tree

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            _step()
            if operator == "**" and isinstance(right, int) and abs(right) > 100:
                raise SecurityError(f"the power {right} is too large")
            if operator == "**" and _int(left) is not None and _int(right) is not None and right > 0:
                _too_large("a number of bits", left.bit_length() * right, MAX_INT_BITS)
            if operator == "*":
                if _int(left) is not None and _int(right) is not None:
                    _too_large("a number of bits", left.bit_length() + right.bit_length(), MAX_INT_BITS)
                for size, count in ((left, right), (right, left)):
                    if isinstance(size, str | list | tuple) and _int(count) is not None:
                        if len(size) * count > MAX_REPEAT:
                            raise SecurityError(f"a value of {len(size) * count} items is too large")
                        _too_large("a text", _weight(size) * count, MAX_VALUE)
            if operator == "+":
                if isinstance(left, str) and isinstance(right, str):
                    _too_large("a text", len(left) + len(right), MAX_VALUE)
                elif isinstance(left, list | tuple) and isinstance(right, list | tuple):
                    _too_large("a list", len(left) + len(right), MAX_ITEMS)
            if operator == "%" and isinstance(left, str):
                _check_printf(left, right)
            return super().call_binop(context, operator, left, right)

        def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
            _step(10)  # a call (a macro) is work: ten steps
            args, kwargs = _checked_call(obj, args, kwargs)
            return super().call(context, obj, *args, **kwargs)

        def getattr(self, obj: Any, attribute: str) -> Any:
            _step()
            return super().getattr(obj, attribute)

        def getitem(self, obj: Any, argument: Any) -> Any:
            _step()
            return super().getitem(obj, argument)

    env = LimitedSandbox(
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        finalize=_bounded_output,
    )
    env.filters["checkbox"] = _checkbox
    env.filters = {name: _bounded_filter(name, function) for name, function in env.filters.items()}
    env.globals["range"] = _bounded_range
    env.globals["lipsum"] = _bounded_lipsum
    return env


def _template_line(exc: BaseException, filename: str) -> int | None:
    """Return the body line of the innermost traceback frame that runs the template, if any."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == filename:
            line = frame.lineno
    return line


def render_template(template: Template, variables: dict[str, Any]) -> str:
    """Render `template` with `variables` (see the module docstring) and return the document text.

    Any failure raises TemplateError naming the template and the line in its file.
    """
    env = _environment()
    filename = str(template.path)

    def fail(what: str, body_line: int | None) -> TemplateError:
        where = f" line {body_line + template.body_line_offset}" if body_line else ""
        return TemplateError(f"template {template.name!r}{where}: {what}", hint=filename)

    global _budget
    _budget = _Budget()
    try:
        return _render(env, template, filename, variables, fail)
    finally:
        _budget = None


def _render(env: SandboxedEnvironment, template: Template, filename: str, variables: dict[str, Any], fail: Any) -> str:
    from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError

    try:
        # compile + from_code is from_string with a name and filename, so that syntax errors and
        # the rewritten tracebacks of runtime errors point into this file.
        code = env.compile(template.body, name=template.name, filename=filename)
        compiled = env.template_class.from_code(env, code, env.make_globals(None))
    except TemplateSyntaxError as exc:
        raise fail(exc.message or "syntax error", exc.lineno) from None

    try:
        chunks = []
        size = 0
        for chunk in compiled.generate(variables):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_VALUE:
                raise fail(f"the document would be more than {MAX_VALUE:,} characters", None)
            if _budget is not None:
                _budget.check_time()
        return "".join(chunks)
    except TemplateError:
        raise
    except SecurityError as exc:
        raise fail(f"the sandbox refused it: {exc}", _template_line(exc, filename)) from None
    except UndefinedError as exc:
        raise fail(str(exc), _template_line(exc, filename)) from None
    except TemplateSyntaxError as exc:
        raise fail(exc.message or "syntax error", exc.lineno) from None
    except Exception as exc:
        raise fail(f"{type(exc).__name__}: {exc}", _template_line(exc, filename)) from None
