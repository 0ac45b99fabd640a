"""Helpers for the web tests (imported by tests/test_web_*.py; not a pytest conftest).

``web_store(base)`` builds one store per test session: the real pipeline over ``samples/``, the hand-made
synthetic results (known events for exact assertions) and a hostile article whose text, title and source try to
inject HTML and script.
"""

from __future__ import annotations

import contextlib
import functools
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsgraph.records import Actor, Article, Event, Result
from newsgraph.settings import Settings
from newsgraph.store import Store
from newsgraph.testing import make_event, ref, sample_results

ROOT = Path(__file__).resolve().parents[1]
XSS_TEXT = (
    "Washington warned Beijing about new tariffs. <script>window.__xss=1</script> "
    'Officials added <img src=x onerror="window.__xss=2"> and <b>bold</b> claims.'
)
XSS_TITLE = "Tariff row <script>window.__xss_title=1</script>"


def hostile_result() -> Result:
    """An article whose text, title and source carry markup; one event so the walk can reach it."""
    article = Article.from_text(
        XSS_TEXT,
        title=XSS_TITLE,
        url="https://hostile.example/a",
        source="<i>hostile</i>.example",
        published="2024-05-22",
    )
    sentence = "Washington warned Beijing about new tariffs."
    usa, chn = ref("USAGOV", "US government", "USA"), ref("CHNGOV", "Chinese government", "CHN")
    ev: Event = make_event("ev-xss", usa, chn, "130", "2024-05-22", sentence)
    actor = Actor("Washington", 0, 10, "US government", "USAGOV", "USA", "GOV", "state", "usa")
    return Result(article, actors=[actor], events=[ev], tone=-2.0, extractor="synthetic/1")


@functools.lru_cache(maxsize=2)
def web_store(base: Path) -> Path:
    """Build (once per base folder) a store with the samples, the synthetic results and the hostile article."""
    from newsgraph.runner import ingest

    db = base / "web.duckdb"
    settings = Settings(db=db)
    with Store(db) as store:
        ingest([str(ROOT / "samples")], settings, store)
        store.write([*sample_results(), hostile_result()])
        store.cluster_events()
    return db


def route_methods(app: Any) -> set[str]:
    """Every HTTP method any route of the app answers, included routers walked (FastAPI wraps them)."""
    out: set[str] = set()
    stack = list(app.routes)
    while stack:
        route = stack.pop()
        inner = getattr(route, "original_router", None)
        if inner is not None:
            stack.extend(inner.routes)
            continue
        out |= set(getattr(route, "methods", None) or ())
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def served(app: Any, port: int) -> Iterator[str]:
    """Run ``app`` with uvicorn on a loopback port in a thread; yields its base URL and stops it afterwards."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
