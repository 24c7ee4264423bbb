"""Pickling domain values: between worker processes, and in the cache with a restricted reader.

The domain's immutable values keep their mappings in ``MappingProxyType``,
which pickle cannot handle on its own; they are pickled as plain dicts and
wrapped again when loaded.

Reading a pickle can run code named in it, so the cache's pickles (a file on
disk) are read by :func:`loads`, which accepts only the domain's own data
classes and a few standard value types: anything else is refused as a
damaged entry, never run.
"""

from __future__ import annotations

import copyreg
import dataclasses
import importlib
import io
import pickle
from types import MappingProxyType
from typing import Any

PROTOCOL = 5


def mapping_proxy(mapping: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(mapping)


def _reduce_proxy(proxy: MappingProxyType[Any, Any]) -> tuple[Any, tuple[dict[Any, Any]]]:
    return mapping_proxy, (dict(proxy),)


copyreg.pickle(MappingProxyType, _reduce_proxy)

_STANDARD = {
    ("datetime", "datetime"), ("datetime", "date"), ("datetime", "time"), ("datetime", "timezone"),
    ("datetime", "timedelta"), ("builtins", "frozenset"), ("builtins", "set"), ("pathlib", "PosixPath"),
    ("pathlib", "WindowsPath"), ("pathlib", "Path"), (__name__, "mapping_proxy"),
}


_allowed: dict[tuple[str, str], Any] = {}


def _allowed_class(module: str, name: str) -> Any:
    if (module, name) in _STANDARD:
        return getattr(importlib.import_module(module), name)
    if module.startswith("jury_tui.domain.") and "." not in name:
        found = getattr(importlib.import_module(module), name, None)
        if isinstance(found, type) and dataclasses.is_dataclass(found):
            return found
    raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


class _DomainOnly(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        key = (module, name)
        found = _allowed.get(key)
        if found is None:
            found = _allowed[key] = _allowed_class(module, name)
        return found


# what loading damaged or foreign bytes can raise
DAMAGE = (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, KeyError, TypeError,
          ValueError, OverflowError, RecursionError)


def dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=PROTOCOL)


def loads(data: bytes) -> object:
    """Load a pickle made of domain values only (raises ``pickle.UnpicklingError`` otherwise)."""
    return _DomainOnly(io.BytesIO(data)).load()
