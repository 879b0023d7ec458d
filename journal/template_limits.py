"""What a template may build: the size, step and time bounds journal's Jinja2 sandbox checks.

Jinja's sandbox limits what a template can reach, not what it can build:
every operation that can make a value much bigger than its inputs (padding,
repeating, formatting, joining, replacing, concatenating, loops) is checked
here before it runs, so no single step is huge, and the steps of one rendering
(``rendering()``) are counted and timed. A value over a bound is refused with
Jinja2's SecurityError. ``journal.sandbox`` wires these checks into the
environment.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

MAX_REPEAT = 100_000  # the longest string or list a template may build with * (the sandbox limits time, not size)
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


@contextlib.contextmanager
def rendering() -> Iterator[None]:
    """Count one rendering's steps, text built and time from here to the end of the block."""
    global _budget
    _budget = _Budget()
    try:
        yield
    finally:
        _budget = None


def check_time() -> None:
    """Refuse the rendering in progress if it has run out of time."""
    if _budget is not None:
        _budget.check_time()


def step(cost: int = 1) -> None:
    """Count ``cost`` steps of work of the rendering in progress."""
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


def checked_call(obj: Any, args: tuple, kwargs: dict) -> tuple[tuple, dict]:
    """Refuse a method call that would build a huge value; return the arguments to call with."""
    target = getattr(obj, "__wrapped__", obj)  # the sandbox wraps str.format
    owner = getattr(target, "__self__", None)
    name = getattr(target, "__name__", "")
    if isinstance(owner, str):
        args = _checked_str_method(owner, name, args, kwargs)
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


def _checked_str_method(owner: str, name: str, args: tuple, kwargs: dict) -> tuple:
    """``checked_call`` for a method of the text ``owner``."""
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
    return args


# Filters that only look at a value's shape, never turn it into text.
_SHAPE_FILTERS = frozenset(["length", "count", "first", "last", "default", "d", "list", "reverse", "random"])


def _checked_filter(name: str, args: tuple, kwargs: dict) -> tuple:
    """Refuse a filter call that would build a huge value; return the arguments to call with."""
    if not args:
        return args
    value, rest = args[0], args[1:]
    if name not in _SHAPE_FILTERS and not isinstance(value, str):
        if name == "join" or name == "sum":
            value = _bounded_items(value)
            args = (value, *rest)
        _check_weight(value)
    check = _FILTER_CHECKS.get(name)
    if check is not None:
        check(value, _Arguments(rest, kwargs))
    return args


class _Arguments:
    """A filter's arguments after its value, each found by position or by name."""

    def __init__(self, rest: tuple, kwargs: dict) -> None:
        self.rest = rest
        self.kwargs = kwargs

    def __call__(self, index: int, key: str, default: Any = None) -> Any:
        return self.rest[index] if len(self.rest) > index else self.kwargs.get(key, default)


def _check_indent(value: Any, arg: _Arguments) -> None:
    width = arg(0, "width", 4)
    size = len(width) if isinstance(width, str) else _int(width) or 0
    _check_width(size)
    _too_large("a text", len(str(value)) + (str(value).count("\n") + 1) * size, MAX_VALUE)


def _check_format_filter(value: Any, arg: _Arguments) -> None:
    if isinstance(value, str):
        _check_printf(value, arg.kwargs if arg.kwargs else tuple(arg.rest))


def _check_replace_filter(value: Any, arg: _Arguments) -> None:
    if isinstance(value, str):
        _check_replace(value, arg(0, "old"), arg(1, "new"))


def _check_sum(_value: Any, arg: _Arguments) -> None:
    if _int(arg(1, "start", 0)) is None and not isinstance(arg(1, "start", 0), float):
        _refuse("sum adds numbers only")


def _check_tojson(_value: Any, arg: _Arguments) -> None:
    _check_width(arg(0, "indent"))
    if (_int(arg(0, "indent")) or 0) > 16:
        _refuse("an indent of more than 16 is too large")


