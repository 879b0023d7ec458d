"""Data safety: crashes (SIGKILL at random moments), edits racing the user, privacy of the journal folder.

The crash tests run `journal` in a subprocess against a real journal (four documents: LF, CRLF,
BOM and lone-CR line endings), kill it with SIGKILL after a random delay, and check that every
document and ledger file is the old version or a whole new one (for documents: the old bytes with
markers changed and whole lines inserted, each one a line of the finished version), that nothing
was deleted, and that the next `journal sync` and `journal goals` work and leave the ledger in
agreement with the documents.

Counts: ``JOURNAL_FAULT_RUNS`` (default 20) kills spread over sync, done, new and review (import
too, when the command exists, on top). The full run is ``JOURNAL_FAULT_RUNS=200`` (250 kills).
The seed is printed; ``JOURNAL_FAULT_SEED`` replays one.
"""

from __future__ import annotations

import json
import marshal
import math
import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.journal_factory import (
    JOURNAL,
    RUNS,
    build_journal,
    copy_journal,
    disagreements,
    import_available,
    journal_env,
    ledger_files,
    ledger_goals,
    leftovers,
    ok,
    run_journal,
    same_state,
    snapshot,
    transition_problems,
    write_documents,
    write_imports,
)

SEED = int(os.environ.get("JOURNAL_FAULT_SEED", random.SystemRandom().randrange(10**9)))
REVIEW_INPUT = (
    "d\n"  # done
    "x\nno longer needed\n"  # drop, with a reason
    "p\n"  # in progress
    "n\nask Bo first\nk\n"  # a note, then keep
    "c\n"  # carry (no Q2 document: stays open)
    "d\nk\nd\nk\nk\nk\n" + "".join(f"Answer {n}, first line\nsecond line of answer {n}\n\n" for n in range(12))
)


def goal_id(root: Path, text: str) -> str:
    """The id of the goal with ``text`` at its latest link (not removed, not carried on)."""
    goals = ledger_goals(root).items()
    found = [g_id for g_id, g in goals if g["text"] == text and g["status"] != "removed" and not g.get("carried_to")]
    assert len(found) == 1, (text, found)
    return found[0]


@dataclass
class Op:
    """One command to kill, with the user's edits made before it runs (for sync)."""

    name: str
    args: list[str]
    input: str | None = None
    edits: dict[str, bytes] = field(default_factory=dict)

    def prepare(self, root: Path) -> None:
        for name, data in self.edits.items():
            (root / name).write_bytes(data)


def sync_edits(base: Path) -> list[dict[str, bytes]]:
    """User edits sync has to take in: markers, a new goal, lines moved, a goal deleted, a new document."""
    q1 = (base / "entries/2025-q1.md").read_bytes()
    q4 = (base / "entries/2024-q4.md").read_bytes()
    january = (base / "entries/2025-01.md").read_bytes()
    return [
        {
            "entries/2025-q1.md": q1.replace(b"- [ ] Hire a staff", b"- [x] Hire a staff").replace(
                b"## Q2 2025 Priorities\r\n\r\n", b"## Q2 2025 Priorities\r\n\r\n- [ ] A brand new goal\r\n"
            )
        },
        {
            "entries/2024-q4.md": q4.replace(b"## Wins\n", b"## Wins\n\n- A new win on top\n").replace(
                b"- [ ] Write the caching RFC\n", b""
            ),
            "entries/2025-01.md": january.replace(b"- [ ] Finish the budget", b"- [/] Finish the whole budget"),
        },
        {"entries/2025-02.md": b"# February 2025\n\n## Goals\n\n- [ ] Close the books\n- Plan the audit\n"},
    ]


