"""Where the journal is, and its settings (``journal.toml``, read with tomllib)."""

from __future__ import annotations

import os
from pathlib import Path

from journal.atomic import make_private_dir, write_atomic
from journal.errors import ConfigError, JournalError, UsageError

# Neither typing, dataclasses nor tomllib at import: a bare `journal sync` with nothing to do imports this
# module and needs none of them (journal.sync_check), and they cost more than the rest of its look.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from typing import Any

    from journal.session import Session

CONFIG_NAME = "journal.toml"
SETTING_NAMES = ("author", "default_kind", "fiscal_year_start", "goal_words")
TABLE_NAMES = ("statuses", "git")  # tables of journal.toml, edited by hand (not by `config set`)
FILE_SETTINGS = ("entries", "paths")  # set in journal.toml only (journal.places reads and checks them)

DEFAULT_CONFIG = """\
# journal settings. Every key is optional.
# author = "Your Name"
# default_kind = "quarter"      # year, half, quarter, month, week or day: what `this`, `next`, `last` mean
# fiscal_year_start = 1         # the month your (fiscal) year starts; shifts years, halves and quarters
# goal_words = ["milestones"]   # extra heading words whose plain bullets count as goals
# entries = "entries"           # the folder of your documents ("." for the whole folder, e.g. a vault)
# [statuses]                    # task characters ("- [?] ask") and the status each stands for
# "?" = "open"                  # open, in_progress, done, carried or dropped
# [paths]                       # where `journal new` writes, per period kind, inside entries
# quarter = "Quarterly/{year}-Q{quarter}.md"
# day = "Daily/{date}.md"
"""

GITIGNORE = "# derived caches and the lock: safe to delete\n.journal/\n"


class _Record:
    """A frozen record with keyword fields (plain class: dataclasses costs a bare sync more than its work)."""

    __slots__ = ()
    _compared: tuple[str, ...] = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self._compared)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{self.__class__.__name__}({shown})"


class Settings(_Record):
    """The settings of one journal, from its journal.toml."""

    __slots__ = ("author", "default_kind", "fiscal_year_start", "goal_words", "statuses", "entries", "paths",
                 "autocommit", "warnings")  # fmt: skip
    _compared = __slots__[:-1]  # warnings: what is wrong but not fatal, for the CLI; not part of equality

    def __init__(
        self,
        author: str = "",
        default_kind: str = "quarter",
        fiscal_year_start: int = 1,
        goal_words: tuple[str, ...] = (),
        statuses: tuple[tuple[str, str], ...] = (),  # [statuses]: (character, status) over the built-in table
        entries: str = "entries",  # the documents' folder, relative to the journal
        paths: tuple[tuple[str, str], ...] = (),  # (period kind, file name pattern) from [paths]
        autocommit: bool = False,  # [git] autocommit: one git commit per writing command (journal.autocommit)
        warnings: tuple[str, ...] = (),
    ) -> None:
        values = (author, default_kind, fiscal_year_start, goal_words, statuses, entries, paths, autocommit, warnings)
        for name, value in zip(self.__slots__, values, strict=True):
            object.__setattr__(self, name, value)

    def __reduce__(self) -> tuple:
        return (self.__class__, self.as_tuple())

    def as_tuple(self) -> tuple:
        """Every field, in order (what ``Settings(*values)`` makes again; the cache keeps it)."""
        return tuple(getattr(self, name) for name in self.__slots__)


class Journal(_Record):
    """A journal folder and its settings."""

    __slots__ = ("root", "settings")
    _compared = __slots__

    def __init__(self, root: Path, settings: Settings) -> None:
        object.__setattr__(self, "root", root)
        object.__setattr__(self, "settings", settings)

    def __reduce__(self) -> tuple:
        return (self.__class__, (self.root, self.settings))

    @property
    def entries_dir(self) -> Path:
        return self.root / self.settings.entries

    @property
    def ledger_dir(self) -> Path:
        return self.root / "ledger"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def state_dir(self) -> Path:
        return self.root / ".journal"

    @property
    def lock_path(self) -> Path:
        return self.state_dir / "lock"

    def relative(self, path: Path) -> str:
        """``path`` relative to the journal root, with forward slashes."""
        return path.relative_to(self.root).as_posix()

    def writing(self, by: str = "cli", **options: Any) -> AbstractContextManager[Session]:
        """The one write path: ``with journal.writing(by="cli") as session`` (see ``journal.session.writing``)."""
        from journal.session import writing

        return writing(self, by=by, **options)


