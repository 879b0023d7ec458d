"""The console script (journal.entry): a bare `journal sync` with nothing to sync answers without click.

In every case the console script says and does exactly what `journal.cli`
says and does: each scenario runs both, on two copies of the same journal,
and compares their output, exit code and files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import snapshot, write

# Runs the console script's main() and reports on stderr, last, whether click was imported.
ENTRY = (
    "import atexit, sys\n"
    "atexit.register(lambda: print('click imported:', 'click' in sys.modules, file=sys.stderr))\n"
    "sys.argv = ['journal', *sys.argv[1:]]\n"
    "from journal.entry import main\n"
    "main()\n"
)
CLI = "import sys\nsys.argv = ['journal', *sys.argv[1:]]\nfrom journal.cli import main\nmain()\n"

Q1 = "# Q1 2025\n\n## Goals\n\n- [ ] Write the RFC\n- [x] Ship the importer\n"


def journal_run(code: str, root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JOURNAL_DIR": str(root), "NO_COLOR": "1", "JOURNAL_NOW": "2025-04-15"}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=120)


def both(root: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], bool, subprocess.CompletedProcess[str]]:
    """The console script on ``root``, whether it imported click, and journal.cli on a copy made just before.

    The copy's path in journal.cli's output reads as the original's.
    """
    twin = root.parent / f"{root.name}-twin"
    shutil.rmtree(twin, ignore_errors=True)
    if root.exists():
        shutil.copytree(root, twin, symlinks=True)
    entry = journal_run(ENTRY, root, *args)
    *lines, last = entry.stderr.splitlines() or [""]
    assert last.startswith("click imported: "), entry.stderr
    entry.stderr = "".join(f"{line}\n" for line in lines)
    cli = journal_run(CLI, twin, *args)
    cli.stdout, cli.stderr = (text.replace(str(twin), str(root)) for text in (cli.stdout, cli.stderr))
    return entry, last.endswith("True"), cli


def same(entry: subprocess.CompletedProcess[str], cli: subprocess.CompletedProcess[str]) -> None:
    assert (entry.returncode, entry.stdout, entry.stderr) == (cli.returncode, cli.stdout, cli.stderr)


@pytest.fixture
def journal(journal_dir: Path, run, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")  # the date journal_run gives: this period already seen
    write(journal_dir, "entries/2025-q1.md", Q1)
    run("sync")
    run("sync")
    return journal_dir


def test_nothing_to_sync_is_answered_without_click(journal: Path):
    before = snapshot(journal)
    entry, used_click, cli = both(journal, "sync")
    assert (entry.returncode, entry.stdout, entry.stderr) == (0, "Nothing changed.\n", "")
    assert not used_click
    same(entry, cli)
    assert snapshot(journal) == before


def test_the_first_command_of_a_new_period_goes_through_the_full_command(journal: Path):
    """A bare sync with nothing to do still says, once, that a new period has begun (journal.period_start)."""
    (journal / ".journal" / "period-seen").write_text("2025-q1\n")
    entry, used_click, cli = both(journal, "sync")
    assert used_click
    assert entry.stderr.startswith("Q2 2025 has begun: ")
    same(entry, cli)


def test_a_changed_document_is_synced_without_click(journal: Path):
    """journal.bare_sync: the same lines, exit code and files as the full command (tests/test_bare_sync.py)."""
    write(journal, "entries/2025-q1.md", Q1 + "- [ ] Book the venue\n")
    entry, used_click, cli = both(journal, "sync")
    assert not used_click
    assert entry.stdout.endswith("Synced 1 document: 1 added, 0 changed, 0 removed.\n")
    same(entry, cli)
    assert snapshot(journal) == snapshot(journal.parent / f"{journal.name}-twin")


@pytest.mark.parametrize("args", [("sync", "--json"), ("sync", "--full"), ("--no-color", "sync"), ("goals",)])
def test_other_arguments_go_through_the_full_command(journal: Path, args: tuple[str, ...]):
    entry, used_click, cli = both(journal, *args)
    assert used_click
    same(entry, cli)


def test_a_broken_ledger_file_is_the_full_commands_error(journal: Path):
    ledger = journal / "ledger" / "2025-q1.toml"
    ledger.write_text(ledger.read_text() + "\nthis is = = not toml\n")
    entry, used_click, cli = both(journal, "sync")
    assert used_click and entry.returncode != 0 and entry.stderr.startswith("Error: ")
    same(entry, cli)


def test_settings_with_a_warning_go_through_the_full_command(journal: Path):
    config = journal / "journal.toml"
    config.write_text(config.read_text() + "\nunknown_setting = 1\n")
    entry, used_click, cli = both(journal, "sync")
    assert used_click
    same(entry, cli)


def test_a_symbolic_link_among_the_documents_is_reported_as_the_full_command_does(journal: Path, tmp_path: Path):
    outside = write(tmp_path, "outside/2025-q2.md", Q1)
    (journal / "entries" / "2025-q2.md").symlink_to(outside)
    entry, used_click, cli = both(journal, "sync")
    assert not used_click and "Skipped" in entry.stderr  # something to report: journal.bare_sync, without click
    same(entry, cli)


def test_no_journal_is_the_full_commands_error(tmp_path: Path):
    entry, used_click, cli = both(tmp_path / "nowhere", "sync")
    assert used_click and entry.returncode != 0
    same(entry, cli)


def test_a_damaged_cache_goes_through_the_full_command(journal: Path):
    (journal / ".journal" / "documents.marshal").write_bytes(b"\x00garbage")
    entry, used_click, cli = both(journal, "sync")
    assert used_click
    same(entry, cli)


def test_a_bare_sync_ends_with_its_output_flushed_and_its_exit_handlers_run(journal: Path):
    """journal.entry.finish leaves out the interpreter's teardown, not what a normal exit does: the exit
    handlers run (ENTRY's own reports whether click was imported), and what was printed reaches the pipe."""
    write(journal, "entries/2025-q1.md", Q1 + "- [ ] Book the venue\n")
    changed, used_click, _cli = both(journal, "sync")
    assert (changed.returncode, used_click) == (0, False)
    assert changed.stdout.endswith("Synced 1 document: 1 added, 0 changed, 0 removed.\n")
    unchanged, used_click, _cli = both(journal, "sync")
    assert (unchanged.returncode, unchanged.stdout, used_click) == (0, "Nothing changed.\n", False)


def test_the_full_command_runs_with_the_collector_on(journal: Path, monkeypatch: pytest.MonkeyPatch):
    """A bare sync turns the garbage collector off for itself; when it hands over to journal.cli, back on."""
    import gc

    from journal import bare_sync, cli, entry

    seen = []
    monkeypatch.setattr(sys, "argv", ["journal", "sync"])
    monkeypatch.setenv("JOURNAL_DIR", str(journal))
    monkeypatch.setattr(entry, "_nothing_to_sync", lambda: False)
    monkeypatch.setattr(bare_sync, "run", lambda: seen.append(gc.isenabled()))  # None: journal.cli runs it
    monkeypatch.setattr(cli, "main", lambda: seen.append(gc.isenabled()))
    try:
        entry.main()
    finally:
        gc.enable()
    assert seen == [False, True]


@pytest.mark.parametrize("args", [("sync",), ("status",), ("goals", "--open"), ("done", "zzzz")])
def test_a_closed_standard_output_is_one_error_line_and_changes_nothing(journal: Path, args: tuple[str, ...]):
    write(journal, "entries/2025-q1.md", Q1 + "- [ ] A goal typed since\n")  # something a sync would write
    before = snapshot(journal)
    launcher = "import sys\nsys.argv = ['journal', *sys.argv[1:]]\nfrom journal.launcher import main\nmain()\n"
    env = {**os.environ, "JOURNAL_DIR": str(journal), "NO_COLOR": "1", "JOURNAL_NOW": "2025-04-15"}
    done = subprocess.run(
        [sys.executable, "-c", launcher, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env=env, timeout=120, preexec_fn=lambda: os.close(1),
    )  # fmt: skip
    assert done.returncode == 8
    assert done.stderr == "Error: standard output is closed: nothing could be printed (use >/dev/null to discard it)\n"
    assert snapshot(journal) == before
