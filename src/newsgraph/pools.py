"""Process pools that keep input order and survive dead workers: the NLP pool and the cleaning pool of
``ingest --workers N``.

:class:`OrderedPool` is the shared mechanism: a spawn ``ProcessPoolExecutor``, a bounded window of submitted
units, results handed back in input order, and a worker that dies (killed, out of memory, a crash in a C
library) answered by a fresh pool: the unit the run was waiting for is handed to :meth:`OrderedPool.retry`, the
units in flight beside it are sent again.  Subclasses say how a unit is submitted, what a unit without work
yields, and how a unit is retried.

:class:`CleanPool` does the cleaning (HTML extraction, boilerplate removal, the language check; issue 16): with one
worker this runs in the ingest process, with ``workers > 1`` the ingest process only reads the inputs and stores
the results.  A record whose cleaning kills its worker is tried once more alone, then fails with a recorded
reason.  The NLP pool is ``runner._Pool``.  Machine faults (disk full, no memory) raised in a worker stop the run
as they do in one process.
"""

from __future__ import annotations

import multiprocessing as mp
from abc import ABC, abstractmethod
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


class OrderedPool[U, R](ABC):
    """``map`` yields (unit, result) in input order, keeping at most ``workers * window`` units in flight
    (``U``: a unit of work as the run sees it; ``R``: what a unit becomes)."""

    def __init__(self, workers: int, window: int, initializer: Callable[..., None], initargs: tuple[Any, ...] = (),
                 on_restart: Callable[[], None] | None = None) -> None:  # fmt: skip
        self.workers, self.window = workers, window
        self.initializer, self.initargs, self.on_restart = initializer, initargs, on_restart
        self.pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=mp.get_context("spawn"), initializer=self.initializer,
                                   initargs=self.initargs)  # fmt: skip

    # --- what a subclass says ---------------------------------------------------------------------------------
    @abstractmethod
    def submit(self, unit: U) -> Future[R] | None:
        """The unit's future in ``self.pool``, or None when it has nothing to do in a worker."""

    @abstractmethod
    def idle(self, unit: U) -> R:
        """The result of a unit that was not submitted."""

    @abstractmethod
    def retry(self, unit: U) -> R:
        """The result of a unit whose worker died (``restart`` has not been called yet)."""

    # --- the mechanism ----------------------------------------------------------------------------------------
    def map(self, units: Iterable[U]) -> Iterator[tuple[U, R]]:
        pending: deque[tuple[U, Future[R] | None]] = deque()
        for unit in units:
            pending.append((unit, self.submit(unit)))
            while len(pending) > self.workers * self.window:
                yield self._next(pending)
        while pending:
            yield self._next(pending)

    def _next(self, pending: deque[tuple[U, Future[R] | None]]) -> tuple[U, R]:
        unit, fut = pending.popleft()
        if fut is None:
            return unit, self.idle(unit)
        try:
            return unit, fut.result()
        except BrokenProcessPool:
            result = self.retry(unit)
            for i, (other, _) in enumerate(pending):  # the dead pool took their futures with it
                pending[i] = (other, self.submit(other))
            return unit, result

    def restart(self) -> None:
        if self.on_restart:
            self.on_restart()
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


@dataclass(frozen=True)
class Raw:
    """One record as read (RawDoc or the reader's Skip) and its position (1-based) in its input."""

    input: str
    ordinal: int
    value: Any


def _warm() -> None:
    from newsgraph.ingest.html import warm_date_parser

    warm_date_parser()


class CleanPool(OrderedPool[Any, Any]):
    """Raw records → Article | Skip, in order; other items (the readers' End marks) keep their place unchanged."""

    def __init__(self, settings: Settings, workers: int, overrides: dict[str, Any], *, cleaner: Cleaner,
                 on_restart: Callable[[], None] | None = None) -> None:  # fmt: skip
        self.settings, self.overrides = settings, overrides
        self.cleaner = cleaner  # runner.clean_record, or a test's
        super().__init__(workers, IN_FLIGHT_PER_WORKER, _warm, on_restart=on_restart)

    def submit(self, unit: Any) -> Future[Any] | None:
        if not isinstance(unit, Raw) or isinstance(unit.value, Skip):  # an End mark; the reader's own failure
            return None
        return self.pool.submit(self.cleaner, unit.value, self.settings, self.overrides)

    def idle(self, unit: Any) -> Any:
        return unit.value if isinstance(unit, Raw) else None

    def retry(self, unit: Any) -> Any:
        self.restart()
        fut = self.submit(unit)
        assert fut is not None
        try:
            return fut.result()
        except BrokenProcessPool:
            self.restart()
            return Skip(input=getattr(unit.value, "input", unit.input), record=getattr(unit.value, "record", None),
                        stage="extract", reason=DIED)  # fmt: skip
