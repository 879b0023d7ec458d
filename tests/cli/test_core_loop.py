"""The core loop through the CLI: init, new, sync, goals, done/reopen/start/drop, extract."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, snapshot, write

Q4 = """\
# Q4 2024 Reflection - Ada

**Author**: Ada
**Date**: 2025-01-05

## Wins

- Shipped the importer

## Goals for Q4 2024

- [x] Ship the importer
- [ ] Write the RFC

## Q1 2025 Priorities

### Personal Goals

- Run a 10k

### Team Goals

- [ ] Complete GraphQL API migration
"""


def ids_by_text(run) -> dict[str, str]:
    return {g["text"]: g["id"] for g in json.loads(run("goals", "--all", "--json").stdout)}


def test_init_creates_the_folders_and_settings(tmp_path: Path, run):
    target = tmp_path / "new-journal"
    result = run("init", str(target))
    assert result.stdout == f"Initialised a journal in {target}\n"
    for name in ("journal.toml", "entries", "ledger", "templates", ".journal"):
        assert (target / name).exists(), name
    assert run("init", str(target)).stdout == f"{target} is already a journal; nothing changed.\n"


def test_default_location_is_created_and_announced(tmp_path: Path, monkeypatch, run):
    monkeypatch.delenv("JOURNAL_DIR")
    monkeypatch.chdir(tmp_path)
    data_home = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    result = run("goals")
    assert result.stderr.startswith(f"Created a new journal in {data_home / 'journal'}\n")
    assert (data_home / "journal" / "journal.toml").is_file()
    assert "Created" not in run("goals").stderr


def test_dir_option_wins_over_the_environment(tmp_path: Path, run, journal_dir: Path):
    other = tmp_path / "other"
    run("--dir", str(other), "new", "2025-q1")
    assert (other / "entries" / "2025-q1.md").is_file()
    assert not (journal_dir / "entries" / "2025-q1.md").exists()


def test_new_writes_the_document_prints_its_path_and_refuses_to_overwrite(run, journal_dir: Path):
    result = run("new", "q1-2025")
    path = journal_dir / "entries" / "2025-q1.md"
    assert result.stdout == f"{path}\n"
    text = path.read_text()
    assert text.startswith("# Q1 2025 Reflection")
    assert "## Q2 2025 Priorities" in text
    path.write_text(text + "\nmy words\n")
    again = run("new", "Q1 2025", expect=2)
    assert again.stderr == "Error: entries/2025-q1.md already exists (edit it, or pick another --template)\n"
    assert path.read_text().endswith("my words\n")


def test_new_any_kind_with_a_template_and_dry_run(run, journal_dir: Path):
    printed = run("new", "2025-w12", "--template", "weekly", "--dry-run").stdout
    assert printed.startswith("# Week in Review")
    assert not (journal_dir / "entries" / "2025-w12.md").exists()
    run("new", "q4-2025", "--template", "report")
    assert (journal_dir / "entries" / "2025-q4-report.md").is_file()


def test_new_brings_in_goals_planned_for_the_period_and_links_them(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    run("new", "2025-q1")
    text = (journal_dir / "entries" / "2025-q1.md").read_text()
    assert "- [ ] Run a 10k\n" in text
    assert "- [ ] Complete GraphQL API migration\n" in text
    assert "- [ ] Write the RFC\n" in text  # carried: still open in Q4
    q4 = (journal_dir / "entries" / "2024-q4.md").read_text()
    assert "- [>] Write the RFC\n" in q4 and "- [>] Complete GraphQL API migration\n" in q4
    assert "- Run a 10k\n" in q4  # a plain bullet keeps its words; the link is in the ledger
    open_goals = json.loads(run("goals", "--json").stdout)
    assert sorted(g["text"] for g in open_goals) == [
        "Complete GraphQL API migration",
        "Run a 10k",
        "Write the RFC",
    ]
    assert all(g["source"] == "entries/2025-q1.md" and g["carried_from"] for g in open_goals)


def test_new_with_no_carry_brings_nothing(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    run("new", "2025-q1", "--no-carry")
    text = (journal_dir / "entries" / "2025-q1.md").read_text()
    assert "Run a 10k" not in text and "Write the RFC" not in text
    assert "- [ ] Write the RFC" in (journal_dir / "entries" / "2024-q4.md").read_text()


def test_sync_reports_changes_and_keeps_ids(run, journal_dir: Path):
    doc = write(journal_dir, "entries/2024-q4.md", Q4)
    first = run("sync").stdout
    assert first.endswith("Synced 1 document: 4 added, 0 changed, 0 removed.\n")
    before = ids_by_text(run)
    assert run("sync").stdout == "Nothing changed.\n"
    # Lines inserted above, one wording lightly edited, one goal deleted.
    text = Q4.replace("## Wins", "## Wins\n\n- More\n- Lines").replace("Write the RFC", "Write the ownership RFC")
    text = text.replace("- Run a 10k\n", "")
    doc.write_text(text)
    out = run("sync").stdout
    after = {g["text"]: g for g in json.loads(run("goals", "--all", "--json").stdout)}
    assert after["Ship the importer"]["id"] == before["Ship the importer"]
    assert after["Ship the importer"]["line"] == 15
    assert after["Write the ownership RFC"]["id"] == before["Write the RFC"]
    assert after["Run a 10k"]["status"] == "removed"
    assert f"- {before['Run a 10k']}  Run a 10k  (gone from entries/2024-q4.md)" in out
    assert out.endswith("Synced 1 document: 0 added, 1 changed, 1 removed.\n")


def test_goals_plain_output_is_aligned_text(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    ids = ids_by_text(run)
    out = run("goals").stdout
    assert out == (
        "ID      STATUS  PERIOD   TEXT                            WHERE\n"
        f"{ids['Write the RFC']}  open    2024-q4  Write the RFC                   entries/2024-q4.md:13\n"
        f"{ids['Run a 10k']}  open    2025-q1  Run a 10k                       entries/2024-q4.md:19\n"
        f"{ids['Complete GraphQL API migration']}  open    2025-q1  Complete GraphQL API migration  "
        "entries/2024-q4.md:23\n"
    )


def test_goals_filters(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    write(journal_dir, "entries/2025-03.md", "# March\n\n- [ ] March thing\n- [x] Done thing\n")
    texts = lambda *args: sorted(g["text"] for g in json.loads(run("goals", *args, "--json").stdout))  # noqa: E731
    assert texts("--done") == ["Done thing", "Ship the importer"]
    assert texts("--period", "2025-q1") == ["Complete GraphQL API migration", "March thing", "Run a 10k"]
    assert texts("--period", "2025", "--all") == [
        "Complete GraphQL API migration",
        "Done thing",
        "March thing",
        "Run a 10k",
    ]
    assert texts("--section", "team goals") == ["Complete GraphQL API migration"]
    assert texts("--dropped") == []


def test_goals_json_has_every_documented_field(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    goal = json.loads(run("goals", "--json").stdout)[0]
    assert list(goal) == [
        "id", "text", "status", "kind", "period", "target", "source", "line", "section",
        "created", "updated", "carried_from", "carried_to", "note", "history", "age",
    ]  # fmt: skip
    assert goal["text"] == "Write the RFC" and goal["kind"] == "checkbox" and goal["period"] == "2024-q4"
    assert goal["history"][0]["status"] == "open"


def test_done_and_back_touch_only_the_marker_and_record_history(run, journal_dir: Path):
    doc = write(journal_dir, "entries/2024-q4.md", Q4, newline="\r\n")
    original = doc.read_bytes()
    ids = ids_by_text(run)
    rfc = ids["Write the RFC"]
    assert run("done", rfc[:4]).stdout == f"Done {rfc}  Write the RFC\n"
    changed = doc.read_bytes()
    assert changed == original.replace(b"- [ ] Write the RFC", b"- [x] Write the RFC")
    run("start", rfc)
    assert b"- [/] Write the RFC\r\n" in doc.read_bytes()
    run("drop", rfc, "--reason", "superseded")
    run("reopen", rfc)
    assert doc.read_bytes() == original
    ledger = tomllib.loads((journal_dir / "ledger" / "2024-q4.toml").read_text())
    history = ledger["goals"][rfc]["history"]
    assert [h["status"] for h in history] == ["open", "done", "in_progress", "dropped", "open"]
    assert history[3]["reason"] == "superseded"
    assert run("sync").stdout == "Nothing changed.\n"


def test_done_on_a_plain_bullet_adds_a_marker(run, journal_dir: Path):
    doc = write(journal_dir, "entries/2024-q4.md", Q4)
    run("done", ids_by_text(run)["Run a 10k"])
    assert doc.read_text() == Q4.replace("- Run a 10k", "- [x] Run a 10k")


def test_a_status_edited_in_the_document_wins_at_the_next_sync(run, journal_dir: Path):
    doc = write(journal_dir, "entries/2024-q4.md", Q4)
    rfc = ids_by_text(run)["Write the RFC"]
    doc.write_text(Q4.replace("- [ ] Write the RFC", "- [-] Write the RFC"))
    assert f"~ {rfc}  Write the RFC  (status)" in run("sync").stdout
    assert [g["id"] for g in json.loads(run("goals", "--dropped", "--json").stdout)] == [rfc]


def test_unknown_and_ambiguous_ids_are_errors_that_change_nothing(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", "# Goals\n\n" + "".join(f"- [ ] goal {n}\n" for n in range(60)))
    run("sync")
    before = snapshot(journal_dir)
    missing = run("done", "zzzzzz", expect=3)
    assert missing.stderr == "Error: no goal matches 'zzzzzz' ('journal goals --all' lists the ids)\n"
    ids = list(ids_by_text(run).values())
    prefix = next(p for p in (i[:1] for i in ids) if sum(i.startswith(p) for i in ids) > 1)
    ambiguous = run("done", prefix, expect=3)
    assert ambiguous.stderr.startswith(f"Error: '{prefix}' matches ")
    assert "(type more of the id)" in ambiguous.stderr and len(ambiguous.stderr.splitlines()) == 1
    # One bad id among good ones: nothing at all is changed.
    run("done", ids[0], "zzzzzz", expect=3)
    assert snapshot(journal_dir) == before


@pytest.mark.parametrize("bad", ["q5-2025", "2025-13", "next-decade", "../x", "2025-w54"])
def test_a_malformed_period_is_one_clear_error(run, journal_dir: Path, bad: str):
    before = snapshot(journal_dir)
    result = run("new", bad, expect=2)
    assert result.stderr.startswith(f"Error: not a period: '{bad}'")
    assert "2025-q1" in result.stderr and len(result.stderr.splitlines()) == 1
    assert snapshot(journal_dir) == before


def test_a_broken_ledger_is_an_error_naming_the_file_and_line(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    run("sync")
    ledger = journal_dir / "ledger" / "2024-q4.toml"
    ledger.write_text(ledger.read_text() + "\n[goals.broken\n")
    before = snapshot(journal_dir)
    result = run("goals", expect=5)
    assert result.stderr.startswith(f"Error: {ledger}: ") and "line" in result.stderr
    write(journal_dir, "entries/2024-q4.md", Q4 + "- [ ] new\n")
    run("sync", expect=5)
    assert snapshot(journal_dir) == {**before, "entries/2024-q4.md": (Q4 + "- [ ] new\n").encode()}


def test_a_wrong_type_in_the_ledger_is_an_error(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    run("sync")
    ledger = journal_dir / "ledger" / "2024-q4.toml"
    ledger.write_text(ledger.read_text().replace('status = "open"', "status = 3", 1))
    assert (
        "status must be str" in run("goals", expect=5).stderr or "'status' must be str" in run("goals", expect=5).stderr
    )


def test_hand_edits_and_comments_in_the_ledger_survive(run, journal_dir: Path):
    doc = write(journal_dir, "entries/2024-q4.md", Q4)
    rfc = ids_by_text(run)["Write the RFC"]
    ledger = journal_dir / "ledger" / "2024-q4.toml"
    text = ledger.read_text().replace(f"[goals.{rfc}]\n", f'# my own comment\n[goals.{rfc}]\nnote = "ask Bo"\n')
    ledger.write_text(text)
    run("done", rfc)
    doc.write_text(doc.read_text() + "- [ ] Another\n")
    run("sync")
    after = ledger.read_text()
    assert "# my own comment\n" in after and 'note = "ask Bo"' in after
    assert json.loads(run("goals", "--done", "--json").stdout)[1]["note"] == "ask Bo"


def test_a_document_that_is_not_utf8_stops_sync_and_writes_nothing(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    (journal_dir / "entries" / "2025-q1.md").write_bytes(b"# Goals\n\n- [ ] caf\xe9\n")
    result = run("sync", expect=4)
    assert result.stderr == f"Error: {journal_dir / 'entries' / '2025-q1.md'}:3: not UTF-8 text (byte 18)\n"
    assert not list((journal_dir / "ledger").iterdir())


def test_broken_front_matter_stops_sync(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "---\ntitle: [oops\n---\n# Goals\n\n- [ ] x\n")
    result = run("sync", expect=4)
    assert "2025-q1.md:" in result.stderr and "broken front matter" in result.stderr
    assert not list((journal_dir / "ledger").iterdir())


def test_a_template_with_an_error_is_named_with_its_line(run, journal_dir: Path):
    write(
        journal_dir,
        "templates/quarterly.md",
        "---\ndescription: mine\n---\n# {{ period.label }}\n{{ nope }}\n",
    )
    result = run("new", "2025-q1", expect=6)
    assert result.stderr.startswith("Error: template 'quarterly' line 5:")
    assert not (journal_dir / "entries" / "2025-q1.md").exists()
    write(journal_dir, "templates/quarterly.md", "---\ndescription: mine\n---\n# Mine {{ period.label }}\n")
    run("new", "2025-q1")
    assert (journal_dir / "entries" / "2025-q1.md").read_text() == "# Mine Q1 2025\n"


def test_template_names_cannot_leave_the_journal(run, journal_dir: Path):
    result = run("new", "2025-q1", "--template", "../../etc/passwd", expect=2)
    assert "template" in result.stderr and len(result.stderr.splitlines()) == 1


def test_the_example_journal_walks_through(run, journal_dir: Path):
    shutil.copytree(EXAMPLES / "entries", journal_dir / "entries", dirs_exist_ok=True)
    assert "Synced 3 documents" in run("sync").stdout
    open_goals = json.loads(run("goals", "--json").stdout)
    assert open_goals and all(g["status"] in ("open", "in_progress") for g in open_goals)
    assert not any("not a goal" in g["text"] for g in json.loads(run("goals", "--all", "--json").stdout))
    run("new", "2025-q2")
    assert (journal_dir / "entries" / "2025-q2.md").is_file()


def test_extract_json_needs_no_journal(tmp_path: Path, run):
    doc = write(tmp_path, "notes/2024-q4.md", Q4)
    items = json.loads(run("extract", "--json", str(doc)).stdout)
    assert items[0] == {
        "file": str(doc),
        "line": 12,
        "text": "Ship the importer",
        "kind": "checkbox",
        "status": "done",
        "section": "Goals for Q4 2024",
        "target": "2024-q4",
        "done": True,
    }
    assert [i["done"] for i in items] == [True, False, None, False]
    plain = run("extract", str(doc)).stdout.splitlines()
    assert plain[0].split() == ["WHERE", "KIND", "STATUS", "TARGET", "TEXT"]
    assert run("extract", str(tmp_path / "missing.md"), expect=4).stderr.endswith("missing.md: no such document\n")


def test_usage_errors_are_one_line_through_the_entry_point(tmp_path: Path):
    import subprocess
    import sys

    for args, needle in (
        (["reopen"], "Error: Missing argument 'ID...'. (see 'journal reopen --help')"),
        (["goals", "--bogus"], "Error: No such option '--bogus'. (see 'journal goals --help')"),
    ):
        proc = subprocess.run(
            [sys.executable, "-c", "from journal.cli import main; main()", *args],
            capture_output=True,
            text=True,
            env={"JOURNAL_DIR": str(tmp_path / "j"), "PATH": "/usr/bin:/bin"},
        )
        assert proc.returncode == 2
        assert proc.stderr == needle + "\n"


def test_a_mistyped_journal_folder_is_an_error_not_a_new_journal(tmp_path: Path, run):
    missing = tmp_path / "typo"
    result = run("--dir", str(missing), "goals", expect=2)
    assert result.stderr.startswith(f"Error: no journal in {missing} ")
    assert not missing.exists()


def test_dry_run_writes_nothing(run, journal_dir: Path):
    write(journal_dir, "entries/2024-q4.md", Q4)
    before = snapshot(journal_dir)
    assert "Write the RFC" in run("new", "2025-q1", "--dry-run").stdout
    assert snapshot(journal_dir) == before


def test_status_filters_combine(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [x] a\n- [-] b\n- [ ] c\n")
    texts = [g["text"] for g in json.loads(run("goals", "--done", "--dropped", "--json").stdout)]
    assert texts == ["a", "b"]


def test_symbolic_links_are_not_followed_and_are_reported(run, journal_dir: Path, tmp_path: Path):
    outside = write(tmp_path, "outside.md", "# Goals\n\n- [ ] secret\n")
    (journal_dir / "entries" / "2025-q1.md").symlink_to(outside)
    result = run("sync")
    assert "Skipped entries/2025-q1.md: a symbolic link" in result.stderr
    assert result.stdout == "Nothing changed.\n"


def test_init_completes_a_partial_journal(run, tmp_path: Path):
    partial = tmp_path / "partial"
    write(partial, "journal.toml", "")
    (partial / "entries").mkdir()
    assert run("init", str(partial)).stdout.startswith(f"{partial} was already a journal; added ledger/")


def test_temporary_files_a_killed_command_left_are_cleaned_up(run, journal_dir: Path):
    import os
    import time

    doc = write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [ ] a\n")
    run("sync")
    old = time.time() - 3600
    leftovers = [
        journal_dir / "ledger" / ".2025-q1.toml.ab12cd_9.journal.tmp",
        journal_dir / "entries" / ".2025-q1.md.zz9_x8yq.journal.tmp",
    ]
    for path in leftovers:
        path.write_text("half a file")
        os.utime(path, (old, old))
    fresh = journal_dir / "entries" / ".2025-q1.md.k2k2k2k2.journal.tmp"
    fresh.write_text("another command's, just now")
    doc.write_text("# Goals\n\n- [x] a\n")
    run("sync")
    assert not any(path.exists() for path in leftovers)
    assert fresh.exists()


def test_new_checks_its_arguments_before_making_a_journal(tmp_path: Path, run):
    missing = tmp_path / "not-yet"
    assert run("--dir", str(missing), "new", "q5-2025", expect=2).stderr.startswith("Error: not a period")
    assert run("--dir", str(missing), "new", "2025-q1", "--template", "nosuch", expect=6).stderr.startswith(
        "Error: no template named 'nosuch'"
    )
    assert not missing.exists()


def test_new_goal_words_reach_documents_already_synced(run, journal_dir: Path):
    write(journal_dir, "entries/2025-q3.md", "# Q3\n\n## Epics\n\n- Ship the billing rewrite\n")
    run("sync")
    assert json.loads(run("goals", "--json").stdout) == []
    run("config", "set", "goal_words", "epics")
    assert [g["text"] for g in json.loads(run("goals", "--json").stdout)] == ["Ship the billing rewrite"]


def test_a_reader_that_stops_early_loses_nothing(journal_dir: Path):
    import os
    import subprocess
    import sys

    write(journal_dir, "entries/2025-q1.md", "# Goals\n\n" + "".join(f"- [ ] goal {n}\n" for n in range(400)))
    env = {**os.environ, "JOURNAL_DIR": str(journal_dir)}
    command = [sys.executable, "-c", "from journal.cli import main; main()"]
    proc = subprocess.Popen([*command, "sync"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.readline()
    proc.stdout.close()  # like `journal sync | head -1`
    proc.wait(timeout=60)
    assert b"Error" not in proc.stderr.read()
    listed = subprocess.run([*command, "goals", "--json"], capture_output=True, env=env, check=True)
    assert len(json.loads(listed.stdout)) == 400


def test_a_failed_command_leaves_no_cache_that_hides_its_undoing(run, journal_dir: Path, monkeypatch):
    from journal.sync import LedgerWrites

    write(journal_dir, "entries/2025-q1.md", "# Goals\n\n- [ ] one\n")
    real = LedgerWrites.save

    def save_then_fail(self):
        real(self)  # the ledger is written, then the command fails: it is all put back
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(LedgerWrites, "save", save_then_fail)
    assert run("sync", expect=8).stderr == "Error: No space left on device\n"
    assert not list((journal_dir / "ledger").glob("*.toml"))
    monkeypatch.setattr(LedgerWrites, "save", real)
    assert [g["text"] for g in json.loads(run("goals", "--json").stdout)] == ["one"]
