"""Decision rules: from criterion levels and a grid to a proposed outcome.

Pure functions, no I/O.  The outcome is one of:

- ``"achieved"``: the certification (every block, when the grid has blocks);
- ``"partial"``: some blocks validated, listed in :attr:`Decision.blocks`;
- ``"not_achieved"``: nothing validated;
- ``"incomplete"``: a required criterion is unscored.

A rule applies to the whole grid (``scope = "grid"``: a condition of any
validation, so a failed grid rule refuses everything) or to blocks
(``"blocks"``: each block separately, or one block's id).  A block no rule
applies to is validated when all its required criteria are achieved.  The
reasons say which rule failed, naming blocks and criteria in words; a rule
that counts (points, ratios) says nothing while a required criterion of its
scope is unscored, since it may still come to hold.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from math import ceil

from jury_tui.domain.grid.model import GRID_SCOPE, Block, Criterion, DecisionRule, Grid, Level
from jury_tui.domain.storage.errors import N_, Msg, Percent, Translate, render

ACHIEVED = "achieved"
PARTIAL = "partial"
NOT_ACHIEVED = "not_achieved"
INCOMPLETE = "incomplete"
OUTCOMES = (ACHIEVED, PARTIAL, NOT_ACHIEVED, INCOMPLETE)

_REASON_TEXTS = {
    "unscored": N_("{criterion} is not scored yet"),
    "not_achieved": N_("{criterion} is not achieved"),
    "competency_below": N_("{competency}: {achieved} of {total} criteria achieved, {needed} needed"),
    "ratio_below": N_("{achieved} of {total} criteria achieved, {needed} needed"),
    "points_below": N_("{points} points out of {max_points}, {threshold} needed"),
    "points_below_percent": N_("{points} points out of {max_points}, {threshold} needed ({percent} of the maximum)"),
    "criterion_below": N_("{criterion} is at « {level} », below the minimum « {minimum} »"),
}
_IN_BLOCK = N_("block {block}: {reason}")


def named(ident: str, title: str) -> str:
    """« Cr1.2 (Budget) »: an id with its title in words, language-neutral."""
    return f"{ident} ({title})" if title and title != ident else ident


@dataclass(frozen=True)
class Reason:
    """Why the outcome is not ``achieved``: a code, its values, and the block it is about."""

    code: str
    values: Mapping[str, object] = field(default_factory=dict)
    block: str = ""  # the block's name in words, "" for the whole grid

    def message(self, translate: Translate | None = None) -> str:
        """The reason in the current (or given) language; numbers in that language's format (« 21,6 »)."""
        reason = Msg(_REASON_TEXTS[self.code], tuple(self.values.items()))
        if not self.block:
            return reason.text(translate)
        return render(_IN_BLOCK, {"block": self.block, "reason": reason}, translate)


@dataclass(frozen=True)
class BlockResult:
    """One block: validated or not, and why not."""

    block: Block
    validated: bool
    complete: bool  # every required criterion of the block is scored
    reasons: tuple[Reason, ...]
    points: float
    max_points: float


@dataclass(frozen=True)
class Decision:
    outcome: str
    reasons: tuple[Reason, ...]
    points: float
    max_points: float
    achieved: int
    scored: int
    total: int
    blocks: tuple[BlockResult, ...] = ()

    @property
    def validated_blocks(self) -> tuple[Block, ...]:
        """The blocks this outcome validates: none when it refuses or is incomplete."""
        if self.outcome not in (ACHIEVED, PARTIAL):
            return ()
        return tuple(b.block for b in self.blocks if b.validated)


class _Scored:
    """The level of each criterion, looked up once."""

    def __init__(self, grid: Grid, levels: Mapping[str, str | None]) -> None:
        self.grid = grid
        self.level: dict[str, Level] = {}
        for criterion in grid.criteria:
            level_id = levels.get(criterion.id)
            level = grid.scale_of(criterion).level(level_id) if level_id else None
            if level is not None:
                self.level[criterion.id] = level

    def achieved(self, criterion: Criterion) -> bool:
        level = self.level.get(criterion.id)
        return bool(level and level.achieved)

    def points(self, members: Sequence[Criterion]) -> float:
        return sum(self.level[c.id].points * c.weight for c in members if c.id in self.level)


def decide_outcome(grid: Grid, levels: Mapping[str, str | None]) -> Decision:
    """Apply every rule of ``grid`` to ``levels`` (criterion id -> level id)."""
    scored = _Scored(grid, levels)
    unscored = [Reason("unscored", {"criterion": named(c.id, c.title)})
                for c in grid.criteria if c.required and c.id not in scored.level]
    grid_reasons = [reason for rule in grid.rules if rule.scope == GRID_SCOPE
                    for reason in _check(rule, grid, grid.criteria, scored)]
    blocks = tuple(_block(grid, block, scored) for block in grid.blocks)

    if unscored:
        outcome = INCOMPLETE
    elif grid_reasons:
        outcome = NOT_ACHIEVED
    elif blocks and all(b.validated for b in blocks):
        outcome = ACHIEVED
    elif blocks:
        outcome = PARTIAL if any(b.validated for b in blocks) else NOT_ACHIEVED
    else:
        outcome = ACHIEVED
    reasons = unscored + grid_reasons + [r for b in blocks for r in b.reasons]
    return Decision(
        outcome=outcome,
        reasons=tuple(_dedupe(reasons)),
        points=scored.points(grid.criteria),
        max_points=grid.max_points,
        achieved=sum(1 for c in grid.criteria if scored.achieved(c)),
        scored=len(scored.level),
        total=len(grid.criteria),
        blocks=blocks,
    )


