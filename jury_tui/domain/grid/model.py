"""The grading grid: scales, competencies, criteria and what the jury checks.

These immutable values are built by :mod:`jury_tui.domain.grid.loader` from
a TOML file a certifier writes by hand (see ``docs/grid-format.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Level:
    """One level of a scale, chosen by pressing ``key``."""

    id: str
    key: str
    label: str
    symbol: str = ""
    points: float = 0.0
    achieved: bool = False


@dataclass(frozen=True)
class Scale:
    id: str
    label: str
    levels: tuple[Level, ...]

    def level(self, level_id: str) -> Level | None:
        return next((lv for lv in self.levels if lv.id == level_id), None)

    def by_key(self, key: str) -> Level | None:
        return next((lv for lv in self.levels if lv.key == key), None)

    @property
    def max_points(self) -> float:
        return max((lv.points for lv in self.levels), default=0.0)


@dataclass(frozen=True)
class Competency:
    id: str
    text: str
    title: str = ""


@dataclass(frozen=True)
class Criterion:
    id: str
    competency: str
    title: str
    text: str
    indicators: tuple[str, ...]
    scale: str
    weight: float = 1.0
    required: bool = True


@dataclass(frozen=True)
class PresentationItem:
    """Something the candidate is asked to present ("Réalisations demandées")."""

    id: str
    text: str
    required: bool = False


@dataclass(frozen=True)
class JuryQuestion:
    id: str
    text: str
    optional: bool = True
    topic: str = ""


@dataclass(frozen=True)
class Phase:
    """A timed phase of the oral defence."""

    id: str
    label: str
    minutes: float


@dataclass(frozen=True)
class DecisionRule:
    """One condition of the decision; all rules of a grid must hold.

    kinds: ``all_required_achieved``; ``competencies_achieved`` (in every
    competency, at least ``min_ratio`` of its criteria achieved);
    ``points_at_least`` (weighted points >= ``threshold``).
    """

    kind: str
    threshold: float = 0.0
    min_ratio: float = 1.0


RULE_KINDS = ("all_required_achieved", "competencies_achieved", "points_at_least")


@dataclass(frozen=True)
class Outcomes:
    achieved: str = "Certifié"
    not_achieved: str = "Non certifié"
    incomplete: str = "Évaluation incomplète"

    def label(self, outcome: str) -> str:
        labels = {"achieved": self.achieved, "not_achieved": self.not_achieved, "incomplete": self.incomplete}
        return labels.get(outcome, outcome)


@dataclass(frozen=True)
class JuryRules:
    """Constraints on the jury that ``jury-tui check`` enforces."""

    min_jurors: int = 1
    president_required: bool = False
    min_external_ratio: float = 0.0


@dataclass(frozen=True)
class Evaluation:
    id: str
    title: str
    text: str = ""


@dataclass(frozen=True)
class Grid:
    id: str
    title: str
    version: str
    language: str
    certification_code: str
    content_hash: str
    scales: Mapping[str, Scale]
    competencies: tuple[Competency, ...]
    criteria: tuple[Criterion, ...]
    presentations: tuple[PresentationItem, ...] = ()
    questions: tuple[JuryQuestion, ...] = ()
    phases: tuple[Phase, ...] = ()
    rules: tuple[DecisionRule, ...] = (DecisionRule("all_required_achieved"),)
    outcomes: Outcomes = field(default_factory=Outcomes)
    jury_rules: JuryRules = field(default_factory=JuryRules)
    evaluation: Evaluation | None = None
    audience: str = ""
    prerequisites: str = ""
    prerequisites_check: str = ""
    disability_policy: str = ""
    accommodations: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "scales", MappingProxyType(dict(self.scales)))

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def scale_of(self, criterion: Criterion) -> Scale:
        return self.scales[criterion.scale]

    def criteria_of(self, competency_id: str) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.competency == competency_id)

    @property
    def defence_minutes(self) -> float:
        return sum(p.minutes for p in self.phases)

    @property
    def max_points(self) -> float:
        return sum(self.scale_of(c).max_points * c.weight for c in self.criteria)