def operations(base: Path, imports: Path) -> dict[str, list[Op]]:
    """The commands the crash tests kill, by name; each kill picks one of its variants."""
    ids = {text: goal_id(base, text) for text in _TEXTS}
    ops = {
        "sync": [Op("sync", ["sync"], edits=edits) for edits in sync_edits(base)],
        "done": [
            Op("done", ["done", ids["Hire a staff engineer"]]),  # CRLF document
            Op("done", ["done", ids["Read six books"]]),  # a plain bullet gains a marker
            Op("done", ["done", ids["Move search to the new cluster"]]),  # BOM document
            Op("done", ["done", ids["Finish the budget"]]),  # lone-CR document
            Op(
                "done",  # several documents in one command
                [
                    "done",
                    ids["Publish the ownership map"],
                    ids["Retire the legacy auth service"],
                    ids["Call the accountant"],
                ],
            ),
            Op(
                "drop",
                ["drop", "--reason", "not this year", ids["Write the caching RFC"], ids["Plan the team offsite"]],
            ),
        ],
        "new": [Op("new", ["new", "2025-q2"]), Op("new", ["new", "2025-02"])],
        "review": [Op("review", ["review", "2025-q1"], input=REVIEW_INPUT)],
    }
    if import_available(base):
        ops["import"] = [Op("import", ["import", str(imports)])]
    return ops


_TEXTS = (
    "Hire a staff engineer",
    "Read six books",
    "Move search to the new cluster",
    "Finish the budget",
    "Publish the ownership map",
    "Retire the legacy auth service",
    "Call the accountant",
    "Write the caching RFC",
    "Plan the team offsite",
)


@dataclass
class Reference:
    """What a command leaves when it runs to the end, and how long it takes."""

    final: dict[str, bytes]
    seconds: float


@pytest.fixture(scope="module")
def crash_bench(tmp_path_factory):
    """A synced base journal, the operations, and each operation's finished result (run once, uncut)."""
    folder = tmp_path_factory.mktemp("crash")
    base = build_journal(folder / "base")
    imports = write_imports(folder / "imports")
    ops = operations(base, imports)
    references: dict[tuple[str, ...], Reference] = {}
    for variants in ops.values():
        for number, op in enumerate(variants):
            root = copy_journal(base, folder / f"reference-{op.name}-{number}")
            op.prepare(root)
            started = time.monotonic()
            ok(run_journal(root, *op.args, input=op.input))
            seconds = time.monotonic() - started
            assert disagreements(root) == [], f"{op.args}: the ledger disagrees with the documents"
            references[tuple(op.args) + tuple(op.edits)] = Reference(snapshot(root), seconds)
    return folder, base, ops, references


KILLS_PER_COMMAND = math.ceil(RUNS / 4)


@dataclass
class Tally:
    kills: int = 0
    untouched: int = 0  # killed before it changed anything
    partial: int = 0  # killed half-way: some files changed, not all
    finished: int = 0  # the result is the finished one (or it exited before the kill)
    leftovers_after_kill: int = 0
    leftovers_after_recovery: int = 0
    seconds: float = 0.0


