"""The project's own error type and the problems it carries.

Every loader reports what is wrong as :class:`Problem` values (file, line,
column, key path, message).  :class:`JuryError` wraps one or more problems and
is the only exception a loader lets escape.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, located as precisely as we can."""

    path: Path | None
    message: str
    line: int | None = None
    column: int | None = None
    key: str = ""
    severity: str = "error"  # "error" or "warning"

    def location(self) -> str:
        where = str(self.path) if self.path is not None else "<input>"
        if self.line is not None:
            where += f":{self.line}"
            where += f":{self.column if self.column is not None else 1}"
        return where

    def __str__(self) -> str:
        key = f"{self.key}: " if self.key else ""
        return f"{self.location()}: {key}{self.message}"


class JuryError(Exception):
    """Raised by loaders and writers; carries one or more :class:`Problem`."""

    def __init__(self, problems: Problem | list[Problem] | tuple[Problem, ...]) -> None:
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, path: Path | None, message: str, **where: object) -> JuryError:
        return cls(Problem(path, message, **where))  # type: ignore[arg-type]
