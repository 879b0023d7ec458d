"""Issue 9, ledger and journal.toml safety: hand-made layouts, comments, line endings, BOMs, bad TOML.

Every ledger file journal writes reads back (tomllib) as exactly the old file with the change; a
hand-made layout the line editor cannot handle goes through tomlkit; a file that cannot be read is
one `Error:` line naming it, exit 5, and nothing is written.
"""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journal.config import load_settings
from journal.errors import ConfigError, LedgerError
from journal.ledger import STATUSES, LedgerFileEdit, read_ledger_file
from tests.conftest import snapshot, write

DOC = """\
# Q1 2025

## Goals

- [ ] Ship the API
- [ ] Write the guide
"""
LEDGER = "ledger/2025-q1.toml"


def synced(run, journal_dir: Path) -> tuple[Path, dict[str, str]]:
    """A journal with one document synced: the ledger file and the goal ids by text."""
    write(journal_dir, "entries/2025-q1.md", DOC)
    run("sync")
    goals = json.loads(run("goals", "--all", "--json").stdout)
    return journal_dir / LEDGER, {g["text"]: g["id"] for g in goals}


def fresh_goals(run, journal_dir: Path) -> dict[str, dict]:
    """The goals as read from the files alone (the cache deleted first)."""
    shutil.rmtree(journal_dir / ".journal", ignore_errors=True)
    return {g["id"]: g for g in json.loads(run("goals", "--all", "--json").stdout)}


def one_error(result, code: int, *mentions: str) -> None:
    lines = result.stderr.splitlines()
    assert result.exit_code == code, result.stderr
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.stderr
    assert "Traceback" not in result.output
    for word in mentions:
        assert word in lines[0], lines[0]


# ---------------------------------------------------------------- item 3: hand layouts


def _documents_dotted(text: str) -> str:
    found = re.search(r"\[documents\]\n(\"[^\"]+\") = (\"[0-9a-f]+\")\n", text)
    assert found
    text = text.replace(found.group(0), "")
    first = text.index("[goals.")
    return text[:first] + f"documents.{found.group(1)} = {found.group(2)}\n\n" + text[first:]


def _documents_inline(text: str) -> str:
    found = re.search(r"\[documents\]\n(\"[^\"]+\") = (\"[0-9a-f]+\")\n", text)
    assert found
    text = text.replace(found.group(0), "")
    first = text.index("[goals.")
    return text[:first] + f"documents = {{{found.group(1)} = {found.group(2)}}}\n\n" + text[first:]


def _history_as_array_of_tables(text: str) -> str:
    def tables(match: re.Match[str]) -> str:
        goal_id, body = match.group(1), match.group(2)
        entries = re.findall(r"\{(.*)\},", match.group(3))
        out = f"[goals.{goal_id}]\n{body}"
        for entry in entries:
            out += f"\n[[goals.{goal_id}.history]]\n" + "\n".join(p.strip() for p in entry.split(", ")) + "\n"
        return out

    return re.sub(r"\[goals\.(\w+)\]\n((?:(?!history)\w+ = .*\n)*)history = \[\n((?:    .*\n)*)\]\n", tables, text)


@pytest.mark.parametrize("layout", [_documents_dotted, _documents_inline, _history_as_array_of_tables])
def test_done_after_a_valid_hand_layout_writes_a_ledger_that_parses(run, journal_dir, layout):
    ledger, ids = synced(run, journal_dir)
    ledger.write_text(layout(ledger.read_text()))
    before = tomllib.loads(ledger.read_text())  # the hand edit is valid TOML
    run("goals", "--all")  # and journal reads it
    run("done", ids["Ship the API"])
    after = tomllib.loads(ledger.read_text())  # the bug: "Cannot declare ('documents',) twice"
    goal_id = ids["Ship the API"]
    assert after["goals"][goal_id]["status"] == "done"
    assert after["goals"][goal_id]["history"][-1]["status"] == "done"
    other = ids["Write the guide"]
    assert after["goals"][other] == before["goals"][other]
    assert list(after["documents"]) == ["entries/2025-q1.md"]
    goals = fresh_goals(run, journal_dir)
    assert goals[goal_id]["status"] == "done" and goals[other]["status"] == "open"


