"""A cache of parsed sheets and deliberations, so that a re-export reads only what changed.

Each entry is keyed by the SHA-256 of the file's bytes (the digest the export
already computes for its About sheet) and by what the parse depends on: the
grid's content hash for a sheet.  A file that changed has another digest, so
it is simply not found: the cache is never trusted over the file.  The whole
cache is emptied when jury-tui's version (or the cache's own format) changes,
because validation rules may have changed with it.

Why SQLite (``sqlite3``, in the standard library) rather than files of our
own: writes are transactions (an export killed mid-way leaves the previous
entries intact, never half an entry), many entries live in one owner-only
file that is safe to delete, two exports at once are serialised by its
locks, size and least-recently-used eviction are one query each, and damage
is reported by SQLite itself.  ``shelve``/``dbm`` have none of these
guarantees, and a third-party cache library would be SQLite underneath.

The cache holds personal data (jurors' notes about candidates): it lives in
the user's own cache folder (platformdirs; ``JURY_TUI_CACHE_DIR`` overrides
it), owner-only, and ``jury-tui purge`` removes the entries of the sessions
it purges.  A damaged cache is deleted with a notice and rebuilt; it never
stops an export.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from jury_tui import __version__
from jury_tui.domain.storage.durable import DIR_MODE, FILE_MODE
from jury_tui.domain.storage.errors import N_, Problem
from jury_tui.reading import pickling

FORMAT = 1
FILE_NAME = "parsed.sqlite3"
DEFAULT_MAX_MB = 512
TIMEOUT_S = 10.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entries (
    kind TEXT NOT NULL,        -- "sheet" or "deliberation"
    digest TEXT NOT NULL,      -- "sha256:..." of the file's bytes
    context TEXT NOT NULL,     -- what the parse depends on besides the bytes (a sheet: the grid's content hash)
    session TEXT NOT NULL,     -- the session folder the file was read in (for purge)
    value BLOB NOT NULL,       -- the parsed value (pickle of domain data classes only)
    used INTEGER NOT NULL,     -- last time it was read or written (for eviction)
    PRIMARY KEY (kind, digest, context)
);
CREATE INDEX IF NOT EXISTS entries_session ON entries (session);
CREATE INDEX IF NOT EXISTS entries_used ON entries (used);
"""

Key = tuple[str, str, str]  # kind, digest, context


def default_folder() -> Path:
    from jury_tui.locations import cache_dir

    return cache_dir()


def max_bytes_from_environment() -> int:
    """``JURY_TUI_CACHE_MAX_MB`` or the default bound, in bytes."""
    try:
        megabytes = float(os.environ.get("JURY_TUI_CACHE_MAX_MB", DEFAULT_MAX_MB))
    except ValueError:
        megabytes = DEFAULT_MAX_MB
    return int(max(0.0, megabytes) * 1024 * 1024)


def session_key(folder: Path) -> str:
    return str(Path(folder).resolve())


