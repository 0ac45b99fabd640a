"""Gazetteer load times: cold build (no cache) and warm load (pickle), plus lookup speed.

Run: .venv/bin/python benchmarks/geo_load.py   (uses a temporary cache folder; figures go in docs/geo.md)
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["NEWSGRAPH_CACHE"] = folder
        from newsgraph.geo.gazetteer import Gazetteer, load_index

        started = time.perf_counter()
        index = load_index()  # builds and writes the pickle
        cold = time.perf_counter() - started
        warm_runs = []
        for _ in range(5):
            started = time.perf_counter()
            index = load_index()
            warm_runs.append(time.perf_counter() - started)
        gaz = Gazetteer(index)
        names = ["Paris", "Washington", "Kiev", "Tiananmen Square", "Nowhere", "Gaza Strip"] * 10_000
        started = time.perf_counter()
        for name in names:
            gaz.lookup(name)
        per_lookup = (time.perf_counter() - started) / len(names)
    print(f"records: {len(gaz)}  names: {len(index.names)}  alternate names: {len(index.aliases)}")
    print(f"cold build + cache write: {cold:.2f} s")
    print(f"warm load (median of 5): {statistics.median(warm_runs):.3f} s")
    print(f"lookup: {per_lookup * 1e6:.1f} us per name")


if __name__ == "__main__":
    main()
