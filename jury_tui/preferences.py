"""User preferences kept between runs: theme, language, last juror, sync author.

Stored as TOML in the platform's config folder (see :mod:`locations`).  A
missing or broken file gives the defaults; it never stops the app.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from jury_tui.domain.storage.durable import write_atomic
from jury_tui.locations import preferences_file

DEFAULT_THEME = "textual-dark"


@dataclass(frozen=True)
class Preferences:
    theme: str = DEFAULT_THEME
    language: str = ""
    auto_advance: bool = True  # after a level key, go on to the next criterion without a level
    last_juror: Mapping[str, str] = field(default_factory=dict)
    author: str = ""  # who this machine's synced changes are by, when not a juror (jury-tui sync --author)

    def __post_init__(self) -> None:
        object.__setattr__(self, "last_juror", MappingProxyType(dict(self.last_juror)))

    def juror_for(self, session_folder: Path) -> str:
        return self.last_juror.get(str(Path(session_folder).resolve()), "")

    def with_juror(self, session_folder: Path, juror_id: str) -> Preferences:
        jurors = dict(self.last_juror)
        jurors[str(Path(session_folder).resolve())] = juror_id
        return replace(self, last_juror=jurors)


def load_preferences(path: Path | None = None) -> Preferences:
    path = path or preferences_file()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return Preferences()
    jurors = data.get("last_juror", {})
    return Preferences(
        theme=str(data.get("theme", DEFAULT_THEME)),
        language=str(data.get("language", "")),
        auto_advance=data.get("auto_advance", True) is not False,
        last_juror={str(k): str(v) for k, v in jurors.items()} if isinstance(jurors, dict) else {},
        author=str(data.get("author", "")),
    )


def save_preferences(preferences: Preferences, path: Path | None = None) -> None:
    import tomlkit  # only when writing: it costs the workbench's start

    doc = tomlkit.document()
    doc["theme"] = preferences.theme
    doc["language"] = preferences.language
    doc["auto_advance"] = preferences.auto_advance
    doc["last_juror"] = dict(preferences.last_juror)
    if preferences.author:
        doc["author"] = preferences.author
    write_atomic(path or preferences_file(), tomlkit.dumps(doc))
