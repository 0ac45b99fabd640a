"""The web explorer: FastAPI app over a read-only store.

``create_app(db)`` opens the store read-only and returns the app.  Every HTML page has a JSON twin under
``/api`` (see ``/openapi.json`` or the ``/api`` page).  Only GET routes exist; every query is parameterised;
templates autoescape, and a Content-Security-Policy forbids inline and foreign scripts as a second line.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import parse_qsl, quote, urlencode

import duckdb
import jinja2
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsgraph import __version__, timeseries, validate
from newsgraph.errors import ConfigError, StoreError
from newsgraph.records import EVENT_FLAGS
from newsgraph.store import Store
from newsgraph.web import charts, data
from newsgraph.web.guard import HostAndHead, allowed_hosts
from newsgraph.web.highlight import anchor, marks, segments

HERE = Path(__file__).parent
CSV_CAP = 100_000
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
Period = Literal["day", "week", "month", "year"]
Side = Literal["coop", "conflict", "all"]
Flag = Literal["negated", "future", "hypothetical", "alleged", "quoted", "opinion", "background"]
CODE_PATTERN = r"^[A-Za-z0-9_.\-]+\*?$"
ActorCode = Annotated[str, Query(min_length=1, max_length=41, pattern=CODE_PATTERN)]
EventSort = Literal[
    "date", "-date", "goldstein", "-goldstein", "cameo", "-cameo", "quad", "-quad", "source", "-source", "target",
    "-target",
]  # fmt: skip
ArticleSort = Literal[
    "-published", "published", "title", "-title", "source", "-source", "events", "-events", "tone", "-tone"
]  # fmt: skip
EventsLimit = Annotated[int, Query(ge=1, le=1000, description="events per page of the article (1-1000)")]
ARTICLE_ID = r"^[0-9a-f]{16}$"
ArticleId = Annotated[str, Query(pattern=ARTICLE_ID)]
Limit = Annotated[int, Query(ge=1, le=500, description="page size (1-500)")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")]
assert set(Flag.__args__) == set(EVENT_FLAGS)  # type: ignore[attr-defined]
assert set(EventSort.__args__) == set(data.EVENT_SORTS)  # type: ignore[attr-defined]
assert set(ArticleSort.__args__) == set(data.ARTICLE_SORTS)  # type: ignore[attr-defined]


def link(path: str, **params: Any) -> str:
    """A URL with its query string (None and empty values left out; lists repeat the key)."""
    clean = {k: v for k, v in params.items() if v not in (None, "", [])}
    return f"{path}?{urlencode(clean, doseq=True)}" if clean else path


def create_app(db: str | Path, *, bind: tuple[str, int] | None = None, review: Path | None = None) -> FastAPI:
    """The explorer over the store at ``db`` (opened read-only; StoreError when missing or too old).

    ``bind`` (host, port): the address the server listens on; requests whose Host header names another address
    are refused (DNS rebinding).  ``review``: a gold JSONL file that the review routes append judgements to
    (no POST route exists without it).
    """
    store = Store(db, read_only=True)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="newsgraph explorer",
        version=__version__,
        description="Read-only views of a newsgraph store. Every HTML page has a JSON twin under /api.",
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: the explorer works offline
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.lock = threading.Lock()
    app.state.known = None
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, undefined=jinja2.StrictUndefined
    )
    env.globals.update(
        link=link,
        anchor=anchor,
        quad_names=data.QUAD_NAMES,
        flags=EVENT_FLAGS,
        version=__version__,
        cameo_name=data.cameo_name,
        plover_types=data.PLOVER_TYPES,
        review=None,
    )
    env.filters["q"] = lambda v: quote(str(v), safe="")
    app.state.env = env
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(pages)
    app.include_router(api)
    if review is not None:
        from newsgraph.web import review as review_mod

        review_mod.enable(app, Path(review))
    app.middleware("http")(_headers)
    app.add_middleware(DropEmptyParams)
    app.add_middleware(HostAndHead, hosts=allowed_hosts(*bind) if bind else None)
    app.add_exception_handler(ConfigError, _config_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(StoreError, _store_error)  # type: ignore[arg-type]
    return app


class DropEmptyParams:
    """ASGI middleware: ``?quad=&q=x`` becomes ``?q=x`` (an empty form field means "no filter")."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope.get("query_string"):
            pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            kept = [(k, v) for k, v in pairs if v != ""]
            if len(kept) != len(pairs):
                scope = dict(scope, query_string=urlencode(kept).encode("latin-1"))
        await self.app(scope, receive, send)


