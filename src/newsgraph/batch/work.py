"""One shard → one Parquet file per store table + a completion marker (what a Dask task runs).

Output layout under the batch folder ``DIR``::

    DIR/plan.json                       the shards of the last ``batch`` run
    DIR/<table>/<shard-id>.parquet      rows of that shard, with exactly the store's columns and types
    DIR/done/<shard-id>.json            completion marker: the shard's counts (written last)
    DIR/failed/<shard-id>.json          a shard whose task failed after its retries (removed once done)

Every file is written under a temporary name and renamed, and the marker comes last, so a shard is either
done (marker present, all its files complete) or not; a shard task that runs twice (a Dask retry after a
worker died) writes the same files under the same names, so nothing is ever duplicated.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsgraph.batch.shards import Shard
from newsgraph.records import Article, Result, Skip
from newsgraph.settings import Settings
from newsgraph.store import rows as rowmod
from newsgraph.store.duckdb import failure_row, utcnow
from newsgraph.store.ledger import clean_row

SHARD_TABLES = ("articles", "events", "actors", "places", "quotes", "claims", "failures", "article_keys")
Rows = dict[str, list[dict[str, Any]]]


@lru_cache(maxsize=1)
def store_schemas() -> dict[str, pa.Schema]:
    """Arrow schemas of the store tables, from the migrations applied to an in-memory DuckDB."""
    import duckdb

    from newsgraph.store.migrations import migrate

    con = duckdb.connect(":memory:")
    migrate(con)
    out = {t: con.sql(f"SELECT * FROM {t} LIMIT 0").to_arrow_table().schema for t in SHARD_TABLES}
    con.close()
    return out


def marker_path(out: Path, shard_id: str) -> Path:
    return out / "done" / f"{shard_id}.json"


def read_marker(out: Path, shard_id: str) -> dict[str, Any] | None:
    path = marker_path(out, shard_id)
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data


def atomic_write(path: Path, write: Any) -> None:
    """``write(tmp_path)`` then rename onto ``path`` (atomic on one filesystem)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".tmp-{uuid.uuid4().hex}-{path.name}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    atomic_write(path, lambda tmp: tmp.write_text(json.dumps(data, sort_keys=True), encoding="utf-8"))


def result_rows(res: Result, run_id: str, now: Any, tables: Rows) -> None:
    """Append the rows of one Result (the same rows ``Store.commit`` inserts) to ``tables``."""
    from newsgraph.ingest import minhash_signature, near_duplicate_keys

    aid = res.article.id
    tables["articles"].append(rowmod.article_row(res, run_id, now))
    seen: set[str] = set()
    for ev in res.events:
        if ev.id not in seen:  # as Store.commit: a repeated event id keeps the first
            seen.add(ev.id)
            tables["events"].append(rowmod.event_row(aid, ev, run_id))
    for table, rows in rowmod.child_rows(res).items():
        tables[table].extend(rows)
    keys = sorted(set(near_duplicate_keys(minhash_signature(res.article.text))))
    tables["article_keys"].extend({"key": k, "article_id": aid} for k in keys)


def shard_articles(shard: Shard, settings: Settings) -> Iterator[Article | Skip]:
    """The shard's records as ingest reads them: each piece guarded, each record cleaned on its own."""
    from newsgraph.runner import guarded, to_article

    for piece in shard.pieces:
        for raw in guarded(piece, settings):
            yield to_article(raw, settings)


def extract_shard(
    shard: Shard,
    settings: Settings,
    run_id: str,
    extractor: Any = None,
    report: Callable[[int], None] | None = None,
) -> tuple[Rows, dict[str, Any]]:
    """Read, extract and turn into rows one shard; returns (rows per table, counts)."""
    from newsgraph.runner import _default_maker, _process

    ex = extractor or _default_maker(settings)
    now = utcnow()
    tables: Rows = {t: [] for t in SHARD_TABLES}
    skipped: Counter[str] = Counter()
    articles: list[Article] = []
    ids: set[str] = set()
    duplicates = 0
    for item in shard_articles(shard, settings):
        if isinstance(item, Skip):
            skipped[item.reason.split(":", 1)[0].strip() or "unknown"] += 1
            tables["failures"].append(failure_row("skip", item, run_id, now))
        elif item.id in ids:
            duplicates += 1
        else:
            ids.add(item.id)
            articles.append(item)
    failed = 0
    size = max(1, settings.batch_size)
    for start in range(0, len(articles), size):
        chunk = articles[start : start + size]
        for res in _process(ex, chunk):
            if isinstance(res, Skip):
                failed += 1
                tables["failures"].append(failure_row("failure", res, run_id, now))
            else:
                result_rows(res, run_id, now, tables)
        if report:
            report(len(chunk))
    counts = {"read": len(articles) + duplicates, "articles": len(tables["articles"]), "duplicates": duplicates,
              "skipped": dict(skipped), "failed": failed, "events": len(tables["events"])}  # fmt: skip
    return tables, counts