class ParsedCache:
    """Parsed files by digest.  Every failure is a miss; damage empties the cache with a notice.

    Open it with :meth:`open` (read-write, in the process that writes the
    workbook) or :meth:`open_readonly` (worker processes, which send what
    they parsed back to be stored by the writer).
    """

    def __init__(self, path: Path, db: sqlite3.Connection | None, *, max_bytes: int, readonly: bool) -> None:
        self.path = path
        self.db = db
        self.max_bytes = max_bytes
        self.readonly = readonly
        self.notices: list[Problem] = []
        self.hits: Counter[str] = Counter()  # by kind of file
        self.misses: Counter[str] = Counter()
        self.damaged_entries: list[Key] = []
        self.discarded = 0  # damaged entries removed during this run
        self._pending: list[tuple[str, str, str, str, bytes, int]] = []
        self._touched: list[Key] = []

    # -- opening -----------------------------------------------------------
    @classmethod
    def open(cls, folder: Path | None = None, *, max_bytes: int | None = None,
             version: str = __version__) -> ParsedCache:
        """The cache in ``folder`` (default: the user's cache folder), created owner-only if missing."""
        folder = Path(folder) if folder is not None else default_folder()
        path = folder / FILE_NAME
        cache = cls(path, None, max_bytes=max_bytes_from_environment() if max_bytes is None else max_bytes,
                    readonly=False)
        for attempt in range(2):
            try:
                cache.db = _connect_private(path)
                _prepare(cache.db, version)
                return cache
            except sqlite3.DatabaseError as error:
                cache._discard(error)
                if attempt:
                    break
            except OSError as error:
                cache.notices.append(Problem.of(path, N_("the cache of parsed files cannot be used ({reason}); "
                                                         "every file is read"), severity="warning",
                                                reason=str(error.strerror or error)))
                break
        cache.db = None
        return cache

    @classmethod
    def open_readonly(cls, path: Path) -> ParsedCache:
        """A worker's view: lookups only; a missing or damaged file is simply no cache."""
        cache = cls(path, None, max_bytes=0, readonly=True)
        if path.is_file():
            try:
                cache.db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=TIMEOUT_S)
            except sqlite3.DatabaseError:
                cache.db = None
        return cache

    @property
    def enabled(self) -> bool:
        return self.db is not None

    # -- lookups and stores --------------------------------------------------
    def get(self, kind: str, digest: str, context: str) -> object | None:
        """The value parsed from a file with these bytes, or None (also when the entry is damaged)."""
        if self.db is None:
            self.misses[kind] += 1
            return None
        try:
            row = self.db.execute("SELECT value FROM entries WHERE kind = ? AND digest = ? AND context = ?",
                                  (kind, digest, context)).fetchone()
        except sqlite3.DatabaseError as error:
            self._failed(error)
            self.misses[kind] += 1
            return None
        if row is None:
            self.misses[kind] += 1
            return None
        try:
            value = pickling.loads(row[0])
        except pickling.DAMAGE:  # any damage in the bytes: a miss, and the entry goes
            self.damaged_entries.append((kind, digest, context))
            self.misses[kind] += 1
            return None
        self.hits[kind] += 1
        self._touched.append((kind, digest, context))
        return value

    def put(self, kind: str, digest: str, context: str, value: object, session: Path) -> None:
        self.put_blob(kind, digest, context, pickling.dumps(value), session_key(session))

    def put_blob(self, kind: str, digest: str, context: str, blob: bytes, session: str) -> None:
        self._pending.append((kind, digest, context, session, blob, int(time.time())))
        if len(self._pending) >= 512:
            self.flush()

    def touch(self, keys: Iterable[Key]) -> None:
        self._touched.extend(keys)

    def take_new(self) -> tuple[list[tuple[str, str, str, str, bytes, int]], list[Key], list[Key]]:
        """What a worker parsed, read and found damaged since the last call (sent to the writing process)."""
        new, touched, damaged = self._pending, self._touched, self.damaged_entries
        self._pending, self._touched, self.damaged_entries = [], [], []
        return new, touched, damaged

    def absorb(self, new: list[tuple[str, str, str, str, bytes, int]], touched: list[Key],
               damaged: list[Key]) -> None:
        """Store what a worker parsed; remember what it read and what it found damaged."""
        self._pending.extend(new)
        self._touched.extend(touched)
        self.damaged_entries.extend(damaged)
        if len(self._pending) >= 512:
            self.flush()

    def flush(self) -> None:
        """Write pending entries, mark read ones as recently used, drop damaged ones (one transaction)."""
        if self.readonly or self.db is None:
            return
        pending, touched, damaged = self._pending, self._touched, self.damaged_entries
        self._pending, self._touched, self.damaged_entries = [], [], []
        if not (pending or touched or damaged):
            return
        now = int(time.time())
        try:
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO entries (kind, digest, context, session, value, used) "
                                    "VALUES (?, ?, ?, ?, ?, ?)", pending)
                self.db.executemany("UPDATE entries SET used = ? WHERE kind = ? AND digest = ? AND context = ?",
                                    [(now, *key) for key in touched])
                self.db.executemany("DELETE FROM entries WHERE kind = ? AND digest = ? AND context = ?", damaged)
        except sqlite3.DatabaseError as error:
            self._failed(error)
            return
        self.discarded += len(damaged)

    def close(self) -> None:
        """Flush, keep the cache within its size bound (least recently used entries go first), close."""
        if self.db is None:
            return
        self.flush()
        if self.discarded:
            self.notices.append(Problem.of(self.path, N_("{count} damaged entry(ies) of the cache of parsed files "
                                                         "were discarded; those files were read again"),
                                           severity="warning", count=self.discarded))
        if not self.readonly:
            with contextlib.suppress(sqlite3.DatabaseError):
                self.trim()
        with contextlib.suppress(sqlite3.DatabaseError):
            self.db.close()
        self.db = None

    def trim(self) -> None:
        """Evict least recently used entries until the values fit in ``max_bytes``."""
        if self.db is None:
            return
        total = self.db.execute("SELECT COALESCE(SUM(LENGTH(value)), 0) FROM entries").fetchone()[0]
        if total <= self.max_bytes:
            return
        goal = int(self.max_bytes * 0.9)
        doomed, removed = [], 0
        for rowid, size in self.db.execute("SELECT rowid, LENGTH(value) FROM entries ORDER BY used, rowid"):
            if total - removed <= goal:
                break
            removed += size
            doomed.append((rowid,))
        with self.db:
            self.db.executemany("DELETE FROM entries WHERE rowid = ?", doomed)

    # -- privacy -------------------------------------------------------------
    def forget_session(self, folder: Path) -> int:
        """Remove every entry read in this session folder (purge); how many were removed."""
        if self.db is None:
            return 0
        try:
            with self.db:
                removed = self.db.execute("DELETE FROM entries WHERE session = ?", (session_key(folder),)).rowcount
            # secure_delete zeroed the freed pages; the old pages in the write-ahead log go too
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.DatabaseError as error:
            self._failed(error)
            return 0
        return int(removed)

    def entry_count(self) -> int:
        if self.db is None:
            return 0
        return int(self.db.execute("SELECT COUNT(*) FROM entries").fetchone()[0])

    def sessions(self) -> Iterator[str]:
        if self.db is None:
            return iter(())
        return (row[0] for row in self.db.execute("SELECT DISTINCT session FROM entries ORDER BY session"))

    # -- damage ----------------------------------------------------------------
    def _failed(self, error: sqlite3.DatabaseError) -> None:
        """SQLite failed in the middle of a run: damage is discarded, a busy cache is left for this run."""
        if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
            self.notices.append(Problem.of(self.path, N_("the cache of parsed files is busy (another export?); "
                                                         "files are read without it"), severity="warning"))
            with contextlib.suppress(sqlite3.DatabaseError):
                if self.db is not None:
                    self.db.close()
            self.db = None
            return
        self._discard(error)

    def _discard(self, error: sqlite3.DatabaseError) -> None:
        with contextlib.suppress(sqlite3.DatabaseError):
            if self.db is not None:
                self.db.close()
        self.db = None
        self._pending.clear()
        if self.readonly:
            return
        remove_files(self.path)
        self.notices.append(Problem.of(self.path, N_("the cache of parsed files was damaged ({reason}) and has been "
                                                     "cleared; every file is read again"), severity="warning",
                                       reason=str(error)))


