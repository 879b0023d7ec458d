"""`journal init --obsidian`: a journal inside an existing Obsidian vault, reading the vault's periodic notes.

The vault is the journal folder; ``entries = "."`` and ``[paths]`` point at the
folders and names the vault's Periodic Notes plugin (or the core Daily notes
plugin) uses, read from ``.obsidian/``; without them, Obsidian's default names in
``Daily/``, ``Weekly/``, ``Monthly/``, ``Quarterly/`` and ``Yearly/``. Only
``journal.toml``, ``ledger/`` and ``.journal/`` are added; the vault's notes are
never written: a note that names no period is not a journal document.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from journal.atomic import make_private_dir, write_atomic
from journal.config import CONFIG_NAME, DEFAULT_CONFIG
from journal.errors import UsageError
from journal.places import OBSIDIAN_PATHS, pattern_refusal, read_back_clash

__all__ = ["init_obsidian", "vault_paths"]

# Periodic Notes' settings keys, by period kind.
_PLUGIN_KEYS = {"day": "daily", "week": "weekly", "month": "monthly", "quarter": "quarterly", "year": "yearly"}
# moment.js tokens journal can name, longest first.
_TOKENS = {"YYYY": "{year}", "gggg": "{year}", "GGGG": "{year}", "MM": "{month}", "DD": "{day}", "ww": "{week}"}
_TOKENS.update(WW="{week}", Q="{quarter}")


def _pattern(fmt: str) -> str | None:
    """A moment.js file name format as a [paths] pattern (``gggg-[W]ww`` -> ``{year}-W{week}``); None if unknown."""
    out, rest = [], fmt
    while rest:
        if rest.startswith("["):
            end = rest.find("]")
            if end < 0:
                return None
            out.append(rest[1:end].replace("{", "{{").replace("}", "}}"))
            rest = rest[end + 1 :]
            continue
        letters = re.match(r"([A-Za-z])\1*", rest)
        if letters is not None:
            field = _TOKENS.get(letters[0])
            if field is None:
                return None  # a token journal cannot name (a weekday, a month's name)
            out.append(field)
            rest = rest[len(letters[0]) :]
        else:
            out.append(rest[0])
            rest = rest[1:]
    return "".join(out)


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def vault_paths(vault: Path) -> tuple[dict[str, str], list[str]]:
    """The [paths] a vault's periodic notes use, by kind, and notes on what was not understood."""
    paths = dict(OBSIDIAN_PATHS)
    notes: list[str] = []
    settings = {kind: {} for kind in paths}
    plugin = _read_json(vault / ".obsidian" / "plugins" / "periodic-notes" / "data.json")
    daily = _read_json(vault / ".obsidian" / "daily-notes.json")
    if daily:
        settings["day"] = daily
    for kind, key in _PLUGIN_KEYS.items():
        if isinstance(plugin.get(key), dict) and plugin[key].get("enabled", True):
            settings[kind] = plugin[key]
    for kind, found in settings.items():
        folder, fmt = found.get("folder"), found.get("format")
        if not isinstance(folder, str) and not isinstance(fmt, str):
            continue
        default_folder, default_name = paths[kind].rsplit("/", 1)
        name = _pattern(fmt) if isinstance(fmt, str) and fmt.strip() else default_name.removesuffix(".md")
        if name is None:
            notes.append(f"{kind}: the name format {fmt!r} is not one journal can follow; using {default_name}")
            name = default_name.removesuffix(".md")
        folder = folder.strip().strip("/") if isinstance(folder, str) else default_folder
        if ".." in folder.split("/"):
            folder = default_folder
        pattern = f"{folder}/{name}.md" if folder else f"{name}.md"
        problem = pattern_refusal(kind, pattern)
        if problem is not None:
            notes.append(f"{kind}: the name format {fmt!r} is not one journal can read back; using {default_name}")
            pattern = f"{folder}/{default_name}" if folder else default_name
        paths[kind] = pattern
    while (clash := read_back_clash(tuple(paths.items()))) is not None:
        # The kind whose notes are misread, else the one misreading them, goes back to Obsidian's default.
        kind = next((k for k in clash[::2] if k in paths and paths[k] != OBSIDIAN_PATHS[k]), None)
        if kind is None:
            break
        notes.append(f"{kind}: {clash[1]}; using {OBSIDIAN_PATHS[kind]}")
        paths[kind] = OBSIDIAN_PATHS[kind]
    return paths, notes


def _config_text(paths: dict[str, str]) -> str:
    lines = [DEFAULT_CONFIG.split("# entries =")[0].rstrip("\n"), ""]
    lines += ["# An Obsidian vault: its periodic notes are the documents; other notes are left alone.", 'entries = "."']
    lines += ["", "[paths]"]
    lines += [f"{kind} = {json.dumps(pattern, ensure_ascii=False)}" for kind, pattern in paths.items()]
    return "\n".join(lines) + "\n"


def init_obsidian(vault: Path) -> tuple[list[str], dict[str, str], list[str]]:
    """Make the Obsidian vault ``vault`` a journal: (names created, the [paths] set, notes).

    A vault that is already a journal is left as it is (nothing created).
    """
    if not (vault / ".obsidian").is_dir():
        raise UsageError(f"{vault} is not an Obsidian vault (no .obsidian/ folder)", hint="name the vault's folder")
    if (vault / CONFIG_NAME).exists():
        return [], {}, [f"{vault / CONFIG_NAME} exists: nothing changed"]
    paths, notes = vault_paths(vault)
    created = []
    for name in ("ledger", ".journal"):
        if not (vault / name).is_dir():
            make_private_dir(vault / name)
            created.append(f"{name}/")
    write_atomic(vault / CONFIG_NAME, _config_text(paths).encode("utf-8"))
    created.append(CONFIG_NAME)
    return created, paths, notes
