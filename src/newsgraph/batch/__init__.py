"""Distributed batch runs: shard the inputs, extract each shard on a worker into Parquet, load into DuckDB.

    from newsgraph.batch import BatchOptions, run_batch, load_batch
    stats = run_batch(["corpus/"], "out/", Settings(), BatchOptions(engine="dask", workers=2))
    with Store("news.duckdb") as store:
        load_batch("out/", store)

See docs/distributed.md.
"""

from newsgraph.batch.load import LoadStats, load_batch
from newsgraph.batch.run import BatchOptions, BatchStats, run_batch
from newsgraph.batch.shards import DEFAULT_SHARD_SIZE, Piece, Shard, plan_shards, read_shard
from newsgraph.batch.work import process_shard

__all__ = [
    "DEFAULT_SHARD_SIZE",
    "BatchOptions",
    "BatchStats",
    "LoadStats",
    "Piece",
    "Shard",
    "load_batch",
    "plan_shards",
    "process_shard",
    "read_shard",
    "run_batch",
]
