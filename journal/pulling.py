"""`journal pull` and `journal push`: git's fetch, merge and push, with the journal kept in line.

``pull`` commits the person's pending hand edits, runs ``git pull --no-rebase --no-edit`` (journal's
merge drivers do their work inside git's merge), syncs the merged documents and ledger, commits
that, and says what came from the other side: goals added, statuses changed, goals gone, and the
documents left with conflict markers for the person to finish.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from journal import changes
from journal.autocommit import changed_files, commit_paths, is_document
from journal.config import Journal
from journal.errors import GitError
from journal.gitrepo import GitResult, commit_identity, git_dir, is_repository, journal_pathspecs, run_git
from journal.ledger.model import Goal


@dataclass
class PullResult:
    """What a pull brought: the upstream, its commits merged, and the goals that changed because of it."""

    upstream: str
    commits: int = 0
    added: list[Goal] = field(default_factory=list)
    changed: list[tuple[Goal, str]] = field(default_factory=list)  # the goal, "open → done" / "text" / both
    removed: list[Goal] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # files git left with conflict markers
    ids: dict[str, str] = field(default_factory=dict)  # link id -> the goal's one id
    carried_from: dict[str, str] = field(default_factory=dict)  # an added link id -> the period it was for until then
    carried_status: dict[str, str] = field(default_factory=dict)  # a carried link id -> "open → done" if decided too


def require_repository(journal: Journal) -> None:
    """A GitError unless the journal folder is a git repository's top level."""
    if not is_repository(journal.root):
        raise GitError(f"{journal.root} is not a git repository", hint="'journal git init' makes it one")


def unmerged_files(journal: Journal) -> list[str]:
    """Files a merge left conflicted (git's unmerged paths)."""
    result = run_git(journal.root, "diff", "--name-only", "--diff-filter=U", "-z")
    return [name for name in result.out.split("\0") if name]


def require_finished_merge(journal: Journal) -> None:
    """A GitError while a merge waits for its conflicts to be resolved (pull and push refuse it alike)."""
    pending = unmerged_files(journal)
    if pending or (git_dir(journal.root) / "MERGE_HEAD").exists():
        raise GitError(
            "a merge is not finished" + (f" ({', '.join(pending)})" if pending else ""),
            hint="resolve the conflicts, then run 'journal sync'",
        )


def remote_of(journal: Journal, source: tuple[str, ...]) -> str:
    """The remote a pull goes to, as the person named it (a remote's name, a URL or a folder)."""
    if source:
        return source[0]
    branch = run_git(journal.root, "symbolic-ref", "--quiet", "--short", "HEAD").out.strip()
    configured = run_git(journal.root, "config", "--get", f"branch.{branch}.remote").out.strip() if branch else ""
    return configured or "origin"


def upstream_of(journal: Journal) -> str:
    """The branch the current one pulls from and pushes to (``origin/main``); a GitError when there is none."""
    root = journal.root
    result = run_git(root, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}")
    if result.code == 0:
        return result.out.strip()
    if not run_git(root, "remote").out.strip():
        raise GitError("this journal has no remote", hint="'journal git remote add origin URL' adds one")
    raise GitError("the current branch has no upstream branch", hint="'journal push' sets it on the first push")


@dataclass(frozen=True)
class Seen:
    """One goal as a person sees it at a moment: its latest link (``Ledger.latest``), its last link, its links."""

    shown: Goal
    last: Goal
    links: frozenset[str]


def _goals(journal: Journal) -> dict[str, Seen]:
    """The goals after a sync, by goal id (their lineage's first link's): each as seen then."""
    from dataclasses import replace

    from journal.sync import sync_journal

    ledger, _report = sync_journal(journal)
    if ledger is None:
        return {}
    seen: dict[str, Seen] = {}
    for goal in ledger.goals.values():
        lineage_id = ledger.lineage_id(goal)
        if lineage_id in seen:
            continue
        chain = ledger.lineage(goal)
        shown = replace(ledger.latest(chain[0]))  # a copy: a later sync of the same ledger must not change it
        seen[lineage_id] = Seen(shown, replace(chain[-1]), frozenset(link.id for link in chain))
    return seen


def commit_hand_edits(journal: Journal) -> dict[str, Seen]:
    """Sync what was edited by hand and commit it (pull needs a clean journal to merge into); the goals
    as that sync left them, which is how they stand before the pull."""
    changes.forget()
    goals = _goals(journal)  # the ledger in line with the documents, so that both are committed together
    if changed_files(journal):
        message = "pull: what was not committed yet"
        documents = [name for name in changed_files(journal) if is_document(name)]
        if documents:
            message = "edit by hand: " + ", ".join(documents)
        commit_paths(journal, journal_pathspecs(journal), message)
    changes.forget()
    return goals


