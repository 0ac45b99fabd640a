"""Read queries over a store connection; every function returns Arrow tables (or plain dicts of them).

Actor arguments match an event side when they equal its actor code (``TURGOV``) or its country (``TUR``).
Periods are ``day``, ``week`` (ISO weeks, starting Monday), ``month`` or ``year``; the period column holds the
first day of the period.  QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
4 material conflict.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import pyarrow as pa

from newsgraph.errors import StoreError
from newsgraph.store.sql import one_line, scalar

PERIODS = ("day", "week", "month", "year")
TOP_KINDS = ("dyads", "actors", "events", "plover", "sources", "places", "clusters")
QUAD_COLUMNS = ("verbal_coop", "material_coop", "verbal_conflict", "material_conflict")


def fetch(con: duckdb.DuckDBPyConnection, sql: str, params: Any = None) -> pa.Table:
    """Run a query and return its Arrow table (DuckDB hands Arrow buffers over without copying rows)."""
    try:
        return con.sql(sql, params=params).to_arrow_table()
    except duckdb.Error as exc:
        raise StoreError(f"query failed: {one_line(exc)}") from None


def run_sql(con: duckdb.DuckDBPyConnection, sql: str, *, rollback: bool) -> pa.Table:
    """User SQL: on a writable connection it runs inside a transaction that is always rolled back."""
    if not sql.strip():
        raise StoreError("empty query")
    if not rollback:
        result = _user_sql(con, sql)
        return result
    con.execute("BEGIN TRANSACTION")
    try:
        return _user_sql(con, sql)
    finally:
        con.execute("ROLLBACK")


def _user_sql(con: duckdb.DuckDBPyConnection, sql: str) -> pa.Table:
    try:
        rel = con.sql(sql)
    except duckdb.Error as exc:
        raise StoreError(one_line(exc)) from None
    if rel is None:  # a statement without a result (only possible on a writable store): nothing kept
        return pa.table({})
    try:
        return rel.to_arrow_table()
    except duckdb.Error as exc:
        raise StoreError(one_line(exc)) from None


def _period(by: str) -> str:
    if by not in PERIODS:
        raise StoreError(f"unknown period {by!r}: use one of {', '.join(PERIODS)}")
    return by


def side(prefix: str, param: str) -> str:
    return f"({prefix}_code = ${param} OR {prefix}_country = ${param})"


def events(
    con: duckdb.DuckDBPyConnection,
    *,
    actor: str | None = None,
    source: str | None = None,
    target: str | None = None,
    cameo_root: str | None = None,
    plover: str | None = None,
    quad: int | None = None,
    start: str | date | None = None,
    end: str | date | None = None,
    article_id: str | None = None,
    limit: int | None = None,
) -> pa.Table:
    """Events (one row per mention) filtered by actor (either side), source, target, code, type and dates."""
    where: list[str] = ["TRUE"]
    params: dict[str, Any] = {}
    if actor:
        where.append(f"({side('source', 'actor')} OR {side('target', 'actor')})")
        params["actor"] = actor
    for name, value, clause in (
        ("source", source, side("source", "source")),
        ("target", target, side("target", "target")),
        ("root", cameo_root, "cameo_root = $root"),
        ("plover", plover, "plover = $plover"),
        ("quad", quad, "quad = $quad"),
        ("start", start, "date >= CAST($start AS DATE)"),
        ("end", end, "date <= CAST($end AS DATE)"),
        ("article", article_id, "article_id = $article"),
    ):
        if value is not None:
            where.append(clause)
            params[name] = value
    lim = f" LIMIT {int(limit)}" if limit else ""
    sql = f"SELECT * FROM events WHERE {' AND '.join(where)} ORDER BY date, article_id, id{lim}"
    return fetch(con, sql, params)


def articles(
    con: duckdb.DuckDBPyConnection,
    *,
    source: str | None = None,
    start: str | date | None = None,
    end: str | date | None = None,
    story_id: str | None = None,
    with_text: bool = False,
    limit: int | None = None,
) -> pa.Table:
    """Articles with their event counts; the text column only when ``with_text``."""
    where: list[str] = ["TRUE"]
    params: dict[str, Any] = {}
    for name, value, clause in (
        ("source", source, "a.source = $source"),
        ("start", start, "a.published >= CAST($start AS DATE)"),
        ("end", end, "a.published <= CAST($end AS DATE)"),
        ("story", story_id, "a.story_id = $story"),
    ):
        if value is not None:
            where.append(clause)
            params[name] = value
    cols = "a.*" if with_text else "a.* EXCLUDE (text, sentence_tone)"
    lim = f" LIMIT {int(limit)}" if limit else ""
    sql = f"""
        SELECT {cols}, coalesce(n.events, 0) AS events
        FROM articles a LEFT JOIN (SELECT article_id, count(*) AS events FROM events GROUP BY ALL) n
             ON n.article_id = a.id
        WHERE {" AND ".join(where)} ORDER BY a.published, a.id{lim}"""
    return fetch(con, sql, params)


def dyad(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    *,
    by: str = "month",
    directed: bool = False,
    evidence_limit: int = 20,
    top_types: int = 3,
) -> pa.Table:
    """Events between A and B per period: counts per QuadClass, mean Goldstein, top CAMEO codes, evidence ids.

    Undirected by default (A→B and B→A, counted separately in ``a_to_b`` and ``b_to_a``).  ``evidence`` lists
    up to ``evidence_limit`` event ids per period (``events.id``), earliest first.  Undated events are left out.
    """
    period = _period(by)
    match = f"({side('source', 'a')} AND {side('target', 'b')})"
    if not directed:
        match += f" OR ({side('source', 'b')} AND {side('target', 'a')})"
    quads = ", ".join(f"count(*) FILTER (WHERE quad = {i + 1}) AS {c}" for i, c in enumerate(QUAD_COLUMNS))
    sql = f"""
        WITH m AS (
            SELECT id, cameo, quad, goldstein, date, date_trunc('{period}', date) AS period,
                   {side("source", "a")} AS forward
            FROM events WHERE date IS NOT NULL AND ({match})
        ), types AS (
            SELECT period, cameo, count(*) AS n FROM m GROUP BY ALL
        ), top AS (
            SELECT period, list(cameo || ' x' || n ORDER BY n DESC, cameo)[1:{int(top_types)}] AS top_event_types
            FROM types GROUP BY period
        )
        SELECT CAST(m.period AS DATE) AS period, count(*) AS events,
               count(*) FILTER (WHERE forward) AS a_to_b, count(*) FILTER (WHERE NOT forward) AS b_to_a,
               {quads}, round(avg(goldstein), 3) AS mean_goldstein,
               any_value(top.top_event_types) AS top_event_types,
               list(id ORDER BY date, id)[1:{int(evidence_limit)}] AS evidence
        FROM m JOIN top USING (period)
        GROUP BY m.period ORDER BY m.period"""
    return fetch(con, sql, {"a": a, "b": b})


@dataclass
class ActorReport:
    """``newsgraph actor CODE``: who the actor deals with, and its event mix over time."""

    code: str
    counterparts: pa.Table
    timeline: pa.Table

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "counterparts": self.counterparts.to_pylist(),
            "timeline": self.timeline.to_pylist(),
        }


def actor(con: duckdb.DuckDBPyConnection, code: str, *, by: str = "month", n: int = 20) -> ActorReport:
    period = _period(by)
    both = f"""
        SELECT target_code AS counterpart, target_name AS name, 'source' AS role, quad, goldstein, date, plover
        FROM events WHERE {side("source", "code")} AND target_code IS NOT NULL
        UNION ALL
        SELECT source_code, source_name, 'target', quad, goldstein, date, plover
        FROM events WHERE {side("target", "code")} AND source_code IS NOT NULL"""
    counterparts = f"""
        SELECT counterpart, mode(name) AS name, count(*) AS events,
               count(*) FILTER (WHERE role = 'source') AS as_source,
               count(*) FILTER (WHERE role = 'target') AS as_target,
               count(*) FILTER (WHERE quad <= 2) AS cooperation, count(*) FILTER (WHERE quad >= 3) AS conflict,
               round(avg(goldstein), 3) AS mean_goldstein
        FROM ({both}) GROUP BY counterpart ORDER BY events DESC, counterpart LIMIT {int(n)}"""
    quads = ", ".join(f"count(*) FILTER (WHERE quad = {i + 1}) AS {c}" for i, c in enumerate(QUAD_COLUMNS))
    timeline = f"""
        SELECT CAST(date_trunc('{period}', date) AS DATE) AS period, count(*) AS events, {quads},
               round(avg(goldstein), 3) AS mean_goldstein,
               list(DISTINCT plover ORDER BY plover) FILTER (WHERE plover IS NOT NULL) AS plover_types
        FROM events WHERE date IS NOT NULL AND ({side("source", "code")} OR {side("target", "code")})
        GROUP BY ALL ORDER BY period"""
    return ActorReport(code, fetch(con, counterparts, {"code": code}), fetch(con, timeline, {"code": code}))


_TOP_SQL = {
    "dyads": """SELECT source_code, target_code, count(*) AS events, round(avg(goldstein), 3) AS mean_goldstein
                FROM events WHERE source_code IS NOT NULL AND target_code IS NOT NULL
                GROUP BY ALL ORDER BY events DESC, source_code, target_code""",
    "actors": """SELECT code, mode(name) AS name, count(*) AS events FROM (
                    SELECT source_code AS code, source_name AS name FROM events
                    UNION ALL SELECT target_code, target_name FROM events) WHERE code IS NOT NULL
                GROUP BY code ORDER BY events DESC, code""",
    "events": """SELECT cameo, count(*) AS events, round(avg(goldstein), 3) AS goldstein
                FROM events GROUP BY cameo ORDER BY events DESC, cameo""",
    "plover": """SELECT coalesce(plover, '(none)') AS plover, count(*) AS events FROM events
                GROUP BY ALL ORDER BY events DESC, plover""",
    "sources": """SELECT coalesce(source, '(unknown)') AS source, count(*) AS articles FROM articles
                GROUP BY ALL ORDER BY articles DESC, source""",
    "places": """SELECT place_name, place_country, count(*) AS events FROM events WHERE place_name IS NOT NULL
                GROUP BY ALL ORDER BY events DESC, place_name""",
    "clusters": """SELECT cluster_id, date, source_code, target_code, cameo, num_mentions, num_sources,
                num_articles, round(avg_tone, 3) AS avg_tone FROM event_clusters
                ORDER BY num_articles DESC, num_mentions DESC, cluster_id""",
}


def top(con: duckdb.DuckDBPyConnection, what: str = "dyads", *, n: int = 10) -> pa.Table:
    """The most frequent dyads, actors, event codes, PLOVER types, sources, places or clustered events."""
    if what not in _TOP_SQL:
        raise StoreError(f"unknown list {what!r}: use one of {', '.join(TOP_KINDS)}")
    return fetch(con, f"{_TOP_SQL[what]} LIMIT {int(n)}")


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(scalar(con, f"SELECT count(*) FROM {table}"))


def summary(con: duckdb.DuckDBPyConnection, n: int = 10) -> dict[str, Any]:
    """Counts for the summary screen: articles, events by PLOVER type and CAMEO root, top dyads, failures."""
    counts = {
        t: _count(con, t)
        for t in ("articles", "events", "event_clusters", "actors", "quotes", "claims", "places", "runs")
    }
    by_root = fetch(con, "SELECT cameo_root, count(*) AS events FROM events GROUP BY ALL ORDER BY cameo_root")
    failures = fetch(
        con,
        "SELECT kind, reason, count(*) AS n FROM failures GROUP BY ALL ORDER BY kind, n DESC, reason",
    )
    languages = fetch(
        con,
        "SELECT language, count(*) AS articles FROM articles GROUP BY ALL ORDER BY articles DESC, language",
    )
    dating = con.execute(
        "SELECT count(*) FILTER (WHERE published IS NULL), count(*) FILTER (WHERE published_inferred) FROM articles"
    ).fetchall()[0]
    return counts | {
        "undated": int(dating[0]),
        "dates_inferred": int(dating[1]),
        "articles_by_language": languages.to_pylist(),
        "clusters": counts.pop("event_clusters"),
        "events_by_plover": top(con, "plover", n=100).to_pylist(),
        "events_by_cameo_root": by_root.to_pylist(),
        "top_dyads": top(con, "dyads", n=n).to_pylist(),
        "failures": failures.to_pylist(),
    }


def network(con: duckdb.DuckDBPyConnection, *, n: int = 30) -> tuple[pa.Table, pa.Table]:
    """The ``n`` most active actors (code, name, events) and the undirected links between them."""
    actors = top(con, "actors", n=n)
    codes = actors.column("code").to_pylist()
    links = fetch(
        con,
        """SELECT least(source_code, target_code) AS a, greatest(source_code, target_code) AS b,
                  count(*) AS events, round(avg(goldstein), 3) AS mean_goldstein
           FROM events
           WHERE list_contains($codes, source_code) AND list_contains($codes, target_code)
             AND source_code <> target_code
           GROUP BY ALL ORDER BY events DESC, a, b""",
        {"codes": codes},
    )
    return actors, links
