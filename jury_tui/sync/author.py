"""Who the commits of this machine are by: ``--author``, else the app's preferences.

A staff member's name is remembered in the preferences (``author``); a
juror is the one chosen in the app for the workspace's sessions (the
preferences' last juror per session), named as in ``session.toml``.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path

from jury_tui.preferences import Preferences
from jury_tui.sync.record import Author, host_name

_SLUG = re.compile(r"[^a-z0-9._-]+")


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _SLUG.sub("-", ascii_text).strip("-.") or "jury-tui"


def _session_jurors(folder: Path) -> dict[str, str]:
    try:
        data = tomllib.loads((folder / "session.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    jurors = data.get("jurors", [])
    if not isinstance(jurors, list):
        return {}
    return {str(j.get("id")): str(j.get("name") or j.get("id")) for j in jurors if isinstance(j, dict) and j.get("id")}


def _author(name: str, short: str) -> Author:
    return Author(name, f"{slug(short)}@{slug(host_name())}", short)


def resolve_author(root: Path, preferences: Preferences, override: str | None = None) -> Author:
    """``override`` (a juror id, a juror's name or anyone's name), else the preferences, else the host's name."""
    sessions = sorted(p for p in (Path(root) / "sessions").glob("*") if (p / "session.toml").is_file())
    rosters = [_session_jurors(folder) for folder in sessions]
    if override and override.strip():
        wanted = override.strip()
        for roster in rosters:
            for juror_id, name in roster.items():
                if wanted in (juror_id, name):
                    return _author(name, juror_id)
        return _author(wanted, slug(wanted))
    if preferences.author:
        return _author(preferences.author, slug(preferences.author))
    chosen = {}
    for folder, roster in zip(sessions, rosters, strict=True):
        juror_id = preferences.juror_for(folder)
        if juror_id:
            chosen[juror_id] = roster.get(juror_id, juror_id)
    if len(chosen) == 1:
        juror_id, name = next(iter(chosen.items()))
        return _author(name, juror_id)
    return _author("jury-tui", slug(host_name()))
