"""The ingest run: the local executor of the run plan, writing straight into DuckDB, resumable and loss-free.

The plan is the one ``batch`` runs on Dask (:mod:`newsgraph.batch.shards`): every input file in the readers'
order, folders walked by the readers' rules.  The steps are the same too (read → :func:`to_articles` → the
Extractor → store rows); only the executor differs: here the results go to the store in batches instead of to
Parquet shards.

* one writer: this process owns the Store; with ``workers > 1`` the NLP runs in a pool of processes (each loads
  the pipeline once) and results come back in input order.  A worker that dies (killed, out of memory) costs a
  retry of its batch in a fresh pool; if the batch kills a worker again, its articles are tried one by one and
  only those that kill their worker fail.  The run never waits on a dead worker.
* nothing is lost: a record that fails (reader, cleaning, NLP or the store) becomes a ``failures`` row with its
  stage and reason and the run goes on.  A fault of the machine (disk or temporary folder full, no permission,
  no memory) is not a record fault: the run stops with :class:`ResourceError` (exit 6) and nothing it did not
  store is marked done, so the same command completes the run once the fault is fixed.
* one transaction per batch (:meth:`Store.commit`): articles, events, keys, stories, failures and the resume
  marks of the batch become visible together, so a kill at any instant resumes to exactly a clean run's rows.
* resume at record granularity: an input read to the end is skipped; an input cut by a batch boundary (a big
  JSONL or WARC file) resumes after the records already committed.
"""

from __future__ import annotations

import errno
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any

from newsgraph.errors import ResourceError, environment_fault
from newsgraph.pools import Cleaner, CleanPool, OrderedPool, Raw
from newsgraph.records import Article, Result, Skip
from newsgraph.settings import Settings

Maker = Callable[[Settings], Any]  # Settings -> an object with .process(articles) -> Iterator[Result | Skip]


@dataclass
class IngestStats:
    read: int = 0
    stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: int = 0
    events: int = 0
    inputs_done: int = 0
    inputs_resumed: int = 0
    records_resumed: int = 0
    worker_restarts: int = 0
    undated: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def restarted(self) -> None:
        """A worker pool was replaced after a worker died."""
        self.worker_restarts += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read, "stored": self.stored, "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates, "skipped": dict(self.skipped), "failed": self.failed,
            "events": self.events, "inputs_done": self.inputs_done, "inputs_resumed": self.inputs_resumed,
            "records_resumed": self.records_resumed, "worker_restarts": self.worker_restarts,
            "undated": self.undated, "languages": dict(self.languages), "seconds": round(self.seconds, 2),
            "articles_per_s": round(self.read / self.seconds, 2) if self.seconds else 0.0,
        }  # fmt: skip


Progress = Callable[[IngestStats, int], None]  # (stats, bytes of inputs finished)


def input_files(paths: Iterable[str]) -> list[tuple[str, int]]:
    """(input name, size) of every file the readers will open, for the progress bar's total."""
    out: list[tuple[str, int]] = []
    for p in paths:
        path = Path(p)
        if p == "-":
            out.append(("-", 0))
        elif path.is_dir():
            out += [(str(f), f.stat().st_size) for f in sorted(path.rglob("*")) if f.is_file()]
        elif path.exists():
            out.append((str(path), path.stat().st_size))
    return out


def _reason_tag(reason: str) -> str:
    return reason.split(":", 1)[0].strip() or "unknown"


