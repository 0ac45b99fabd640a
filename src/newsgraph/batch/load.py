"""``load``: bring the done shards of a batch folder into a DuckDB store, idempotently, one shard at a time.

* only shards with a completion marker are read (a half-written shard has no marker);
* each shard is loaded in its own transaction, in shard order: an article already in the store is skipped with all
  its rows (so an article present in two shards is taken from the first, as ``ingest`` keeps the first copy);
  events, actors, places, quotes, claims and LSH keys come with their article; failures are added unless the
  same (kind, input, record, stage, reason) is stored; stories are linked by the run ledger
  (:func:`newsgraph.store.ledger.link_stories`, the same linker ``ingest`` uses);
* a shard that cannot be loaded (a damaged or missing file) is rolled back and recorded as one 'load' failure
  per input; the other shards are loaded.  A fault of the machine (disk full, permission) stops the load with
  :class:`ResourceError`, keeping the shards loaded so far;
* every input whose shards all loaded is marked in ``inputs_done`` (so a later ``ingest`` skips it), and the
  event clusters are recomputed.  Loading again adds nothing.
"""

from __future__ import annotations

import contextlib
import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from newsgraph.batch.work import SHARD_TABLES
from newsgraph.errors import ResourceError, StoreError, environment_fault
from newsgraph.ingest.sanity import safe_name
from newsgraph.store.sql import one_line

CHILDREN = ("events", "actors", "places", "quotes", "claims")


@dataclass
class LoadStats:
    shards: int = 0
    articles: int = 0  # new articles stored
    duplicates: int = 0  # article rows in the shards that were already stored (or repeated across shards)
    events: int = 0
    actors: int = 0
    places: int = 0
    quotes: int = 0
    claims: int = 0
    failures: int = 0
    near_duplicates: int = 0
    failed_shards: int = 0  # shards whose batch task failed for good
    bad_shards: list[str] = field(default_factory=list)  # done shards that could not be loaded (recorded)
    inputs_done: int = 0
    clusters: int = 0
    seconds: float = 0.0
    run_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"seconds": round(self.seconds, 2)}


def _sql_list(paths: list[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def done_markers(folder: Path) -> dict[str, dict[str, Any]]:
    out = {}
    for path in sorted((folder / "done").glob("*.json")):
        try:
            out[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue  # cannot happen with atomic writes; a damaged marker means the shard is redone
    return out


def _pick_new(con: Any, files: list[Path]) -> tuple[int, int]:
    """Temp table _ng_pick(id) of the shard's articles to add; returns (article rows in the shard, new ones)."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _ng_pick AS
        SELECT DISTINCT id FROM read_parquet({_sql_list(files)}) WHERE id NOT IN (SELECT id FROM articles)""")  # fmt: skip
    total = con.execute(f"SELECT count(*) FROM read_parquet({_sql_list(files)})").fetchone()[0]
    new = con.execute("SELECT count(*) FROM _ng_pick").fetchone()[0]
    return int(total), int(new)


def _insert(con: Any, table: str, files: list[Path], key: str, run_id: str) -> int:
    """Insert the rows of ``files`` whose article was picked."""
    if not files:
        return 0
    replace = f"REPLACE ('{run_id}' AS run_id)" if table in ("articles", "events") else ""
    before = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    con.execute(f"""
        INSERT INTO {table} BY NAME
        SELECT p.* {replace} FROM read_parquet({_sql_list(files)}) p
        WHERE p.{key} IN (SELECT id FROM _ng_pick)""")  # fmt: skip
    return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] - before)


def _insert_failures(con: Any, files: list[Path], run_id: str) -> int:
    if not files:
        return 0
    before = con.execute("SELECT count(*) FROM failures").fetchone()[0]
    con.execute(f"""
        INSERT INTO failures BY NAME
        SELECT DISTINCT p.* REPLACE ('{run_id}' AS run_id) FROM read_parquet({_sql_list(files)}) p
        WHERE NOT EXISTS (
            SELECT 1 FROM failures f WHERE f.kind = p.kind AND f.reason = p.reason
              AND f.input IS NOT DISTINCT FROM p.input AND f.record IS NOT DISTINCT FROM p.record
              AND f.stage IS NOT DISTINCT FROM p.stage)""")  # fmt: skip
    return int(con.execute("SELECT count(*) FROM failures").fetchone()[0] - before)


def _add_failure(con: Any, name: str, stage: str, reason: str, error: str, run_id: str) -> None:
    """One failure row, unless the same one is stored."""
    from newsgraph.store.duckdb import utcnow
    from newsgraph.store.ledger import clean_text

    name = clean_text(name)
    seen = con.execute(
        "SELECT count(*) FROM failures WHERE kind = 'failure' AND stage = ? AND input = ? AND reason = ?",
        [stage, name, reason],
    ).fetchone()[0]
    if not seen:
        con.execute("INSERT INTO failures VALUES (?, 'failure', ?, NULL, ?, ?, ?, ?)",
                    [run_id, name, stage, reason, clean_text(error)[:500], utcnow()])  # fmt: skip