# What each filter that can build a large value checks first: (the value, its other arguments).
_FILTER_CHECKS: dict[str, Callable[[Any, _Arguments], None]] = {
    "center": lambda _value, arg: _check_width(arg(0, "width", 80)),
    "indent": _check_indent,
    "format": _check_format_filter,
    "join": lambda value, arg: _check_join(arg(0, "d", ""), value),
    "replace": _check_replace_filter,
    "batch": lambda _value, arg: _too_large("a list", _int(arg(0, "linecount")) or 0, MAX_ITEMS),
    "slice": lambda _value, arg: _too_large("a list", _int(arg(0, "slices")) or 0, MAX_ITEMS),
    "sum": _check_sum,
    "tojson": _check_tojson,
    "wordwrap": lambda _value, arg: _check_width(arg(0, "width", 79)),
}


def bounded_filter(name: str, function: Any) -> Any:
    """Jinja2 filter ``function`` (named ``name``), counted and refusing arguments or results too large."""
    from jinja2.utils import _PassArg

    passes = _PassArg.from_obj(function) is not None  # the environment or context comes first

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        step()
        checked = _checked_filter(name, args[1:] if passes else args, kwargs)
        args = (args[0], *checked) if passes else checked
        result = function(*args, **kwargs)
        if isinstance(result, str):
            _too_large("a text", len(result), MAX_VALUE)
        return result

    return run


def bounded_range(*args: int) -> range:
    """``range``, at most MAX_RANGE long."""
    numbers = range(*args)
    _too_large("a range", len(numbers), MAX_RANGE)
    return numbers


def bounded_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002
    """Jinja2's ``lipsum``, bounded."""
    from jinja2.utils import generate_lorem_ipsum

    _too_large("a lipsum", (_int(n) or 0) * (_int(max) or 0), 10_000)
    return generate_lorem_ipsum(n, html, min, max)


def loop_guard(iterable: Any) -> Any:
    """Every item of ``iterable``, one step each: loops are counted and timed."""
    for item in iterable:
        step()
        yield item


def bounded_output(value: Any) -> Any:
    """Each ``{{ ... }}`` value: not larger than a document may be."""
    step()
    _check_weight(value)
    return value


def bounded_concat(parts: Any) -> str:
    """The text of a ``{% set %}`` block, a macro or a caller: not larger than a document may be."""
    parts = list(parts)
    _too_large("a text", sum(len(part) for part in parts), MAX_VALUE)
    return "".join(parts)


def bounded_join(values: tuple) -> str:
    """``a ~ b``: not larger than a document may be."""
    step()
    _too_large("a text", sum(_weight(value) for value in values), MAX_VALUE)
    return "".join(map(str, values))


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``left <operator> right`` if it would build a huge value or number; one step of work."""
    step()
    if operator == "**":
        if isinstance(right, int) and abs(right) > 100:
            _refuse(f"the power {right} is too large")
        if _int(left) is not None and _int(right) is not None and right > 0:
            _too_large("a number of bits", left.bit_length() * right, MAX_INT_BITS)
    elif operator == "*":
        _check_times(left, right)
    elif operator == "+":
        if isinstance(left, str) and isinstance(right, str):
            _too_large("a text", len(left) + len(right), MAX_VALUE)
        elif isinstance(left, list | tuple) and isinstance(right, list | tuple):
            _too_large("a list", len(left) + len(right), MAX_ITEMS)
    elif operator == "%" and isinstance(left, str):
        _check_printf(left, right)


def _check_times(left: Any, right: Any) -> None:
    """``left * right``: a number of bounded size, or a text or list repeated into a bounded one."""
    if _int(left) is not None and _int(right) is not None:
        _too_large("a number of bits", left.bit_length() + right.bit_length(), MAX_INT_BITS)
    for size, count in ((left, right), (right, left)):
        if isinstance(size, str | list | tuple) and _int(count) is not None:
            if len(size) * count > MAX_REPEAT:
                _refuse(f"a value of {len(size) * count} items is too large")
            _too_large("a text", _weight(size) * count, MAX_VALUE)
