"""Explorer features of issue 18 and the web items of issue 17, through FastAPI's test client.

Search, sorting and filters with their JSON twins, code names, the map's shading, zoom and labels, the trimmed
actor timeline, HEAD, the Host check, paginated article events, and the review mode's gold file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from conftest_web import route_methods, web_store
from newsgraph.records import Article, Result
from newsgraph.store import Store
from newsgraph.testing import make_event, ref
from newsgraph.web import create_app

BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return web_store(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db, bind=("127.0.0.1", 8000)), base_url=BASE) as c:
        yield c


# -- issue 17: HEAD, Host, long event lists -----------------------------------------------------------------------
def test_head_is_answered_like_get_without_a_body(client: TestClient) -> None:
    get, head = client.get("/events"), client.head("/events")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["content-security-policy"] == get.headers["content-security-policy"]


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000"])
def test_loopback_hosts_are_allowed(client: TestClient, host: str) -> None:
    assert client.get("/api/summary", headers={"host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example:8000", "127.0.0.1:9999", "attacker.test", ""])
def test_other_hosts_are_refused(client: TestClient, host: str) -> None:
    r = client.get("/api/summary", headers={"host": host})
    assert r.status_code == 400 and "Host header not allowed" in r.text


def test_wildcard_bind_accepts_any_host(db: Path) -> None:
    with TestClient(create_app(db, bind=("0.0.0.0", 8000))) as c:
        assert c.get("/api/summary", headers={"host": "example.org"}).status_code == 200


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One article with 5,000 events (the page must stay small)."""
    db = tmp_path_factory.mktemp("big") / "big.duckdb"
    sentence = "Officials met."
    article = Article.from_text(" ".join([sentence] * 5000), title="Many meetings", published="2024-05-01")
    usa, chn = ref("USAGOV", "US government", "USA"), ref("CHNGOV", "Chinese government", "CHN")
    events = []
    for i in range(5000):
        start = i * (len(sentence) + 1)
        events.append(
            make_event(f"ev-{i:05d}", usa, chn, "042", "2024-05-01", sentence, sentence_start=start)
        )
    with Store(db) as s:
        s.write([Result(article, events=events, extractor="synthetic/1")])
    return db


def test_article_with_5000_events_is_paginated(big_db: Path) -> None:
    with TestClient(create_app(big_db)) as c:
        aid = c.get("/api/articles").json()["items"][0]["id"]
        page = c.get(f"/articles/{aid}")
        assert page.status_code == 200 and len(page.content) < 1_000_000
        assert "5000 events" in page.text and page.text.count('class="event-detail"') == 100
        nxt = c.get(f"/articles/{aid}", params={"events_offset": 4950, "events_limit": 100})
        assert nxt.text.count('class="event-detail"') == 50 and 'rel="prev"' in nxt.text
        twin = c.get(f"/api/articles/{aid}", params={"events_limit": 10, "events_offset": 20}).json()
        assert twin["events_total"] == 5000 and [e["id"] for e in twin["events"]][0] == "ev-00020"
        assert len(twin["events"]) == 10


