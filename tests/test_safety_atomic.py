"""Issue 9, safety-atomic: no write of another program is lost, user-named outputs are written
through, only our own temporary files are cleaned, read-only files are left alone."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from journal import atomic, guard
from journal.errors import ConflictError, JournalError, StorageError
from tests.journal_factory import is_tmp

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture
def ex(run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of examples/, synced; JOURNAL_DIR points at it."""
    root = tmp_path / "J"
    shutil.copytree(EXAMPLES, root)
    monkeypatch.setenv("JOURNAL_DIR", str(root))
    run("sync")
    return root


def goal_id(run: Callable[..., Result], text: str) -> str:
    goals = json.loads(run("goals", "--all", "--json").stdout)
    return next(g["id"] for g in goals if g["text"] == text)


def files(root: Path) -> dict[str, bytes]:
    """Every file but the derived .journal/ folder."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".journal" not in p.relative_to(root).parts
    }


def one_error_line(result: Result, code: int) -> str:
    lines = result.stderr.splitlines()
    assert result.exit_code == code and len(lines) == 1 and lines[0].startswith("Error:"), (
        result.exit_code,
        result.stderr,
    )
    return lines[0]


# ---------------------------------------------------------------- 1. a program writing in place


def leases_work(folder: Path) -> bool:
    """Whether this system can tell that a file is open for writing (Linux leases on a file we own)."""
    probe = folder / "probe"
    probe.write_bytes(b"")
    fd = os.open(probe, os.O_RDONLY)
    try:
        return guard._open_for_writing(fd) is False
    finally:
        os.close(fd)
        probe.unlink()


def test_done_while_an_editor_is_half_way_through_saving_loses_none_of_its_bytes(ex: Path, run, tmp_path: Path):
    """The editor truncated the document and wrote its first half; `done` runs before the second."""
    if not leases_work(tmp_path):
        pytest.skip("no way here to see that another program holds the file open for writing")
    document = ex / "entries/2025-q1.md"
    whole = document.read_bytes()
    goal = goal_id(run, "Run 300 km over the quarter")
    cut = whole.index(b"Run 300 km") + 200  # the goal is in the first half
    before = files(ex)
    editor = document.open("wb")
    try:
        editor.write(whole[:cut])
        editor.flush()
        result = run("done", goal, expect=None)
        editor.write(whole[cut:])
    finally:
        editor.close()
    line = one_error_line(result, 7)
    assert "another program" in line
    assert document.read_bytes() == whole, "the editor's second half was lost"
    assert files(ex) == before
    assert not [p for p in (ex / "entries").iterdir() if p.name.endswith(".tmp")]
    # Once saved, the command works, and every goal of the document is still there.
    run("done", goal)
    assert b"- [x] Run 300 km" in document.read_bytes()
    statuses = {g["text"]: g["status"] for g in json.loads(run("goals", "--all", "--json").stdout)}
    assert statuses["Write the service-ownership RFC"] == "open"


class Writer:
    """Another program that starts saving ``path`` in place just as journal renames over it."""

    def __init__(self, path: Path, new: bytes) -> None:
        self.path = path
        self.new = new
        self.handle = None

    def start(self) -> None:
        self.handle = self.path.open("r+b")
        self.handle.truncate(0)
        self.handle.write(self.new[: len(self.new) // 2])
        self.handle.flush()

    def finish(self) -> None:
        if self.handle is not None:
            self.handle.write(self.new[len(self.new) // 2 :])
            self.handle.close()


def writer_at_rename(monkeypatch: pytest.MonkeyPatch, target: Path, new: bytes) -> Writer:
    """Start a Writer on ``target`` right before journal's rename over it (after journal's checks)."""
    writer = Writer(target, new)
    real_replace = os.replace

    def replace(source, destination, *args, **kwargs):
        if Path(destination) == target and writer.handle is None and str(source).endswith(atomic.TMP_SUFFIX):
            writer.start()
        return real_replace(source, destination, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    return writer


@pytest.mark.parametrize("leases", [True, False], ids=["leases", "no-leases"])
def test_write_atomic_gives_back_a_file_another_program_writes_during_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, leases: bool
):
    if not leases:
        monkeypatch.setattr(guard, "_open_for_writing", lambda fd: None, raising=False)
    target = tmp_path / "doc.md"
    old = b"# Doc\n\n- [ ] one\n- [ ] two\n" * 50
    target.write_bytes(old)
    theirs = b"# Doc, as the editor saves it\n" + old
    writer = writer_at_rename(monkeypatch, target, theirs)
    with pytest.raises(ConflictError) as raised:
        atomic.write_atomic(target, old.replace(b"[ ] one", b"[x] one"), expected=old)
    writer.finish()
    assert raised.value.exit_code == 7 and "another program" in str(raised.value)
    assert target.read_bytes() == theirs, "the other program's bytes were lost"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.md"]


def test_without_hard_links_the_bytes_written_so_far_are_put_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A file system without hard links: the replaced file is held open and copied back."""

    def no_link(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_link)
    target = tmp_path / "doc.md"
    old = b"- [ ] one\n" * 100
    target.write_bytes(old)
    writer = writer_at_rename(monkeypatch, target, b"- [ ] mine\n" * 100)
    with pytest.raises(ConflictError):
        atomic.write_atomic(target, b"ours\n", expected=old)
    assert target.read_bytes() == b"- [ ] mine\n" * 50
    writer.finish()
    assert [p.name for p in tmp_path.iterdir()] == ["doc.md"]