def _error(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"error: {type(exc).__name__}: {text[0] if text else ''}".rstrip(": ")


_INPUT_ERRNOS = {
    errno.EACCES,
    errno.EPERM,
    errno.EROFS,
    errno.ENOENT,
}  # reading: the input's fault, not the machine's


def _raise_if_environment(exc: BaseException, where: str, *, reading: bool = False) -> None:
    if reading and isinstance(exc, OSError) and exc.errno in _INPUT_ERRNOS:
        return  # an input we may not read is a bad input: recorded, and the run goes on
    fault = environment_fault(exc)
    if fault:
        raise ResourceError(f"{where}: {fault} — fix it and run the same command again") from None


def to_article(
    raw: Any,
    settings: Settings,
    *,
    date: str | None = None,
    url: str | None = None,
    default_date: str | None = None,
) -> Article | Skip:
    """RawDoc | Skip → Article | Skip: clean one record; a failing record becomes a Skip with its reason.

    ``date`` and ``url`` override what the input says (``newsgraph extract --date/--url``); ``default_date``
    (``ingest --date``) dates a record that gives no date of its own (it wins over a date inferred from the text).
    """
    from newsgraph.errors import SkipRecord
    from newsgraph.ingest import to_article as clean

    if isinstance(raw, Skip):
        return raw
    if date or url:
        raw = replace(raw, date=date or raw.date, url=url or raw.url)
    try:
        article = clean(raw, settings)
    except SkipRecord as exc:
        return Skip(input=raw.input, record=raw.record, stage="extract", reason=str(exc))
    except Exception as exc:  # noqa: BLE001 - a cleaning bug (RecursionError too) must not end the batch
        _raise_if_environment(exc, f"reading {raw.input}", reading=True)
        return Skip(input=raw.input, record=raw.record, stage="extract", reason=_error(exc))
    if default_date and (article.published is None or article.published_inferred):
        article = replace(
            article, published=default_date, published_inferred=False, published_evidence="--date"
        )
    return article if article.input is not None else replace(article, input=raw.input)


def clean_record(raw: Any, settings: Settings, overrides: dict[str, Any]) -> Article | Skip:
    """:func:`to_article` with its keyword arguments in a dict: the cleaning pool's function."""
    return to_article(raw, settings, **overrides)


def to_articles(
    items: Iterable[Any], settings: Settings, *, date: str | None = None, url: str | None = None
) -> Iterator[Article | Skip]:
    """RawDoc | Skip → Article | Skip for a stream of records (see :func:`to_article`)."""
    for raw in items:
        yield to_article(raw, settings, date=date, url=url)


# --- the plan, read ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    """One record of an input: its position (1-based) in the input and what it became."""

    input: str
    ordinal: int
    value: Article | Skip


@dataclass(frozen=True)
class End:
    """The input has been read to its end."""

    input: str


def plan_inputs(paths: Iterable[str]) -> list[Any]:
    """The run plan: one piece per input file (stdin included), as ``batch`` plans them."""
    from newsgraph.batch.shards import Piece, expand_inputs

    out: list[Any] = []
    for p in paths:
        out += [Piece("-", "file", count=1)] if p == "-" else expand_inputs([p])
    return out


def guarded(piece: Any, settings: Settings) -> Iterator[Any]:
    """The records of one plan piece; a reader that breaks ends the piece with one recorded failure."""
    from newsgraph.batch.shards import read_piece

    try:
        yield from read_piece(piece, settings)
    except Exception as exc:  # noqa: BLE001 - one bad input never ends the run
        _raise_if_environment(exc, f"reading {piece.path}", reading=True)
        yield Skip(input=piece.path, record=None, stage="read", reason=_error(exc))


def read_raw(
    pieces: list[Any], settings: Settings, done: set[str], progress: Mapping[str, int]
) -> Iterator[Raw | End]:
    """The records of every piece not done yet, as read, resuming a partly read input after its committed
    records."""
    from newsgraph.store.ledger import clean_text  # the ledger keeps names in their storable form

    for piece in pieces:
        if clean_text(piece.path) in done:
            continue
        skip = progress.get(clean_text(piece.path), 0)
        records = islice(guarded(piece, settings), skip, None)
        for n, raw in enumerate(records, start=skip + 1):
            yield Raw(piece.path, n, raw)
        yield End(piece.path)


def read_plan(
    pieces: list[Any], settings: Settings, done: set[str], progress: Mapping[str, int], **overrides: Any
) -> Iterator[Item | End]:
    """Items of every piece not done yet (see :func:`read_raw`), cleaned in this process."""
    for ev in read_raw(pieces, settings, done, progress):
        yield (
            ev
            if isinstance(ev, End)
            else Item(ev.input, ev.ordinal, to_article(ev.value, settings, **overrides))
        )


def _cleaned(
    pieces: list[Any], settings: Settings, done: set[str], progress: Mapping[str, int], stats: IngestStats,
    overrides: dict[str, Any], cleaner: Cleaner | None,
) -> Iterator[Item | End]:  # fmt: skip
    """:func:`read_plan` with the cleaning in a pool of ``settings.workers`` processes (newsgraph.pools)."""
    workers = max(1, min(settings.workers, os.cpu_count() or 1))
    if workers == 1 and cleaner is None:
        yield from read_plan(pieces, settings, done, progress, **overrides)
        return

    pool = CleanPool(
        settings, workers, overrides, cleaner=cleaner or clean_record, on_restart=stats.restarted
    )
    try:
        for unit, value in pool.map(read_raw(pieces, settings, done, progress)):
            yield unit if isinstance(unit, End) else Item(unit.input, unit.ordinal, value)
    finally:
        pool.close()


def iter_articles(
    paths: Iterable[str],
    settings: Settings,
    *,
    skip_inputs: Iterable[str] = (),
    date: str | None = None,
    url: str | None = None,
) -> Iterator[Article | Skip]:
    """Read inputs and clean them into Articles (inputs in ``skip_inputs`` are not read again)."""
    plan = plan_inputs(list(paths))
    for ev in read_plan(plan, settings, set(skip_inputs), {}, date=date, url=url):
        if isinstance(ev, Item):
            yield ev.value


@dataclass
class Batch:
    """Articles to extract, plus what the batch's commit records for resume."""

    articles: list[Article] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    progress: dict[str, int] = field(default_factory=dict)
    finished: list[str] = field(default_factory=list)
    read: int = 0
    duplicates: int = 0


SKIPS_PER_BATCH = 10_000  # a file of bad records is committed in slices, not held whole in memory


def batches(events: Iterable[Item | End], size: int) -> Iterator[Batch]:
    """Group the records into batches of ``size`` articles or SKIPS_PER_BATCH skips (a repeat inside the batch
    is a duplicate)."""
    batch, seen = Batch(), set[str]()
    for ev in events:
        if isinstance(ev, End):
            batch.finished.append(ev.input)
            batch.progress.pop(ev.input, None)
            continue
        batch.progress[ev.input] = ev.ordinal
        if isinstance(ev.value, Skip):
            batch.skips.append(ev.value)
            if len(batch.skips) >= SKIPS_PER_BATCH:
                yield batch
                batch, seen = Batch(), set()
            continue
        batch.read += 1
        if ev.value.id in seen:
            batch.duplicates += 1
            continue
        seen.add(ev.value.id)
        batch.articles.append(ev.value)
        if len(batch.articles) >= size:
            yield batch
            batch, seen = Batch(), set()
    yield batch


# --- the run ----------------------------------------------------------------------------------------------------
def ingest(
    paths: Iterable[str],
    settings: Settings,
    store: Any,
    *,
    on_progress: Progress | None = None,
    sizes: dict[str, int] | None = None,
    make_extractor: Maker | None = None,
    default_date: str | None = None,
    cleaner: Cleaner | None = None,
) -> IngestStats:
    """Run the whole ingest into an open writable Store; returns the closing statistics.

    ``make_extractor(settings)`` builds the NLP step (default: the pipeline's Extractor), once in this process
    or once per worker; it must be a module-level function when ``settings.workers > 1``.  With more than one
    worker the cleaning runs in a pool too (:mod:`newsgraph.pools`; ``cleaner`` replaces its function, for
    tests).
    """
    from newsgraph.store.ledger import clean_text

    t0 = time.perf_counter()
    stats = IngestStats()
    paths = list(paths)
    done, progress = store.done_inputs(), store.progress()
    plan = plan_inputs(paths)
    names = {clean_text(p.path) for p in plan}
    stats.inputs_resumed = len(names & done)
    stats.records_resumed = sum(progress.get(name, 0) for name in names - done)
    run_id = store.start_run({"paths": paths, "model": settings.model, "workers": settings.workers})
    items = _cleaned(plan, settings, done, progress, stats, {"default_date": default_date}, cleaner)
    groups = _fresh(batches(items, settings.batch_size), store, stats)
    bytes_done, sizes = 0, sizes or {}
    for batch, results in extract(groups, settings, make_extractor, stats):
        _commit(store, batch, results, run_id, stats)
        bytes_done += sum(sizes.get(name, 0) for name in batch.finished)
        stats.seconds = time.perf_counter() - t0
        if on_progress:
            on_progress(stats, bytes_done)
    store.cluster_events()
    stats.seconds = time.perf_counter() - t0
    store.finish_run(run_id, stats.to_dict())
    return stats


def _fresh(groups: Iterator[Batch], store: Any, stats: IngestStats) -> Iterator[Batch]:
    """Leave out the articles already stored (no NLP for them) and count what was read."""
    for batch in groups:
        known = store.existing([a.id for a in batch.articles])
        stats.read += batch.read
        stats.duplicates += batch.duplicates + len(known)
        yield replace(batch, articles=[a for a in batch.articles if a.id not in known])


_FAULT_REASON = re.compile(r"\bMemoryError\b|\[Errno (?:28|27|122|30|13|1|5)\]")


def _commit(store: Any, batch: Batch, results: list[Result | Skip], run_id: str, stats: IngestStats) -> None:
    from newsgraph.ingest import minhash_signature, near_duplicate_keys
    from newsgraph.store.duckdb import Commit

    good = [r for r in results if isinstance(r, Result)]
    failures = [r for r in results if isinstance(r, Skip)]
    for f in failures:  # the stages catch everything per article: tell the machine's faults apart
        if _FAULT_REASON.search(f.reason):
            raise ResourceError(f"processing {f.input}: {f.reason} — fix it and run the same command again")
    keys = {r.article.id: list(near_duplicate_keys(minhash_signature(r.article.text))) for r in good}
    commit = Commit(good, failures, batch.skips, keys, batch.progress, batch.finished)
    ws = store.commit(commit, run_id=run_id)
    stats.stored += ws.stored
    stats.duplicates += ws.duplicates
    stats.near_duplicates += ws.near_duplicates
    stats.events += ws.events
    stats.undated += sum(1 for r in good if not r.article.published)
    stats.languages.update(r.article.language for r in good)
    stats.failed += len(failures) + (len(good) - ws.stored - ws.duplicates)
    stats.inputs_done += len(batch.finished)
    for s in batch.skips:
        stats.skipped[_reason_tag(s.reason)] += 1


# --- the NLP step: in this process or in a pool that survives dead workers -------------------------------------
def extract(
    groups: Iterator[Batch], settings: Settings, make: Maker | None, stats: IngestStats
) -> Iterator[tuple[Batch, list[Result | Skip]]]:
    """Run the NLP over each batch, in-process or in a pool of ``settings.workers`` processes (order kept)."""
    workers = max(1, min(settings.workers, os.cpu_count() or 1))
    if workers == 1:
        ex = None  # built at the first article: a rerun with nothing left to do loads no model
        for g in groups:
            if g.articles and ex is None:
                ex = (make or _default_maker)(settings)
            yield g, _process(ex, g.articles)
        return
    pool = _Pool(settings, workers, make, stats)
    try:
        yield from pool.map(groups)
    finally:
        pool.close()


def _default_maker(settings: Settings) -> Any:
    from newsgraph.pipeline import default_extractor

    return default_extractor(settings)


def _process(ex: Any, articles: list[Article]) -> list[Result | Skip]:
    """One result per article; an extractor that raises fails the articles one by one, not the run."""
    if not articles:
        return []
    try:
        return list(ex.process(articles))
    except Exception as exc:  # noqa: BLE001
        _raise_if_environment(exc, "extracting")
        if len(articles) == 1:
            a = articles[0]
            return [Skip(a.input or a.id, a.id, "extract", _error(exc))]
        return [r for a in articles for r in _process(ex, [a])]


_WORKER: Any = None


def _init_worker(settings: Settings, make: Maker | None) -> None:
    global _WORKER  # one extractor per worker process, loaded once
    _WORKER = (make or _default_maker)(settings)


def _work(articles: list[Article]) -> list[Result | Skip]:
    return _process(_WORKER, articles)


def _died(articles: list[Article]) -> list[Result | Skip]:
    reason = "error: WorkerDied: the worker process died on this article, alone (killed or out of memory)"
    return [Skip(a.input or a.id, a.id, "extract", reason) for a in articles]


class _Pool(OrderedPool[Batch, list[Result | Skip]]):
    """The NLP pool (:class:`newsgraph.pools.OrderedPool`): a batch whose worker dies is retried once alone in a
    fresh pool, then article by article."""

    def __init__(self, settings: Settings, workers: int, make: Maker | None, stats: IngestStats) -> None:
        super().__init__(workers, 2, _init_worker, (settings, make), on_restart=stats.restarted)

    def submit(self, batch: Batch) -> Future[list[Result | Skip]] | None:
        return self.pool.submit(_work, batch.articles) if batch.articles else None

    def idle(self, batch: Batch) -> list[Result | Skip]:
        return []

    def retry(self, batch: Batch) -> list[Result | Skip]:
        """The batch again, alone in a fresh pool; if a worker dies again, each article alone (the ones that
        kill their worker fail, the others are kept)."""
        self.restart()
        try:
            return self.pool.submit(_work, batch.articles).result()
        except BrokenProcessPool:
            self.restart()
        if len(batch.articles) == 1:
            return _died(batch.articles)
        out: list[Result | Skip] = []
        for article in batch.articles:
            try:
                out += self.pool.submit(_work, [article]).result()
            except BrokenProcessPool:
                self.restart()
                out += _died([article])
        return out