def remove_files(path: Path) -> None:
    """Delete the cache file and SQLite's side files (safe: the cache only saves time)."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


def _connect_private(path: Path) -> sqlite3.Connection:
    """Create the folder (0700) and the file (0600) before SQLite opens it; its side files take the same mode."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    os.chmod(folder, DIR_MODE)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    os.close(fd)
    os.chmod(path, FILE_MODE)
    db = sqlite3.connect(path, timeout=TIMEOUT_S)
    db.execute("PRAGMA journal_mode = WAL")  # workers read while the exporting process writes
    db.execute("PRAGMA synchronous = NORMAL")  # losing the last entries on a power cut only costs time
    db.execute("PRAGMA secure_delete = ON")  # removed entries (purge) are overwritten, not left in free pages
    return db


def _prepare(db: sqlite3.Connection, version: str) -> None:
    """Create the tables; empty the cache when jury-tui's version or the cache's format changed."""
    with db:
        db.executescript(_SCHEMA)
    stamp = {"format": str(FORMAT), "jury_tui": version}
    found = dict(db.execute("SELECT key, value FROM meta").fetchall())
    if found != stamp:
        with db:
            db.execute("DELETE FROM entries")
            db.execute("DELETE FROM meta")
            db.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", sorted(stamp.items()))


def forget_session(folder: Path, cache_folder: Path | None = None) -> int:
    """Remove the cached entries of a purged session (an absent cache is left absent); how many went."""
    path = (Path(cache_folder) if cache_folder is not None else default_folder()) / FILE_NAME
    if not path.is_file():
        return 0
    cache = ParsedCache.open(path.parent, max_bytes=max_bytes_from_environment())
    try:
        return cache.forget_session(folder)
    finally:
        cache.close()
