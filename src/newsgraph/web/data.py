"""Read-only queries behind the web explorer.

Every statement here is parameterised: user values travel as DuckDB parameters, never inside the SQL text.
The only values formatted into SQL are checked names (periods, quad groups) and integers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

from newsgraph import query

EVENT_COLUMNS = (
    "id, article_id, source_code, source_name, source_country, target_code, target_name, target_country, "
    "source_actors, target_actors, cameo, cameo_base, cameo_root, quad, goldstein, plover, mode, context, date, "
    "date_source, place_name, place_country, place_admin1, place_lat, place_lon, place_resolution, place_id, "
    "location_source, sentence, sentence_start, trigger_start, trigger_end, trigger, flags, extractor"
)
CSV_COLUMNS = (
    "date",
    "source_code",
    "source_name",
    "target_code",
    "target_name",
    "cameo",
    "cameo_root",
    "quad",
    "goldstein",
    "plover",
    "flags",
    "place_name",
    "place_country",
    "place_lat",
    "place_lon",
    "sentence",
    "article_id",
    "id",
)
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
SIDES = {"coop": "quad <= 2", "conflict": "quad >= 3", "all": "TRUE"}


@dataclass
class EventFilter:
    """The filters of the events page (all optional); ``where()`` turns them into parameterised SQL."""

    start: date | None = None
    end: date | None = None
    actor: str | None = None
    source: str | None = None
    target: str | None = None
    code: str | None = None
    root: str | None = None
    quad: int | None = None
    plover: str | None = None
    flags: list[str] = field(default_factory=list)
    q: str | None = None
    place: str | None = None
    article: str | None = None

    def where(self) -> tuple[str, dict[str, Any]]:
        clauses, params = ["TRUE"], {}
        checks: list[tuple[str, Any, str]] = [
            ("start", self.start, "date >= $start"),
            ("end", self.end, "date <= $end"),
            ("actor", self.actor, f"({query.side('source', 'actor')} OR {query.side('target', 'actor')})"),
            ("source", self.source, query.side("source", "source")),
            ("target", self.target, query.side("target", "target")),
            ("code", self.code, "starts_with(cameo, $code)"),
            ("root", self.root, "cameo_root = $root"),
            ("quad", self.quad, "quad = $quad"),
            ("plover", self.plover, "plover = $plover"),
            ("q", self.q, "contains(lower(sentence), lower($q))"),
            ("place", self.place, "(place_name = $place OR place_id = $place)"),
            ("article", self.article, "article_id = $article"),
        ]
        for name, value, clause in checks:
            if value not in (None, ""):
                clauses.append(clause)
                params[name] = value
        for i, flag in enumerate(self.flags):
            clauses.append(f"list_contains(flags, $flag{i})")
            params[f"flag{i}"] = flag
        return " AND ".join(clauses), params

    def params(self) -> dict[str, Any]:
        """The non-empty filters as query-string pairs (for links and the CSV download)."""
        out: dict[str, Any] = {}
        for name in (
            "start",
            "end",
            "actor",
            "source",
            "target",
            "code",
            "root",
            "quad",
            "plover",
            "q",
            "place",
        ):
            value = getattr(self, name)
            if value not in (None, ""):
                out[name] = str(value)
        if self.article:
            out["article"] = self.article
        if self.flags:
            out["flag"] = list(self.flags)
        return out


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: Any = None) -> list[dict[str, Any]]:
    return query.fetch(con, sql, params).to_pylist()


def _event_row(row: dict[str, Any]) -> dict[str, Any]:
    for key in ("source_actors", "target_actors"):
        if isinstance(row.get(key), str):
            row[key] = json.loads(row[key])
    row["quad_name"] = QUAD_NAMES.get(row.get("quad") or 0, "")
    return row


def events_page(
    con: duckdb.DuckDBPyConnection, flt: EventFilter, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """(total matching, one page of events) in date order."""
    where, params = flt.where()
    total = query.fetch(con, f"SELECT count(*) AS n FROM events WHERE {where}", params).to_pylist()[0]["n"]
    page = rows(
        con,
        f"SELECT {EVENT_COLUMNS} FROM events WHERE {where} "
        f"ORDER BY date NULLS LAST, article_id, id LIMIT {int(limit)} OFFSET {int(offset)}",
        params,
    )
    return int(total), [_event_row(r) for r in page]


def events_csv_rows(con: duckdb.DuckDBPyConnection, flt: EventFilter, cap: int) -> list[dict[str, Any]]:
    where, params = flt.where()
    sql = (
        f"SELECT {', '.join(CSV_COLUMNS)} FROM events WHERE {where} ORDER BY date NULLS LAST, article_id, id"
    )
    return rows(con, f"{sql} LIMIT {int(cap)}", params)


def event(con: duckdb.DuckDBPyConnection, article_id: str, event_id: str) -> dict[str, Any] | None:
    found = rows(
        con,
        f"SELECT {EVENT_COLUMNS} FROM events WHERE article_id = $a AND id = $e",
        {"a": article_id, "e": event_id},
    )
    return _event_row(found[0]) if found else None


def home(con: duckdb.DuckDBPyConnection, n: int = 15) -> dict[str, Any]:
    """Summary counts, date range, latest articles, busiest dyads and most active actors."""
    out = query.summary(con, n=10)
    span = rows(con, "SELECT min(date) AS first, max(date) AS last FROM events")[0]
    out["first_event"], out["last_event"] = span["first"], span["last"]
    out["by_quad"] = rows(con, "SELECT quad, count(*) AS events FROM events GROUP BY quad ORDER BY quad")
    out["latest_articles"] = latest_articles(con, n, 0)
    out["top_actors"] = query.top(con, "actors", n=10).to_pylist()
    return out


def latest_articles(con: duckdb.DuckDBPyConnection, limit: int, offset: int) -> list[dict[str, Any]]:
    return rows(
        con,
        f"""SELECT a.id, a.title, a.source, a.url, a.published, a.n_chars, a.tone, coalesce(n.events, 0) AS events
            FROM articles a LEFT JOIN (SELECT article_id, count(*) AS events FROM events GROUP BY ALL) n
                 ON n.article_id = a.id
            ORDER BY a.published DESC NULLS LAST, a.added_at DESC, a.id
            LIMIT {int(limit)} OFFSET {int(offset)}""",
    )


def count_articles(con: duckdb.DuckDBPyConnection) -> int:
    return int(rows(con, "SELECT count(*) AS n FROM articles")[0]["n"])


def article(con: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    """One article with its text and every annotation (actors, places, quotes, claims, events)."""
    found = rows(con, "SELECT * EXCLUDE (sentence_tone) FROM articles WHERE id = $id", {"id": article_id})
    if not found:
        return None
    out = found[0]
    p = {"id": article_id}
    for table in ("actors", "places", "quotes", "claims"):
        out[table] = rows(
            con, f"SELECT * EXCLUDE (article_id) FROM {table} WHERE article_id = $id ORDER BY idx", p
        )
    out["events"] = [
        _event_row(r)
        for r in rows(
            con,
            f"SELECT {EVENT_COLUMNS} FROM events WHERE article_id = $id ORDER BY sentence_start, trigger_start, id",
            p,
        )
    ]
    return out


def dyad_evidence(
    con: duckdb.DuckDBPyConnection, a: str, b: str, by: str, period: date, side: str, limit: int = 200
) -> list[dict[str, Any]]:
    """The events (with their sentences) between A and B in one period, both directions."""
    match = (
        f"(({query.side('source', 'a')} AND {query.side('target', 'b')}) OR "
        f"({query.side('source', 'b')} AND {query.side('target', 'a')}))"
    )
    sql = f"""SELECT e.id, e.article_id, e.date, e.source_code, e.source_name, e.target_code, e.target_name,
                     e.cameo, e.quad, e.goldstein, e.plover, e.flags, e.sentence, e.trigger, a.title, a.source
              FROM events e JOIN articles a ON a.id = e.article_id
              WHERE e.date IS NOT NULL AND {match} AND CAST(date_trunc('{_period(by)}', e.date) AS DATE) = $p
                AND {SIDES[side]}
              ORDER BY e.date, e.article_id, e.id LIMIT {int(limit)}"""
    return [_event_row(r) for r in rows(con, sql, {"a": a, "b": b, "p": period})]


def _period(by: str) -> str:
    if by not in query.PERIODS:
        raise ValueError(f"unknown period {by!r}")
    return by


def actor_name(con: duckdb.DuckDBPyConnection, code: str) -> str | None:
    found = rows(
        con,
        f"""SELECT mode(name) AS name FROM (
                SELECT source_name AS name FROM events WHERE {query.side("source", "code")}
                UNION ALL SELECT target_name FROM events WHERE {query.side("target", "code")})""",
        {"code": code},
    )
    return found[0]["name"] if found else None


def dyad_series(con: duckdb.DuckDBPyConnection, a: str, b: str, by: str) -> list[dict[str, Any]]:
    """Events between A and B per period (newsgraph.query.dyad)."""
    return query.dyad(con, a, b, by=by).to_pylist()


def actor_report(con: duckdb.DuckDBPyConnection, code: str, by: str) -> dict[str, Any]:
    """Counterparts and timeline (newsgraph.query.actor) plus the actor's most used name."""
    out = query.actor(con, code, by=by).to_dict()
    out["name"] = actor_name(con, code)
    out["by"] = by
    return out


def map_places(con: duckdb.DuckDBPyConnection, limit: int = 2000) -> list[dict[str, Any]]:
    """Event places with coordinates and their event counts (busiest first)."""
    return rows(
        con,
        f"""SELECT any_value(place_name) AS name, any_value(place_country) AS country, any_value(place_id) AS place_id,
                   round(avg(place_lat), 4) AS lat, round(avg(place_lon), 4) AS lon, count(*) AS events,
                   count(*) FILTER (WHERE quad <= 2) AS cooperation, count(*) FILTER (WHERE quad >= 3) AS conflict
            FROM events WHERE place_lat IS NOT NULL AND place_lon IS NOT NULL AND place_name IS NOT NULL
            GROUP BY coalesce(place_id, place_name || '|' || coalesce(place_country, '')) ORDER BY events DESC, name LIMIT {int(limit)}""",
    )
