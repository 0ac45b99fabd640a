"""``newsgraph event ID``: one event with its evidence, its article and the cluster and story it belongs to."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import click
import duckdb
from rich.console import Console
from rich.table import Table

from newsgraph.commands.store import db_option
from newsgraph.errors import ConfigError
from newsgraph.query import fetch
from newsgraph.settings import Settings
from newsgraph.store import Store

_EVENT_SQL = """
SELECT e.* EXCLUDE (run_id), a.title, a.url, a.source AS article_source, a.published, a.story_id,
       m.cluster_id, c.global_event_id, c.num_mentions, c.num_articles, c.num_sources, c.factual,
       c.date AS cluster_date,
       (SELECT count(*) FROM articles s WHERE s.story_id = a.story_id) AS story_articles
FROM events e JOIN articles a ON a.id = e.article_id
LEFT JOIN event_mentions m ON m.article_id = e.article_id AND m.event_id = e.id
LEFT JOIN event_clusters c ON c.cluster_id = m.cluster_id
WHERE {where}
ORDER BY e.article_id, e.id LIMIT 20"""


def find_events(con: duckdb.DuckDBPyConnection, ident: str) -> list[dict[str, Any]]:
    """Events whose id is ``ident`` (or ``ARTICLE/EVENT``, or an unambiguous id prefix of 6+ characters)."""
    ident = ident.strip()
    if not re.fullmatch(r"[A-Za-z0-9_.:\-/]{1,200}", ident):
        raise ConfigError(f"event id must be letters, digits, '.', '_', ':', '-' or '/', got {ident[:60]!r}")
    if "/" in ident:
        article_id, event_id = ident.split("/", 1)
        rows = fetch(
            con, _EVENT_SQL.format(where="e.article_id = $a AND e.id = $e"), {"a": article_id, "e": event_id}
        )
    else:
        rows = fetch(con, _EVENT_SQL.format(where="e.id = $e"), {"e": ident})
        if not rows.num_rows and len(ident) >= 6:
            rows = fetch(con, _EVENT_SQL.format(where="starts_with(e.id, $e)"), {"e": ident})
    found = rows.to_pylist()
    if not found:
        raise ConfigError(
            f"no event {ident!r} in the store (ids are printed by dyad, actor and the web pages)"
        )
    return [_shape(r) for r in found]


def _shape(r: dict[str, Any]) -> dict[str, Any]:
    """Group the flat row into event, evidence, article and cluster parts, with the code names."""
    from newsgraph.codes import lookup

    try:
        cameo_name = lookup(r["cameo"]).name
    except KeyError:
        cameo_name = None
    sentence, start = r["sentence"] or "", r["sentence_start"] or 0
    return {
        "id": r["id"],
        "date": r["date"],
        "date_source": r["date_source"],
        "source": {"code": r["source_code"], "name": r["source_name"], "country": r["source_country"]},
        "target": {"code": r["target_code"], "name": r["target_name"], "country": r["target_country"]},
        "cameo": r["cameo"],
        "cameo_name": cameo_name,
        "quad": r["quad"],
        "goldstein": r["goldstein"],
        "plover": r["plover"],
        "mode": r["mode"],
        "flags": list(r["flags"] or []),
        "place": {
            "name": r["place_name"],
            "country": r["place_country"],
            "lat": r["place_lat"],
            "lon": r["place_lon"],
        },
        "evidence": {
            "sentence": sentence,
            "sentence_start": start,
            "sentence_end": start + len(sentence),
            "trigger": r["trigger"],
            "trigger_start": r["trigger_start"],
            "trigger_end": r["trigger_end"],
        },
        "extractor": r["extractor"],
        "article": {
            "id": r["article_id"],
            "title": r["title"],
            "url": r["url"],
            "source": r["article_source"],
            "published": r["published"],
        },
        "cluster": _cluster(r),
        "story": {"id": r["story_id"], "articles": r["story_articles"]} if r["story_id"] else None,
    }


def _cluster(r: dict[str, Any]) -> dict[str, Any] | None:
    if not r["cluster_id"]:
        return None
    keys = ("cluster_id", "global_event_id", "num_mentions", "num_articles", "num_sources", "factual")
    return {k: r[k] for k in keys} | {"date": r["cluster_date"]}


def _show(ev: dict[str, Any]) -> None:
    def who(side: dict[str, Any]) -> str:
        return f"{side['code'] or '—'} ({side['name'] or '?'})"

    evid, art = ev["evidence"], ev["article"]
    lines = [
        ("event", ev["id"]),
        ("who → whom", f"{who(ev['source'])} → {who(ev['target'])}"),
        ("CAMEO", f"{ev['cameo']} {ev['cameo_name'] or ''}".strip()),
        ("PLOVER", " / ".join(str(x) for x in (ev["plover"], ev["mode"]) if x) or "—"),
        ("QuadClass, Goldstein", f"{ev['quad']}, {ev['goldstein']}"),
        ("date", f"{ev['date'] or 'undated'} ({ev['date_source'] or '?'})"),
        ("place", ev["place"]["name"] or "—"),
        ("flags", ", ".join(ev["flags"]) or "none"),
        ("sentence", evid["sentence"]),
        (
            "offsets",
            f"sentence {evid['sentence_start']}–{evid['sentence_end']}, "
            f"trigger {evid['trigger']!r} {evid['trigger_start']}–{evid['trigger_end']}",
        ),
        ("article", f"{art['id']}  {art['title'] or '(no title)'}"),
        ("url, published", f"{art['url'] or '—'}, {art['published'] or 'undated'}"),
    ]
    if ev["cluster"]:
        c = ev["cluster"]
        lines.append(
            (
                "cluster",
                f"{c['cluster_id']} (GDELT id {c['global_event_id']}): mentions {c['num_mentions']}, "
                f"articles {c['num_articles']}, sources {c['num_sources']}",
            )
        )
    if ev["story"]:
        lines.append(("story", f"{ev['story']['id']} ({ev['story']['articles']} articles)"))
    out = Table(show_header=False, box=None)
    out.add_column(style="bold")
    out.add_column(overflow="fold")
    for key, value in lines:
        out.add_row(key, str(value))
    Console().print(out)


@click.command("event")
@click.argument("event_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def event(event_id: str, db: Path | None, as_json: bool) -> None:
    """One event by id (or ARTICLE/EVENT): sentence, offsets, flags, article and its cluster and story."""
    with Store(db or Settings.load().db, read_only=True) as store:
        found = find_events(store.con, event_id)
    if as_json:
        click.echo(
            json.dumps(found if len(found) > 1 else found[0], default=str, ensure_ascii=False, indent=2)
        )
        return
    for ev in found:
        _show(ev)


COMMANDS = [event]
