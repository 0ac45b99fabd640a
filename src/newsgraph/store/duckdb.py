"""The DuckDB store: one writer holds the connection, readers open the file read-only."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from newsgraph import cluster, query
from newsgraph.errors import SkipRecord, StoreError
from newsgraph.records import Result, Skip
from newsgraph.store import rows as rowmod
from newsgraph.store.migrations import current_version, migrate, migrations
from newsgraph.store.sql import one_line, scalar

if TYPE_CHECKING:
    from newsgraph.query import ActorReport

CHILD_TABLES = ("actors", "places", "quotes", "claims")
TABLES = (
    "articles",
    "actors",
    "places",
    "events",
    "quotes",
    "claims",
    "event_clusters",
    "event_mentions",
    "failures",
    "runs",
    "inputs_done",
    "article_keys",
)


def _merge_stories(current: dict[str, str], pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Union-find over articles linked by shared keys; each component's story is its smallest story id."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for a in set(current) | {x for p in pairs for x in p}:
        groups.setdefault(find(a), []).append(a)
    out: dict[str, str] = {}
    for group in groups.values():
        story = min(current.get(a, a) for a in group)
        for a in group:
            out[a] = story
    return out


@dataclass
class WriteStats:
    """What one ``Store.write`` call did."""

    stored: int = 0  # new articles
    duplicates: int = 0  # articles already in the store (or repeated in the batch): nothing added
    events: int = 0
    actors: int = 0
    places: int = 0
    quotes: int = 0
    claims: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Store:
    """A newsgraph DuckDB file.

    ``Store(path)`` opens (creating and migrating) a writable store; ``Store(path, read_only=True)`` opens an
    existing one for reading, which any number of processes may do while no writer holds it.
    """

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._schemas: dict[str, pa.Schema] = {}
        if read_only and not self.path.exists():
            raise StoreError(f"no store at {self.path} (run an ingest first)")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._con: duckdb.DuckDBPyConnection | None = duckdb.connect(str(self.path), read_only=read_only)
        except (duckdb.Error, OSError) as exc:
            raise StoreError(f"cannot open store {self.path}: {one_line(exc)}") from None
        if read_only:
            have, latest = current_version(self.con), migrations()[-1].version
            if have < latest:
                self.close()
                raise StoreError(
                    f"store {self.path} has schema version {have}, newsgraph needs {latest}: "
                    "open it once for writing to migrate"
                )
        else:
            migrate(self.con)

    # -- connection -------------------------------------------------------------------------------------
    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            raise StoreError(f"store {self.path} is closed")
        return self._con

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _writable(self) -> duckdb.DuckDBPyConnection:
        if self.read_only:
            raise StoreError(
                f"store {self.path} is open read-only; writes need Store(path) without read_only"
            )
        return self.con

    def _execute(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        try:
            return self._writable().execute(sql, params or []).fetchall()
        except duckdb.Error as exc:
            raise StoreError(f"store write failed: {one_line(exc)}") from None

    # -- writing ----------------------------------------------------------------------------------------
    def _schema(self, table: str) -> pa.Schema:
        if table not in self._schemas:
            self._schemas[table] = self.con.sql(f"SELECT * FROM {table} LIMIT 0").to_arrow_table().schema
        return self._schemas[table]

    def _append(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        schema = self._schema(table)
        fields = [schema.field(name) for name in rows[0]]
        batch = pa.Table.from_pylist(rows, schema=pa.schema(fields))
        con = self.con
        con.register("_ng_batch", batch)
        try:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _ng_batch")
        finally:
            con.unregister("_ng_batch")

    def _existing(self, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        found = self.con.execute("SELECT id FROM articles WHERE list_contains(?, id)", [ids]).fetchall()
        return {r[0] for r in found}

    def write(self, results: Iterable[Result], *, run_id: str | None = None) -> WriteStats:
        """Store results in one transaction; an article already stored is counted as a duplicate and skipped."""
        t0 = time.perf_counter()
        con = self._writable()
        batch = list(results)
        stats = WriteStats()
        seen = self._existing([r.article.id for r in batch])
        new: list[Result] = []
        for res in batch:
            if res.article.id in seen:
                stats.duplicates += 1
                continue
            seen.add(res.article.id)
            new.append(res)
        tables = self._rows(new, run_id, stats)
        try:
            con.execute("BEGIN TRANSACTION")
            for table, table_rows in tables.items():
                self._append(table, table_rows)
            self._assign_stories([r.article.id for r in new], only_keyed=True)
            con.execute("COMMIT")
        except (duckdb.Error, pa.ArrowException) as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"store write failed: {one_line(exc)}") from None
        stats.stored = len(new)
        stats.seconds = time.perf_counter() - t0
        return stats

    @staticmethod
    def _rows(
        results: list[Result], run_id: str | None, stats: WriteStats
    ) -> dict[str, list[dict[str, Any]]]:
        now = utcnow()
        tables: dict[str, list[dict[str, Any]]] = {"articles": [], "events": []}
        tables |= {t: [] for t in CHILD_TABLES}
        for res in results:
            aid = res.article.id
            tables["articles"].append(rowmod.article_row(res, run_id, now))
            seen_ids: set[str] = set()
            for ev in res.events:
                if ev.id in seen_ids:  # an extractor repeating an id would break the key: keep the first
                    continue
                seen_ids.add(ev.id)
                tables["events"].append(rowmod.event_row(aid, ev, run_id))
            for table, table_rows in rowmod.child_rows(res).items():
                tables[table].extend(table_rows)
        for name in ("events", *CHILD_TABLES):
            setattr(stats, name, len(tables[name]))
        return tables

    def record_failure(
        self, input: str, record: str | None, stage: str, error: BaseException | str, run_id: str | None
    ) -> None:
        """Keep a failed record in ``failures`` (kind 'failure') with a short reason and a one-line message."""
        if isinstance(error, SkipRecord):
            reason, message = error.reason, str(error)
        elif isinstance(error, BaseException):
            reason, message = type(error).__name__, one_line(error)
        else:
            reason, message = stage, error.splitlines()[0] if error else ""
        self._execute(
            "INSERT INTO failures VALUES (?, 'failure', ?, ?, ?, ?, ?, ?)",
            [run_id, input, record, stage, reason, message, utcnow()],
        )

    def record_skip(self, skip: Skip, run_id: str | None) -> None:
        """Keep a skipped record in ``failures`` with kind 'skip' and its reason."""
        self._execute(
            "INSERT INTO failures VALUES (?, 'skip', ?, ?, ?, ?, NULL, ?)",
            [run_id, skip.input, skip.record, skip.stage, skip.reason, utcnow()],
        )

    # -- runs and resume --------------------------------------------------------------------------------
    def start_run(self, settings_summary: dict[str, Any] | None = None) -> str:
        now = utcnow()
        run_id = f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
        summary = json.dumps(settings_summary or {}, default=str, sort_keys=True)
        self._execute("INSERT INTO runs VALUES (?, ?, NULL, ?, NULL)", [run_id, now, summary])
        return run_id

    def finish_run(self, run_id: str, stats: dict[str, Any]) -> None:
        self._execute(
            "UPDATE runs SET finished_at = ?, stats = ? WHERE run_id = ?",
            [utcnow(), json.dumps(stats, default=str, sort_keys=True), run_id],
        )

    def has_article(self, article_id: str) -> bool:
        return bool(scalar(self.con, "SELECT count(*) FROM articles WHERE id = ?", [article_id]))

    def forget_input(self, input: str) -> None:
        """Drop the failures an interrupted run recorded for an input that is being read again (resume)."""
        self._execute("DELETE FROM failures WHERE input = ?", [input])

    def mark_input_done(self, input: str, run_id: str | None) -> None:
        self._execute(
            "INSERT INTO inputs_done VALUES (?, ?, ?) ON CONFLICT (input) DO UPDATE SET "
            "run_id = excluded.run_id, done_at = excluded.done_at",
            [input, run_id, utcnow()],
        )

    def done_inputs(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT input FROM inputs_done").fetchall()}

    # -- near duplicates --------------------------------------------------------------------------------
    def link_near_duplicates(self, article_id: str, keys: list[str]) -> str | None:
        """Store LSH band keys for an article and merge it into the story of every article sharing a key.

        Returns the story id (None when the article is not stored yet; it is linked when written).
        """
        con = self._writable()
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute(
                "INSERT INTO article_keys SELECT UNNEST(?::VARCHAR[]), ? ON CONFLICT DO NOTHING",
                [sorted(set(keys)), article_id],
            )
            self._assign_stories([article_id], only_keyed=False)
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"store write failed: {one_line(exc)}") from None
        story = scalar(con, "SELECT story_id FROM articles WHERE id = ?", [article_id])
        return str(story) if story else None

    def link_near_duplicates_many(self, items: list[tuple[str, list[str]]]) -> int:
        """Batch form of :meth:`link_near_duplicates` (one transaction per ingest batch).

        Keys are stored in one statement; the stories are then merged in memory (union-find over the batch's
        articles and every stored article sharing a key with them) and written back with one UPDATE.  Returns how
        many of the given articles joined another article's story.
        """
        if not items:
            return 0
        con = self._writable()
        ids = [aid for aid, _ in items]
        keys = [(k, aid) for aid, ks in items for k in sorted(set(ks))]
        try:
            con.execute("BEGIN TRANSACTION")
            if keys:
                con.execute(
                    "INSERT INTO article_keys SELECT UNNEST(?::VARCHAR[]), UNNEST(?::VARCHAR[]) ON CONFLICT DO NOTHING",
                    [[k for k, _ in keys], [a for _, a in keys]],
                )
            pairs = con.execute(
                "SELECT DISTINCT k1.article_id, k2.article_id FROM article_keys k1 JOIN article_keys k2 USING (key) "
                "WHERE list_contains(?, k1.article_id) AND k1.article_id <> k2.article_id",
                [ids],
            ).fetchall()
            members = sorted({a for pair in pairs for a in pair} | set(ids))
            current = dict(
                con.execute(
                    "SELECT id, coalesce(story_id, id) FROM articles WHERE list_contains(?, id)", [members]
                ).fetchall()
            )
            stories = _merge_stories(current, pairs)
            # stories are closed under the merge: every article of a story that changed follows it
            remap = {current[a]: stories[a] for a in current if current[a] != stories[a]}
            if remap:
                con.execute(
                    "UPDATE articles SET story_id = m.story FROM (SELECT UNNEST(?::VARCHAR[]) AS old, "
                    "UNNEST(?::VARCHAR[]) AS story) m WHERE coalesce(articles.story_id, articles.id) = m.old",
                    [list(remap), list(remap.values())],
                )
            con.execute(
                "UPDATE articles SET story_id = id WHERE list_contains(?, id) AND story_id IS NULL", [ids]
            )
            linked = scalar(
                con, "SELECT count(*) FROM articles WHERE list_contains(?, id) AND story_id <> id", [ids]
            )
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"store write failed: {one_line(exc)}") from None
        return int(linked or 0)

    def mark_inputs_done(self, inputs: list[str], run_id: str | None) -> None:
        """Batch form of :meth:`mark_input_done`."""
        if inputs:
            now = utcnow()
            self._execute(
                "INSERT INTO inputs_done SELECT UNNEST(?::VARCHAR[]), ?, ? ON CONFLICT (input) DO UPDATE SET "
                "run_id = excluded.run_id, done_at = excluded.done_at",
                [inputs, run_id, now],
            )

    def _assign_stories(self, article_ids: list[str], *, only_keyed: bool) -> None:
        con = self.con
        if only_keyed and article_ids:
            found = con.execute(
                "SELECT DISTINCT article_id FROM article_keys WHERE list_contains(?, article_id)",
                [article_ids],
            ).fetchall()
            article_ids = [r[0] for r in found]
        for aid in article_ids:
            con.execute(cluster.STORY_SQL, {"aid": aid})

    # -- reading ----------------------------------------------------------------------------------------
    def query(self, sql: str) -> pa.Table:
        """Run one SQL statement read-only and return an Arrow table (errors become StoreError messages)."""
        return query.run_sql(self.con, sql, rollback=not self.read_only)

    def events(self, **filters: Any) -> pa.Table:
        """Events as an Arrow table; see :func:`newsgraph.query.events` for the filters."""
        return query.events(self.con, **filters)

    def articles(self, **filters: Any) -> pa.Table:
        """Articles as an Arrow table; see :func:`newsgraph.query.articles` for the filters."""
        return query.articles(self.con, **filters)

    def dyad(self, a: str, b: str, by: str = "month", **options: Any) -> pa.Table:
        """Events between two actors per period; see :func:`newsgraph.query.dyad`."""
        return query.dyad(self.con, a, b, by=by, **options)

    def actor(self, code: str, by: str = "month") -> ActorReport:
        return query.actor(self.con, code, by=by)

    def top(self, what: str = "dyads", n: int = 10) -> pa.Table:
        return query.top(self.con, what, n=n)

    def network(self, n: int = 30) -> tuple[pa.Table, pa.Table]:
        """The n most active actors and the links between them (for ``plot network``)."""
        return query.network(self.con, n=n)

    def summary(self) -> dict[str, Any]:
        return query.summary(self.con)

    def cluster_events(self, window_days: int = cluster.WINDOW_DAYS) -> int:
        """Recompute the cross-article event clusters; returns the number of clusters."""
        return cluster.cluster_events(self._writable(), window_days=window_days)

    def clusters_fresh(self) -> bool:
        """True when every stored event belongs to a cluster."""
        return cluster.clusters_fresh(self.con)

    def tables(self) -> Iterator[str]:
        yield from TABLES
