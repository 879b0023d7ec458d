"""Commands loaded on first use, so that `journal --help` and one command import only what they need.

Modelled on hatch's LazyGroup: the group knows each command as "module:attribute" and imports the
module when the command is asked for. The top-level help lists commands from their summaries,
without importing a command module.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping

import click


class LazyCommand:
    """Where a command lives, and what the top-level help says of it without loading it.

    Give ``help`` (the first sentence of the command's docstring; the help listing shortens it as
    click does) or, for a command declared with ``short_help=``, that same ``short_help``.
    tests/cli/test_lazy.py checks that the listing is the same before and after loading.
    """

    __slots__ = ("help", "hidden", "short_help", "target")

    def __init__(
        self, target: str, *, help: str | None = None, short_help: str | None = None, hidden: bool = False
    ) -> None:
        self.target = target  # "package.module:attribute"
        self.help = help
        self.short_help = short_help
        self.hidden = hidden  # left out of the help listing (a command git runs, not people)

    def load(self) -> click.Command:
        """Import the command's module and return the command."""
        module, _, attribute = self.target.partition(":")
        return getattr(importlib.import_module(module), attribute)

    def summary(self, name: str) -> click.Command:
        """A stand-in for the help listing: a command that only knows its short help."""
        return click.Command(name, help=self.help, short_help=self.short_help, hidden=self.hidden)


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands by name: names known up front, each command imported when it is looked up."""

    def __init__(self, lazy: Mapping[str, LazyCommand]) -> None:
        self._lazy = dict(lazy)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            self._loaded[name] = self._lazy[name].load()
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._lazy.pop(name, None)
        self._loaded.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._loaded or name in self._lazy

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._lazy, *self._loaded]))

    def __len__(self) -> int:
        return len(self._lazy.keys() | self._loaded.keys())

    def listed(self, name: str) -> click.Command | None:
        """The command if it is loaded, else its stand-in for the help listing (None: no such command)."""
        if name in self._loaded:
            return self._loaded[name]
        entry = self._lazy.get(name)
        return entry.summary(name) if entry is not None else None


class LazyGroup(click.Group):
    """A click group whose commands are given as {name: LazyCommand} and imported when invoked."""

    def __init__(self, *args: object, lazy_commands: Mapping[str, LazyCommand] | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.commands: LazyCommands = LazyCommands(lazy_commands or {})

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command listing of the help, as click writes it, from summaries (no command module imported)."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.commands.listed(name)
            if command is not None and not command.hidden:
                rows.append((name, command))
        if not rows:
            return
        limit = formatter.width - 6 - max(len(name) for name, _command in rows)
        with formatter.section("Commands"):
            formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in rows])
