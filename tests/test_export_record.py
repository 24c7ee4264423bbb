"""Everything jurors and the jury wrote reaches the workbook, in the time recorded, with counts that agree."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import time

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import DEMO_SESSION
from four_states import build_four_states
from test_export import by_candidate, libreoffice_csv, rich_session  # noqa: F401 - rich_session is a fixture

from jury_tui.cli import cli
from jury_tui.domain.deliberation.files import load_deliberation, save_deliberation
from jury_tui.domain.sheet.files import load_sheet, save_sheet


def export(session_dir, out, *extra):
    return CliRunner().invoke(cli, ["export", str(session_dir), "-o", str(out), *extra], catch_exceptions=False)


def rows(ws) -> list[dict[str, object]]:
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], r)) for r in values[1:]]


def test_demo_export_holds_both_answers_to_the_disability_question_and_each_comment(session_dir, tmp_path):
    out = tmp_path / "demo.xlsx"
    export(session_dir, out)
    wb = openpyxl.load_workbook(out)
    # one filter: the question
    answers = {(r["N° candidat"], r["Juré"]): (r["Posée"], r["Réponse"])
               for r in rows(wb["Questions"]) if r["Question"] == "handicap"}
    assert answers[("C001", "Claire Martin")] == ("oui", "Sous-titres, textes alternatifs, contrastes vérifiés.")
    assert answers[("C001", "Karim Benali")] == ("oui", "Sous-titres, textes alternatifs, contrastes vérifiés.")
    assert answers[("C002", "Claire Martin")] == ("non", None)  # the draft's question, not asked, is listed too
    comments = {(r["N° candidat"], r["Juré"]): r["Commentaire général"] for r in rows(wb["Fiches"])}
    assert comments[("C001", "Claire Martin")] == "Très bonne soutenance, dossier complet."
    assert comments[("C001", "Karim Benali")] == "Orientations stratégiques peu justifiées ; intervenants à préciser."
    sheets = {(r["N° candidat"], r["Juré"]): r for r in rows(wb["Fiches"])}
    assert sheets[("C001", "Karim Benali")]["Soumise par"] == "Karim Benali"
    assert sheets[("C001", "Karim Benali")]["Soumise le"] == dt.datetime(2026, 12, 14, 9, 50)
    assert sheets[("C002", "Claire Martin")]["État de la fiche"] == "brouillon"


def test_every_answer_tick_reason_signature_and_reopening_is_exported(session_dir, grid, tmp_path):
    build_four_states(session_dir, grid)
    # benali reopens his C001 sheet... no: it is deliberated. C003: benali reopens, then submits again
    path = session_dir / "sheets" / "benali" / "C003.toml"
    sheet = load_sheet(path, grid).reopened("benali", "erreur de saisie sur Cr2").with_comment("revu").submitted("benali")
    save_sheet(path, sheet)
    # C001's signed deliberation is reopened with a reason, changed, and signed again by everyone
    dpath = session_dir / "deliberation" / "C001.toml"
    d = load_deliberation(dpath).reopened("martin", "motivation à préciser")
    save_deliberation(dpath, d.decided("achieved", "compétence démontrée en situation réelle")
                      .signed("martin").signed("benali").signed("durand"))
    out = tmp_path / "r.xlsx"
    export(session_dir, out)
    wb = openpyxl.load_workbook(out)

    ticks = {(r["N° candidat"], r["Juré"], r["Réalisation"]): r["Présentée"] for r in rows(wb["Réalisations"])}
    assert ticks[("C002", "Claire Martin", "budget")] == "oui" and ticks[("C002", "Claire Martin", "reseaux")] == "non"
    assert len([k for k in ticks if k[0] == "C001"]) == 2 * len(grid.presentations)

    levels = {(r["N° candidat"], r["Critère"]): r for r in rows(wb["Délibérations"])}
    assert levels[("C001", "Cr1.4")]["Divergence"] == "oui"
    assert levels[("C001", "Cr1.4")]["Niveaux des jurés"] == "Claire Martin : ✔ Acquis ; Karim Benali : ✘ Non acquis"
    assert levels[("C001", "Cr1.4")]["Niveau du jury"] == "✔ Acquis"
    assert levels[("C001", "Cr5")]["Motif"] == "intervenants absents"
    assert levels[("C001", "Cr1.1")]["Divergence"] == "non"

    signatures = {(r["N° candidat"], r["Juré"]): r for r in rows(wb["Signatures"])}
    assert {k[1] for k in signatures if k[0] == "C001"} == {"Claire Martin", "Karim Benali", "Sophie Durand"}
    assert all(signatures[("C001", j)]["Signé"] == "oui" for j in ("Claire Martin", "Karim Benali", "Sophie Durand"))
    assert signatures[("C003", "Karim Benali")]["Signé"] == "non"  # the jury of C003 still has to sign
    assert signatures[("C003", "Claire Martin")]["La signature couvre le contenu actuel"] == "oui"
    assert isinstance(signatures[("C001", "Sophie Durand")]["Signé le"], dt.datetime)

    reopenings = {(r["N° candidat"], r["Document"]): r for r in rows(wb["Réouvertures"])}
    assert reopenings[("C003", "fiche de Karim Benali")]["Motif"] == "erreur de saisie sur Cr2"
    assert reopenings[("C001", "délibération")]["Motif"] == "motivation à préciser"
    assert reopenings[("C001", "délibération")]["Rouvert par"] == "Claire Martin"
    sheets = {(r["N° candidat"], r["Juré"]): r for r in rows(wb["Fiches"])}
    assert sheets[("C003", "Karim Benali")]["Réouvertures"] == 1
    assert sheets[("C003", "Karim Benali")]["Commentaire général"] == "revu"

    synthese = by_candidate(wb["Synthèse"])
    assert synthese["C005"]["Motifs de la proposition"] == "Cr2 (Configuration des pages entreprise) n'est pas acquis"
    assert synthese["C001"]["Motivation"] == "compétence démontrée en situation réelle"
    assert synthese["C002"]["Fiches en brouillon"] == "Claire Martin" and synthese["C002"]["Jurés (fiches soumises)"] is None
    assert "temps majoré +33 %" in synthese["C002"]["Aménagements"]
    pv = by_candidate(wb["PV"])
    assert pv["C003"]["Décision choisie, en attente des signatures"] == "Certification délivrée"
    # benali's sheet was reopened and submitted again after the deliberation: it no longer stands on it
    assert pv["C003"]["Reste à faire"] == ("fiche de Karim Benali modifiée après la délibération ; "
                                           "signature de Karim Benali ; signature de Sophie Durand")
    assert pv["C001"]["Reste à faire"] is None and pv["C001"]["État"] == "décidé"
    assert "temps majoré +33 %" in pv["C002"]["Aménagements"]
    left_out = [r["Valeur"] for r in rows(wb["À propos"]) if r["Élément"] == "Absent de ce classeur"]
    assert any("jury-tui history" in v for v in left_out) and any("e-mail" in v for v in left_out)


def test_times_are_the_wall_clock_recorded_whatever_the_exporting_zone(session_dir, tmp_path, monkeypatch):
    # the demo sheets were submitted at 09:50 in Lyon (+01:00); the export runs in New York
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        out = tmp_path / "ny.xlsx"
        export(session_dir, out)
    finally:
        monkeypatch.undo()
        time.tzset()
    wb = openpyxl.load_workbook(out)
    submitted = {(r["N° candidat"], r["Juré"]): r["Soumise le"] for r in rows(wb["Fiches"])}
    assert submitted[("C001", "Claire Martin")] == dt.datetime(2026, 12, 14, 9, 50)
    changes = [r["Dernière modification"] for r in rows(wb["Détail"]) if r["N° candidat"] == "C001"]
    assert dt.datetime(2026, 12, 14, 9, 6) in changes  # Cr1.1's note written at 09:06 in Lyon


def _counts(text: str) -> tuple[int, int]:
    match = re.search(r"(\d+)\s+anomalie\(s\),\s+(\d+)\s+remarque\(s\)", text)
    assert match, text
    return int(match.group(1)), int(match.group(2))


async def test_console_dialog_and_about_report_the_same_counts(rich_session, workspace, tmp_path):  # noqa: F811
    from pilot_helpers import make_app, wait_for, wait_screen

    out = tmp_path / "cli.xlsx"
    console = export(rich_session, out).output
    anomalies, notices = _counts(console)
    assert anomalies >= 3 and notices >= 1  # broken sheet, other grid version, no sheet...; a draft
    about = {r["Élément"]: r["Valeur"] for r in rows(openpyxl.load_workbook(out)["À propos"])}
    assert (about["Anomalies"], about["Remarques"]) == (anomalies, notices)
    listed = rows(openpyxl.load_workbook(out)["Anomalies"])
    assert len(listed) == anomalies + notices
    # Ctrl+E exports every session of the workspace: keep only the one exported above
    shutil.rmtree(workspace / "sessions" / "demo-nantes-2027-01")
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, "SessionsScreen")
        await wait_for(pilot, lambda: app.screen.query_one("DataTable").row_count > 0)
        await pilot.press("ctrl+e")
        await wait_screen(pilot, "ExportScreen")
        app.screen.query_one("#export-path").value = str(tmp_path / "tui.xlsx")
        await pilot.press("enter")
        status = app.screen.query_one("#export-status")
        await wait_for(pilot, lambda: "tui.xlsx" in str(status.render()), timeout=30)
        assert _counts(str(status.render())) == (anomalies, notices)


HOSTILE_GRID = {
    'title = "Développer son activité avec le community management"':
        'title = "=Développer son activité avec le community management"',
    'label = "Acquis"': 'label = "=Acquis"',
    'title = "Définir la stratégie': 'title = "=Définir la stratégie',
    'title = "Cible marketing"': 'title = "+Cible marketing"',
    'text = "La cible marketing': 'text = "-La cible marketing',
    'text = "L\'estimation du budget alloué"': 'text = "@L\'estimation du budget alloué"',
    'topic = "Handicap"': 'topic = "=Handicap"',
    'text = "Le jury se réserve': 'text = "=Le jury se réserve',
    'achieved = "Certification délivrée"': 'achieved = "=Certification délivrée"',
    'not_achieved = "Certification non délivrée"': 'not_achieved = "+Certification non délivrée"',
}
HOSTILE_SESSION = {
    'place = "Lyon': 'place = "=Lyon',
    'name = "Claire Martin"': 'name = "=Claire Martin"',
    'name = "Karim Benali"': 'name = "+Karim Benali"',
    'name = "Sophie Durand"': 'name = "@Sophie Durand"',
    'last_name = "Lefèvre"': 'last_name = "=Lefèvre"',
    'first_name = "Thomas"': 'first_name = "-Thomas"',
    'adapted_material = "Rapport': 'adapted_material = "=Rapport',
    'id = "demo-lyon-2026-12"': 'id = "demo-lyon-2026-12"',
}
# every text column a person fills, by sheet (French headers)
MUST_HOLD_FORMULA_LIKE_TEXT = {
    "Synthèse": {"Lieu", "Candidat", "Jurés (fiches soumises)", "Décision proposée", "Motivation", "Décision finale"},
    "Détail": {"Juré", "Note", "Niveau"},
    "Fiches": {"Candidat", "Juré", "Commentaire général", "Soumise par"},
    "Questions": {"Candidat", "Juré", "Thème", "Réponse", "Texte de la question"},
    "Réalisations": {"Candidat", "Juré", "Libellé"},
    "Critères": {"Intitulé"},
    "Jurés": {"Juré"},
    "PV": {"Lieu", "Candidat", "Décision finale", "Décision proposée", "Motivation",
           "Signé par"},
    "Délibérations": {"Candidat", "Motif"},
    "Signatures": {"Candidat", "Juré"},
    "Réouvertures": {"Candidat", "Rouvert par", "Motif"},
    "Grille": {"Grille", "Intitulé", "Texte du critère"},
}


def test_formula_like_text_stays_text_in_every_text_column_of_every_sheet(workspace, tmp_path):
    from jury_tui.domain.deliberation.model import file_hash, start
    from jury_tui.domain.grid.loader import load_grid
    from jury_tui.domain.sheet.model import ScoreSheet

    grid_file = workspace / "grids" / "community-management.toml"
    text = grid_file.read_text(encoding="utf-8")
    for old, new in HOSTILE_GRID.items():
        assert old in text, old
        text = text.replace(old, new)
    grid_file.write_text(text, encoding="utf-8")
    session_dir = workspace / "sessions" / DEMO_SESSION
    session_file = session_dir / "session.toml"
    text = session_file.read_text(encoding="utf-8")
    for old, new in HOSTILE_SESSION.items():
        assert old in text, old
        text = text.replace(old, new)
    session_file.write_text(text, encoding="utf-8")
    grid = load_grid(grid_file)
    for folder in (session_dir / "sheets").iterdir():
        for old in folder.iterdir():
            old.unlink()
    sheets = {}
    for juror in ("martin", "benali"):
        sheet = ScoreSheet.blank(grid, DEMO_SESSION, "C001", juror)
        for criterion in grid.criteria:
            level = "non-acquis" if (juror, criterion.id) == ("benali", "Cr2") else "acquis"
            sheet = sheet.with_level(criterion.id, level).with_note(criterion.id, f"=note {juror}")
        sheet = (sheet.with_presented("budget", True).with_answer("handicap", asked=True, answer="=réponse")
                 .with_comment("-commentaire").submitted(juror).reopened(juror, "@motif").submitted(juror))
        save_sheet(session_dir / "sheets" / juror / "C001.toml", sheet)
        sheets[juror] = sheet
    hashes = {j: file_hash(session_dir / "sheets" / j / "C001.toml") for j in sheets}
    d = (start(grid, DEMO_SESSION, "C001", sheets, hashes).settled("Cr2", "acquis", "=raison")
         .decided("not_achieved", "+motivation").signed("martin").reopened("benali", "=rouvert")
         .signed("martin").signed("benali").signed("durand"))
    save_deliberation(session_dir / "deliberation" / "C001.toml", d)
    out = tmp_path / "hostile.xlsx"
    result = CliRunner().invoke(cli, ["export", str(session_dir), "-o", str(out)], catch_exceptions=False)
    assert out.exists(), result.output
    wb = openpyxl.load_workbook(out)
    found: dict[str, set[str]] = {}
    for ws in wb.worksheets:
        header = [c.value for c in next(ws.iter_rows(max_row=1))]
        for row in ws.iter_rows(min_row=2):
            for name, cell in zip(header, row):
                assert cell.data_type != "f", (ws.title, name, cell.value)  # never a live formula
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    assert cell.data_type == "s" and cell.quotePrefix, (ws.title, name, cell.value)
                    found.setdefault(ws.title, set()).add(name)
    for sheet, columns in MUST_HOLD_FORMULA_LIKE_TEXT.items():
        assert columns <= found.get(sheet, set()), (sheet, columns - found.get(sheet, set()))


def test_libreoffice_reads_the_new_sheets(session_dir, grid, tmp_path):
    build_four_states(session_dir, grid)
    out = tmp_path / "r.xlsx"
    export(session_dir, out)
    sheets = libreoffice_csv(out, tmp_path / "csv")
    assert {"Fiches", "Questions", "Réalisations", "Délibérations", "Signatures", "Réouvertures"} <= set(sheets)

    def table(name):
        header, *body = sheets[name]
        return [dict(zip(header, r)) for r in body]

    answers = {(r["N° candidat"], r["Juré"]): r["Réponse"] for r in table("Questions") if r["Question"] == "handicap"}
    assert answers[("C001", "Karim Benali")] == "Sous-titres, textes alternatifs, contrastes vérifiés."
    assert answers[("C003", "Karim Benali")] == "réponse de benali"
    comments = {(r["N° candidat"], r["Juré"]): r["Commentaire général"] for r in table("Fiches")}
    assert comments[("C001", "Claire Martin")] == "Très bonne soutenance, dossier complet."
    levels = {(r["N° candidat"], r["Critère"]): r for r in table("Délibérations")}
    assert levels[("C001", "Cr5")]["Motif"] == "intervenants absents"
    signed = {(r["N° candidat"], r["Juré"]): r["Signé"] for r in table("Signatures")}
    assert signed[("C001", "Sophie Durand")] == "oui" and signed[("C003", "Sophie Durand")] == "non"
    ticks = {(r["N° candidat"], r["Juré"], r["Réalisation"]): r["Présentée"] for r in table("Réalisations")}
    assert ticks[("C002", "Claire Martin", "budget")] == "oui"
    assert table("Réouvertures") == []
    synthese = {r["N° candidat"]: r for r in table("Synthèse")}
    assert synthese["C001"]["État"] == "décidé" and synthese["C005"]["État"] == "en attente de délibération"
    assert synthese["C005"]["Décision finale"] == ""


@pytest.mark.parametrize("language", ["en"])
def test_english_headers_of_the_new_sheets(session_dir, tmp_path, language):
    out = tmp_path / "en.xlsx"
    export(session_dir, out, "--lang", language)
    wb = openpyxl.load_workbook(out)
    header = [c.value for c in next(wb["Questions"].iter_rows(max_row=1))]
    assert header[:9] == ["Session", "Date", "Candidate id", "Candidate", "Juror", "Question", "Topic", "Asked", "Answer"]
    assert rows(wb["Questions"])[0]["Asked"] in ("yes", "no")