def _block(grid: Grid, block: Block, scored: _Scored) -> BlockResult:
    members = grid.criteria_of_block(block.id)
    rules = [r for r in grid.rules if r.applies_to(block.id)] or [DecisionRule("all_required_achieved")]
    name = named(block.id, block.title)
    reasons = tuple(Reason(r.code, r.values, name) for rule in rules for r in _check(rule, grid, members, scored))
    complete = all(c.id in scored.level for c in members if c.required)
    return BlockResult(block, bool(members) and complete and not reasons, complete, reasons,
                       scored.points(members), grid.max_points_of(members))


# rules that count: while a required criterion is unscored they may still come to hold
_COUNTING = frozenset({"criteria_achieved", "points_at_least"})


def _unfinished(members: Sequence[Criterion], scored: _Scored) -> bool:
    return any(c.required and c.id not in scored.level for c in members)


def _check(rule: DecisionRule, grid: Grid, members: Sequence[Criterion], scored: _Scored) -> list[Reason]:
    """The reasons ``rule`` fails on ``members`` (none when it holds or cannot be told yet)."""
    if rule.kind in _COUNTING and _unfinished(members, scored):
        return []
    if rule.kind == "all_required_achieved":
        return [Reason("not_achieved", {"criterion": named(c.id, c.title)})
                for c in members if c.required and c.id in scored.level and not scored.achieved(c)]
    if rule.kind == "criteria_achieved":
        count = sum(1 for c in members if scored.achieved(c))
        needed = _needed(len(members), rule.min_ratio)
        if members and count < needed:
            return [Reason("ratio_below", {"achieved": count, "total": len(members), "needed": needed})]
        return []
    if rule.kind == "competencies_achieved":
        result = []
        for competency in grid.competencies:
            group = [c for c in members if c.competency == competency.id]
            count = sum(1 for c in group if scored.achieved(c))
            needed = _needed(len(group), rule.min_ratio)
            if group and count < needed and not _unfinished(group, scored):
                result.append(Reason("competency_below", {"competency": named(competency.id, competency.title),
                                                          "achieved": count, "total": len(group), "needed": needed}))
        return result
    if rule.kind == "points_at_least":
        points, maximum = scored.points(members), grid.max_points_of(members)
        if rule.percent is not None:
            threshold = maximum * rule.percent / 100
            if points < threshold - 1e-9:
                return [Reason("points_below_percent", {"points": float(points), "max_points": float(maximum),
                                                        "threshold": float(threshold),
                                                        "percent": Percent(rule.percent / 100)})]
        elif points < rule.threshold:
            return [Reason("points_below", {"points": float(points), "max_points": float(maximum),
                                            "threshold": float(rule.threshold)})]
        return []
    if rule.kind == "no_criterion_below":
        scale = grid.scales.get(rule.scale)
        floor = scale.level(rule.level) if scale else None
        if floor is None:
            return []
        return [Reason("criterion_below", {"criterion": named(c.id, c.title), "level": scored.level[c.id].label,
                                           "minimum": floor.label})
                for c in members
                if c.scale == rule.scale and c.id in scored.level and scored.level[c.id].points < floor.points]
    return []


def outcomes_for(grid: Grid) -> tuple[str, ...]:
    """The outcomes a jury may choose for this grid: a partial validation needs blocks."""
    return OUTCOMES if grid.blocks else tuple(o for o in OUTCOMES if o != PARTIAL)


def outcome_summary(grid: Grid, outcome: str, validated: Sequence[Block] = (),
                    translate: Translate | None = None) -> str:
    """The outcome's label from the grid; a partial validation names its blocks."""
    label = grid.outcomes.label(outcome)
    if outcome != PARTIAL or not validated:
        return label
    return render(N_("{outcome}: {blocks}"), {"outcome": label, "blocks": validated_names(validated)}, translate)


def validated_names(blocks: Sequence[Block]) -> str:
    """« B1 (Titre), B2 (Titre) »."""
    return ", ".join(named(b.id, b.title) for b in blocks)


def _needed(total: int, ratio: float) -> int:
    """Smallest count whose share of ``total`` reaches ``ratio``."""
    return min(total, ceil(total * ratio - 1e-9))


def _dedupe(reasons: list[Reason]) -> list[Reason]:
    seen: set[tuple[str, str, tuple[tuple[str, str], ...]]] = set()
    result = []
    for reason in reasons:
        key = (reason.code, reason.block, tuple(sorted((k, repr(v)) for k, v in reason.values.items())))
        if key not in seen:
            seen.add(key)
            result.append(reason)
    return result