def pull(journal: Journal, source: tuple[str, ...] = ()) -> PullResult:
    """Commit hand edits, fetch and merge the upstream (or ``source``: a remote, and a branch of it), sync
    the result and commit it; what came in."""
    require_repository(journal)
    require_finished_merge(journal)
    root = journal.root
    upstream = "/".join(source) if source else upstream_of(journal)
    before = commit_hand_edits(journal)
    result = PullResult(upstream)
    head = run_git(root, "rev-parse", "--quiet", "--verify", "HEAD").out.strip()
    merged = run_git(root, *commit_identity(journal), "pull", "--no-rebase", "--no-edit", "--quiet", "--", *source)
    if merged.code != 0:
        result.conflicts = unmerged_files(journal)
        if not result.conflicts:
            raise GitError(_pull_failure(merged, upstream, remote_of(journal, source)))
        return result
    if head:
        brought = "FETCH_HEAD" if source else upstream  # what was fetched: a named source's branch, or the upstream
        result.commits = int(run_git(root, "rev-list", "--count", f"{head}..{brought}").out.strip() or 0)
    changes.forget()
    after = _goals(journal)
    recorded = changes.forget()
    if journal.settings.autocommit and recorded.written and changed_files(journal):
        commit_paths(journal, journal_pathspecs(journal), f"pull: journal in line with {upstream}")
    _compare(result, before, after)
    return result


def _compare(result: PullResult, before: dict[str, Seen], after: dict[str, Seen]) -> None:
    """One entry per goal that came in, changed (status or words) or left its document, between two syncs.

    A goal is compared as the person sees it: its latest link. A goal the other side carried into a new
    period is listed once, as added: its new line, "carried from" the period it was for until then.
    """
    for goal_id, now in after.items():
        goal = now.shown
        result.ids[goal.id] = goal_id
        was = before.get(goal_id)
        if was is None:
            result.added.append(goal)
        elif goal.id not in was.links:
            result.added.append(goal)
            result.carried_from[goal.id] = was.shown.for_period
            if goal.status != was.shown.status:
                result.carried_status[goal.id] = _move(was.shown, goal)
        elif now.last.status == "removed" and (now.last.id not in was.links or was.last.status != "removed"):
            result.ids[now.last.id] = goal_id
            result.removed.append(now.last)
        else:
            what = ", ".join(
                ["text"] * (goal.text != was.shown.text) + [_move(was.shown, goal)] * (goal.status != was.shown.status)
            )
            if what:
                result.changed.append((goal, what))


def _move(old: Goal, new: Goal) -> str:
    return f"{_word(old.status)} → {_word(new.status)}"


def _word(status: str) -> str:
    return status.replace("_", " ")


def _pull_failure(result: GitResult, upstream: str, remote: str) -> str:
    """One line for a pull git refused; ``remote`` as the person named it."""
    said = result.last_line()
    lowered = (result.err + result.out).lower()
    if "could not resolve host" in lowered or "could not read from remote" in lowered or "unable to access" in lowered:
        return f"cannot reach {remote}: {said}"
    if "would be overwritten" in lowered:
        return f"files outside the journal's own have changes the pull would overwrite: {said}"
    return f"git pull from {upstream} failed: {said}"


def push(journal: Journal) -> str:
    """``git push`` (setting the upstream on the first push to the only remote); the one line of outcome."""
    require_repository(journal)
    require_finished_merge(journal)
    root = journal.root
    upstream = run_git(root, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}")
    branch = run_git(root, "rev-parse", "--abbrev-ref", "HEAD").out.strip() or "HEAD"
    if upstream.code == 0:
        target = upstream.out.strip()
        pushed = run_git(root, "push")
    else:
        remotes = run_git(root, "remote").out.split()
        if not remotes:
            raise GitError("this journal has no remote", hint="'journal git remote add origin URL' adds one")
        if len(remotes) > 1 and "origin" not in remotes:
            raise GitError(
                f"{branch} has no upstream branch and there are several remotes",
                hint=f"'journal git push -u REMOTE {branch}' chooses one",
            )
        remote = "origin" if "origin" in remotes else remotes[0]
        target = f"{remote}/{branch}"
        pushed = run_git(root, "push", "--set-upstream", remote, branch)
    if pushed.code != 0:
        lowered = (pushed.err + pushed.out).lower()
        if "rejected" in lowered or "fetch first" in lowered or "non-fast-forward" in lowered:
            raise GitError(f"{target} has changes this journal does not have", hint="'journal pull' first, then push")
        raise GitError(f"cannot push to {target}: {pushed.last_line()}")
    if "everything up-to-date" in (pushed.err + pushed.out).lower():
        return f"{target} was already up to date."
    return f"Pushed {branch} to {target}."
