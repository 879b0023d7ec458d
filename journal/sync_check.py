"""Whether a bare ``journal sync`` has anything to do, looked at with as little as possible imported.

``journal sync`` runs from editors' save hooks and git hooks, mostly with
nothing to do. The answer needs the stat of journal.toml, of every document
and of every ledger file, and the cache's ``documents.marshal``: not click,
not the ledger package, not tomllib (the settings are the cache's record of
journal.toml while its stat is the same: ``config.settings_from_record``),
not dataclasses. ``journal.sync.nothing_to_sync`` gives the same answer for a
Journal already open (and ``tests/test_sync_check.py`` compares the two).
"""

from __future__ import annotations

import os

from journal.atomic import TMP_SUFFIX  # journal.config, which every command imports, imports journal.atomic

TYPE_CHECKING = False  # typing itself is not imported: this module is on a bare sync's fast path
if TYPE_CHECKING:
    from journal.config import Journal


class Scan(dict):
    """The documents found (name -> stat), and, for each folder listed, the names in it that may be a killed
    command's temporary file (``leftovers``: folder -> names), so that ``sync.resync`` need not list it again."""

    leftovers: dict[str, list[str]]


def scan_documents(journal: Journal, links: list[str] | None = None) -> Scan:
    """Every Markdown file under the entries folder (recursively), by path relative to the journal.

    Symbolic links are not followed (a link could lead out of the journal);
    their names are added to ``links``. When the entries folder is the journal
    itself (a vault), journal's own ``ledger/`` and ``templates/`` are left out.
    """
    root = str(journal.root)
    cut = len(root) + 1
    found = Scan()
    found.leftovers = {}
    top = str(journal.entries_dir)
    own = {os.path.join(root, "ledger"), os.path.join(root, "templates")} if top == root else set()
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            continue
        # the folder's part of its documents' names (none for the journal's own folder, a vault's entries)
        prefix = folder[cut:].replace(os.sep, "/") + "/" if len(folder) > len(root) else ""
        temporary = found.leftovers[folder] = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                if name.endswith(TMP_SUFFIX):
                    temporary.append(name)
                continue
            if entry.is_symlink():
                if links is not None and (name.endswith(".md") or entry.is_dir()):
                    links.append(prefix + name)
            elif name.endswith(".md") and entry.is_file(follow_symlinks=False):
                found[prefix + name] = entry.stat()
            elif entry.is_dir(follow_symlinks=False) and entry.path not in own:
                stack.append(entry.path)
    return found


def load_documents_data(state_dir: str) -> dict | None:
    """``documents.marshal`` of the cache if it is of this version (the Cache's own check), else None."""
    import marshal
    import sys

    from journal.cache_version import CACHE_VERSION
    from journal.config import file_key

    try:
        with open(os.path.join(state_dir, "documents.marshal"), "rb") as handle:
            read_key = file_key(os.fstat(handle.fileno()))
            data = marshal.loads(handle.read())
    except Exception:  # noqa: BLE001 - a missing or damaged cache is an empty one
        return None
    if not isinstance(data, dict) or data.get("version") != (CACHE_VERSION, sys.version_info[:2]):
        return None
    data["read_key"] = read_key  # the Cache made from it knows which file it read (Cache.unchanged_since_loaded)
    if not isinstance(data.get("documents"), dict) or not isinstance(data.get("ledger_keys"), dict):
        return None
    return data


def ledger_files_current(ledger_dir: str, ledger_keys: dict) -> bool:
    """Whether every ledger file is cached as it is on disk (``ledger.reading.ledger_cached``'s answer)."""
    from journal.config import file_key

    try:
        entries = [e for e in os.scandir(ledger_dir) if e.name.endswith(".toml")]
    except FileNotFoundError:
        entries = []
    if len(entries) != len(ledger_keys):
        return False
    return all(ledger_keys.get(entry.name) == file_key(entry.stat()) for entry in entries)


def bare_sync_has_nothing_to_do() -> bool:
    """Whether the journal a bare ``journal sync`` opens exists and has nothing to sync; False on any doubt.

    A look that finds something to do is kept for the command that then runs
    (``journal.prescan``).
    """
    from journal.config import CONFIG_NAME, Journal, find_journal_dir, load_settings, settings_from_record

    root, _default = find_journal_dir(None)
    if not os.path.isfile(root / CONFIG_NAME):
        return False  # opening it may create it or refuse it: journal.cli says which
    data = load_documents_data(str(root / ".journal"))
    record = data.get("config") if data is not None else None
    settings = settings_from_record(root, record)
    journal = Journal(root=root, settings=settings if settings is not None else load_settings(root))
    from journal.period_start import period_seen

    # a new period's first command has its line to say (journal.period_start): journal.cli says it
    if journal.settings.warnings or not period_seen(journal) or data is None:
        return False
    return _nothing_to_sync(journal, data, fresh_record=settings is not None)


def _nothing_to_sync(journal: Journal, data: dict, *, fresh_record: bool) -> bool:
    """``sync.nothing_to_sync`` on documents.marshal's ``data`` as loaded; the look kept for the command."""
    from journal import prescan
    from journal.config import file_key, settings_key

    if data.get("settings") != settings_key(journal):
        return False
    links: list[str] = []
    documents = scan_documents(journal, links)
    prescan.keep(journal, data, documents, links)  # used only if this returns False
    cached = data["documents"]
    if links or len(documents) != len(cached):
        return False  # a link to report, or a document new or gone
    try:
        # As Cache.document_sha, without a call per document: this is all the command does.
        if any(cached[name][0] != file_key(stat) for name, stat in documents.items()):
            return False
    except (KeyError, TypeError, IndexError):
        return False  # a document the cache does not hold, or an entry of the wrong shape
    # A cache whose record of journal.toml is stale is updated by the full command (else every run reads it).
    return fresh_record and ledger_files_current(str(journal.ledger_dir), data["ledger_keys"])
