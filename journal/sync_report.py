"""What ``journal sync`` prints (without ``--json``), as lines: ``journal.render`` prints them through click, a
bare sync's click-free run (``journal.bare_sync``) writes them itself."""

from __future__ import annotations

from journal.safe_text import terminal_safe

TYPE_CHECKING = False
if TYPE_CHECKING:
    from journal.sync import SyncReport


def report_lines(report: SyncReport, ids: dict[str, str]) -> list[tuple[bool, str]]:
    """(to stderr, line) in the order printed: one line per goal (shown by its goal's id, ``ids``: link id ->
    lineage id), what was skipped or not taken, then the count."""
    lines = [(False, f"+ {ids.get(g.id, g.id)}  {terminal_safe(g.text)}  ({g.source}:{g.line})") for g in report.added]
    lines += [(False, f"~ {ids.get(g.id, g.id)}  {terminal_safe(g.text)}  ({what})") for g, what in report.changed]
    lines += [
        (False, f"- {ids.get(g.id, g.id)}  {terminal_safe(g.text)}  (gone from {g.source})") for g in report.removed
    ]
    lines += [(True, f"Skipped {terminal_safe(name)}: {terminal_safe(why)}") for name, why in report.skipped]
    lines += [(True, line) for line in not_taken_lines(report.not_taken)]
    if report.nothing:
        lines.append((False, "Nothing changed."))
    else:
        parsed = len(report.parsed)
        lines.append(
            (
                False,
                f"Synced {parsed} document{'s' if parsed != 1 else ''}: "
                f"{len(report.added)} added, {len(report.changed)} changed, {len(report.removed)} removed.",
            )
        )
    return lines


def not_taken_lines(not_taken: dict[str, list[tuple[int, str]]]) -> list[str]:
    """Each document's task lines not taken: how many, then one line per reason with the line numbers."""
    lines = []
    for name, found in sorted(not_taken.items()):
        lines.append(f"{terminal_safe(name)}: {len(found)} task line{'s' if len(found) != 1 else ''} not taken")
        by_reason: dict[str, list[int]] = {}
        for number, why in found:
            by_reason.setdefault(why, []).append(number)
        for why, numbers in by_reason.items():
            shown = ", ".join(str(n) for n in numbers[:10]) + (", ..." if len(numbers) > 10 else "")
            lines.append(f"  line{'s' if len(numbers) != 1 else ''} {shown}: {terminal_safe(why)}")
    return lines
