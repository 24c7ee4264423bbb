"""Consolidate batches of candidates in worker processes, giving outcomes back in order.

Reading and validating a sheet is pure Python (tomllib and our checks, about
a millisecond each), so past :data:`PARALLEL_THRESHOLD` sheets the batches go
to a pool of processes, one per core.  Each worker runs the very function a
serial run runs (:func:`consolidate_batch`), outcomes are taken back in the
order the batches were sent, and the exporting process stores what workers
parsed in the cache: anomalies, sources and results are exactly those of a
serial run (a test compares both).

A session and its grid are pickled once and sent with each of its batches;
a worker unpickles each session once.  Results come back without them and
are joined to the exporting process's own session objects.  With a digest
(:class:`~jury_tui.domain.workspace.consolidate.Digest`: the export's rows and
statistics), the workers apply it and send back only what it made: turning
results into rows then runs beside the writing, and what the exporting
process receives is smaller and quicker to unpickle.  At most a few
batches per worker are in flight, so memory stays bounded however many
sessions there are.  If a worker dies, its batches are run here instead.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Iterator
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from jury_tui.domain.deliberation.model import Deliberation
from jury_tui.domain.deliberation.state import CandidateStatus
from jury_tui.domain.grid.model import Grid
from jury_tui.domain.session.model import Session
from jury_tui.domain.storage.errors import Problem
from jury_tui.domain.workspace.anomalies import Anomaly
from jury_tui.domain.workspace.consolidate import (
    Batch,
    BatchOutcome,
    CandidateResult,
    Digest,
    ParsedStore,
    SheetEntry,
    consolidate_batch,
)
from jury_tui.reading import pickling
from jury_tui.reading.cache import Key, ParsedCache

PARALLEL_THRESHOLD = 2000  # sheets; below this, starting worker processes costs more than it saves
IN_FLIGHT_PER_WORKER = 3


def worker_count() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Reader:
    """How the export reads: through the cache of parsed files, and in a process pool past a threshold.

    It is the consolidation's :class:`BatchRunner`.  Close it when done: the
    cache is then written and kept within its size bound.
    """

    def __init__(self, cache: ParsedCache | None = None, *, workers: int | None = None,
                 threshold: int = PARALLEL_THRESHOLD) -> None:
        self.cache = cache if cache is not None and cache.enabled else None
        self._notices = list(cache.notices) if cache is not None else []
        self.workers = worker_count() if workers is None else workers
        self.threshold = threshold
        self.used_pool = False

    @property
    def notices(self) -> list[Problem]:
        """What the user should know about the cache (damaged and cleared, busy...)."""
        seen = self._notices + (self.cache.notices if self.cache is not None else [])
        return list(dict.fromkeys(seen))

    def run(self, batches: Iterator[Batch], sheets: int = 0, digest: Digest | None = None) -> Iterator[BatchOutcome]:
        if self.workers < 2 or sheets < self.threshold:
            for batch in batches:
                yield self._here(batch, digest)
            return
        self.used_pool = True
        yield from self._pooled(batches, digest)

    def _here(self, batch: Batch, digest: Digest | None) -> BatchOutcome:
        outcome = consolidate_batch(batch, self.cache, digest)
        if self.cache is not None:
            self.cache.flush()
        return outcome

    def _pooled(self, batches: Iterator[Batch], digest: Digest | None) -> Iterator[BatchOutcome]:
        cache_path = str(self.cache.path) if self.cache is not None else ""
        if self.cache is not None:
            self.cache.flush()  # workers read what is committed
        context = multiprocessing.get_context("spawn")  # safe from a threaded app (the workbench)
        pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start_worker,
                                   initargs=(cache_path, digest))
        pending: deque[tuple[Batch, Future[bytes]]] = deque()
        payloads: dict[int, tuple[str, bytes]] = {}
        broken = False
        try:
            for batch in batches:
                if not broken:
                    try:
                        pending.append((batch, pool.submit(_work, *_payload(batch, payloads))))
                    except RuntimeError:  # the pool broke: the rest runs here
                        broken = True
                if broken:
                    pending.append((batch, _failed_future()))
                while len(pending) >= self.workers * IN_FLIGHT_PER_WORKER:
                    yield self._receive(*pending.popleft(), digest)
            while pending:
                yield self._receive(*pending.popleft(), digest)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _receive(self, batch: Batch, future: Future[bytes], digest: Digest | None) -> BatchOutcome:
        try:
            data = future.result()
        except (BrokenExecutor, RuntimeError, OSError, pickle.PicklingError):  # a worker died: run it here
            return self._here(batch, digest)
        shipped: _Shipped = pickle.loads(data)
        if self.cache is not None:
            self.cache.absorb(shipped.new, shipped.touched, shipped.damaged)
        if digest is not None:
            return BatchOutcome([], shipped.anomalies, shipped.sources, shipped.count, shipped.digested)
        results = [CandidateResult(batch.session, batch.grid, batch.candidates[index], entries, deliberation, status)
                   for index, (entries, deliberation, status) in enumerate(shipped.results)]
        return BatchOutcome(results, shipped.anomalies, shipped.sources, len(results))

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()


def reader(*, use_cache: bool = True, workers: int | None = None, threshold: int = PARALLEL_THRESHOLD) -> Reader:
    """The reader the export uses: the user's cache (unless disabled) and a pool sized to the machine."""
    return Reader(ParsedCache.open() if use_cache else None, workers=workers, threshold=threshold)


