"""``newsgraph serve --review gold.jsonl``: judge events in the article page; judgements go to a gold file.

Off by default: these POST routes are only added when the server is started with ``--review FILE``.  Each
judgement is appended to FILE as one line of the gold format that ``newsgraph eval`` reads
(../shared/eval/FORMAT.md: ``id``, ``text``, ``date``, ``corpus``, ``events``), with the reviewer's verdict
kept under ``review``; the store is never written.

* right: the sentence with the event as coded; wrong: the sentence with no events; retyped: the event with the
  PLOVER type the reviewer chose; missed: the text the reviewer selected with the event they describe.

CSRF: a POST must come from this server's own pages (``Sec-Fetch-Site: same-origin``; from browsers without it,
an Origin or else a Referer naming the request's host) and carry the per-server token only those pages hold.
"""

from __future__ import annotations

import json
import secrets
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.responses import RedirectResponse

from newsgraph import validate
from newsgraph.errors import ConfigError
from newsgraph.web import data
from newsgraph.web.highlight import anchor

CORPUS = "newsgraph-review"
VERDICTS = ("right", "wrong", "retyped")
MAX_FORM = 20_000  # bytes of a review form


class Review:
    """The gold file judgements are appended to, and the token the review forms carry."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.token = secrets.token_urlsafe(24)
        self.lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()
        except OSError as exc:
            raise ConfigError(f"cannot write the review file {path}: {exc.strerror or exc}") from None

    def append(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, default=str) + "\n"
        with self.lock, self.path.open("a", encoding="utf-8") as fh:
            fh.write(line)

    def judgements(self, article_id: str) -> list[dict[str, Any]]:
        """This article's judgements in the file (lines that are not review records are ignored)."""
        out = []
        with self.lock, self.path.open(encoding="utf-8") as fh:
            for line in fh:
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(rec, dict) and (rec.get("review") or {}).get("article_id") == article_id:
                    out.append(rec)
        return out

    def context(self, article_id: str) -> dict[str, Any]:
        return {"token": self.token, "path": str(self.path), "judgements": self.judgements(article_id)}


def enable(app: FastAPI, path: Path) -> None:
    app.state.review = Review(path)
    app.include_router(router)


router = APIRouter(prefix="/review", include_in_schema=False)


async def _form(request: Request) -> dict[str, str]:
    """The posted form after the same-origin and token checks (403 otherwise)."""
    review: Review = request.app.state.review
    if not _same_origin(request):
        raise HTTPException(403, "review forms are accepted from this explorer's own pages only")
    body = await request.body()
    if len(body) > MAX_FORM:
        raise HTTPException(413, "review form too large")
    form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()}
    if not secrets.compare_digest(form.get("token", ""), review.token):
        raise HTTPException(403, "review token missing or stale: reload the page")
    return form


def _same_origin(request: Request) -> bool:
    """The browser says the form came from this origin: Sec-Fetch-Site, else Origin, else Referer."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site == "same-origin"
    host = request.headers.get("host", "")
    origin = request.headers.get("origin")
    source = origin if origin and origin != "null" else request.headers.get("referer", "")
    return bool(host) and urlsplit(source).netloc == host


def _article(request: Request, article_id: str) -> dict[str, Any]:
    con = request.app.state.store.con.cursor()
    try:
        art = data.article(con, article_id)
        known = validate.known_codes(con)
    finally:
        con.close()
    if art is None:
        raise HTTPException(404, f"no article {article_id[:40]}")
    art["_known"] = known
    return art


def _codes(refs: Any, first: str | None) -> list[str]:
    codes = [str(r["code"]) for r in refs or [] if isinstance(r, dict) and r.get("code")]
    return codes or ([first] if first else [])


def _record(
    art: dict[str, Any], text: str, events: list[dict[str, Any]], review: dict[str, Any]
) -> dict[str, Any]:
    stamp = datetime.now(UTC)
    key = review.get("event_id") or review.get("start")
    return {
        "id": f"review-{art['id']}-{key}-{review['verdict']}-{stamp:%Y%m%dT%H%M%S%f}",
        "text": text,
        "date": str(art["published"]) if art.get("published") else None,
        "corpus": CORPUS,
        "events": events,
        "review": review | {"article_id": art["id"], "at": stamp.isoformat(timespec="seconds")},
    }


@router.post("/judge")
async def judge(request: Request) -> RedirectResponse:
    """Mark one stored event right, wrong or retyped."""
    form = await _form(request)
    verdict, plover = form.get("verdict", ""), form.get("plover") or None
    if verdict not in VERDICTS:
        raise HTTPException(422, f"verdict must be one of {', '.join(VERDICTS)}")
    art = _article(request, form.get("article_id", ""))
    ev = next((e for e in art["events"] if e["id"] == form.get("event_id")), None)
    if ev is None:
        raise HTTPException(404, "no such event in this article")
    if verdict == "retyped" and plover not in data.PLOVER_TYPES:
        raise HTTPException(422, "retyped needs a PLOVER type")
    expected = {
        "source": _codes(ev["source_actors"], ev["source_code"]),
        "target": _codes(ev["target_actors"], ev["target_code"]),
        "plover": plover if verdict == "retyped" else ev["plover"],
        "mode": None if verdict == "retyped" else ev["mode"],
    }
    events = [] if verdict == "wrong" else [expected]
    meta = {"verdict": verdict, "event_id": ev["id"], "coded_plover": ev["plover"], "cameo": ev["cameo"]}
    meta["sentence_start"] = ev["sentence_start"]
    request.app.state.review.append(_record(art, ev["sentence"], events, meta))
    return RedirectResponse(f"/articles/{art['id']}#{anchor(ev['id'])}", status_code=303)


@router.post("/add")
async def add(request: Request) -> RedirectResponse:
    """Add an event the coder missed, on text selected in the article."""
    form = await _form(request)
    art = _article(request, form.get("article_id", ""))
    text = " ".join(form.get("text", "").split())
    flat = " ".join(art["text"].split())
    if not text or text not in flat:
        raise HTTPException(422, "the selected text was not found in the article: select it in the page")
    plover = form.get("plover", "")
    if plover not in data.PLOVER_TYPES:
        raise HTTPException(422, f"plover must be one of {', '.join(data.PLOVER_TYPES)}")
    try:
        source = validate.actor_arg(form.get("source", ""), known=art["_known"]).code
        target = validate.actor_arg(form["target"], known=art["_known"]).code if form.get("target") else None
    except ConfigError as exc:
        raise HTTPException(422, str(exc)) from None
    events = [{"source": [source], "target": [target] if target else [], "plover": plover, "mode": None}]
    meta = {"verdict": "missed", "start": art["text"].find(text) if text in art["text"] else None}
    request.app.state.review.append(_record(art, text, events, meta))
    return RedirectResponse(f"/articles/{art['id']}#review", status_code=303)
