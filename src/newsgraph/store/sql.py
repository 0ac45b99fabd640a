"""Small SQL helpers shared by everything that talks to DuckDB (the store, clustering, queries, exports)."""

from __future__ import annotations

from typing import Any

import duckdb


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Any = None) -> Any:
    """First value of the first row (None when there is no row); always drains the result."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None


def one_line(exc: BaseException) -> str:
    """First line of an exception message (DuckDB messages can span several lines)."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
