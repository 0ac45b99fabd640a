"""Scaling of ``newsgraph batch`` on Dask: articles/s with 1, 2, ... workers (one thread each) on this machine.

Corpus: the bundled samples repeated with a one-sentence edit per copy (so every article id differs) into
one JSONL file, cut into shards of ``--shard-size`` lines.  For each worker count a LocalCluster is started,
every worker loads the pipeline once (timed separately as start-up), then the batch run is timed.  Speedup
is relative to one Dask worker; efficiency = speedup / workers.  The in-process local engine is measured too.
Each setting runs ``--repeat`` times and keeps the fastest; the 1-minute load average at each start is
recorded, because a shared machine makes every figure here noisy.

    .venv/bin/python benchmarks/scaling.py --articles 200 --workers 1 2 --out benchmarks/results/scaling.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from newsgraph.batch import BatchOptions, run_batch
from newsgraph.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def build_corpus(path: Path, n: int) -> int:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            text = texts[i % len(texts)] + f"\n\nThis copy is number {i} in the benchmark set."
            out.write(json.dumps({"text": text, "url": f"https://bench.example/{i}"}) + "\n")
    return n


def machine() -> dict[str, Any]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import dask

    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem, 1), "python": sys.version.split()[0],
            "dask": dask.__version__, "platform": platform.platform()}  # fmt: skip


def warm(settings: Settings) -> str:
    from newsgraph.pipeline import default_extractor

    default_extractor(settings)
    return "ok"


def timed_batch(
    corpus: Path, opts: BatchOptions, settings: Settings, repeat: int
) -> tuple[float, int, list[float]]:
    """Best of ``repeat`` runs (a fresh output folder each): (seconds, articles, 1-min load averages seen)."""
    best, read, loads = float("inf"), 0, []
    for _ in range(repeat):
        loads.append(round(os.getloadavg()[0], 2))
        with tempfile.TemporaryDirectory() as out:
            stats = run_batch([str(corpus)], out, settings, opts)
        assert stats.shards_failed == 0 and stats.failed == 0
        best, read = min(best, stats.seconds), stats.read
    return best, read, loads


def run_dask(corpus: Path, workers: int, shard_size: int, settings: Settings, repeat: int) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    t0 = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client:  # fmt: skip
        client.run(warm, settings)
        startup = time.perf_counter() - t0
        opts = BatchOptions(engine="dask", scheduler=cluster.scheduler_address, shard_size=shard_size)
        seconds, read, loads = timed_batch(corpus, opts, settings, repeat)
    return {"workers": workers, "startup_s": round(startup, 2), "seconds": round(seconds, 2), "articles": read,
            "articles_per_s": round(read / seconds, 2), "loadavg_1m_at_start": loads}  # fmt: skip


def run_local(corpus: Path, shard_size: int, settings: Settings, repeat: int) -> dict[str, Any]:
    from newsgraph.pipeline import default_extractor

    default_extractor(settings)
    seconds, read, loads = timed_batch(corpus, BatchOptions(shard_size=shard_size), settings, repeat)
    return {"engine": "local (in-process, no Dask)", "seconds": round(seconds, 2), "articles": read,
            "articles_per_s": round(read / seconds, 2), "loadavg_1m_at_start": loads}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--shard-size", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=2, help="Runs per setting; the fastest is kept.")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        build_corpus(corpus, args.articles)
        local = run_local(corpus, args.shard_size, settings, args.repeat)
        runs = [run_dask(corpus, n, args.shard_size, settings, args.repeat) for n in args.workers]
    base = runs[0]["articles_per_s"] / runs[0]["workers"]
    for r in runs:
        r["speedup"] = round(r["articles_per_s"] / base, 2)
        r["efficiency"] = round(r["speedup"] / r["workers"], 2)
    report = {"machine": machine(), "articles": args.articles, "shard_size": args.shard_size,
              "command": " ".join(["benchmarks/scaling.py", *sys.argv[1:]]), "local": local, "dask": runs}  # fmt: skip
    text = json.dumps(report, indent=1)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