@pytest.mark.faults
@pytest.mark.parametrize("command", ["sync", "done", "new", "review", "import"])
def test_sigkill_at_random_moments_never_leaves_a_partial_file(crash_bench, command: str):
    folder, base, ops, references = crash_bench
    if command not in ops:
        pytest.skip("journal has no import command")
    rng = random.Random(f"{SEED}-{command}")
    tally = Tally()
    started = time.monotonic()
    for run in range(KILLS_PER_COMMAND):
        op = rng.choice(ops[command])
        reference = references[tuple(op.args) + tuple(op.edits)]
        root = copy_journal(base, folder / f"{command}-{run}")
        op.prepare(root)
        old = snapshot(root)
        # Half the kills anywhere in the run, half in its second half, where the writes are
        # (the first ~70 ms are Python starting and importing).
        low = 0.0 if run % 2 == 0 else reference.seconds * 0.5
        delay = rng.uniform(low, reference.seconds * 1.1)
        where = f"seed {SEED}, {command} run {run}: {' '.join(op.args)}, killed after {delay * 1000:.0f} ms"
        process = subprocess.Popen(
            [*JOURNAL, *op.args],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=journal_env(root),
            cwd=folder,
        )
        if op.input:
            process.stdin.write(op.input.encode())
        process.stdin.close()
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        code = process.wait()
        assert code in (0, -signal.SIGKILL), f"{where}: exit {code}"
        tally.kills += 1

        problems = check_files(root, old, reference.final)
        assert not problems, f"{where}:\n" + "\n".join(problems)
        now = snapshot(root)
        if now == old:
            tally.untouched += 1
        elif same_state(now, reference.final):
            tally.finished += 1
        else:
            tally.partial += 1
        left = leftovers(root)
        tally.leftovers_after_kill += len(left)

        # The next commands work, leave the ledger in agreement with the documents and, once a sync writes (a
        # line written in a document meanwhile), the killed command's temporary files gone.
        document = sorted((root / "entries").rglob("*.md"))[0]
        with document.open("a", encoding="utf-8") as handle:
            handle.write("\nWritten after the crash.\n")
        # Aged as a killed command's files are by the next sync in real use (a younger one may be live). Aged after
        # the line is written: the in-place-writer guard's second name of a document is the document's own inode,
        # so writing the document makes that name young again (it then goes at a later sync, once 60 s old).
        hour_ago = time.time() - 3600
        for name in left:
            os.utime(root / name, (hour_ago, hour_ago), follow_symlinks=False)
        ok(run_journal(root, "sync"))
        json.loads(ok(run_journal(root, "goals", "--all", "--json")).stdout)
        assert disagreements(root) == [], where
        assert leftovers(root) == [], where
        tally.leftovers_after_recovery += len(leftovers(root))
    tally.seconds = time.monotonic() - started
    print(
        f"\n[crash {command}] seed {SEED}: {tally.kills} kills in {tally.seconds:.1f} s: "
        f"{tally.untouched} before any change, {tally.partial} half-way, {tally.finished} finished; "
        f"temporary files left: {tally.leftovers_after_kill} after the kills, "
        f"{tally.leftovers_after_recovery} after the next sync"
    )


def check_files(root: Path, old: dict[str, bytes], final: dict[str, bytes]) -> list[str]:
    """Every file is its old version or a whole new one; nothing deleted; the cache is whole JSON."""
    now = snapshot(root)
    problems = [f"{name} was deleted" for name in old if name not in now]
    for name, data in now.items():
        before = old.get(name)
        if before is None and name not in final:
            problems.append(f"{name} appeared, and the finished command does not write it")
            continue
        if name.startswith("entries/"):
            if before is None:
                if data != final[name]:
                    problems.append(f"{name} is a new document, but not the whole of it ({len(data)} bytes)")
            else:
                problems += [f"{name}: {p}" for p in transition_problems(before, data, final.get(name))]
        elif name.startswith("ledger/"):
            problems += ledger_problems(name, before, data, final.get(name))
        elif data not in (before, final.get(name)):
            problems.append(f"{name} changed")
    shards = sorted(f"goals/{p.name}" for p in (root / ".journal" / "goals").glob("*.marshal"))  # the goal shards
    for name in ("documents.marshal", "ledger.marshal", *shards):
        cache = root / ".journal" / name
        if cache.exists():
            try:
                marshal.loads(cache.read_bytes())
            except (ValueError, EOFError, TypeError):
                problems.append(f".journal/{name} is not whole")
    return problems


def ledger_problems(name: str, before: bytes | None, data: bytes, final: bytes | None) -> list[str]:
    if data in (before, final):
        return []
    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return [f"{name} does not parse: {exc}"]
    ids = set(parsed.get("goals", {}))
    old_ids = set(tomllib.loads(before.decode())["goals"]) if before else set()
    new_ids = set(tomllib.loads(final.decode())["goals"]) if final else set()
    problems = []
    if old_ids - ids:
        problems.append(f"{name} lost goals {sorted(old_ids - ids)}")
    if ids - old_ids - new_ids:
        problems.append(f"{name} holds goals no finished run writes: {sorted(ids - old_ids - new_ids)}")
    return problems


