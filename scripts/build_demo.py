"""Regenerate the shipped demo sessions in ``sessions/`` from the shipped grids.

Run after changing ``grids/community-management.toml`` or
``grids/chef-projet-numerique.toml`` (the demo sheets pin the grid's content
hash):  ``python scripts/build_demo.py``.  The second session (a fictional
RNCP-style title with blocks and two evaluations) is in ``demo_rncp.py``.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import demo_rncp
from minipdf import make_pdf

from jury_tui.domain.grid.loader import load_grid
from jury_tui.domain.sheet.files import save_sheet
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.storage.durable import write_atomic

SESSION_ID = "demo-lyon-2026-12"
FOLDER = ROOT / "sessions" / SESSION_ID
TZ = dt.timezone(dt.timedelta(hours=1))

SESSION_TOML = """\
# Session de démonstration jury-tui : candidats et jurés fictifs.

[session]
id = "demo-lyon-2026-12"
title = "Session de certification — Lyon, décembre 2026"
date = 2026-12-14
place = "Lyon — Centre de formation Confluence, salle 3"
grid = "community-management"
start_time = "09:00"
break_minutes = 15

[[jurors]]
id = "martin"
name = "Claire Martin"
role = "president"
external = true

[[jurors]]
id = "benali"
name = "Karim Benali"
role = "member"
external = true

[[jurors]]
id = "durand"
name = "Sophie Durand"
role = "member"
external = false
conflicts = ["C004"]

[[candidates]]
id = "C001"
last_name = "Lefèvre"
first_name = "Camille"
email = "camille.lefevre@example.org"
slot = "09:00"
prerequisites_verified = true

[[candidates]]
id = "C002"
last_name = "Nguyen"
first_name = "Thomas"
email = "thomas.nguyen@example.org"
slot = "09:45"
prerequisites_verified = true

[candidates.accommodations]
extra_time_factor = 1.33
third_party_assistance = true
adapted_material = "Rapport imprimé en gros caractères (corps 16)"

[[candidates]]
id = "C003"
last_name = "Moreau"
first_name = "Inès"
email = "ines.moreau@example.org"
slot = "10:45"
prerequisites_verified = true

[[candidates]]
id = "C004"
last_name = "Rousseau"
first_name = "Julien"
email = "julien.rousseau@example.org"
slot = "11:30"
prerequisites_verified = false

[[candidates]]
id = "C005"
last_name = "Garcia"
first_name = "Léa"
email = "lea.garcia@example.org"
slot = "13:30"
prerequisites_verified = true
"""

REPORTS = {
    "C001": ("rapport.md", """# Stratégie de community management — Atelier Lefèvre Céramique

## 1. Contexte et cible
L'atelier vend des pièces de céramique artisanale à Lyon. **Cible** : femmes et hommes
de 28 à 45 ans, urbains (Lyon et région Auvergne-Rhône-Alpes), sensibles à l'artisanat,
à la décoration et au « fait main ».

## 2. Objectifs SMART
- Atteindre 2 000 abonnés Instagram d'ici le 30 juin 2027 (KPI : abonnés, taux de croissance).
- Générer 40 ventes par mois via la boutique en ligne (KPI : conversions, trafic référent).

## 3. Budget
| Poste | Montant annuel |
|---|---|
| Outil de planification (Metricool) | 240 € |
| Photographe (4 séances) | 1 200 € |
| Publicité Meta | 1 800 € |
| **Total** | **3 240 €** |

## 4. Réseaux choisis
Instagram (visuel, cible 28-45 ans) et Pinterest (inspiration déco). TikTok écarté : pas
de ressources vidéo suffisantes.

## 5. Stratégie éditoriale
Trois publications par semaine : coulisses de l'atelier, pièces finies, conseils d'entretien.
Chaque visuel a un texte alternatif ; les vidéos sont sous-titrées.

