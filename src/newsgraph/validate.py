"""Actor codes checked before they reach a query: case-insensitive, unknown codes named with the closest ones.

An actor argument (CLI ``dyad``/``plot``/``export --actor``, the web pages and JSON, ``Store.dyad``) is a CAMEO
actor code (``USAGOV``) or a country (``USA``, which matches every actor of that country).  ``usa`` is read as
``USA``.  A trailing ``*`` (``USAGOV*``) or ``country_level=True`` rolls the code up to its country (its first
three letters): USAGOV, USAMIL and USA all count as USA.

A code is known when the store holds it (as an actor code or a country) or the actor lexicon can produce it
(countries, organisations, groups, people's roles, and every country + sector pair).  Anything else raises
:class:`~newsgraph.errors.ConfigError` with the closest known codes (difflib), so a typo never returns an empty
table.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

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


@lru_cache(maxsize=1)
def lexicon_codes() -> frozenset[str]:
    """Every actor code the lexicon can produce (countries, fixed codes, country + sector pairs)."""
    from newsgraph.lexicon import load_lexicon

    lex = load_lexicon()
    codes: set[str] = set(lex.countries)
    sectors: set[str] = set()
    for entries in lex.phrases.values():
        for e in entries:
            if e.code:
                codes.add(e.code)
            if e.sector:
                sectors.add(e.sector)
            for role in e.roles:
                if role.org_code:
                    codes.add(role.org_code)
                if role.sector:
                    sectors.add(role.sector)
    codes |= {c + s for c in lex.countries for s in sectors}
    return frozenset(c.upper() for c in codes)


def store_codes(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Actor codes and countries found in the store's events (empty when the store has no events table)."""
    try:
        return {str(r[0]).upper() for r in con.execute(_STORE_CODES_SQL).fetchall()}
    except duckdb.Error:
        return set()


def known_codes(con: duckdb.DuckDBPyConnection | None) -> set[str]:
    return set(lexicon_codes()) | (store_codes(con) if con is not None else set())


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
    con: duckdb.DuckDBPyConnection | None = None,
    *,
    country_level: bool = False,
    known: set[str] | None = None,
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
    pool = known if known is not None else known_codes(con)
    if code not in pool:
        hint = closest(code, pool)
        tail = f"; closest known: {', '.join(hint)}" if hint else ""
        raise ConfigError(f"unknown actor code {given[:40]!r}{tail}")
    if country_level:
        code = code[:3]
    return ActorArg(given, code, country_level)


def actor_pair(
    a: str, b: str, con: duckdb.DuckDBPyConnection | None = None, *, country_level: bool = False
) -> tuple[ActorArg, ActorArg]:
    """Both sides of a dyad checked against one set of known codes."""
    pool = known_codes(con)
    return (
        actor_arg(a, country_level=country_level, known=pool),
        actor_arg(b, country_level=country_level, known=pool),
    )
