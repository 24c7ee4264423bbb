"""Blocks of competencies in the record: the workbook, the PDF PV and the decision letter of the Nantes demo.

The Nantes demo (grid chef-projet-numerique, blocks B1–B3 with codes
RNCP00000BC01–03): R002 is partially validated (B1 and B2), deliberated and
signed; R003 is refused by the rules (B2.C3.b at « Non démontré », under the
grid's minimum) and awaits its deliberation; R001 has a criterion of B1 unscored.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils import get_column_letter
from pypdf import PdfReader
from test_export import by_candidate, libreoffice_csv

from jury_tui.cli import cli
from jury_tui.domain.deliberation.state import CandidateState, CandidateStatus
from jury_tui.domain.grid.decision import decide_outcome
from jury_tui.domain.grid.loader import load_grid
from jury_tui.domain.workspace.consolidate import consolidate
from jury_tui.export.tables import BlockColumns
from jury_tui.i18n import translator

NANTES = "demo-nantes-2027-01"
B1 = "B1 Diagnostiquer les besoins numériques d'une organisation"
B2 = "B2 Conduire un projet de transformation numérique"
B3 = "B3 Sécuriser et rendre accessibles les services numériques"
PARTIAL_R002 = ("Validation partielle : B1 (Diagnostiquer les besoins numériques d'une organisation), "
                "B2 (Conduire un projet de transformation numérique)")
BLOCK_HEADERS = ["Bloc B1 (RNCP00000BC01)", "Bloc B2 (RNCP00000BC02)", "Bloc B3 (RNCP00000BC03)"]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def export(*sessions: Path, out: Path) -> None:
    """Export (exit 1: the demo sessions hold anomalies on purpose, e.g. candidates without sheets)."""
    result = run("export", *map(str, sessions), "-o", str(out))
    assert result.exit_code in (0, 1) and out.exists(), result.output


def rows(ws) -> list[dict[str, object]]:
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], r)) for r in values[1:]]


@pytest.fixture
def nantes(workspace: Path) -> Path:
    return workspace / "sessions" / NANTES


@pytest.fixture
def workbook(workspace: Path, tmp_path: Path) -> Path:
    """Both demo sessions (two grids: one with blocks, one without) in one workbook."""
    out = tmp_path / "both.xlsx"
    sessions = sorted((workspace / "sessions").iterdir())
    assert [s.name for s in sessions] == ["demo-lyon-2026-12", NANTES]
    export(*sessions, out=out)
    return out


def test_synthese_has_one_column_per_block_in_symbol_and_words(workbook):
    wb = openpyxl.load_workbook(workbook)
    header = [c.value for c in next(wb["Synthèse"].iter_rows(max_row=1))]
    # after the criteria and their count, before the outcomes
    start = header.index("Critères acquis") + 1
    assert header[start:start + 4] == [*BLOCK_HEADERS, "Décision proposée"]
    synthese = by_candidate(wb["Synthèse"])
    r002, r003, r001 = synthese["R002"], synthese["R003"], synthese["R001"]
    # decided: the jury's final outcome, named blocks
    assert [r002[h] for h in BLOCK_HEADERS] == ["✔ validé", "✔ validé", "✘ non validé"]
    assert r002["Décision finale"] == PARTIAL_R002
    assert r002["Décision proposée"] == PARTIAL_R002
    # awaiting deliberation: what the rules propose, said so; a failed rule of the whole grid validates nothing
    assert [r003[h] for h in BLOCK_HEADERS] == ["✘ non validé (proposition)"] * 3
    assert r003["Décision finale"] is None and r003["Décision proposée"] == "Titre non délivré"
    # a block with a required criterion unscored is not fully scored yet
    assert [r001[h] for h in BLOCK_HEADERS] == ["○ pas encore entièrement évalué (proposition)",
                                                "✔ validé (proposition)", "✔ validé (proposition)"]
    # nothing submitted: nothing to say; the other grid's candidates have no such blocks
    assert [synthese["R006"][h] for h in BLOCK_HEADERS] == [None] * 3
    assert [synthese["C001"][h] for h in BLOCK_HEADERS] == [None] * 3
    # each criterion's final level in its own column; another grid's criteria stay empty
    assert (r003["B2.C3.a"], r003["B2.C3.b"], r003["B3.C5.a"]) == ("◔ Partiellement démontré", "✘ Non démontré",
                                                                   "✔ Oui")
    assert (r002["B3.C5.a"], r002["B1.C1.b"], r002["Cr1.1"]) == ("✘ Non", "◑ Démontré", None)
    assert (r003["Critères acquis"], r002["Critères acquis"], synthese["R006"]["Critères acquis"]) == ("7/9", "8/9",
                                                                                                      "0/9")
    assert synthese["C001"]["B1.C1.a"] is None and synthese["C001"]["Cr1.1"] == "✔ Acquis"
    # colour only adds to the words: validated green, not validated red, on the block columns only
    first, last = (get_column_letter(header.index(h) + 1) for h in (BLOCK_HEADERS[0], BLOCK_HEADERS[-1]))
    rules = {str(cf.sqref): [r.formula[0] for r in cf.rules] for cf in wb["Synthèse"].conditional_formatting}
    count = len(synthese) + 1
    assert rules[f"{first}2:{last}{count}"] == [f'LEFT({first}2,1)="✔"', f'LEFT({first}2,1)="✘"']


def test_the_pv_sheet_lists_the_validated_blocks_with_their_codes(workbook):
    pv = by_candidate(openpyxl.load_workbook(workbook)["PV"])
    assert pv["R002"]["Blocs validés"] == f"{B1} (RNCP00000BC01)\n{B2} (RNCP00000BC02)"
    assert pv["R002"]["Décision finale"] == PARTIAL_R002
    assert pv["R003"]["Blocs validés"] is None  # not decided: no final blocks
    assert pv["C001"]["Blocs validés"] is None  # a grid without blocks


def test_detail_grille_and_questions_name_blocks_evaluations_and_tied_questions(workbook):
    wb = openpyxl.load_workbook(workbook)
    detail = {(r["N° candidat"], r["Juré"], r["Critère"]): r for r in rows(wb["Détail"])}
    row = detail[("R002", "Hélène Lambert", "B3.C5.a")]
    assert row["Bloc"] == "B3 (RNCP00000BC03)"
    assert row["Épreuves"] == "E1 (mise en situation pratique)"
    assert row["Réponses aux questions liées à ce critère"] == (
        "Données personnelles : Données clients et salariés ; accès restreints, sauvegardes.")
    assert detail[("R002", "Hélène Lambert", "B1.C2.a")]["Épreuves"] == "E1 (mise en situation pratique); E2 (oral)"
    assert detail[("R002", "Hélène Lambert", "B3.C6.a")]["Réponses aux questions liées à ce critère"] == (
        "Handicap : Outil testé au clavier et au lecteur d'écran.")
    assert detail[("R002", "Hélène Lambert", "B2.C3.a")]["Réponses aux questions liées à ce critère"] is None
    # the first grid: no blocks, one evaluation; its tied question's answer is listed with Cr3.1
    lyon = detail[("C001", "Claire Martin", "Cr1.1")]
    assert lyon["Bloc"] is None and lyon["Épreuves"] is None

    grille = {(r["Grille"], r["Critère"]): r for r in rows(wb["Grille"])}
    title = "Chef de projet en transformation numérique (titre fictif)"
    b1 = grille[(title, "B1.C2.a")]
    assert (b1["Bloc"], b1["Code du bloc"]) == (B1, "RNCP00000BC01")
    assert b1["Épreuves (nature, phases)"] == (
        "E1 Mise en situation : audit de la PME fictive « Menuiserie Allard » (mise en situation pratique) : "
        "Préparation de l'audit 45 min, Restitution au jury 15 min\n"
        "E2 Soutenance du dossier professionnel (oral) : Présentation du projet 20 min, Questions du jury 20 min")
    assert grille[(title, "B3.C5.b")]["Questions liées à ce critère"] == "Données personnelles"
    assert grille[(title, "B2.C3.a")]["Questions liées à ce critère"] is None
    cm = next(r for (g, _c), r in grille.items() if g != title)
    assert cm["Bloc"] is None and cm["Code du bloc"] is None

    questions = [r for r in rows(wb["Questions"]) if r["N° candidat"] == "R002" and r["Juré"] == "Hélène Lambert"]
    informed = {r["Question"]: r["Critères que cette question éclaire"] for r in questions}
    assert informed == {"rgpd": "B3.C5.a Registre des traitements RGPD\nB3.C5.b Sauvegarde et sécurité",
                        "handicap": "B3.C6.a Accessibilité numérique (RGAA)"}


def test_statistics_stay_per_criterion(workbook):
    wb = openpyxl.load_workbook(workbook)
    criteria = [r["Critère"] for r in rows(wb["Critères"])]
    assert "B2.C3.b" in criteria and "Cr1.1" in criteria
    assert not any(str(c).startswith("Bloc") for c in criteria)


def test_block_columns_of_two_grids_with_blocks_name_their_grid_and_stay_apart(workspace):
    """Two grids sharing block ids: one column per grid and block, the grid named; never mixed."""
    c = consolidate([workspace / "sessions" / NANTES])
    grid = next(iter(c.grids.values()))
    other = dataclasses.replace(grid, id="autre-titre", blocks=grid.blocks[:2])
    c.grids[other.id] = other
    r002 = next(r for r in c.results if r.candidate.id == "R002")
    moved = dataclasses.replace(r002, grid=other)
    columns = BlockColumns(c, translator("fr"))
    assert columns.headers == (
        "Bloc B1 (RNCP00000BC01) — chef-projet-numerique", "Bloc B2 (RNCP00000BC02) — chef-projet-numerique",
        "Bloc B3 (RNCP00000BC03) — chef-projet-numerique",
        "Bloc B1 (RNCP00000BC01) — autre-titre", "Bloc B2 (RNCP00000BC02) — autre-titre")
    assert columns.cells(r002) == ["✔ validé", "✔ validé", "✘ non validé", "", ""]
    assert columns.cells(moved) == ["", "", "", "✔ validé", "✔ validé"]


def test_a_workbook_of_the_first_grid_alone_has_no_block_column(session_dir, tmp_path):
    out = tmp_path / "lyon.xlsx"
    export(session_dir, out=out)
    wb = openpyxl.load_workbook(out)
    header = [c.value for c in next(wb["Synthèse"].iter_rows(max_row=1))]
    assert not [h for h in header if h.startswith("Bloc")]
    assert "Blocs validés" in [c.value for c in next(wb["PV"].iter_rows(max_row=1))]  # the column stays, empty
    assert all(r["Blocs validés"] is None for r in rows(wb["PV"]))
    assert all(r["Bloc"] is None for r in rows(wb["Détail"]))


def test_libreoffice_reads_the_block_columns(workbook, tmp_path):
    sheets = libreoffice_csv(workbook, tmp_path / "csv")

    def table(name):
        header, *body = sheets[name]
        return {r[header.index("N° candidat")]: dict(zip(header, r)) for r in body}

    synthese = table("Synthèse")
    assert [synthese["R002"][h] for h in BLOCK_HEADERS] == ["✔ validé", "✔ validé", "✘ non validé"]
    assert [synthese["R003"][h] for h in BLOCK_HEADERS] == ["✘ non validé (proposition)"] * 3
    assert [synthese["C001"][h] for h in BLOCK_HEADERS] == ["", "", ""]
    assert synthese["R002"]["Décision finale"] == PARTIAL_R002
    pv = table("PV")
    assert pv["R002"]["Blocs validés"] == f"{B1} (RNCP00000BC01)\n{B2} (RNCP00000BC02)"
    header, *body = sheets["Détail"]
    blocks = {r[header.index("Critère")]: r[header.index("Bloc")] for r in body
              if r[header.index("N° candidat")] == "R002"}
    assert blocks["B1.C1.a"] == "B1 (RNCP00000BC01)" and blocks["B3.C6.a"] == "B3 (RNCP00000BC03)"


# -- the PDF PV and the letter --------------------------------------------------------------------

def text_of(pdf: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())


def test_the_pdf_pv_lists_the_validated_blocks_of_r002_with_their_codes(nantes, tmp_path):
    pdf = tmp_path / "pv.pdf"
    assert run("pv", str(nantes), "-o", str(pdf)).exit_code == 0
    text = text_of(pdf)
    first = " ".join(PdfReader(pdf).pages[0].extract_text().split())
    assert "Blocs de compétences" in first and "RNCP00000BC03" in first  # the certification's blocks
    assert "Épreuves" in first and "E2 — Soutenance du dossier professionnel (oral)" in first
    r002 = text[text.index("R002 — Diallo Moussa État"):text.index("R003 — Fontaine Chloé État")]
    validated = r002[r002.index("Blocs validés"):r002.index("Motivation")]
    assert "B1 Diagnostiquer les besoins numériques d'une organisation (RNCP00000BC01)" in validated
    assert "(RNCP00000BC02)" in validated and "RNCP00000BC03" not in validated
    assert "Blocs tels que décidés par le jury" in r002
    assert "✘ non validé B3.C5.a (Registre des traitements RGPD) n'est pas acquis" in r002
    r003 = text[text.index("R003 — Fontaine Chloé État"):text.index("R004 — Hoarau Kévin État")]
    assert "Blocs validés" not in r003 and "Blocs proposés (non définitifs)" in r003
    assert "non validé (proposition)" in r003


def test_the_letter_of_r002_says_which_blocks_were_validated_and_why_not(nantes, tmp_path):
    assert run("letter", str(nantes), "R002", "-o", str(tmp_path / "letters")).exit_code == 0
    text = text_of(tmp_path / "letters" / "decision-R002.pdf")
    assert f"Décision {PARTIAL_R002}" in text
    blocks = text[text.index("Blocs de compétences"):text.index("Compétences et critères")]
    assert "(RNCP00000BC01) ✔ validé" in blocks and "(RNCP00000BC02) ✔ validé" in blocks
    assert "(RNCP00000BC03) ✘ non validé B3.C5.a (Registre des traitements RGPD) n'est pas acquis" in blocks
    assert "proposition" not in blocks


# -- one state, the same words everywhere --------------------------------------------------------

async def test_list_check_synthese_and_pv_say_the_same_words_for_a_partial_outcome(workspace, nantes, tmp_path):
    from pilot_helpers import make_app, open_candidates, wait_for

    from jury_tui.ui.candidate_columns import state_text

    shutil.rmtree(workspace / "sessions" / "demo-lyon-2026-12")  # the app opens the Nantes session first
    expected = {"R002": f"décidé : {PARTIAL_R002}", "R003": "en attente de délibération"}
    check = run("check", str(nantes)).output
    out = tmp_path / "n.xlsx"
    export(nantes, out=out)
    wb = openpyxl.load_workbook(out)
    synthese, pv = by_candidate(wb["Synthèse"]), by_candidate(wb["PV"])
    pdf = tmp_path / "pv.pdf"
    assert run("pv", str(nantes), "-o", str(pdf)).exit_code == 0
    first = " ".join(PdfReader(pdf).pages[0].extract_text().split())
    summary = first[first.index("R002 — Diallo Moussa"):first.index("R003 — Fontaine Chloé")]
    c = consolidate([nantes])
    for candidate, words in expected.items():
        result = next(r for r in c.results if r.candidate.id == candidate)
        assert state_text(result.status, result.grid) == f"{result.status.symbol()} {words}"
        assert f"{NANTES} {candidate}: {result.status.symbol()} {words}" in check
        for sheet in (synthese, pv):
            state, _sep, final = words.partition(" : ")
            assert sheet[candidate]["État"] == state
            assert (sheet[candidate]["Décision finale"] or "") == final
    assert "décidé" in summary and PARTIAL_R002 in summary

    app = make_app(workspace, "fr")
    async with app.run_test(size=(200, 30)) as pilot:
        await open_candidates(pilot)
        screen = app.screen
        await wait_for(pilot, lambda: len(screen.states) == 6)
        table = screen.query_one("DataTable")
        for candidate, words in expected.items():
            assert words in str(table.get_row(candidate)[-1]), candidate


# -- the domain: which blocks, by whom ------------------------------------------------------------

@pytest.fixture(scope="module")
def rncp():
    from conftest import ROOT

    return load_grid(ROOT / "grids" / "chef-projet-numerique.toml")


def levels(rncp, **changes: str) -> dict[str, str | None]:
    base = {c.id: ("oui" if c.scale == "oui-non" else "3") for c in rncp.criteria}
    base.update({k.replace("_", "."): v for k, v in changes.items()})
    return base


def status(rncp, state: CandidateState, levels_: dict[str, str | None], final: str = "") -> CandidateStatus:
    return CandidateStatus(state, ("a",), ("a",), proposal=decide_outcome(rncp, levels_), levels=levels_,
                           final_outcome=final)


@pytest.mark.parametrize(("final", "validated"), [
    ("partial", ["B1", "B2"]),  # the blocks whose own rules hold on the jury's levels
    ("achieved", ["B1", "B2", "B3"]),  # the jury certifies: every block
    ("not_achieved", []),  # the jury refuses: none, whatever the rules say
    ("incomplete", []),
])
def test_final_blocks_follow_the_jury_s_outcome(rncp, final, validated):
    partial = levels(rncp, B3_C5_a="non")
    decided = status(rncp, CandidateState.DECIDED, partial, final)
    assert [b.id for b in decided.final_blocks(rncp)] == validated
    assert [v.block.id for v in decided.blocks(rncp) if v.validated] == validated
    assert all(v.final for v in decided.blocks(rncp))


def test_a_block_the_jury_did_not_validate_although_its_rules_hold_says_so(rncp):
    from jury_tui.pdf.texts import block_rows

    decided = status(rncp, CandidateState.DECIDED, levels(rncp, B3_C5_a="non"), "not_achieved")
    result = type("R", (), {"status": decided, "grid": rncp})()
    rows = block_rows(result, translator("fr"))  # type: ignore[arg-type]
    assert rows[0] == (f"{B1} (RNCP00000BC01)", "✘ non validé", "décision du jury (voir la motivation)")
    assert rows[2][2] == "B3.C5.a (Registre des traitements RGPD) n'est pas acquis"


def test_undecided_blocks_are_proposals_and_a_failed_grid_rule_validates_none(rncp):
    refused = status(rncp, CandidateState.AWAITING_DELIBERATION, levels(rncp, B2_C3_b="0"))
    verdicts = refused.blocks(rncp)
    assert [v.verdict for v in verdicts] == ["not_validated"] * 3 and not any(v.final for v in verdicts)
    assert verdicts[0].reason_text(translator("fr")) == (
        "B2.C3.b (Budget du projet) est au niveau « Non démontré », sous le minimum « Partiellement démontré »")
    assert refused.final_text(rncp) == "" and refused.final_blocks(rncp) == ()
    unscored = status(rncp, CandidateState.AWAITING_DELIBERATION, levels(rncp, B1_C1_b=None))
    assert [v.text(translator("en")) for v in unscored.blocks(rncp)] == [
        "○ not fully scored yet (proposal)", "✔ validated (proposal)", "✔ validated (proposal)"]
    assert unscored.blocks(rncp)[0].reason_text(translator("en")) == "B1.C1.b (Besoins des utilisateurs) is not scored yet"


def test_block_columns_in_english(nantes, tmp_path):
    out = tmp_path / "en.xlsx"
    # the interface in French, the workbook in English: every word follows the workbook
    result = run("--lang", "fr", "export", str(nantes), "-o", str(out), "--lang", "en")
    assert result.exit_code in (0, 1) and out.exists()
    wb = openpyxl.load_workbook(out)
    synthese = by_candidate(wb["Summary"], "Candidate id")
    headers = ["Block B1 (RNCP00000BC01)", "Block B2 (RNCP00000BC02)", "Block B3 (RNCP00000BC03)"]
    assert [synthese["R002"][h] for h in headers] == ["✔ validated", "✔ validated", "✘ not validated"]
    assert [synthese["R003"][h] for h in headers] == ["✘ not validated (proposal)"] * 3
    # the grid's own outcome label stays as the certifier wrote it; the blocks are named after it
    assert synthese["R002"]["Final outcome"] == PARTIAL_R002.replace(" : ", ": ")
    minutes = by_candidate(wb["Minutes"], "Candidate id")
    assert minutes["R002"]["Validated blocks"] == f"{B1} (RNCP00000BC01)\n{B2} (RNCP00000BC02)"
