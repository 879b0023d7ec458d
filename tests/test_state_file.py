"""The derived caches' one reader and writer: whatever is wrong with the file reads as empty, never an error."""

from __future__ import annotations

import marshal

from journal.state_file import read_state, write_state


def test_what_is_written_with_a_stamp_reads_back_with_that_stamp_only(tmp_path):
    path = tmp_path / "x.marshal"
    write_state(path, (1, "a"), "entries", {"doc.md": (1, 2)})
    assert read_state(path, (1, "a"), "entries") == {"doc.md": (1, 2)}
    assert read_state(path, (2, "a"), "entries") == {}
    assert read_state(path, (1, "a"), "answers", list) == []


def test_a_missing_damaged_or_misshapen_file_reads_as_empty(tmp_path):
    path = tmp_path / "x.marshal"
    assert read_state(path, 1, "entries") == {}
    path.write_bytes(b"\x00garbage")
    assert read_state(path, 1, "entries") == {}
    path.write_bytes(marshal.dumps({"stamp": 1, "entries": ["not", "a", "dict"]}))
    assert read_state(path, 1, "entries") == {}
    path.write_bytes(marshal.dumps(["stamp", 1]))
    assert read_state(path, 1, "entries") == {}


def test_nothing_is_written_where_the_folder_is_missing_unless_asked(tmp_path):
    path = tmp_path / "state" / "x.marshal"
    write_state(path, 1, "entries", {"a": 1})
    assert not path.parent.exists()
    write_state(path, 1, "entries", {"a": 1}, make_folder=True)
    assert read_state(path, 1, "entries") == {"a": 1}
    assert (path.parent / ".gitignore").is_file()


def test_a_path_that_cannot_be_written_loses_nothing_and_raises_nothing(tmp_path):
    path = tmp_path / "x.marshal"
    path.mkdir()  # a folder where the file should be
    write_state(path, 1, "entries", {"a": 1})
    assert path.is_dir()
