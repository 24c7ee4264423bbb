"""The project's own error type and the problems it carries.

Every loader reports what is wrong as :class:`Problem` values (file, line,
column, key path, message).  :class:`JuryError` wraps one or more problems and
is the only exception a loader lets escape.

A problem's ``message`` is an English message id with ``{placeholders}``,
marked with ``N_()`` so that it reaches the catalogs; ``params`` fill the
placeholders.  The text is translated when it is shown (:meth:`Problem.text`,
``str()``), in the interface language of that moment, so the same problem
reads in French in a French console and in English in an English one.

A parameter may itself be a :class:`Msg` (a message id with its own
parameters, e.g. « a string » in « expected a string, found … »): it is
translated with the same language.  A ``float`` parameter is written with
the language's decimal separator (« 0,5 » in French), a date or a date and
time in the language's format (« 14/12/2026 09:06 », local time).
"""

from __future__ import annotations

import datetime as dt
import errno
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from jury_tui.i18n import (
    N_,
    _,
    current_language,
    format_date,
    format_datetime,
    format_number,
    format_percent,
)

__all__ = ["N_", "JuryError", "Msg", "Percent", "Problem", "render", "system_reason"]

Translate = Callable[[str], str]
Params = Mapping[str, object] | tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class Msg:
    """A message id and its parameters, translated where it is shown."""

    message: str
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, message: str, **params: object) -> Msg:
        return cls(message, tuple(params.items()))

    def text(self, translate: Translate | None = None) -> str:
        return render(self.message, self.params, translate)

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class Percent:
    """A ratio shown as a percentage in the language's format (« 50 % »)."""

    value: float


_SYSTEM_REASONS = {
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk quota is exceeded"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENOENT: N_("no such file or folder"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.EEXIST: N_("it already exists"),
    errno.EIO: N_("input/output error (the disk may be failing)"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.EMFILE: N_("too many open files"),
    errno.EBUSY: N_("the file is busy"),
    errno.ETXTBSY: N_("the file is busy"),
    errno.ELOOP: N_("too many symbolic links"),
}


def system_reason(error: OSError) -> Msg:
    """The system's reason for a failed file operation, in the user's language where we know it."""
    known = _SYSTEM_REASONS.get(error.errno or 0)
    if known is not None:
        return Msg(known)
    return Msg.of(N_("system error: {detail}"), detail=error.strerror or str(error))


def _language_of(translate: Translate | None) -> str:
    language = getattr(translate, "language", None)
    return language if isinstance(language, str) else current_language()


def _shown(value: object, translate: Translate | None) -> object:
    if isinstance(value, Msg):
        return value.text(translate)
    if isinstance(value, Percent):
        return format_percent(value.value, _language_of(translate))
    if isinstance(value, float):
        return format_number(value, _language_of(translate))
    if isinstance(value, dt.datetime):
        return format_datetime(value, _language_of(translate))
    if isinstance(value, dt.date):
        return format_date(value, _language_of(translate))
    return value


def render(message: str, params: Params, translate: Translate | None = None) -> str:
    """Translate ``message`` and fill its placeholders (left as is when they don't fit)."""
    text = (translate or _)(message)
    values = {name: _shown(value, translate) for name, value in dict(params).items()}
    if not values:
        return text
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        try:
            return message.format(**values)
        except (KeyError, IndexError, ValueError):
            return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, located as precisely as we can."""

    path: Path | None
    message: str
    line: int | None = None
    column: int | None = None
    key: str = ""
    severity: str = "error"  # "error" or "warning"
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, path: Path | None, message: str, *, line: int | None = None, column: int | None = None,
           key: str = "", severity: str = "error", **params: object) -> Problem:
        """A problem whose message id ``message`` is filled with ``params`` (never named line, column, key or
        severity: those locate the problem)."""
        return cls(path, message, line, column, key, severity, tuple(params.items()))

    def text(self, translate: Translate | None = None) -> str:
        """The message alone, in the current (or given) language."""
        return render(self.message, self.params, translate)

    def location(self) -> str:
        """« file:line:column »; "" for a problem that belongs to no file (git missing, a typed signature)."""
        if self.path is None:
            return ""
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            where += f":{self.column if self.column is not None else 1}"
        return where

    def render(self, translate: Translate | None = None) -> str:
        key = f"{self.key}: " if self.key else ""
        where = self.location()
        return f"{where}: {key}{self.text(translate)}" if where else f"{key}{self.text(translate)}"

    def __str__(self) -> str:
        return self.render()


class JuryError(Exception):
    """Raised by loaders and writers; carries one or more :class:`Problem`."""

    def __init__(self, problems: Problem | list[Problem] | tuple[Problem, ...]) -> None:
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    @classmethod
    def at(cls, path: Path | None, message: str, *, line: int | None = None, column: int | None = None, key: str = "",
           severity: str = "error", **params: object) -> JuryError:
        """One problem at ``path``; ``line``, ``column``, ``key``, ``severity`` locate it, the rest fill ``message``."""
        return cls(Problem.of(path, message, line=line, column=column, key=key, severity=severity, **params))