def test_a_goal_text_that_looks_like_a_date_stays_a_string(tmp_path):
    path = tmp_path / "2025-q1.toml"
    path.write_text(
        '[goals.abcd12]\ntext = "x"\nstatus = "open"\nkind = "checkbox"\nsource = "entries/a.md"\nline = 1\n'
    )
    edit = LedgerFileEdit(path, "Q1 2025")
    edit.update("abcd12", {"text": "2025-06-30", "note": "2025-07-01T10:00:00"})
    edit.save()  # was written as `text = 2025-06-30`, a date, which no command could read again
    goals, _hashes = read_ledger_file(path, "2025-q1")
    assert (goals[0].text, goals[0].note) == ("2025-06-30", "2025-07-01T10:00:00")


def test_a_layout_no_editor_can_write_is_refused_and_nothing_is_written(run, journal_dir):
    ledger, ids = synced(run, journal_dir)
    data = tomllib.loads(ledger.read_text())
    goals = ", ".join(
        f'{goal_id} = {{text = {json.dumps(g["text"])}, status = {json.dumps(g["status"])}, kind = "checkbox", '
        f'source = "entries/2025-q1.md", line = {g["line"]}}}'
        for goal_id, g in data["goals"].items()
    )
    ledger.write_text(f"goals = {{{goals}}}\n")  # every goal in one inline table: nothing can be added to it
    run("goals", "--all")
    write(journal_dir, "entries/2025-q1.md", DOC + "- [ ] A third goal\n")
    before = snapshot(journal_dir)
    result = run("sync", expect=None)
    one_error(result, 5, str(ledger))
    assert snapshot(journal_dir) == before


# ---------------------------------------------------------------- item 3: the property


GOAL_IDS = ("aaaa11", "bbbb22", "cccc33")
safe_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
stamp = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 1, 1)).map(
    lambda d: d.replace(microsecond=0).isoformat()
)
goal_model = st.fixed_dictionaries(
    {
        "text": safe_text,
        "status": st.sampled_from(STATUSES),
        "kind": st.just("checkbox"),
        "source": st.just("entries/2025-q1.md"),
        "line": st.integers(1, 500),
        "note": st.none() | safe_text,
        "history": st.lists(
            st.fixed_dictionaries({"at": stamp, "status": st.sampled_from(STATUSES), "by": st.just("cli")}),
            max_size=2,
        ),
    }
)


