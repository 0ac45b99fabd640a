"""The DuckDB store: one writer holds the connection, readers open the file read-only."""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import time
from collections.abc import Collection, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from newsgraph import cluster, query
from newsgraph.errors import ResourceError, SkipRecord, StoreError, environment_fault
from newsgraph.records import Result, Skip
from newsgraph.store import ledger
from newsgraph.store import rows as rowmod
from newsgraph.store.faults import commit_point
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
)  # the exported tables; input_progress (the resume ledger of partly read inputs) is internal
Rows = dict[str, list[dict[str, Any]]]
WRITE_ERRORS = (duckdb.Error, pa.ArrowException, UnicodeError, OSError, MemoryError)


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
    near_duplicates: int = 0  # new articles that joined another article's story
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Commit:
    """One ingest batch, written in one transaction by :meth:`Store.commit` (or not at all)."""

    results: list[Result] = field(default_factory=list)
    failures: list[Skip] = field(default_factory=list)  # records the stages failed on (kind 'failure')
    skips: list[Skip] = field(default_factory=list)  # records skipped on purpose (kind 'skip')
    keys: dict[str, list[str]] = field(default_factory=dict)  # article id -> LSH band keys
    progress: dict[str, int] = field(default_factory=dict)  # input -> records consumed (partly read inputs)
    finished: list[str] = field(default_factory=list)  # inputs read to the end


def lock_message(path: Path, exc: BaseException) -> str | None:
    """A one-line 'who holds the store and what to do' when DuckDB could not lock the file, else None."""
    text = one_line(exc)
    if "lock" not in text.lower():
        return None
    found = re.search(r"held in (.+?) \(PID (\d+)\)", text)
    who = "another process"
    if found:
        who = f"process {found.group(2)} ({_command_of(int(found.group(2))) or found.group(1)})"
    return (
        f"store {path} is in use by {who}: stop it (a `newsgraph serve` on this store, or another ingest) "
        "and rerun, or work on a copy of the store file"
    )


