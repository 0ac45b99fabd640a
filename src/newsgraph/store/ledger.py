"""The run ledger, shared by ``ingest`` and ``load``: near-duplicate stories, failures, and what is done.

Everything here runs inside the caller's transaction, so that articles, their rows, their LSH keys, their
stories, the failures of the batch and the resume marks become visible together or not at all.

* stories: :func:`link_stories` is the one near-duplicate linker (a union-find over the given articles and every
  stored article sharing an LSH key with them; a story is named by its smallest stored article id);
* resume: ``inputs_done`` holds the inputs read to the end; ``input_progress`` the number of records already
  consumed from an input that is only partly done (a JSONL or WARC file cut by a batch boundary), so that a
  rerun skips exactly those records;
* text: DuckDB refuses strings with lone surrogates, so :func:`clean_text` rewrites them before any write.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import duckdb

from newsgraph.store.sql import scalar

_SURROGATE = re.compile("[\ud800-\udfff]")
# columns whose text is indexed by character offsets: a lone surrogate becomes U+FFFD one for one
OFFSET_TEXT = frozenset({"text", "sentence", "trigger"})


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def clean_text(value: str, *, keep_length: bool = False) -> str:
    """Text DuckDB can store: lone surrogates become ``\\xNN`` (a byte that was not UTF-8, as ``os.fsdecode``
    leaves it in a file name) or ``\\uDnnn``; with ``keep_length`` each becomes U+FFFD so offsets stay right."""
    if not _SURROGATE.search(value):
        return value
    return _SURROGATE.sub("\ufffd" if keep_length else _escape, value)


def _needs_cleaning(value: Any) -> bool:
    if isinstance(value, str):
        return not value.isascii() and _SURROGATE.search(value) is not None
    return isinstance(value, list) and any(_needs_cleaning(v) for v in value)


def clean_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row with every string (and every string in a list) made storable (see :func:`clean_text`)."""
    bad = [key for key, value in row.items() if _needs_cleaning(value)]
    if not bad:
        return row
    out = dict(row)
    for key in bad:
        keep = key in OFFSET_TEXT
        value = row[key]
        if isinstance(value, str):
            out[key] = clean_text(value, keep_length=keep)
        else:
            out[key] = [clean_text(v, keep_length=keep) if isinstance(v, str) else v for v in value]
    return out


def merge_stories(current: Mapping[str, str], pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Union-find over articles linked by shared keys; a component's story is the smallest story id among its
    stored articles (``current``: stored article → its story).  Only stored articles are in the answer."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for a in current:
        groups.setdefault(find(a), []).append(a)
    out: dict[str, str] = {}
    for group in groups.values():
        story = min(current[a] for a in group)
        out |= dict.fromkeys(group, story)
    return out


def link_stories(con: duckdb.DuckDBPyConnection, ids: list[str]) -> int:
    """Give the stored articles ``ids`` their ``story_id`` from the keys in ``article_keys``; returns how many
    of them joined another article's story."""
    if not ids:
        return 0
    pairs = con.execute(
        "SELECT DISTINCT k1.article_id, k2.article_id FROM article_keys k1 JOIN article_keys k2 USING (key) "
        "WHERE list_contains(?, k1.article_id) AND k1.article_id <> k2.article_id",
        [ids],
    ).fetchall()
    members = sorted({a for pair in pairs for a in pair} | set(ids))
    current = dict(
        con.execute(
            "SELECT id, coalesce(story_id, id) FROM articles WHERE list_contains(?, id)", [members]
        ).fetchall()
    )
    stories = merge_stories(current, pairs)
    # stories are closed under the merge: every article of a story that changed follows it
    remap = {current[a]: stories[a] for a in current if current[a] != stories[a]}
    if remap:
        con.execute(
            "UPDATE articles SET story_id = m.story FROM (SELECT UNNEST(?::VARCHAR[]) AS old, "
            "UNNEST(?::VARCHAR[]) AS story) m WHERE coalesce(articles.story_id, articles.id) = m.old",
            [list(remap), list(remap.values())],
        )
    con.execute("UPDATE articles SET story_id = id WHERE list_contains(?, id) AND story_id IS NULL", [ids])
    return int(
        scalar(con, "SELECT count(*) FROM articles WHERE list_contains(?, id) AND story_id <> id", [ids])
    )


def add_keys(con: duckdb.DuckDBPyConnection, keys: list[tuple[str, str]]) -> None:
    """Store (LSH key, article id) pairs; a pair already stored is left alone."""
    if keys:
        con.execute(
            "INSERT INTO article_keys SELECT UNNEST(?::VARCHAR[]), UNNEST(?::VARCHAR[]) ON CONFLICT DO NOTHING",
            [[clean_text(k) for k, _ in keys], [a for _, a in keys]],
        )


def mark_progress(
    con: duckdb.DuckDBPyConnection,
    progress: Mapping[str, int],
    finished: list[str],
    run_id: str | None,
    now: datetime,
) -> None:
    """Record records consumed from partly read inputs, and the inputs read to the end (their progress goes)."""
    finished = [clean_text(n) for n in finished]
    partial = {clean_text(n): k for n, k in progress.items() if clean_text(n) not in finished}
    if partial:
        con.execute(
            "INSERT INTO input_progress SELECT UNNEST(?::VARCHAR[]), UNNEST(?::BIGINT[]), ?, ? "
            "ON CONFLICT (input) DO UPDATE SET records = excluded.records, run_id = excluded.run_id, "
            "updated_at = excluded.updated_at",
            [list(partial), list(partial.values()), run_id, now],
        )
    if finished:
        con.execute(
            "INSERT INTO inputs_done SELECT UNNEST(?::VARCHAR[]), ?, ? ON CONFLICT (input) DO UPDATE SET "
            "run_id = excluded.run_id, done_at = excluded.done_at",
            [finished, run_id, now],
        )
        con.execute("DELETE FROM input_progress WHERE list_contains(?, input)", [finished])


def progress(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Records already consumed per partly read input (the resume point of each)."""
    return {str(k): int(v) for k, v in con.execute("SELECT input, records FROM input_progress").fetchall()}
