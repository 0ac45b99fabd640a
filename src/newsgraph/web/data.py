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
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
SIDES = {"coop": "quad <= 2", "conflict": "quad >= 3", "all": "TRUE"}
# Sort keys of the events list (a leading - sorts descending); every order ends on the primary key.
EVENT_SORTS = {
    "date": "date NULLS LAST, article_id, id",
    "-date": "date DESC NULLS LAST, article_id, id",
    "goldstein": "goldstein NULLS LAST, date, article_id, id",
    "-goldstein": "goldstein DESC NULLS LAST, date, article_id, id",
    "cameo": "cameo, date, article_id, id",
    "-cameo": "cameo DESC, date, article_id, id",
    "quad": "quad, date, article_id, id",
    "-quad": "quad DESC, date, article_id, id",
    "source": "source_code NULLS LAST, date, article_id, id",
    "-source": "source_code DESC NULLS LAST, date, article_id, id",
    "target": "target_code NULLS LAST, date, article_id, id",
    "-target": "target_code DESC NULLS LAST, date, article_id, id",
}
ARTICLE_SORTS = {
    "-published": "a.published DESC NULLS LAST, a.added_at DESC, a.id",
    "published": "a.published NULLS LAST, a.added_at, a.id",
    "title": "lower(a.title) NULLS LAST, a.id",
    "-title": "lower(a.title) DESC NULLS LAST, a.id",
    "source": "a.source NULLS LAST, a.published DESC, a.id",
    "-source": "a.source DESC NULLS LAST, a.published DESC, a.id",
    "events": "events, a.published DESC, a.id",
    "-events": "events DESC, a.published DESC, a.id",
    "tone": "a.tone NULLS LAST, a.id",
    "-tone": "a.tone DESC NULLS LAST, a.id",
}


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
    country: str | None = None
    sort: str = "date"

    def order(self) -> str:
        return EVENT_SORTS.get(self.sort, EVENT_SORTS["date"])

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
            ("country", self.country, "$country IN (source_country, target_country, place_country)"),
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
            "country",
        ):
            value = getattr(self, name)
            if value not in (None, ""):
                out[name] = str(value)
        if self.article:
            out["article"] = self.article
        if self.flags:
            out["flag"] = list(self.flags)
        if self.sort != "date":
            out["sort"] = self.sort
        return out


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: Any = None) -> list[dict[str, Any]]:
    return query.fetch(con, sql, params).to_pylist()


def _event_row(row: dict[str, Any]) -> dict[str, Any]:
    for key in ("source_actors", "target_actors"):
        if isinstance(row.get(key), str):
            row[key] = json.loads(row[key])
    row["quad_name"] = QUAD_NAMES.get(row.get("quad") or 0, "")
    row["cameo_name"] = cameo_name(row.get("cameo"))
    return row


def cameo_name(code: str | None) -> str:
    from newsgraph.codes import cameo_table

    entry = cameo_table().get(code or "")
    return entry.name if entry else ""


def events_page(
    con: duckdb.DuckDBPyConnection, flt: EventFilter, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """(total matching, one page of events) in date order."""
    where, params = flt.where()
    total = query.fetch(con, f"SELECT count(*) AS n FROM events WHERE {where}", params).to_pylist()[0]["n"]
    page = rows(
        con,
        f"SELECT {EVENT_COLUMNS} FROM events WHERE {where} "
        f"ORDER BY {flt.order()} LIMIT {int(limit)} OFFSET {int(offset)}",
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


def article(
    con: duckdb.DuckDBPyConnection, article_id: str, events_limit: int = 10_000_000, events_offset: int = 0
) -> dict[str, Any] | None:
    """One article with its text and every annotation; events paginated (``events_total`` counts them all)."""
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
            f"SELECT {EVENT_COLUMNS} FROM events WHERE article_id = $id ORDER BY sentence_start, trigger_start, id "
            f"LIMIT {int(events_limit)} OFFSET {int(events_offset)}",
            p,
        )
    ]
    out["events_total"] = int(rows(con, "SELECT count(*) AS n FROM events WHERE article_id = $id", p)[0]["n"])
    out["events_offset"] = int(events_offset)
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


@dataclass
class ArticleFilter:
    """Filters of the articles list: title text, source, publication dates, sort key."""

    q: str | None = None
    source: str | None = None
    start: date | None = None
    end: date | None = None
    sort: str = "-published"

    def where(self) -> tuple[str, dict[str, Any]]:
        clauses, params = ["TRUE"], {}
        for name, value, clause in (
            ("q", self.q, "contains(lower(coalesce(a.title, '')), lower($q))"),
            ("source", self.source, "a.source = $source"),
            ("start", self.start, "a.published >= $start"),
            ("end", self.end, "a.published <= $end"),
        ):
            if value not in (None, ""):
                clauses.append(clause)
                params[name] = value
        return " AND ".join(clauses), params

    def params(self) -> dict[str, Any]:
        out = {
            k: str(v)
            for k, v in (("q", self.q), ("source", self.source), ("start", self.start), ("end", self.end))
            if v not in (None, "")
        }
        if self.sort != "-published":
            out["sort"] = self.sort
        return out


