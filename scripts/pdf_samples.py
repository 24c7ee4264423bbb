"""A demo workspace with candidates in every state, for the PDF tests and the docs' pictures.

    python scripts/pdf_samples.py     # writes docs/images/pv.png and docs/images/letter.png

On top of the demo session: C001 is renamed « Œuvray-N’Diaye Nguyễn » and
decided (achieved, signed by the three jurors); C003 is decided (not
achieved, one criterion missing); C002 keeps its draft (being evaluated);
C004 has one submitted sheet (awaiting deliberation); C005 has nothing.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tomlkit

from jury_tui.demo import write_demo
from jury_tui.domain.deliberation.files import save_deliberation
from jury_tui.domain.deliberation.model import file_hash, start
from jury_tui.domain.grid.loader import load_grid
from jury_tui.domain.sheet.files import load_sheet, save_sheet
from jury_tui.domain.sheet.model import ScoreSheet
from jury_tui.domain.storage.durable import write_atomic

SESSION = "demo-lyon-2026-12"
NAME = "Œuvray-N’Diaye Nguyễn"
FIRST_NAME = "Anh-Thư"
TZ = dt.timezone(dt.timedelta(hours=1))
AT = dt.datetime(2026, 12, 14, 11, 2, tzinfo=TZ)


def rename(session_dir: Path, candidate_id: str, last_name: str, first_name: str) -> None:
    path = session_dir / "session.toml"
    doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    for candidate in doc["candidates"]:
        if candidate["id"] == candidate_id:
            candidate["last_name"] = last_name
            candidate["first_name"] = first_name
    write_atomic(path, tomlkit.dumps(doc))


def decide(session_dir: Path, grid, candidate_id: str, jurors: tuple[str, ...], outcome: str, motivation: str,
           reasons: dict[str, tuple[str, str]] | None = None, signers: tuple[str, ...] = ()) -> None:
    paths = {j: session_dir / "sheets" / j / f"{candidate_id}.toml" for j in jurors}
    sheets = {j: load_sheet(p, grid) for j, p in paths.items()}
    deliberation = start(grid, SESSION, candidate_id, sheets, {j: file_hash(p) for j, p in paths.items()})
    for criterion, (level, reason) in (reasons or {}).items():
        deliberation = deliberation.settled(criterion, level, reason)
    deliberation = deliberation.decided(outcome, motivation)
    for minutes, juror in enumerate(signers):
        deliberation = deliberation.signed(juror, AT + dt.timedelta(minutes=minutes))
    save_deliberation(session_dir / "deliberation" / f"{candidate_id}.toml", deliberation)


def submitted_sheet(session_dir: Path, grid, juror: str, candidate_id: str, missing: tuple[str, ...] = ()) -> None:
    sheet = ScoreSheet.blank(grid, SESSION, candidate_id, juror)
    for criterion in grid.criteria:
        sheet = sheet.with_level(criterion.id, "non-acquis" if criterion.id in missing else "acquis")
    save_sheet(session_dir / "sheets" / juror / f"{candidate_id}.toml",
               sheet.with_comment("Présentation claire.").submitted(juror, AT - dt.timedelta(hours=1)))


def every_state(target: Path) -> Path:
    """Write the sample workspace into ``target``; returns the session folder."""
    workspace, _ = write_demo(target)
    session_dir = workspace / "sessions" / SESSION
    grid = load_grid(workspace / "grids" / "community-management.toml")
    rename(session_dir, "C001", NAME, FIRST_NAME)
    decide(session_dir, grid, "C001", ("martin", "benali"), "achieved",
           "Stratégie argumentée et outils maîtrisés ; les divergences ont été levées à l'oral.",
           {"Cr1.4": ("acquis", "argumenté à l'oral"), "Cr5": ("acquis", "prestataires cités")},
           ("martin", "benali", "durand"))
    for juror in ("martin", "benali"):
        submitted_sheet(session_dir, grid, juror, "C003", missing=("Cr3.1",))
    decide(session_dir, grid, "C003", ("martin", "benali"), "not_achieved",
           "La stratégie de contenu n'est pas construite : calendrier éditorial absent.",
           signers=("martin", "benali", "durand"))
    submitted_sheet(session_dir, grid, "benali", "C004")
    return session_dir


def main() -> None:
    from jury_tui.locations import shipped_grids_dir
    from jury_tui.pdf.letter import write_letter
    from jury_tui.pdf.pv import write_pv
    from jury_tui.pdf.records import read_session

    images = ROOT / "docs" / "images"
    with tempfile.TemporaryDirectory() as folder:
        session_dir = every_state(Path(folder) / "ws")
        records = read_session(session_dir, (shipped_grids_dir(),))
        made = dt.datetime(2026, 12, 14, 18, 5, tzinfo=TZ)
        pv = write_pv(records, Path(folder) / "pv.pdf", now=made)
        letter = write_letter(records, records.result("C003"), Path(folder) / "letter.pdf", now=made)
        for written, name in ((pv, "pv"), (letter, "letter")):
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                            str(written.path), str(images / name)], check=True)
            print(images / f"{name}.png")


if __name__ == "__main__":
    main()
