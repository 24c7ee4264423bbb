"""Decision rules: from criterion levels and a grid to a proposed outcome.

Pure functions, no I/O.  The outcome is one of ``"achieved"``,
``"not_achieved"`` or ``"incomplete"`` (a required criterion is unscored);
the reasons say which rule failed and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from math import ceil

from jury_tui.domain.grid.model import Grid
from jury_tui.domain.storage.errors import N_, Translate, render

ACHIEVED = "achieved"
NOT_ACHIEVED = "not_achieved"
INCOMPLETE = "incomplete"


_REASON_TEXTS = {
    "unscored": N_("{criterion} is not scored yet"),
    "not_achieved": N_("{criterion} is not achieved"),
    "competency_below": N_("{competency}: {achieved} of {total} criteria achieved, {needed} needed"),
    "points_below": N_("{points} points out of {max_points}, {threshold} needed"),
}


@dataclass(frozen=True)
class Reason:
    """Why the outcome is not ``achieved``: a code and its values."""

    code: str
    values: Mapping[str, object] = field(default_factory=dict)

    def message(self, translate: Translate | None = None) -> str:
        """The reason in the current (or given) language; numbers in that language's format (« 21,6 »)."""
        return render(_REASON_TEXTS[self.code], self.values, translate)


@dataclass(frozen=True)
class Decision:
    outcome: str
    reasons: tuple[Reason, ...]
    points: float
    max_points: float
    achieved: int
    scored: int
    total: int


def is_achieved(grid: Grid, criterion_id: str, level_id: str | None) -> bool:
    criterion = grid.criterion(criterion_id)
    if criterion is None or level_id is None:
        return False
    level = grid.scale_of(criterion).level(level_id)
    return bool(level and level.achieved)


def decide_outcome(grid: Grid, levels: Mapping[str, str | None]) -> Decision:
    """Apply every rule of ``grid`` to ``levels`` (criterion id -> level id)."""
    points = 0.0
    achieved_ids: set[str] = set()
    scored_ids: set[str] = set()
    unscored: list[Reason] = []
    for criterion in grid.criteria:
        level_id = levels.get(criterion.id)
        level = grid.scale_of(criterion).level(level_id) if level_id else None
        if level is None:
            if criterion.required:
                unscored.append(Reason("unscored", {"criterion": criterion.id}))
            continue
        scored_ids.add(criterion.id)
        points += level.points * criterion.weight
        if level.achieved:
            achieved_ids.add(criterion.id)

    reasons: list[Reason] = list(unscored)
    for rule in grid.rules:
        if rule.kind == "all_required_achieved":
            reasons.extend(
                Reason("not_achieved", {"criterion": c.id})
                for c in grid.criteria
                if c.required and c.id in scored_ids and c.id not in achieved_ids
            )
        elif rule.kind == "competencies_achieved":
            for competency in grid.competencies:
                members = grid.criteria_of(competency.id)
                if not members:
                    continue
                count = sum(1 for c in members if c.id in achieved_ids)
                needed = _needed(len(members), rule.min_ratio)
                if count < needed:
                    reasons.append(
                        Reason(
                            "competency_below",
                            {"competency": competency.id, "achieved": count, "total": len(members), "needed": needed},
                        )
                    )
        elif rule.kind == "points_at_least" and points < rule.threshold:
            reasons.append(
                Reason("points_below", {"points": points, "max_points": grid.max_points, "threshold": rule.threshold})
            )

    if unscored:
        outcome = INCOMPLETE
    elif reasons:
        outcome = NOT_ACHIEVED
    else:
        outcome = ACHIEVED
    return Decision(
        outcome=outcome,
        reasons=tuple(_dedupe(reasons)),
        points=points,
        max_points=grid.max_points,
        achieved=len(achieved_ids),
        scored=len(scored_ids),
        total=len(grid.criteria),
    )


def _needed(total: int, ratio: float) -> int:
    """Smallest count whose share of ``total`` reaches ``ratio``."""
    return min(total, ceil(total * ratio - 1e-9))


def _dedupe(reasons: list[Reason]) -> list[Reason]:
    seen: set[tuple[str, tuple[tuple[str, object], ...]]] = set()
    result = []
    for reason in reasons:
        key = (reason.code, tuple(sorted(reason.values.items())))
        if key not in seen:
            seen.add(key)
            result.append(reason)
    return result