def test_done_racing_an_editor_that_starts_saving_during_the_rename(ex: Path, run, monkeypatch: pytest.MonkeyPatch):
    document = ex / "entries/2025-q1.md"
    goal = goal_id(run, "Run 300 km over the quarter")
    before = files(ex)
    theirs = before["entries/2025-q1.md"].replace(b"## Wins\n", b"## Wins\n\n- Typed while journal wrote.\n")
    writer = writer_at_rename(monkeypatch, document, theirs)
    result = run("done", goal, expect=None)
    writer.finish()
    assert "another program" in one_error_line(result, 7)
    assert document.read_bytes() == theirs
    assert files(ex) == {**before, "entries/2025-q1.md": theirs}


def test_an_unchanged_file_is_replaced_and_leaves_nothing_behind(tmp_path: Path):
    target = tmp_path / "doc.md"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    atomic.write_atomic(target, b"new\n", expected=b"old\n")
    assert target.read_bytes() == b"new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["doc.md"]


def test_a_batch_of_files_gives_back_the_one_written_meanwhile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    paths = [tmp_path / f"{n}.toml" for n in range(atomic.BATCH + 2)]
    for path in paths:
        path.write_bytes(f"old = {path.stem}\n".encode())
    theirs = b"edited = true\n" * 40
    writer = writer_at_rename(monkeypatch, paths[3], theirs)
    with pytest.raises(ConflictError), atomic.transaction():
        atomic.write_many([(p, b"new\n", p.read_bytes(), False) for p in paths])
    writer.finish()
    assert paths[3].read_bytes() == theirs
    # The transaction put back every other file.
    assert all(p.read_bytes() == f"old = {p.stem}\n".encode() for p in paths if p != paths[3])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)


# ---------------------------------------------------------------- 2. user-named output paths


def test_export_to_a_symlink_writes_through_it(ex: Path, run, tmp_path: Path):
    real = tmp_path / "real.json"
    real.write_text("old\n")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    run("export", "-o", str(link))
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert json.loads(real.read_text())


