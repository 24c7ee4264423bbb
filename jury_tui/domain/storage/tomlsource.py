"""Read TOML files safely and locate keys in them for error messages.

``read_toml`` turns every way a file can be unreadable (missing, too large,
not UTF-8, malformed) into a :class:`JuryError` naming the file, line and
column.  :class:`KeyLocator` maps a key path such as
``("criteria", 3, "competency")`` back to the line where it was written, so
that errors found after parsing still point at the right place.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from jury_tui.domain.storage.errors import N_, JuryError, Msg, Problem, system_reason

MAX_TOML_BYTES = 4 * 1024 * 1024
_DECODE_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)$")
_DECODE_END = re.compile(r"\(at end of document\)$")

KeyPath = tuple[str | int, ...]


class TomlSource:
    """A parsed TOML file with what is needed to locate its keys.

    The key locator is built only when a problem must be located, so bulk
    readers of valid files pay nothing for it.
    """

    def __init__(self, path: Path, text: str, data: dict[str, Any]) -> None:
        self.path = path
        self.text = text
        self.data = data
        self._locator: KeyLocator | None = None

    @property
    def locator(self) -> KeyLocator:
        if self._locator is None:
            self._locator = KeyLocator(self.text)
        return self._locator

    def problem(self, key: KeyPath, message: str, display_key: str = "", /, *, severity: str = "error",
                **params: object) -> Problem:
        """A problem with message id ``message`` at the line where ``key`` is written."""
        line = self.locator.line_of(key)
        return Problem.of(self.path, message, line=line, column=1, key=display_key, severity=severity, **params)


def read_bytes_limited(path: Path, limit: int = MAX_TOML_BYTES) -> bytes:
    """Read a whole file, refusing files larger than ``limit`` bytes."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise JuryError.at(path, N_("file not found")) from None
    except IsADirectoryError:
        raise JuryError.at(path, N_("is a folder, expected a file")) from None
    except PermissionError:
        raise JuryError.at(path, N_("permission denied: cannot read this file")) from None
    except OSError as error:
        raise JuryError.at(path, N_("cannot read this file ({reason})"), reason=system_reason(error)) from None
    _check_size(path, data, limit)
    return data


def _check_size(path: Path, data: bytes, limit: int) -> None:
    if len(data) > limit:
        raise JuryError.at(
            path, N_("file too large: more than {size} KiB (a TOML file here is small)"), size=limit // 1024
        )


def decode_utf8(path: Path, data: bytes) -> str:
    """Decode UTF-8 (a BOM is accepted), naming the first bad byte's position."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise JuryError(
            Problem.of(
                path,
                N_("not valid UTF-8 (byte {byte}); save the file as UTF-8"),
                line=line,
                column=column,
                byte=f"0x{data[error.start]:02x}",
            )
        ) from None


def parse_toml_text(path: Path, text: str) -> dict[str, Any]:
    """Parse TOML text, converting decode errors into located problems."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        line: int | None = None
        column: int | None = None
        match = _DECODE_POSITION.search(message)
        end = _DECODE_END.search(message)
        if match:
            line, column = int(match.group(1)), int(match.group(2))
            message = message[: match.start()].rstrip()
        elif end:
            line = text.count("\n") + 1
            column = 1
            message = message[: end.start()].rstrip()
        raise JuryError(
            Problem.of(path, N_("invalid TOML: {detail}"), line=line, column=column, detail=_toml_detail(message))
        ) from None
    except RecursionError:
        raise JuryError.at(path, N_("invalid TOML: nested too deeply")) from None


# What tomllib says (in English), as our own message ids: exact texts, then texts with a value.
_TOML_MESSAGES = {
    "Invalid statement": N_("invalid statement"),
    "Expected newline or end of document after a statement": N_("expected a new line or the end of the file after a statement"),
    "Cannot overwrite a value": N_("cannot overwrite a value"),
    "Expected ']' at the end of a table declaration": N_("expected ']' at the end of a table header"),
    "Expected ']]' at the end of an array declaration": N_("expected ']]' at the end of an array of tables header"),
    "Expected '=' after a key in a key/value pair": N_("expected '=' after a key"),
    "Invalid initial character for a key part": N_("invalid first character for a key"),
    "Unclosed array": N_("unclosed array"),
    "Unclosed inline table": N_("unclosed inline table"),
    "Unescaped '\\' in a string": N_("unescaped '\\' in a string"),
    "Invalid hex value": N_("invalid hexadecimal value"),
    "Escaped character is not a Unicode scalar value": N_("escaped character is not a Unicode character"),
    "Unterminated string": N_("unterminated string"),
    "Invalid date or datetime": N_("invalid date or date and time"),
    "Invalid value": N_("invalid value"),
}
_TOML_PATTERNS = (
    (re.compile(r"^Expected (.+)$"), N_("expected {value}")),
    (re.compile(r"^Found invalid character (.+)$"), N_("invalid character {value}")),
    (re.compile(r"^Cannot declare (.+) twice$"), N_("{value} is declared twice")),
    (re.compile(r"^Cannot mutate immutable namespace (.+)$"), N_("cannot change {value}, already defined")),
    (re.compile(r"^Cannot redefine namespace (.+)$"), N_("cannot define {value} again")),
    (re.compile(r"^Duplicate inline table key (.+)$"), N_("duplicate key {value} in an inline table")),
    (re.compile(r"^Illegal character (.+)$"), N_("forbidden character {value}")),
)