def article_list(
    con: duckdb.DuckDBPyConnection, flt: ArticleFilter, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """(total matching, one page of articles) with their event counts, in the filter's order."""
    where, params = flt.where()
    total = rows(con, f"SELECT count(*) AS n FROM articles a WHERE {where}", params)[0]["n"]
    order = ARTICLE_SORTS.get(flt.sort, ARTICLE_SORTS["-published"])
    items = rows(
        con,
        f"""SELECT a.id, a.title, a.source, a.url, a.published, a.n_chars, a.tone, coalesce(n.events, 0) AS events
            FROM articles a LEFT JOIN (SELECT article_id, count(*) AS events FROM events GROUP BY ALL) n
                 ON n.article_id = a.id
            WHERE {where} ORDER BY {order} LIMIT {int(limit)} OFFSET {int(offset)}""",
        params,
    )
    return int(total), items


def sources(con: duckdb.DuckDBPyConnection, n: int = 200) -> list[str]:
    found = rows(
        con,
        f"SELECT source FROM articles WHERE source IS NOT NULL GROUP BY ALL ORDER BY count(*) DESC, source LIMIT {int(n)}",
    )
    return [r["source"] for r in found]


def search(con: duckdb.DuckDBPyConnection, q: str, limit: int = 50) -> dict[str, Any]:
    """Case-insensitive substring search over article titles, event sentences and actor names and codes."""
    p = {"q": q}
    articles = rows(
        con,
        f"""SELECT id, title, source, published, count(*) OVER () AS total FROM articles
            WHERE contains(lower(coalesce(title, '')), lower($q))
            ORDER BY published DESC NULLS LAST, id LIMIT {int(limit)}""",
        p,
    )
    events = rows(
        con,
        f"""SELECT {EVENT_COLUMNS}, count(*) OVER () AS total FROM events WHERE contains(lower(sentence), lower($q))
            ORDER BY date DESC NULLS LAST, article_id, id LIMIT {int(limit)}""",
        p,
    )
    actors = rows(
        con,
        f"""SELECT code, mode(name) AS name, count(*) AS mentions FROM (
                SELECT source_code AS code, source_name AS name, source_name AS text FROM events
                UNION ALL SELECT target_code, target_name, target_name FROM events
                UNION ALL SELECT code, name, text FROM actors)
            WHERE code IS NOT NULL AND (contains(lower(coalesce(name, '')), lower($q))
                  OR contains(lower(coalesce(text, '')), lower($q)) OR starts_with(lower(code), lower($q)))
            GROUP BY code ORDER BY mentions DESC, code LIMIT {int(limit)}""",
        p,
    )
    return {
        "q": q,
        "articles": {"total": articles[0]["total"] if articles else 0, "items": _drop_total(articles)},
        "events": {
            "total": events[0]["total"] if events else 0,
            "items": [_event_row(r) for r in _drop_total(events)],
        },
        "actors": {"total": len(actors), "items": actors},
    }


def _drop_total(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for r in found:
        r.pop("total", None)
    return found


def country_counts(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, int]]:
    """Events per place country (ISO alpha-3): events, cooperation, conflict."""
    found = rows(
        con,
        """SELECT place_country AS c, count(*) AS events, count(*) FILTER (WHERE quad <= 2) AS cooperation,
                  count(*) FILTER (WHERE quad >= 3) AS conflict
           FROM events WHERE place_country IS NOT NULL GROUP BY ALL""",
    )
    return {r["c"]: {k: int(r[k]) for k in ("events", "cooperation", "conflict")} for r in found}


def trimmed_range(
    timeline: list[dict[str, Any]], low: float = 0.01, high: float = 0.99
) -> tuple[date, date] | None:
    """The periods holding the 1st and 99th percentile of events (None when the timeline is empty)."""
    total = sum(r["events"] for r in timeline)
    if not total:
        return None
    ordered = sorted(timeline, key=lambda r: r["period"])
    seen, first, last = 0, None, ordered[-1]["period"]
    for r in ordered:
        seen += r["events"]
        if first is None and seen > low * total:
            first = r["period"]
        if seen >= high * total:
            last = r["period"]
            break
    return first or ordered[0]["period"], last
