"""Consolidation and export workloads, run in a child process so peak RSS is its own.

    python benchmarks/workloads.py ours|naive|raw|reexport WORKSPACE OUT.xlsx
Prints one JSON line: {"seconds": ..., "peak_rss_mb": ...}.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jury_tui.domain.workspace.consolidate import consolidate
from jury_tui.export import tables
from jury_tui.export.workbook import export_workbook
from jury_tui.i18n import translator


def sessions(workspace: Path) -> list[Path]:
    return sorted(p for p in (workspace / "sessions").iterdir() if (p / "session.toml").is_file())


def ours(workspace: Path, out: Path) -> float:
    start = time.perf_counter()
    export_workbook(consolidate(sessions(workspace), (ROOT / "grids",)), out)
    return time.perf_counter() - start


def naive(workspace: Path, out: Path) -> float:
    """What a quick script would do: tomlkit for every sheet, openpyxl's default (in-memory) mode."""
    import tomlkit
    from openpyxl import Workbook

    start = time.perf_counter()
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Synthèse"
    detail = workbook.create_sheet("Détail")
    for folder in sessions(workspace):
        session = tomlkit.parse((folder / "session.toml").read_text(encoding="utf-8"))
        for candidate in session["candidates"]:
            levels = {}
            for juror in session["jurors"]:
                path = folder / "sheets" / juror["id"] / f"{candidate['id']}.toml"
                if not path.exists():
                    continue
                sheet = tomlkit.parse(path.read_text(encoding="utf-8"))
                for cid, score in sheet.get("scores", {}).items():
                    levels.setdefault(cid, set()).add(str(score.get("level", "")))
                    detail.append([folder.name, str(candidate["id"]), str(juror["name"]), cid,
                                   str(score.get("level", "")), str(score.get("note", ""))])
            summary.append([folder.name, str(candidate["id"]), str(candidate["last_name"]),
                            *[next(iter(v)) if len(v) == 1 else "" for v in levels.values()]])
    workbook.save(out)
    return time.perf_counter() - start


def raw(workspace: Path, out: Path) -> float:
    """openpyxl write-only writing the same cells, with no work of ours (rows prepared beforehand)."""
    from openpyxl import Workbook

    result = consolidate(sessions(workspace), (ROOT / "grids",))
    _ = translator("fr")
    names = tables.Names(None)
    def naive_dt(value):
        return value.replace(tzinfo=None) if getattr(value, "tzinfo", None) else value

    prepared = [(t.title, t.headers, [[naive_dt(v) for v in row] for row in t.rows]) for t in (
        tables.synthese(result, names, _), tables.detail(result, names, _), tables.criteres(result, _),
        tables.jures(result, _), tables.pv(result, names, _), tables.grille(result, _),
        tables.anomalies(result, names, _))]
    start = time.perf_counter()
    workbook = Workbook(write_only=True)
    for title, headers, rows in prepared:
        ws = workbook.create_sheet(title)
        ws.append(list(headers))
        for row in rows:
            ws.append(list(row))
    workbook.save(out)
    return time.perf_counter() - start


def reexport(workspace: Path, out: Path) -> float:
    """Export, change one sheet, export again: the second export is timed."""
    ours(workspace, out)
    sheet = next((sessions(workspace)[0] / "sheets").glob("*/*.toml"))
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\n# relu\n", encoding="utf-8")
    return ours(workspace, out)


def main() -> None:
    mode, workspace, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    seconds = {"ours": ours, "naive": naive, "raw": raw, "reexport": reexport}[mode](workspace, out)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_rss_mb": peak}))


if __name__ == "__main__":
    main()