# -- search, sorting, filters, names ------------------------------------------------------------------------------
def test_search_finds_titles_sentences_and_actors(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": "washington"}).json()
    assert found["events"]["total"] >= 1
    assert all("washington" in e["sentence"].lower() for e in found["events"]["items"])
    actors = client.get("/api/search", params={"q": "chinese gov"}).json()["actors"]["items"]
    assert "CHNGOV" in [a["code"] for a in actors]
    titles = client.get("/api/search", params={"q": "TARIFF ROW"}).json()["articles"]
    assert titles["total"] == 1
    page = client.get("/search", params={"q": "<script>"})
    assert page.status_code == 200 and "<script>" not in page.text.split("<main>")[1]


def test_events_sort_and_country_filter(client: TestClient) -> None:
    items = client.get("/api/events", params={"sort": "-goldstein", "limit": 500}).json()["items"]
    scores = [e["goldstein"] for e in items if e["goldstein"] is not None]
    assert scores == sorted(scores, reverse=True) and len(scores) > 3
    ukr = client.get("/api/events", params={"country": "ukr", "limit": 500}).json()
    assert ukr["total"] > 0 and ukr["filters"]["country"] == "UKR"
    for e in ukr["items"]:
        assert "UKR" in (e["source_country"], e["target_country"], e["place_country"])
    html = client.get("/events", params={"sort": "-goldstein"}).text
    assert 'aria-sort="descending"' in html
    assert client.get("/api/events", params={"sort": "nonsense"}).status_code == 422


def test_event_lists_show_cameo_names(client: TestClient) -> None:
    items = client.get("/api/events", params={"code": "042"}).json()["items"]
    assert items and all(e["cameo_name"] == "Make a visit" for e in items)
    assert "Make a visit" in client.get("/events", params={"code": "042"}).text


def test_articles_filter_and_sort(client: TestClient) -> None:
    allx = client.get("/api/articles", params={"limit": 500}).json()
    by_events = client.get("/api/articles", params={"sort": "-events", "limit": 500}).json()["items"]
    assert [a["events"] for a in by_events] == sorted((a["events"] for a in by_events), reverse=True)
    source = next(a["source"] for a in allx["items"] if a["source"])
    only = client.get("/api/articles", params={"source": source, "limit": 500}).json()
    assert 0 < only["total"] <= allx["total"] and {a["source"] for a in only["items"]} == {source}
    dated = client.get("/api/articles", params={"start": "2024-05-01", "end": "2024-05-31"}).json()["items"]
    assert dated and all("2024-05" in str(a["published"]) for a in dated)
    assert "Filter" in client.get("/articles", params={"q": "sample"}).text


# -- map and timeline ----------------------------------------------------------------------------------------------
def test_map_shades_countries_labels_places_and_zooms(client: TestClient) -> None:
    html = client.get("/map").text
    assert 'viewBox="0.0 0.0 1000.0 500.0"' in html
    shaded = set(re.findall(r'fill="(#[0-9a-f]{6})" data-country="UKR"', html))
    assert shaded and shaded != {"#d3d8de"}  # Ukraine has events: not the empty grey
    labels = re.search(r'<g class="place-labels".*?</g>', html, re.S)
    assert labels and re.search(r"<text [^>]*>Kyiv</text>", labels.group(0))
    assert ">UKR</text>" in html
    zoomed = client.get("/map", params={"country": "ukr"}).text
    box = [
        float(v) for v in re.search(r'id="world-map" class="map" viewBox="([^"]+)"', zoomed).group(1).split()
    ]
    assert box[2] < 200 and 560 < box[0] + box[2] / 2 < 620  # around 30°E
    assert client.get("/map", params={"view": "europe"}).status_code == 200
    assert client.get("/map", params={"view": "mars"}).status_code == 422


def test_actor_timeline_is_not_squashed_by_old_dates(tmp_path: Path) -> None:
    from newsgraph.testing import sample_results

    db = tmp_path / "t.duckdb"
    usa, chn = ref("USAGOV", "US government", "USA"), ref("CHNGOV", "Chinese government", "CHN")
    old = Article.from_text("An old meeting.", title="Old", published="1950-01-02")
    ev = make_event("ev-old", usa, chn, "042", "1950-01-02", "An old meeting.")
    recent = Article.from_text("Many recent meetings.", title="Recent", published="2024-05-02")
    many = [
        make_event(f"ev-r{i}", usa, chn, "042", f"2024-0{1 + i % 6}-10", "They met again.")
        for i in range(200)
    ]
    with Store(db) as s:
        s.write([*sample_results(), Result(old, events=[ev], extractor="synthetic/1")])
        s.write([Result(recent, events=many, extractor="synthetic/1")])
    with TestClient(create_app(db)) as c:
        html = c.get("/actor/usagov").text
        assert "1950" not in re.search(r'<svg id="actor-timeline".*?</svg>', html, re.S).group(0)
        assert 'id="timeline-note"' in html and "1st to 99th percentile" in html
        full = c.get("/actor/USAGOV", params={"full": 1}).text
        assert "1950" in re.search(r'<svg id="actor-timeline".*?</svg>', full, re.S).group(0)
        ranged = c.get("/actor/USAGOV", params={"start": "2024-04-01", "end": "2024-04-30"}).text
        assert 'value="2024-04-01"' in ranged


# -- review mode ---------------------------------------------------------------------------------------------------
def test_review_routes_exist_only_with_the_flag(client: TestClient) -> None:
    assert client.post("/review/judge", data={}).status_code in (404, 405)
    assert route_methods(client.app) <= {"GET", "HEAD"}


@pytest.fixture
def reviewer(db: Path, tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    gold = tmp_path / "gold.jsonl"
    with TestClient(create_app(db, bind=("127.0.0.1", 8000), review=gold), base_url=BASE) as c:
        yield c, gold


def _form_fields(html: str, form_class: str) -> dict[str, str]:
    form = re.search(rf'<form class="[^"]*{form_class}[^"]*".*?</form>', html, re.S)
    assert form
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(0)))


