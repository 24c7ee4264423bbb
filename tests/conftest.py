"""Shared fixtures: paths to shipped data and throw-away workspaces."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from jury_tui.demo import write_demo
from jury_tui.domain.deliberation.files import save_deliberation
from jury_tui.domain.deliberation.model import file_hash, start
from jury_tui.domain.grid.loader import load_grid
from jury_tui.domain.sheet.files import load_sheet

GRID_FILE = ROOT / "grids" / "community-management.toml"
POINTS_GRID_FILE = ROOT / "grids" / "example-points.toml"
DEMO_SESSION = "demo-lyon-2026-12"


@pytest.fixture(autouse=True)
def _private_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the developer's own preferences and cache out of every test."""
    monkeypatch.setenv("JURY_TUI_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("JURY_TUI_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("JURY_TUI_LANG", raising=False)


@pytest.fixture(scope="session")
def grid():
    return load_grid(GRID_FILE)


@pytest.fixture(scope="session")
def points_grid():
    return load_grid(POINTS_GRID_FILE)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A fresh copy of the demo workspace."""
    target, _ = write_demo(tmp_path / "ws")
    return target


@pytest.fixture
def session_dir(workspace: Path) -> Path:
    return workspace / "sessions" / DEMO_SESSION


@pytest.fixture
def big(tmp_path: Path) -> Path:
    """Two generated sessions of 12 candidates × 2 jurors, with an anomaly of every kind, and a broken session."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    workspace = generate(tmp_path / "ws", 2, 12, 2, report_mb=0)
    grid = load_grid(workspace / "grids" / "community-management.toml")
    first = workspace / "sessions" / "bench-000"
    sheets = first / "sheets"
    (sheets / "j0" / "S000C0001.toml").write_text("[sheet\nbroken", encoding="utf-8")  # invalid_sheet
    pinned = sheets / "j1" / "S000C0002.toml"  # grid_version
    pinned.write_text(pinned.read_text(encoding="utf-8").replace(grid.content_hash, "sha256:ffff"), encoding="utf-8")
    (sheets / "j0" / "S000C0003.toml").unlink()  # one sheet missing
    for juror in ("j0", "j1"):
        (sheets / juror / "S000C0004.toml").unlink()  # no_sheet
    (sheets / "j9").mkdir()
    (sheets / "j9" / "S000C0005.toml").write_text("x = 1\n", encoding="utf-8")  # unknown_sheet
    pair = {j: load_sheet(sheets / j / "S000C0006.toml", grid) for j in ("j0", "j1")}
    hashes = {j: file_hash(sheets / j / "S000C0006.toml") for j in pair}
    save_deliberation(first / "deliberation" / "S000C0006.toml", start(grid, "bench-000", "S000C0006", pair, hashes))
    edited = sheets / "j1" / "S000C0006.toml"  # changed_after_deliberation (and tampered when submitted)
    edited.write_text(edited.read_text(encoding="utf-8").replace('level = "acquis"', 'level = "non-acquis"', 1),
                      encoding="utf-8")
    (first / "deliberation" / "S000C0007.toml").write_text("[deliberation\n", encoding="utf-8")  # invalid_deliberation
    broken = workspace / "sessions" / "broken"
    broken.mkdir()
    (broken / "session.toml").write_text("[session\n", encoding="utf-8")  # invalid_session
    return workspace