def write_shard(out: Path, shard: Shard, tables: Rows, counts: dict[str, Any]) -> dict[str, Any]:
    """Write the shard's Parquet files, then its marker; returns the marker."""
    schemas = store_schemas()
    written = []
    for table, rows in tables.items():
        if not rows:
            continue
        schema = schemas[table]
        arrow = pa.Table.from_pylist([clean_row(r) for r in rows], schema=schema)
        atomic_write(out / table / f"{shard.id}.parquet", lambda tmp, t=arrow: pq.write_table(t, tmp))
        written.append(table)
    marker = counts | {"shard": shard.id, "tables": written, "inputs": shard.inputs}
    _write_json(marker_path(out, shard.id), marker)
    (out / "failed" / f"{shard.id}.json").unlink(missing_ok=True)
    return marker


def dask_report(topic: str) -> Callable[[int], None]:
    """A progress callback for a shard task on a Dask worker: each call is a ``topic`` event the client hears."""

    def report(articles: int) -> None:
        from distributed import get_worker

        with contextlib.suppress(ValueError):  # not on a worker (the task was run in the client process)
            get_worker().log_event(topic, {"articles": articles})

    return report


def process_shard(
    shard: Shard,
    out: str | Path,
    settings: Settings,
    run_id: str,
    extractor: Any = None,
    progress_topic: str | None = None,
    *,
    report: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """The task: skip a shard already done, else extract it and write its files and marker.

    The NLP pipeline is loaded once per worker process (``pipeline.default_extractor`` caches it per
    Settings), so a worker that runs a hundred shards loads the model once.  With ``progress_topic`` the
    task reports every extracted batch of articles as a Dask event (per-article progress across the cluster).
    """
    out = Path(out)
    done = read_marker(out, shard.id)
    if done is not None:
        return done | {"resumed": True}
    t0 = time.perf_counter()
    report = dask_report(progress_topic) if progress_topic else report
    tables, counts = extract_shard(shard, settings, run_id, extractor, report)
    counts |= {"run_id": run_id, "seconds": round(time.perf_counter() - t0, 3)}
    counts |= {"worker": f"{socket.gethostname()}:{os.getpid()}"}
    return write_shard(out, shard, tables, counts) | {"resumed": False}


def fail_records(shard: Shard, out: Path, settings: Settings, run_id: str, error: str) -> dict[str, Any]:
    """Done, with every record failed: its articles as 'failure' rows (``WorkerDied``), its skips as skips.

    For a shard that killed its workers again and again: it is read here (no NLP), so that each record is
    recorded with its own locator and the shard does not come back on every rerun."""
    now = utcnow()
    tables: Rows = {t: [] for t in SHARD_TABLES}
    skipped: Counter[str] = Counter()
    failed = 0
    reason = f"error: WorkerDied: the shard's worker died on every try ({error.splitlines()[0][:200]})"
    for item in shard_articles(shard, settings):
        if isinstance(item, Skip):
            skipped[item.reason.split(":", 1)[0].strip() or "unknown"] += 1
            tables["failures"].append(failure_row("skip", item, run_id, now))
        else:
            failed += 1
            dead = Skip(item.input or item.id, item.id, "extract", reason)
            tables["failures"].append(failure_row("failure", dead, run_id, now))
    counts = {"read": failed, "articles": 0, "duplicates": 0, "skipped": dict(skipped), "failed": failed,
              "events": 0, "run_id": run_id, "worker_died": True}  # fmt: skip
    return write_shard(Path(out), shard, tables, counts)


def record_shard_failure(out: Path, shard: Shard, error: str, run_id: str) -> None:
    """Note a shard whose task failed for good (``load`` lists it in ``failures``; a rerun retries it)."""
    _write_json(out / "failed" / f"{shard.id}.json",
                {"shard": shard.id, "inputs": shard.inputs, "error": error, "run_id": run_id})  # fmt: skip
