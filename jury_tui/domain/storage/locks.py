"""Who is editing a sheet: one advisory lock per juror sheet.

The lock is a separate, persistent file (never the sheet, which is replaced
at every save) in ``sessions/<id>/.locks/``, held with ``flock``.  The kernel
releases it when its holder exits, even on SIGKILL, so a lock left by a dead
process is taken over safely; the file names the holder (host, pid, since
when) so a second copy of the app can say who has the sheet.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from jury_tui.domain.storage.durable import FILE_MODE, ensure_private_dir
from jury_tui.domain.storage.errors import N_, JuryError, render


@dataclass(frozen=True)
class Holder:
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        """« poste-3, pid 4242, since 14/12/2026 09:06 », in the interface language."""
        try:
            since: object = dt.datetime.fromisoformat(self.since)
        except ValueError:
            since = self.since
        return render(N_("{host}, pid {pid}, since {since}"), {"host": self.host, "pid": self.pid, "since": since})


class SheetLock:
    """An acquired lock; :meth:`release` (or process exit) frees it."""

    def __init__(self, path: Path, fd: int, previous: Holder | None) -> None:
        self.path = path
        self._fd: int | None = fd
        self.previous = previous  # a holder whose process had ended: taken over

    def release(self) -> None:
        if self._fd is not None:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            finally:
                os.close(self._fd)
                self._fd = None


def lock_path(session_folder: Path, juror_id: str, candidate_id: str) -> Path:
    return session_folder / ".locks" / f"{juror_id}--{candidate_id}.lock"


def _read_holder(fd: int) -> Holder | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = json.loads(os.read(fd, 4096).decode("utf-8") or "{}")
        return Holder(str(data["host"]), int(data["pid"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def acquire(path: Path) -> SheetLock | Holder:
    """Take the lock, or return who holds it (host, pid, since when)."""
    ensure_private_dir(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _read_holder(fd) or Holder("?", 0, "?")
        os.close(fd)
        return holder
    previous = _read_holder(fd)
    me = Holder(socket.gethostname(), os.getpid(), dt.datetime.now().astimezone().isoformat(timespec="seconds"))
    payload = json.dumps({"host": me.host, "pid": me.pid, "since": me.since}).encode("utf-8")
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, payload)
    os.fsync(fd)
    return SheetLock(path, fd, previous if previous and previous.pid != os.getpid() else None)


# -- saves and syncs ---------------------------------------------------------
# A save that writes several files (the journal, then the sheet) holds the
# session's save lock shared; ``jury-tui sync`` holds it exclusively while it
# records or applies changes, so that it only ever sees whole saves.  The
# lock lives in ``.locks/`` (never synchronised) and is released by the
# kernel when its holder dies.

SAVE_LOCK = "save.lock"
SAVE_WAIT = 10.0  # seconds a save waits for a sync before writing anyway: a score is never held back


def save_lock_path(session_folder: Path) -> Path:
    return Path(session_folder) / ".locks" / SAVE_LOCK


def _open_lock(path: Path) -> int:
    ensure_private_dir(path.parent)
    return os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)


@contextlib.contextmanager
def saving(path: Path | None, wait: float = SAVE_WAIT) -> Iterator[bool]:
    """Hold the save lock ``path`` shared while a save writes; yields whether it was obtained.

    A sync holds it for a fraction of a second; if it is still held after
    ``wait`` seconds (a stuck sync), the save goes ahead without it.
    """
    if path is None:
        yield False
        return
    try:
        fd = _open_lock(path)
    except (OSError, JuryError):
        yield False
        return
    held = False
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                held = True
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    break
                time.sleep(0.005)
        yield held
    finally:
        os.close(fd)  # closing releases the lock


class ExclusiveLocks:
    """Exclusive holds on several lock files (a sync's), released together."""

    def __init__(self) -> None:
        self._fds: list[int] = []

    def take(self, path: Path, *, wait: float | None = None) -> bool:
        """Take ``path`` exclusively: wait for it (``wait`` None: as long as it takes), or give up after ``wait`` seconds."""
        fd = _open_lock(path)
        deadline = None if wait is None else time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (fcntl.LOCK_NB if deadline is not None else 0))
            except BlockingIOError:
                if deadline is not None and time.monotonic() < deadline:
                    time.sleep(0.005)
                    continue
                os.close(fd)
                return False
            self._fds.append(fd)
            return True

    def release(self) -> None:
        while self._fds:
            os.close(self._fds.pop())

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
