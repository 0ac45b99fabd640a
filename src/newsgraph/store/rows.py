"""Turn :class:`newsgraph.records.Result` objects into column-ready rows, one list per table."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from newsgraph.records import ActorRef, Event, Place, Result

Row = dict[str, Any]


def parse_date(value: str | None) -> date | None:
    """``YYYY-MM-DD`` (or a longer ISO timestamp) to a date; anything else to None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _ref_json(refs: tuple[ActorRef, ...]) -> str:
    return json.dumps([r.to_dict() for r in refs], ensure_ascii=False)


def article_row(result: Result, run_id: str | None, now: datetime) -> Row:
    a = result.article
    return {
        "id": a.id,
        "title": a.title,
        "url": a.url,
        "source": a.source,
        "published": parse_date(a.published),
        "published_inferred": a.published_inferred,
        "published_evidence": a.published_evidence,
        "language": a.language,
        "flags": list(a.flags),
        "input": a.input,
        "text": a.text,
        "n_chars": len(a.text),
        "tone": float(result.tone),
        "sentence_tone": [float(t) for t in result.sentence_tone],
        "extractor": result.extractor,
        "run_id": run_id,
        "added_at": now,
    }


def _place_cols(place: Place | None) -> Row:
    keys = ("name", "country", "admin1", "lat", "lon", "resolution", "id")
    if place is None:
        return {f"place_{k}": None for k in keys}
    return {f"place_{k}": getattr(place, k) for k in keys}


def _actor_cols(prefix: str, refs: tuple[ActorRef, ...]) -> Row:
    first = refs[0] if refs else None
    return {
        f"{prefix}_code": first.code if first else None,
        f"{prefix}_name": first.name if first else None,
        f"{prefix}_country": first.country if first else None,
        f"{prefix}_actors": _ref_json(refs),
    }


def cameo_base(code: str) -> str:
    return code[:3] if len(code) >= 3 else code


def event_row(article_id: str, ev: Event, run_id: str | None) -> Row:
    row: Row = {"id": ev.id, "article_id": article_id}
    row |= _actor_cols("source", ev.source) | _actor_cols("target", ev.target)
    row |= {
        "cameo": ev.cameo,
        "cameo_base": cameo_base(ev.cameo),
        "cameo_root": ev.cameo_root or ev.cameo[:2],
        "quad": ev.quad,
        "goldstein": ev.goldstein,
        "plover": ev.plover,
        "mode": ev.mode,
        "context": list(ev.context),
        "date": parse_date(ev.date),
        "date_source": ev.date_source,
    }
    row |= _place_cols(ev.location)
    row |= {
        "location_source": ev.location_source,
        "sentence": ev.sentence,
        "sentence_start": ev.sentence_start,
        "trigger_start": ev.start,
        "trigger_end": ev.end,
        "trigger": ev.trigger,
        "flags": list(ev.flags),
        "extractor": ev.extractor,
        "confidence": ev.confidence,
        "run_id": run_id,
    }
    return row


def child_rows(result: Result) -> dict[str, list[Row]]:
    """Rows for actors, places, quotes and claims of one result."""
    aid = result.article.id
    out: dict[str, list[Row]] = {"actors": [], "places": [], "quotes": [], "claims": []}
    for i, ac in enumerate(result.actors):
        out["actors"].append(
            {"article_id": aid, "idx": i, "text": ac.text, "start_char": ac.start, "end_char": ac.end}
            | {"name": ac.name, "code": ac.code, "country": ac.country, "sector": ac.sector}
            | {"kind": ac.kind, "actor_id": ac.id, "via": ac.via, "extractor": result.extractor}
        )
    for i, pl in enumerate(result.places):
        out["places"].append(
            {"article_id": aid, "idx": i, "text": pl.text, "start_char": pl.start, "end_char": pl.end}
            | {"name": pl.name, "country": pl.country, "admin1": pl.admin1, "lat": pl.lat, "lon": pl.lon}
            | {"resolution": pl.resolution, "place_id": pl.id, "extractor": result.extractor}
        )
    for i, q in enumerate(result.quotes):
        sp = q.speaker
        out["quotes"].append(
            {"article_id": aid, "idx": i, "text": q.text, "start_char": q.start, "end_char": q.end}
            | {"direct": q.direct, "speaker_name": sp.name if sp else None}
            | {"speaker_code": sp.code if sp else None, "speaker_country": sp.country if sp else None}
            | {"speaker_text": q.speaker_text, "verb": q.verb, "extractor": q.extractor or result.extractor}
        )
    for i, c in enumerate(result.claims):
        out["claims"].append(
            {"article_id": aid, "idx": i, "text": c.text, "start_char": c.start, "end_char": c.end}
            | {"value": c.value, "unit": c.unit, "subject": c.subject, "year": c.year, "kind": c.kind}
            | {"derived_from": list(c.derived_from), "flags": list(c.flags)}
            | {"extractor": c.extractor or result.extractor}
        )
    return out