def _basic(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _string(text: str, literal: bool) -> str:
    if literal and "'" not in text:
        return f"'{text}'"
    return _basic(text)


def _scalar(value, literal: bool) -> str:
    if isinstance(value, int):
        return str(value)
    if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", value):
        return value
    return _string(value, literal)


@st.composite
def hand_ledgers(draw) -> str:  # noqa: C901 - a generator with one branch per hand layout
    """A valid ledger file written the many ways a person might: the text, and its newline."""
    ids = draw(st.lists(st.sampled_from(GOAL_IDS), min_size=1, max_size=3, unique=True))
    goals = {goal_id: draw(goal_model) for goal_id in ids}
    documents = draw(
        st.dictionaries(
            st.sampled_from(["entries/2025-q1.md", "entries/a b.md"]),
            st.text("0123456789abcdef", min_size=4, max_size=8),
            max_size=2,
        )
    )
    literal = st.booleans()
    comment = st.sampled_from(["", "", "  # why", " # [goals.x] = 1 'q' \"q\""])
    blank = st.sampled_from(["", "\n", "# a comment line\n", "\n# about the next goal\n\n"])

    def pairs(fields: dict) -> list[tuple[str, str]]:
        out = [(k, _scalar(v, draw(literal))) for k, v in fields.items() if k != "history" and v is not None]
        return draw(st.permutations(out))

    def inline_history(entries: list[dict]) -> str:
        return (
            "["
            + ", ".join("{" + ", ".join(f"{k} = {_scalar(v, False)}" for k, v in e.items()) + "}" for e in entries)
            + "]"
        )

    lines: list[str] = [draw(blank)]
    doc_layout = draw(st.sampled_from(["table-top", "table-bottom", "dotted", "inline"]))
    if doc_layout == "dotted":
        lines += [f"documents.{_basic(k)} = {_basic(v)}{draw(comment)}\n" for k, v in documents.items()]
    elif doc_layout == "inline":
        body = ", ".join(f"{_basic(k)} = {_basic(v)}" for k, v in documents.items())
        lines.append(f"documents = {{{body}}}{draw(comment)}\n")
    elif doc_layout == "table-top" and documents:
        lines.append(f"[documents]{draw(comment)}\n")
        lines += [f"{_basic(k)} = {_basic(v)}{draw(comment)}\n" for k, v in documents.items()]
    lines.append(draw(blank))
    layouts = {goal_id: draw(st.sampled_from(["table", "table", "inline", "dotted"])) for goal_id in ids}
    under_goals = [goal_id for goal_id in ids if layouts[goal_id] != "table"]
    if under_goals:
        lines.append(f"[goals]{draw(comment)}\n")
        for goal_id in under_goals:
            fields = goals[goal_id]
            if layouts[goal_id] == "inline":
                body = ", ".join(f"{k} = {v}" for k, v in pairs(fields))
                lines.append(f"{goal_id} = {{{body}, history = {inline_history(fields['history'])}}}{draw(comment)}\n")
            else:
                lines += [f"{goal_id}.{k} = {v}{draw(comment)}\n" for k, v in pairs(fields)]
                if fields["history"] or draw(st.booleans()):
                    lines.append(f"{goal_id}.history = {inline_history(fields['history'])}\n")
            lines.append(draw(blank))
    for goal_id in ids:
        if layouts[goal_id] != "table":
            continue
        fields = goals[goal_id]
        lines.append(f"[goals.{goal_id}]{draw(comment)}\n")
        lines += [f"{k} = {v}{draw(comment)}\n" for k, v in pairs(fields)]
        history = draw(st.sampled_from(["multiline", "one-line", "tables", "none"]))
        if history == "none" and fields["history"]:
            history = "multiline"
        if history == "multiline":
            lines.append("history = [\n")
            lines += [inline_history([e])[1:-1].join(["    ", ",\n"]) for e in fields["history"]]
            lines.append("]\n")
        elif history == "one-line":
            lines.append(f"history = {inline_history(fields['history'])}{draw(comment)}\n")
        elif history == "tables":
            for entry in fields["history"]:
                lines.append(draw(blank))
                lines.append(f"[[goals.{goal_id}.history]]{draw(comment)}\n")
                lines += [f"{k} = {_scalar(v, draw(literal))}\n" for k, v in entry.items()]
        lines.append(draw(blank))
    if doc_layout == "table-bottom" and documents:
        lines.append("[documents]\n")
        lines += [f"{_basic(k)} = {_basic(v)}{draw(comment)}\n" for k, v in documents.items()]
    return "".join(lines)


def _with_tomlkit(text: str, goal_id: str, fields: dict, history: dict, hashes: dict) -> dict:
    """The same change made with tomlkit alone, as tomllib reads the result."""
    import tomlkit
    from tomlkit.items import AoT

    doc = tomlkit.parse(text)
    table = doc["goals"][goal_id]
    for name, value in fields.items():
        table[name] = datetime.fromisoformat(value) if name == "updated" else value
    entry = {k: datetime.fromisoformat(v) if k == "at" else v for k, v in history.items()}
    if "history" not in table:
        table["history"] = tomlkit.array()
    if isinstance(table["history"], AoT):
        item = tomlkit.table()
        item.update(entry)
        table["history"].append(item)
    else:
        item = tomlkit.inline_table()
        item.update(entry)
        table["history"].append(item)
    if hashes:
        if "documents" not in doc:
            doc["documents"] = tomlkit.table()
        for name, digest in hashes.items():
            if digest is not None:
                doc["documents"][name] = digest
            elif name in doc["documents"]:
                del doc["documents"][name]
    return without_empty_documents(tomllib.loads(tomlkit.dumps(doc)))


def without_empty_documents(data: dict) -> dict:
    """An empty documents table means no documents (tomlkit drops a dotted-key table it empties)."""
    if data.get("documents") == {}:
        del data["documents"]
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=hand_ledgers(),
    crlf=st.booleans(),
    bom=st.booleans(),
    pick=st.integers(0, 2),
    status=st.sampled_from(STATUSES),
    when=stamp,
    new_text=st.none() | safe_text | st.just("2025-06-30"),
    hashes=st.dictionaries(
        st.sampled_from(["entries/2025-q1.md", "entries/new.md"]),
        st.none() | st.text("0123456789abcdef", min_size=4, max_size=8),
        max_size=2,
    ),
)
def test_any_hand_layout_edits_to_exactly_what_tomlkit_gives(
    tmp_path, text, crlf, bom, pick, status, when, new_text, hashes
):
    source = text.replace("\n", "\r\n") if crlf else text
    data = ("\ufeff" if bom else "") + source
    path = tmp_path / "2025-q1.toml"
    path.write_bytes(data.encode("utf-8"))
    goal_ids = list(tomllib.loads(text)["goals"])
    goal_id = goal_ids[pick % len(goal_ids)]
    old_status = tomllib.loads(text)["goals"][goal_id]["status"]
    fields = {"status": status, "updated": when}
    if new_text is not None:
        fields["text"] = new_text
    history = {"at": when, "status": status, "from": old_status, "by": "cli"}

    edit = LedgerFileEdit(path, "Q1 2025")
    edit.update(goal_id, dict(fields), dict(history))
    for name, digest in hashes.items():
        edit.set_document_hash(name, digest)
    written = edit.text()

    assert written.startswith("\ufeff") == bom
    body = written.removeprefix("\ufeff")
    assert without_empty_documents(tomllib.loads(body)) == _with_tomlkit(text, goal_id, fields, history, hashes)
    if crlf:
        assert "\n" not in body.replace("\r\n", ""), "a line written with another line ending"
    else:
        assert "\r" not in body
    for line in text.splitlines():
        if "#" in line and line.lstrip().startswith("#"):
            assert line in body, f"comment line lost: {line!r}"
    path.write_bytes(written.encode("utf-8"))
    goals, _hashes = read_ledger_file(path, "2025-q1")
    assert {g.id: g.status for g in goals}[goal_id] == status


