"""Cleaning in a pool of processes, for ``ingest --workers N`` (issue 16).

HTML extraction, boilerplate removal and the language check cost about as much CPU as the parse on real pages.
With one worker they run in the ingest process; with ``workers > 1`` the ingest process only reads the inputs
and stores the results, and this pool turns each record into an Article (or a Skip) in ``workers`` processes,
beside the NLP pool.  Records come back in input order, so batching, resume marks and duplicates are exactly as
with one worker.

A cleaning worker that dies (a page that crashes the HTML parser, the kernel's out-of-memory killer) costs a
fresh pool: the record it was working on is tried once more alone, and fails with a recorded reason if it kills
its worker again; the records in flight beside it are sent again.  Machine faults (disk full, no memory) raised
while cleaning stop the run as they do in one process.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from newsgraph.records import Article, Skip
from newsgraph.settings import Settings

Cleaner = Callable[[Any, Settings, dict[str, Any]], Article | Skip]  # module level: it is sent to the workers
IN_FLIGHT_PER_WORKER = 16  # records submitted ahead of the one the run waits for (bounds memory)
DIED = "error: WorkerDied: the cleaning worker died on this record, alone (crashed, killed or out of memory)"


@dataclass(frozen=True)
class Raw:
    """One record as read (RawDoc or the reader's Skip) and its position (1-based) in its input."""

    input: str
    ordinal: int
    value: Any


def _warm() -> None:
    from newsgraph.ingest.html import warm_date_parser

    warm_date_parser()


class CleanPool:
    """``map`` turns a stream of Raw records and End marks into (input, ordinal, Article | Skip) and End marks,
    in order.  ``on_restart`` is called each time a dead pool is replaced."""

    def __init__(self, settings: Settings, workers: int, overrides: dict[str, Any], *, cleaner: Cleaner,
                 on_restart: Callable[[], None] | None = None) -> None:  # fmt: skip
        self.settings, self.workers, self.overrides = settings, workers, overrides
        self.cleaner = cleaner  # runner.clean_record, or a test's
        self.on_restart = on_restart
        self.pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=mp.get_context("spawn"), initializer=_warm)

    def _submit(self, raw: Raw) -> Future[Article | Skip] | None:
        if isinstance(raw.value, Skip):  # the reader's own failure: nothing to clean
            return None
        return self.pool.submit(self.cleaner, raw.value, self.settings, self.overrides)

    def map(self, events: Iterable[Any]) -> Iterator[tuple[Raw, Article | Skip] | Any]:
        pending: deque[tuple[Any, Future[Article | Skip] | None]] = deque()
        for ev in events:
            pending.append((ev, self._submit(ev) if isinstance(ev, Raw) else None))
            while len(pending) > self.workers * IN_FLIGHT_PER_WORKER:
                yield self._next(pending)
        while pending:
            yield self._next(pending)

    def _next(self, pending: deque[tuple[Any, Future[Article | Skip] | None]]) -> Any:
        ev, fut = pending.popleft()
        if not isinstance(ev, Raw):
            return ev  # an End mark keeps its place
        if fut is None:
            return ev, ev.value
        try:
            return ev, fut.result()
        except BrokenProcessPool:
            value = self._retry(ev)
            for i, (other, _) in enumerate(pending):  # the dead pool took their futures with it
                pending[i] = (other, self._submit(other) if isinstance(other, Raw) else None)
            return ev, value

    def _retry(self, raw: Raw) -> Article | Skip:
        self._restart()
        fut = self._submit(raw)
        assert fut is not None
        try:
            return fut.result()
        except BrokenProcessPool:
            self._restart()
            return Skip(input=getattr(raw.value, "input", raw.input), record=getattr(raw.value, "record", None),
                        stage="extract", reason=DIED)  # fmt: skip

    def _restart(self) -> None:
        if self.on_restart:
            self.on_restart()
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
