"""An Obsidian-style vault, written by code: every family of status characters, callouts, quotes and code.

``build_vault(root)`` writes the notes (periodic notes named by period key,
as journal reads them, in Periodic Notes' folders; a ``.obsidian`` folder) and returns what
it wrote: every task line (the lines Obsidian shows as a checkbox: a list item
``[c]`` outside code), each with the status journal must give it, or why
journal does not take it. Nothing is copied from a real vault.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Family -> (character, status) pairs, as the built-in table maps them.
FAMILIES: dict[str, list[tuple[str, str]]] = {
    "journal's own": [
        (" ", "open"), ("x", "done"), ("X", "done"), ("/", "in_progress"), (">", "carried"), ("-", "dropped"),
    ],
    "Tasks plugin / Minimal": [
        ("<", "open"), ("?", "open"), ("!", "open"), ("*", "open"), ('"', "open"), ("l", "open"), ("b", "open"),
        ("i", "open"), ("S", "open"), ("I", "open"), ("p", "open"), ("c", "open"), ("f", "open"), ("k", "open"),
        ("w", "open"), ("u", "open"), ("d", "in_progress"),
    ],
    "ITS": [
        ("D", "open"), ("R", "open"), ("B", "open"), ("P", "open"), ("C", "open"), ("Q", "open"), ("N", "open"),
        ("L", "open"), ("E", "open"), ("A", "open"), ("r", "open"), ("T", "open"), ("t", "open"), ("O", "open"),
        ("H", "open"), ("s", "open"), ("@", "open"), ("+", "open"), ("~", "open"), ("&", "open"), ("W", "open"),
        ("F", "open"),
    ],
    "SlRvb": [("n", "open"), ("<", "open"), ("*", "open"), ("I", "open"), ("S", "open"), ("b", "open")],
}  # fmt: skip
UNKNOWN_CHARACTERS = ["a", "z", "9", "#", "é"]
UNKNOWN = "unknown character"
QUOTED = "plain block quote"


@dataclass
class TaskLine:
    """One task line the vault holds: where, its words, and the status journal gives it (None: not taken)."""

    file: str
    line: int
    character: str
    text: str
    status: str | None
    not_taken: str | None = None  # UNKNOWN or QUOTED when status is None


@dataclass
class Vault:
    """What ``build_vault`` wrote."""

    root: Path
    tasks: list[TaskLine] = field(default_factory=list)
    code_task_lines: int = 0  # task-looking lines inside code: not tasks, in Obsidian either

    @property
    def taken(self) -> list[TaskLine]:
        return [task for task in self.tasks if task.status is not None]

    @property
    def files(self) -> list[Path]:
        return sorted(path for path in self.root.rglob("*.md") if ".obsidian" not in path.parts)


class _Note:
    """A note being written: its lines, and the task lines in it."""

    def __init__(self, vault: Vault, name: str) -> None:
        self.vault = vault
        self.name = name
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def task(self, prefix: str, character: str, text: str, status: str | None, not_taken: str | None = None) -> None:
        """A task line ``{prefix}[{character}] {text}``, recorded with what journal must make of it."""
        self.lines.append(f"{prefix}[{character}] {text}")
        self.vault.tasks.append(TaskLine(self.name, len(self.lines), character, text, status, not_taken))

    def code_task(self, line: str) -> None:
        self.lines.append(line)
        self.vault.code_task_lines += 1

    def write(self, newline: str = "\n") -> None:
        path = self.vault.root / self.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes((newline.join(self.lines) + newline).encode("utf-8"))


def _families_note(vault: Vault) -> None:
    """A quarterly note: every family of characters, each under its own heading, with every list marker."""
    note = _Note(vault, "Periodic/2025/2025-q2.md")
    note.add("---", "tags: [quarterly, goals]", "---", "# 2025 Q2", "")
    bullets = ["- ", "* ", "+ ", "1. "]
    for family, pairs in FAMILIES.items():
        note.add(f"## {family}", "")
        for index, (character, status) in enumerate(pairs):
            note.task(bullets[index % 4], character, f"{family} task {index} [[Project A]] #tag", status)
        note.add("")
    note.add("## Unknown characters", "")
    for index, character in enumerate(UNKNOWN_CHARACTERS):
        note.task("- ", character, f"unmapped {index}", None, UNKNOWN)
    note.add("", "## Not tasks at all", "", "- [[Wiki link]] in a bullet", "- [ab] two characters", "- [x]no blank")
    note.write()


def _callouts_note(vault: Vault) -> None:
    """A weekly note: tasks in callouts (single, folded, nested, in a list), plain quotes, code. CRLF line ends."""
    note = _Note(vault, "Periodic/2025/2025-w16.md")
    note.add("# Week 16", "", "> [!todo] This week")
    note.task("> - ", " ", "callout task", "open")
    note.task("> - ", "?", "callout question", "open")
    note.task(">   - ", "x", "nested in a callout list", "done")
    note.add("> - plain bullet in a callout (not a task)", "", "> [!note]- Folded")
    note.task("> - ", "d", "folded callout task", "in_progress")
    note.add("", "> [!WARNING]+ Open fold")
    note.task(">- ", "!", "no space after the quote marker", "open")
    note.add("", "> [!info] Outer", "> Some words.", ">", "> > [!todo] Inner")
    note.task("> > - ", "i", "nested callout task", "open")
    note.task("> > 1. ", "-", "nested callout, ordered", "dropped")
    note.add("", "- A list item holding a callout", "", "  > [!tip] Inside a list")
    note.task("  > - ", "b", "callout inside a list", "open")
    note.add("", "> Plain quote, no callout line")
    note.task("> - ", " ", "quoted task", None, QUOTED)
    note.add("", "> [!todo] A callout", "> > A plain quote inside it")
    note.task("> > - ", "x", "quote in a callout", None, QUOTED)
    note.add("", "> A plain quote", "> > [!todo] holding a callout")
    note.task("> > - ", "?", "callout in a plain quote", None, QUOTED)
    note.add("", "```markdown")
    note.code_task("- [ ] fenced code")
    note.add("```", "", "~~~")
    note.code_task("- [?] tilde fence")
    note.add("~~~", "", "> [!example] Code in a callout", "> ```")
    note.code_task("> - [x] code in a callout")
    note.add("> ```", "", "Paragraph.", "")
    note.code_task("    - [ ] indented code")
    note.write("\r\n")


def _project_note(vault: Vault) -> None:
    """A note with no period: dated tasks the way the Tasks plugin writes them, in a month note's folder."""
    note = _Note(vault, "Periodic/2025/2025-04.md")
    note.add("# April 2025", "", "## Plans", "")
    note.task("- ", " ", "Write the proposal 📅 2025-04-20 ⏫", "open")
    note.task("- ", "x", "Send the invoice ✅ 2025-04-02", "done")
    note.task("    - ", "/", "Half of the slides", "in_progress")
    note.task("- ", "<", "Book the venue ⏳ 2025-04-25", "open")
    note.add("- A plan without a box (a goal: a bullet under a goal heading, not a task line)", "")
    note.write()


def build_vault(root: Path) -> Vault:
    """Write the vault under ``root`` and return what it holds."""
    vault = Vault(root=root)
    (root / ".obsidian").mkdir(parents=True, exist_ok=True)
    (root / ".obsidian" / "app.json").write_text('{"alwaysUpdateLinks": true}\n')
    _families_note(vault)
    _callouts_note(vault)
    _project_note(vault)
    return vault
