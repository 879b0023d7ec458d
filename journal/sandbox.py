"""Rendering templates: Jinja2 in a bounded SandboxedEnvironment, with StrictUndefined.

The environment is Jinja2's sandbox (a template reaches no attribute or
function it should not), with ``StrictUndefined`` (a misspelt variable is an
error), ``trim_blocks``/``lstrip_blocks``, no HTML escaping and one extra
filter, ``checkbox``. Every operation that could build a huge value, and every
step of work, goes through the checks of ``journal.template_limits``: loops
are guarded at parse time, ``a ~ b`` compiles to a bounded join, binary
operators, calls, filters and each ``{{ ... }}`` output are checked as they run.

A template's compiled code is kept in the journal's template cache
(``journal.template_cache``), tagged with the Jinja2 version and this module's
source, so that a second `journal new` does not compile it again.
"""

from __future__ import annotations

import functools
import traceback
from typing import TYPE_CHECKING, Any

from journal import template_limits as limits
from journal.errors import TemplateError

if TYPE_CHECKING:
    from types import CodeType

    from jinja2.sandbox import SandboxedEnvironment

    from journal.templates import Template

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


def _checkbox(status: Any) -> str:
    return _CHECKBOXES.get(str(status).strip().lower(), "[ ]")


@functools.lru_cache(maxsize=1)
def _sandbox_class() -> type[SandboxedEnvironment]:
    """Jinja2's SandboxedEnvironment, made to check every step against journal.template_limits."""
    from jinja2 import nodes
    from jinja2.compiler import CodeGenerator
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
        concat = staticmethod(limits.bounded_concat)
        bounded_join = staticmethod(limits.bounded_join)
        loop_guard = staticmethod(limits.loop_guard)

        def _parse(self, source: str, name: str | None, filename: str | None) -> Any:
            return _guard_loops(super()._parse(source, name, filename))

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            limits.check_binop(operator, left, right)
            return super().call_binop(context, operator, left, right)

        def call(self, context: Any, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
            limits.step(10)  # a call (a macro) is work: ten steps
            args, kwargs = limits.checked_call(obj, args, kwargs)
            return super().call(context, obj, *args, **kwargs)

        def getattr(self, obj: Any, attribute: str) -> Any:
            limits.step()
            return super().getattr(obj, attribute)

        def getitem(self, obj: Any, argument: Any) -> Any:
            limits.step()
            return super().getitem(obj, argument)

    return LimitedSandbox


def _guard_loops(tree: Any) -> Any:
    """Make every loop of a parsed template go through the environment's ``loop_guard`` (one step per item)."""
    from jinja2 import nodes

    def guarded(node: Any) -> Any:
        guard = nodes.EnvironmentAttribute("loop_guard", lineno=node.lineno)
        return nodes.Call(guard, [node], [], None, None, lineno=node.lineno)

    for loop in tree.find_all(nodes.For):
        loop.iter = guarded(loop.iter)
    for call in tree.find_all(nodes.Call):  # loop(children) in a recursive loop
        if isinstance(call.node, nodes.Name) and call.node.name == "loop" and call.args:
            call.args[0] = guarded(call.args[0])
    return tree


@functools.lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    import jinja2

    env = _sandbox_class()(
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        finalize=limits.bounded_output,
    )
    env.filters["checkbox"] = _checkbox
    env.filters = {name: limits.bounded_filter(name, function) for name, function in env.filters.items()}
    env.globals["range"] = limits.bounded_range
    env.globals["lipsum"] = limits.bounded_lipsum
    return env


@functools.lru_cache(maxsize=1)
def _code_tag() -> tuple | None:
    """What compiled code depends on besides the template: Jinja2's version and this module's source."""
    import zlib
    from pathlib import Path

    import jinja2

    try:
        source = Path(__file__).read_bytes()
    except OSError:
        return None  # cannot tell which sandbox compiled it: compile every time
    return (jinja2.__version__, len(source), zlib.crc32(source))


def _compiled(env: SandboxedEnvironment, template: Template, filename: str) -> CodeType:
    """The code of ``template``'s body: from the journal's cache, else compiled (and then cached)."""
    cache = template.cache
    tag = _code_tag() if cache is not None else None
    if cache is not None and tag is not None:
        code = cache.code(template.path, template.source, tag)
        if code is not None:
            return code
    code = env.compile(template.body, name=template.name, filename=filename)
    if cache is not None and tag is not None:
        cache.set_code(template.path, template.source, tag, code)
        cache.save()
    return code


def _template_line(exc: BaseException, filename: str) -> int | None:
    """Return the body line of the innermost traceback frame that runs the template, if any."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == filename:
            line = frame.lineno
    return line


def render_template(template: Template, variables: dict[str, Any]) -> str:
    """Render `template` with `variables` (see journal.templates) and return the document text.

    Any failure raises TemplateError naming the template and the line in its file.
    """
    env = _environment()
    filename = str(template.path)

    def fail(what: str, body_line: int | None) -> TemplateError:
        where = f" line {body_line + template.body_line_offset}" if body_line else ""
        return TemplateError(f"template {template.name!r}{where}: {what}", hint=filename)

    with limits.rendering():
        return _render(env, template, filename, variables, fail)


def _render(env: SandboxedEnvironment, template: Template, filename: str, variables: dict[str, Any], fail: Any) -> str:
    from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError

    try:
        # compile + from_code is from_string with a name and filename, so that syntax errors and
        # the rewritten tracebacks of runtime errors point into this file.
        code = _compiled(env, template, filename)
        compiled = env.template_class.from_code(env, code, env.make_globals(None))
    except TemplateSyntaxError as exc:
        raise fail(exc.message or "syntax error", exc.lineno) from None
    except RecursionError:  # Jinja2's parser recurses once per nesting level: `{{{{{{...`
        raise fail("nested too deeply to read", None) from None

    try:
        chunks = []
        size = 0
        for chunk in compiled.generate(variables):
            chunks.append(chunk)
            size += len(chunk)
            if size > limits.MAX_VALUE:
                raise fail(f"the document would be more than {limits.MAX_VALUE:,} characters", None)
            limits.check_time()
        return "".join(chunks)
    except TemplateError:
        raise
    except SecurityError as exc:
        raise fail(f"the sandbox refused it: {exc}", _template_line(exc, filename)) from None
    except UndefinedError as exc:
        raise fail(str(exc), _template_line(exc, filename)) from None
    except TemplateSyntaxError as exc:
        raise fail(exc.message or "syntax error", exc.lineno) from None
    except RecursionError:  # Jinja2's parser recurses once per nesting level: `{{{{{{...`
        raise fail("nested too deeply to read", None) from None
    except Exception as exc:
        raise fail(f"{type(exc).__name__}: {exc}", _template_line(exc, filename)) from None
