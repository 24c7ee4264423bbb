"""The second demo session: the fictional RNCP-style title (blocks, two evaluations).

Written by ``scripts/build_demo.py``; candidates and jurors are fictional.
Every outcome of a grid with blocks is there:

- R001: both jurors submitted, every block validated once the jury settles
  the one criterion they disagree on (try the deliberation: Ctrl+D);
- R002: both submitted, the Oui/Non criterion of B3 at « Non »: the jury
  settled their one divergence, validated B1 and B2 (« Validation
  partielle ») and every juror signed;
- R003: the president submitted, one criterion « Non démontré »: refused;
- R004: a draft, only the first evaluation (E1) scored so far;
- R005: extra time +50 % and adapted material, not scored yet (try the timer);
- R006: not scored yet.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from jury_tui.domain.deliberation.files import save_deliberation
from jury_tui.domain.deliberation.model import file_hash, start
from jury_tui.domain.grid.loader import load_grid
from jury_tui.domain.sheet.files import save_sheet
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.storage.durable import write_atomic

SESSION_ID = "demo-nantes-2027-01"
GRID_FILE = "chef-projet-numerique.toml"
TZ = dt.timezone(dt.timedelta(hours=1))

SESSION_TOML = """\
# Session de démonstration jury-tui (titre fictif de type RNCP) : candidats et jurés fictifs.

[session]
id = "demo-nantes-2027-01"
title = "Session de certification — Nantes, janvier 2027"
date = 2027-01-18
place = "Nantes — Campus des métiers du numérique, salle B"
grid = "chef-projet-numerique"
start_time = "08:30"
break_minutes = 15

[[jurors]]
id = "lambert"
name = "Hélène Lambert"
role = "president"
external = true

[[jurors]]
id = "okafor"
name = "David Okafor"
role = "member"
external = true

[[jurors]]
id = "petit"
name = "Marc Petit"
role = "member"
external = false

[[candidates]]
id = "R001"
last_name = "Bertrand"
first_name = "Alice"
email = "alice.bertrand@example.org"
slot = "08:30"
prerequisites_verified = true

[[candidates]]
id = "R002"
last_name = "Diallo"
first_name = "Moussa"
email = "moussa.diallo@example.org"
slot = "10:25"
prerequisites_verified = true

[[candidates]]
id = "R003"
last_name = "Fontaine"
first_name = "Chloé"
email = "chloe.fontaine@example.org"
slot = "12:20"
prerequisites_verified = true

[[candidates]]
id = "R004"
last_name = "Hoarau"
first_name = "Kévin"
email = "kevin.hoarau@example.org"
slot = "14:15"
prerequisites_verified = true

[[candidates]]
id = "R005"
last_name = "Marchal"
first_name = "Sarah"
email = "sarah.marchal@example.org"
slot = "16:10"
prerequisites_verified = true

[candidates.accommodations]
extra_time_factor = 1.5
adapted_material = "Dossier du cas imprimé en gros caractères, écran agrandi"

[[candidates]]
id = "R006"
last_name = "Vasseur"
first_name = "Lucas"
email = "lucas.vasseur@example.org"
slot = "18:55"
prerequisites_verified = false
"""

REPORTS = {
    "R001": ("dossier-professionnel.md", """# Dossier professionnel — Alice Bertrand

## Le projet
Dématérialisation des bons de commande d'une entreprise de négoce de 40 salariés (Saint-Nazaire).

## Diagnostic
- Cartographie des six processus de l'achat à la facturation, outils utilisés à chaque étape.
- Entretiens avec les acheteurs, les magasiniers et la comptabilité (12 personnes).

## Conduite du projet
Planning en quatre jalons sur neuf mois ; budget de 38 000 € (logiciel, formation, reprise des données).
Plan de formation par métier, ateliers de retour d'expérience à chaque jalon.

## Sécurité et accessibilité
Registre des traitements mis à jour (fournisseurs, salariés) ; sauvegardes chiffrées hors site.
Interface choisie conforme RGAA, testée au clavier et avec un lecteur d'écran.
"""),
    "R002": ("dossier-professionnel.md", """# Dossier professionnel — Moussa Diallo

Projet : déploiement d'un outil de gestion de la relation client dans une agence immobilière (15 salariés).
Diagnostic complet, planning et budget détaillés, formation des agents par petits groupes.
Sécurité : sauvegardes quotidiennes. Le registre des traitements n'a pas été tenu.
"""),
    "R003": ("dossier-professionnel.md", """# Dossier professionnel — Chloé Fontaine