def default_journal_dir() -> Path:
    """The platform's user data folder for journal (used when nothing else names one)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("journal", appauthor=False))


def find_journal_dir(explicit: str | os.PathLike | None = None, cwd: Path | None = None) -> tuple[Path, bool]:
    """The journal folder to use, and whether it is the default location.

    ``--dir`` (``explicit``), else ``JOURNAL_DIR``, else the nearest folder
    upward from ``cwd`` holding journal.toml, else the platform's data folder.
    """
    if explicit:
        return checked_folder(explicit, "--dir"), False
    env = os.environ.get("JOURNAL_DIR")
    if env:
        return checked_folder(env, "$JOURNAL_DIR"), False
    here = (cwd or Path.cwd()).absolute()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder, False
    return default_journal_dir(), True


def checked_folder(name: str | os.PathLike, source: str) -> Path:
    """``name`` as an absolute path; a UsageError when it, or the nearest part of it that exists, is not a folder."""
    path = Path(name).expanduser().absolute()
    existing = next((p for p in (path, *path.parents) if os.path.lexists(p)), None)
    if existing is not None and not existing.is_dir():
        what = f"{path} is not a folder" if existing == path else f"{path}: {existing} is not a folder"
        raise UsageError(what, hint=f"check {source}")
    return path


def init_journal(root: Path) -> list[str]:
    """Create what is missing of a journal (folders, a commented journal.toml, .gitignore); the names created."""
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} is not a folder")
    created = []
    if not root.exists():
        created.append(str(root))
    make_private_dir(root)
    for name in ("entries", "ledger", "templates", ".journal"):
        if not (root / name).is_dir():
            make_private_dir(root / name)
            created.append(f"{name}/")
    for name, text in ((CONFIG_NAME, DEFAULT_CONFIG), (".gitignore", GITIGNORE)):
        if not (root / name).exists():
            write_atomic(root / name, text.encode())
            created.append(name)
    return created


def decode_toml(path: Path, data: bytes, error: type[JournalError]) -> tuple[str, str]:
    """A TOML file's bytes as (byte order mark, text); bytes that are not UTF-8 are an error naming the file."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    if text.startswith("\ufeff"):
        return "\ufeff", text[1:]
    return "", text


def parse_toml(path: Path, text: str, error: type[JournalError]) -> dict:
    """tomllib's reading of ``text``; anything it cannot read is one error naming the file (and line)."""
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: {exc}", hint="fix the file by hand; nothing was written") from exc
    except RecursionError:
        raise error(f"{path}: values nested too deeply to read", hint="fix the file by hand") from None
    except (ValueError, MemoryError) as exc:
        # A number of thousands of digits, or a file too large to hold.
        why = str(exc).split(";")[0] or type(exc).__name__
        raise error(f"{path}: cannot be read: {why}", hint="fix the file by hand") from None


def _unknown_keys(path: Path, data: dict) -> tuple[str, ...]:
    """A warning for each key of journal.toml that is not a setting, naming the closest one."""
    warnings = []
    for key in data:
        if key in SETTING_NAMES or key in TABLE_NAMES or key in FILE_SETTINGS:
            continue
        import difflib

        close = difflib.get_close_matches(key, SETTING_NAMES, n=1, cutoff=0.6)
        known = f"did you mean '{close[0]}'?" if close else "settings: " + ", ".join(SETTING_NAMES)
        # repr: the key is the user's text, shown with any control character escaped, and cut short.
        warnings.append(f"{path}: unknown setting {key[:60]!r} is ignored ({known})")
    return tuple(warnings)


