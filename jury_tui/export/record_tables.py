"""The worksheets that keep everything jurors and the jury wrote, one row per thing written.

- *Fiches* (Sheets): one row per juror's sheet: status, when and by whom it
  was submitted, the general comment, how often it was reopened;
- *Questions*: one row per sheet per jury question (asked or not, answer), so
  that one filter on the question lists every candidate's answer juror by juror;
- *Réalisations* (Presented items): one row per sheet per item the candidate
  had to present, ticked or not;
- *Délibérations* (Jury levels): one row per criterion of every deliberation:
  each juror's level, divergence or not, the jury's level and its reason;
- *Signatures*: one row per juror of the candidate's jury: signed or not,
  when, and the hash of what was signed;
- *Réouvertures* (Reopenings): every reopening of a sheet or deliberation with
  its reason.

Times are those recorded in the files (wall-clock, never shifted to the time
zone of the machine that exports).  Text typed about a candidate passes
through :meth:`Names.text`, which pseudonymises it when asked.
"""

from __future__ import annotations

from collections.abc import Iterator

from jury_tui.domain.grid.model import Grid
from jury_tui.domain.workspace.consolidate import CandidateResult, Consolidation
from jury_tui.export.tables import Names, Row, Table, Translate, level_text


def _status(submitted: bool, _: Translate) -> str:
    return _("submitted") if submitted else _("draft")


def _yes(value: bool, _: Translate) -> str:
    return _("yes") if value else _("no")


def fiches(c: Consolidation, names: Names, _: Translate) -> Table:
    headers = (_("Session"), _("Date"), _("Candidate id"), _("Candidate"), _("Juror"), _("Sheet status"),
               _("Criteria scored"), _("Submitted at"), _("Submitted by"), _("General comment"), _("Reopenings"),
               _("Content hash"))

    def rows(r: CandidateResult) -> Iterator[Row]:
        for entry in r.sheets:
            sheet = entry.sheet
            yield (r.session.id, r.session.date, names.id(r), names.name(r), entry.juror_name,
                   _status(sheet.is_submitted, _), f"{sheet.scored_count(r.grid)}/{len(r.grid.criteria)}",
                   sheet.submitted_at, r.juror_name(sheet.submitted_by) if sheet.submitted_by else "",
                   names.text(r, sheet.comment), len(sheet.reopenings), sheet.content_hash)

    return Table("fiches", _("Sheets"), headers, wrap=frozenset({9}), per_candidate=rows)


def informed_criteria(grid: Grid) -> dict[str, str]:
    """Per question id, the criteria its answer informs, in words (« B3.C6.a Accessibilité numérique (RGAA) »)."""
    criteria = {c.id: c for c in grid.criteria}
    return {q.id: "\n".join(criteria[cid].name if cid in criteria else cid for cid in q.criteria)
            for q in grid.questions}


def questions(c: Consolidation, names: Names, _: Translate) -> Table:
    headers = (_("Session"), _("Date"), _("Candidate id"), _("Candidate"), _("Juror"), _("Question"), _("Topic"),
               _("Asked"), _("Answer"), _("Sheet status"), _("Question text"), _("Criteria this question informs"))
    informed: dict[str, dict[str, str]] = {}  # per grid (content hash), computed once

    def rows(r: CandidateResult) -> Iterator[Row]:
        tied = informed.get(r.grid.content_hash)
        if tied is None:
            tied = informed[r.grid.content_hash] = informed_criteria(r.grid)
        for entry in r.sheets:
            for question in r.grid.questions:
                answer = entry.sheet.answer(question.id)
                yield (r.session.id, r.session.date, names.id(r), names.name(r), entry.juror_name, question.id,
                       question.topic, _yes(answer.asked, _), names.text(r, answer.answer),
                       _status(entry.sheet.is_submitted, _), question.text, tied[question.id])

    return Table("questions", _("Questions"), headers, wrap=frozenset({8, 10, 11}), per_candidate=rows)


