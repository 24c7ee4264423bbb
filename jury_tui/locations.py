"""Every path jury-tui uses outside a workspace: shipped data and user state.

Shipped grids and the demo session are package data in an installed copy
(``jury_tui/_data``) and top-level folders in a source checkout.  User
preferences (theme, language, last juror per workspace) live in the
platform's config folder, and the cache of parsed files (see
:mod:`jury_tui.reading.cache`) in its cache folder, via platformdirs.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_path, user_config_path

APP_NAME = "jury-tui"
_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / name


def shipped_grids_dir() -> Path:
    return _shipped("grids")


def shipped_sessions_dir() -> Path:
    return _shipped("sessions")


def config_dir() -> Path:
    override = os.environ.get("JURY_TUI_CONFIG_DIR")
    return Path(override) if override else user_config_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """Where the cache of parsed files lives (``JURY_TUI_CACHE_DIR`` overrides it)."""
    override = os.environ.get("JURY_TUI_CACHE_DIR")
    return Path(override) if override else user_cache_path(APP_NAME, appauthor=False)


def preferences_file() -> Path:
    return config_dir() / "preferences.toml"


def locale_dir() -> Path:
    return _PACKAGE / "locale"
