"""Actor-code arguments checked against a set of known codes (the store layer's half of newsgraph.validate).

``usa`` is read as ``USA``; a trailing ``*`` (``USAGOV*``) or ``country_level`` rolls a code up to its country;
an unknown code raises :class:`~newsgraph.errors.ConfigError` naming the closest known codes.  The store knows
the codes its events hold; :mod:`newsgraph.validate` adds every code the actor lexicon can produce.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection
from dataclasses import dataclass

import duckdb

from newsgraph.errors import ConfigError

CODE_RE = re.compile(r"[A-Z0-9_.\-]{1,40}")
_STORE_CODES_SQL = """
SELECT DISTINCT c FROM (
    SELECT source_code AS c FROM events UNION ALL SELECT target_code FROM events
    UNION ALL SELECT source_country FROM events UNION ALL SELECT target_country FROM events
) WHERE c IS NOT NULL"""


@dataclass(frozen=True)
class ActorArg:
    """A checked actor argument: ``code`` is what the queries match (a country when rolled up)."""

    given: str
    code: str
    country_level: bool = False


def store_codes(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Actor codes and countries found in the store's events (empty when the store has no events table)."""
    try:
        return {str(r[0]).upper() for r in con.execute(_STORE_CODES_SQL).fetchall()}
    except duckdb.Error:
        return set()


def closest(code: str, known: set[str], n: int = 5) -> list[str]:
    """The known codes nearest to ``code`` (same-prefix codes first, then difflib's closest)."""
    pool = sorted(known)
    near = difflib.get_close_matches(code, pool, n=n, cutoff=0.6) or difflib.get_close_matches(
        code, [k for k in pool if len(k) == len(code)], n=n, cutoff=0.3
    )
    prefix = sorted(k for k in known if k.startswith(code[:3]) and k not in near)[: max(0, n - len(near))]
    return (near + prefix)[:n]


def actor_arg(
    value: str,
    *,
    country_level: bool = False,
    known: Collection[str],
) -> ActorArg:
    """Check one actor argument (see the module doc); ConfigError with suggestions when it is unknown."""
    given = value
    code = value.strip().upper()
    if code.endswith("*"):
        code, country_level = code[:-1], True
    if not CODE_RE.fullmatch(code):
        raise ConfigError(
            f"actor code must be 1-40 letters, digits, '.', '_' or '-' (optionally ending in *), got {given[:40]!r}"
        )
    pool = set(known)
    if code not in pool:
        hint = closest(code, pool)
        tail = f"; closest known: {', '.join(hint)}" if hint else ""
        raise ConfigError(f"unknown actor code {given[:40]!r}{tail}")
    if country_level:
        code = code[:3]
    return ActorArg(given, code, country_level)


def check_pair(
    a: str, b: str, known: Collection[str], *, country_level: bool = False
) -> tuple[ActorArg, ActorArg]:
    """Both sides of a dyad checked against one set of known codes."""
    pool = set(known)
    return (
        actor_arg(a, country_level=country_level, known=pool),
        actor_arg(b, country_level=country_level, known=pool),
    )
