"""Front matter: the YAML block between ``---`` lines at the top of a document or a template.

Read and written here, and only here (sync, import and templates use it):

- Reading is safe: PyYAML's safe loader without anchors or aliases (a "billion
  laughs" is refused), nesting bounded, the block at most MAX_FRONT_MATTER
  characters before it is parsed, every problem one FrontMatterProblem with its line.
- In a document the block opens with a ``---`` line and closes with the next
  ``---`` line (``FRONT_MATTER``); a block that is plainly not YAML (a ``---``
  rule, text, another rule) is no front matter (``meant_as_front_matter``).
  In a template it may also close with ``...``, and a block never closed is
  an error (``split_template``).
- Writing (``with_front_matter``, for import) adds fields above the block's own
  lines, or writes the block anew only when that would not read back the
  same; no byte outside the front matter changes.

python-frontmatter is not used: its ``loads`` converts line endings and strips
the body and its ``dumps`` writes the whole document anew, so the bytes outside
the block could not stay untouched, and reading safely would still take the
loader here (no aliases, size and nesting bounded): it would add an import and
nothing else. PyYAML is what journal uses.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from journal.errors import DocumentError

if TYPE_CHECKING:
    from journal.documents import Document
    from journal.periods import Period

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
MAX_FRONT_MATTER = 64 * 1024
MAX_YAML_DEPTH = 50
# The first line of a block that is meant as YAML: `key:`, `"key":`, `{...}`, or a YAML document start.
YAML_LIKE = re.compile(r"""[^\s#\-\[{>|*&!%@`][^:\n]*:(?:[ \t]|$)|["'][^\n]*["'][ \t]*:(?:[ \t]|$)|\{|%YAML""")
FIRST_CONTENT_LINE = re.compile(r"^[ \t]*[^\s#].*$", re.MULTILINE)
LIST_LINE = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)", re.MULTILINE)
# A template's block may also close with `...`, as in YAML itself.
TEMPLATE_CLOSE = ("---", "...")


class FrontMatterProblem(ValueError):
    """Why front matter cannot be read: ``problem``, at ``line`` (1-based, counted in the block) when known."""

    def __init__(self, problem: str, line: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line


@lru_cache(maxsize=1)
def _loader() -> type:
    """PyYAML's safe loader without aliases or anchors, with bounded nesting, every value error at its line."""
    import yaml

    from journal.documents import shorten

    class FrontMatterLoader(yaml.SafeLoader):
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.peek_event()
            # Aliases make a few lines expand to gigabytes (a "billion laughs"): front matter has no need of them.
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                raise yaml.composer.ComposerError(
                    None, None, "anchors and aliases (&name, *name) are not allowed", event.start_mark
                )
            self.depth += 1
            try:
                if self.depth > MAX_YAML_DEPTH:
                    raise yaml.composer.ComposerError(
                        None, None, f"values nested more than {MAX_YAML_DEPTH} levels deep", event.start_mark
                    )
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

        def construct_object(self, node: Any, deep: bool = False) -> Any:
            try:
                return super().construct_object(node, deep=deep)
            except yaml.YAMLError:
                raise
            except Exception:  # 2023-02-29, !!int abc, !!bool maybe, a 5000-digit number: one error at its line
                kind = str(node.tag).rsplit(":", 1)[-1]
                value = node.value if isinstance(node.value, str) else kind
                raise yaml.constructor.ConstructorError(
                    None, None, f"cannot read {shorten(value, 60)!r} as {kind}", node.start_mark
                ) from None

    return FrontMatterLoader


@lru_cache(maxsize=16)
def load_front_matter(raw: str) -> Any:
    """The YAML value of front matter text (between the ``---`` lines), safely.

    At most MAX_FRONT_MATTER characters, no anchors or aliases, nesting
    bounded; anything that goes wrong is a FrontMatterProblem (one short
    line). The value is shared between callers: do not change it.
    """
    if len(raw) > MAX_FRONT_MATTER:
        raise FrontMatterProblem(f"larger than {MAX_FRONT_MATTER >> 10} KB")
    if not raw.strip():
        return None
    import yaml

    from journal.documents import shorten

    try:
        return yaml.load(raw, Loader=_loader())
    except yaml.reader.ReaderError as exc:
        line = raw.count("\n", 0, max(exc.position, 0)) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character or "\0")
        raise FrontMatterProblem(f"a character YAML does not allow (U+{code:04X})", line) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise FrontMatterProblem(shorten(problem), mark.line + 1 if mark is not None else None) from None
    except (RecursionError, MemoryError, ValueError, TypeError, KeyError, OverflowError, AttributeError) as exc:
        raise FrontMatterProblem(f"cannot be read ({type(exc).__name__})") from None


def _looks_like_yaml(raw: str) -> bool:
    first = FIRST_CONTENT_LINE.search(raw)
    return first is not None and YAML_LIKE.match(first.group()) is not None


def meant_as_front_matter(raw: str) -> bool:
    """Whether text between a first ``---`` line and a closing one is meant as YAML front matter.

    A document may begin with a ``---`` horizontal rule: the block up to the
    next ``---`` line is front matter when its first line that is not blank or
    a comment looks like YAML (``key: value``, ``{...}``), or when it holds list
    items (which extraction would otherwise skip without a word).
    """
    return _looks_like_yaml(raw) or LIST_LINE.search(raw) is not None


