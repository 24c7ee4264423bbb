"""Where a candidate's texts hold invisible characters (bidirectional controls, zero-width).

Such a character makes a text display differently from what it holds: a
name that reads backwards, two names that look the same and differ.  The
export lists each place as an ``invisible_characters`` anomaly (the workbook
shows the characters as ⟨U+202E⟩); the files keep them as written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jury_tui.domain.deliberation.model import Deliberation
from jury_tui.domain.session.model import Candidate, Session
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.storage.errors import N_, Msg
from jury_tui.domain.storage.text import invisible_characters


@dataclass(frozen=True)
class InvisibleText:
    """One text with invisible characters: whose, in which file, which text (a message), which characters."""

    juror: str
    path: Path | None
    where: Msg
    characters: tuple[str, ...]


def _texts_of_candidate(candidate: Candidate) -> Iterator[tuple[Msg, str]]:
    yield Msg.of(N_("the last name of candidate {candidate}"), candidate=candidate.id), candidate.last_name
    yield Msg.of(N_("the first name of candidate {candidate}"), candidate=candidate.id), candidate.first_name
    yield Msg.of(N_("the email of candidate {candidate}"), candidate=candidate.id), candidate.email
    accommodations = candidate.accommodations
    yield Msg.of(N_("the accommodations of candidate {candidate}"), candidate=candidate.id), \
        f"{accommodations.adapted_material} {accommodations.other}"


def _texts_of_sheet(sheet: ScoreSheet) -> Iterator[tuple[Msg, str]]:
    for criterion, score in sheet.scores.items():
        yield Msg.of(N_("the note of {juror} on {criterion}"), juror=sheet.juror_id, criterion=criterion), score.note
    for question, answer in sheet.answers.items():
        yield Msg.of(N_("the answer of {juror} to question {question}"), juror=sheet.juror_id,
                     question=question), answer.answer
    yield Msg.of(N_("the general comment of {juror}"), juror=sheet.juror_id), sheet.comment
    for reopening in sheet.reopenings:
        yield Msg.of(N_("a reason for reopening the sheet of {juror}"), juror=sheet.juror_id), reopening.reason


def _texts_of_deliberation(deliberation: Deliberation) -> Iterator[tuple[Msg, str]]:
    yield Msg.of(N_("the motivation of the deliberation of {candidate}"),
                 candidate=deliberation.candidate_id), deliberation.motivation
    for criterion, settlement in deliberation.settlements.items():
        yield Msg.of(N_("the reason given for {criterion} in the deliberation of {candidate}"),
                     criterion=criterion, candidate=deliberation.candidate_id), settlement.reason


def session_texts(session: Session, path: Path) -> Iterator[InvisibleText]:
    """The session's own texts: title, place, jurors' names."""
    texts = [(Msg(N_("the title of the session")), session.title), (Msg(N_("the place of the session")), session.place)]
    texts += [(Msg.of(N_("the name of juror {juror}"), juror=juror.id), juror.name) for juror in session.jurors]
    for where, text in texts:
        found = invisible_characters(text)
        if found:
            yield InvisibleText("", path, where, tuple(found))


def candidate_texts(candidate: Candidate, session_file: Path, sheets: list[tuple[Path, ScoreSheet]],
                    deliberation: tuple[Path, Deliberation] | None) -> Iterator[InvisibleText]:
    """Every text held about one candidate: identity, each juror's sheet, the deliberation."""
    for where, text in _texts_of_candidate(candidate):
        found = invisible_characters(text)
        if found:
            yield InvisibleText("", session_file, where, tuple(found))
    for path, sheet in sheets:
        for where, text in _texts_of_sheet(sheet):
            found = invisible_characters(text)
            if found:
                yield InvisibleText(sheet.juror_id, path, where, tuple(found))
    if deliberation is not None:
        dpath, record = deliberation
        for where, text in _texts_of_deliberation(record):
            found = invisible_characters(text)
            if found:
                yield InvisibleText("", dpath, where, tuple(found))
