"""Identity matching: which goal the ledger already holds is which item of a changed document.

First identical text (nearest line wins), then an edited line by similar text
between the same unchanged neighbours, so a goal keeps its id when lines move
or its wording is lightly edited, and a deleted line never hands its id to an
edited neighbour (a tie gives a new id). A removed goal comes back only with
its very words.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from typing import TYPE_CHECKING

from journal.attributes import identity_words
from journal.ledger import Goal, Status

if TYPE_CHECKING:
    from journal.extract import Item

SIMILAR_ENOUGH = 0.6
FUZZY_LIMIT = 400  # beyond this many unmatched goals in one document, only exact matches are tried


def match_goals(items: list[Item], goals: list[Goal]) -> tuple[list[tuple[Item, Goal]], list[Item], list[Goal]]:
    """Pair a document's items with the ledger's goals for it: (pairs, new items, vanished goals).

    Identical text first (nearest line wins). Then a live goal whose line was
    edited: the candidate between the same unchanged neighbours, with the most
    similar text, then the same status. When the evidence is a tie (two goals
    as likely as each other), neither is taken: the item gets a new id rather
    than another goal's history.
    """
    pairs: list[tuple[Item, Goal]] = []
    by_text: dict[str, list[Goal]] = defaultdict(list)
    for goal in goals:
        by_text[identity_words(goal.text)].append(goal)
    items_by_text: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        items_by_text[identity_words(item.text)].append(item)
    unmatched_items: list[Item] = []
    for text, group in items_by_text.items():
        candidates = by_text.get(text, [])
        live = sorted((g for g in candidates if g.status != Status.REMOVED), key=lambda g: g.line)
        if len(live) == len(group) > 1:
            # The same words several times: lines keep their order when others are inserted above.
            pairs.extend(zip(group, live, strict=True))
            for goal in live:
                candidates.remove(goal)
            continue
        for item in group:
            if candidates:
                best = min(candidates, key=lambda g: (g.status == Status.REMOVED, abs(g.line - item.line)))
                candidates.remove(best)
                pairs.append((item, best))
            else:
                unmatched_items.append(item)
    unmatched_items.sort(key=lambda item: item.line)
    unmatched_goals = [goal for group in by_text.values() for goal in group]
    # A removed goal comes back only with its very words: a similar new line is a new goal.
    live_goals = [goal for goal in unmatched_goals if goal.status != Status.REMOVED]
    if unmatched_items and live_goals and len(unmatched_items) * len(live_goals) <= FUZZY_LIMIT**2 // 4:
        taken = _match_edited(unmatched_items, live_goals, pairs)
        pairs.extend(taken)
        used_items = {id(item) for item, _goal in taken}
        used_goals = {id(goal) for _item, goal in taken}
        unmatched_items = [item for item in unmatched_items if id(item) not in used_items]
        unmatched_goals = [goal for goal in unmatched_goals if id(goal) not in used_goals]
    pairs.sort(key=lambda pair: pair[0].line)
    return pairs, unmatched_items, unmatched_goals


def _gaps(anchors: list[tuple[Item, Goal]]) -> tuple[list[int], list[int]]:
    """The item lines and goal lines of the unchanged lines that kept their order (the longest such run).

    An edited line sits between the same two of these before and after the
    edit: its gap is the number of them above it.
    """
    points = sorted((item.line, goal.line) for item, goal in anchors if goal.status != Status.REMOVED)
    # Longest run increasing in both lines (patience sorting): a line moved elsewhere is not a landmark.
    tails: list[int] = []  # index into points of the smallest tail of each run length
    tail_lines: list[int] = []  # their goal lines
    before: list[int] = [-1] * len(points)
    for index, (_item_line, goal_line) in enumerate(points):
        length = bisect_left(tail_lines, goal_line)
        if length > 0:
            before[index] = tails[length - 1]
        if length == len(tails):
            tails.append(index)
            tail_lines.append(goal_line)
        else:
            tails[length] = index
            tail_lines[length] = goal_line
    run: list[tuple[int, int]] = []
    at = tails[-1] if tails else -1
    while at >= 0:
        run.append(points[at])
        at = before[at]
    run.reverse()
    return [item_line for item_line, _ in run], [goal_line for _, goal_line in run]


def _match_edited(items: list[Item], goals: list[Goal], anchors: list[tuple[Item, Goal]]) -> list[tuple[Item, Goal]]:
    """Pair edited lines with the live goals they were, best evidence first; a tie pairs nothing."""
    scored = _scored(items, goals, anchors)
    evidence = {(i, g): key for key, i, g in scored}
    taken: list[tuple[int, int]] = []
    items_left = set(range(len(items)))
    goals_left = set(range(len(goals)))
    while True:
        progress, blocked = _take_pass(scored, items, goals, items_left, goals_left, taken)
        if not progress or not blocked:
            break
        scored = [entry for entry in scored if entry[1] in items_left and entry[2] in goals_left]
    _uncross(taken, scored_pairs={pair for pair, key in evidence.items() if key[0]}, items=items, goals=goals)
    claimed = {g for _i, g in taken}
    return [(items[i], goals[g]) for i, g in taken if not _doubtful(i, g, claimed, evidence)]


CLOSE_CALL = 0.1  # a vanished goal this much less similar could as well be the one that was edited


def _doubtful(item: int, goal: int, claimed: set[int], evidence: dict) -> bool:
    """Whether a goal whose line vanished is about as likely as ``goal`` to be what ``item`` was (then: a new id).

    Deleting one goal and editing its neighbour into words close to both gives
    the same document as the other way round: a guess could hand one goal's
    history to the other.
    """
    same_gap, ratio, same_status = evidence[(item, goal)]
    return any(
        other_key[0] == same_gap and other_key[2] >= same_status and other_key[1] >= ratio - CLOSE_CALL
        for (other_item, other_goal), other_key in evidence.items()
        if other_item == item and other_goal != goal and other_goal not in claimed
    )


def _uncross(
    taken: list[tuple[int, int]], *, scored_pairs: set[tuple[int, int]], items: list[Item], goals: list[Goal]
) -> None:
    """Swap two pairs whose lines cross when both swapped pairs are as good: edited lines keep their order.

    Best-first can pair line 2's new words with line 1's goal (one letter apart)
    and line 1 with line 2's; the same lines, edited in place, are the likelier story.
    """
    changed = True
    while changed:
        changed = False
        for a in range(len(taken)):
            for b in range(a + 1, len(taken)):
                (ia, ga), (ib, gb) = taken[a], taken[b]
                crossing = (items[ia].line - items[ib].line) * (goals[ga].line - goals[gb].line) < 0
                if crossing and (ia, gb) in scored_pairs and (ib, ga) in scored_pairs:
                    taken[a], taken[b] = (ia, gb), (ib, ga)
                    changed = True


Scored = list[tuple[tuple[bool, float, bool], int, int]]  # (same gap, similarity, same status), item, goal


def _scored(items: list[Item], goals: list[Goal], anchors: list[tuple[Item, Goal]]) -> Scored:
    """Every similar enough (item, goal) pair with its evidence, best first."""
    from difflib import SequenceMatcher

    item_marks, goal_marks = _gaps(anchors)
    item_gap = [bisect_left(item_marks, item.line) for item in items]
    goal_gap = [bisect_left(goal_marks, goal.line) for goal in goals]
    scored: Scored = []
    for item_index, item in enumerate(items):
        matcher = SequenceMatcher(None, b=identity_words(item.text))
        for goal_index, goal in enumerate(goals):
            matcher.set_seq1(identity_words(goal.text))
            if matcher.real_quick_ratio() < SIMILAR_ENOUGH or matcher.quick_ratio() < SIMILAR_ENOUGH:
                continue
            ratio = matcher.ratio()
            if ratio >= SIMILAR_ENOUGH:
                key = (item_gap[item_index] == goal_gap[goal_index], round(ratio, 9), item.status == goal.status)
                scored.append((key, item_index, goal_index))
    scored.sort(key=lambda entry: (entry[0], -entry[1], -entry[2]), reverse=True)
    return scored


def _take_pass(
    scored: Scored,
    items: list[Item],
    goals: list[Goal],
    items_left: set[int],
    goals_left: set[int],
    taken: list[tuple[int, int]],
) -> tuple[bool, bool]:
    """One pass down the evidence levels, taking the unambiguous pairs: (took any, left a tie blocked)."""
    progress = False
    blocked_items: set[int] = set()
    blocked_goals: set[int] = set()
    index = 0
    while index < len(scored):
        key = scored[index][0]
        end = index
        while end < len(scored) and scored[end][0] == key:
            end += 1
        level = [
            (i, g)
            for _key, i, g in scored[index:end]
            if i in items_left and g in goals_left and i not in blocked_items and g not in blocked_goals
        ]
        index = end
        for group_items, group_goals, group in _components(level):
            chosen = _chosen(group_items, group_goals, group, items, goals, same_gap=key[0])
            if chosen is None:
                blocked_items |= group_items
                blocked_goals |= group_goals
                continue
            for i, g in chosen:
                taken.append((i, g))
                items_left.discard(i)
                goals_left.discard(g)
            progress = True
    return progress, bool(blocked_items or blocked_goals)


def _chosen(
    group_items: set[int],
    group_goals: set[int],
    group: list[tuple[int, int]],
    items: list[Item],
    goals: list[Goal],
    *,
    same_gap: bool,
) -> list[tuple[int, int]] | None:
    """The pairs a group of equally likely pairs gives, or None when it is a tie."""
    if len(group) == 1:
        return group
    if same_gap and len(group_items) == len(group_goals) and len(group) == len(group_items) ** 2:
        # k edited lines, each as like each of k goals between the same neighbours: in order.
        return list(
            zip(
                sorted(group_items, key=lambda i: items[i].line),
                sorted(group_goals, key=lambda g: goals[g].line),
                strict=True,
            )
        )
    return None


def _components(pairs: list[tuple[int, int]]) -> list[tuple[set[int], set[int], list[tuple[int, int]]]]:
    """The pairs grouped by shared items or goals: (items, goals, pairs) per group."""
    item_pairs: dict[int, list[tuple[int, int]]] = defaultdict(list)
    goal_pairs: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pair in pairs:
        item_pairs[pair[0]].append(pair)
        goal_pairs[pair[1]].append(pair)
    seen: set[tuple[int, int]] = set()
    groups = []
    for start in pairs:
        if start in seen:
            continue
        seen.add(start)
        stack = [start]
        group_items: set[int] = set()
        group_goals: set[int] = set()
        group: list[tuple[int, int]] = []
        while stack:
            pair = stack.pop()
            group.append(pair)
            group_items.add(pair[0])
            group_goals.add(pair[1])
            for other in item_pairs[pair[0]] + goal_pairs[pair[1]]:
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        groups.append((group_items, group_goals, group))
    return groups
