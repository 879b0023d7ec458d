"""The journal as a git repository: `pull`, `push`, and `git ARGS...` (`git init` is journal's own)."""

from __future__ import annotations

import click

from journal.cli.common import current_state
from journal.render import echo, terminal_safe


@click.command()
@click.argument("remote", required=False)
@click.argument("branch", required=False)
def pull(remote: str | None, branch: str | None) -> None:
    """Fetch and merge the other devices' changes, then bring the journal in line.

    Pulls the current branch's upstream, or REMOTE (a remote's name, a URL or
    a folder) and its BRANCH. Commits your pending hand edits, runs `git pull
    --no-rebase` (journal's merge drivers merge the ledger goal by goal),
    syncs, commits the result
    and prints what came in, one line a goal: + added (or carried), ~ status or
    words changed, - gone.
    A document both sides changed on the same lines keeps git's conflict
    markers: edit it, then run `journal sync` (exit 4 until then).

    \b
    Examples:
      journal pull && journal push
      journal pull ~/laptop main
    """
    from journal.documents import HOW_TO_RESOLVE
    from journal.errors import DocumentError, UsageError
    from journal.pulling import pull as pull_journal

    for given in (remote, branch):
        if given is not None and given.startswith("-"):
            raise UsageError(
                f"'{terminal_safe(given)}' is not a remote or a branch", hint="journal pull [REMOTE [BRANCH]]"
            )
    result = pull_journal(current_state().journal(), tuple(given for given in (remote, branch) if given))
    for goal in result.added:
        carried = f", carried from {result.carried_from[goal.id]}" if goal.id in result.carried_from else ""
        carried += f", {result.carried_status[goal.id]}" if goal.id in result.carried_status else ""
        echo(f"+ {result.ids.get(goal.id, goal.id)}  {terminal_safe(goal.text)}  ({goal.source}:{goal.line}{carried})")
    for goal, what in result.changed:
        echo(f"~ {result.ids.get(goal.id, goal.id)}  {terminal_safe(goal.text)}  ({what})")
    for goal in result.removed:
        echo(f"- {result.ids.get(goal.id, goal.id)}  {terminal_safe(goal.text)}  (gone from {goal.source})")
    if result.conflicts:
        for name in result.conflicts:
            echo(f"Conflict: {terminal_safe(name)}")
        names = ", ".join(result.conflicts)
        raise DocumentError(f"the pull from {result.upstream} left git conflict markers in {names}; {HOW_TO_RESOLVE}")
    if result.commits == 0:
        echo(f"Already up to date with {result.upstream}.")
    else:
        plural = "s" if result.commits != 1 else ""
        echo(
            f"Merged {result.commits} commit{plural} from {result.upstream}: {len(result.added)} added, "
            f"{len(result.changed)} changed, {len(result.removed)} removed."
        )


@click.command()
def push() -> None:
    """Send this journal's commits to its remote (`git push`); one line of outcome.

    The first push to a journal's only remote sets it as the branch's
    upstream, so that `journal pull` knows where to pull from.

    \b
    Example:
      journal git remote add origin git@example.com:me/journal.git
      journal push
    """
    from journal.pulling import push as push_journal

    echo(push_journal(current_state().journal()))


@click.command(context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def git(args: tuple[str, ...]) -> None:
    """Run git with ARGS in the journal's folder; `journal git init` makes the journal a repository.

    `journal git init` runs `git init` (unless the journal folder is a
    repository already), adds .gitignore and .gitattributes lines (existing
    files are appended to), registers journal's merge drivers in .git/config,
    sets `[git] autocommit = true` in journal.toml, and commits the journal.
    Anything else is passed to git as it is (a git command first), in the
    journal's folder; git's exit code is journal's, and a failure ends with
    one Error line (git's last).

    \b
    Examples:
      journal git init
      journal git log --oneline
    """
    journal = current_state().journal()
    if args[:1] == ("init",):
        if len(args) > 1:
            from journal.errors import UsageError

            raise UsageError("journal git init takes no arguments", hint="run git's own 'git init' for its options")
        make_repository(journal)
        return
    click.get_current_context().exit(_pass_through(journal.root, args))


def make_repository(journal) -> None:
    """`journal git init`: the journal synced (so the first commit holds the ledger too), then made a repository."""
    from journal import changes
    from journal.cli.common import synced
    from journal.gitrepo import init_repository

    synced(journal)
    for line in init_repository(journal):
        echo(terminal_safe(line))
    changes.forget()  # committed already


def _pass_through(root, args: tuple[str, ...]) -> int:
    """Run ``git ARGS`` in ``root``: its output as it comes, its errors kept for one line if it fails."""
    import subprocess

    from journal.errors import GitError, UsageError

    if not args:
        raise UsageError("journal git needs a git command", hint="e.g. 'journal git log', 'journal git init'")
    if args[0].startswith("-"):
        raise click.NoSuchOption(args[0], ctx=click.get_current_context())
    try:
        done = subprocess.run(["git", *args], cwd=root, stderr=subprocess.PIPE, text=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed", hint="install git, then run the command again") from None
    if done.returncode == 0:
        click.echo(done.stderr, err=True, nl=False)
        return 0
    said = [line.strip() for line in done.stderr.splitlines() if line.strip()]
    why = f": {said[-1].removeprefix('fatal: ').removeprefix('error: ')}" if said else ""
    echo(f"Error: git {terminal_safe(args[0])} exited {done.returncode}{terminal_safe(why)}", err=True)
    return done.returncode
