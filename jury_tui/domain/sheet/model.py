"""A juror's score sheet for one candidate, as an immutable value.

Every edit returns a new sheet; :mod:`jury_tui.domain.sheet.files` reads and
writes them.  A submitted sheet refuses edits until it is explicitly
reopened, and carries a digest of its content so that later edits made
outside jury-tui are detected.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from jury_tui.domain.grid.model import Grid
from jury_tui.domain.storage.errors import N_, render

DRAFT = "draft"
SUBMITTED = "submitted"
STATUSES = (DRAFT, SUBMITTED)


def now() -> dt.datetime:
    """Local time with offset, to the second: what sheets record."""
    return dt.datetime.now().astimezone().replace(microsecond=0)


class SheetLocked(Exception):
    """An edit was attempted on a submitted sheet."""


class ReasonRequired(ValueError):
    """A submitted sheet is reopened only with a written reason."""


@dataclass(frozen=True)
class CriterionScore:
    level: str | None = None
    note: str = ""
    changed_at: dt.datetime | None = None


@dataclass(frozen=True)
class QuestionAnswer:
    asked: bool = False
    answer: str = ""


@dataclass(frozen=True)
class Reopening:
    at: dt.datetime
    by: str
    reason: str


@dataclass(frozen=True)
class ScoreSheet:
    session_id: str
    candidate_id: str
    juror_id: str
    grid_id: str
    grid_version: str
    grid_hash: str
    scores: Mapping[str, CriterionScore] = field(default_factory=dict)
    presented: frozenset[str] = frozenset()
    answers: Mapping[str, QuestionAnswer] = field(default_factory=dict)
    comment: str = ""
    status: str = DRAFT
    submitted_at: dt.datetime | None = None
    submitted_by: str = ""
    content_hash: str = ""
    reopenings: tuple[Reopening, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "scores", MappingProxyType(dict(self.scores)))
        object.__setattr__(self, "answers", MappingProxyType(dict(self.answers)))

    @classmethod
    def blank(cls, grid: Grid, session_id: str, candidate_id: str, juror_id: str) -> ScoreSheet:
        return cls(session_id, candidate_id, juror_id, grid.id, grid.version, grid.content_hash)

    # -- reading ---------------------------------------------------------
    @property
    def is_submitted(self) -> bool:
        return self.status == SUBMITTED

    def score(self, criterion_id: str) -> CriterionScore:
        return self.scores.get(criterion_id, CriterionScore())

    def levels(self) -> dict[str, str | None]:
        return {cid: s.level for cid, s in self.scores.items()}

    def answer(self, question_id: str) -> QuestionAnswer:
        return self.answers.get(question_id, QuestionAnswer())

    def scored_count(self, grid: Grid) -> int:
        return sum(1 for c in grid.criteria if self.score(c.id).level)

    @property
    def is_started(self) -> bool:
        return bool(
            any(s.level or s.note for s in self.scores.values())
            or self.presented
            or self.answers
            or self.comment
        )

    # -- editing ---------------------------------------------------------
    def _editable(self) -> None:
        if self.is_submitted:
            raise SheetLocked(render(N_("the sheet of {juror} for {candidate} is submitted"),
                                     {"juror": self.juror_id, "candidate": self.candidate_id}))

    def with_level(self, criterion_id: str, level: str | None, at: dt.datetime | None = None) -> ScoreSheet:
        self._editable()
        old = self.score(criterion_id)
        scores = dict(self.scores)
        scores[criterion_id] = replace(old, level=level, changed_at=at or now())
        return replace(self, scores=scores)

    def with_note(self, criterion_id: str, note: str, at: dt.datetime | None = None) -> ScoreSheet:
        self._editable()
        old = self.score(criterion_id)
        if old.note == note:
            return self
        scores = dict(self.scores)
        scores[criterion_id] = replace(old, note=note, changed_at=at or now())
        return replace(self, scores=scores)

    def with_presented(self, item_id: str, presented: bool) -> ScoreSheet:
        self._editable()
        items = set(self.presented)
        items.add(item_id) if presented else items.discard(item_id)
        return replace(self, presented=frozenset(items))

    def with_answer(self, question_id: str, *, asked: bool | None = None, answer: str | None = None) -> ScoreSheet:
        self._editable()
        old = self.answer(question_id)
        new = QuestionAnswer(
            asked=old.asked if asked is None else asked,
            answer=old.answer if answer is None else answer,
        )
        if new == old and question_id in self.answers:
            return self
        answers = dict(self.answers)
        answers[question_id] = new
        return replace(self, answers=answers)

    def with_comment(self, comment: str) -> ScoreSheet:
        self._editable()
        return self if comment == self.comment else replace(self, comment=comment)

    def submitted(self, by: str, at: dt.datetime | None = None) -> ScoreSheet:
        self._editable()
        sheet = replace(self, status=SUBMITTED, submitted_at=at or now(), submitted_by=by, content_hash="")
        return replace(sheet, content_hash=sheet_digest(sheet))

    def reopened(self, by: str, reason: str, at: dt.datetime | None = None) -> ScoreSheet:
        if not self.is_submitted:
            return self
        record = Reopening(at or now(), by, reason)
        return replace(
            self,
            status=DRAFT,
            submitted_at=None,
            submitted_by="",
            content_hash="",
            reopenings=self.reopenings + (record,),
        )


def sheet_digest(sheet: ScoreSheet) -> str:
    """Digest of what a juror decided: scores, ticks, answers, comment."""

    def iso(value: dt.datetime | None) -> str:
        return value.isoformat() if value else ""

    payload = {
        "who": [sheet.session_id, sheet.candidate_id, sheet.juror_id, sheet.grid_hash],
        "scores": {cid: [s.level, s.note, iso(s.changed_at)] for cid, s in sorted(sheet.scores.items())},
        "presented": sorted(sheet.presented),
        "answers": {qid: [a.asked, a.answer] for qid, a in sorted(sheet.answers.items())},
        "comment": sheet.comment,
        "submitted": [sheet.submitted_by, iso(sheet.submitted_at)],
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Missing:
    """Something the grid requires that the sheet lacks."""

    kind: str  # "criterion", "question"
    id: str
    blocking: bool = True


def missing_items(sheet: ScoreSheet, grid: Grid) -> list[Missing]:
    """What must be filled before the sheet can be submitted.

    Required criteria must have a level, and questions that are not optional
    must be marked as asked.  Required presentation items that were not
    ticked are reported but do not block: a candidate may fail to present one.
    """
    result: list[Missing] = []
    for criterion in grid.criteria:
        if criterion.required and not sheet.score(criterion.id).level:
            result.append(Missing("criterion", criterion.id))
    for question in grid.questions:
        if not question.optional and not sheet.answer(question.id).asked:
            result.append(Missing("question", question.id))
    for item in grid.presentations:
        if item.required and item.id not in sheet.presented:
            result.append(Missing("presentation", item.id, blocking=False))
    return result


def submission_blockers(sheet: ScoreSheet, grid: Grid) -> list[Missing]:
    """What stops the sheet from being submitted now (empty: it can be submitted)."""
    return [item for item in missing_items(sheet, grid) if item.blocking]


def reopen(sheet: ScoreSheet, by: str, reason: str, at: dt.datetime | None = None) -> ScoreSheet:
    """A juror reopens their submitted sheet: the reason is required and recorded.

    Raises :class:`ReasonRequired` for a blank reason.  (Rebuilding a sheet
    from an old journal uses :meth:`ScoreSheet.reopened` directly: the
    journal did not record reasons.)
    """
    reason = reason.strip()
    if not reason:
        raise ReasonRequired("a reason is required to reopen a submitted sheet")
    return sheet.reopened(by, reason, at)
