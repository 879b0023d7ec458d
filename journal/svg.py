"""rich's SVG export made self-contained: no web font fetched from a CDN, the system's monospace fonts instead."""

from __future__ import annotations

import re

# rich's template names Fira Code in @font-face rules that load it from a CDN: offline, or where
# requests are blocked (an e-mail, a sandboxed viewer), the chart then renders differently or not at all.
_FONT_FACE = re.compile(r"@font-face\s*\{\{.*?\}\}\s*", re.DOTALL)
SVG_MONO_FONTS = 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace'
SVG_SANS_FONTS = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif'


def self_contained_svg_format() -> str:
    """rich's ``CONSOLE_SVG_FORMAT`` without its @font-face rules, with system font stacks."""
    from rich._export_format import CONSOLE_SVG_FORMAT

    text = _FONT_FACE.sub("", CONSOLE_SVG_FORMAT).replace("<!-- Generated with Rich https://www.textualize.io -->", "")
    text = text.replace("font-family: Fira Code, monospace;", f"font-family: {SVG_MONO_FONTS};")
    return text.replace("font-family: arial;", f"font-family: {SVG_SANS_FONTS};")