async def _headers(request: Request, call_next: Any) -> Response:
    response: Response = await call_next(request)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"  # nothing leaks to other sites; own forms keep Origin
    response.headers["X-Frame-Options"] = "DENY"
    return response


def _error(request: Request, status: int, message: str, detail: Any = None) -> Response:
    if request.url.path.startswith("/api"):
        return JSONResponse({"message": message, "detail": detail or message}, status_code=status)
    return render(request, "error.html", {"status": status, "message": message}, status=status)


async def _invalid(request: Request, exc: RequestValidationError) -> Response:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path"))
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return _error(request, 422, "invalid parameters: " + "; ".join(parts), jsonable_encoder(exc.errors()))


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    return _error(request, exc.status_code, str(exc.detail))


async def _store_error(request: Request, exc: StoreError) -> Response:
    return _error(request, 500, str(exc))


async def _config_error(request: Request, exc: ConfigError) -> Response:
    return _error(request, 400, str(exc))


def known_codes(request: Request, con: duckdb.DuckDBPyConnection) -> set[str]:
    """Codes known to the lexicon and this (read-only, so unchanging) store, computed once per app."""
    state = request.app.state
    if state.known is None:
        state.known = validate.known_codes(con)
    return set(state.known)


def check_actor(request: Request, con: duckdb.DuckDBPyConnection, value: str | None) -> str | None:
    """An actor parameter checked (case-insensitive; ConfigError with the closest codes when unknown)."""
    if not value:
        return None
    return validate.actor_arg(value, known=known_codes(request, con)).code