def _command_of(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return " ".join(raw.decode("utf-8", "replace").split("\0")).strip()[:120]


def failure_row(kind: str, item: Skip, run_id: str | None, now: datetime) -> dict[str, Any]:
    """A ``failures`` row of kind 'skip' (reason = the skip reason) or 'failure' (reason = the stage)."""
    if kind == "skip":
        reason, error = item.reason, None
    else:  # as the stages report it: reason = the stage, error = the message
        reason, error = item.stage, (item.reason.splitlines() or [""])[0]
    row = {"run_id": run_id, "kind": kind, "input": item.input, "record": item.record, "stage": item.stage}
    return row | {"reason": reason, "error": error, "failed_at": now}  # cleaned when written


class Store:
    """A newsgraph DuckDB file.

    ``Store(path)`` opens (creating and migrating) a writable store; ``Store(path, read_only=True)`` opens an
    existing one for reading, which any number of processes may do while no writer holds it.
    """

    def __init__(self, path: str | Path, read_only: bool = False, *, sandbox: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only or sandbox
        self._schemas: dict[str, pa.Schema] = {}
        if self.read_only and not self.path.exists():
            raise StoreError(f"no store at {self.path} (run an ingest first)")
        self._con: duckdb.DuckDBPyConnection | None = self._connect(sandbox)
        if self.read_only:
            have, latest = current_version(self.con), migrations()[-1].version
            if have < latest:
                self.close()
                raise StoreError(
                    f"store {self.path} has schema version {have}, newsgraph needs {latest}: "
                    "open it once for writing to migrate"
                )
        else:
            try:
                migrate(self.con)
            except StoreError:
                self.close()
                raise

    def _connect(self, sandbox: bool) -> duckdb.DuckDBPyConnection:
        """Open the file; ``sandbox``: read-only with file access, ATTACH, COPY and extensions off for good."""
        config: dict[str, str | bool | int | float | list[str]] = {}
        if sandbox:
            config = {"enable_external_access": False, "lock_configuration": True}
        try:
            if not self.read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            return duckdb.connect(str(self.path), read_only=self.read_only, config=config)
        except (duckdb.Error, OSError) as exc:
            locked = lock_message(self.path, exc)
            if locked:
                raise StoreError(locked) from None
            fault = environment_fault(exc)
            if fault and not self.read_only:
                raise ResourceError(f"cannot open store {self.path}: {fault}") from None
            raise StoreError(f"cannot open store {self.path}: {one_line(exc)}") from None

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
        batch = pa.Table.from_pylist([ledger.clean_row(r) for r in rows], schema=pa.schema(fields))
        con = self.con
        con.register("_ng_batch", batch)
        try:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _ng_batch")
        finally:
            con.unregister("_ng_batch")

    def existing(self, ids: list[str]) -> set[str]:
        """The ids among ``ids`` already stored."""
        if not ids:
            return set()
        found = self.con.execute("SELECT id FROM articles WHERE list_contains(?, id)", [ids]).fetchall()
        return {r[0] for r in found}

    def _new_results(self, results: Iterable[Result], stats: WriteStats) -> list[Result]:
        seen = self.existing([r.article.id for r in results])
        new: list[Result] = []
        for res in results:
            if res.article.id in seen:
                stats.duplicates += 1
                continue
            seen.add(res.article.id)
            new.append(res)
        return new

    def write(self, results: Iterable[Result], *, run_id: str | None = None) -> WriteStats:
        """Store results in one transaction; an article already stored is counted as a duplicate and skipped."""
        return self.commit(Commit(results=list(results)), run_id=run_id)

    def commit(self, batch: Commit, *, run_id: str | None = None) -> WriteStats:
        """Write one batch in one transaction: new articles with all their rows, their LSH keys and stories, the
        batch's failures and skips, and the resume marks.  A result the store refuses (not the machine's fault)
        becomes a 'store' failure and the rest is written; a full disk, a missing permission or no memory
        raises :class:`ResourceError` with nothing written."""
        t0 = time.perf_counter()
        self._writable()
        stats = WriteStats()
        new = self._new_results(batch.results, stats)
        try:
            self._transaction(replace(batch, results=new), run_id, stats)
        except _Refused:
            new, refused = self._split_refused(new, run_id)
            failures = batch.failures + refused
            try:
                self._transaction(replace(batch, results=new, failures=failures), run_id, stats)
            except _Refused as exc:  # not the results: the batch's failures or marks themselves
                raise StoreError(f"store write failed: {exc}") from None
        stats.stored = len(new)
        stats.seconds = time.perf_counter() - t0
        return stats

    def _transaction(
        self, batch: Commit, run_id: str | None, stats: WriteStats, *, probe: bool = False
    ) -> None:
        """The batch's one transaction (``probe``: rolled back, to test whether the store takes the rows)."""
        con = self.con
        now = utcnow()
        tables = self._rows(batch.results, run_id, stats)
        tables["failures"] = [failure_row("failure", f, run_id, now) for f in batch.failures]
        tables["failures"] += [failure_row("skip", s, run_id, now) for s in batch.skips]
        ids = [r.article.id for r in batch.results]
        try:
            if not probe:
                commit_point("begin")
            con.execute("BEGIN TRANSACTION")
            for table, table_rows in tables.items():
                self._append(table, table_rows)
            ledger.add_keys(con, [(k, a) for a in ids for k in sorted(set(batch.keys.get(a, ())))])
            stats.near_duplicates = ledger.link_stories(con, ids)
            ledger.mark_progress(con, batch.progress, batch.finished, run_id, now)
            if probe:
                con.execute("ROLLBACK")
                return
            commit_point("written")
            con.execute("COMMIT")
        except WRITE_ERRORS as exc:
            _rollback(con)
            fault = environment_fault(exc)
            if fault:
                raise ResourceError(f"cannot write the store {self.path}: {fault}") from None
            raise _Refused(one_line(exc)) from None
        commit_point("committed")

    def _split_refused(self, results: list[Result], run_id: str | None) -> tuple[list[Result], list[Skip]]:
        """Try each result alone (rolled back) to find the ones the store refuses; they become failures."""
        good: list[Result] = []
        refused: list[Skip] = []
        for res in results:
            try:
                self._transaction(Commit(results=[res]), run_id, WriteStats(), probe=True)
            except _Refused as exc:
                a = res.article
                refused.append(
                    Skip(a.input or a.id, a.id, "store", f"error: store refused the record: {exc}")
                )
            else:
                good.append(res)
        return good, refused

    @staticmethod
    def _rows(results: list[Result], run_id: str | None, stats: WriteStats) -> Rows:
        now = utcnow()
        tables: Rows = {"articles": [], "events": []}
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
        row = {"run_id": run_id, "kind": "failure", "input": input, "record": record, "stage": stage}
        self._insert_rows("failures", [row | {"reason": reason, "error": message, "failed_at": utcnow()}])

    def record_skip(self, skip: Skip, run_id: str | None) -> None:
        """Keep a skipped record in ``failures`` with kind 'skip' and its reason."""
        self._insert_rows("failures", [failure_row("skip", skip, run_id, utcnow())])

    def _insert_rows(self, table: str, rows: list[dict[str, Any]]) -> None:
        self._writable()
        try:
            self._append(table, rows)
        except WRITE_ERRORS as exc:
            fault = environment_fault(exc)
            if fault:
                raise ResourceError(f"cannot write the store {self.path}: {fault}") from None
            raise StoreError(f"store write failed: {one_line(exc)}") from None

    # -- runs and resume --------------------------------------------------------------------------------
    def start_run(self, settings_summary: dict[str, Any] | None = None) -> str:
        now = utcnow()
        run_id = f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
        summary = json.dumps(settings_summary or {}, default=str, sort_keys=True)
        self._execute(
            "INSERT INTO runs VALUES (?, ?, NULL, ?, NULL)", [run_id, now, ledger.clean_text(summary)]
        )
        return run_id

    def finish_run(self, run_id: str, stats: dict[str, Any]) -> None:
        self._execute(
            "UPDATE runs SET finished_at = ?, stats = ? WHERE run_id = ?",
            [utcnow(), ledger.clean_text(json.dumps(stats, default=str, sort_keys=True)), run_id],
        )

    def has_article(self, article_id: str) -> bool:
        return bool(scalar(self.con, "SELECT count(*) FROM articles WHERE id = ?", [article_id]))

    def mark_input_done(self, input: str, run_id: str | None) -> None:
        self.mark_inputs_done([input], run_id)

    def mark_inputs_done(self, inputs: list[str], run_id: str | None) -> None:
        """Record inputs read to the end (a rerun skips them)."""
        if inputs:
            self.in_transaction(lambda con: ledger.mark_progress(con, {}, inputs, run_id, utcnow()))

    def done_inputs(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT input FROM inputs_done").fetchall()}

    def progress(self) -> dict[str, int]:
        """Records already consumed per partly read input (see :mod:`newsgraph.store.ledger`)."""
        return ledger.progress(self.con)

    # -- near duplicates --------------------------------------------------------------------------------
    def link_near_duplicates(self, article_id: str, keys: list[str]) -> str | None:
        """Store LSH band keys for an article and merge it into the story of every article sharing a key.

        Returns the story id (None when the article is not stored yet; it is linked when written).
        """
        self.link_near_duplicates_many([(article_id, keys)])
        story = scalar(self.con, "SELECT story_id FROM articles WHERE id = ?", [article_id])
        return str(story) if story else None

    def link_near_duplicates_many(self, items: list[tuple[str, list[str]]]) -> int:
        """Store the keys of several articles and link their stories in one transaction (:func:`ledger.link_stories`);
        returns how many of the given articles joined another article's story."""
        pairs = [(k, aid) for aid, ks in items for k in sorted(set(ks))]
        ids = [aid for aid, _ in items]

        def link(con: duckdb.DuckDBPyConnection) -> int:
            ledger.add_keys(con, pairs)
            return ledger.link_stories(con, ids)

        return self.in_transaction(link) if items else 0

    def in_transaction(self, work: Any) -> Any:
        """``work(con)`` in one transaction of the writer; errors become StoreError (or ResourceError)."""
        con = self._writable()
        try:
            con.execute("BEGIN TRANSACTION")
            out = work(con)
            con.execute("COMMIT")
        except WRITE_ERRORS as exc:
            _rollback(con)
            fault = environment_fault(exc)
            if fault:
                raise ResourceError(f"cannot write the store {self.path}: {fault}") from None
            raise StoreError(f"store write failed: {one_line(exc)}") from None
        return out

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

    def dyad(
        self,
        a: str,
        b: str,
        by: str = "month",
        *,
        country_level: bool = False,
        known: Collection[str] | None = None,
        **options: Any,
    ) -> pa.Table:
        """Events between two actors per period; see :func:`newsgraph.query.dyad`.

        Codes are checked first (:mod:`newsgraph.store.codes`: ``usa`` = ``USA``, ``USAGOV*`` or
        ``country_level`` rolls up to the country; an unknown code raises ConfigError naming the closest known
        codes).  ``known`` is the set of valid codes (default: the codes this store's events hold and every code the
        actor lexicon can produce, :func:`newsgraph.validate.known_codes`).
        """
        from newsgraph.store.codes import check_pair
        from newsgraph.validate import known_codes

        pool = known if known is not None else known_codes(self.con)
        ka, kb = check_pair(a, b, pool, country_level=country_level)
        return query.dyad(self.con, ka.code, kb.code, by=by, **options)

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


class _Refused(Exception):
    """The store refused a batch for a reason of its rows (not of the machine)."""


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):  # no transaction was open (the failure came before BEGIN)
        con.execute("ROLLBACK")
