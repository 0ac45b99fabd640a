"""Benchmark: how fast a run records bad records (issue 17 asks for at least 20,000 failure rows per second).

    .venv/bin/python benchmarks/failure_rate.py [--lines 100000]

Writes a JSONL file of ``--lines`` lines that are not JSON, ingests it into a fresh store with the stand-in NLP
step (newsgraph.testing.fake_extractor: no model is loaded, and no line reaches the NLP anyway), and prints the
rows recorded in ``failures`` per second of the whole run (reading, batching, committing).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import newsgraph.batch.shards  # noqa: F401 - imported before the clock starts (one-off cost)
from newsgraph.runner import ingest
from newsgraph.settings import Settings
from newsgraph.store import Store
from newsgraph.testing import fake_extractor


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bad = Path(tmp) / "bad.jsonl"
        bad.write_text("".join(f"{{not json {i}\n" for i in range(args.lines)), encoding="utf-8")
        with Store(Path(tmp) / "f.duckdb") as store:
            t0 = time.perf_counter()
            stats = ingest([str(bad)], Settings(), store, make_extractor=fake_extractor)
            seconds = time.perf_counter() - t0
            rows = store.con.execute("SELECT count(*) FROM failures").fetchall()[0][0]
    out = {"lines": args.lines, "failure_rows": rows, "skipped": sum(stats.skipped.values()),
           "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds)}  # fmt: skip
    print(json.dumps(out))


if __name__ == "__main__":
    main()