def realisations(c: Consolidation, names: Names, _: Translate) -> Table:
    headers = (_("Session"), _("Date"), _("Candidate id"), _("Candidate"), _("Juror"), _("Presented item"), _("Required"),
               _("Presented by the candidate"), _("Sheet status"), _("Wording"))

    def rows(r: CandidateResult) -> Iterator[Row]:
        for entry in r.sheets:
            for item in r.grid.presentations:
                yield (r.session.id, r.session.date, names.id(r), names.name(r), entry.juror_name, item.id,
                       _yes(item.required, _), _yes(item.id in entry.sheet.presented, _),
                       _status(entry.sheet.is_submitted, _), item.text)

    return Table("realisations", _("Presented items"), headers, wrap=frozenset({9}), per_candidate=rows)


def deliberations(c: Consolidation, names: Names, _: Translate) -> Table:
    headers = (_("Session"), _("Date"), _("Candidate id"), _("Candidate"), _("Criterion"), _("Divergence"),
               _("Jurors' levels"), _("Jury level"), _("Reason"))

    def rows(r: CandidateResult) -> Iterator[Row]:
        d = r.deliberation
        if d is None:
            return
        based = [e for e in r.sheets if e.juror_id in d.based_on]
        for criterion in r.grid.criteria:
            levels = [e.sheet.score(criterion.id).level for e in based]
            jurors = _("; ").join(
                _("{name}: {text}").format(name=e.juror_name, text=level_text(r.grid, criterion.id, lv) or "—")
                for e, lv in zip(based, levels))
            settlement = d.settlements.get(criterion.id)
            yield (r.session.id, r.session.date, names.id(r), names.name(r), criterion.id,
                   _yes(len(set(levels)) > 1, _), jurors,
                   level_text(r.grid, criterion.id, settlement.level if settlement else None),
                   names.text(r, settlement.reason if settlement else ""))

    return Table("deliberations", _("Deliberations"), headers, wrap=frozenset({6, 8}), per_candidate=rows)


def signatures(c: Consolidation, names: Names, _: Translate) -> Table:
    headers = (_("Session"), _("Date"), _("Candidate id"), _("Candidate"), _("Juror"), _("Role"), _("Signed"),
               _("Signed at"), _("Signed record hash"), _("Signature covers the current record"))

    def rows(r: CandidateResult) -> Iterator[Row]:
        d = r.deliberation
        if d is None:
            return
        current = r.deliberation_digest
        for juror_id in r.status.jury:
            juror = r.session.juror(juror_id)
            role = _("president") if juror and juror.is_president else _("member")
            signoff = d.signoff(juror_id)
            yield (r.session.id, r.session.date, names.id(r), names.name(r), r.juror_name(juror_id), role,
                   _yes(signoff is not None, _), signoff.at if signoff else None,
                   signoff.record_hash if signoff else "",
                   _yes(signoff.record_hash == current, _) if signoff else "")

    return Table("signatures", _("Signatures"), headers, per_candidate=rows)


def reouvertures(c: Consolidation, names: Names, _: Translate) -> Table:
    headers = (_("Session"), _("Date"), _("Candidate id"), _("Candidate"), _("Record"), _("Reopened at"),
               _("Reopened by"), _("Reason"))

    def rows(r: CandidateResult) -> Iterator[Row]:
        for entry in r.sheets:
            record = _("sheet of {juror}").format(juror=entry.juror_name)
            for reopening in entry.sheet.reopenings:
                yield (r.session.id, r.session.date, names.id(r), names.name(r), record, reopening.at,
                       r.juror_name(reopening.by), names.text(r, reopening.reason))
        if r.deliberation is not None:
            for reopening in r.deliberation.reopenings:
                yield (r.session.id, r.session.date, names.id(r), names.name(r), _("deliberation"), reopening.at,
                       r.juror_name(reopening.by), names.text(r, reopening.reason))

    return Table("reouvertures", _("Reopenings"), headers, wrap=frozenset({7}), per_candidate=rows)
