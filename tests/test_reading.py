"""The cache of parsed files and the parallel reading: same findings as a plain serial read, always."""

from __future__ import annotations

import os
import pickle
import sqlite3
import stat
from pathlib import Path

from click.testing import CliRunner
from conftest import ROOT

from jury_tui.cli import cli
from jury_tui.domain.workspace import consolidate as consolidate_module
from jury_tui.domain.workspace import strays
from jury_tui.domain.workspace.consolidate import Consolidator, consolidate
from jury_tui.reading import cache as cache_module
from jury_tui.reading.cache import FILE_NAME, ParsedCache, forget_session
from jury_tui.reading.pool import Reader

GRIDS = (ROOT / "grids",)


def sessions_of(workspace: Path) -> list[Path]:
    return sorted(p for p in (workspace / "sessions").iterdir() if p.is_dir())


def read(workspace: Path, reader: Reader | None = None, batch: int = 64):
    consolidator = Consolidator(sessions_of(workspace), GRIDS, reader, batch_candidates=batch)
    results = list(consolidator.results())
    out = consolidator.consolidation
    out.results = results
    return out


def test_parallel_read_is_exactly_the_serial_read(big, tmp_path):
    serial = consolidate(sessions_of(big), GRIDS)
    kinds = {a.kind for a in serial.anomalies}
    assert {"invalid_sheet", "grid_version", "no_sheet", "unknown_sheet", "changed_after_deliberation",
            "invalid_deliberation", "invalid_session", "not_submitted"} <= kinds
    for cache in (None, ParsedCache.open(tmp_path / "cache")):
        reader = Reader(cache, workers=2, threshold=0)
        parallel = read(big, reader, batch=5)  # several batches per session, in flight together
        reader.close()
        assert reader.used_pool
        assert parallel.results == serial.results
        assert [r.candidate.id for r in parallel.results] == [r.candidate.id for r in serial.results]
        assert parallel.anomalies == serial.anomalies
        assert [a.text() for a in parallel.anomalies] == [a.text() for a in serial.anomalies]
        assert parallel.sources == serial.sources
        assert list(parallel.grids) == list(serial.grids)
    warm = Reader(ParsedCache.open(tmp_path / "cache"), workers=2, threshold=0)
    again = read(big, warm, batch=7)
    warm.close()
    assert again.results == serial.results and again.anomalies == serial.anomalies and again.sources == serial.sources


class WhereAndWho:
    """A digest telling which process made it, and of which candidates (picklable: sent to the workers)."""

    def __call__(self, results):
        return os.getpid(), [(r.session.id, r.candidate.id, len(r.sheets)) for r in results]


def test_a_digest_runs_where_the_sheets_are_read_and_comes_back_in_order(big):
    serial = consolidate(sessions_of(big), GRIDS)
    expected = [(r.session.id, r.candidate.id, len(r.sheets)) for r in serial.results]
    for reader, pooled in ((Reader(None, workers=2, threshold=0), True), (Reader(None, workers=1), False)):
        consolidator = Consolidator(sessions_of(big), GRIDS, reader, batch_candidates=5)
        made = list(consolidator.digested(WhereAndWho()))
        reader.close()
        assert reader.used_pool == pooled
        assert [who for _pid, batch in made for who in batch] == expected
        assert len(made) == 6  # two sessions of 12 candidates, in batches of 5
        processes = {pid for pid, _batch in made}
        assert (os.getpid() not in processes) == pooled
        out = consolidator.consolidation
        assert out.streamed == len(expected) and out.anomalies == serial.anomalies and out.sources == serial.sources


class DiesInWorkers:
    """A digest whose worker processes die (os._exit): only the exporting process can make it."""

    def __init__(self) -> None:
        self.parent = os.getpid()

    def __call__(self, results):
        if os.getpid() != self.parent:
            os._exit(1)
        return WhereAndWho()(results)


def test_when_workers_die_the_exporting_process_digests_every_batch_in_order(big):
    serial = consolidate(sessions_of(big), GRIDS)
    reader = Reader(None, workers=2, threshold=0)
    consolidator = Consolidator(sessions_of(big), GRIDS, reader, batch_candidates=5)
    made = list(consolidator.digested(DiesInWorkers()))
    reader.close()
    assert reader.used_pool
    assert {pid for pid, _batch in made} == {os.getpid()}
    assert [who for _pid, batch in made for who in batch] == \
        [(r.session.id, r.candidate.id, len(r.sheets)) for r in serial.results]
    assert consolidator.consolidation.anomalies == serial.anomalies