def load_settings(root: Path) -> Settings:
    """Read and check journal.toml (absent means all defaults).

    Keys that are not settings are kept in ``Settings.warnings`` for the CLI to show.
    """
    path = root / CONFIG_NAME
    try:
        with open(path, "rb") as handle:
            # The stat first, then the bytes: a change after the stat changes the key the record is kept under.
            read_key = file_key(os.fstat(handle.fileno()))
            raw = handle.read()
    except FileNotFoundError:
        return Settings()
    except IsADirectoryError:
        raise ConfigError(f"{path} is a folder, not a settings file", hint="move it away") from None
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror or exc}") from None
    _bom, text = decode_toml(path, raw, ConfigError)
    data = parse_toml(path, text, ConfigError)
    author = data.get("author", "")
    kind = data.get("default_kind", "quarter")
    fiscal = data.get("fiscal_year_start", 1)
    words = data.get("goal_words", [])
    if not isinstance(author, str):
        raise ConfigError(f"{path}: 'author' must be a string")
    if kind != "quarter" and kind not in _period_kinds():
        raise ConfigError(f"{path}: 'default_kind' must be one of {', '.join(_period_kinds())}, not {kind!r}")
    if not isinstance(fiscal, int) or isinstance(fiscal, bool) or not 1 <= fiscal <= 12:
        raise ConfigError(f"{path}: 'fiscal_year_start' must be a month number from 1 to 12")
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise ConfigError(f"{path}: 'goal_words' must be a list of strings")
    from journal.places import checked_entries, checked_paths
    from journal.statuses import checked_overrides

    settings = Settings(
        author=author,
        default_kind=kind,
        fiscal_year_start=fiscal,
        goal_words=tuple(words),
        statuses=checked_overrides(path, data.get("statuses")),
        entries=checked_entries(path, data.get("entries", "entries")),
        paths=checked_paths(path, data.get("paths", {})),
        autocommit=_autocommit(path, data.get("git", {})),
        warnings=_unknown_keys(path, data),
    )
    _settings_read[str(path)] = (read_key, settings.as_tuple())
    return settings


# journal.toml's path -> (its stat key, the Settings read from it) for each one this process read: the cache
# keeps it (journal.sync_check reads the settings from it while journal.toml's stat is the same).
_settings_read: dict[str, tuple[tuple, tuple]] = {}