def _failed_future() -> Future[bytes]:
    future: Future[bytes] = Future()
    future.set_exception(RuntimeError("the process pool is broken"))
    return future


def _payload(batch: Batch, payloads: dict[int, tuple[str, bytes]]) -> tuple[str, bytes, int, int]:
    """The session (pickled once per session) and which of its candidates the batch holds."""
    key = id(batch.session)
    if key not in payloads:
        payloads.clear()  # batches come session by session
        payloads[key] = (f"{batch.session.folder}:{id(batch.session)}", pickling.dumps((batch.session, batch.grid)))
    name, blob = payloads[key]
    return name, blob, batch.start, len(batch.candidates)


# -- in the worker processes ------------------------------------------------------------
@dataclass
class _Shipped:
    results: list[tuple[tuple[SheetEntry, ...], Deliberation | None, CandidateStatus]]
    anomalies: list[Anomaly]
    sources: list[tuple[Path, str]]
    new: list[tuple[str, str, str, str, bytes, int]]
    touched: list[Key]
    damaged: list[Key]
    count: int
    digested: object


_worker_cache: ParsedCache | None = None
_worker_digest: Digest | None = None
_worker_sessions: dict[str, tuple[Session, Grid]] = {}


def _start_worker(cache_path: str, digest: Digest | None = None) -> None:
    global _worker_cache, _worker_digest
    _worker_cache = ParsedCache.open_readonly(Path(cache_path)) if cache_path else None
    _worker_digest = digest


class _WorkerStore:
    """Lookups in the shared cache; what is parsed goes back to the exporting process to be stored."""

    def __init__(self, cache: ParsedCache | None) -> None:
        self.cache = cache

    def get(self, kind: str, digest: str, context: str) -> object | None:
        return self.cache.get(kind, digest, context) if self.cache is not None else None

    def put(self, kind: str, digest: str, context: str, value: object, session: Path) -> None:
        if self.cache is not None:
            self.cache.put(kind, digest, context, value, session)


def _work(name: str, blob: bytes, start: int, count: int) -> bytes:
    if name not in _worker_sessions:
        _worker_sessions.clear()
        loaded = pickle.loads(blob)
        _worker_sessions[name] = loaded
    session, grid = _worker_sessions[name]
    store: ParsedStore = _WorkerStore(_worker_cache)
    outcome = consolidate_batch(Batch(session, grid, tuple(session.candidates[start:start + count]), start), store,
                                _worker_digest)
    new, touched, damaged = _worker_cache.take_new() if _worker_cache is not None else ([], [], [])
    shipped = _Shipped([(r.sheets, r.deliberation, r.status) for r in outcome.results], outcome.anomalies,
                       outcome.sources, new, touched, damaged, outcome.count, outcome.digested)
    return pickling.dumps(shipped)
