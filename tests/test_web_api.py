"""The web explorer's JSON API and HTML pages, through FastAPI's test client on a real store."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from conftest_web import XSS_TITLE, route_methods, web_store
from newsgraph.cli import main
from newsgraph.web import create_app
from newsgraph.web.app import _csv_cell


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = web_store(tmp_path_factory.getbasetemp())
    with TestClient(create_app(db)) as c:
        yield c


def events(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    r = client.get("/api/events", params={"limit": 500, **params})
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


def hostile_id(client: TestClient) -> str:
    items = client.get("/api/articles", params={"limit": 500}).json()["items"]
    return next(a["id"] for a in items if a["title"] == XSS_TITLE)


PAGES = ["/", "/articles", "/events", "/dyad", "/dyad?a=RUS&b=UKR", "/actor/USAGOV", "/map", "/api"]
TWINS = [
    "/api/summary",
    "/api/articles",
    "/api/events",
    "/api/dyad?a=RUS&b=UKR",
    "/api/actor/USAGOV",
    "/api/map",
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_render_html_with_security_headers(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "<title>" in r.text and "/static/style.css" in r.text and "cdn" not in r.text.lower()


@pytest.mark.parametrize("url", TWINS)
def test_json_twins(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert r.json()


def test_summary_counts_the_store(client: TestClient) -> None:
    s = client.get("/api/summary").json()
    assert s["articles"] == 34 + 6  # samples + five synthetic + the hostile one
    assert s["events"] >= 9
    assert {"source_code": "RUSMIL", "target_code": "UKR"} in [
        {k: d[k] for k in ("source_code", "target_code")} for d in s["top_dyads"]
    ]
    assert len(s["latest_articles"]) == 15


def test_article_json_has_text_and_annotations(client: TestClient) -> None:
    art = client.get(f"/api/articles/{hostile_id(client)}").json()
    assert "<script>window.__xss=1</script>" in art["text"]  # the API returns data, not HTML
    assert [e["id"] for e in art["events"]] == ["ev-xss"]
    assert art["actors"][0]["code"] == "USAGOV"


def test_article_page_highlights_and_links_events(client: TestClient) -> None:
    html = client.get(f"/articles/{hostile_id(client)}").text
    assert 'class="seg hl-actor"' in html
    assert 'href="#ev-ev-xss"' in html and 'id="ev-ev-xss"' in html
    assert "/dyad?a=USAGOV&amp;b=CHNGOV" in html


def test_article_text_and_title_are_escaped(client: TestClient) -> None:
    html = client.get(f"/articles/{hostile_id(client)}").text
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html
    assert "<script>window.__xss" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.__xss_title=1&lt;/script&gt;" in html
    assert "<i>hostile</i>" not in html and "&lt;i&gt;hostile&lt;/i&gt;" in html
    assert "<i>hostile</i>" not in client.get("/").text


def test_event_json_and_page(client: TestClient) -> None:
    aid = hostile_id(client)
    ev = client.get(f"/api/events/{aid}/ev-xss").json()
    assert (ev["cameo"], ev["quad"], ev["quad_name"], ev["date"]) == (
        "130",
        3,
        "verbal conflict",
        "2024-05-22",
    )
    html = client.get(f"/events/{aid}/ev-xss").text
    assert "Washington warned Beijing about new tariffs." in html and "Dyad chart USAGOV" in html
    assert client.get(f"/api/events/{aid}/nope").status_code == 404


Check = Callable[[dict[str, Any]], bool]


@pytest.mark.parametrize(
    ("params", "must_include", "check"),
    [
        (
            {"source": "RUSMIL"},
            {"ev-1a", "ev-2a"},
            lambda e: "RUSMIL" in (e["source_code"], e["source_country"]),
        ),
        ({"target": "USA"}, {"ev-4a", "ev-4b"}, lambda e: "USA" in (e["target_code"], e["target_country"])),
        ({"actor": "CHN"}, {"ev-3a", "ev-4a", "ev-5a", "ev-xss"}, lambda e: "CHN" in str(e)),
        ({"code": "19"}, {"ev-1a", "ev-2a"}, lambda e: e["cameo"].startswith("19")),
        ({"root": "11"}, {"ev-1b", "ev-4a"}, lambda e: e["cameo_root"] == "11"),
        ({"quad": 1}, {"ev-3a", "ev-5a"}, lambda e: e["quad"] == 1),
        ({"flag": "negated"}, {"ev-5a"}, lambda e: "negated" in e["flags"]),
        ({"flag": ["negated", "future"]}, {"ev-5a"}, lambda e: {"negated", "future"} <= set(e["flags"])),
        (
            {"start": "2024-05-01", "end": "2024-05-20"},
            {"ev-4a", "ev-4b"},
            lambda e: "2024-05-01" <= e["date"] <= "2024-05-20",
        ),
        ({"q": "KYIV"}, {"ev-1a", "ev-2a"}, lambda e: "kyiv" in e["sentence"].lower()),
        ({"place": "Kyiv"}, {"ev-1a", "ev-2a"}, lambda e: e["place_name"] == "Kyiv"),
        ({"plover": "AID"}, {"ev-3b"}, lambda e: e["plover"] == "AID"),
    ],
)
def test_event_filters(
    client: TestClient, params: dict[str, Any], must_include: set[str], check: Check
) -> None:
    found = events(client, **params)
    assert must_include <= {e["id"] for e in found}
    assert all(check(e) for e in found)


def test_empty_form_fields_mean_no_filter(client: TestClient) -> None:
    full = client.get("/api/events").json()["total"]
    assert client.get("/api/events?quad=&start=&flag=&q=").json()["total"] == full
    assert client.get("/events?quad=&start=&code=").status_code == 200


def test_pagination(client: TestClient) -> None:
    total = client.get("/api/events").json()["total"]
    first = client.get("/api/events", params={"limit": 3, "offset": 0}).json()
    second = client.get("/api/events", params={"limit": 3, "offset": 3}).json()
    assert first["total"] == total and len(first["items"]) == min(3, total)
    assert not {(e["article_id"], e["id"]) for e in first["items"]} & {
        (e["article_id"], e["id"]) for e in second["items"]
    }
    assert 'rel="next"' in client.get("/events?limit=3").text


def test_csv_download_follows_the_filter(client: TestClient) -> None:
    r = client.get("/api/events.csv", params={"quad": 4})
    assert (
        r.headers["content-type"].startswith("text/csv") and "attachment" in r.headers["content-disposition"]
    )
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == client.get("/api/events", params={"quad": 4}).json()["total"]
    assert {row["quad"] for row in rows} == {"4"} and "Russian forces shelled Kyiv on Monday." in r.text
    assert 'href="/api/events.csv?quad=4"' in client.get("/events?quad=4").text


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("-2", "'-2"), ("plain", "plain"), (-2.5, -2.5), (["a", "b"], "a;b")],
)
def test_csv_cells_cannot_become_formulas(value: Any, expected: Any) -> None:
    assert _csv_cell(value) == expected


def test_dyad_series_and_sentences_behind_a_point(client: TestClient) -> None:
    d = client.get("/api/dyad", params={"a": "RUS", "b": "UKR"}).json()
    march = next(r for r in d["series"] if r["period"] == "2024-03-01")
    assert march["material_conflict"] == 2 and march["verbal_conflict"] == 1
    d = client.get(
        "/api/dyad", params={"a": "RUS", "b": "UKR", "period": "2024-03-01", "side": "conflict"}
    ).json()
    assert {e["sentence"] for e in d["evidence"]} >= {
        "Russian forces shelled Kyiv on Monday.",
        "Ukraine accused Moscow of striking homes.",
        "Russian troops bombarded Kyiv overnight on Monday.",
    }
    html = client.get("/dyad?a=RUS&b=UKR&period=2024-03-01&side=conflict").text
    assert 'id="dyad-chart"' in html and "Russian forces shelled Kyiv on Monday." in html
    assert "period=2024-03-01&amp;side=conflict#evidence" in html  # the bar links to its sentences


def test_actor_counterparts_and_timeline(client: TestClient) -> None:
    a = client.get("/api/actor/USAGOV").json()
    assert isinstance(a["name"], str) and a["name"]
    assert "CHNGOV" in {c["counterpart"] for c in a["counterparts"]}
    assert sum(r["events"] for r in a["timeline"]) >= 5
    html = client.get("/actor/USAGOV").text
    assert 'id="actor-network"' in html and "/dyad?a=USAGOV&amp;b=CHNGOV" in html


def test_map_places(client: TestClient) -> None:
    places = client.get("/api/map").json()["places"]
    kyiv = next(p for p in places if p["name"] == "Kyiv")
    assert (kyiv["lat"], kyiv["lon"]) == pytest.approx((50.45, 30.52), abs=0.1) and kyiv["events"] >= 2
    html = client.get("/map").text
    assert 'id="world-map"' in html and html.count("<rect") > 100  # land cells are drawn
    assert f'href="/events?{urlencode({"place": kyiv["place_id"]})}"' in html
    assert client.get("/api/events", params={"place": kyiv["place_id"]}).json()["total"] == kyiv["events"]


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/events?quad=9", 422, "quad"),
        ("/api/events?start=yesterday", 422, "start"),
        ("/api/events?start=2024-05-01&end=2024-01-01", 400, "after end"),
        ("/api/events?flag=maybe", 422, "flag"),
        ("/api/events?code=abc", 422, "code"),
        ("/api/events?limit=100000", 422, "limit"),
        ("/api/events?offset=-1", 422, "offset"),
        ("/api/dyad?a=RUS", 422, "b"),
        ("/api/dyad?a=RUS&b=UKR&by=decade", 422, "by"),
        ("/api/dyad?a=RUS%27%3B--&b=UKR", 422, "a"),
        ("/api/articles/not-an-id", 422, "16 hex"),
        ("/api/articles/0000000000000000", 404, "no article"),
        ("/api/actor/NOBODY", 404, "unknown actor code 'NOBODY'; closest known"),
        ("/api/actor/tuvgov", 404, "no events with actor TUVGOV"),
        ("/api/dyad?a=XYZ&b=TUR", 400, "unknown actor code 'XYZ'; closest known"),
        ("/dyad?a=XYZ&b=TUR", 400, "unknown actor code"),
        ("/api/events?actor=USAGOVV", 400, "closest known: USAGOV"),
        ("/events?quad=9", 422, "quad"),
        ("/articles/0000000000000000", 404, "no article"),
    ],
)
def test_invalid_parameters_give_4xx_with_a_message(
    client: TestClient, url: str, status: int, words: str
) -> None:
    r = client.get(url)
    assert r.status_code == status
    message = r.json()["message"] if url.startswith("/api") else r.text
    assert words in message


def test_sql_in_parameters_is_data(client: TestClient) -> None:
    r = client.get("/api/events", params={"q": "x' OR 1=1 --"})
    assert r.status_code == 200 and r.json()["total"] == 0
    r = client.get("/api/events", params={"actor": "USA' OR '1'='1"})
    assert r.status_code == 400 and "actor code must be" in r.json()["message"]


def test_no_write_endpoints(client: TestClient) -> None:
    methods = route_methods(client.app)
    assert "GET" in methods and methods <= {"GET", "HEAD"}, methods
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)("/api/events").status_code == 405


def test_openapi_documents_every_api_endpoint(client: TestClient) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    assert {
        "/api/summary",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/events",
        "/api/events.csv",
        "/api/events/{article_id}/{event_id}",
        "/api/dyad",
        "/api/actor/{code}",
        "/api/map",
    } <= paths
    assert client.get("/docs").status_code == 404  # Swagger UI would load a CDN


def test_static_assets_are_served_locally(client: TestClient) -> None:
    assert client.get("/static/app.js").status_code == 200
    assert "hl-event" in client.get("/static/style.css").text


def test_serve_without_a_store_is_a_one_line_error(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--db", str(tmp_path / "none.duckdb")]) == 4
    assert "no store at" in capsys.readouterr().err