# ---------------------------------------------------------------- edits racing the user


@pytest.fixture
def racing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A journal (JOURNAL_DIR set), and ``before_write(target, action)``: run ``action`` once, when journal
    is about to write ``target`` (after it read it). Returns the list that records that it ran."""
    root = tmp_path / "journal"
    build_journal(root)
    monkeypatch.setenv("JOURNAL_DIR", str(root))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in ("DATA", "CACHE", "CONFIG", "STATE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(tmp_path / "home" / name.lower()))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    fired: list[Path] = []
    from journal import atomic

    real_temp_file = atomic._temp_file  # every temporary file journal writes through is made here

    def before_write(target: Path, action) -> list[Path]:
        def temp_file(path: Path):
            if not fired and Path(path) == target:
                action()
                fired.append(target)
            return real_temp_file(path)

        monkeypatch.setattr(atomic, "_temp_file", temp_file)
        return fired

    return root, before_write


def user_saves(before_write, target: Path, data: bytes) -> list[Path]:
    """The user's editor saves ``data`` to ``target`` between journal's read and its write."""
    return before_write(target, lambda: target.write_bytes(data))


def invoke(*args: str, input: str | None = None):
    from click.testing import CliRunner

    from journal.cli import cli

    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def assert_refused(result, fired: list[Path], before: dict[str, bytes], root: Path, target: Path, user: bytes):
    assert fired, "the user's edit was never made: journal no longer writes through atomic._temp_file?"
    assert result.exit_code != 0, f"the command succeeded over the user's edit:\n{result.stdout}"
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.stderr
    assert "changed" in lines[0], lines[0]
    assert target.read_bytes() == user, "the user's edit was overwritten"
    expected = {**before, target.relative_to(root).as_posix(): user}
    now = snapshot(root)
    changed = sorted(name for name in set(now) | set(expected) if now.get(name) != expected.get(name))
    assert not changed, f"the command said it failed, but changed {changed}"
    assert leftovers(root) == []


@pytest.mark.parametrize("command", ["done", "reopen", "start", "drop"])
def test_a_status_change_never_overwrites_a_document_the_user_just_saved(racing, command: str):
    root, before_write = racing
    target = root / "entries/2025-q1.md"
    goal = goal_id(root, "Write the onboarding guide" if command != "start" else "Hire a staff engineer")
    if command == "reopen":
        goal = goal_id(root, "Renew the on-call rotation")
    before = snapshot(root)
    user = before["entries/2025-q1.md"].replace(b"## Wins\r\n", b"## Wins\r\n\r\nShipped the new API!\r\n")
    fired = user_saves(before_write, target, user)
    result = invoke(command, goal)
    assert_refused(result, fired, before, root, target, user)
    # The next sync takes the user's words in; the command then works.
    assert invoke("sync").exit_code == 0
    assert invoke(command, goal).exit_code == 0
    assert b"Shipped the new API!" in target.read_bytes()


def test_carry_never_overwrites_a_document_the_user_just_saved(racing):
    root, before_write = racing
    write_documents(root, {"entries/2025-q2.md": ("# Q2 2025\n\n## Goals\n\n- [ ] Something new\n", "\n")})
    assert invoke("sync").exit_code == 0
    target = root / "entries/2025-q2.md"
    before = snapshot(root)
    user = before["entries/2025-q2.md"] + b"- [ ] Typed while carry ran\n"
    fired = user_saves(before_write, target, user)
    assert_refused(invoke("carry", "2025-q1", "2025-q2"), fired, before, root, target, user)


def test_a_review_answer_never_overwrites_a_document_the_user_just_saved(racing):
    root, before_write = racing
    target = root / "entries/2025-q1.md"
    for text in ("Complete the GraphQL migration", "Cut CI time under ten minutes", "Hire a staff engineer"):
        assert invoke("done", goal_id(root, text)).exit_code == 0
    for text in ("Write the onboarding guide", "Publish the ownership map", "Draft it with each team lead"):
        assert invoke("drop", goal_id(root, text)).exit_code == 0
    before = snapshot(root)
    user = before["entries/2025-q1.md"].replace(b"## Lessons\r\n", b"## Lessons\r\n\r\nTyped while reviewing.\r\n")
    fired = user_saves(before_write, target, user)
    result = invoke("review", "2025-q1", input="An answer\n\n" * 8)
    assert_refused(result, fired, before, root, target, user)


def test_a_review_decision_never_overwrites_a_document_the_user_just_saved(racing):
    """The first goal the Q1 review asks about is a bullet of the Q4 document (planned for Q1)."""
    root, before_write = racing
    target = root / "entries/2024-q4.md"
    before = snapshot(root)
    user = before["entries/2024-q4.md"] + b"A line typed during the review.\n"
    fired = user_saves(before_write, target, user)
    result = invoke("review", "2025-q1", input="d\n")
    assert_refused(result, fired, before, root, target, user)


def test_new_never_overwrites_a_document_the_user_just_saved(racing):
    """`new 2025-q2` marks the carried goals [>] in the Q1 document: the user saved that document meanwhile."""
    root, before_write = racing
    target = root / "entries/2025-q1.md"
    before = snapshot(root)
    user = before["entries/2025-q1.md"].replace(b"## Wins\r\n", b"## Wins\r\n\r\nTyped while new ran.\r\n")
    fired = user_saves(before_write, target, user)
    assert_refused(invoke("new", "2025-q2"), fired, before, root, target, user)


def test_new_never_overwrites_a_document_the_user_created_meanwhile(racing):
    root, before_write = racing
    target = root / "entries/2025-q2.md"
    before = snapshot(root)
    user = b"# Q2 2025, written by hand\n\n- [ ] Mine\n"
    fired = user_saves(before_write, target, user)
    result = invoke("new", "2025-q2")
    assert fired and result.exit_code != 0
    assert target.read_bytes() == user
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.stderr
    assert snapshot(root) == {**before, "entries/2025-q2.md": user}


def test_a_status_change_never_overwrites_a_ledger_the_user_just_edited(racing):
    """The user edits ledger/2025-q1.toml by hand (a note) while `done` runs: the note survives, and
    the command, which says it wrote nothing, changed nothing."""
    root, before_write = racing
    target = root / "ledger/2025-q1.toml"
    goal = goal_id(root, "Hire a staff engineer")
    before = snapshot(root)
    user = before["ledger/2025-q1.toml"].replace(
        f"[goals.{goal}]\n".encode(), f'[goals.{goal}]\nnote = "typed by hand"\n'.encode()
    )
    assert user != before["ledger/2025-q1.toml"]
    fired = user_saves(before_write, target, user)
    assert_refused(invoke("done", goal), fired, before, root, target, user)


def test_sync_never_loses_an_edit_saved_while_it_ran(racing):
    """The user saves a document after sync read it (as sync writes the ledger): the next sync takes it in."""
    root, before_write = racing
    doc = root / "entries/2025-q1.md"
    doc.write_bytes(doc.read_bytes().replace(b"- [ ] Hire a staff", b"- [/] Hire a staff"))
    saved = doc.read_bytes().replace(b"- [ ] Cut CI time", b"- [x] Cut CI time")
    fired = before_write(root / "ledger/2025-q1.toml", lambda: doc.write_bytes(saved))
    assert invoke("sync").exit_code == 0
    assert fired
    assert invoke("sync").exit_code == 0
    statuses = {g["text"]: g["status"] for g in ledger_goals(root).values() if g["source"] == "entries/2025-q1.md"}
    assert statuses["Hire a staff engineer"] == "in_progress"
    assert statuses["Cut CI time under ten minutes"] == "done", "the edit saved during the first sync was lost"
    assert disagreements(root) == []


# ---------------------------------------------------------------- privacy


def private_problems(root: Path) -> list[str]:
    """Folders that are not 0700 and files that are not 0600 under ``root`` (root included)."""
    problems = []
    for path in [root, *sorted(root.rglob("*"))]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if path.is_symlink():
            continue
        want = 0o700 if path.is_dir() else 0o600
        if mode != want:
            problems.append(f"{path.relative_to(root.parent)}: {mode:o}, expected {want:o}")
    return problems


def with_umask(mask: int):
    return lambda: os.umask(mask)


def session(root: Path, imports: Path, env: dict[str, str]) -> None:
    """Every writing command, once, against ``root``."""
    write_documents(root)
    for document in (root / "entries").iterdir():
        document.chmod(0o600)  # the user's own files, written private: journal keeps their mode
    steps = [
        ["sync"],
        ["new", "2025-q2"],
        ["review", "2025-q1"],
        ["carry", "2025-q1", "2025-q2"],
        ["new", "2025-w10"],
        ["templates", "copy", "weekly"],
        ["config", "set", "author", "Ada"],
        ["sync", "--full"],
    ]
    if import_available(root):
        steps.append(["import", str(imports)])
    for args in steps:
        result = subprocess.run(
            [*JOURNAL, *args], input="d\nk\n\n", capture_output=True, text=True, env=env, preexec_fn=with_umask(0o022)
        )
        assert result.returncode == 0, f"{args}: {result.stderr}"
    goals = json.loads(
        subprocess.run([*JOURNAL, "goals", "--json"], capture_output=True, text=True, env=env, check=True).stdout
    )
    for goal in goals[:2]:
        subprocess.run([*JOURNAL, "done", goal["id"]], capture_output=True, env=env, check=True)


def test_init_makes_a_folder_only_its_owner_can_read(tmp_path: Path):
    root = tmp_path / "deep" / "journal"
    env = journal_env(root, tmp_path / "home")
    subprocess.run([*JOURNAL, "init", str(root)], env=env, check=True, capture_output=True, preexec_fn=with_umask(0))
    problems = private_problems(root)
    assert not problems, "\n".join(problems)


def test_every_file_and_folder_journal_makes_is_private(tmp_path: Path):
    root = tmp_path / "journal"
    env = journal_env(root, tmp_path / "home")
    subprocess.run([*JOURNAL, "init", str(root)], env=env, check=True, capture_output=True, preexec_fn=with_umask(0o22))
    session(root, write_imports(tmp_path / "imports"), env)
    problems = private_problems(root)
    assert not problems, "\n".join(problems)


def test_a_folder_journal_recreates_is_private(tmp_path: Path):
    """entries/ (or ledger/, .journal/) deleted by hand is made again 0700 by the next command that needs it."""
    root = tmp_path / "journal"
    env = journal_env(root, tmp_path / "home")
    subprocess.run([*JOURNAL, "init", str(root)], env=env, check=True, capture_output=True)
    for name in ("entries", "ledger", ".journal"):
        (root / name).rmdir()
    subprocess.run([*JOURNAL, "new", "2025-q2"], env=env, check=True, capture_output=True, preexec_fn=with_umask(0o22))
    problems = private_problems(root)
    assert not problems, "\n".join(problems)


def test_the_default_journal_is_created_private(tmp_path: Path):
    home = tmp_path / "home"
    env = journal_env(tmp_path / "unused", home)
    del env["JOURNAL_DIR"]
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run(
        [*JOURNAL, "new", "2025-q2"], env=env, cwd=work, capture_output=True, text=True, preexec_fn=with_umask(0o22)
    )
    assert result.returncode == 0, result.stderr
    root = home / "data" / "journal"
    assert (root / "entries" / "2025-q2.md").is_file()
    problems = private_problems(root)
    assert not problems, "\n".join(problems)


# Runs journal with an audit hook that logs every file it opens for writing, creates, renames,
# deletes or changes the mode of.
AUDITED = textwrap.dedent(
    """
    import os, sys
    log = os.open(os.environ["JOURNAL_AUDIT_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
    PATH_EVENTS = {"os.mkdir", "os.remove", "os.rmdir", "os.chmod", "os.chown", "os.truncate", "os.utime",
                   "os.symlink", "os.link", "os.rename", "os.replace", "shutil.rmtree", "shutil.move",
                   "shutil.copyfile", "shutil.copytree", "os.mkfifo", "os.mknod"}
    def note(event, path):
        if isinstance(path, int):
            return
        os.write(log, (event + "\\t" + os.path.abspath(os.fsdecode(path)) + "\\n").encode("utf-8", "replace"))
    def hook(event, args):
        if event == "open":
            path, mode, flags = args
            writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (flags or 0) & WRITE
            if writes:
                note(event, path)
        elif event in PATH_EVENTS:
            note(event, args[0])
            if event in ("os.rename", "os.replace", "os.link", "os.symlink", "shutil.move", "shutil.copyfile",
                         "shutil.copytree"):
                note(event, args[1])
    sys.addaudithook(hook)
    sys.argv[0] = "journal"
    from journal.cli import main
    main()
    """
)


def test_journal_never_writes_outside_the_journal_and_the_cache_folder(tmp_path: Path):
    root = tmp_path / "journal"
    home = tmp_path / "home"
    work = tmp_path / "work"
    work.mkdir()
    log = tmp_path / "audit.log"
    imports = write_imports(tmp_path / "imports")
    env = {**journal_env(root, home), "JOURNAL_AUDIT_LOG": str(log), "VISUAL": "true"}
    subprocess.run([*JOURNAL, "init", str(root)], env=env, check=True, capture_output=True)
    write_documents(root)
    # A user-named output file is the one place outside allowed, because the user asked for it.
    chart = work / "chart.svg"
    export = work / "export.json"
    steps = [
        ["sync"],
        ["goals", "--all", "--json"],
        ["new", "2025-q2"],
        ["review", "2025-q1"],
        ["carry", "2025-q1", "2025-q2"],
        ["stats", "--svg", str(chart)],
        ["show", "2025-q1"],
        ["list"],
        ["export", "--format", "csv", "-o", str(export)],
        ["edit", "2025-q2"],
        ["templates", "copy", "weekly"],
        ["config", "set", "author", "Ada"],
        ["extract", "--json", str(root / "entries" / "2025-q1.md")],
        ["sync", "--full"],
    ]
    if import_available(root):
        steps.append(["import", str(imports)])
    for args in steps:
        result = subprocess.run(
            [sys.executable, "-c", AUDITED, *args], input="d\nk\n\n", env=env, cwd=work, capture_output=True, text=True
        )
        assert result.returncode == 0, f"{args}: {result.stderr}"
    goals = json.loads(subprocess.run([*JOURNAL, "goals", "--json"], env=env, capture_output=True, check=True).stdout)
    subprocess.run([sys.executable, "-c", AUDITED, "done", goals[0]["id"]], env=env, cwd=work, check=True)
    allowed = [root.resolve(), (home / "cache" / "journal").resolve(), Path(os.devnull)]
    outside = []
    for line in log.read_text().splitlines():
        event, path = line.split("\t", 1)
        resolved = Path(path).resolve()
        if any(resolved == a or resolved.is_relative_to(a) for a in allowed):
            continue
        # The user-named files, and the temporary files they are written through (".NAME.*.tmp").
        if any(
            resolved == f or (resolved.parent == f.parent and resolved.name.startswith(f".{f.name}."))
            for f in (chart, export)
        ):
            continue
        outside.append(line)
    assert log.read_text(), "the audit hook logged nothing: is it installed?"
    assert not outside, "\n".join(outside)
    assert sorted(p.name for p in work.iterdir()) == ["chart.svg", "export.json"]
    assert not home.exists() or not any(p.is_file() for p in home.rglob("*") if "cache" not in p.parts)


def test_the_crash_bench_journal_is_sound(crash_bench):
    """A sanity check of the crash bench itself: the base journal parses and agrees with its documents."""
    _folder, base, _ops, _references = crash_bench
    assert ledger_files(base)
    assert disagreements(base) == []
    assert leftovers(base) == []