## 6. Acquisition d'abonnés
Hashtags locaux, collaborations avec deux créatrices lyonnaises, campagne Meta ciblée
(Lyon + 30 km, centres d'intérêt : décoration, artisanat).

## 7. Intervenants
Une photographe indépendante ; un webdesigner pour la charte des visuels.

## 8. Suivi des performances
Tableau de bord mensuel : portée, engagement, abonnés, clics vers la boutique, ventes.
"""),
    "C002": ("rapport.txt", """STRATEGIE DE COMMUNITY MANAGEMENT - NGUYEN CONSEIL

Cible : dirigeants de TPE du BTP, 35-60 ans, Rhône et Isère.
Objectifs : 30 demandes de devis par trimestre via LinkedIn d'ici fin 2027.
Budget : 2 500 euros (outil Hootsuite, publicité LinkedIn, graphiste).
Reseau choisi : LinkedIn (cible professionnelle), Facebook pour la communauté locale.
Ligne editoriale : études de cas chantier, conseils réglementaires, témoignages clients.
Accessibilité : sous-titres sur toutes les vidéos, descriptions alternatives des images.
Suivi : taux d'engagement, visites de la page, demandes de devis.
"""),
    "C003": ("rapport.md", """# Boulangerie Moreau — plan social media

La cible est large (« tout le monde ») ; l'objectif est d'« être plus visible ».
Réseaux : Facebook, Instagram, TikTok, X, LinkedIn.
Budget non chiffré.
"""),
}


def write_reports() -> None:
    for candidate, (name, text) in REPORTS.items():
        write_atomic(FOLDER / "dossiers" / candidate / name, text)
    pdf_pages = [
        ["Rapport de certification - Léa Garcia", "Agence de voyages Garcia & Fils", "",
         "1. Cible : familles avec enfants, 30-50 ans, région lyonnaise.",
         "2. Objectifs : +25 % de réservations en ligne en 12 mois.",
         "3. Budget : 4 000 euros (publicité, vidéaste, outil d'analyse)."],
        ["4. Réseaux : Instagram et YouTube (vidéos de destinations).",
         "5. Contenus accessibles : sous-titres, audiodescription des vidéos.",
         "6. Suivi : tableau de bord mensuel (portée, clics, réservations)."],
    ]
    write_atomic(FOLDER / "dossiers" / "C005" / "rapport.pdf", make_pdf(pdf_pages))
    for candidate, company in (("C001", "Atelier Lefèvre Céramique"), ("C002", "Nguyen Conseil"),
                               ("C003", "Boulangerie Moreau"), ("C005", "Garcia & Fils")):
        write_atomic(
            FOLDER / "dossiers" / candidate / "candidate.toml",
            f'[candidate]\ncompany = "{company}"\n',
        )


def at(hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2026, 12, 14, hour, minute, tzinfo=TZ)


def write_sheets() -> None:
    grid = load_grid(ROOT / "grids" / "community-management.toml")
    ids = [c.id for c in grid.criteria]
    notes = {
        "Cr1.1": "Cible précise : âge, lieu, centres d'intérêt.",
        "Cr1.2": "Budget chiffré poste par poste, réaliste.",
        "Cr1.3": "Objectifs datés et mesurables.",
        "Cr3.1": "Textes alternatifs et sous-titres prévus.",
        "Cr6.2": "Lien résultats / actions bien expliqué.",
    }
    # C001: president and a member both submitted; they disagree on Cr1.4 and Cr5.
    for juror, disagreements, comment in (
        ("martin", {}, "Très bonne soutenance, dossier complet."),
        ("benali", {"Cr1.4": "non-acquis", "Cr5": "non-acquis"},
         "Orientations stratégiques peu justifiées ; intervenants à préciser."),
    ):
        sheet = ScoreSheet.blank(grid, SESSION_ID, "C001", juror)
        for index, cid in enumerate(ids):
            level = disagreements.get(cid, "acquis")
            sheet = sheet.with_level(cid, level, at(9, 5 + index * 2))
            note = notes.get(cid, "")
            if cid in disagreements:
                note = "Insuffisamment argumenté à l'oral."
            if note:
                sheet = sheet.with_note(cid, note, at(9, 6 + index * 2))
        for item in grid.presentations:
            sheet = sheet.with_presented(item.id, True)
        sheet = sheet.with_answer("handicap", asked=True,
                                  answer="Sous-titres, textes alternatifs, contrastes vérifiés.")
        sheet = sheet.with_comment(comment).submitted(juror, at(9, 50))
        save_sheet(FOLDER / "sheets" / juror / "C001.toml", sheet)

    # C002: the president's sheet is a draft, five criteria scored.
    sheet = ScoreSheet.blank(grid, SESSION_ID, "C002", "martin")
    for index, cid in enumerate(ids[:5]):
        sheet = sheet.with_level(cid, "acquis" if index != 2 else "non-acquis", at(10, 1 + index))
    sheet = sheet.with_note("Cr1.3", "Objectifs non datés.", at(10, 4))
    sheet = sheet.with_presented("cible-objectifs", True).with_presented("budget", True)
    save_sheet(FOLDER / "sheets" / "martin" / "C002.toml", sheet)


def main() -> None:
    if FOLDER.exists():
        shutil.rmtree(FOLDER)
    write_atomic(FOLDER / "session.toml", SESSION_TOML)
    write_reports()
    write_sheets()
    print(f"wrote {FOLDER.relative_to(ROOT)}")
    print(f"wrote {demo_rncp.write_session(ROOT).relative_to(ROOT)}")


if __name__ == "__main__":
    main()
