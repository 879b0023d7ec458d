"""The one exception hierarchy of journal; the CLI catches JournalError once."""

from __future__ import annotations


class JournalError(Exception):
    """Base of every error a user can cause; printed as one line on stderr."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class UsageError(JournalError):
    """Bad input on the command line: a malformed period, an unknown name."""

    exit_code = 2


class PeriodError(UsageError):
    """A period string that does not parse."""


class NoDocument(UsageError):
    """A period that has no document yet (`journal new` writes one): the same exit code wherever it is met."""

    @classmethod
    def of(cls, label: str, key: str, what: str = "writes one") -> NoDocument:
        """``Q1 2025 has no document ('journal new 2025-q1' writes one)``."""
        return cls(f"{label} has no document", hint=f"'journal new {key}' {what}")


class GoalNotFound(JournalError):
    """An id prefix that matches no goal, or several."""

    exit_code = 3


class ConfigError(JournalError):
    """A journal.toml that cannot be parsed or holds a wrong value."""

    exit_code = 5


class DocumentError(JournalError):
    """A document that cannot be read or edited: not UTF-8, broken front matter, changed on disk."""

    exit_code = 4


class LedgerError(JournalError):
    """A ledger file that cannot be parsed or holds a wrong value."""

    exit_code = 5


class TemplateError(JournalError):
    """A template that is missing, or fails to render."""

    exit_code = 6


class ConflictError(JournalError):
    """A file changed on disk while a command was working on it, or the lock is held."""

    exit_code = 7


class StorageError(JournalError):
    """The file system refused a read or write: permission, full disk, read-only folder."""

    exit_code = 8


class GitError(JournalError):
    """Git could not do what was asked: no repository, no remote or upstream, offline, a refused push."""

    exit_code = 9
