"""A jury session: date, place, grid, jurors and candidates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


def N_(message: str) -> str:
    """Mark a message for translation; it is translated where it is shown."""
    return message

ROLES = ("president", "member")


@dataclass(frozen=True)
class Accommodations:
    """What a candidate with a disability was granted for the evaluation."""

    extra_time_factor: float = 1.0
    third_party_assistance: bool = False
    adapted_material: str = ""
    other: str = ""

    @property
    def any(self) -> bool:
        return (
            self.extra_time_factor > 1.0
            or self.third_party_assistance
            or bool(self.adapted_material)
            or bool(self.other)
        )

    @property
    def extra_time_percent(self) -> int:
        return round((self.extra_time_factor - 1.0) * 100)

    def parts(self, translate: Callable[[str], str] = lambda s: s) -> list[str]:
        """What was granted, in words (for the banner, the export...)."""
        result = []
        if self.extra_time_factor > 1:
            result.append(translate(N_("extra time +{percent} %")).format(percent=self.extra_time_percent))
        if self.third_party_assistance:
            result.append(translate(N_("assistance by a third person")))
        if self.adapted_material:
            result.append(translate(N_("adapted material: {what}")).format(what=self.adapted_material))
        if self.other:
            result.append(self.other)
        return result

    def kinds(self, translate: Callable[[str], str] = lambda s: s) -> list[str]:
        """The kinds of accommodation only, never their detail (for documents others read: PV, letters)."""
        result = []
        if self.extra_time_factor > 1:
            result.append(translate(N_("extra time")))
        if self.third_party_assistance:
            result.append(translate(N_("assistance by a third person")))
        if self.adapted_material:
            result.append(translate(N_("adapted material")))
        if self.other:
            result.append(translate(N_("other accommodation")))
        return result


@dataclass(frozen=True)
class Juror:
    id: str
    name: str
    role: str = "member"
    external: bool = False
    conflicts: tuple[str, ...] = ()

    @property
    def is_president(self) -> bool:
        return self.role == "president"


@dataclass(frozen=True)
class Candidate:
    id: str
    last_name: str
    first_name: str = ""
    email: str = ""
    slot: str = ""
    prerequisites_verified: bool = False
    accommodations: Accommodations = field(default_factory=Accommodations)

    @property
    def display_name(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}".strip()


@dataclass(frozen=True)
class Session:
    id: str
    title: str
    date: dt.date | None
    place: str
    grid_id: str
    jurors: tuple[Juror, ...]
    candidates: tuple[Candidate, ...]
    folder: Path
    start_time: str = ""
    break_minutes: int = 0

    def juror(self, juror_id: str) -> Juror | None:
        return next((j for j in self.jurors if j.id == juror_id), None)

    def candidate(self, candidate_id: str) -> Candidate | None:
        return next((c for c in self.candidates if c.id == candidate_id), None)

    @property
    def president(self) -> Juror | None:
        return next((j for j in self.jurors if j.is_president), None)
