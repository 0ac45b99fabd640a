"""The DuckDB store (schema in schema.sql, documented in docs/store.md).

from newsgraph import Store
with Store("newsgraph.duckdb") as store:          # the one writer
    run = store.start_run({"model": "md"})
    store.write(results, run_id=run)
    store.cluster_events()
    store.finish_run(run, {"articles": 10})
with Store("newsgraph.duckdb", read_only=True) as store:   # any number of readers
    store.dyad("USA", "CHN", by="month").to_pandas()
"""

from __future__ import annotations

from newsgraph.store.duckdb import TABLES, Store, WriteStats

__all__ = ["TABLES", "Store", "WriteStats"]
