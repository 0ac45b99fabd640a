"""Run the shards: in this process (``local``) or on a Dask cluster (``dask``), resumable from the markers.

With ``dask`` and no scheduler address a ``LocalCluster`` of ``workers`` processes (one thread each) is
started and stopped; with an address the shards go to that existing cluster.  Each shard is one Dask task
(``retries`` retries on an exception; a task lost with a dying worker is rescheduled by Dask itself).
"""

from __future__ import annotations

import json
import secrets
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgraph.batch.shards import DEFAULT_SHARD_SIZE, Shard, plan_shards
from newsgraph.batch.work import atomic_write, fail_records, process_shard, read_marker, record_shard_failure
from newsgraph.errors import ConfigError
from newsgraph.settings import Settings

ENGINES = ("local", "dask")


@dataclass
class BatchStats:
    shards: int = 0
    shards_done: int = 0  # processed by this run
    shards_resumed: int = 0  # done by an earlier run (marker found)
    shards_failed: int = 0
    read: int = 0
    articles: int = 0  # written to shard files (``load`` drops the ones already in the store)
    duplicates: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: int = 0
    events: int = 0
    seconds: float = 0.0
    startup: float = 0.0  # seconds until the Dask cluster was up (the rate leaves them out)
    engine: str = "local"
    workers: int = 1
    dashboard: str | None = None
    failed_shards: list[str] = field(default_factory=list)
    extracted: int = 0  # articles extracted so far across the cluster (live, from the workers' events)
    records: int = 0  # records planned in the shards this run processes (the progress bar's total)

    def add(self, marker: dict[str, Any]) -> None:
        if marker.get("resumed"):
            self.shards_resumed += 1
            return
        self.shards_done += 1
        for key in ("read", "articles", "duplicates", "failed", "events"):
            setattr(self, key, getattr(self, key) + int(marker.get(key, 0)))
        self.skipped.update(marker.get("skipped", {}))

    def rate(self) -> float:
        busy = self.seconds - self.startup
        return round(self.read / busy, 2) if busy > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "shards": self.shards, "shards_done": self.shards_done, "shards_resumed": self.shards_resumed,
            "shards_failed": self.shards_failed, "failed_shards": self.failed_shards, "read": self.read,
            "articles": self.articles, "duplicates": self.duplicates, "skipped": dict(self.skipped),
            "failed": self.failed, "events": self.events, "seconds": round(self.seconds, 2),
            "startup_s": round(self.startup, 2), "articles_per_s": self.rate(),
            "engine": self.engine, "workers": self.workers, "dashboard": self.dashboard,
        }  # fmt: skip


Progress = Callable[[BatchStats], None]
Outcome = tuple[Shard, dict[str, Any] | None, str | None]  # (shard, marker, error)


@dataclass(frozen=True)
class BatchOptions:
    engine: str = "local"
    scheduler: str | None = None
    workers: int = 1
    shard_size: int | None = None  # None: sized so every worker has work (see shard_size_for)
    retries: int = 2
    split: bool = True  # cut big JSONL/WARC files into record ranges (False: one shard per such file)


def _run_local(
    shards: list[Shard],
    out: Path,
    settings: Settings,
    run_id: str,
    extractor: Any,
    report: Callable[[int], None],
) -> Iterator[Outcome]:
    for shard in shards:
        try:
            yield shard, process_shard(shard, out, settings, run_id, extractor, report=report), None
        except Exception as exc:  # noqa: BLE001 - one failing shard never ends the run
            yield shard, None, f"{type(exc).__name__}: {exc}"