def test_cache_hit_then_miss_after_an_edit(big, tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    first = Reader(ParsedCache.open(folder), workers=1)
    cold = read(big, first)
    first.close()
    assert first.cache is not None and first.cache.hits.total() == 0 and first.cache.misses.total() > 40
    parsed: list[Path] = []
    original = consolidate_module.load_sheet_bytes
    monkeypatch.setattr(consolidate_module, "load_sheet_bytes",
                        lambda path, data, grid: parsed.append(path) or original(path, data, grid))
    second = Reader(ParsedCache.open(folder), workers=1)
    warm = read(big, second)
    second.close()
    assert len(parsed) == 2  # only the two sheets that cannot be used are parsed again
    # files that cannot be used (the broken sheet, the other grid's sheet, the broken deliberation) are not kept
    unusable = 3
    assert second.cache is not None and second.cache.misses.total() == unusable
    assert second.cache.hits.total() == first.cache.misses.total() - unusable
    assert warm.results == cold.results and warm.anomalies == cold.anomalies

    # the file wins: one sheet edited, its new level is read, every other sheet comes from the cache
    path = big / "sessions" / "bench-001" / "sheets" / "j0" / "S001C0003.toml"
    text = path.read_text(encoding="utf-8")
    before = "acquis" if 'level = "acquis"' in text else "non-acquis"
    after = "non-acquis" if before == "acquis" else "acquis"
    path.write_text(text.replace(f'level = "{before}"', f'level = "{after}"', 1), encoding="utf-8")
    third = Reader(ParsedCache.open(folder), workers=1)
    edited = read(big, third)
    third.close()
    assert third.cache is not None and third.cache.misses.total() == unusable + 1
    assert third.cache.hits.total() == second.cache.hits.total() - 1
    result = next(r for r in edited.results if r.candidate.id == "S001C0003")
    entry = next(e for e in result.sheets if e.juror_id == "j0")
    old = next(e for e in next(r for r in cold.results if r.candidate.id == "S001C0003").sheets if e.juror_id == "j0")
    changed = [c for c in entry.sheet.scores if entry.sheet.score(c).level != old.sheet.score(c).level]
    assert len(changed) == 1 and entry.sheet.score(changed[0]).level == after


def test_another_grid_content_is_a_miss(big, tmp_path):
    """Cached sheets were validated against one grid: after the grid changes, nothing is served from the cache."""
    folder = tmp_path / "cache"
    reader = Reader(ParsedCache.open(folder), workers=1)
    cold = read(big, reader)
    reader.close()
    assert not any(a.kind == "grid_version" and a.candidate != "S000C0002" for a in cold.anomalies)
    grid_file = big / "grids" / "community-management.toml"
    grid_file.write_text(grid_file.read_text(encoding="utf-8").replace("Cible", "Public cible", 1), encoding="utf-8")
    again = Reader(ParsedCache.open(folder), workers=1)
    changed = read(big, again)
    again.close()
    assert again.cache is not None and again.cache.hits["sheet"] == 0 and again.cache.hits["deliberation"] == 1
    pinned = [a for a in changed.anomalies if a.kind == "grid_version"]
    assert len(pinned) > 40  # every sheet pinned to the old grid is flagged, none is taken from the cache


def test_a_new_version_of_jury_tui_empties_the_cache(big, tmp_path):
    folder = tmp_path / "cache"
    reader = Reader(ParsedCache.open(folder, version="1.0"), workers=1)
    read(big, reader)
    reader.close()
    assert ParsedCache.open(folder, version="1.0").entry_count() > 40
    newer = ParsedCache.open(folder, version="1.1")
    assert newer.entry_count() == 0
    newer.close()


def test_a_damaged_cache_file_is_cleared_with_a_notice(big, tmp_path):
    folder = tmp_path / "cache"
    reader = Reader(ParsedCache.open(folder), workers=1)
    expected = read(big, reader)
    reader.close()
    (folder / FILE_NAME).write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{folder / FILE_NAME}{suffix}").unlink(missing_ok=True)
    damaged = Reader(ParsedCache.open(folder), workers=1)
    assert [n.message for n in damaged.notices] == [
        "the cache of parsed files was damaged ({reason}) and has been cleared; every file is read again"]
    found = read(big, damaged)
    damaged.close()
    assert found.results == expected.results and found.anomalies == expected.anomalies
    rebuilt = ParsedCache.open(folder)
    assert rebuilt.entry_count() > 40 and not rebuilt.notices  # rebuilt on the way
    rebuilt.close()


def test_a_damaged_or_hostile_entry_is_a_miss_never_run(big, tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    reader = Reader(ParsedCache.open(folder), workers=1)
    expected = read(big, reader)
    reader.close()
    marker = tmp_path / "pwned"

    class Hostile:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    db = sqlite3.connect(folder / FILE_NAME)
    keys = db.execute("SELECT kind, digest, context FROM entries ORDER BY digest LIMIT 2").fetchall()
    with db:
        db.execute("UPDATE entries SET value = ? WHERE digest = ?", (b"\x80\x05garbage", keys[0][1]))
        db.execute("UPDATE entries SET value = ? WHERE digest = ?", (pickle.dumps(Hostile()), keys[1][1]))
    db.close()
    again = Reader(ParsedCache.open(folder), workers=1)
    found = read(big, again)
    again.close()
    assert not marker.exists()
    assert again.cache is not None and again.cache.misses.total() == 3 + 2
    assert found.results == expected.results and found.anomalies == expected.anomalies
    assert [(n.message, n.params) for n in again.notices] == [
        ("{count} damaged entry(ies) of the cache of parsed files were discarded; those files were read again",
         (("count", 2),))]
    db = sqlite3.connect(folder / FILE_NAME)
    stored = {row[0] for row in db.execute("SELECT value FROM entries WHERE digest IN (?, ?)",
                                            (keys[0][1], keys[1][1]))}
    db.close()
    assert b"\x80\x05garbage" not in stored and pickle.dumps(Hostile()) not in stored  # parsed again and replaced


def test_cache_is_private_and_bounded(big, tmp_path):
    folder = tmp_path / "cache"
    reader = Reader(ParsedCache.open(folder), workers=1)
    read(big, reader)
    reader.close()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / FILE_NAME).stat().st_mode) == 0o600
    full = ParsedCache.open(folder)
    sizes = full.db.execute("SELECT SUM(LENGTH(value)), COUNT(*) FROM entries").fetchone()
    full.close()
    small = ParsedCache.open(folder, max_bytes=sizes[0] // 4)
    small.get("sheet", "sha256:none", "")  # nothing to do with the bound
    small.close()
    left = ParsedCache.open(folder)
    kept = left.db.execute("SELECT SUM(LENGTH(value)), COUNT(*) FROM entries").fetchone()
    left.close()
    assert 0 < kept[0] <= sizes[0] // 4 and kept[1] < sizes[1]


def test_purge_removes_the_cached_entries_of_that_session(big, tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("JURY_TUI_CACHE_DIR", str(folder))
    reader = Reader(ParsedCache.open(), workers=1)
    read(big, reader)
    reader.close()
    first, second = (str((big / "sessions" / name).resolve()) for name in ("bench-000", "bench-001"))
    cache = ParsedCache.open()
    assert set(cache.sessions()) == {first, second}
    cache.close()
    result = CliRunner().invoke(cli, ["purge", "bench-000", "--before", "2030-01-01", "--yes",
                                      "--workspace", str(big)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    cache = ParsedCache.open()
    assert set(cache.sessions()) == {second}
    assert not any(b"S000C" in row[0] for row in cache.db.execute("SELECT value FROM entries"))
    cache.close()
    raw = (folder / FILE_NAME).read_bytes()
    assert b"S000C0000" not in raw  # overwritten, not left in free pages
    assert forget_session(big / "sessions" / "bench-001", folder) > 0
    assert forget_session(big / "sessions" / "bench-001", tmp_path / "no-cache") == 0
    assert not (tmp_path / "no-cache").exists()


def test_cache_folder_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("JURY_TUI_CACHE_DIR", str(tmp_path / "here"))
    assert cache_module.default_folder() == tmp_path / "here"
    cache = ParsedCache.open()
    cache.close()
    assert (tmp_path / "here" / FILE_NAME).is_file()


def test_stray_sheets_are_found_as_glob_finds_them(tmp_path):
    """The strays' scan lists what ``root.glob("*/*.toml")`` does, in the same order, without a Path per file."""
    root = tmp_path / "sheets"
    for folder, names in {"a": [".toml", ".x.toml", "y.toml", "x.TOML.toml", "y.TOML", "C1.conflict-pc-20261214-101010.toml"],
                          ".b": ["z.toml"], "c": []}.items():
        (root / folder).mkdir(parents=True)
        for name in names:
            (root / folder / name).write_text("", encoding="utf-8")
    (root / "a" / "d.toml").mkdir()
    (root / "top.toml").write_text("", encoding="utf-8")
    expected = [(p.parent.name, p.name) for p in sorted(root.glob("*/*.toml"))]
    assert strays._sheet_names(root) == expected and len(expected) == 7


def test_an_unreadable_sheets_folder_has_no_strays_as_with_glob(tmp_path, monkeypatch):
    """glob finds nothing in a folder it cannot read; the export then goes on (its sheets are reported one by one)."""
    root = tmp_path / "sheets"
    (root / "j1").mkdir(parents=True)
    real_scandir = os.scandir

    def refusing(path):
        if Path(path) == root:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(strays.os, "scandir", refusing)
    assert strays._sheet_names(root) == []
