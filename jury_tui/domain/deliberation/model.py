"""The jury's deliberation for one candidate: compare sheets, settle, decide, sign.

Where the jurors' submitted sheets agree the jury level is pre-filled; every
divergence must be settled with a level and a written reason.  The jury may
depart from the proposed outcome only with a written motivation.  The record
keeps the content hash of every sheet it was based on, so a sheet changed
afterwards is detected.

Each signature stores the digest of the content it signed, and a signed
deliberation carries that digest as its ``content_hash``: an edit made
outside jury-tui afterwards is detected.  A signed deliberation refuses edits
(:class:`DeliberationLocked`) until it is reopened with a recorded reason,
which clears the signatures.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from jury_tui.domain.grid.decision import (
    ACHIEVED,
    INCOMPLETE,
    NOT_ACHIEVED,
    Decision,
    decide_outcome,
)
from jury_tui.domain.grid.model import Grid
from jury_tui.domain.sheet.model import Reopening, ScoreSheet, now

OUTCOMES = (ACHIEVED, NOT_ACHIEVED, INCOMPLETE)


def file_hash(path: Path) -> str:
    """Hash of a file's bytes ("" when it cannot be read)."""
    try:
        return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


@dataclass(frozen=True)
class Comparison:
    """One criterion across the jurors' sheets."""

    criterion_id: str
    levels: Mapping[str, str | None]  # juror id -> level id
    notes: Mapping[str, str]

    @property
    def divergent(self) -> bool:
        return len({lv for lv in self.levels.values()}) > 1

    @property
    def agreed(self) -> str | None:
        values = set(self.levels.values())
        return next(iter(values)) if len(values) == 1 else None


def compare(grid: Grid, sheets: Mapping[str, ScoreSheet]) -> list[Comparison]:
    return [
        Comparison(
            c.id,
            {juror: sheet.score(c.id).level for juror, sheet in sheets.items()},
            {juror: sheet.score(c.id).note for juror, sheet in sheets.items() if sheet.score(c.id).note},
        )
        for c in grid.criteria
    ]


@dataclass(frozen=True)
class Settlement:
    level: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class SignOff:
    """A juror's signature: who, when, and the digest of what was signed."""

    juror: str
    at: dt.datetime
    record_hash: str = ""


class DeliberationLocked(Exception):
    """An edit was attempted on a signed deliberation (reopen it first)."""


class AlreadySigned(Exception):
    """A juror tried to sign a deliberation twice."""


@dataclass(frozen=True)
class Deliberation:
    session_id: str
    candidate_id: str
    grid_hash: str
    based_on: Mapping[str, str]  # juror id -> sheet file hash
    settlements: Mapping[str, Settlement] = field(default_factory=dict)
    final_outcome: str = ""
    motivation: str = ""
    signoffs: tuple[SignOff, ...] = ()
    content_hash: str = ""  # digest of the signed content; "" while unsigned
    reopenings: tuple[Reopening, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "based_on", MappingProxyType(dict(self.based_on)))
        object.__setattr__(self, "settlements", MappingProxyType(dict(self.settlements)))

    def levels(self) -> dict[str, str | None]:
        return {cid: s.level for cid, s in self.settlements.items()}

    @property
    def is_signed(self) -> bool:
        """At least one juror signed: the content is locked until reopened."""
        return bool(self.signoffs)

    def signoff(self, juror: str) -> SignOff | None:
        return next((s for s in self.signoffs if s.juror == juror), None)

    def _editable(self) -> None:
        if self.is_signed:
            raise DeliberationLocked(self.candidate_id)

    def settled(self, criterion_id: str, level: str | None, reason: str = "") -> Deliberation:
        self._editable()
        settlements = dict(self.settlements)
        settlements[criterion_id] = Settlement(level, reason)
        return replace(self, settlements=settlements)

    def decided(self, outcome: str, motivation: str = "") -> Deliberation:
        self._editable()
        return replace(self, final_outcome=outcome, motivation=motivation)

    def signed(self, juror: str, at: dt.datetime | None = None) -> Deliberation:
        """Add ``juror``'s signature over the current content; signing twice is refused."""
        if self.signoff(juror) is not None:
            raise AlreadySigned(juror)
        digest = deliberation_digest(self)
        return replace(self, signoffs=self.signoffs + (SignOff(juror, at or now(), digest),), content_hash=digest)

    def reopened(self, by: str, reason: str, at: dt.datetime | None = None) -> Deliberation:
        """Unlock a signed deliberation: the reason is kept, the signatures are cleared."""
        if not self.is_signed:
            return self
        return replace(self, signoffs=(), content_hash="",
                       reopenings=self.reopenings + (Reopening(at or now(), by, reason),))

    def proposed(self, grid: Grid) -> Decision:
        return decide_outcome(grid, self.levels())

    def outcome(self, grid: Grid) -> str:
        return self.final_outcome or self.proposed(grid).outcome


def deliberation_digest(deliberation: Deliberation) -> str:
    """Digest of what the jury decided: the sheets it was based on, levels, reasons, outcome, motivation."""
    payload = {
        "who": [deliberation.session_id, deliberation.candidate_id, deliberation.grid_hash],
        "based_on": dict(sorted(deliberation.based_on.items())),
        "levels": {cid: [s.level, s.reason] for cid, s in sorted(deliberation.settlements.items())},
        "outcome": [deliberation.final_outcome, deliberation.motivation],
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def unsigned_content(deliberation: Deliberation) -> bool:
    """Signed, but the content no longer matches the digest it was signed with (edited outside jury-tui)."""
    if not deliberation.is_signed:
        return False
    digest = deliberation_digest(deliberation)
    return deliberation.content_hash != digest or any(s.record_hash != digest for s in deliberation.signoffs)


def start(grid: Grid, session_id: str, candidate_id: str, sheets: Mapping[str, ScoreSheet],
          hashes: Mapping[str, str]) -> Deliberation:
    """A new deliberation: levels the jurors agree on are pre-filled."""
    settlements = {c.criterion_id: Settlement(c.agreed) for c in compare(grid, sheets) if c.agreed}
    return Deliberation(session_id, candidate_id, grid.content_hash, dict(hashes), settlements)


@dataclass(frozen=True)
class Issue:
    """What still prevents the deliberation from being complete."""

    kind: str  # "unsettled", "reason", "outcome", "motivation", "signature"
    subject: str


def open_issues(grid: Grid, deliberation: Deliberation, comparisons: list[Comparison],
                jurors: tuple[str, ...]) -> list[Issue]:
    issues: list[Issue] = []
    for comparison in comparisons:
        settlement = deliberation.settlements.get(comparison.criterion_id, Settlement())
        if settlement.level is None:
            issues.append(Issue("unsettled", comparison.criterion_id))
        elif comparison.divergent and not settlement.reason.strip():
            issues.append(Issue("reason", comparison.criterion_id))
    proposed = deliberation.proposed(grid).outcome
    if not deliberation.final_outcome:
        issues.append(Issue("outcome", ""))
    elif deliberation.final_outcome != proposed and not deliberation.motivation.strip():
        issues.append(Issue("motivation", deliberation.final_outcome))
    signed = {s.juror for s in deliberation.signoffs}
    issues += [Issue("signature", juror) for juror in jurors if juror not in signed]
    return issues


def changed_sheets(deliberation: Deliberation, current: Mapping[str, str]) -> list[str]:
    """Jurors whose sheet file changed (or vanished) since the deliberation."""
    return sorted(j for j, digest in deliberation.based_on.items() if current.get(j, "") != digest)