# ---------------------------------------------------------------- item 16: comments, line endings, BOM


def no_tomlkit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Journal's own layout is edited line by line: tomlkit (slow, and not byte-exact) is not needed."""

    def refuse(self, text):
        raise AssertionError("the line editor gave up on a layout journal writes itself")

    monkeypatch.setattr(LedgerFileEdit, "_edited_with_tomlkit", refuse)


def test_done_keeps_the_end_of_line_comment_on_the_field_it_changes(run, journal_dir, monkeypatch):
    ledger, ids = synced(run, journal_dir)
    no_tomlkit(monkeypatch)
    text = ledger.read_text()
    ledger.write_text(text.replace('status = "open"\n', 'status = "open"   # waiting on legal\n', 1))
    goal_id = next(g for g in ids.values() if f"[goals.{g}]" in text.split('status = "open"')[0].split("\n\n")[-1])
    run("done", goal_id)
    assert 'status = "done"   # waiting on legal\n' in ledger.read_text()
    assert fresh_goals(run, journal_dir)[goal_id]["status"] == "done"


def test_a_crlf_ledger_with_a_bom_keeps_both(run, journal_dir, monkeypatch):
    ledger, ids = synced(run, journal_dir)
    no_tomlkit(monkeypatch)
    ledger.write_bytes(b"\xef\xbb\xbf" + ledger.read_bytes().replace(b"\n", b"\r\n"))
    run("goals", "--all")  # the BOM was "Invalid statement"
    shutil.rmtree(journal_dir / ".journal")
    run("done", ids["Ship the API"])
    document = journal_dir / "entries/2025-q1.md"
    document.write_text(document.read_text() + "- [ ] A third goal\n")
    run("sync")
    data = ledger.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in data.replace(b"\r\n", b""), "mixed line endings"
    goals = fresh_goals(run, journal_dir)
    assert goals[ids["Ship the API"]]["status"] == "done"
    assert "A third goal" in {g["text"] for g in goals.values()}