def _toml_detail(message: str) -> Msg:
    """tomllib's English explanation as one of our message ids (or as is, if unknown)."""
    known = _TOML_MESSAGES.get(message)
    if known is not None:
        return Msg(known)
    for pattern, text in _TOML_PATTERNS:
        match = pattern.match(message)
        if match:
            return Msg.of(text, value=match.group(1))
    return Msg(message)


def read_toml(path: Path, limit: int = MAX_TOML_BYTES) -> TomlSource:
    """Read, decode and parse one TOML file."""
    return toml_from_bytes(path, read_bytes_limited(path, limit), limit)


def toml_from_bytes(path: Path, data: bytes, limit: int = MAX_TOML_BYTES) -> TomlSource:
    """Decode and parse bytes already read from ``path`` (to hash them too), with the same size limit."""
    _check_size(path, data, limit)
    text = decode_utf8(path, data)
    return TomlSource(path, text, parse_toml_text(path, text))


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_ASSIGN = re.compile(r"""^\s*((?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*'))*)\s*=""")
_INLINE_KEY = re.compile(r"""(?:[{,]\s*)([A-Za-z0-9_\-]+|"[^"]*"|'[^']*')\s*=""")
_KEY_PART = re.compile(r"""[A-Za-z0-9_\-]+|"[^"]*"|'[^']*'""")


def _split_key(dotted: str) -> list[str]:
    return [part.strip("\"'") for part in _KEY_PART.findall(dotted)]


class KeyLocator:
    """Best-effort map from key paths to 1-based line numbers.

    It understands table headers, arrays of tables (including nested ones)
    and ``key = value`` lines, and skips multi-line strings.  A path that is
    not found falls back to its closest located ancestor.
    """

    def __init__(self, text: str) -> None:
        self._lines: dict[KeyPath, int] = {}
        self._scan(text)

    def _scan(self, text: str) -> None:
        counters: dict[KeyPath, int] = {}
        current: KeyPath = ()
        in_multiline: str | None = None
        array: KeyPath | None = None  # a multi-line array whose elements are one per line
        index = 0
        for number, raw in enumerate(text.splitlines(), start=1):
            if in_multiline:
                if raw.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            if array is not None:
                element = raw.strip()
                if element.startswith("]"):
                    array = None
                elif element.startswith(("{", '"', "'")):
                    self._lines.setdefault(array + (index,), number)
                    if element.startswith("{"):  # an inline table: its keys are on this line
                        for name in _INLINE_KEY.findall(element):
                            self._lines.setdefault(array + (index, name.strip("\"'")), number)
                    index += 1
                continue
            header = _HEADER.match(raw)
            if header and not _ASSIGN.match(raw):
                names = _split_key(header.group(2))
                is_array = header.group(1) == "[["
                current = self._resolve(names, counters, is_array=is_array)
                # the table, and each table or array it is in, first written here
                for length in range(len(current), 0, -1):
                    self._lines.setdefault(current[:length], number)
                continue
            assign = _ASSIGN.match(raw)
            if assign:
                key = current + tuple(_split_key(assign.group(1)))
                self._lines.setdefault(key, number)
                rest = raw[assign.end():]
                if rest.strip() == "[":
                    array, index = key, 0
                    continue
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        in_multiline = quote
                        break

    def _resolve(
        self, names: list[str], counters: dict[KeyPath, int], *, is_array: bool
    ) -> KeyPath:
        """Turn a header's dotted names into a concrete path with array indexes."""
        path: KeyPath = ()
        for position, name in enumerate(names):
            path = path + (name,)
            last = position == len(names) - 1
            if last and is_array:
                index = counters.get(path, -1) + 1
                counters[path] = index
                # a new element resets the counters of arrays nested in it
                for other in [k for k in counters if len(k) > len(path) and k[: len(path)] == path]:
                    del counters[other]
                return path + (index,)
            if path in counters:
                path = path + (counters[path],)
        return path

    def line_of(self, key: KeyPath) -> int:
        probe = tuple(key)
        while probe:
            if probe in self._lines:
                return self._lines[probe]
            probe = probe[:-1]
        return 1
