"""The grading grid: scales, blocks, competencies, criteria, evaluations and rules.

These immutable values are built by :mod:`jury_tui.domain.grid.loader` from
a TOML file a certifier writes by hand (see ``docs/grid-format.md``).

A grid may group its competencies into **blocks** (« blocs de compétences »
of an RNCP title), which a candidate validates one by one, and may assess its
criteria in several **evaluations** (a written case study, an oral...), each
with its own timed phases.  A grid without blocks and with a single
``[evaluation]`` (the first format) is read as one evaluation assessing every
criterion.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from jury_tui.i18n import N_


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
class Block:
    """A « bloc de compétences »: a part of the certification validated on its own."""

    id: str
    title: str
    code: str = ""  # the official code, e.g. RNCP00000BC01
    text: str = ""

    @property
    def name(self) -> str:
        """« B1 Titre du bloc »: how reasons and the minutes name it."""
        return f"{self.id} {self.title}".strip() if self.title != self.id else self.id

    @property
    def official_name(self) -> str:
        """« B1 Titre du bloc (RNCP00000BC01) »: its name and, when it has one, its official code."""
        return f"{self.name} ({self.code})" if self.code else self.name


@dataclass(frozen=True)
class Competency:
    id: str
    text: str
    title: str = ""
    block: str = ""  # the block's id, when the grid has blocks


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

    @property
    def name(self) -> str:
        """« Cr1.2 Budget »: the id and, in words, what it is."""
        return f"{self.id} {self.title}".strip() if self.title and self.title != self.id else self.id


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
    criteria: tuple[str, ...] = ()  # the criteria its answer informs

    @property
    def name(self) -> str:
        """The topic, else the beginning of the question itself: never its bare id."""
        if self.topic:
            return self.topic
        text = " ".join(self.text.split())
        return text if len(text) <= 60 else text[:59].rstrip() + "…"


@dataclass(frozen=True)
class Phase:
    """A timed phase of the oral defence."""

    id: str
    label: str
    minutes: float


GRID_SCOPE = "grid"
EACH_BLOCK = "blocks"


@dataclass(frozen=True)
class DecisionRule:
    """One condition of the decision, on the whole grid or on blocks.

    kinds: ``all_required_achieved``; ``criteria_achieved`` (at least
    ``min_ratio`` of the criteria achieved); ``competencies_achieved`` (in
    every competency, at least ``min_ratio`` of its criteria achieved);
    ``points_at_least`` (weighted points >= ``threshold``, or >= ``percent``
    % of the maximum when ``percent`` is set); ``no_criterion_below`` (no
    criterion of ``scale`` at a level worth fewer points than ``level``).

    ``scope`` is ``"grid"`` (a condition of any validation), ``"blocks"``
    (checked in each block separately) or one block's id.
    """

    kind: str
    threshold: float = 0.0
    min_ratio: float = 1.0
    scope: str = GRID_SCOPE
    percent: float | None = None
    level: str = ""
    scale: str = ""

    def applies_to(self, block_id: str) -> bool:
        return self.scope in (EACH_BLOCK, block_id)


RULE_KINDS = ("all_required_achieved", "criteria_achieved", "competencies_achieved", "points_at_least",
              "no_criterion_below")


@dataclass(frozen=True)
class Outcomes:
    """The labels of the outcomes, as the certifier words them."""

    achieved: str = "Certifié"
    not_achieved: str = "Non certifié"
    incomplete: str = "Évaluation incomplète"
    partial: str = "Validation partielle"

    def label(self, outcome: str) -> str:
        return str(getattr(self, outcome))


@dataclass(frozen=True)
class JuryRules:
    """Constraints on the jury that ``jury-tui check`` enforces."""

    min_jurors: int = 1
    president_required: bool = False
    min_external_ratio: float = 0.0


# what an evaluation is, in words (the grid's `kind`); translated where shown
EVALUATION_KINDS: Mapping[str, str] = MappingProxyType({
    "written": N_("written"),
    "oral": N_("oral"),
    "practical": N_("practical situation"),
    "case_study": N_("case study"),
    "portfolio": N_("portfolio"),
    "project": N_("project"),
    "interview": N_("interview"),
    "other": N_("other"),
})


@dataclass(frozen=True)
class Evaluation:
    """One evaluation of the certification: its own phases and the criteria it assesses."""

    id: str
    title: str
    text: str = ""
    kind: str = ""
    phases: tuple[Phase, ...] = ()
    criteria: tuple[str, ...] = ()

    @property
    def minutes(self) -> float:
        return sum(p.minutes for p in self.phases)

    def assesses(self, criterion_id: str) -> bool:
        return criterion_id in self.criteria


@dataclass(frozen=True)
class Appeal:
    """How a candidate contests the jury's decision, as the certifier words it (printed in letters)."""

    text: str = ""
    body: str = ""  # who to write to
    time_limit: str = ""  # e.g. "three months from notification"


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
    rules: tuple[DecisionRule, ...] = (DecisionRule("all_required_achieved"),)
    outcomes: Outcomes = field(default_factory=Outcomes)
    jury_rules: JuryRules = field(default_factory=JuryRules)
    evaluations: tuple[Evaluation, ...] = ()
    blocks: tuple[Block, ...] = ()
    audience: str = ""
    prerequisites: str = ""
    prerequisites_check: str = ""
    disability_policy: str = ""
    accommodations: tuple[str, ...] = ()
    appeal: Appeal | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "scales", MappingProxyType(dict(self.scales)))

    def criterion(self, criterion_id: str) -> Criterion | None:
        return self._criteria_by_id.get(criterion_id)

    @cached_property
    def achieved_levels(self) -> Mapping[str, frozenset[str]]:
        """Per criterion id, the ids of its scale's levels that count as achieved."""
        return MappingProxyType({cid: frozenset(lv.id for lv in self.scale_of(c).levels if lv.achieved)
                                 for cid, c in self._criteria_by_id.items()})

    @cached_property
    def _criteria_by_id(self) -> dict[str, Criterion]:
        """Criteria by id (the export looks one up for every level of every sheet)."""
        found: dict[str, Criterion] = {}
        for criterion in self.criteria:
            found.setdefault(criterion.id, criterion)  # the first one, as a scan would find it
        return found

    def scale_of(self, criterion: Criterion) -> Scale:
        return self.scales[criterion.scale]

    def level_of(self, criterion_id: str, level_id: str | None) -> Level | None:
        """The level ``level_id`` of the criterion's own scale; None for no level or an unknown criterion or level."""
        criterion = self.criterion(criterion_id)
        return self.scale_of(criterion).level(level_id) if criterion is not None and level_id else None

    def criteria_of(self, competency_id: str) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.competency == competency_id)

    def competency(self, competency_id: str) -> Competency | None:
        return next((c for c in self.competencies if c.id == competency_id), None)

    def question(self, question_id: str) -> JuryQuestion | None:
        return next((q for q in self.questions if q.id == question_id), None)

    # -- blocks ----------------------------------------------------------------
    def block(self, block_id: str) -> Block | None:
        return next((b for b in self.blocks if b.id == block_id), None)

    def competencies_of_block(self, block_id: str) -> tuple[Competency, ...]:
        return tuple(c for c in self.competencies if c.block == block_id)

    def criteria_of_block(self, block_id: str) -> tuple[Criterion, ...]:
        members = {c.id for c in self.competencies_of_block(block_id)}
        return tuple(c for c in self.criteria if c.competency in members)

    def block_of(self, criterion: Criterion) -> Block | None:
        competency = self.competency(criterion.competency)
        return self.block(competency.block) if competency and competency.block else None

    # -- evaluations -----------------------------------------------------------
    @property
    def evaluation(self) -> Evaluation | None:
        """The first (often the only) evaluation."""
        return self.evaluations[0] if self.evaluations else None

    def find_evaluation(self, evaluation_id: str) -> Evaluation | None:
        return next((e for e in self.evaluations if e.id == evaluation_id), None)

    def evaluations_of(self, criterion_id: str) -> tuple[Evaluation, ...]:
        return tuple(e for e in self.evaluations if e.assesses(criterion_id))

    def criteria_in(self, evaluation: Evaluation | None) -> tuple[Criterion, ...]:
        """The criteria an evaluation assesses, in the grid's order (all of them for None)."""
        if evaluation is None:
            return self.criteria
        return tuple(c for c in self.criteria if evaluation.assesses(c.id))

    def questions_for(self, criterion_id: str) -> tuple[JuryQuestion, ...]:
        """The questions whose answer informs this criterion."""
        return tuple(q for q in self.questions if criterion_id in q.criteria)

    def questions_in(self, evaluation: Evaluation | None) -> tuple[JuryQuestion, ...]:
        """Questions of an evaluation: tied to one of its criteria, or tied to none."""
        if evaluation is None:
            return self.questions
        return tuple(q for q in self.questions if not q.criteria or any(evaluation.assesses(c) for c in q.criteria))

    @property
    def phases(self) -> tuple[Phase, ...]:
        """Every timed phase, evaluation after evaluation."""
        return tuple(p for e in self.evaluations for p in e.phases)

    @property
    def defence_minutes(self) -> float:
        return sum(e.minutes for e in self.evaluations)

    # -- points ----------------------------------------------------------------
    def max_points_of(self, criteria: Iterable[Criterion]) -> float:
        return sum(self.scale_of(c).max_points * c.weight for c in criteria)

    @property
    def max_points(self) -> float:
        return self.max_points_of(self.criteria)
