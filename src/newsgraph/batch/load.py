"""``load``: bring the done shards of a batch folder into a DuckDB store, idempotently.

* only shards with a completion marker are read (a half-written shard has no marker);
* an article already in the store is skipped with all its rows; an article present in two shards (the same
  text in two files) is taken from the first shard in shard order, like ``ingest`` keeps the first copy;
* events, actors, places, quotes, claims and LSH keys come with their article (events keyed by
  (article_id, id)); failures are added unless the same (kind, input, record, stage, reason) is stored;
* near-duplicate stories are linked, event clusters recomputed, and every input whose shards are all done
  is marked in ``inputs_done`` (so a later ``ingest`` of the same files skips them);
* it all runs in one transaction: an interrupted load leaves the store as it was; loading again adds nothing.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from newsgraph.batch.work import SHARD_TABLES
from newsgraph.errors import StoreError
from newsgraph.ingest.sanity import safe_name

CHILDREN = ("events", "actors", "places", "quotes", "claims")
SHARD_OF = r"regexp_extract(filename, '([^/\\]+)\.parquet$', 1)"


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
    failed_shards: int = 0
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


def _files(folder: Path, markers: dict[str, dict[str, Any]]) -> dict[str, list[Path]]:
    files: dict[str, list[Path]] = {t: [] for t in SHARD_TABLES}
    for shard, marker in markers.items():
        for table in marker.get("tables", []):
            path = (folder / table / f"{shard}.parquet").resolve()
            if not path.exists():
                raise StoreError(
                    f"shard {shard} is marked done but {path} is missing: delete its marker and rerun"
                )
            files[table].append(path)
    return files


def _pick_new(con: Any, files: list[Path]) -> tuple[int, int]:
    """Temp table _ng_pick(id, shard) of the articles to add; returns (rows in shards, new articles)."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _ng_pick AS
        SELECT id, shard FROM (
            SELECT id, {SHARD_OF} AS shard, row_number() OVER (PARTITION BY id ORDER BY {SHARD_OF}) AS rn
            FROM read_parquet({_sql_list(files)}, filename = true)
        ) WHERE rn = 1 AND id NOT IN (SELECT id FROM articles)""")  # fmt: skip
    total = con.execute(f"SELECT count(*) FROM read_parquet({_sql_list(files)})").fetchone()[0]
    new = con.execute("SELECT count(*) FROM _ng_pick").fetchone()[0]
    return int(total), int(new)


def _insert(con: Any, table: str, files: list[Path], key: str, run_id: str) -> int:
    """Insert the rows of ``files`` whose article was picked (from the picked shard)."""
    if not files:
        return 0
    replace = f"REPLACE ('{run_id}' AS run_id)" if table in ("articles", "events") else ""
    before = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    con.execute(f"""
        INSERT INTO {table} BY NAME
        SELECT p.* EXCLUDE (filename) {replace}
        FROM read_parquet({_sql_list(files)}, filename = true) p
        JOIN _ng_pick k ON k.id = p.{key} AND k.shard = {SHARD_OF.replace("filename", "p.filename")}""")  # fmt: skip
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


def _link_stories(con: Any) -> int:
    """story_id for the new articles (as ``ingest`` does article by article); returns near-duplicates."""
    from newsgraph.cluster import STORY_SQL

    con.execute(
        "UPDATE articles SET story_id = id WHERE story_id IS NULL AND id IN (SELECT id FROM _ng_pick)"
    )
    shared = con.execute("""
        SELECT DISTINCT k1.article_id FROM article_keys k1 JOIN article_keys k2 USING (key)
        WHERE k1.article_id <> k2.article_id AND k1.article_id IN (SELECT id FROM _ng_pick)
        ORDER BY 1""").fetchall()  # fmt: skip
    for (aid,) in shared:
        con.execute(STORY_SQL, {"aid": aid})
    found = con.execute(
        "SELECT count(*) FROM articles WHERE id IN (SELECT id FROM _ng_pick) AND story_id <> id"
    )
    return int(found.fetchone()[0])


def _failed_shards(con: Any, folder: Path, markers: dict[str, dict[str, Any]], run_id: str) -> int:
    """A shard that failed for good (and is not done since) becomes one 'shard' failure per input."""
    from newsgraph.store.duckdb import utcnow

    count = 0
    for path in sorted((folder / "failed").glob("*.json")):
        if path.stem in markers:
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        for name in data.get("inputs", []):
            reason = f"shard {data['shard']} failed"
            seen = con.execute(
                "SELECT count(*) FROM failures WHERE kind = 'failure' AND stage = 'shard' AND input = ? AND reason = ?",
                [name, reason],
            ).fetchone()[0]
            if not seen:
                con.execute("INSERT INTO failures VALUES (?, 'failure', ?, NULL, 'shard', ?, ?, ?)",
                            [run_id, name, reason, str(data.get("error", ""))[:500], utcnow()])  # fmt: skip
        count += 1
    return count


def _complete_inputs(folder: Path, markers: dict[str, dict[str, Any]]) -> list[str]:
    """Inputs of the last plan whose shards are all done."""
    try:
        plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    pending: dict[str, bool] = {}
    for shard in plan.get("shards", []):
        for piece in shard["pieces"]:
            name = safe_name(piece["path"])  # the name the readers stored (\xNN for non-UTF-8 bytes)
            pending[name] = pending.get(name, True) and shard["id"] in markers
    return sorted(name for name, ok in pending.items() if ok)


def _load_rows(con: Any, files: dict[str, list[Path]], run_id: str, stats: LoadStats) -> None:
    if files["articles"]:
        rows, new = _pick_new(con, files["articles"])
        stats.duplicates = rows - new
        stats.articles = _insert(con, "articles", files["articles"], "id", run_id)
        for table in CHILDREN:
            setattr(stats, table, _insert(con, table, files[table], "article_id", run_id))
        if files["article_keys"]:
            con.execute(f"""
                INSERT INTO article_keys SELECT p.key, p.article_id
                FROM read_parquet({_sql_list(files["article_keys"])}, filename = true) p
                JOIN _ng_pick k ON k.id = p.article_id AND k.shard = {SHARD_OF.replace("filename", "p.filename")}
                ON CONFLICT DO NOTHING""")  # fmt: skip
        stats.near_duplicates = _link_stories(con)
    stats.failures = _insert_failures(con, files["failures"], run_id)


def load_batch(folder: str | Path, store: Any) -> LoadStats:
    """Load every done shard of ``folder`` into an open writable Store; safe to run again."""
    import duckdb

    t0 = time.perf_counter()
    folder = Path(folder)
    if not (folder / "done").is_dir() and not (folder / "failed").is_dir():
        raise StoreError(f"{folder} holds no shards (run `newsgraph batch ... --out {folder}` first)")
    markers = done_markers(folder)
    files = _files(folder, markers)
    stats = LoadStats(shards=len(markers))
    stats.run_id = store.start_run({"load": str(folder), "shards": len(markers)})
    con = store.con
    try:
        con.execute("BEGIN TRANSACTION")
        _load_rows(con, files, stats.run_id, stats)
        stats.failed_shards = _failed_shards(con, folder, markers, stats.run_id)
        complete = _complete_inputs(folder, markers)
        for name in complete:
            store.mark_input_done(name, stats.run_id)
        stats.inputs_done = len(complete)
        con.execute("COMMIT")
    except (duckdb.Error, StoreError) as exc:
        con.execute("ROLLBACK")
        raise StoreError(f"load failed, nothing was added: {str(exc).splitlines()[0]}") from None
    stats.clusters = store.cluster_events() if stats.articles else 0
    stats.seconds = time.perf_counter() - t0
    store.finish_run(stats.run_id, stats.to_dict())
    return stats
