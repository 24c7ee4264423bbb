"""Typed field access over parsed TOML that collects located problems.

Loaders walk the parsed data with a :class:`Fields` view; each accessor
checks the type, records a :class:`Problem` at the right line when the value
is wrong, and returns a safe default so that one pass reports every problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from jury_tui.domain.storage.errors import N_, Msg, Problem
from jury_tui.domain.storage.tomlsource import KeyPath, TomlSource

_MISSING = object()

_TYPE_NAMES: dict[type, str] = {
    str: N_("a string"),
    bool: N_("true or false"),
    int: N_("an integer"),
    float: N_("a number"),
    list: N_("an array"),
    dict: N_("a table"),
}


def _expected(kinds: tuple[type, ...]) -> Msg:
    """« a string », « an integer or a number »: what a key should hold, as a message."""
    names = [Msg(_TYPE_NAMES[k]) if k in _TYPE_NAMES else Msg(N_("a {type}"), (("type", k.__name__),))
             for k in kinds]
    shown = names[0]
    for name in names[1:]:
        shown = Msg.of(N_("{first} or {second}"), first=shown, second=name)
    return shown


class Fields:
    """A view on one table of a :class:`TomlSource` at a given key path."""

    def __init__(
        self,
        source: TomlSource,
        data: Any,
        path: KeyPath,
        display: str,
        problems: list[Problem],
    ) -> None:
        self.source = source
        self.data = data if isinstance(data, dict) else {}
        self.path = path
        self.display = display
        self.problems = problems

    # -- reporting -----------------------------------------------------
    def _key_display(self, key: str) -> str:
        return f"{self.display}.{key}" if self.display else key

    def error(self, key: str | None, message: str, /, **params: object) -> None:
        """Record an error at ``key``: ``message`` is a message id (``N_``) filled with ``params``."""
        self._report(key, message, "error", params)

    def warn(self, key: str | None, message: str, /, **params: object) -> None:
        """Record a warning at ``key``, like :meth:`error`."""
        self._report(key, message, "warning", params)

    def _report(self, key: str | None, message: str, severity: str, params: dict[str, object]) -> None:
        path = self.path + ((key,) if key is not None else ())
        display = self._key_display(key) if key is not None else self.display
        self.problems.append(self.source.problem(path, message, display, severity=severity, **params))

    # -- accessors -----------------------------------------------------
    def has(self, key: str) -> bool:
        return key in self.data

    def _get(self, key: str, kind: type | tuple[type, ...], default: Any, required: bool) -> Any:
        value = self.data.get(key, _MISSING)
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if value is _MISSING:
            if required:
                self.error(key, N_("missing, expected {expected}"), expected=_expected(kinds))
            return default
        ok = isinstance(value, kinds) and not (
            isinstance(value, bool) and bool not in kinds
        )
        if not ok:
            self.error(key, N_("expected {expected}, found {found}"), expected=_expected(kinds), found=_describe(value))
            return default
        return value

    def text(self, key: str, default: str = "", *, required: bool = False) -> str:
        value = self._get(key, str, default, required)
        if required and isinstance(value, str) and not value.strip() and self.has(key):
            self.error(key, N_("must not be empty"))
        return str(value)

    def boolean(self, key: str, default: bool = False, *, required: bool = False) -> bool:
        return bool(self._get(key, bool, default, required))

    def integer(self, key: str, default: int = 0, *, required: bool = False, minimum: int | None = None) -> int:
        value = int(self._get(key, int, default, required))
        if minimum is not None and value < minimum:
            self.error(key, N_("must be at least {minimum}, found {value}"), minimum=minimum, value=value)
            return default
        return value

    def number(self, key: str, default: float = 0.0, *, required: bool = False, minimum: float | None = None) -> float:
        value = float(self._get(key, (int, float), default, required))
        if minimum is not None and value < minimum:
            self.error(key, N_("must be at least {minimum}, found {value}"), minimum=float(minimum), value=value)
            return default
        return value

    def date(self, key: str, *, required: bool = False) -> dt.date | None:
        value = self._get(key, (dt.date, str), None, required)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                self.error(key, N_('expected a date like 2026-12-14, found "{value}"'), value=value)
                return None
        return value if isinstance(value, dt.date) else None

    def datetime(self, key: str) -> dt.datetime | None:
        value = self._get(key, (dt.datetime, str), None, False)
        if isinstance(value, str):
            if not value:
                return None
            try:
                return dt.datetime.fromisoformat(value)
            except ValueError:
                self.error(key, N_('expected a date and time like 2026-12-14T09:30:00, found "{value}"'), value=value)
                return None
        return value if isinstance(value, dt.datetime) else None

    def strings(self, key: str) -> tuple[str, ...]:
        value = self._get(key, list, [], False)
        result: list[str] = []
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.error(key, N_("item {number}: expected a string, found {found}"), number=index + 1,
                           found=_describe(item))
                continue
            result.append(item)
        return tuple(result)

    def choice(self, key: str, choices: tuple[str, ...], default: str, *, required: bool = False) -> str:
        value = self.text(key, default, required=required)
        if value not in choices:
            self.error(key, N_('unknown value "{value}" (expected one of: {choices})'), value=value,
                       choices=", ".join(choices))
            return default
        return value

    def table(self, key: str, *, required: bool = False, display: str | None = None) -> Fields:
        value = self._get(key, dict, {}, required)
        return Fields(
            self.source,
            value,
            self.path + (key,),
            display if display is not None else self._key_display(key),
            self.problems,
        )

    def tables(self, key: str, *, required: bool = False, id_key: str = "id") -> Iterator[Fields]:
        """Iterate over an array of tables, naming each element by its id."""
        value = self._get(key, list, [], required)
        if required and self.has(key) and isinstance(value, list) and not value:
            self.error(key, N_("must contain at least one entry"))
        for index, item in enumerate(value):
            ident = item.get(id_key) if isinstance(item, dict) else None
            label = f"{key}[{ident}]" if isinstance(ident, str) and ident else f"{key}[{index + 1}]"
            display = f"{self.display}.{label}" if self.display else label
            if not isinstance(item, dict):
                self.error(key, N_("entry {number}: expected a table, found {found}"), number=index + 1,
                           found=_describe(item))
                continue
            yield Fields(self.source, item, self.path + (key, index), display, self.problems)

    def unknown_keys(self, known: set[str]) -> None:
        """Warn about keys nobody reads: usually a typo."""
        for key in self.data:
            if key not in known:
                self.warn(key, N_("unknown key (known: {known})"), known=", ".join(sorted(known)))


def _describe(value: object) -> Msg:
    """What a TOML value is, as a message: « the string "vingt" », « an integer »."""
    if isinstance(value, bool):
        return Msg.of(N_("the value {value}"), value="true" if value else "false")
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "..."
        return Msg.of(N_('the string "{value}"'), value=shown)
    for kind, name in _TYPE_NAMES.items():
        if isinstance(value, kind):
            return Msg(name)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return Msg.of(N_("the date {value}"), value=value.isoformat())
    return Msg.of(N_("a {type}"), type=type(value).__name__)


def root(source: TomlSource, problems: list[Problem]) -> Fields:
    return Fields(source, source.data, (), "", problems)
