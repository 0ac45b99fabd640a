"""Benchmark: a store of one million generated events; time the dyad monthly query and the exports.

    .venv/bin/python benchmarks/store_million.py [--events 1000000] [--out benchmarks/results/store_million.json]

Events are generated with set-based SQL (newsgraph.testing.generate), not Python loops.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from newsgraph.export import export_store
from newsgraph.store import Store
from newsgraph.testing import generate


def _timed(fn, repeat: int = 1) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def _machine() -> dict[str, object]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu or platform.processor(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "platform": platform.platform(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/store_million.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "million.duckdb"
        res: dict[str, object] = {"events": args.events, "machine": _machine()}
        with Store(db) as store:
            res["generate_s"], _ = _timed(lambda: generate(store.con, args.events))
            res["cluster_s"], res["clusters"] = _timed(store.cluster_events)
        res["store_mb"] = round(db.stat().st_size / 1e6, 1)
        with Store(db, read_only=True) as reader:
            res["dyad_month_cold_s"], _ = _timed(lambda: reader.dyad("USA", "CHN", by="month"))
            res["dyad_month_s"], table = _timed(lambda: reader.dyad("USA", "CHN", by="month"), repeat=5)
            res["dyad_month_periods"] = table.num_rows  # type: ignore[attr-defined]
            res["dyad_month_events"] = sum(table.column("events").to_pylist())  # type: ignore[attr-defined]
            res["actor_s"], _ = _timed(lambda: reader.actor("USA"))
            res["summary_s"], _ = _timed(reader.summary)
            gdelt = Path(tmp) / "events.export.CSV"
            res["export_gdelt_s"], stats = _timed(lambda: export_store(reader, "gdelt", gdelt))
            res["export_gdelt_rows"] = stats.rows["event_clusters"]  # type: ignore[attr-defined]
            res["export_gdelt_mb"] = round(gdelt.stat().st_size / 1e6, 1)
            res["export_parquet_s"], _ = _timed(lambda: export_store(reader, "parquet", Path(tmp) / "pq"))
        res = {k: round(v, 3) if isinstance(v, float) else v for k, v in res.items()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
