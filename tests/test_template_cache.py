"""The template cache in .journal/: a second load skips parsing and compiling; a changed file is always re-read."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result

from journal import sandbox, templates
from journal.periods import from_key
from journal.template_cache import CACHE_FILE
from journal.templates import load_template, render_template

BODY = "---\ndescription: Mine\nkind: quarter\n---\n# {{ period.label }} {{ word }}.\n"


def variables() -> dict:
    return {"period": from_key("2025-q1"), "today": date(2025, 1, 5), "word": "alpha"}


def journal_with_template(tmp_path: Path, text: str = BODY) -> tuple[Path, Path]:
    root = tmp_path / "j"
    (root / ".journal").mkdir(parents=True)
    (root / "templates").mkdir()
    path = root / "templates" / "mine.md"
    path.write_text(text, encoding="utf-8")
    return root, path


def render(root: Path) -> str:
    return render_template(load_template("mine", root), variables())


def no_parsing_or_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("parsed or compiled again")

    monkeypatch.setattr(templates, "_parse_template", refuse)
    monkeypatch.setattr(type(sandbox._environment()), "compile", refuse)


def test_a_second_load_and_render_use_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root, _path = journal_with_template(tmp_path)
    first = render(root)
    assert first == "# Q1 2025 alpha.\n"
    assert (root / ".journal" / CACHE_FILE).is_file()
    no_parsing_or_compiling(monkeypatch)
    template = load_template("mine", root)
    assert (template.description, template.kind, template.body_line_offset) == ("Mine", "quarter", 4)
    assert render_template(template, variables()) == first


@pytest.mark.parametrize("same_stat", [True, False], ids=["same-size-and-mtime", "plain-edit"])
def test_a_changed_template_file_is_always_read_again(tmp_path: Path, same_stat: bool):
    root, path = journal_with_template(tmp_path)
    assert render(root) == "# Q1 2025 alpha.\n"
    before = path.stat()
    changed = BODY.replace("Mine", "Ours").replace("}}.", "}}!")
    if not same_stat:
        changed = changed.replace("{{ word }}", "{{ word | upper }}")
    path.write_text(changed, encoding="utf-8")
    if same_stat:
        assert path.stat().st_size == before.st_size
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    template = load_template("mine", root)
    assert template.description == "Ours"
    assert render_template(template, variables()) == ("# Q1 2025 alpha!\n" if same_stat else "# Q1 2025 ALPHA!\n")


def test_a_template_with_an_error_after_an_edit_is_an_error(tmp_path: Path):
    root, path = journal_with_template(tmp_path)
    render(root)
    path.write_text(BODY.replace("{{ word }}", "{{ word }"), encoding="utf-8")
    with pytest.raises(templates.TemplateError, match="line 5"):
        render(root)


def test_deleting_the_cache_costs_only_time(tmp_path: Path):
    root, _path = journal_with_template(tmp_path)
    first = render(root)
    shutil.rmtree(root / ".journal")
    assert render(root) == first
    assert not (root / ".journal").exists()  # never creates the folder itself
    (root / ".journal").mkdir()
    assert render(root) == first
    assert (root / ".journal" / CACHE_FILE).is_file()


@pytest.mark.parametrize("damage", [b"", b"not marshal at all", b"\xe9\x00\x00\x00"], ids=["empty", "text", "cut"])
def test_a_damaged_cache_is_an_empty_one(tmp_path: Path, damage: bytes):
    root, _path = journal_with_template(tmp_path)
    first = render(root)
    (root / ".journal" / CACHE_FILE).write_bytes(damage)
    assert render(root) == first
    assert render(root) == first


def test_code_from_another_sandbox_is_never_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root, _path = journal_with_template(tmp_path)
    render(root)
    compiled = counting_compiles(monkeypatch)
    render(root)
    assert compiled == []
    monkeypatch.setattr(sandbox, "_code_tag", lambda: ("another jinja", 0, 0))
    render(root)
    assert len(compiled) == 1


def counting_compiles(monkeypatch: pytest.MonkeyPatch) -> list:
    compiled = []
    real = type(sandbox._environment()).compile

    def counting(self, *args: object, **kwargs: object):
        compiled.append(args)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(type(sandbox._environment()), "compile", counting)
    return compiled


@pytest.mark.parametrize("how", ["writable-by-others", "owned-by-another-user"])
def test_code_from_a_cache_file_others_could_write_is_never_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
):
    root, _path = journal_with_template(tmp_path)
    first = render(root)
    cache = root / ".journal" / CACHE_FILE
    if how == "writable-by-others":
        cache.chmod(0o666)
    elif os.geteuid() == 0:
        os.chown(cache, 65534, -1)
    else:
        pytest.skip("only root can give a file away")
    compiled = counting_compiles(monkeypatch)
    monkeypatch.setattr(templates, "_parse_template", lambda *_args: pytest.fail("metadata parsed again"))
    assert render(root) == first  # the metadata, plain data, is still read from it
    assert len(compiled) == 1
    info = cache.stat()  # replaced by one of this user's own, holding only code compiled here
    assert info.st_uid == os.geteuid() and info.st_mode & 0o777 == 0o600
    assert render(root) == first
    assert len(compiled) == 1


def test_a_fifo_in_place_of_the_cache_is_no_cache(tmp_path: Path):
    root, _path = journal_with_template(tmp_path)
    os.mkfifo(root / ".journal" / CACHE_FILE)
    assert render(root) == "# Q1 2025 alpha.\n"


def test_new_after_a_template_edit_uses_the_edited_template(run: Callable[..., Result], journal_dir: Path):
    path = journal_dir / "templates" / "quarterly.md"
    path.write_text("---\nkind: quarter\n---\n# First {{ period.label }}\n", encoding="utf-8")
    run("new", "2025-q1")
    assert (journal_dir / "entries" / "2025-q1.md").read_text() == "# First Q1 2025\n"
    path.write_text("---\nkind: quarter\n---\n# Again {{ period.label }}\n", encoding="utf-8")
    run("new", "2025-q2")
    assert (journal_dir / "entries" / "2025-q2.md").read_text() == "# Again Q2 2025\n"


def test_a_failed_new_leaves_the_cache_as_it_was(run: Callable[..., Result], journal_dir: Path):
    cache = journal_dir / ".journal" / CACHE_FILE
    (journal_dir / "entries" / "2025-q1.md").write_text("# Q1 2025\n")
    run("new", "2025-q1", expect=2)  # exists already: nothing is written, the cache included
    assert not cache.exists()
    run("new", "2025-q2")
    assert cache.is_file()