def test_export_to_a_fifo_writes_into_it(ex: Path, run, tmp_path: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        run("export", "--format", "markdown", "-o", str(fifo))
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a file"
        assert os.read(reader, 1 << 16).startswith(b"# Goals")
    finally:
        os.close(reader)


def test_export_to_a_device_writes_into_it(ex: Path, run, tmp_path: Path):
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except OSError:
        pytest.skip("cannot make a device node here")
    run("export", "-o", str(null))
    assert stat.S_ISCHR(os.lstat(null).st_mode), "the device was replaced by a file"


def test_export_to_a_folder_is_one_line(ex: Path, run, tmp_path: Path):
    one_error_line(run("export", "-o", str(tmp_path), expect=None), 2)
    with pytest.raises(JournalError) as raised:
        atomic.write_output(tmp_path, b"x")
    assert raised.value.exit_code == 2


def test_export_to_a_regular_file_replaces_it(ex: Path, run, tmp_path: Path):
    out = tmp_path / "out.csv"
    out.write_text("old\n")
    run("export", "--format", "csv", "-o", str(out))
    assert out.read_text().startswith("id,text,status")
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_stats_svg_to_a_symlink_writes_through_it(ex: Path, run, tmp_path: Path):
    real = tmp_path / "chart.svg"
    link = tmp_path / "link.svg"
    link.symlink_to(real)
    run("stats", "--svg", str(link))
    assert link.is_symlink()
    assert real.read_text().startswith("<svg")


# ---------------------------------------------------------------- 3. only our own temporary files


def test_sync_cleans_only_its_own_temporary_files(ex: Path, run):
    entries = ex / "entries"
    draft = entries / ".draft.20250101.tmp"
    draft.write_text("the user's draft\n")
    ours = entries / f".2025-q1.md.abcd_123{atomic.TMP_SUFFIX}"
    ours.write_text("half a write\n")
    old = time.time() - 120
    for path in (draft, ours):
        os.utime(path, (old, old))
    document = entries / "2025-q1.md"
    document.write_bytes(document.read_bytes().replace(b"- [ ] Run 300 km", b"- [x] Run 300 km"))
    run("sync")  # a sync that writes cleans up
    assert draft.read_text() == "the user's draft\n"
    assert not ours.exists()


def test_our_temporary_files_are_named_unmistakably(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import re

    names = []
    real = os.replace

    def replace(source, target, *args, **kwargs):
        names.append(Path(source).name)
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    atomic.write_atomic(tmp_path / "doc.md", b"x\n")
    assert len(names) == 1 and re.fullmatch(r"\.doc\.md\.[a-z0-9_]{8}\.journal\.tmp", names[0]), names
    # The fault tests' pattern (tests/journal_factory.py) still matches them.
    assert is_tmp(names[0])
    assert (tmp_path / "doc.md").read_bytes() == b"x\n" and os.listdir(tmp_path) == ["doc.md"]


def test_a_temporary_file_is_made_afresh_never_through_a_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # A name already taken (here: a link planted under the first name tried) is passed over, never opened.
    outside = tmp_path / "outside"
    outside.write_bytes(b"theirs\n")
    tokens = iter([bytes.fromhex("00000000"), bytes.fromhex("00000001")])
    monkeypatch.setattr(os, "urandom", lambda size: next(tokens))
    os.symlink(outside, tmp_path / ".doc.md.00000000.journal.tmp")
    fd, name = atomic._temp_file(tmp_path / "doc.md")  # noqa: SLF001
    os.close(fd)
    assert name.name == ".doc.md.00000001.journal.tmp"
    assert outside.read_bytes() == b"theirs\n" and os.stat(name).st_mode & 0o777 == 0o600


# ---------------------------------------------------------------- 4. read-only files


def test_a_read_only_document_is_refused(ex: Path, run):
    document = ex / "entries/2025-q1.md"
    goal = goal_id(run, "Run 300 km over the quarter")
    document.chmod(0o444)
    before = files(ex)
    line = one_error_line(run("done", goal, expect=None), 4)
    assert "read-only" in line
    assert files(ex) == before
    assert stat.S_IMODE(document.stat().st_mode) == 0o444


def test_a_read_only_ledger_file_is_refused(ex: Path, run):
    goal = goal_id(run, "Run 300 km over the quarter")
    ledger = ex / "ledger/2025-q1.toml"
    ledger.chmod(0o444)
    before = files(ex)
    line = one_error_line(run("done", goal, expect=None), 5)
    assert "read-only" in line
    assert files(ex) == before  # the document it had written first is put back


def test_a_read_only_export_target_is_refused(ex: Path, run, tmp_path: Path):
    out = tmp_path / "out.json"
    out.write_text("keep\n")
    out.chmod(0o444)
    one_error_line(run("export", "-o", str(out), expect=None), StorageError.exit_code)
    assert out.read_text() == "keep\n"


# ---------------------------------------------------------------- StorageError


def test_a_file_system_refusing_a_write_is_exit_8(ex: Path, run, monkeypatch: pytest.MonkeyPatch):
    goal = goal_id(run, "Run 300 km over the quarter")
    before = files(ex)
    real = os.open

    def refused(path, flags, *args, **kwargs):
        if str(path).endswith(atomic.TMP_SUFFIX) and flags & os.O_CREAT:  # a new temporary file: refused
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refused)
    line = one_error_line(run("done", goal, expect=None), 8)
    assert "Permission denied" in line
    assert files(ex) == before
    assert StorageError.exit_code == 8 and issubclass(StorageError, JournalError)


def test_atomic_never_raises_the_base_error():
    source = Path(atomic.__file__).read_text()
    assert "raise JournalError(" not in source
    assert "error(" in source  # the read-only refusal raises the class its caller names
