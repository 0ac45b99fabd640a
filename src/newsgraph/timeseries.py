"""Honest time axes: every period between the first and last is present (empty ones are zero), and counts can
be normalised by the article volume of their period.

Used by ``plot dyad``, ``dyad --fill``/``--per-articles`` and the web charts, so the three agree.  Article volume
of a period = the number of stored articles with at least one event dated in that period (the denominator GDELT
users expect: the same event count means less in a month the press wrote twice as much).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import duckdb
import pyarrow as pa

from newsgraph.errors import StoreError

PERIODS = ("day", "week", "month", "year")
FILL_CAP = 5000  # periods; a longer span keeps only the periods with events (charts draw bars, never lines)
COUNT_COLUMNS = (
    "events",
    "a_to_b",
    "b_to_a",
    "verbal_coop",
    "material_coop",
    "verbal_conflict",
    "material_conflict",
)


def next_period(start: date, by: str) -> date:
    if by == "day":
        return start + timedelta(days=1)
    if by == "week":
        return start + timedelta(days=7)
    if by == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def period_range(first: date, last: date, by: str, cap: int = 240) -> list[date] | None:
    """Every period start from ``first`` to ``last`` (None when there would be more than ``cap``)."""
    out: list[date] = []
    current = first
    while current <= last:
        out.append(current)
        if len(out) > cap:
            return None
        current = next_period(current, by)
    return out


def fill_rows(rows: list[dict[str, Any]], by: str, cap: int = FILL_CAP) -> list[dict[str, Any]]:
    """Rows per period with the missing periods added as zero rows (``None`` for means, ``[]`` for lists).

    Unchanged when the span would need more than ``cap`` periods.
    """
    if not rows:
        return rows
    found = {r["period"]: r for r in rows}
    full = period_range(min(found), max(found), by, cap)
    if full is None:
        return rows
    template = rows[0]
    return [found.get(p) or {**{k: _zero(k, v) for k, v in template.items()}, "period": p} for p in full]


def _zero(key: str, value: Any) -> Any:
    if isinstance(value, list):
        return []
    if isinstance(value, int) and not isinstance(value, bool) and key in COUNT_COLUMNS + ("articles",):
        return 0
    if isinstance(value, int | float) and key.startswith(("events_per", "articles")):
        return 0
    return None


def article_volume(con: duckdb.DuckDBPyConnection, by: str) -> dict[date, int]:
    """Articles with at least one event dated in each period."""
    if by not in PERIODS:
        raise StoreError(f"unknown period {by!r}: use one of {', '.join(PERIODS)}")
    sql = f"""SELECT CAST(date_trunc('{by}', date) AS DATE) AS p, count(DISTINCT article_id) AS n
              FROM events WHERE date IS NOT NULL GROUP BY ALL"""
    try:
        return {p: int(n) for p, n in con.execute(sql).fetchall()}
    except duckdb.Error as exc:
        raise StoreError(f"query failed: {exc}") from None


def per_articles(rows: list[dict[str, Any]], volume: dict[date, int]) -> list[dict[str, Any]]:
    """Add ``articles`` (the period's article volume) and ``events_per_100_articles`` to each row."""
    out = []
    for r in rows:
        n = volume.get(r["period"], 0)
        share = round(100 * r["events"] / n, 3) if n else 0.0
        out.append({**r, "articles": n, "events_per_100_articles": share})
    return out


def dyad_table(
    table: pa.Table, con: duckdb.DuckDBPyConnection, by: str, *, fill: bool, normalise: bool
) -> pa.Table:
    """The dyad table with empty periods as zero rows and/or the article-volume columns."""
    rows = table.to_pylist()
    if normalise:
        rows = per_articles(rows, article_volume(con, by))
    if fill:
        rows = fill_rows(rows, by)
    schema = table.schema
    if normalise:
        schema = pa.schema(
            [*schema, pa.field("articles", pa.int64()), pa.field("events_per_100_articles", pa.float64())]
        )
    return pa.Table.from_pylist(rows, schema=schema)
