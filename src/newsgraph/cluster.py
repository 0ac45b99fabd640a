"""Cross-article event clustering, as GDELT does it.

Every row of ``events`` is one *mention*: one article's sentence saying that something happened.  Mentions that
share a source actor code, a target actor code, a CAMEO base code (3 digits), a place and a date window, and that
agree on being factual (not negated, hypothetical or future), are one *event*: a row of ``event_clusters`` with
NumMentions (mentions), NumSources (distinct outlets), NumArticles (distinct articles) and AvgTone (mean tone of
those articles).  ``event_mentions`` links every cluster to all its mentions.

The date window is a fixed calendar bucket of ``window_days`` days counted from 1970-01-01 (default 1: the same
day).  The event date is the mention's date, else the article's publication date; undated mentions are clusters of
their own.  The place key is the gazetteer id, else country/name, else the country, else "no place".  The cluster's
descriptive columns (full CAMEO code, QuadClass, Goldstein, names, place) come from its first mention (earliest
date, then earliest stored, then article and event id), as GDELT keeps the event as first seen.
"""

from __future__ import annotations

import duckdb

from newsgraph.errors import StoreError
from newsgraph.store.sql import one_line, scalar

WINDOW_DAYS = 1

_MENTIONS_SQL = """
CREATE OR REPLACE TEMP TABLE _ng_mentions AS
WITH m AS (
    SELECT e.*, coalesce(e.date, a.published) AS d, a.tone AS article_tone, a.added_at,
           coalesce(nullif(a.source, ''), nullif(regexp_extract(a.url, '://([^/:]+)', 1), ''), 'unknown')
               AS outlet,
           coalesce(a.url, 'newsgraph:article/' || a.id) AS article_url,
           concat_ws('|', coalesce(e.source_code, ''), coalesce(e.target_code, ''), e.cameo_base,
                     coalesce(e.place_id, e.place_country || '/' || e.place_name, e.place_country, ''),
                     CASE WHEN list_has_any(e.flags, ['negated', 'hypothetical', 'future'])
                          THEN 'nonfactual' ELSE 'factual' END,
                     CASE WHEN coalesce(e.date, a.published) IS NULL THEN e.article_id || '/' || e.id
                          ELSE CAST((coalesce(e.date, a.published) - DATE '1970-01-01') // $window AS VARCHAR)
                     END) AS ckey
    FROM events e JOIN articles a ON a.id = e.article_id
), o AS (
    SELECT *, row_number() OVER (PARTITION BY ckey ORDER BY d, added_at, article_id, id) AS ord FROM m
)
SELECT *, 'c' || substr(first_value(md5(ckey || '|' || article_id || '/' || id)) OVER w, 1, 15) AS cluster_id
FROM o
WINDOW w AS (PARTITION BY ckey ORDER BY ord ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
"""

_FIRST = [
    "source_code",
    "source_name",
    "source_country",
    "target_code",
    "target_name",
    "target_country",
    "cameo",
    "cameo_base",
    "cameo_root",
    "quad",
    "goldstein",
    "plover",
    "mode",
    "place_name",
    "place_country",
    "place_admin1",
    "place_lat",
    "place_lon",
    "place_resolution",
    "place_id",
]

_CLUSTERS_SQL = f"""
INSERT INTO event_clusters
WITH tone AS (
    SELECT cluster_id, avg(article_tone) AS avg_tone
    FROM (SELECT DISTINCT cluster_id, article_id, article_tone FROM _ng_mentions)
    GROUP BY cluster_id
)
SELECT m.cluster_id,
       CAST('0x' || substr(m.cluster_id, 2, 15) AS BIGINT) AS global_event_id,
       min(d) AS date,
       {", ".join(f"arg_min({c}, ord) AS {c}" for c in _FIRST)},
       NOT bool_or(list_has_any(flags, ['negated', 'hypothetical', 'future'])) AS factual,
       bool_or(sentence_start = 0) AS is_root,
       count(*) AS num_mentions,
       count(DISTINCT outlet) AS num_sources,
       count(DISTINCT article_id) AS num_articles,
       any_value(tone.avg_tone) AS avg_tone,
       arg_min(article_id, ord) AS first_article_id,
       arg_min(article_url, ord) AS source_url,
       min(added_at) AS date_added
FROM _ng_mentions m JOIN tone USING (cluster_id)
GROUP BY m.cluster_id
"""


def cluster_events(con: duckdb.DuckDBPyConnection, window_days: int = WINDOW_DAYS) -> int:
    """Recompute ``event_clusters`` and ``event_mentions`` from ``events``; return the number of clusters."""
    if window_days < 1:
        raise StoreError("cluster window must be at least one day")
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute(_MENTIONS_SQL, {"window": window_days})
        con.execute("DELETE FROM event_clusters")
        con.execute("DELETE FROM event_mentions")
        con.execute(_CLUSTERS_SQL)
        con.execute("INSERT INTO event_mentions SELECT cluster_id, id, article_id FROM _ng_mentions")
        con.execute("DROP TABLE _ng_mentions")
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise StoreError(f"event clustering failed: {one_line(exc)}") from None
    return int(scalar(con, "SELECT count(*) FROM event_clusters"))


def clusters_fresh(con: duckdb.DuckDBPyConnection) -> bool:
    """True when every event belongs to a cluster (``cluster_events`` has run since the last write)."""
    sql = "SELECT (SELECT count(*) FROM events) = (SELECT count(*) FROM event_mentions)"
    return bool(scalar(con, sql))