def _failed_shards(con: Any, folder: Path, markers: dict[str, dict[str, Any]], run_id: str) -> int:
    """A shard whose task failed for good (and is not done since) becomes one 'shard' failure per input."""
    count = 0
    for path in sorted((folder / "failed").glob("*.json")):
        if path.stem in markers:
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for name in data.get("inputs", []):
            _add_failure(
                con, name, "shard", f"shard {data['shard']} failed", str(data.get("error", "")), run_id
            )
        count += 1
    return count


def _complete_inputs(folder: Path, loaded: set[str]) -> list[str]:
    """Inputs of the last plan whose shards all loaded."""
    try:
        plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    pending: dict[str, bool] = {}
    for shard in plan.get("shards", []):
        for piece in shard["pieces"]:
            name = safe_name(piece["path"])  # the name the readers stored (\xNN for non-UTF-8 bytes)
            pending[name] = pending.get(name, True) and shard["id"] in loaded
    return sorted(name for name, ok in pending.items() if ok)


def _load_shard(con: Any, files: dict[str, list[Path]], run_id: str, stats: LoadStats) -> None:
    from newsgraph.store.ledger import link_stories

    if files["articles"]:
        rows, new = _pick_new(con, files["articles"])
        stats.duplicates += rows - new
        stats.articles += _insert(con, "articles", files["articles"], "id", run_id)
        for table in CHILDREN:
            setattr(
                stats, table, getattr(stats, table) + _insert(con, table, files[table], "article_id", run_id)
            )
        if files["article_keys"]:
            con.execute(f"""
                INSERT INTO article_keys SELECT p.key, p.article_id
                FROM read_parquet({_sql_list(files["article_keys"])}) p
                WHERE p.article_id IN (SELECT id FROM _ng_pick)
                ON CONFLICT DO NOTHING""")  # fmt: skip
        picked = [r[0] for r in con.execute("SELECT id FROM _ng_pick ORDER BY id").fetchall()]
        stats.near_duplicates += link_stories(con, picked)
    stats.failures += _insert_failures(con, files["failures"], run_id)


def _shard_files(folder: Path, shard: str, marker: dict[str, Any]) -> dict[str, list[Path]]:
    files: dict[str, list[Path]] = {t: [] for t in SHARD_TABLES}
    for table in marker.get("tables", []):
        path = (folder / table / f"{shard}.parquet").resolve()
        if not path.exists():
            raise StoreError(
                f"shard {shard} is marked done but {path} is missing: delete its marker and rerun"
            )
        files[table].append(path)
    return files


def _try_shard(store: Any, folder: Path, shard: str, marker: dict[str, Any], stats: LoadStats) -> bool:
    """Load one shard in one transaction; a shard that fails is rolled back and recorded.  True when loaded."""
    import duckdb

    con = store.con
    try:
        files = _shard_files(folder, shard, marker)
        con.execute("BEGIN TRANSACTION")
        _load_shard(con, files, stats.run_id, stats)
        con.execute("COMMIT")
        return True
    except (duckdb.Error, StoreError, OSError, UnicodeError) as exc:
        with contextlib.suppress(duckdb.Error):  # no transaction when the files were missing
            con.execute("ROLLBACK")
        fault = environment_fault(exc)
        if fault:
            raise ResourceError(
                f"load of shard {shard} stopped: {fault} — fix it and run load again"
            ) from None
        reason, error = f"shard {shard} not loaded", one_line(exc)

    def record(c: Any) -> None:
        for name in marker.get("inputs", []):
            _add_failure(c, name, "load", reason, error, stats.run_id)

    store.in_transaction(record)
    stats.bad_shards.append(shard)
    return False


def load_batch(folder: str | Path, store: Any) -> LoadStats:
    """Load every done shard of ``folder`` into an open writable Store; safe to run again."""
    t0 = time.perf_counter()
    folder = Path(folder)
    if not (folder / "done").is_dir() and not (folder / "failed").is_dir():
        raise StoreError(f"{folder} holds no shards (run `newsgraph batch ... --out {folder}` first)")
    markers = done_markers(folder)
    stats = LoadStats(shards=len(markers))
    stats.run_id = store.start_run({"load": str(folder), "shards": len(markers)})
    loaded = {shard for shard, marker in markers.items() if _try_shard(store, folder, shard, marker, stats)}
    stats.failed_shards = store.in_transaction(lambda c: _failed_shards(c, folder, markers, stats.run_id))
    complete = _complete_inputs(folder, loaded)
    store.mark_inputs_done(complete, stats.run_id)
    stats.inputs_done = len(complete)
    stats.clusters = store.cluster_events() if stats.articles else 0
    stats.seconds = time.perf_counter() - t0
    store.finish_run(stats.run_id, stats.to_dict())
    return stats