def _client(opts: BatchOptions) -> tuple[Any, Any]:
    """(client, local cluster or None)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ConfigError("--engine dask needs Dask: pip install 'newsgraph[dask]'") from None
    if opts.scheduler:
        try:
            return Client(opts.scheduler, timeout="20s"), None
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {opts.scheduler}: {exc}") from None
    dashboard = ":0" if _has_bokeh() else None
    cluster = LocalCluster(n_workers=opts.workers, threads_per_worker=1, processes=True,
                           dashboard_address=dashboard, silence_logs=40)  # fmt: skip
    return Client(cluster), cluster


def _has_bokeh() -> bool:
    import importlib.util

    return importlib.util.find_spec("bokeh") is not None


def _run_dask(
    shards: list[Shard],
    out: Path,
    settings: Settings,
    run_id: str,
    opts: BatchOptions,
    stats: BatchStats,
    on_start: Progress | None = None,
    on_progress: Progress | None = None,
) -> Iterator[Outcome]:
    from distributed import as_completed

    t0 = time.perf_counter()
    client, cluster = _client(opts)
    stats.startup = time.perf_counter() - t0
    try:
        stats.workers = len(client.scheduler_info().get("workers", {})) or opts.workers
        stats.dashboard = client.dashboard_link if (cluster is None or _has_bokeh()) else None
        if on_start:
            on_start(stats)
        topic = f"newsgraph-progress-{run_id}"
        client.subscribe_topic(topic, lambda event: _heard(event, stats, on_progress))
        by_key = {}
        for shard in shards:
            fut = client.submit(process_shard, shard, str(out.resolve()), settings, run_id, None, topic,
                                key=f"newsgraph-{run_id}-{shard.id}", retries=opts.retries, pure=False)  # fmt: skip
            by_key[fut.key] = (shard, fut)
        for fut in as_completed([f for _, f in by_key.values()]):
            shard = by_key[fut.key][0]
            try:
                yield shard, fut.result(), None
            except Exception as exc:  # noqa: BLE001 - a shard failing after its retries (or KilledWorker)
                yield _after_failure(shard, out, settings, run_id, exc)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _after_failure(shard: Shard, out: Path, settings: Settings, run_id: str, exc: BaseException) -> Outcome:
    """A shard whose workers kept dying (Dask's ``KilledWorker``, after its retries) has its records failed one
    by one, as ``ingest`` does with a batch that kills its worker; any other error leaves the shard failed, to
    be retried by the next run."""
    error = f"{type(exc).__name__}: {exc}"
    if type(exc).__name__ != "KilledWorker":
        return shard, None, error
    try:
        return shard, fail_records(shard, out, settings, run_id, error) | {"resumed": False}, None
    except Exception as again:  # noqa: BLE001 - reading the shard here failed too: keep it as a failed shard
        return shard, None, f"{error}; then {type(again).__name__}: {again}"


def _heard(event: Any, stats: BatchStats, on_progress: Progress | None) -> None:
    """A worker's progress event (timestamp, {"articles": n}): count it and redraw the progress."""
    try:
        stats.extracted += int(event[1]["articles"])
    except (TypeError, KeyError, IndexError, ValueError):
        return
    if on_progress:
        on_progress(stats)


def _check(opts: BatchOptions) -> None:
    if opts.engine not in ENGINES:
        raise ConfigError(f"unknown engine {opts.engine!r}: expected local or dask")
    if opts.engine == "local" and opts.workers > 1:
        raise ConfigError(
            "--engine local runs in this process; use --engine dask --workers N for more workers"
        )


SHARDS_PER_WORKER = 4


def shard_size_for(records: int, workers: int, cap: int = DEFAULT_SHARD_SIZE) -> int:
    """Records per shard so that each worker gets about SHARDS_PER_WORKER shards (at most ``cap`` records)."""
    return max(1, min(cap, -(-records // (max(1, workers) * SHARDS_PER_WORKER))))


def _earlier_size(out: Path, paths: list[str], split: bool) -> int | None:
    """The shard size of the last plan of the same inputs (so a rerun with other workers finds its shards)."""
    try:
        plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    same = plan.get("paths") == paths and plan.get("split") == split and plan.get("auto")
    return int(plan["shard_size"]) if same else None


def _plan(paths: list[str], out: Path, opts: BatchOptions, run_id: str) -> list[Shard]:
    """Plan the shards and keep the plan in ``out/plan.json``."""
    size = opts.shard_size or _earlier_size(out, paths, opts.split)
    shards = plan_shards(paths, size or DEFAULT_SHARD_SIZE, split=opts.split)
    if size is None:
        size = shard_size_for(sum(s.records for s in shards), opts.workers)
        if size < DEFAULT_SHARD_SIZE:
            shards = plan_shards(paths, size, split=opts.split)
        size = min(size, DEFAULT_SHARD_SIZE)
    plan = {"run_id": run_id, "paths": paths, "shard_size": size, "auto": opts.shard_size is None,
            "split": opts.split, "shards": [s.to_dict() for s in shards]}  # fmt: skip
    atomic_write(out / "plan.json", lambda tmp: tmp.write_text(json.dumps(plan), encoding="utf-8"))
    return shards


def _record(outcome: Outcome, out: Path, run_id: str, stats: BatchStats) -> None:
    shard, marker, error = outcome
    if marker is not None:
        stats.add(marker)
        return
    stats.shards_failed += 1
    stats.failed_shards.append(shard.id)
    record_shard_failure(out, shard, error or "unknown error", run_id)


def run_batch(
    paths: list[str],
    out: str | Path,
    settings: Settings,
    opts: BatchOptions | None = None,
    *,
    on_progress: Progress | None = None,
    on_start: Progress | None = None,
    extractor: Any = None,
) -> BatchStats:
    """Process every shard of ``paths`` not yet done into ``out``; returns the closing statistics."""
    opts = opts or BatchOptions()
    _check(opts)
    t0 = time.perf_counter()
    out = Path(out)
    run_id = f"batch-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
    shards = _plan(paths, out, opts, run_id)
    stats = BatchStats(shards=len(shards), engine=opts.engine, workers=opts.workers)
    todo = []
    for shard in shards:
        marker = read_marker(out, shard.id)
        if marker is None:
            todo.append(shard)
            stats.records += shard.records
        else:
            stats.add(marker | {"resumed": True})
    if opts.engine == "local" or not todo:
        if on_start:
            on_start(stats)
        outcomes = _run_local(
            todo, out, settings, run_id, extractor, lambda n: _heard((0, {"articles": n}), stats, on_progress)
        )
    else:
        outcomes = _run_dask(todo, out, settings, run_id, opts, stats, on_start, on_progress)
    for outcome in outcomes:
        _record(outcome, out, run_id, stats)
        stats.seconds = time.perf_counter() - t0
        if on_progress:
            on_progress(stats)
    stats.seconds = time.perf_counter() - t0
    return stats
