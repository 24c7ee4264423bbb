"""The jury's minutes (procès-verbal) of one session, as a printable A4 PDF.

It names the certification, the grid and its version, the session's date and
place, the jury with roles; for each candidate the decision state and the
outcome (a final outcome only once decided, otherwise a labelled proposal),
the motivation, the competencies and criteria achieved or not, every divergence
the jury settled (each juror's level, the jury's level and its reason) and the
KIND of accommodation applied; then a signature block per juror with the in-app
sign-off times and room for a handwritten signature.  A session that is not
fully decided is stamped PROVISOIRE on every page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from jury_tui import __version__
from jury_tui.domain.grid.model import Grid
from jury_tui.domain.session.model import Juror
from jury_tui.domain.workspace.consolidate import CandidateResult
from jury_tui.i18n import format_date, translator
from jury_tui.pdf.document import BODY, SMALL, Document, Fallback
from jury_tui.pdf.records import SessionRecords, jury_of
from jury_tui.pdf.texts import (
    Translate,
    accommodation_kinds,
    block_rows,
    candidate_name,
    competency_rows,
    evaluations_text,
    outcome_text,
    role_text,
    signoff_text,
    state_text,
    wall_clock,
)


@dataclass(frozen=True)
class Written:
    """What was written: the file, its pages, whether it is provisional and the font fallbacks."""

    path: Path
    pages: int
    provisional: bool
    fallbacks: tuple[Fallback, ...] = field(default_factory=tuple)


def write_pv(records: SessionRecords, path: Path, language: str = "fr",
             now: dt.datetime | None = None) -> Written:
    """Write the PV of ``records`` to ``path`` (durably, owner-only)."""
    _ = translator(language)
    session = records.session
    made_at = now or dt.datetime.now().astimezone()
    decided = sum(1 for r in records.results if r.status.decided)
    provisional = decided < len(records.results)
    doc = Document(
        title=_("Minutes of the jury's deliberation") + f" — {session.title or session.id}",
        footer_left=_("Minutes — {session}").format(session=session.id),
        records_hash=records.records_hash,
        page_label=_("page {page}/{pages}"),
        hash_label=_("records: {hash}"),
        made_label=_("made on {date} by jury-tui {version}").format(
            date=wall_clock(made_at, language), version=__version__),
        language=language,
        provisional=_("PROVISIONAL") if provisional else "",
        provisional_note=_("session not fully decided: {decided} of {total} candidate(s) decided").format(
            decided=decided, total=len(records.results)),
        made_at=made_at,
    )
    doc.add_page()
    _title(doc, records, _, language, decided)
    _jury(doc, session.jurors, _)
    _summary(doc, records, _)
    for result in records.results:
        _candidate(doc, result, _, language)
    _anomalies(doc, records, _)
    _signatures(doc, records, _, language)
    doc.save(path)
    return Written(Path(path), doc.pages_count, provisional, tuple(doc.fallbacks))


def _title(doc: Document, records: SessionRecords, _: Translate, language: str, decided: int) -> None:
    session, grid = records.session, records.grid
    doc.heading(_("Minutes of the jury's deliberation"), size=16, space_after=1)
    doc.paragraph(grid.title, size=12, bold=True, space_after=3)
    pairs = [
        (_("Certification code"), grid.certification_code or "—"),
        (_("Grid"), _("{grid}, version {version}").format(grid=grid.id, version=grid.version)),
    ]
    if grid.evaluations:
        pairs.append((_("Evaluations") if len(grid.evaluations) > 1 else _("Evaluation"), evaluations_text(grid, _)))
    if grid.blocks:
        pairs.append((_("Blocks of competencies"), "\n".join(b.official_name for b in grid.blocks)))
    pairs += [
        (_("Session"), f"{session.title} ({session.id})" if session.title else session.id),
        (_("Date"), format_date(session.date, language) or "—"),
        (_("Place"), session.place or "—"),
        (_("Candidates"), _("{total} candidate(s), {decided} decided").format(
            total=len(records.results), decided=decided)),
    ]
    doc.fields(pairs)


def _jury(doc: Document, jurors: tuple[Juror, ...], _: Translate) -> None:
    doc.heading(_("The jury"))
    rows = [(j.name, role_text(j, _), _("external") if j.external else _("internal")) for j in jurors]
    doc.grid((_("Name"), _("Role"), _("Relation to the training body")), rows, (75, 40, doc.epw - 115))


def _summary(doc: Document, records: SessionRecords, _: Translate) -> None:
    doc.heading(_("Decisions"))
    rows = []
    for result in records.results:
        rows.append((f"{result.candidate.id} — {candidate_name(result)}", state_text(result, _),
                     outcome_text(result, _), ", ".join(accommodation_kinds(result, _)) or "—"))
    doc.grid((_("Candidate"), _("State"), _("Outcome"), _("Accommodations (kind)")), rows,
             (56, 30, 44, doc.epw - 130))


def _candidate(doc: Document, result: CandidateResult, _: Translate, language: str) -> None:
    candidate = result.candidate
    doc.heading(f"{candidate.id} — {candidate_name(result)}", size=11.5, keep=60)
    deliberation = result.deliberation
    submitted = ", ".join(e.juror_name for e in result.submitted) or _("no sheet submitted")
    drafts = [e.juror_name for e in result.sheets if not e.sheet.is_submitted]
    status = result.status
    pairs = [
        (_("State"), state_text(result, _)),
        (_("Decision") if status.decided else _("Outcome"), outcome_text(result, _)),
    ]
    if not status.decided and status.pending:
        pairs.append((_("Still open"), status.pending_text(_, result.juror_names())))
    pairs += [
        (_("Motivation"), deliberation.motivation if deliberation and deliberation.motivation else "—"),
        (_("Accommodations (kind)"), ", ".join(accommodation_kinds(result, _)) or _("none")),
        (_("Submitted sheets"), submitted + (" — " + _("drafts: {names}").format(names=", ".join(drafts))
                                             if drafts else "")),
        (_("Signed in the app"), signoff_text(result, _, language)),
    ]
    if status.decided and result.grid.blocks:
        validated = status.final_blocks(result.grid)
        pairs.insert(2, (_("Validated blocks"), "\n".join(b.official_name for b in validated) or _("none")))
    doc.fields(pairs)
    if status.decided or result.submitted:
        _blocks(doc, result, _)
        _competencies(doc, result.grid, result, _)
        _divergences(doc, result, _)


def _blocks(doc: Document, result: CandidateResult, _: Translate) -> None:
    """Each block: validated or not (symbol and words), and why not."""
    rows = block_rows(result, _)
    if not rows:
        return
    title = _("Blocks as decided by the jury") if result.status.decided else _(
        "Blocks as proposed (not final)")
    if doc.get_y() + 30 > doc.page_break_trigger:
        doc.add_page()
    doc.paragraph(title, size=SMALL + 0.5, bold=True, space_after=0.5)
    doc.grid((_("Block (official code)"), _("Result"), _("Why not validated")), rows,
             (doc.epw - 124, 44, 80), size=SMALL + 0.5)


def _competencies(doc: Document, grid: Grid, result: CandidateResult, _: Translate) -> None:
    title = _("Criteria as decided by the jury") if result.status.decided else _(
        "Criteria as proposed (not final): levels the submitted sheets agree on")
    if doc.get_y() + 30 > doc.page_break_trigger:
        doc.add_page()  # never a table title alone at the foot of a page
    doc.paragraph(title, size=SMALL + 0.5, bold=True, space_after=0.5)
    rows = [(f"{c.id} — {c.title or c.text}", ", ".join(ok) or "—", ", ".join(ko) or "—", ", ".join(none) or "—")
            for c, ok, ko, none in competency_rows(grid, result.final_levels)]
    doc.grid((_("Competency"), _("Criteria achieved"), _("Criteria not achieved"), _("Not settled")), rows,
             (doc.epw - 114, 40, 40, 34), size=SMALL + 0.5)


def _divergences(doc: Document, result: CandidateResult, _: Translate) -> None:
    """Every criterion the jury settled with a reason: each juror's level, the jury's level, the reason."""
    deliberation, grid = result.deliberation, result.grid
    if deliberation is None:
        return

    def label(criterion_id: str, level_id: str | None) -> str:
        level = grid.level_of(criterion_id, level_id)
        return level.label if level is not None else (level_id or "—")

    rows = []
    for criterion in grid.criteria:
        settlement = deliberation.settlements.get(criterion.id)
        if settlement is None or not settlement.reason:
            continue
        jurors = "\n".join(_("{juror}: {level}").format(
            juror=e.juror_name, level=label(criterion.id, e.sheet.score(criterion.id).level)) for e in result.submitted)
        rows.append((f"{criterion.id} — {criterion.title or criterion.text}", jurors or "—",
                     label(criterion.id, settlement.level), settlement.reason))
    if not rows:
        return
    if doc.get_y() + 30 > doc.page_break_trigger:
        doc.add_page()
    doc.paragraph(_("Divergences settled by the jury"), size=SMALL + 0.5, bold=True, space_after=0.5)
    doc.grid((_("Criterion"), _("Each juror's level"), _("The jury's level"), _("Reason")), rows,
             (44, 46, 30, doc.epw - 120), size=SMALL + 0.5)


def _anomalies(doc: Document, records: SessionRecords, _: Translate) -> None:
    faults = [a for a in records.anomalies if not a.is_notice]
    if not faults:
        return
    doc.heading(_("Points to check"))
    doc.paragraph(_("The records hold these anomalies; the decisions above may depend on them."), size=SMALL + 0.5)
    rows = [(a.candidate or "—", a.juror or "—", _("{name}: {text}").format(name=a.label(_), text=a.text(_))) for a in faults]
    doc.grid((_("Candidate"), _("Juror"), _("Problem")), rows, (25, 30, doc.epw - 55), size=SMALL + 0.5)


def _signatures(doc: Document, records: SessionRecords, _: Translate, language: str) -> None:
    doc.heading(_("Signatures of the jury members"), keep=50)
    doc.paragraph(_("Each member signs below; the in-app sign-off times are those recorded in the deliberations."),
                  size=SMALL + 0.5)
    for juror in records.session.jurors:
        sitting = [r for r in records.results if juror in jury_of(r)]
        signed, unsigned = [], []
        for result in sitting:
            signoff = next((s for s in (result.deliberation.signoffs if result.deliberation else ())
                            if s.juror == juror.id), None)
            if signoff is None:
                unsigned.append(result.candidate.id)
            else:
                signed.append(f"{result.candidate.id} {wall_clock(signoff.at, language)}")
        lines = [_("Signed in the app for {count} of {total} candidate(s): {list}").format(
            count=len(signed), total=len(sitting), list=_("; ").join(signed) or "—")]
        if unsigned:
            lines.append(_("Not signed in the app: {list}").format(list=", ".join(unsigned)))
        doc.font(SMALL + 0.5)
        texts = [doc.clean(line) for line in lines]
        count = sum(doc.line_count(doc.epw - 4, 3.8, text) for text in texts)
        height = 6 + count * 3.8 + 6 + 16 + 2
        if doc.get_y() + height > doc.page_break_trigger:
            doc.add_page()
        top = doc.get_y()
        doc.set_x(doc.l_margin + 2)
        doc.font(BODY, bold=True)
        doc.cell(0, 6, doc.clean(f"{juror.name} — {role_text(juror, _)}"), new_x="LMARGIN", new_y="NEXT")
        doc.font(SMALL + 0.5)
        for text in texts:
            doc.set_x(doc.l_margin + 2)
            doc.multi_cell(doc.epw - 4, 3.8, text, align="L", new_x="LMARGIN", new_y="NEXT")
        doc.set_x(doc.l_margin + 2)
        doc.cell(0, 6, doc.clean(_("Date and signature:")), new_x="LMARGIN", new_y="NEXT")
        doc.ln(16 + 2)
        doc.rect(doc.l_margin, top, doc.epw, doc.get_y() - top)
        doc.ln(3)
        doc.font()

