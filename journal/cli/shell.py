"""`journal completion SHELL`: the script that turns on tab completion in bash, zsh or fish."""

from __future__ import annotations

import click

SHELL_RC_LINES = {
    "bash": 'eval "$(journal completion bash)"',
    "zsh": 'eval "$(journal completion zsh)"',
    "fish": "journal completion fish | source",
}


@click.command()
@click.argument("shell", metavar="SHELL", type=click.Choice(sorted(SHELL_RC_LINES)))
def completion(shell: str) -> None:
    """Print the shell completion script for SHELL (bash, zsh or fish).

    Completes commands, options, periods that have documents, and goal ids.
    Put one line in your shell's startup file:

    \b
      ~/.bashrc                   eval "$(journal completion bash)"
      ~/.zshrc                    eval "$(journal completion zsh)"
      ~/.config/fish/config.fish  journal completion fish | source

    \b
    Example:
      journal completion bash > ~/.local/share/bash-completion/completions/journal
    """
    from click.shell_completion import get_completion_class

    from journal.cli import cli

    shell_class = get_completion_class(shell)
    assert shell_class is not None  # every choice is a shell click knows
    click.echo(shell_class(cli, {}, "journal", "_JOURNAL_COMPLETE").source())
