"""Numbered migrations read from ``schema.sql`` and applied in order."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources

import duckdb

from newsgraph.errors import StoreError
from newsgraph.store.sql import one_line, scalar

__all__ = ["Migration", "current_version", "migrate", "migrations", "one_line", "parse_migrations", "scalar"]

_HEADER = re.compile(r"^-- migration (\d{3}): (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def parse_migrations(text: str) -> tuple[Migration, ...]:
    """Split a schema file into migrations; numbers must be 1, 2, 3 ... with no gaps."""
    headers = list(_HEADER.finditer(text))
    out = []
    for i, match in enumerate(headers):
        end = headers[i + 1].start() if i + 1 < len(headers) else len(text)
        version = int(match.group(1))
        if version != i + 1:
            raise StoreError(f"schema.sql: migration {match.group(1)} out of order (expected {i + 1:03d})")
        out.append(Migration(version, match.group(2).strip(), text[match.end() : end].strip()))
    return tuple(out)


@lru_cache(maxsize=1)
def migrations() -> tuple[Migration, ...]:
    text = resources.files("newsgraph.store").joinpath("schema.sql").read_text(encoding="utf-8")
    return parse_migrations(text)


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    sql = "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    if not scalar(con, sql):
        return 0
    return int(scalar(con, "SELECT coalesce(max(version), 0) FROM schema_migrations"))


def migrate(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply every migration newer than the store; return the versions applied."""
    have = current_version(con)
    latest = migrations()[-1].version
    if have > latest:
        raise StoreError(
            f"store schema version {have} is newer than this newsgraph ({latest}); upgrade newsgraph"
        )
    applied = []
    for mig in migrations():
        if mig.version <= have:
            continue
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute(mig.sql)
            con.execute(
                "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                [mig.version, mig.name, datetime.now(UTC).replace(tzinfo=None)],
            )
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"migration {mig.version:03d} failed: {one_line(exc)}") from None
        applied.append(mig.version)
    return applied
