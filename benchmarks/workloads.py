"""Consolidation and export workloads, run in a child process so peak RSS is its own.

    python benchmarks/workloads.py MODE WORKSPACE OUT.xlsx
MODE: ours | naive | raw | raw_plain | reexport | no_detail
Prints one JSON line: {"seconds": ..., "peak_rss_mb": ..., ...}.

"ours" is the export as ``jury-tui export`` runs it: streamed, through the
cache of parsed files (an empty one: a cold export) and the process pool.
"reexport" and "no_detail" export once (untimed, which fills the cache),
change one sheet, then time the second export (with and without Détail).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jury_tui.domain.workspace.consolidate import Consolidator, consolidate
from jury_tui.export import workbook as workbook_module
from jury_tui.export.workbook import export_workbook
from jury_tui.i18n import translator
from jury_tui.reading import reader

GRIDS = (ROOT / "grids",)


def sessions(workspace: Path) -> list[Path]:
    return sorted(p for p in (workspace / "sessions").iterdir() if (p / "session.toml").is_file())


def ours(workspace: Path, out: Path, *, detail: bool = True) -> dict[str, object]:
    """The export as the command line runs it."""
    start = time.perf_counter()
    read = reader()
    try:
        export_workbook(Consolidator(sessions(workspace), GRIDS, read), out, detail=detail)
    finally:
        read.close()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "pool": read.used_pool, "workers": read.workers if read.used_pool else 0,
            "cache_hits": sum(read.cache.hits.values()) if read.cache else 0}


def naive(workspace: Path, out: Path) -> dict[str, object]:
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
    return {"seconds": time.perf_counter() - start}


def raw(workspace: Path, out: Path, *, styled: bool = True) -> dict[str, object]:
    """openpyxl write-only writing the very cells of our workbook, prepared beforehand: only the writing is timed.

    The tables are rebuilt from the real export's own tables (every sheet, the
    same rows).  ``styled``: the cells exactly as ours writes them (text
    cleaned, quote prefixes, wrapped and percent cells, header style, widths,
    frozen header); otherwise plain values only (the definition of the first runs).
    """
    from openpyxl import Workbook

    from jury_tui.export.cells import CellMaker, header_cell
    from jury_tui.export.sheets import column_widths

    c = consolidate(sessions(workspace), GRIDS)
    _ = translator("fr")
    prepared = workbook_module.materialised_tables(c, _)
    workbook = Workbook(write_only=True)
    sheets = []
    for table, rows in prepared:
        ws = workbook.create_sheet(table.title)
        if styled:
            from openpyxl.utils import get_column_letter

            for index, width in enumerate(column_widths(table.headers, rows[:500], table.wrap), start=1):
                ws.column_dimensions[get_column_letter(index)].width = width
            ws.freeze_panes = "A2"
            make = CellMaker(ws)
            flags = [(i in table.wrap, i in table.percent) for i in range(len(table.headers))]
            cells = [[header_cell(ws, h) for h in table.headers]]
            cells += [[make.value(v, wrap=w, percent=p) for v, (w, p) in zip(row, flags)] for row in rows]
        else:
            cells = [list(table.headers)]
            cells += [[v.replace(tzinfo=None) if getattr(v, "tzinfo", None) else v for v in row] for row in rows]
        sheets.append((ws, cells))
    start = time.perf_counter()
    for ws, cells in sheets:
        for row in cells:
            ws.append(row)
    workbook.save(out)
    return {"seconds": time.perf_counter() - start}


def change_one_sheet(workspace: Path) -> None:
    sheet = next((sessions(workspace)[0] / "sheets").glob("*/*.toml"))
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\n# relu\n", encoding="utf-8")


def reexport(workspace: Path, out: Path, *, detail: bool = True) -> dict[str, object]:
    """Export (untimed: it fills the cache), change one sheet, export again: the second export is timed."""
    ours(workspace, out)
    change_one_sheet(workspace)
    return ours(workspace, out, detail=detail)


def main() -> None:
    mode, workspace, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    with tempfile.TemporaryDirectory() as cache:
        os.environ["JURY_TUI_CACHE_DIR"] = cache  # a cold cache for this workload alone
        run = {"ours": ours, "naive": naive, "raw": raw, "raw_plain": lambda w, o: raw(w, o, styled=False),
               "reexport": reexport, "no_detail": lambda w, o: reexport(w, o, detail=False)}[mode]
        result = run(workspace, out)
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    workers = int(result.get("workers", 0) or 0)  # type: ignore[call-overload]
    print(json.dumps({**result, "peak_rss_mb": me, "worker_peak_rss_mb": children,
                      "total_peak_rss_mb_at_most": me + workers * children}))


if __name__ == "__main__":
    main()
