"""`journal remind`: a daily user-level schedule that runs `journal remind --run` (what is due, as a notification).

A systemd user timer where systemd runs the user session (`systemctl --user`
answers), else a crontab line. Installing writes only what it shows;
uninstalling removes exactly that: the two unit files it wrote (by name), or
the crontab lines carrying its marker for this journal.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from journal.errors import StorageError, UsageError

UNIT = "journal-remind"
HOUR = 9  # a daily look, in the morning


@dataclass
class ReminderPlan:
    """What installing (or uninstalling) writes and runs."""

    kind: str  # "systemd" or "cron"
    files: dict[Path, str] = field(default_factory=dict)
    cron_line: str = ""
    commands: list[list[str]] = field(default_factory=list)

    def describe(self) -> str:
        """What will be written, as shown before asking."""
        parts = []
        for path, text in self.files.items():
            parts.append(f"{path}:\n" + "".join(f"    {line}\n" for line in text.splitlines()))
        if self.cron_line:
            parts.append(f"a line in your crontab (crontab -l shows it):\n    {self.cron_line}\n")
        parts += [f"then: {shlex.join(command)}\n" for command in self.commands]
        return "".join(parts)


def _systemd_user_session() -> bool:
    if shutil.which("systemctl") is None:
        return False
    try:
        answer = subprocess.run(["systemctl", "--user", "show-environment"], capture_output=True, timeout=10)
        return answer.returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _units_dir() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(config) / "systemd" / "user"


def journal_command() -> str:
    """The journal program to schedule: the one running now."""
    found = shutil.which("journal")
    program = sys.argv[0] if sys.argv and os.path.basename(sys.argv[0]) == "journal" else found
    return os.path.abspath(program) if program else "journal"


def marker(root: Path) -> str:
    """The comment that names journal's crontab line for the journal at ``root``."""
    return f"# journal remind: {root}"


def plan(root: Path, program: str, *, install: bool) -> ReminderPlan:
    """What installing (``install``) or uninstalling the reminder of the journal at ``root`` does."""
    run = [program, "--dir", str(root), "remind", "--run"]
    if _systemd_user_session():
        units = _units_dir()
        service = (
            "[Unit]\nDescription=journal: what is due (journal remind)\n\n"
            f"[Service]\nType=oneshot\nExecStart={shlex.join(run)}\n"
        )
        timer = (
            "[Unit]\nDescription=journal: a daily look at what is due\n\n"
            f"[Timer]\nOnCalendar=*-*-* {HOUR:02d}:00:00\nPersistent=true\n\n[Install]\nWantedBy=timers.target\n"
        )
        if install:
            commands = [["systemctl", "--user", "daemon-reload"],
                        ["systemctl", "--user", "enable", "--now", f"{UNIT}.timer"]]  # fmt: skip
            return ReminderPlan("systemd", {units / f"{UNIT}.service": service, units / f"{UNIT}.timer": timer},
                                commands=commands)  # fmt: skip
        commands = [["systemctl", "--user", "disable", "--now", f"{UNIT}.timer"],
                    ["systemctl", "--user", "daemon-reload"]]  # fmt: skip
        present = {p: "" for p in (units / f"{UNIT}.service", units / f"{UNIT}.timer") if p.exists()}
        return ReminderPlan("systemd", present, commands=commands)
    if shutil.which("crontab") is None:
        raise UsageError("neither systemd (systemctl --user) nor cron (crontab) is available here",
                         hint="schedule 'journal remind --run' with your system's scheduler")  # fmt: skip
    return ReminderPlan("cron", cron_line=f"0 {HOUR} * * * {shlex.join(run)}  {marker(root)}")


def _crontab() -> str:
    listed = subprocess.run(["crontab", "-l"], capture_output=True, text=True)
    return listed.stdout if listed.returncode == 0 else ""  # "no crontab for user" is an empty one


def _set_crontab(text: str) -> None:
    result = subprocess.run(["crontab", "-"], input=text, capture_output=True, text=True)
    if result.returncode != 0:
        raise StorageError(f"crontab refused the change: {result.stderr.strip() or result.returncode}")


def _run(commands: list[list[str]]) -> None:
    for command in commands:
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise StorageError(f"{shlex.join(command)} failed: {result.stderr.strip() or result.returncode}")


def install(root: Path, reminder: ReminderPlan) -> None:
    """Write the plan: the unit files (then enable the timer), or the crontab line (once)."""
    from journal.atomic import make_private_dir, write_atomic

    if reminder.kind == "cron":
        current = _crontab()
        if reminder.cron_line not in current.splitlines():
            _set_crontab(current + ("" if not current or current.endswith("\n") else "\n") + reminder.cron_line + "\n")
        return
    for path, text in reminder.files.items():
        make_private_dir(path.parent)
        write_atomic(path, text.encode("utf-8"), durable=False)
    _run(reminder.commands)


def uninstall(root: Path, reminder: ReminderPlan) -> list[str]:
    """Remove what install wrote; what was removed, for the person."""
    removed = []
    if reminder.kind == "cron":
        lines = _crontab().splitlines(keepends=True)
        kept = [line for line in lines if not line.rstrip("\n").endswith(marker(root))]
        if len(kept) != len(lines):
            _set_crontab("".join(kept))
            removed = [line.rstrip("\n") for line in lines if line not in kept]
        return removed
    if reminder.files:
        _run(reminder.commands[:1])
        for path in reminder.files:
            path.unlink()
            removed.append(str(path))
        _run(reminder.commands[1:])
    return removed


def notify(message: str) -> str:
    """Show ``message`` as a desktop notification where one is available; how it was shown."""
    if shutil.which("notify-send"):
        command = ["notify-send", "journal", message]
    elif sys.platform == "darwin" and shutil.which("osascript"):
        quoted = message.replace("\\", "\\\\").replace('"', '\\"')
        command = ["osascript", "-e", f'display notification "{quoted}" with title "journal"']
    else:
        return ""
    try:
        shown = subprocess.run(command, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        shown = False
    return command[0] if shown else ""  # e.g. no desktop session to show it in: the caller prints instead