def test_review_round_trip_writes_eval_gold(reviewer: tuple[TestClient, Path]) -> None:
    from newsgraph.eval import read_gold

    c, gold = reviewer
    art = next(a for a in c.get("/api/articles", params={"limit": 500}).json()["items"] if a["events"] >= 2)
    detail = c.get(f"/api/articles/{art['id']}").json()
    first, second = detail["events"][0], detail["events"][1]
    page = c.get(f"/articles/{art['id']}").text
    hidden = _form_fields(page, "review-judge")
    origin = {"origin": BASE}
    r = c.post("/review/judge", data={**hidden, "event_id": first["id"], "verdict": "right"}, headers=origin,
               follow_redirects=False)  # fmt: skip
    assert r.status_code == 303 and r.headers["location"].startswith(f"/articles/{art['id']}#")
    c.post("/review/judge", data={**hidden, "event_id": second["id"], "verdict": "retyped", "plover": "PROTEST"},
           headers=origin)  # fmt: skip
    add = _form_fields(page, "review-add")
    missed = detail["text"].split(".")[0].strip()
    r = c.post("/review/add", data={**add, "text": missed, "source": "usa", "target": "", "plover": "ACCUSE"},
               headers=origin, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    records = read_gold(gold)
    assert [r["review"]["verdict"] for r in records] == ["right", "retyped", "missed"]
    assert records[0]["text"] == first["sentence"] and records[0]["events"][0]["plover"] == first["plover"]
    assert records[1]["events"][0]["plover"] == "PROTEST"
    assert records[2]["events"] == [{"source": ["USA"], "target": [], "plover": "ACCUSE", "mode": None}]
    again = c.get(f"/articles/{art['id']}").text
    assert "Judgements on this article (3)" in again


@pytest.mark.parametrize(
    ("headers", "token", "status"),
    [
        ({}, True, 403),
        ({"origin": "http://evil.example"}, True, 403),
        ({"origin": "null"}, True, 403),
        ({"sec-fetch-site": "cross-site", "origin": BASE}, True, 403),
        ({"origin": BASE}, False, 403),
    ],
)
def test_review_refuses_cross_site_and_tokenless_posts(
    reviewer: tuple[TestClient, Path], headers: dict[str, str], token: bool, status: int
) -> None:
    c, gold = reviewer
    art = c.get("/api/articles").json()["items"][0]
    fields: dict[str, Any] = _form_fields(c.get(f"/articles/{art['id']}").text, "review-add")
    if not token:
        fields["token"] = "forged"
    data = {**fields, "text": "x", "source": "USA", "plover": "ACCUSE"}
    assert c.post("/review/add", data=data, headers=headers).status_code == status
    assert gold.read_text(encoding="utf-8") == ""


def test_review_add_checks_text_and_codes(reviewer: tuple[TestClient, Path]) -> None:
    c, gold = reviewer
    art = c.get("/api/articles").json()["items"][0]
    fields = _form_fields(c.get(f"/articles/{art['id']}").text, "review-add")
    origin = {"origin": BASE}
    r = c.post("/review/add", data={**fields, "text": "words not in it at all", "source": "USA", "plover": "ACCUSE"},
               headers=origin)  # fmt: skip
    assert r.status_code == 422 and "not found in the article" in r.text
    text = c.get(f"/api/articles/{art['id']}").json()["text"][:20]
    r = c.post(
        "/review/add", data={**fields, "text": text, "source": "XYZ", "plover": "ACCUSE"}, headers=origin
    )
    assert r.status_code == 422 and "closest known" in r.text
    assert gold.read_text(encoding="utf-8") == ""


def test_eval_reads_the_review_file(reviewer: tuple[TestClient, Path], extractor: Any) -> None:
    from newsgraph.eval import evaluate

    c, gold = reviewer
    art = next(a for a in c.get("/api/articles", params={"limit": 500}).json()["items"] if a["events"] >= 1)
    ev = c.get(f"/api/articles/{art['id']}").json()["events"][0]
    fields = _form_fields(c.get(f"/articles/{art['id']}").text, "review-judge")
    c.post(
        "/review/judge", data={**fields, "event_id": ev["id"], "verdict": "wrong"}, headers={"origin": BASE}
    )
    line = json.loads(gold.read_text(encoding="utf-8"))
    assert line["events"] == [] and line["corpus"] == "newsgraph-review"
    out = evaluate(gold, extractor)
    assert out["kind"] == "plover" and out["failures"] == 0


def test_dyad_per_articles_and_country_roll_up(client: TestClient) -> None:
    plain = client.get("/api/dyad", params={"a": "usa", "b": "chn"}).json()
    norm = client.get("/api/dyad", params={"a": "USA", "b": "CHN", "per_articles": "true"}).json()
    assert plain["a"] == "USA" and len(plain["series"]) == len(norm["series"]) > 0
    for r in norm["series"]:
        assert r["events_per_100_articles"] == round(100 * r["events"] / r["articles"], 3)
    rolled = client.get("/api/dyad", params={"a": "USAGOV*", "b": "CHNGOV*"}).json()
    assert (rolled["a"], rolled["b"]) == ("USA", "CHN") and rolled["series"] == plain["series"]
    assert "per 100 articles" in client.get("/dyad", params={"a": "USA", "b": "CHN", "per_articles": 1}).text


def test_serve_passes_bind_and_review(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from newsgraph.cli import main

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    gold = tmp_path / "g.jsonl"
    assert main(["serve", "--db", str(db), "--port", "8123", "--review", str(gold)]) == 0
    with TestClient(seen["app"], base_url="http://localhost:8123") as c:
        assert c.get("/api/summary").status_code == 200
        assert c.get("/api/summary", headers={"host": "evil.example:8123"}).status_code == 400
        assert "POST" in route_methods(c.app)
    assert gold.exists() and seen["port"] == 8123
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    assert main(["serve", "--db", str(db), "--review", str(tmp_path / "a-file" / "g.jsonl")]) == 1
