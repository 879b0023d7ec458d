"""A ledger file or review record edited by hand in place, to the same size and with its mtime set back: the next
`journal status` and `journal goals --open` answer exactly as with `.journal/` deleted (their kept answers are
keyed on every ledger file's size, mtime, ctime and inode, not on the folders' stat alone)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from journal.period_keys import kind_and_end
from journal.status import period_ends, source_keys
from tests.cli.test_goals_fast import launch
from tests.cli.test_status import AFTER, KEEP_ALL_THEN_SKIP, fast_status

SEVEN_OVERDUE = AFTER.replace("8 overdue", "7 overdue")


def edit_in_place(path: Path, old: bytes, new: bytes) -> None:
    """Replace the first ``old`` with ``new`` (same length) in place, then set the mtime back as it was."""
    assert len(old) == len(new)
    before = path.stat()
    data = path.read_bytes()
    assert old in data
    with open(path, "r+b") as handle:  # in place: same inode, same size, the folder's stat untouched
        handle.write(data.replace(old, new, 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)


def without_cache(root: Path, tmp_path: Path) -> Path:
    """A copy of the journal with `.journal/` deleted: what every answer must be."""
    copy = tmp_path / "no-cache"
    shutil.copytree(root, copy)
    shutil.rmtree(copy / ".journal")
    return copy


@pytest.fixture
def synced(example: Path, run) -> Path:
    run("sync")
    return example


def test_a_same_size_ledger_edit_with_the_mtime_set_back_shows_in_the_next_status(synced: Path, tmp_path: Path):
    ledger = synced / "ledger" / "2025-q1.toml"
    folder_before = (synced / "ledger").stat()
    proc = fast_status(synced, now="2025-04-01")
    assert (proc.stdout, proc.stderr) == (AFTER, "False\n")  # served from the summary, click not imported
    edit_in_place(ledger, b'status = "open"', b'status = "done"')
    assert (synced / "ledger").stat().st_mtime_ns == folder_before.st_mtime_ns  # only the file says it changed
    expected = fast_status(without_cache(synced, tmp_path), now="2025-04-01").stdout
    assert expected == SEVEN_OVERDUE
    assert fast_status(synced, now="2025-04-01").stdout == expected
    assert fast_status(synced, "--json", now="2025-04-01").stdout.count('"overdue": 7') == 1


def test_a_review_record_edited_in_place_shows_in_the_next_status(
    synced: Path, run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("JOURNAL_NOW", "2025-04-04")
    run("review", "2025-q1", input=KEEP_ALL_THEN_SKIP)  # a write: the summary made again, with the record in it
    proc = fast_status(synced, now="2025-04-04")
    assert "review of Q1 2025" not in proc.stdout and proc.stderr == "False\n"  # served: Q1 reviewed
    record = synced / "ledger" / "reviews" / "2025-q1.toml"
    edit_in_place(record, b'"finished"', b'"finishex"')  # broken: the normal command says so
    copy = without_cache(synced, tmp_path)
    expected = launch(copy, "status")[0]
    got = launch(synced, "status")[0]
    same_place = expected.stderr.replace(str(copy).encode(), str(synced).encode())
    assert (got.returncode, got.stdout, got.stderr) == (expected.returncode, expected.stdout, same_place)
    assert got.returncode != 0 and b"status must be finished or unfinished" in got.stderr


def test_a_same_size_ledger_edit_shows_in_the_next_goals_listing(synced: Path, tmp_path: Path):
    launch(synced, "goals", "--done")  # the start-of-period line said (an answer saying it is never kept)
    for _ in range(2):
        proc, clicked = launch(synced, "goals", "--open")
    assert not clicked  # the second run was served from its stored answer
    edit_in_place(synced / "ledger" / "2025-q1.toml", b'status = "open"', b'status = "done"')
    expected, _clicked = launch(without_cache(synced, tmp_path), "goals", "--open")
    got, clicked = launch(synced, "goals", "--open")
    assert clicked and got.stdout == expected.stdout and got.stdout != proc.stdout


def test_the_fast_paths_keys_name_every_ledger_file_and_review_record(synced: Path):
    (synced / "ledger" / "reviews").mkdir()
    (synced / "ledger" / "reviews" / "2025-q1.toml").write_text('status = "unfinished"\n', encoding="utf-8")
    keys = source_keys(str(synced))
    ledger_files = {f"ledger/{p.name}" for p in (synced / "ledger").glob("*.toml")}
    assert ledger_files and ledger_files | {"ledger/reviews/2025-q1.toml"} <= set(keys)
    stat = (synced / "ledger" / "2025-q1.toml").stat()
    assert keys["ledger/2025-q1.toml"] == (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


@pytest.mark.parametrize("fiscal", [1, 4, 10])
def test_period_ends_agree_with_key_end_and_take_what_is_known(fiscal: int):
    keys = ["2025", "2025-h2", "2025-q1", "2025-02", "2024-w52", "2020-w53", "2021-w53", "2025-03-14", "x", "2025-q5"]
    ends = period_ends(keys, fiscal)
    for key in keys:
        found = kind_and_end(key, fiscal)
        assert ends[key] == ((found[0], found[1].toordinal()) if found is not None else None)
    assert ends["2021-w53"] is None and ends["x"] is None
    assert period_ends(["2025-q1"], fiscal, {"2025-q1": ("quarter", 1)}) == {"2025-q1": ("quarter", 1)}


def _files_but_the_summary(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.name != "status.marshal"
    }


def test_a_status_that_read_the_journal_itself_keeps_its_summary_for_the_next(synced: Path, tmp_path: Path):
    """No summary (as after an upgrade, or once a hand edit made it stale): the first `status` reads the journal,
    the next is served from the summary that one left, with the same answer and no other file touched."""
    (synced / ".journal" / "status.marshal").unlink()
    before = _files_but_the_summary(synced)
    first = fast_status(synced, now="2025-04-01")
    assert (first.stdout, first.stderr) == (AFTER, "True\n")  # read the journal: click imported
    second = fast_status(synced, now="2025-04-01")
    assert (second.stdout, second.stderr) == (AFTER, "False\n")  # served from the summary the first one kept
    assert _files_but_the_summary(synced) == before  # no lock, no cache, no document nor ledger file written

    ledger = synced / "ledger" / "2025-q1.toml"
    edit_in_place(ledger, b'status = "open"', b'status = "done"')
    expected = fast_status(without_cache(synced, tmp_path), now="2025-04-01").stdout
    assert expected == SEVEN_OVERDUE
    assert fast_status(synced, now="2025-04-01").stderr == "True\n"  # the edit seen: read again
    served = fast_status(synced, now="2025-04-01")
    assert (served.stdout, served.stderr) == (expected, "False\n")


def test_a_ledger_file_changed_while_status_read_is_not_answered_from_before(synced: Path, tmp_path: Path):
    """The summary a reading `status` keeps is keyed on each ledger file as it read it: a file saved in between
    (by hand, or by a command holding the lock) makes the next `status` read the journal again."""
    from journal.config import open_journal
    from journal.ledger import Cache
    from journal.status import keep_summary_of_read
    from journal.sync import sync_journal

    (synced / ".journal" / "status.marshal").unlink()
    journal, _created = open_journal(synced)
    cache = Cache(journal)
    ledger, report = sync_journal(journal, cache=cache, write=False, lazy=True)
    assert report.nothing
    edit_in_place(synced / "ledger" / "2025-q1.toml", b'status = "open"', b'status = "done"')
    keep_summary_of_read(journal, ledger, cache)  # a summary of the ledger as it was read, before the edit
    assert (synced / ".journal" / "status.marshal").exists()
    expected = fast_status(without_cache(synced, tmp_path), now="2025-04-01").stdout
    assert expected == SEVEN_OVERDUE
    assert fast_status(synced, now="2025-04-01").stdout == expected


def test_a_deleted_document_is_no_document_for_status_and_due(synced: Path, run, tmp_path: Path, monkeypatch):
    """A document deleted by hand leaves its ledger file (its goals removed, their history kept) but no hash:
    `status` says the period has no document yet, on its fast path, its normal one and with no cache."""
    monkeypatch.setenv("JOURNAL_NOW", "2025-03-31")
    assert "no document yet" not in fast_status(synced, now="2025-03-31").stdout
    (synced / "entries" / "2025-q1.md").unlink()
    expected = fast_status(without_cache(synced, tmp_path), now="2025-03-31").stdout
    assert expected.endswith(" · no document yet (journal new 2025-q1)\n")
    assert fast_status(synced, now="2025-03-31").stdout == expected  # read in memory: the document is gone
    assert (synced / "ledger" / "2025-q1.toml").exists()  # status writes no ledger file
    run("sync")
    assert (synced / "ledger" / "2025-q1.toml").exists()  # the goals' history is kept
    served = fast_status(synced, now="2025-03-31")
    assert (served.stdout, served.stderr) == (expected, "False\n")  # the summary the sync left says so too
    assert "No document for Q1 2025 yet (journal new 2025-q1)" in run("due").stdout


def test_a_ledger_file_deleted_then_put_back_by_hand_shows_in_the_next_status(synced: Path, tmp_path: Path):
    """The summary names the ledger files this command read or wrote, without listing the folder again: a file
    gone, or one there that it did not read, makes the fast path step aside, and the answer is the one with
    `.journal/` deleted."""
    assert fast_status(synced, now="2025-04-01").stderr == "False\n"
    ledger = synced / "ledger" / "2025-q1.toml"
    data = ledger.read_bytes()
    ledger.unlink()
    expected = fast_status(without_cache(synced, tmp_path / "gone"), now="2025-04-01").stdout
    got = fast_status(synced, now="2025-04-01")
    assert (got.stdout, got.stderr) == (expected, "True\n")
    ledger.write_bytes(data)
    expected = fast_status(without_cache(synced, tmp_path / "back"), now="2025-04-01").stdout
    assert expected == AFTER
    assert fast_status(synced, now="2025-04-01").stdout == expected
