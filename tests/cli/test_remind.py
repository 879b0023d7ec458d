"""`journal remind`: against a temporary home and fake `systemctl`, `crontab` and `notify-send`, never the real ones."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

FAKE_SYSTEMCTL = '#!/bin/sh\necho "systemctl $*" >> "$FAKE_LOG"\nexit 0\n'
FAKE_CRONTAB = """\
#!/bin/sh
echo "crontab $*" >> "$FAKE_LOG"
if [ "$1" = "-l" ]; then
  if [ -f "$FAKE_CRONTAB" ]; then /bin/cat "$FAKE_CRONTAB"; exit 0; fi
  echo "no crontab for $USER" >&2; exit 1
fi
/bin/cat > "$FAKE_CRONTAB"
"""
FAKE_NOTIFY = '#!/bin/sh\necho "notify-send $*" >> "$FAKE_LOG"\n'


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary HOME and XDG_CONFIG_HOME, and a PATH holding only the fakes (added by each test)."""
    home = tmp_path / "home"
    (home / "bin").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("PATH", str(home / "bin"))
    monkeypatch.setenv("FAKE_LOG", str(home / "log"))
    monkeypatch.setenv("FAKE_CRONTAB", str(home / "crontab"))
    return home


def fake(home: Path, name: str, script: str) -> None:
    path = home / "bin" / name
    path.write_text(script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def log(home: Path) -> list[str]:
    path = home / "log"
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def test_a_systemd_user_timer_installed_and_removed(run, journal_dir: Path, home: Path):
    fake(home, "systemctl", FAKE_SYSTEMCTL)
    result = run("remind", "--install", "--yes")
    units = home / ".config" / "systemd" / "user"
    service = (units / "journal-remind.service").read_text(encoding="utf-8")
    timer = (units / "journal-remind.timer").read_text(encoding="utf-8")
    assert service == (
        "[Unit]\nDescription=journal: what is due (journal remind)\n\n"
        f"[Service]\nType=oneshot\nExecStart=journal --dir {journal_dir} remind --run\n"
    )
    assert "OnCalendar=*-*-* 09:00:00\nPersistent=true\n" in timer and "WantedBy=timers.target" in timer
    assert result.stdout.startswith("journal remind will write (systemd user timer):\n")
    assert f"{units / 'journal-remind.service'}:\n" in result.stdout and "ExecStart=" in result.stdout
    assert log(home) == [
        "systemctl --user show-environment",
        "systemctl --user daemon-reload",
        "systemctl --user enable --now journal-remind.timer",
    ]
    before = sorted(p.name for p in units.iterdir())
    (units / "other.timer").write_text("[Timer]\n", encoding="utf-8")
    result = run("remind", "--uninstall", "--yes")
    assert sorted(p.name for p in units.iterdir()) == ["other.timer"] and len(before) == 2
    assert log(home)[-2:] == ["systemctl --user disable --now journal-remind.timer", "systemctl --user daemon-reload"]
    assert run("remind", "--uninstall", "--yes").stdout == "No reminder is installed.\n"


def test_a_crontab_line_installed_once_and_removed_exactly(run, journal_dir: Path, home: Path):
    fake(home, "crontab", FAKE_CRONTAB)
    (home / "crontab").write_text("MAILTO=me@example.org\n30 2 * * * backup\n", encoding="utf-8")
    run("remind", "--install", "--yes")
    run("remind", "--install", "--yes")  # a second install adds nothing
    line = f"0 9 * * * journal --dir {journal_dir} remind --run  # journal remind: {journal_dir}\n"
    assert (home / "crontab").read_text(encoding="utf-8") == "MAILTO=me@example.org\n30 2 * * * backup\n" + line
    result = run("remind", "--uninstall", "--yes")
    assert result.stdout == f"Removed {line}"
    assert (home / "crontab").read_text(encoding="utf-8") == "MAILTO=me@example.org\n30 2 * * * backup\n"


def test_install_asks_first_and_writes_nothing_when_told_no(run, journal_dir: Path, home: Path):
    fake(home, "crontab", FAKE_CRONTAB)
    result = run("remind", "--install", input="n\n", expect=130)
    assert "0 9 * * * journal --dir" in result.stdout and "Install it? [y/N]" in result.stdout
    assert not (home / "crontab").exists()
    run("remind", "--install", input="y\n")
    assert "remind --run" in (home / "crontab").read_text(encoding="utf-8")


def test_no_scheduler_is_one_error(run, journal_dir: Path, home: Path):
    result = run("remind", "--install", "--yes", expect=2)
    assert result.stderr.startswith("Error: neither systemd") and len(result.stderr.splitlines()) == 1
    assert run("remind", expect=2).stderr.startswith("Error: say --install or --uninstall")


def test_the_scheduled_run_notifies_what_is_due(run, example: Path, home: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    fake(home, "notify-send", FAKE_NOTIFY)
    assert run("remind", "--run").stdout == ""
    assert log(home) == [
        "notify-send journal Q2 2025: 10 open, 8 overdue · review of Q1 2025 due (ended 15 days ago; 1 more)"
        " · no document yet (journal new 2025-q2)"
    ]
    os.remove(home / "bin" / "notify-send")
    assert run("remind", "--run").stdout.startswith("Review of Q1 2025: not reviewed")  # no notifier: the log


def test_a_notifier_that_fails_leaves_the_list_in_the_log(run, example: Path, home: Path, monkeypatch):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    fake(home, "notify-send", FAKE_NOTIFY + "exit 1\n")  # cron has no desktop session to notify
    assert run("remind", "--run").stdout.startswith("Review of Q1 2025: not reviewed")