Projet : site de vente en ligne pour une librairie indépendante.
Le budget n'est pas présenté.
"""),
}


def at(hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2027, 1, 18, hour, minute, tzinfo=TZ)


def scored(grid, candidate: str, juror: str, levels: dict[str, str], start: tuple[int, int],
           notes: dict[str, str] | None = None) -> ScoreSheet:
    sheet = ScoreSheet.blank(grid, SESSION_ID, candidate, juror)
    hour, minute = start
    for index, (cid, level) in enumerate(levels.items()):
        sheet = sheet.with_level(cid, level, at(hour, minute + index))
    for cid, note in (notes or {}).items():
        sheet = sheet.with_note(cid, note, at(hour, minute + len(levels)))
    return sheet


def complete(sheet: ScoreSheet, grid, comment: str, juror: str, when: dt.datetime) -> ScoreSheet:
    for item in grid.presentations:
        sheet = sheet.with_presented(item.id, True)
    sheet = sheet.with_answer("rgpd", asked=True, answer="Données clients et salariés ; accès restreints, sauvegardes.")
    sheet = sheet.with_answer("handicap", asked=True, answer="Outil testé au clavier et au lecteur d'écran.")
    return sheet.with_comment(comment).submitted(juror, when)


def deliberate_r002(grid, folder: Path) -> None:
    paths = {juror: folder / "sheets" / juror / "R002.toml" for juror in ("lambert", "okafor")}
    from jury_tui.domain.sheet.files import load_sheet

    sheets = {juror: load_sheet(path, grid) for juror, path in paths.items()}
    deliberation = start(grid, SESSION_ID, "R002", sheets, {j: file_hash(p) for j, p in paths.items()})
    deliberation = deliberation.settled("B2.C3.b", "2", "Budget chiffré mais sans marge pour les imprévus.")
    proposed = deliberation.proposed(grid)
    deliberation = deliberation.decided(proposed.outcome)
    for minute, juror in enumerate(("lambert", "okafor", "petit")):
        deliberation = deliberation.signed(juror, at(12, 10 + minute))
    save_deliberation(folder / "deliberation" / "R002.toml", deliberation)


def write_session(root: Path) -> Path:
    folder = root / "sessions" / SESSION_ID
    if folder.exists():
        shutil.rmtree(folder)
    grid = load_grid(root / "grids" / GRID_FILE)
    write_atomic(folder / "session.toml", SESSION_TOML)
    for candidate, (name, text) in REPORTS.items():
        write_atomic(folder / "dossiers" / candidate / name, text)

    good = {"B1.C1.a": "3", "B1.C1.b": "2", "B1.C2.a": "3", "B2.C3.a": "2", "B2.C3.b": "2", "B3.C5.a": "oui",
            "B2.C4.a": "3", "B3.C5.b": "2", "B3.C6.a": "3"}
    for juror, levels, comment in (
        ("lambert", good, "Projet mené de bout en bout, très bonne maîtrise de l'accessibilité."),
        ("okafor", {**good, "B1.C1.b": "3"}, "Diagnostic remarquable, soutenance claire."),
    ):
        sheet = scored(grid, "R001", juror, levels, (8, 35), {"B3.C6.a": "Tests au lecteur d'écran présentés."})
        save_sheet(folder / "sheets" / juror / "R001.toml",
                   complete(sheet, grid, comment, juror, at(10, 5)))

    partial = {**good, "B3.C5.a": "non"}
    for juror, levels in (("lambert", partial), ("okafor", {**partial, "B2.C3.b": "3"})):
        sheet = scored(grid, "R002", juror, levels, (10, 30),
                       {"B3.C5.a": "Aucun registre des traitements : non conforme au RGPD."})
        save_sheet(folder / "sheets" / juror / "R002.toml",
                   complete(sheet, grid, "Blocs B1 et B2 solides ; B3 à reprendre (registre RGPD).", juror,
                            at(12, 0)))

    deliberate_r002(grid, folder)

    refused = {**good, "B2.C3.b": "0", "B2.C3.a": "1"}
    sheet = scored(grid, "R003", "lambert", refused, (12, 25), {"B2.C3.b": "Aucun budget présenté."})
    save_sheet(folder / "sheets" / "lambert" / "R003.toml",
               complete(sheet, grid, "Le budget du projet est absent : critère non démontré.", "lambert",
                        at(13, 55)))

    first = grid.find_evaluation("E1")
    draft = {cid: good[cid] for cid in first.criteria if cid != "B2.C3.b"}
    sheet = scored(grid, "R004", "okafor", draft, (14, 20), {"B1.C1.a": "Cartographie claire, outils nommés."})
    save_sheet(folder / "sheets" / "okafor" / "R004.toml", sheet.with_presented("dossier", True))
    return folder
