"""A candidate's decision letter: the decision, its motivation, each criterion, what was missing, how to contest.

Only a decided candidate gets a letter (a proposal is not a decision), only
under the candidate's real identity (never for pseudonymised or purged data),
and the appeal text is the certifier's own, from the grid's ``[appeal]``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jury_tui import __version__
from jury_tui.domain.grid.decision import ACHIEVED
from jury_tui.domain.grid.model import Appeal
from jury_tui.domain.storage.errors import N_, JuryError, Problem
from jury_tui.domain.workspace.consolidate import CandidateResult
from jury_tui.domain.workspace.privacy import PURGED
from jury_tui.i18n import _, format_date, translator
from jury_tui.pdf.document import SMALL, Document
from jury_tui.pdf.pv import Written
from jury_tui.pdf.records import SessionRecords, jury_of, records_hash
from jury_tui.pdf.texts import Translate, block_rows, role_text, state_text, wall_clock

PSEUDONYM_PREFIX = "P-"


@dataclass(frozen=True)
class Refusal:
    """A candidate who gets no letter, and why (a message id with its values)."""

    candidate: str
    problem: Problem


def letter_name(candidate_id: str) -> str:
    return f"decision-{candidate_id}.pdf"


def choose(records: SessionRecords, wanted: Iterable[str]) -> tuple[list[CandidateResult], list[Refusal]]:
    """The candidates to write to (all decided ones when none is named) and those refused, with why."""
    folder = records.session.folder / "session.toml"
    names = list(dict.fromkeys(wanted))
    chosen: list[CandidateResult] = []
    refused: list[Refusal] = []
    for candidate_id in names or [r.candidate.id for r in records.results]:
        result = records.result(candidate_id)
        if result is None:
            looks_pseudonym = candidate_id.startswith(PSEUDONYM_PREFIX) and len(candidate_id) == 12
            message = (N_('"{candidate}" looks like a pseudonym: letters are never written from pseudonymised '
                          'data; give the real candidate id') if looks_pseudonym else
                       N_('no candidate "{candidate}" in session {session} (known: {known})'))
            refused.append(Refusal(candidate_id, Problem.of(folder, message, candidate=candidate_id,
                                                            session=records.session.id,
                                                            known=", ".join(r.candidate.id for r in records.results))))
        elif result.candidate.last_name == PURGED:
            refused.append(Refusal(candidate_id, Problem.of(folder, N_(
                "{candidate}: this candidate's data was purged: no letter"), candidate=candidate_id)))
        elif not result.status.decided:
            refused.append(Refusal(candidate_id, Problem.of(folder, N_(
                "{candidate}: not decided yet ({state}): a letter is written once the jury has decided and signed"),
                candidate=candidate_id, state=state_text(result, _))))
        else:
            chosen.append(result)
    return chosen, refused


def write_letter(records: SessionRecords, result: CandidateResult, path: Path, language: str = "fr",
                 now: dt.datetime | None = None) -> Written:
    """Write one decided candidate's letter to ``path`` (durably, owner-only)."""
    _ = translator(language)
    session, grid, candidate = records.session, result.grid, result.candidate
    if not result.status.decided or result.deliberation is None:
        raise JuryError.at(path, N_("{candidate}: not decided yet: no letter"), candidate=candidate.id)
    deliberation = result.deliberation
    made_at = now or dt.datetime.now().astimezone()
    sources = [(e.path, _digest(e.path)) for e in result.sheets]
    doc = Document(
        title=_("Decision of the jury") + f" — {candidate.first_name} {candidate.last_name}",
        footer_left=_("Decision letter — {session} — {candidate}").format(session=session.id, candidate=candidate.id),
        records_hash=records_hash(sources + [(session.folder / "deliberation" / f"{candidate.id}.toml",
                                              _digest(session.folder / "deliberation" / f"{candidate.id}.toml"))],
                                  session.folder),
        page_label=_("page {page}/{pages}"),
        hash_label=_("records: {hash}"),
        made_label=_("made on {date} by jury-tui {version}").format(
            date=wall_clock(made_at, language), version=__version__),
        language=language,
        made_at=made_at,
    )
    doc.add_page()
    doc.paragraph(grid.title + (f" ({grid.certification_code})" if grid.certification_code else ""), bold=True)
    doc.paragraph(_("{place}, {date}").format(place=session.place, date=format_date(made_at.date(), language)),
                  space_after=4)
    doc.paragraph(_("To: {name}").format(name=f"{candidate.first_name} {candidate.last_name}".strip()),
                  bold=True, space_after=4)
    doc.heading(_("Decision of the jury"), size=15)
    doc.paragraph(_("The jury met on {date} in {place} for the certification “{title}” and deliberated on your "
                    "evaluation.").format(date=format_date(session.date, language), place=session.place,
                                          title=grid.title))
    outcome = result.status.final_outcome
    doc.fields([
        (_("Decision"), result.status.final_text(grid, _)),
        (_("Motivation"), deliberation.motivation or _("none given (the decision follows the grid's rules)")),
    ])
    blocks = block_rows(result, _)
    if blocks:
        doc.heading(_("Blocks of competencies"), size=12)
        doc.paragraph(_("Each block of competencies is validated on its own."), size=SMALL + 0.5)
        doc.grid((_("Block (official code)"), _("Result"), _("Why not validated")), blocks,
                 (doc.epw - 124, 44, 80))
    doc.heading(_("Competencies and criteria"), size=12)
    _criteria(doc, result, _)
    if outcome != ACHIEVED:
        doc.heading(_("What was missing"), size=12)
        proposal = result.status.proposal
        reasons = [reason.message(_) for reason in proposal.reasons] if proposal else []
        doc.paragraph("\n".join(f"• {r}" for r in reasons) if reasons else
                      _("The criteria meet the grid's rules; the jury's motivation above explains its decision."))
    _appeal(doc, grid.appeal, _)
    doc.heading(_("The jury"), size=12, keep=25)
    signed = {s.juror: s.at for s in deliberation.signoffs}
    doc.paragraph("\n".join(
        _("{name}, {role}, signed on {date}").format(name=j.name, role=role_text(j, _),
                                                      date=wall_clock(signed.get(j.id), language))
        for j in jury_of(result)))
    doc.save(path)
    return Written(Path(path), doc.pages_count, False, tuple(doc.fallbacks))


