"""Who is editing a sheet: one advisory lock per juror sheet.

The lock is a separate, persistent file (never the sheet, which is replaced
at every save) in ``sessions/<id>/.locks/``, held with ``flock``.  The kernel
releases it when its holder exits, even on SIGKILL, so a lock left by a dead
process is taken over safely; the file names the holder (host, pid, since
when) so a second copy of the app can say who has the sheet.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from jury_tui.domain.storage.durable import FILE_MODE, ensure_private_dir
from jury_tui.domain.storage.errors import N_, render


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