def file_key(stat: os.stat_result) -> tuple[int, int, int, int]:
    """What a cached reading of a file is keyed on: size, mtime and ctime (which no tool can set back), inode."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def settings_record(root: Path) -> tuple[tuple, tuple] | None:
    """(journal.toml's stat key, the settings as a tuple) as this process last read them; None if it did not."""
    return _settings_read.get(str(root / CONFIG_NAME))


def settings_from_record(root: Path, record: object) -> Settings | None:
    """The settings a cached ``record`` holds, if journal.toml's stat is still its key (no tomllib); else None."""
    try:
        key, values = record  # type: ignore[misc]
        if file_key(os.stat(root / CONFIG_NAME)) != key:
            return None
        settings = Settings(*values)
    except Exception:  # noqa: BLE001 - a record of the wrong shape, or no journal.toml: read it
        return None
    _settings_read[str(root / CONFIG_NAME)] = (key, values)
    return settings


def _autocommit(path: Path, table: Any) -> bool:
    """``[git] autocommit`` (false when absent): a journal that is a git repository commits each change."""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: 'git' must be a table ([git])")
    value = table.get("autocommit", False)
    if not isinstance(value, bool):
        raise ConfigError(f"{path}: 'git.autocommit' must be true or false")
    return value


def open_journal(
    explicit: str | os.PathLike | None = None, *, create: bool = False, dry_run: bool = False
) -> tuple[Journal, Path | None]:
    """Locate the journal and load it; the second value is the folder created, if any.

    The default location is created on first use; a folder named by --dir or
    $JOURNAL_DIR that does not exist (or is empty) only with ``create``. With
    ``dry_run`` nothing is created: a journal that would be is an empty one, in memory.
    """
    root, is_default = find_journal_dir(explicit)
    created = None
    would_be_made = not root.exists() or (root.is_dir() and not any(root.iterdir()))
    if dry_run and (create or is_default) and not (root / CONFIG_NAME).exists() and would_be_made:
        return Journal(root=root, settings=Settings()), None
    if not (root / CONFIG_NAME).exists():
        if not is_default and not create and not (root / "entries").is_dir():
            raise UsageError(
                f"no journal in {root}", hint=f"'journal init {root}' makes one; check --dir or $JOURNAL_DIR"
            )
        if (is_default or not root.exists() or not any(root.iterdir())) and CONFIG_NAME in init_journal(root):
            created = root
        elif not (root / "entries").is_dir():
            raise UsageError(
                f"{root} is not a journal (no journal.toml, no entries/)",
                hint=f"run 'journal init {root}' to make it one",
            )
    return Journal(root=root, settings=load_settings(root)), created


def _period_kinds() -> tuple[str, ...]:
    from journal.periods import PERIOD_KINDS  # imported when needed: most commands never check a kind

    return PERIOD_KINDS


def setting_types() -> dict[str, str]:
    """What each setting takes, by name, as the help and the errors say it."""
    return {
        "author": "a string",
        "default_kind": "one of " + ", ".join(_period_kinds()),
        "fiscal_year_start": "a month number from 1 to 12",
        "goal_words": "a list of words (comma-separated on the command line)",
    }


def parse_setting(key: str, value: str):
    """The typed value of setting ``key`` from command-line text; a UsageError names the key."""
    if key in TABLE_NAMES:
        example = '[statuses] "?" = "open"'
        raise UsageError(f"'{key}' is a table: edit it in journal.toml", hint=f"{example}; 'journal statuses' shows it")
    if key not in SETTING_NAMES:
        raise UsageError(f"unknown setting '{key}'", hint="settings: " + ", ".join(SETTING_NAMES))
    if key == "author":
        return value
    if key == "default_kind":
        if value not in _period_kinds():
            raise UsageError(f"'{key}' must be {setting_types()[key]}, not {value!r}")
        return value
    if key == "fiscal_year_start":
        if not value.strip().isdigit() or not 1 <= int(value) <= 12:
            raise UsageError(f"'{key}' must be {setting_types()[key]}, not {value!r}")
        return int(value)
    return [word.strip() for word in value.split(",") if word.strip()]


def set_setting(root: Path, key: str, value: str) -> None:
    """Set one key of journal.toml, keeping the user's comments and layout (tomlkit)."""
    import tomlkit

    typed = parse_setting(key, value)
    path = root / CONFIG_NAME
    try:
        original = path.read_bytes()
    except FileNotFoundError:
        original = None
    except IsADirectoryError:
        raise ConfigError(f"{path} is a folder, not a settings file", hint="move it away") from None
    bom, text = decode_toml(path, original, ConfigError) if original is not None else ("", "")
    parse_toml(path, text, ConfigError)  # tomllib first: it names the line, and is what every command reads
    try:
        document = tomlkit.parse(text) if original is not None else tomlkit.document()
    except RecursionError:
        raise ConfigError(f"{path}: values nested too deeply to read", hint="fix the file by hand") from None
    except Exception as exc:  # noqa: BLE001 - tomlkit raises several parse error types
        raise ConfigError(f"{path}: {exc}", hint="fix the file by hand; nothing was written") from None
    document[key] = typed
    written = tomlkit.dumps(document)
    if "\r\n" in text and "\n" not in text.replace("\r\n", ""):
        written = written.replace("\r\n", "\n").replace("\n", "\r\n")
    write_atomic(path, (bom + written).encode("utf-8"), expected=original, read_only_error=ConfigError)


def get_settings(root: Path) -> dict:
    """Every setting with its value (defaults included); ``paths`` and ``statuses`` as journal.toml's tables say."""
    settings = load_settings(root)
    return {
        "author": settings.author,
        "default_kind": settings.default_kind,
        "fiscal_year_start": settings.fiscal_year_start,
        "goal_words": list(settings.goal_words),
        "entries": settings.entries,
        "paths": dict(settings.paths),
        "statuses": dict(settings.statuses),
    }


def settings_key(journal: Journal) -> str:
    """The settings that shape extraction (goal words, fiscal year, status characters, [paths]), as one string.

    Caches and hashes follow it: the whole status table is part of it, so a
    character newly mapped (by journal.toml or a new built-in) is read again.
    """
    from journal.statuses import table_key

    settings = journal.settings
    table = table_key(settings.statuses)
    key = f"{sorted(w.lower() for w in settings.goal_words)}|{settings.fiscal_year_start}|{table}"
    # [paths] decides which notes are documents (and of which period): a note read as none is read again.
    return f"{key}|{settings.paths}" if settings.paths else key
