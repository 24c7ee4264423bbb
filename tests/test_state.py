"""One truthful candidate state: the rules, and every place that shows it says the same."""

from __future__ import annotations

import dataclasses

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import DEMO_SESSION
from four_states import STATE_WORDS, build_four_states, submitted_sheet
from pilot_helpers import make_app, open_candidates, wait_for
from test_export import by_candidate

from jury_tui.cli import cli
from jury_tui.domain.deliberation.model import start
from jury_tui.domain.deliberation.state import (
    DRAFT,
    SUBMITTED,
    UNREADABLE,
    CandidateState,
    SheetFacts,
    assess,
    candidate_status,
)
from jury_tui.domain.session.loader import load_session
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.i18n import translator

FR = translator("fr")


def facts(*sheets: ScoreSheet, hashes: dict[str, str] | None = None) -> list[SheetFacts]:
    return [SheetFacts(s.juror_id, SUBMITTED if s.is_submitted else DRAFT, (hashes or {}).get(s.juror_id, "h"), s)
            for s in sheets]


def kinds(status) -> list[tuple[str, str]]:
    return [(p.kind, p.criterion or p.juror) for p in status.pending]


def test_no_sheet_is_not_evaluated_and_drafts_are_being_evaluated(grid):
    assert assess(grid, ("a", "b"), [], None).state is CandidateState.NOT_EVALUATED
    draft = ScoreSheet.blank(grid, "s", "c", "a").with_level("Cr1.1", "acquis")
    status = assess(grid, ("a", "b"), facts(draft), None)
    assert status.state is CandidateState.BEING_EVALUATED
    assert status.drafts == ("a",) and status.submitted == ()
    assert status.proposal is None and status.final_outcome == ""  # a draft proposes nothing
    assert assess(grid, ("a",), [SheetFacts("a", UNREADABLE)], None).state is CandidateState.BEING_EVALUATED


def test_submitted_without_deliberation_awaits_and_only_proposes(grid):
    sheet = submitted_sheet(grid, "c", "a")
    draft = ScoreSheet.blank(grid, "s", "c", "b").with_level("Cr1.1", "non-acquis")
    status = assess(grid, ("a", "b"), facts(sheet, draft), None)
    assert status.state is CandidateState.AWAITING_DELIBERATION
    assert status.submitted == ("a",) and status.drafts == ("b",)  # the draft does not count as an evaluation
    assert status.proposal.outcome == "achieved" and status.proposal_text(grid) == "Certification délivrée"
    assert status.final_outcome == "" and status.final_text(grid) == ""
    assert status.summary(grid, FR) == "en attente de délibération (proposition : Certification délivrée)"
    assert kinds(status) == [("no_deliberation", "")]


def test_single_juror_jury_submits_then_signs(grid):
    sheet = submitted_sheet(grid, "c", "a")
    d = start(grid, "s", "c", {"a": sheet}, {"a": "h"})
    assert kinds(assess(grid, ("a",), facts(sheet), d)) == [("outcome", ""), ("signature", "a")]
    d = d.decided("achieved")
    status = assess(grid, ("a",), facts(sheet), d)
    assert status.state is CandidateState.AWAITING_DELIBERATION and kinds(status) == [("signature", "a")]
    status = assess(grid, ("a",), facts(sheet), d.signed("a"))
    assert status.state is CandidateState.DECIDED
    assert status.final_text(grid) == "Certification délivrée" and status.short(grid, FR) == "décidé : Certification délivrée"


def test_decided_needs_every_juror_of_the_jury_and_unchanged_sheets(grid):
    a, b = submitted_sheet(grid, "c", "a"), submitted_sheet(grid, "c", "b", {"Cr2": "non-acquis"})
    d = (start(grid, "s", "c", {"a": a, "b": b}, {"a": "ha", "b": "hb"})
         .settled("Cr2", "acquis", "vu à l'oral").decided("achieved"))
    both = facts(a, b, hashes={"a": "ha", "b": "hb"})
    assert kinds(assess(grid, ("a", "b", "x"), both, d.signed("a").signed("b"))) == [("signature", "x")]
    signed = d.signed("a").signed("b")
    assert assess(grid, ("a", "b"), both, signed).state is CandidateState.DECIDED
    # a sheet rewritten after the deliberation: the decision no longer stands on it
    changed = facts(a, b, hashes={"a": "ha", "b": "other"})
    assert kinds(assess(grid, ("a", "b"), changed, signed)) == [("changed_after", "b")]
    # a third juror submits afterwards
    c = submitted_sheet(grid, "c", "x")
    late = both + facts(c, hashes={"x": "hx"})
    assert kinds(assess(grid, ("a", "b", "x"), late, signed.signed("x"))) == [("submitted_after", "x")]
    # edited outside the app after the signatures (the motivation changed, the signatures' hash did not)
    forged = dataclasses.replace(signed, motivation="ajouté à la main")
    status = assess(grid, ("a", "b"), both, forged)
    assert status.state is CandidateState.AWAITING_DELIBERATION and kinds(status) == [("tampered", "")]
    assert status.final_outcome == ""


def test_a_juror_with_a_conflict_is_not_in_the_candidates_jury(session_dir, grid):
    session = load_session(session_dir)  # durand declared a conflict with C004
    assert candidate_status(session, grid, "C004").jury == ("martin", "benali")
    assert candidate_status(session, grid, "C001").jury == ("martin", "benali", "durand")


@pytest.mark.parametrize("language", ["fr", "en"])
async def test_synthese_pv_list_and_check_say_the_same_state(workspace, session_dir, grid, tmp_path, language):
    expected = build_four_states(session_dir, grid)
    words = STATE_WORDS[language]
    final_words = {"Certification délivrée": "Certification délivrée"}  # the grid's own words, never translated
    out = tmp_path / "r.xlsx"
    CliRunner().invoke(cli, ["export", str(session_dir), "-o", str(out), "--lang", language], catch_exceptions=False)
    wb = openpyxl.load_workbook(out)
    key, state_col, final_col = (("N° candidat", "État", "Décision finale") if language == "fr"
                                 else ("Candidate id", "State", "Final outcome"))
    synthese = by_candidate(wb.worksheets[0], key)
    pv = by_candidate(wb["PV" if language == "fr" else "Minutes"], key)
    check = CliRunner().invoke(cli, ["--lang", language, "check", str(session_dir)]).output
    for candidate, (state, final) in expected.items():
        for sheet in (synthese, pv):
            assert sheet[candidate][state_col] == words[state], (candidate, sheet[candidate])
            assert (sheet[candidate][final_col] or "") == final_words.get(final, ""), candidate
        line = next(line for line in check.splitlines() if f"{DEMO_SESSION} {candidate}:" in line)
        assert words[state] in line and (final in line if final else "Certification" not in line), line
    assert synthese["C005"]["Décision proposée" if language == "fr" else "Proposed outcome"] == "Certification non délivrée"

    app = make_app(workspace, language)
    async with app.run_test(size=(160, 30)) as pilot:
        await open_candidates(pilot)
        screen = app.screen
        await wait_for(pilot, lambda: len(screen.states) == 5)
        table = screen.query_one("DataTable")
        for candidate, (state, final) in expected.items():
            cell = str(table.get_row(candidate)[-1])
            assert words[state] in cell, (candidate, cell)
            assert (final in cell) if final else ("Certification" not in cell), (candidate, cell)