def _criteria(doc: Document, result: CandidateResult, _: Translate) -> None:
    """Each competency (spanning its rows) and each of its criteria with the level the jury set."""
    grid = result.grid
    with doc.table_for((_("Competency"), _("Criterion"), _("Result")), (52, doc.epw - 100, 48)) as table:
        for competency in grid.competencies:
            criteria = grid.criteria_of(competency.id)
            for index, criterion in enumerate(criteria):
                level_id = result.final_levels.get(criterion.id)
                level = grid.scale_of(criterion).level(level_id) if level_id else None
                verdict = (_("achieved") if level.achieved else _("not achieved")) if level else _("not settled")
                label = f"{level.symbol} {level.label}".strip() if level else "—"
                text = label if level and level.label.casefold() == verdict.casefold() else f"{label} ({verdict})"
                row = table.row()
                if index == 0:
                    row.cell(doc.clean(f"{competency.id} — {competency.title or competency.text}"),
                             rowspan=len(criteria))
                row.cell(doc.clean(f"{criterion.id} — {criterion.title}"))
                row.cell(doc.clean(text))


def _appeal(doc: Document, appeal: Appeal | None, _: Translate) -> None:
    doc.heading(_("How to contest this decision"), size=12, keep=30)
    if appeal is None:
        doc.paragraph(_("To contest this decision, write to the certifier who organised this session, "
                        "giving your reasons."))
        return
    if appeal.text:
        doc.paragraph(appeal.text)
    pairs = []
    if appeal.body:
        pairs.append((_("Write to"), appeal.body))
    if appeal.time_limit:
        pairs.append((_("Time limit"), appeal.time_limit))
    if pairs:
        doc.fields(pairs)


def _digest(path: Path) -> str:
    from jury_tui.domain.deliberation.model import file_hash

    return file_hash(path)


def write_letters(records: SessionRecords, results: list[CandidateResult], folder: Path,
                  language: str = "fr") -> list[Written]:
    return [write_letter(records, r, Path(folder) / letter_name(r.candidate.id), language) for r in results]


__all__ = ["Refusal", "choose", "letter_name", "state_text", "write_letter", "write_letters"]
