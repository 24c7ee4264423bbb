"""A demo workspace with a candidate in each of the four states (shared by the state and PDF tests).

- C001 decided: martin and benali submitted, the deliberation settles their two
  divergences, departs from the proposal with a motivation, and the whole jury
  (martin, benali, durand) signed;
- C002 being evaluated: martin's draft of the demo, nothing submitted;
- C003 awaiting deliberation: benali submitted, the deliberation lacks
  benali's and durand's signatures;
- C004 not evaluated: no sheet at all (durand, who declared a conflict, is
  not in C004's jury);
- C005 awaiting deliberation: martin submitted alone, no deliberation yet
  (its proposal is only a proposal).
"""

from __future__ import annotations

from pathlib import Path

from conftest import DEMO_SESSION

from jury_tui.domain.deliberation.files import save_deliberation
from jury_tui.domain.deliberation.model import file_hash, start
from jury_tui.domain.grid.model import Grid
from jury_tui.domain.sheet.files import load_sheet, save_sheet
from jury_tui.domain.sheet.model import ScoreSheet

EXPECTED = {
    # candidate: (state, final outcome label or "" when not decided)
    "C001": ("decided", "Certification délivrée"),
    "C002": ("being_evaluated", ""),
    "C003": ("awaiting_deliberation", ""),
    "C004": ("not_evaluated", ""),
    "C005": ("awaiting_deliberation", ""),
}
STATE_WORDS = {
    "fr": {"decided": "décidé", "being_evaluated": "en cours d'évaluation",
           "awaiting_deliberation": "en attente de délibération", "not_evaluated": "non évalué"},
    "en": {"decided": "decided", "being_evaluated": "being evaluated",
           "awaiting_deliberation": "awaiting deliberation", "not_evaluated": "not evaluated"},
}


def submitted_sheet(grid: Grid, candidate: str, juror: str, levels: dict[str, str] | None = None) -> ScoreSheet:
    sheet = ScoreSheet.blank(grid, DEMO_SESSION, candidate, juror)
    for criterion in grid.criteria:
        sheet = sheet.with_level(criterion.id, (levels or {}).get(criterion.id, "acquis"))
    return sheet.with_answer("handicap", asked=True, answer=f"réponse de {juror}").submitted(juror)


def build_four_states(session_dir: Path, grid: Grid) -> dict[str, tuple[str, str]]:
    sheets = session_dir / "sheets"
    # C001: decided
    pair = {j: load_sheet(sheets / j / "C001.toml", grid) for j in ("martin", "benali")}
    hashes = {j: file_hash(sheets / j / "C001.toml") for j in pair}
    decided = (start(grid, DEMO_SESSION, "C001", pair, hashes)
               .settled("Cr1.4", "acquis", "argumenté à l'oral").settled("Cr5", "non-acquis", "intervenants absents")
               .decided("achieved", "compétence démontrée en situation")
               .signed("martin").signed("benali").signed("durand"))
    save_deliberation(session_dir / "deliberation" / "C001.toml", decided)
    # C003: awaiting (signatures open)
    save_sheet(sheets / "benali" / "C003.toml", submitted_sheet(grid, "C003", "benali"))
    single = {"benali": load_sheet(sheets / "benali" / "C003.toml", grid)}
    partly = (start(grid, DEMO_SESSION, "C003", single, {"benali": file_hash(sheets / "benali" / "C003.toml")})
              .decided("achieved").signed("martin"))
    save_deliberation(session_dir / "deliberation" / "C003.toml", partly)
    # C005: awaiting (no deliberation), proposal "not achieved"
    save_sheet(sheets / "martin" / "C005.toml", submitted_sheet(grid, "C005", "martin", {"Cr2": "non-acquis"}))
    return EXPECTED
