"""Issue 16 through the CLI: Obsidian's status characters and callouts in goals, show, done, reopen, review, sync."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import snapshot, write
from tests.vault_factory import build_vault

Q2 = """\
# Q2 2025

## Goals

- [?] ask legal
- [ ] plain
- [a] unmapped

> [!todo] This week
> - [!] callout task

> - [ ] quoted
"""


@pytest.fixture
def vault_doc(journal_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-15")
    return write(journal_dir, "entries/2025-q2.md", Q2)


def ids_by_text(run) -> dict[str, str]:
    return {goal["text"]: goal["id"] for goal in json.loads(run("goals", "--json", "--all").stdout)}


def test_sync_says_once_per_document_what_it_did_not_take(run, vault_doc: Path):
    first = run("sync")
    assert first.stderr == (
        "entries/2025-q2.md: 2 task lines not taken\n"
        "  line 7: [a] is in no status table: add it under [statuses] in journal.toml to take it\n"
        "  line 12: a task in a plain block quote (quoted words): make the quote a callout (> [!todo]) to take it\n"
    )
    assert first.stdout.endswith("Synced 1 document: 3 added, 0 changed, 0 removed.\n")
    assert run("sync").stderr == ""  # not again, nor on every command
    assert run("goals").stderr == ""
    report = json.loads(run("sync", "--full", "--json").stdout)
    assert [(n["document"], n["line"]) for n in report["not_taken"]] == [
        ("entries/2025-q2.md", 7),
        ("entries/2025-q2.md", 12),
    ]


def test_a_command_that_reads_the_changed_document_says_it_once(run, vault_doc: Path):
    run("sync")
    vault_doc.write_text(Q2 + "- [z] another\n")
    assert "3 task lines not taken" in run("goals").stderr
    assert run("goals").stderr == ""


def test_goals_and_show_display_the_character_and_json_has_it(run, vault_doc: Path):
    goals = run("goals").stdout.splitlines()
    assert [line.split()[1:3] for line in goals[1:]] == [["open", "[?]"], ["open", "2025-q2"], ["open", "[!]"]]
    by_text = {g["text"]: g for g in json.loads(run("goals", "--json").stdout)}
    assert (by_text["ask legal"]["marker"], by_text["plain"]["marker"]) == ("?", None)
    shown = run("show", by_text["callout task"]["id"]).stdout.splitlines()
    assert shown[1] == "open [!], checkbox, for 2025-q2"


def test_done_writes_x_and_reopen_puts_the_character_back_keeping_every_quote_byte(run, vault_doc: Path):
    ids = ids_by_text(run)
    before = vault_doc.read_bytes()
    run("done", ids["ask legal"], ids["callout task"])
    done = vault_doc.read_bytes()
    assert done == before.replace(b"- [?] ask", b"- [x] ask").replace(b"> - [!] callout", b"> - [x] callout")
    assert {g["text"]: (g["status"], g["marker"]) for g in json.loads(run("goals", "--json", "--all").stdout)} == {
        "ask legal": ("done", None),
        "plain": ("open", None),
        "callout task": ("done", None),
    }
    run("reopen", ids["ask legal"], ids["callout task"])
    assert vault_doc.read_bytes() == before
    assert run("show", ids["ask legal"]).stdout.splitlines()[1] == "open [?], checkbox, for 2025-q2"


def test_a_character_changed_by_hand_is_kept_for_reopen(run, vault_doc: Path):
    ids = ids_by_text(run)
    vault_doc.write_text(Q2.replace("- [?] ask legal", "- [x] ask legal"))
    run("sync")
    run("reopen", ids["ask legal"])
    assert "- [?] ask legal\n" in vault_doc.read_text()


def test_the_review_offers_the_character(run, vault_doc: Path):
    printed = run("review", "2025-q2", "--print").stdout
    assert "- [?] ask legal (`" in printed and "- [!] callout task (`" in printed
    ids = ids_by_text(run)
    asked = run("review", "2025-q2", input="k\nk\nk\nq\n").stdout
    assert f"{ids['ask legal']}  ask legal\n  open [?]," in asked


def test_statuses_in_journal_toml_take_a_character_and_reread_the_documents(run, journal_dir: Path, vault_doc: Path):
    run("sync")
    with (journal_dir / "journal.toml").open("a") as config:
        config.write('\n[statuses]\n"a" = "dropped"\n')
    result = run("sync")
    assert "~" not in result.stdout and "unmapped" in result.stdout
    assert "[a]" not in result.stderr
    goal = next(g for g in json.loads(run("goals", "--json", "--all").stdout) if g["text"] == "unmapped")
    assert (goal["status"], goal["marker"]) == ("dropped", "a")
    assert run("config", "get").stderr == ""  # a table of journal.toml, not an unknown setting


def test_a_bad_statuses_table_is_a_one_line_config_error_that_changes_nothing(run, journal_dir: Path, vault_doc):
    (journal_dir / "journal.toml").write_text('[statuses]\n"?" = "maybe"\n')
    before = snapshot(journal_dir)
    result = run("goals", expect=5)
    assert result.stderr.count("\n") == 1
    assert "statuses: '?' must be one of open, in_progress, done, carried, dropped, not 'maybe'" in result.stderr
    assert snapshot(journal_dir) == before


def test_the_vault_figures_of_extract(run, tmp_path: Path):
    vault = build_vault(tmp_path / "vault")
    result = run("extract", "--json", *map(str, vault.files))
    items = json.loads(result.stdout)
    assert result.stderr.count("task lines not taken") == 2  # the two notes holding such lines
    assert result.stderr.count("\n  line") == 6  # 5 characters in no table, one line for the 3 quoted tasks
    checkboxes = [item for item in items if item["kind"] == "checkbox"]
    assert len(checkboxes) == len(vault.taken) == 63
    assert len(vault.tasks) == 71  # 5 characters in no table and 3 plain-quoted tasks are not taken
    assert {item["marker"] for item in checkboxes} >= set("?!<*ibPCdfl S")


def test_a_vault_synced_as_a_journal_keeps_every_taken_task(run, journal_dir: Path, tmp_path: Path):
    vault = build_vault(tmp_path / "vault")
    shutil.copytree(vault.root / "Periodic", journal_dir / "entries" / "Periodic")
    result = run("sync")
    assert result.stdout.endswith(f"Synced 3 documents: {len(vault.taken) + 1} added, 0 changed, 0 removed.\n")
    assert result.stderr.count("task line") == 2  # the two notes holding lines not taken, once each
    goals = json.loads(run("goals", "--json", "--all").stdout)
    assert sorted((g["line"], g["status"]) for g in goals if g["kind"] == "checkbox") == sorted(
        (task.line, task.status) for task in vault.taken
    )


def test_a_character_of_several_bytes_is_written_and_put_back_exactly(run, journal_dir: Path):
    (journal_dir / "journal.toml").write_text('[statuses]\n"é" = "open"\n"✓" = "done"\n')
    doc = write(journal_dir, "entries/2025-q2.md", "# Q2\n\n- [é] accented — mark\n- [✓] ticked\n", newline="\r\n")
    before = doc.read_bytes()
    ids = ids_by_text(run)
    run("done", ids["accented — mark"])
    assert doc.read_bytes() == before.replace("[é]".encode(), b"[x]")
    run("reopen", ids["accented — mark"], ids["ticked"])
    assert doc.read_bytes() == before.replace("[✓]".encode(), b"[ ]")
    run("done", ids["ticked"])
    assert doc.read_bytes() == before  # its own done character is put back too
