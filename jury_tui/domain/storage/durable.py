"""The one durable write path for every file jury-tui writes.

A temporary file in the target folder is written, flushed and fsync'd, then
atomically renamed over the target, and the folder is fsync'd so the rename
itself survives a power cut.  New files are readable by their owner only,
because they hold candidate data.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from jury_tui.domain.storage.errors import N_, JuryError, Problem, system_reason

FILE_MODE = 0o600
DIR_MODE = 0o700

# Test-only: seconds to pause in the middle of every write (between the two halves of the data, and
# before an output file is moved into place), so that the crash harness's kills land inside writes.
# Never set in normal use.
TEST_WRITE_DELAY_ENV = "JURY_TUI_TEST_WRITE_DELAY"


def write_delay_for_tests() -> float:
    """The pause asked for by :data:`TEST_WRITE_DELAY_ENV` (0 when unset or not a number)."""
    value = os.environ.get(TEST_WRITE_DELAY_ENV, "")
    try:
        return max(0.0, float(value)) if value else 0.0
    except ValueError:
        return 0.0


def write_in_two_halves(handle: BinaryIO, payload: bytes) -> None:
    """Write ``payload``; with the test delay set, the first half is flushed and the write pauses there."""
    delay = write_delay_for_tests()
    if not delay:
        handle.write(payload)
        return
    half = len(payload) // 2
    handle.write(payload[:half])
    handle.flush()
    os.fsync(handle.fileno())
    time.sleep(delay)
    handle.write(payload[half:])


class WriteFailed(JuryError):
    """A file could not be written; the previous version is intact."""


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) as owner-only folders if missing."""
    path = Path(path)
    missing = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    try:
        for folder in reversed(missing):
            folder.mkdir(mode=DIR_MODE, exist_ok=True)
    except OSError as error:
        raise WriteFailed(Problem.of(path, N_("cannot create folder ({reason})"), reason=system_reason(error))) from None


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes | str, *, mode: int = FILE_MODE) -> None:
    """Replace ``path`` with ``data`` atomically and durably.

    Raises :class:`WriteFailed` naming the file and the system's reason; in
    that case the previous file is untouched and no temporary file is left.
    """
    path = Path(path)
    payload = data.encode("utf-8", errors="replace") if isinstance(data, str) else data
    ensure_private_dir(path.parent)
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            write_in_two_halves(handle, payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
        fsync_dir(path.parent)
    except OSError as error:
        raise WriteFailed(Problem.of(path, N_("cannot save this file ({reason})"), reason=system_reason(error))) from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def append_durable(path: Path, line: str) -> None:
    """Append one line to a journal file and fsync it."""
    path = Path(path)
    ensure_private_dir(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
        try:
            os.write(fd, line.encode("utf-8") + b"\n")
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as error:
        raise WriteFailed(Problem.of(path, N_("cannot append to this file ({reason})"),
                                     reason=system_reason(error))) from None


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``.

    For writers that need a file name (openpyxl).  The result is fsync'd,
    owner-only and renamed atomically; on failure the temporary file is
    removed and the previous ``path`` is untouched.
    """
    path = Path(path)
    ensure_private_dir(path.parent)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.fchmod(fd, FILE_MODE)
        os.close(fd)
    except OSError as error:
        raise WriteFailed(Problem.of(path, N_("cannot write in this folder ({reason})"),
                                     reason=system_reason(error))) from None
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        time.sleep(write_delay_for_tests())
        os.chmod(temporary, FILE_MODE)
        os.replace(temporary, path)
        fsync_dir(path.parent)
    except OSError as error:
        raise WriteFailed(Problem.of(path, N_("cannot save this file ({reason})"), reason=system_reason(error))) from None
    finally:
        if temporary.exists():
            try:
                temporary.unlink()
            except OSError:
                pass