def test_a_crlf_ledger_edited_through_tomlkit_keeps_crlf(run, journal_dir):
    ledger, ids = synced(run, journal_dir)
    ledger.write_bytes(_documents_dotted(ledger.read_text()).encode().replace(b"\n", b"\r\n"))
    run("done", ids["Ship the API"])
    data = ledger.read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert fresh_goals(run, journal_dir)[ids["Ship the API"]]["status"] == "done"


def test_journal_toml_with_a_bom_is_read_and_config_set_keeps_it(run, journal_dir):
    config = journal_dir / "journal.toml"
    config.write_bytes(b"\xef\xbb\xbf" + b'author = "Ana"\r\ndefault_kind = "month"\r\n')
    assert json.loads(run("config", "get", "--json").stdout)["author"] == "Ana"
    run("config", "set", "author", "Bea")
    data = config.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b'author = "Bea"' in data
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert load_settings(journal_dir).default_kind == "month"


# ---------------------------------------------------------------- item 16: journal.toml


def test_a_misspelt_setting_is_one_warning_naming_the_closest(run, journal_dir):
    (journal_dir / "journal.toml").write_text('auther = "Ana"\nfiscal_year_strt = 4\n')
    write(journal_dir, "entries/2025-q1.md", DOC)
    result = run("sync")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == 2, result.stderr
    assert "'auther'" in warnings[0] and "'author'" in warnings[0]
    assert "'fiscal_year_strt'" in warnings[1] and "'fiscal_year_start'" in warnings[1]
    result = run("goals")
    assert len([line for line in result.stderr.splitlines() if "auther" in line]) == 1
    # The core does not print: it hands the warnings to the CLI.
    assert len(load_settings(journal_dir).warnings) == 2


def test_journal_toml_that_is_a_folder_is_one_error(run, journal_dir):
    config = journal_dir / "journal.toml"
    config.unlink()
    config.mkdir()
    one_error(run("goals", expect=None), 5, str(config))


# ---------------------------------------------------------------- item 6 (TOML) and not UTF-8


HOSTILE = {
    "digits": "x = " + "1" * 5000 + "\n",
    "nested": "x = " + "[" * 5000 + "\n",
    "not-utf8": None,
}


@pytest.mark.parametrize("kind", list(HOSTILE))
@pytest.mark.parametrize("command", [("goals",), ("sync",), ("done", "GOAL")])
def test_a_ledger_tomllib_cannot_read_is_one_line_exit_5(run, journal_dir, kind, command):
    ledger, ids = synced(run, journal_dir)
    if HOSTILE[kind] is None:
        ledger.write_bytes(ledger.read_bytes() + b'\nx = "\xff"\n')
    else:
        ledger.write_text(ledger.read_text() + HOSTILE[kind])
    before = snapshot(journal_dir)
    args = [ids["Ship the API"] if arg == "GOAL" else arg for arg in command]
    one_error(run(*args, expect=None), 5, str(ledger))
    assert snapshot(journal_dir) == before
    with pytest.raises(LedgerError):
        read_ledger_file(ledger, "2025-q1")


@pytest.mark.parametrize("kind", list(HOSTILE))
@pytest.mark.parametrize("command", [("goals",), ("config", "get"), ("config", "set", "author", "X")])
def test_a_journal_toml_tomllib_cannot_read_is_one_line_exit_5(run, journal_dir, kind, command):
    config = journal_dir / "journal.toml"
    if HOSTILE[kind] is None:
        config.write_bytes(b'author = "\xff"\n')
    else:
        config.write_text(HOSTILE[kind])
    before = snapshot(journal_dir)
    one_error(run(*command, expect=None), 5, str(config))
    assert snapshot(journal_dir) == before
    with pytest.raises(ConfigError):
        load_settings(journal_dir)