def connection(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of the shared read-only connection for this request (DuckDB cursors are per thread)."""
    with request.app.state.lock:
        cur = request.app.state.store.con.cursor()
    try:
        yield cur
    finally:
        cur.close()


Con = Annotated[duckdb.DuckDBPyConnection, Depends(connection)]


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    env: jinja2.Environment = request.app.state.env
    html = env.get_template(name).render(request_path=request.url.path, **context)
    return HTMLResponse(html, status_code=status)


def event_filter(
    request: Request,
    con: Con,
    start: Annotated[date | None, Query(description="first event date (YYYY-MM-DD)")] = None,
    end: Annotated[date | None, Query(description="last event date (YYYY-MM-DD)")] = None,
    actor: Annotated[
        str | None, Query(max_length=40, description="actor code or country on either side")
    ] = None,
    source: Annotated[str | None, Query(max_length=40, description="source actor code or country")] = None,
    target: Annotated[str | None, Query(max_length=40, description="target actor code or country")] = None,
    code: Annotated[str | None, Query(pattern=r"^\d{2,4}$", description="CAMEO code or prefix")] = None,
    root: Annotated[str | None, Query(pattern=r"^\d{2}$", description="CAMEO root (two digits)")] = None,
    quad: Annotated[int | None, Query(ge=1, le=4, description="QuadClass 1-4")] = None,
    plover: Annotated[
        str | None, Query(max_length=40, pattern=r"^[A-Z_]+$", description="PLOVER type")
    ] = None,
    flag: Annotated[list[Flag] | None, Query(description="required flags (repeatable)")] = None,
    q: Annotated[str | None, Query(max_length=200, description="text in the evidence sentence")] = None,
    place: Annotated[str | None, Query(max_length=200, description="place name or gazetteer id")] = None,
    article: Annotated[str | None, Query(pattern=ARTICLE_ID, description="article id")] = None,
    country: Annotated[
        str | None,
        Query(pattern=r"^[A-Za-z]{3}$", description="country (ISO alpha-3) of either actor or the place"),
    ] = None,
    sort: Annotated[EventSort, Query(description="sort key; a leading - sorts descending")] = "date",
) -> data.EventFilter:
    if start and end and start > end:
        raise HTTPException(400, f"start {start} is after end {end}")
    return data.EventFilter(
        start,
        end,
        check_actor(request, con, actor),
        check_actor(request, con, source),
        check_actor(request, con, target),
        code,
        root,
        quad,
        plover,
        list(flag or []),
        q or None,
        place or None,
        article,
        check_actor(request, con, country),
        sort,
    )


Filter = Annotated[data.EventFilter, Depends(event_filter)]

# -- JSON API ---------------------------------------------------------------------------------------------
api = APIRouter(prefix="/api", tags=["api"])
pages = APIRouter(include_in_schema=False)


@api.get("/summary", summary="What the store holds, latest articles, busiest dyads")
def api_summary(con: Con) -> Any:
    return jsonable_encoder(data.home(con))


def article_filter(
    q: Annotated[str | None, Query(max_length=200, description="text in the title")] = None,
    source: Annotated[str | None, Query(max_length=200, description="source (publication)")] = None,
    start: Annotated[date | None, Query(description="first publication date")] = None,
    end: Annotated[date | None, Query(description="last publication date")] = None,
    sort: Annotated[ArticleSort, Query(description="sort key; a leading - sorts descending")] = "-published",
) -> data.ArticleFilter:
    if start and end and start > end:
        raise HTTPException(400, f"start {start} is after end {end}")
    return data.ArticleFilter(q or None, source or None, start, end, sort)


ArticleFlt = Annotated[data.ArticleFilter, Depends(article_filter)]


def articles_context(
    con: duckdb.DuckDBPyConnection, flt: data.ArticleFilter, limit: int, offset: int
) -> dict[str, Any]:
    total, items = data.article_list(con, flt, limit, offset)
    return {"total": total, "limit": limit, "offset": offset, "filters": flt.params(), "items": items}


@api.get("/articles", summary="Articles matching the filters, newest first by default (paginated)")
def api_articles(con: Con, flt: ArticleFlt, limit: Limit = 50, offset: Offset = 0) -> Any:
    return jsonable_encoder(articles_context(con, flt, limit, offset))


@api.get("/search", summary="Text search over article titles, event sentences and actor names and codes")
def api_search(con: Con, q: Annotated[str, Query(min_length=1, max_length=200)], limit: Limit = 50) -> Any:
    return jsonable_encoder(data.search(con, q, limit))


def load_article(
    con: duckdb.DuckDBPyConnection, article_id: str, events_limit: int = 200, events_offset: int = 0
) -> dict[str, Any]:
    art = data.article(con, article_id, events_limit, events_offset)
    if art is None:
        raise HTTPException(404, f"no article {article_id}")
    return art


@api.get("/articles/{article_id}", summary="One article: clean text, actors, places, quotes, claims, events")
def api_article(con: Con, article_id: str, events_limit: EventsLimit = 200, events_offset: Offset = 0) -> Any:
    art = load_article(con, _article_id(article_id), events_limit, events_offset)
    return jsonable_encoder(art | {"events_limit": events_limit})


def _article_id(value: str) -> str:
    if not re.fullmatch(ARTICLE_ID[1:-1], value):
        raise HTTPException(422, f"article id must be 16 hex digits, got {value[:40]!r}")
    return value


@api.get("/events", summary="Events matching the filters (paginated)")
def api_events(con: Con, flt: Filter, limit: Limit = 50, offset: Offset = 0) -> Any:
    total, items = data.events_page(con, flt, limit, offset)
    return jsonable_encoder(
        {"total": total, "limit": limit, "offset": offset, "filters": flt.params(), "items": items}
    )


@api.get("/events.csv", summary="CSV download of the events matching the filters", response_class=Response)
def api_events_csv(con: Con, flt: Filter) -> Response:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(data.CSV_COLUMNS)
    for row in data.events_csv_rows(con, flt, CSV_CAP):
        writer.writerow([_csv_cell(row[c]) for c in data.CSV_COLUMNS])
    headers = {"Content-Disposition": 'attachment; filename="newsgraph-events.csv"'}
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


def _csv_cell(value: Any) -> Any:
    """Lists joined with ';'; text starting with = + - @ gets a leading apostrophe (no spreadsheet formulas)."""
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def load_event(con: duckdb.DuckDBPyConnection, article_id: str, event_id: str) -> dict[str, Any]:
    ev = data.event(con, _article_id(article_id), event_id)
    if ev is None:
        raise HTTPException(404, f"no event {event_id[:80]} in article {article_id}")
    return ev


@api.get("/events/{article_id}/{event_id}", summary="One event: codes, flags, date, place and evidence")
def api_event(con: Con, article_id: str, event_id: str) -> Any:
    return jsonable_encoder(load_event(con, article_id, event_id[:200]))


def dyad_context(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    by: str,
    period: date | None,
    side: str,
    per_articles: bool = False,
) -> dict[str, Any]:
    series = data.dyad_series(con, a, b, by)
    if per_articles:
        series = timeseries.per_articles(series, timeseries.article_volume(con, by))
    evidence = data.dyad_evidence(con, a, b, by, period, side) if period else []
    ctx = {"a": a, "b": b, "by": by, "period": period, "side": side, "series": series, "evidence": evidence}
    return ctx | {"per_articles": per_articles}


@api.get("/dyad", summary="Cooperation and conflict between two actors per period; sentences for one period")
def api_dyad(
    request: Request,
    con: Con,
    a: ActorCode,
    b: ActorCode,
    by: Period = "month",
    period: Annotated[date | None, Query(description="period start: list the events behind it")] = None,
    side: Side = "all",
    per_articles: Annotated[
        bool, Query(description="add the period's article volume and events per 100")
    ] = False,
) -> Any:
    a, b = _pair(request, con, a, b)
    return jsonable_encoder(dyad_context(con, a, b, by, period, side, per_articles))


def _pair(request: Request, con: duckdb.DuckDBPyConnection, a: str, b: str) -> tuple[str, str]:
    """Both dyad actors checked; ``USAGOV*`` rolls up to the country (USA)."""
    ca, cb = check_actor(request, con, a), check_actor(request, con, b)
    assert ca and cb
    return ca, cb


def actor_context(con: duckdb.DuckDBPyConnection, code: str, by: str) -> dict[str, Any]:
    report = data.actor_report(con, code, by)
    if not report["timeline"] and not report["counterparts"]:
        raise HTTPException(404, f"no events with actor {code}")
    return report


@api.get("/actor/{code}", summary="An actor's counterparts and event mix over time")
def api_actor(request: Request, con: Con, code: str, by: Period = "month") -> Any:
    return jsonable_encoder(actor_context(con, _actor_code(request, con, code), by))


def _actor_code(request: Request, con: duckdb.DuckDBPyConnection, code: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_.\-]{1,40}\*?", code):
        raise HTTPException(
            422, f"actor code must be 1-40 letters, digits, '.', '_' or '-', got {code[:40]!r}"
        )
    try:
        checked = check_actor(request, con, code)
    except ConfigError as exc:
        raise HTTPException(404, str(exc)) from None
    assert checked
    return checked


@api.get("/map", summary="Event places with coordinates and event counts")
def api_map(con: Con) -> Any:
    return jsonable_encoder({"places": data.map_places(con)})


# -- HTML pages -------------------------------------------------------------------------------------------
@pages.get("/", response_class=HTMLResponse)
def home_page(request: Request, con: Con) -> HTMLResponse:
    return render(request, "home.html", {"s": data.home(con)})


@pages.get("/articles", response_class=HTMLResponse)
def articles_page(
    request: Request, con: Con, flt: ArticleFlt, limit: Limit = 50, offset: Offset = 0
) -> HTMLResponse:
    ctx = articles_context(con, flt, limit, offset) | {"flt": flt, "sources": data.sources(con)}
    return render(request, "articles.html", ctx)


@pages.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request, con: Con, q: Annotated[str | None, Query(max_length=200)] = None, limit: Limit = 50
) -> HTMLResponse:
    found = data.search(con, q, limit) if q else None
    return render(request, "search.html", {"q": q or "", "found": found, "limit": limit})


@pages.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(
    request: Request, con: Con, article_id: str, events_limit: EventsLimit = 100, events_offset: Offset = 0
) -> HTMLResponse:
    art = load_article(con, _article_id(article_id), events_limit, events_offset)
    ctx = {"art": art, "segments": segments(art["text"], marks(art)), "events_limit": events_limit}
    review = getattr(request.app.state, "review", None)
    if review is not None:
        ctx["review"] = review.context(art["id"])
    return render(request, "article.html", ctx)


@pages.get("/events", response_class=HTMLResponse)
def events_page(
    request: Request, con: Con, flt: Filter, limit: Limit = 50, offset: Offset = 0
) -> HTMLResponse:
    total, items = data.events_page(con, flt, limit, offset)
    ctx = {
        "flt": flt,
        "params": flt.params(),
        "total": total,
        "items": items,
        "limit": limit,
        "offset": offset,
    }
    return render(request, "events.html", ctx)


@pages.get("/events/{article_id}/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, con: Con, article_id: str, event_id: str) -> HTMLResponse:
    return render(request, "event.html", {"e": load_event(con, article_id, event_id[:200])})


@pages.get("/dyad", response_class=HTMLResponse)
def dyad_page(
    request: Request,
    con: Con,
    a: Annotated[str | None, Query(max_length=41, pattern=CODE_PATTERN)] = None,
    b: Annotated[str | None, Query(max_length=41, pattern=CODE_PATTERN)] = None,
    by: Period = "month",
    period: date | None = None,
    side: Side = "all",
    per_articles: bool = False,
) -> HTMLResponse:
    if not a or not b:
        return render(
            request, "dyad_pick.html", {"dyads": data.home(con)["top_dyads"], "a": a or "", "b": b or ""}
        )
    a, b = _pair(request, con, a, b)
    ctx = dyad_context(con, a, b, by, period, side, per_articles)

    def href(**kw: Any) -> str:
        return link("/dyad", a=a, b=b, by=by, **kw) + "#evidence"

    ctx["chart"] = charts.dyad_chart(ctx["series"], by, href)
    ctx["names"] = {a: data.actor_name(con, a), b: data.actor_name(con, b)}
    return render(request, "dyad.html", ctx)


@pages.get("/actor/{code}", response_class=HTMLResponse)
def actor_page(
    request: Request,
    con: Con,
    code: str,
    by: Period = "month",
    start: Annotated[date | None, Query(description="first period shown on the timeline")] = None,
    end: Annotated[date | None, Query(description="last period shown on the timeline")] = None,
    full: Annotated[bool, Query(description="show the whole timeline (no percentile trim)")] = False,
) -> HTMLResponse:
    code = _actor_code(request, con, code)
    ctx = actor_context(con, code, by)

    def events_href(**kw: Any) -> str:
        return link("/events", actor=code, **kw)

    ctx["network"] = charts.network_chart(
        code, ctx["name"], ctx["counterparts"], lambda o: link("/dyad", a=code, b=o)
    )
    window = _timeline_window(ctx["timeline"], start, end, full)
    shown = [r for r in ctx["timeline"] if window["start"] <= r["period"] <= window["end"]] if window else []
    window["hidden"] = sum(r["events"] for r in ctx["timeline"]) - sum(r["events"] for r in shown)
    ctx |= {"window": window, "start": start, "end": end, "full": full}
    ctx["chart"] = charts.timeline_chart(shown, by, events_href)
    return render(request, "actor.html", ctx)


def _timeline_window(
    timeline: list[dict[str, Any]], start: date | None, end: date | None, full: bool
) -> dict[str, Any]:
    """The periods the timeline shows: the asked range, else the 1st-99th percentile of events (or all)."""
    if not timeline:
        return {}
    first, last = timeline[0]["period"], timeline[-1]["period"]
    if start or end:
        return {"start": start or first, "end": end or last, "trimmed": False, "first": first, "last": last}
    trimmed = None if full else data.trimmed_range(timeline)
    lo, hi = trimmed or (first, last)
    return {"start": lo, "end": hi, "trimmed": (lo, hi) != (first, last), "first": first, "last": last}


MAP_VIEWS = ("world", "europe", "mideast", "africa", "asia", "americas", "oceania")


@pages.get("/map", response_class=HTMLResponse)
def map_page(
    request: Request,
    con: Con,
    view: Annotated[Literal[MAP_VIEWS], Query(description="region to zoom to")] = "world",  # type: ignore[valid-type]
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="zoom to a country")] = None,
) -> HTMLResponse:
    places = data.map_places(con)
    for p in places:
        p["href"] = link("/events", place=p["place_id"] or p["name"])
    counts = data.country_counts(con)
    world = charts.world_map(places, counts=counts, view=view, country=country.upper() if country else None)
    ctx = {"places": places, "world": world, "view": view, "country": country, "views": MAP_VIEWS}
    ctx["countries"] = sorted(counts.items(), key=lambda kv: -kv[1]["events"])
    return render(request, "map.html", ctx)


@pages.get("/api", response_class=HTMLResponse)
def api_page(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    endpoints = [
        {"path": path, "summary": op.get("summary", ""), "params": op.get("parameters", [])}
        for path, ops in schema["paths"].items()
        for op in ops.values()
    ]
    return render(request, "api.html", {"endpoints": endpoints})
