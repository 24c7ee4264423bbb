"""Shared fixtures: paths to shipped data and throw-away workspaces."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from jury_tui.demo import write_demo
from jury_tui.domain.grid.loader import load_grid

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