def front_matter(document: Document) -> dict:
    """The document's YAML front matter as a dict ({} when it has none); broken YAML is a DocumentError.

    No closing ``---`` line, or a block that is plainly not YAML and holds no
    list items (a ``---`` horizontal rule, then text, then another), is no
    front matter.
    """
    match = FRONT_MATTER.match(document.text)
    raw = (match.group(1) or "") if match else ""
    if not match or not meant_as_front_matter(raw):
        return {}
    if not _looks_like_yaml(raw):
        closing = raw.count("\n") + 2
        raise DocumentError(
            f"{document.path}:1: broken front matter: the lines up to the '---' on line {closing} are not"
            " key: value lines, and the list items among them would not be read",
            hint="if the first '---' is a rule, put a blank line before it",
        )
    try:
        data = load_front_matter(raw)
    except FrontMatterProblem as exc:
        where = f":{exc.line + 1}" if exc.line is not None else ""
        raise DocumentError(f"{document.path}{where}: broken front matter: {exc.problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DocumentError(f"{document.path}:2: broken front matter: expected key: value lines")
    return dict(data)


def split_template(text: str) -> tuple[str | None, str, int]:
    """Split a template's text into (front matter or None, body, number of lines the front matter takes).

    Lines are the text's own lines; the block opens with a ``---`` line and
    closes with a ``---`` or ``...`` line. An unclosed block is (all of it, "", -1).
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None, text, 0
    for index in range(1, len(lines)):
        if lines[index].rstrip() in TEMPLATE_CLOSE:
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 1
    return "".join(lines[1:]), "", -1


# Escaped in a quoted YAML string: what YAML does not allow (DEL, C1 controls, non-characters), a stray BOM,
# and the line breaks YAML folds into spaces (NEL, U+2028, U+2029).
NOT_YAML_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _yaml_string(text: str) -> str:
    """``text`` as a double-quoted YAML string (JSON's escapes, which YAML shares, plus non-printable characters)."""
    import json

    return NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def _field_lines(fields: dict[str, str], newline: str) -> str:
    """``key: value`` lines for the fields journal adds: the period key as it is, the others quoted."""
    return "".join(
        f"{key}: {value if key == 'period' else _yaml_string(value)}{newline}" for key, value in fields.items()
    )


def _dump(fields: dict, newline: str) -> str:
    """A whole front matter block written by YAML."""
    import yaml

    text = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, default_flow_style=False, width=2**31 - 1)
    return text.replace("\n", newline)


def _reads_back_as(block: str, expected: dict) -> bool:
    """Whether front matter text ``block`` parses back to exactly ``expected`` (a period as its key)."""
    try:
        found = load_front_matter(block)
    except FrontMatterProblem:
        return False
    if not isinstance(found, dict):
        return False
    found = {k: str(v) if k == "period" else v for k, v in found.items()}
    expected = {k: str(v) if k == "period" else v for k, v in expected.items()}
    return found == expected or repr(found) == repr(expected)


def with_front_matter(
    data: bytes, text: str, period: Period, title: str, origin: str, template: str | None = None
) -> bytes:
    """The document with period, title, imported-from (and template) front matter; its own bytes follow unchanged.

    Existing front matter keeps its lines, the missing fields written above
    them; when that would not read back as the same values (a flow mapping),
    the whole block is written again by YAML. Front matter that cannot be
    written so that it reads back is a DocumentError. Nothing after the front
    matter changes.
    """
    from journal.documents import newline_of

    newline = newline_of(data).decode()
    fields = {"period": period.key, "title": title, "imported-from": origin}
    if template is not None:
        fields["template"] = template
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text.removeprefix("\ufeff")
    match = FRONT_MATTER.match(body)
    if match and (meant_as_front_matter(match.group(1) or "") or not (match.group(1) or "").strip()):
        existing = match.group(1) or ""
        try:
            meta = load_front_matter(existing) or {}
        except FrontMatterProblem as exc:
            raise DocumentError(f"broken front matter: {exc.problem}") from None
        if not isinstance(meta, dict):
            raise DocumentError("broken front matter: expected key: value lines")
        added = {key: value for key, value in fields.items() if key not in meta}
        expected = {**added, **meta}
        block = _field_lines(added, newline) + existing
        if not _reads_back_as(block, expected):
            block = _dump(expected, newline)
            if not _reads_back_as(block, expected):
                raise DocumentError("its front matter cannot be written back so that it reads the same")
        first_line_end = body.index("\n") + 1
        closing_at = match.end(1) if match.group(1) is not None else first_line_end
        # The closing '---' line and everything after it are the source's own bytes.
        rest = data[len((bom + body[:closing_at]).encode("utf-8")) :]
        return (bom + body[:first_line_end] + block).encode("utf-8") + rest
    block = _field_lines(fields, newline)
    if not _reads_back_as(block, fields):
        raise DocumentError("its title or path cannot be written as front matter that reads back the same")
    header = "---" + newline + block + "---" + newline
    return bom.encode("utf-8") + header.encode("utf-8") + data[len(bom.encode("utf-8")) :]
