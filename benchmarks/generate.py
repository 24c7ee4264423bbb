"""Generate synthetic workspaces of any size, with the real grid and the project's writers.

    python benchmarks/generate.py OUT --sessions 10 --candidates 500 --jurors 2 [--seed 1]
        [--report-mb 0.05] [--pdf-pages 0]
    python benchmarks/generate.py OUT --sheets 100000      # sessions of 500 candidates × 2 jurors

Notes are realistic French with accents, some long; dossiers are Markdown
(and PDF when --pdf-pages > 0).  Seeded: the same arguments give the same files
(each session has its own seed, so sessions can be written in parallel, one
process per core).  Files are written plainly, without fsync: this is test
data, and 100,000 fsyncs would take longer than the benchmark itself.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from minipdf import make_pdf

from jury_tui.domain.grid.loader import load_grid
from jury_tui.domain.sheet.files import render_sheet
from jury_tui.domain.sheet.model import ScoreSheet

GRID = ROOT / "grids" / "community-management.toml"
TZ = dt.timezone(dt.timedelta(hours=1))
PHRASES = [
    "Cible bien définie, âge et centres d'intérêt précisés.",
    "Budget réaliste mais le poste publicitaire est sous-estimé.",
    "Objectifs SMART, indicateurs de performance pertinents.",
    "Le candidat hésite sur le choix des réseaux ; argumentation à étoffer.",
    "Très bonne prise en compte de l'accessibilité : sous-titres, textes alternatifs.",
    "Stratégie d'acquisition cohérente avec la cible, ciblage publicitaire précis.",
    "Intervenants externes pertinents (webdesigner, photographe).",
    "Tableau de bord de suivi clair ; lien avec les actions d'optimisation démontré.",
    "Réponses précises aux questions du jury, posture professionnelle.",
    "Exemples de publications nombreux, respect de la charte graphique.",
]
LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
        "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier"]
FIRST = ["Léa", "Hugo", "Chloé", "Louis", "Inès", "Jules", "Emma", "Gabriel", "Zoé", "Raphaël", "Anaïs", "Noé"]


def note(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return ""
    count = 1 if rng.random() < 0.9 else rng.randint(8, 30)  # some long notes
    return " ".join(rng.choice(PHRASES) for _ in range(count))


def report_text(rng: random.Random, size: int) -> str:
    parts, total = ["# Rapport de certification\n\n"], 0
    while total < size:
        paragraph = " ".join(rng.choice(PHRASES) for _ in range(8)) + "\n\n"
        parts.append(paragraph)
        total += len(paragraph.encode("utf-8"))
    return "".join(parts)


def write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)


def generate(out: Path, sessions: int, candidates: int, jurors: int, seed: int = 1,
             report_mb: float = 0.005, pdf_pages: int = 0, submitted_ratio: float = 0.9,
             processes: int = 1) -> Path:
    """Write ``sessions`` sessions of ``candidates`` candidates, each scored by ``jurors`` jurors."""
    write(out / "grids" / GRID.name, GRID.read_bytes())
    jobs = [(out, s, candidates, jurors, seed, report_mb, pdf_pages, submitted_ratio) for s in range(sessions)]
    if processes > 1 and sessions > 1:
        with ProcessPoolExecutor(min(processes, sessions)) as pool:
            list(pool.map(_session, jobs))
    else:
        for job in jobs:
            _session(job)
    return out


def sheets_layout(sheets: int, candidates: int = 500, jurors: int = 2) -> tuple[int, int, int]:
    """Sessions, candidates per session and jurors for about ``sheets`` sheets (whole sessions of 500 × 2)."""
    per_session = candidates * jurors
    if sheets < per_session:
        return 1, max(1, sheets // jurors), jurors
    return math.ceil(sheets / per_session), candidates, jurors


def _session(job: tuple[Path, int, int, int, int, float, int, float]) -> None:
    out, s, candidates, jurors, seed, report_mb, pdf_pages, submitted_ratio = job
    rng = random.Random(f"{seed}-{s}")
    grid = load_grid(GRID)
    session_id = f"bench-{s:03d}"
    folder = out / "sessions" / session_id
    date = dt.date(2027, 1, 4) + dt.timedelta(days=s)
    lines = [(f'[session]\nid = "{session_id}"\ntitle = "Session {s}"\ndate = {date.isoformat()}\n'
              f'place = "Lyon"\ngrid = "{grid.id}"\n')]
    juror_ids = [f"j{j}" for j in range(jurors)]
    for index, juror in enumerate(juror_ids):
        role = "president" if index == 0 else "member"
        lines.append(f'\n[[jurors]]\nid = "{juror}"\nname = "Juré {index}"\nrole = "{role}"\nexternal = {str(index % 2 == 0).lower()}\n')
    for c in range(candidates):
        cid = f"S{s:03d}C{c:04d}"
        lines.append(f'\n[[candidates]]\nid = "{cid}"\nlast_name = "{rng.choice(LAST)}"\n'
                     f'first_name = "{rng.choice(FIRST)}"\nslot = "{9 + c // 12 % 9:02d}:{c % 12 * 5:02d}"\n'
                     f"prerequisites_verified = true\n")
        if rng.random() < 0.05:
            lines.append("\n[candidates.accommodations]\nextra_time_factor = 1.33\n")
        if report_mb > 0:
            write(folder / "dossiers" / cid / "rapport.md", report_text(rng, int(report_mb * 1024 * 1024)))
        if pdf_pages:
            pages = [[rng.choice(PHRASES) for _ in range(40)] for _ in range(pdf_pages)]
            write(folder / "dossiers" / cid / "rapport.pdf", make_pdf(pages))
        for juror in juror_ids:
            base = rng.random() < 0.8
            sheet = ScoreSheet.blank(grid, session_id, cid, juror)
            for minute, criterion in enumerate(grid.criteria):
                level = "acquis" if (base if rng.random() < 0.9 else not base) else "non-acquis"
                at = dt.datetime.combine(date, dt.time(9), TZ) + dt.timedelta(minutes=minute)
                sheet = sheet.with_level(criterion.id, level, at).with_note(criterion.id, note(rng), at)
            for item in grid.presentations:
                sheet = sheet.with_presented(item.id, rng.random() < 0.9)
            sheet = sheet.with_answer("handicap", asked=True, answer=rng.choice(PHRASES))
            if rng.random() < submitted_ratio:
                sheet = sheet.submitted(juror, dt.datetime.combine(date, dt.time(11), TZ))
            write(folder / "sheets" / juror / f"{cid}.toml", render_sheet(sheet))
    write(folder / "session.toml", "".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--sessions", type=int, default=1)
    parser.add_argument("--candidates", type=int, default=50)
    parser.add_argument("--jurors", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--report-mb", type=float, default=0.005)
    parser.add_argument("--pdf-pages", type=int, default=0)
    parser.add_argument("--sheets", type=int, default=0,
                        help="about this many sheets, in sessions of 500 candidates × 2 jurors (overrides the sizes)")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1, help="sessions written in parallel")
    args = parser.parse_args()
    if args.sheets:
        args.sessions, args.candidates, args.jurors = sheets_layout(args.sheets)
    generate(args.out, args.sessions, args.candidates, args.jurors, args.seed, args.report_mb, args.pdf_pages,
             processes=args.processes)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
