"""Batch runs on a real Dask cluster (scheduler and workers started here as processes on 127.0.0.1)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from newsgraph.batch import BatchOptions, BatchStats, load_batch, plan_shards, run_batch
from newsgraph.store import Store
from test_batch import SAMPLES, SETTINGS, store_rows

pytestmark = pytest.mark.dask
DASK = str(Path(sys.executable).with_name("dask"))
SHARD_SIZE = 4


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def dask_cluster(workers: int, cwd: Path) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """A scheduler and ``workers`` single-thread workers (no nanny, so a worker is one killable process)."""
    from distributed import Client

    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    log = (cwd / "dask.log").open("wb")
    procs = [subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              cwd=cwd, stdout=log, stderr=log)]  # fmt: skip
    worker_cmd = [
        DASK,
        "worker",
        address,
        "--nworkers",
        "1",
        "--nthreads",
        "1",
        "--no-dashboard",
        "--no-nanny",
    ]
    try:
        procs += [subprocess.Popen(worker_cmd, cwd=cwd, stdout=log, stderr=log) for _ in range(workers)]
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(workers, timeout=60)
        yield address, procs[1:]
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        log.close()


@pytest.fixture(scope="module")
def local_rows(tmp_path_factory: pytest.TempPathFactory, extractor: Any) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("local")
    run_batch([str(SAMPLES)], tmp / "out", SETTINGS, BatchOptions(shard_size=SHARD_SIZE), extractor=extractor)
    with Store(tmp / "local.duckdb") as store:
        load_batch(tmp / "out", store)
    return store_rows(tmp / "local.duckdb")


def dask_run(address: str, out: Path, **kwargs: Any) -> BatchStats:
    opts = BatchOptions(engine="dask", scheduler=address, shard_size=SHARD_SIZE)
    return run_batch([str(SAMPLES)], out, SETTINGS, opts, **kwargs)


def load_rows(out: Path, db: Path) -> dict[str, Any]:
    with Store(db) as store:
        load_batch(out, store)
    return store_rows(db)


def test_dask_cluster_stores_the_same_rows_as_the_local_engine(
    tmp_path: Path, local_rows: dict[str, Any]
) -> None:
    heard: list[int] = []
    with dask_cluster(1, tmp_path) as (address, _):
        stats = dask_run(address, tmp_path / "out", on_progress=lambda s: heard.append(s.extracted))
    assert len(set(heard)) > 2 and 0 < max(heard) <= 34  # per-article events from the worker, as they came
    assert stats.shards == stats.shards_done == len(plan_shards([str(SAMPLES)], SHARD_SIZE))
    assert stats.shards_failed == 0 and stats.workers == 1
    rows = load_rows(tmp_path / "out", tmp_path / "dask.duckdb")
    news = [p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".html")]  # README.md is skipped
    assert len(rows["articles"]) == len(news) == 34 and rows["actors"] and rows["events"]
    for table, expected in local_rows.items():
        assert rows[table] == expected, table


def test_killing_a_worker_mid_run_loses_and_duplicates_nothing(
    tmp_path: Path, local_rows: dict[str, Any]
) -> None:
    out = tmp_path / "out"
    shards = plan_shards([str(SAMPLES)], SHARD_SIZE)
    killed: list[int] = []
    with dask_cluster(2, tmp_path) as (address, workers):

        def kill_after_first(stats: BatchStats) -> None:
            if stats.shards_done >= 1 and not killed:
                victim = workers[1]
                os.kill(victim.pid, signal.SIGKILL)
                victim.wait()
                killed.append(victim.pid)

        stats = dask_run(address, out, on_progress=kill_after_first)
        # a shard the killed worker finished just before dying is found done by its retry (resumed, not redone)
        assert killed and stats.shards_failed == 0 and stats.shards_done + stats.shards_resumed == len(shards)
        again = dask_run(address, out)  # a rerun finds every marker and does nothing
    assert again.shards_resumed == len(shards) and again.shards_done == 0
    assert sorted(p.stem for p in (out / "done").glob("*.json")) == sorted(s.id for s in shards)
    assert sorted(p.stem for p in (out / "articles").glob("*.parquet")) == sorted(s.id for s in shards)
    # a worker killed while renaming could leave a .tmp-* file: load reads only the files markers name
    rows = load_rows(out, tmp_path / "dask.duckdb")
    for table, expected in local_rows.items():
        assert rows[table] == expected, table
