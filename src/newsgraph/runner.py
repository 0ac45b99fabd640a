"""The ingest run: read inputs → clean articles → NLP stages → DuckDB, resumable and loss-free.

* one writer: this process owns the Store; with ``workers > 1`` the NLP runs in a process pool (each worker loads
  the pipeline once) and results come back in input order;
* nothing is lost: every skipped or failed record lands in the ``failures`` table with its stage and reason;
* resumable: an input is marked done only after all of its records are written; a rerun skips done inputs,
  forgets the failures recorded for inputs it re-reads, and skips articles already stored (exact dedup by
  content id), so a killed run followed by a rerun leaves the same store as a clean run;
* near-duplicates (the same story reworded on another site) are linked into one ``story_id``.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from newsgraph.records import Article, Result, Skip
from newsgraph.settings import Settings


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
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read, "stored": self.stored, "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates, "skipped": dict(self.skipped), "failed": self.failed,
            "events": self.events, "inputs_done": self.inputs_done, "inputs_resumed": self.inputs_resumed,
            "seconds": round(self.seconds, 2),
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


def to_articles(
    items: Iterable[Any], settings: Settings, *, date: str | None = None, url: str | None = None
) -> Iterator[Article | Skip]:
    """RawDoc | Skip → Article | Skip: clean each record; a failing record becomes a Skip with its reason.

    ``date`` and ``url`` override what the input says (``newsgraph extract --date/--url``).
    """
    from newsgraph.errors import SkipRecord
    from newsgraph.ingest import to_article

    for raw in items:
        if isinstance(raw, Skip):
            yield raw
            continue
        if date or url:
            raw = replace(raw, date=date or raw.date, url=url or raw.url)
        try:
            article = to_article(raw, settings)
        except SkipRecord as exc:
            yield Skip(input=raw.input, record=raw.record, stage="extract", reason=str(exc))
            continue
        except Exception as exc:  # noqa: BLE001 - a reader bug must not end the batch
            yield Skip(
                input=raw.input,
                record=raw.record,
                stage="extract",
                reason=f"error: {type(exc).__name__}: {exc}",
            )
            continue
        yield article if article.input is not None else replace(article, input=raw.input)


def iter_articles(
    paths: Iterable[str],
    settings: Settings,
    *,
    skip_inputs: Collection[str] = (),
    date: str | None = None,
    url: str | None = None,
) -> Iterator[Article | Skip]:
    """Read inputs and clean them into Articles (inputs in ``skip_inputs`` are not read again)."""
    from newsgraph.ingest import iter_inputs

    raws = (r for r in iter_inputs(list(paths), settings) if r.input not in skip_inputs)
    yield from to_articles(raws, settings, date=date, url=url)


# --- workers ---------------------------------------------------------------------------------------------------
_WORKER: Any = None


def _init_worker(settings: Settings) -> None:
    global _WORKER  # one Extractor per worker process, loaded once
    from newsgraph.pipeline import Extractor

    _WORKER = Extractor(settings)


def _work(batch: list[Article]) -> list[Result | Skip]:
    return list(_WORKER.process(batch))


def _batches(
    items: Iterator[Article | Skip], size: int
) -> Iterator[tuple[list[Article], list[Skip], list[str]]]:
    """Group articles into batches; report skips and the inputs completed before each batch's end."""
    batch: list[Article] = []
    skips: list[Skip] = []
    finished: list[str] = []
    current: str | None = None
    for item in items:
        name = item.input or ""
        if current is not None and name != current:
            finished.append(current)
        current = name
        if isinstance(item, Skip):
            skips.append(item)
        else:
            batch.append(item)
        if len(batch) >= size:
            yield batch, skips, finished
            batch, skips, finished = [], [], []
    if current is not None:
        finished.append(current)
    yield batch, skips, finished


def ingest(
    paths: Iterable[str],
    settings: Settings,
    store: Any,
    *,
    on_progress: Progress | None = None,
    sizes: dict[str, int] | None = None,
) -> IngestStats:
    """Run the whole ingest into an open writable Store; returns the closing statistics."""
    from newsgraph.ingest import minhash_signature, near_duplicate_keys

    t0 = time.perf_counter()
    stats = IngestStats()
    done = store.done_inputs()
    paths = list(paths)
    stats.inputs_resumed = sum(1 for name, _ in input_files(paths) if name in done)
    run_id = store.start_run({"paths": paths, "model": settings.model, "workers": settings.workers})
    forgotten: set[str] = set()
    bytes_done = 0
    sizes = sizes or {}
    items = iter_articles(paths, settings, skip_inputs=done)

    def fresh(
        batches: Iterator[tuple[list[Article], list[Skip], list[str]]],
    ) -> Iterator[tuple[list[Article], list[Skip], list[str]]]:
        for batch, skips, finished in batches:
            for name in {a.input or "" for a in batch} | {s.input for s in skips}:
                if name not in forgotten:  # a rerun forgets what an interrupted run recorded for this input
                    forgotten.add(name)
                    store.forget_input(name)
            new = []
            seen: set[str] = set()
            for a in batch:
                stats.read += 1
                if a.id in seen or store.has_article(a.id):
                    stats.duplicates += 1
                else:
                    seen.add(a.id)
                    new.append(a)
            yield new, skips, finished

    groups = fresh(_batches(items, settings.batch_size))
    for (_batch, skips, finished), results in _map(groups, settings):
        for s in skips:
            stats.skipped[_reason_tag(s.reason)] += 1
            store.record_skip(s, run_id)
        good = [r for r in results if isinstance(r, Result)]
        for r in results:
            if isinstance(r, Skip):
                stats.failed += 1
                store.record_failure(r.input, r.record, r.stage, r.reason, run_id)
        ws = store.write(good, run_id=run_id)
        stats.stored += ws.stored
        stats.duplicates += ws.duplicates
        stats.events += sum(len(r.events) for r in good)
        pairs = [(r.article.id, list(near_duplicate_keys(minhash_signature(r.article.text)))) for r in good]
        stats.near_duplicates += store.link_near_duplicates_many(pairs)
        store.mark_inputs_done(finished, run_id)
        stats.inputs_done += len(finished)
        bytes_done += sum(sizes.get(name, 0) for name in finished)
        stats.seconds = time.perf_counter() - t0
        if on_progress:
            on_progress(stats, bytes_done)
    store.cluster_events()
    stats.seconds = time.perf_counter() - t0
    store.finish_run(run_id, stats.to_dict())
    return stats


def _map(
    groups: Iterator[tuple[list[Article], list[Skip], list[str]]], settings: Settings
) -> Iterator[tuple[tuple[list[Article], list[Skip], list[str]], list[Result | Skip]]]:
    """Run the NLP over each batch, in-process or in a pool of ``settings.workers`` processes (order kept)."""
    workers = max(1, min(settings.workers, os.cpu_count() or 1))
    if workers == 1:
        from newsgraph.pipeline import default_extractor

        ex = default_extractor(settings)
        for g in groups:
            yield g, list(ex.process(g[0])) if g[0] else []
        return
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(settings,)) as pool:
        pending: list[tuple[Any, Any]] = []
        for g in groups:
            pending.append((g, pool.apply_async(_work, (g[0],)) if g[0] else None))
            while len(pending) > workers * 2:
                head, fut = pending.pop(0)
                yield head, fut.get() if fut is not None else []
        for head, fut in pending:
            yield head, fut.get() if fut is not None else []
