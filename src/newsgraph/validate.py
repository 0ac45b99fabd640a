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

from functools import lru_cache

import duckdb

from newsgraph.store.codes import CODE_RE, ActorArg, check_pair, closest, store_codes


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


def known_codes(con: duckdb.DuckDBPyConnection | None) -> set[str]:
    return set(lexicon_codes()) | (store_codes(con) if con is not None else set())


def actor_arg(
    value: str,
    con: duckdb.DuckDBPyConnection | None = None,
    *,
    country_level: bool = False,
    known: set[str] | None = None,
) -> ActorArg:
    """Check one actor argument against the lexicon's and the store's codes (see the module doc)."""
    from newsgraph.store import codes

    pool = known if known is not None else known_codes(con)
    return codes.actor_arg(value, country_level=country_level, known=pool)


def actor_pair(
    a: str, b: str, con: duckdb.DuckDBPyConnection | None = None, *, country_level: bool = False
) -> tuple[ActorArg, ActorArg]:
    """Both sides of a dyad checked against one set of known codes (lexicon and store)."""
    return check_pair(a, b, known_codes(con), country_level=country_level)


__all__ = [
    "CODE_RE",
    "ActorArg",
    "actor_arg",
    "actor_pair",
    "closest",
    "known_codes",
    "lexicon_codes",
    "store_codes",
]
