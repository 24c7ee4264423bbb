"""Deliberation: domain rules, and a whole deliberation driven with keys only."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner
from conftest import DEMO_SESSION
from pilot_helpers import make_app, open_candidates, wait_for, wait_screen
from test_export import by_candidate

from jury_tui.cli import cli
from jury_tui.domain.deliberation.files import load_deliberation
from jury_tui.domain.deliberation.model import compare, deliberation_digest, open_issues, start
from jury_tui.domain.sheet.model import ScoreSheet


def sheets(grid, **levels_by_juror):
    result = {}
    for juror, levels in levels_by_juror.items():
        sheet = ScoreSheet.blank(grid, "s", "c", juror)
        for cid, level in levels.items():
            sheet = sheet.with_level(cid, level)
        result[juror] = sheet.submitted(juror)
    return result


def test_agreement_prefills_and_divergence_needs_a_reason(grid):
    all_ok = {c.id: "acquis" for c in grid.criteria}
    pair = sheets(grid, a=all_ok, b={**all_ok, "Cr2": "non-acquis"})
    d = start(grid, "s", "c", pair, {"a": "h", "b": "h"})
    comparisons = compare(grid, pair)

    def todo(d, jury=()):
        return [(i.kind, i.subject) for i in open_issues(grid, d, comparisons, jury)]

    assert d.settlements["Cr1.1"].level == "acquis" and "Cr2" not in d.settlements
    assert todo(d) == [("unsettled", "Cr2"), ("outcome", "")]
    d = d.settled("Cr2", "non-acquis")
    assert todo(d) == [("reason", "Cr2"), ("outcome", "")]
    d = d.settled("Cr2", "non-acquis", "pages incomplètes").decided("achieved")
    assert todo(d) == [("motivation", "achieved")]
    d = d.decided("achieved", "jury souverain").signed("a")
    assert todo(d, ("a", "b")) == [("signature", "b")]


def test_single_juror_jury_submits_then_signs(grid):
    single = sheets(grid, a={c.id: "acquis" for c in grid.criteria})
    d = start(grid, "s", "c", single, {"a": "h"})
    comparisons = compare(grid, single)
    assert [(i.kind, i.subject) for i in open_issues(grid, d, comparisons, ("a",))] == [("outcome", ""), ("signature", "a")]
    assert d.proposed(grid).outcome == "achieved"
    d = d.decided("achieved").signed("a")
    assert open_issues(grid, d, comparisons, ("a",)) == []


async def test_full_deliberation_with_keys_and_signed_pv(workspace, session_dir, grid):
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_candidates(pilot)
        await pilot.press("ctrl+d")  # C001: martin and benali diverge on Cr1.4 and Cr5
        await wait_screen(pilot, "DeliberationScreen")
        screen = app.screen
        table = screen.query_one("DataTable")
        for _ in range(3):
            await pilot.press("down")  # Cr1.4
        await pilot.press("a")
        await wait_screen(pilot, "ReasonScreen")
        await pilot.press(*"bien argumenté", "enter")
        await wait_screen(pilot, "DeliberationScreen")
        for _ in range(6):
            await pilot.press("down")  # Cr5
        await pilot.press("n")
        await wait_screen(pilot, "ReasonScreen")
        await pilot.press(*"intervenants absents", "enter")
        await wait_screen(pilot, "DeliberationScreen")
        status = str(screen.query_one("#deliberation-status").render())
        assert "Certification non délivrée" in status
        await pilot.press("ctrl+o")
        await wait_screen(pilot, "ChoiceScreen")
        outcomes = app.screen.query_one("OptionList")
        # the proposal is highlighted first, and marked « ▶ » (not by colour alone)
        assert outcomes.highlighted_option.id == "not_achieved"
        marked = [line for line in app.screen.query_one("OptionList").render_lines(outcomes.region.reset_offset)
                  if "▶" in line.text]
        assert len(marked) == 1 and "Certification non délivrée (proposée)" in marked[0].text
        await pilot.press("up")
        assert outcomes.highlighted_option.id == "achieved"
        await pilot.press("enter")  # "achieved", departing from the proposal
        await wait_screen(pilot, "ReasonScreen")
        await pilot.press(*"compétence démontrée en situation", "enter")
        await wait_screen(pilot, "DeliberationScreen")
        # one dialog for the whole jury: each types initials (any case, dots) or the juror id, then Enter
        await pilot.press("ctrl+g")
        await wait_screen(pilot, "SignScreen")
        await pilot.press(*"CM", "enter")
        await wait_for(pilot, lambda: len(screen.deliberation.signoffs) == 1)
        assert type(app.screen).__name__ == "SignScreen"  # it stays open for the next juror, and says who signed
        assert "✔ Claire Martin" in str(app.screen.query_one("#signatures").render())
        assert "Signé par Claire Martin" in str(app.screen.query_one("#sign-error").render())
        await pilot.press(*"cm", "enter")  # signing twice is refused, in words
        await pilot.pause(0.1)
        assert type(app.screen).__name__ == "SignScreen" and len(screen.deliberation.signoffs) == 1
        assert "déjà signé" in str(app.screen.query_one("#sign-error").render())
        await pilot.press("escape")  # closing keeps the signature given
        await wait_screen(pilot, "DeliberationScreen")
        assert len(screen.deliberation.signoffs) == 1
        await pilot.press("ctrl+g")
        await wait_screen(pilot, "SignScreen")
        await pilot.press(*"k.b.", "enter")
        await wait_for(pilot, lambda: len(screen.deliberation.signoffs) == 2)
        assert type(app.screen).__name__ == "SignScreen"
        await pilot.press(*"durand", "enter")
        await wait_screen(pilot, "DeliberationScreen")  # everyone has signed: the dialog closes by itself
        await wait_for(pilot, lambda: len(screen.deliberation.signoffs) == 3)
        assert "✔" in str(screen.query_one("#deliberation-status").render())
        assert table.row_count == 12
        await pilot.pause(0.3)
    stored = load_deliberation(session_dir / "deliberation" / "C001.toml")
    history = CliRunner().invoke(cli, ["history", str(session_dir), "C001"], catch_exceptions=False).output
    history = " ".join(history.replace("│", " ").split())  # the table's cells, as one line of words
    for text in ("délibération, Cr1.4 : niveau du jury", "Acquis (acquis)", "délibération, Cr1.4 : motif du jury",
                 "bien argumenté", "délibération, Cr5 : niveau du jury", "Non acquis (non-acquis)",
                 "intervenants absents", "délibération : décision du jury", "Certification délivrée",
                 "délibération : motivation", "compétence démontrée en situation",
                 "délibération : signature de martin", "délibération : signature de benali",
                 "délibération : signature de durand", "signée (empreinte " + stored.content_hash[:12]):
        assert text in history, text
    assert "deliberation." not in history and "achieved" not in history  # no field path or stored code left
    assert stored.settlements["Cr1.4"].level == "acquis" and stored.settlements["Cr1.4"].reason == "bien argumenté"
    assert stored.settlements["Cr5"].level == "non-acquis"
    assert stored.final_outcome == "achieved" and stored.motivation == "compétence démontrée en situation"
    assert {s.juror for s in stored.signoffs} == {"martin", "benali", "durand"}
    assert stored.content_hash == deliberation_digest(stored) and {s.record_hash for s in stored.signoffs} == {stored.content_hash}
    assert set(stored.based_on) == {"martin", "benali"}
    out = workspace / "r.xlsx"
    CliRunner().invoke(cli, ["export", str(session_dir), "-o", str(out)], catch_exceptions=False)
    pv = by_candidate(openpyxl.load_workbook(out)["PV"])
    assert pv["C001"]["Décision finale"] == "Certification délivrée"
    assert pv["C001"]["Motivation"] == "compétence démontrée en situation"
    assert pv["C001"]["Signé par tout le jury"] == "oui" and "Sophie Durand" in pv["C001"]["Signé par"]


def test_check_flags_a_sheet_changed_after_deliberation(workspace, session_dir, grid):
    from jury_tui.domain.deliberation.files import save_deliberation
    from jury_tui.domain.deliberation.model import file_hash
    from jury_tui.domain.sheet.files import load_sheet

    paths = {j: session_dir / "sheets" / j / "C001.toml" for j in ("martin", "benali")}
    pair = {j: load_sheet(p, grid) for j, p in paths.items()}
    save_deliberation(session_dir / "deliberation" / "C001.toml",
                      start(grid, DEMO_SESSION, "C001", pair, {j: file_hash(p) for j, p in paths.items()}))
    assert CliRunner().invoke(cli, ["check", str(workspace)]).exit_code == 0
    paths["benali"].write_text(paths["benali"].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(workspace)])
    assert result.exit_code == 1 and "modifiée après la délibération de C001" in result.output


def _keeper(session_dir, grid):
    from jury_tui.domain.deliberation.keeper import DeliberationKeeper
    from jury_tui.domain.deliberation.model import file_hash
    from jury_tui.domain.sheet.files import load_sheet

    paths = {j: session_dir / "sheets" / j / "C001.toml" for j in ("martin", "benali")}
    d = start(grid, DEMO_SESSION, "C001", {j: load_sheet(p, grid) for j, p in paths.items()},
              {j: file_hash(p) for j, p in paths.items()})
    return DeliberationKeeper(session_dir / "deliberation" / "C001.toml", session_dir / "journal" / "martin.jsonl",
                              "martin", d, on_disk=False)


def test_journal_is_written_before_the_deliberation_and_survives_a_failed_write(session_dir, grid, monkeypatch):
    from jury_tui.domain.deliberation import files as deliberation_files
    from jury_tui.domain.storage import durable
    from jury_tui.domain.storage.journal import read_journal

    keeper = _keeper(session_dir, grid)
    journal = session_dir / "journal" / "martin.jsonl"
    order = []
    real_append, real_write = durable.append_durable, deliberation_files.write_atomic
    monkeypatch.setattr("jury_tui.domain.storage.journal.append_durable",
                        lambda *a: (order.append("journal"), real_append(*a))[1])
    monkeypatch.setattr(deliberation_files, "write_atomic", lambda *a: (order.append("file"), real_write(*a))[1])
    keeper.update(keeper.deliberation.settled("Cr1.4", "acquis", "bien argumenté"))
    assert keeper.flush().ok and order == ["journal", "file"]

    def disk_full(*args):
        raise durable.WriteFailed(durable.Problem(args[0], "cannot save this file (No space left on device)"))

    monkeypatch.setattr(deliberation_files, "write_atomic", disk_full)
    keeper.update(keeper.deliberation.settled("Cr5", "non-acquis", "intervenants absents"))
    outcome = keeper.flush()
    assert not outcome.ok and keeper.dirty
    fields = {(e.field, e.new) for e in read_journal(journal)}
    assert ("deliberation.levels.Cr5.reason", "intervenants absents") in fields  # the journal already holds it
    assert "Cr5" not in load_deliberation(session_dir / "deliberation" / "C001.toml").settlements  # the file does not
    monkeypatch.setattr(deliberation_files, "write_atomic", real_write)
    assert keeper.flush().ok and not keeper.dirty  # retried: now on disk, journaled once
    assert load_deliberation(session_dir / "deliberation" / "C001.toml").settlements["Cr5"].reason == "intervenants absents"
    assert sum(e.field == "deliberation.levels.Cr5.reason" for e in read_journal(journal)) == 1


def test_signed_deliberation_is_locked_until_reopened_with_a_reason(session_dir, grid):
    import pytest

    from jury_tui.domain.deliberation.model import AlreadySigned, DeliberationLocked
    from jury_tui.domain.storage.journal import read_journal

    keeper = _keeper(session_dir, grid)
    d = (keeper.deliberation.settled("Cr1.4", "acquis", "r1").settled("Cr5", "acquis", "r2")
         .decided("achieved").signed("martin"))
    with pytest.raises(DeliberationLocked):
        d.settled("Cr5", "non-acquis", "changement")
    with pytest.raises(DeliberationLocked):
        d.decided("not_achieved", "changement")
    with pytest.raises(AlreadySigned):
        d.signed("martin")
    reopened = d.reopened("benali", "erreur sur Cr5")
    assert reopened.signoffs == () and reopened.content_hash == ""
    assert [(r.by, r.reason) for r in reopened.reopenings] == [("benali", "erreur sur Cr5")]
    changed = reopened.settled("Cr5", "non-acquis", "changement").decided("not_achieved")
    keeper.update(d)
    keeper.update(changed)
    assert keeper.flush().ok
    stored = load_deliberation(session_dir / "deliberation" / "C001.toml")
    assert stored.reopenings[0].reason == "erreur sur Cr5" and stored.signoffs == ()
    entries = [(e.juror, e.field, e.new) for e in read_journal(session_dir / "journal" / "martin.jsonl")]
    assert ("martin", "deliberation.signature.martin", d.content_hash) in entries
    assert ("benali", "deliberation.reopened", "erreur sur Cr5") in entries
    assert ("martin", "deliberation.levels.Cr5.level", "non-acquis") in entries


def test_signer_is_identified_by_typed_initials_or_id(session_dir, grid):
    import pytest

    from jury_tui.domain.deliberation.signing import identify_signer, initials
    from jury_tui.domain.session.loader import load_session
    from jury_tui.domain.session.model import Juror
    from jury_tui.domain.storage.errors import JuryError

    assert initials("Claire Martin") == "CM" and initials("Jean-Pierre Dupont") == "JPD"
    assert initials("Élodie d'Œuvray") == "ÉDŒ"
    jury = load_session(session_dir).jurors
    d = _keeper(session_dir, grid).deliberation.decided("achieved")
    assert identify_signer(jury, " c.m. ", d).id == "martin"
    assert identify_signer(jury, "Benali", d).id == "benali"
    assert identify_signer(jury, "sd", d).id == "durand"
    for typed, message in (("", "Type your initials"), ("XY", "No juror of this jury"),
                           ("CM", "already signed")):
        with pytest.raises(JuryError) as refused:
            identify_signer(jury, typed, d.signed("martin") if typed == "CM" else d)
        assert message in refused.value.problems[0].message
    twins = jury + (Juror("cmoreau", "Cécile Moreau"),)
    with pytest.raises(JuryError) as refused:
        identify_signer(twins, "CM", d)
    assert refused.value.problems[0].text(lambda s: s) == 'Several jurors have the initials "CM": type your juror id.'
    assert identify_signer(twins, "cmoreau", d).id == "cmoreau"


def test_check_and_export_report_a_signed_deliberation_edited_by_hand(workspace, session_dir, grid, tmp_path):
    from jury_tui.domain.deliberation.files import save_deliberation

    d = (_keeper(session_dir, grid).deliberation.settled("Cr1.4", "acquis", "r1").settled("Cr5", "acquis", "r2")
         .decided("achieved").signed("martin").signed("benali").signed("durand"))
    path = session_dir / "deliberation" / "C001.toml"
    save_deliberation(path, d)
    assert CliRunner().invoke(cli, ["check", str(workspace)]).exit_code == 0
    path.write_text(path.read_text(encoding="utf-8").replace('motivation = ""', 'motivation = "ajouté"'), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--lang", "en", "check", str(workspace)])
    assert result.exit_code == 1 and "changed outside jury-tui" in result.output
    assert "C001: ● awaiting deliberation" in result.output
    out = tmp_path / "r.xlsx"
    exported = CliRunner().invoke(cli, ["export", str(session_dir), "-o", str(out)])
    assert "délibération modifiée après signature" in exported.output
    assert any(r[6] == "tampered_deliberation" and r[1] == "C001"
               for r in openpyxl.load_workbook(out)["Anomalies"].iter_rows(values_only=True))


async def test_a_signed_deliberation_is_changed_only_after_reopening_it_with_keys(workspace, session_dir, grid):
    from four_states import build_four_states

    from jury_tui.domain.storage.journal import read_journal

    build_four_states(session_dir, grid)  # C001 is decided: complete and signed by its whole jury
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_candidates(pilot)
        await pilot.press("ctrl+d")
        await wait_screen(pilot, "DeliberationScreen")
        screen = app.screen
        assert "décidé" in str(screen.query_one("#deliberation-head").render())
        await pilot.press("n")  # Cr1.1: refused, the deliberation is signed
        await pilot.pause(0.1)
        assert type(app.screen).__name__ == "DeliberationScreen" and len(screen.deliberation.signoffs) == 3
        await pilot.press("ctrl+r")
        await wait_screen(pilot, "ReasonScreen")
        await pilot.press(*"motivation à reprendre", "enter")
        await wait_screen(pilot, "DeliberationScreen")
        await wait_for(pilot, lambda: not screen.keeper.dirty)
        assert screen.deliberation.signoffs == ()
        assert "en attente de délibération" in str(screen.query_one("#deliberation-head").render())
    stored = load_deliberation(session_dir / "deliberation" / "C001.toml")
    assert stored.signoffs == () and stored.content_hash == ""
    assert [(r.by, r.reason) for r in stored.reopenings] == [("martin", "motivation à reprendre")]
    entries = {(e.juror, e.field, e.new) for e in read_journal(session_dir / "journal" / "martin.jsonl")}
    assert ("martin", "deliberation.reopened", "motivation à reprendre") in entries
    assert ("martin", "deliberation.signature.durand", None) in entries  # the cleared signatures are journaled
