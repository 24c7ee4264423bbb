"""The certifier's clone, synchronised, exports the same workbook as the sites' folders copied together.

Read back with LibreOffice (an independent reader), every worksheet compared
cell by cell; only the export time and the folder the files were read from
differ between the two.
"""

from __future__ import annotations

import shutil

from sync_helpers import (
    SESSION,
    author,
    certifier_with_demo,
    make_remote,
    needs_git,
    score,
    site,
    sync,
)
from test_export import libreoffice_csv

from jury_tui.domain.workspace.consolidate import consolidate
from jury_tui.export.workbook import export_workbook
from jury_tui.locations import shipped_grids_dir

pytestmark = needs_git
MARTIN, BENALI, DURAND = author("martin", "Claire Martin"), author("benali"), author("durand")
ALL = ("Cr1.1", "Cr1.2", "Cr1.3", "Cr1.4", "Cr1.5", "Cr2", "Cr3.1", "Cr3.2", "Cr4", "Cr5", "Cr6.1", "Cr6.2")


def _export(root, out):
    result = consolidate([root / "sessions" / SESSION], (shipped_grids_dir(),))
    export_workbook(result, out, language="fr", workspace_root=root)
    return result


def _normalised(sheets, root):
    text = str(root)
    return {name: [[cell.replace(text, "<workspace>") for cell in row] for row in rows
                   if not (row and row[0] in ("Exporté le", "Exported at"))]
            for name, rows in sheets.items()}


def test_the_certifiers_clone_exports_what_the_sites_folders_copied_together_give(tmp_path):
    remote = make_remote(tmp_path)
    certifier = certifier_with_demo(tmp_path, remote)
    together = tmp_path / "usb"
    shutil.copytree(certifier, together, ignore=shutil.ignore_patterns(".git", ".locks"))
    sites = {"lyon": MARTIN, "grenoble": BENALI, "annecy": DURAND}
    places = {name: site(tmp_path, name, remote, who) for name, who in sites.items()}
    score(places["lyon"], "martin", "C003", dict.fromkeys(ALL, "acquis"), note="très clair", submit=True)
    score(places["lyon"], "martin", "C004", {"Cr1.1": "non-acquis"})
    score(places["grenoble"], "benali", "C003", {**dict.fromkeys(ALL, "acquis"), "Cr5": "non-acquis"}, submit=True)
    score(places["annecy"], "durand", "C005", {"Cr2": "acquis"}, note="à revoir")
    for name, who in sites.items():
        # what people do today: each site's folder copied onto the others by hand
        shutil.copytree(places[name] / "sessions", together / "sessions", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".locks"))
        assert sync(places[name], who).complete
    assert sync(certifier, author("staff")).complete

    by_sync = _export(certifier, tmp_path / "sync.xlsx")
    by_hand = _export(together, tmp_path / "hand.xlsx")
    c003 = next(r for r in by_sync.results if r.candidate.id == "C003")
    assert sorted(e.juror_id for e in c003.sheets) == ["benali", "martin"]
    assert len(by_sync.results) == len(by_hand.results) == 5

    read_sync = _normalised(libreoffice_csv(tmp_path / "sync.xlsx", tmp_path / "csv-sync"), certifier)
    read_hand = _normalised(libreoffice_csv(tmp_path / "hand.xlsx", tmp_path / "csv-hand"), together)
    assert sorted(read_sync) == sorted(read_hand)
    for name in read_sync:
        assert read_sync[name] == read_hand[name], name
    detail = read_sync["Détail"]
    jurors = {row[detail[0].index("Juré")] for row in detail[1:] if row[detail[0].index("N° candidat")] == "C003"}
    assert jurors == {"Claire Martin", "Karim Benali"}
