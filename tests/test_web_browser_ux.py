"""Browser checks of search, filters, the map and a review round trip, in headless Chromium (Playwright).

The server runs with ``--review`` semantics (a gold file in a tmp folder) and the Host check on; screenshots at
1280 px and 390 px go to a tmp folder and to ``$NEWSGRAPH_SCREENSHOTS`` when set.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest_web import free_port, served, web_store
from newsgraph.web import create_app
from test_web_browser import ARGS, BROWSER_MARKS, CHROMIUM, snap

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folders = [tmp_path_factory.mktemp("screenshots")]
    if os.environ.get("NEWSGRAPH_SCREENSHOTS"):
        folders.append(Path(os.environ["NEWSGRAPH_SCREENSHOTS"]))
        folders[-1].mkdir(parents=True, exist_ok=True)
    return folders


@pytest.fixture(scope="module")
def gold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("review") / "gold.jsonl"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, gold: Path) -> Iterator[str]:
    db = web_store(tmp_path_factory.getbasetemp())
    port = free_port()
    with served(create_app(db, bind=("127.0.0.1", port), review=gold), port) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def new_page(browser: Any, width: int) -> Any:
    pg = browser.new_page(viewport={"width": width, "height": 900})
    pg.set_default_timeout(10_000)
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.errors = errors
    return pg


@pytest.fixture(scope="module")
def page(browser: Any) -> Iterator[Any]:
    pg = new_page(browser, 1280)
    yield pg
    pg.close()


def test_search_from_the_header(page: Any, base_url: str, shots: list[Path]) -> None:
    page.goto(base_url + "/")
    page.fill("form.top-search input[name=q]", "kyiv")
    page.press("form.top-search input[name=q]", "Enter")
    page.wait_for_url("**/search?q=kyiv")
    events = page.locator("#found-events blockquote.evidence").all_inner_texts()
    assert events and all("kyiv" in e.lower() for e in events)
    snap(page, shots, "10-search-1280")
    assert not page.errors, page.errors


def test_event_filters_and_sorting(page: Any, base_url: str, shots: list[Path]) -> None:
    page.goto(base_url + "/events")
    page.select_option("select[name=quad]", "4")
    page.fill("input[name=country]", "ukr")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?*country=ukr*")
    rows = page.locator("#events-table tbody tr")
    assert rows.count() >= 1 and all(
        q == "4" for q in page.locator("#events-table span.quad").all_inner_texts()
    )
    page.click("#events-table thead a.sort:text('Goldstein')")
    page.wait_for_url("**sort=goldstein*")
    assert "country=UKR" in page.url or "country=ukr" in page.url  # the filter survives the sort
    page.click("#events-table thead a.sort:text('Goldstein')")
    page.wait_for_url("**sort=-goldstein*")
    cells = [float(c) for c in page.locator("#events-table td.num").all_inner_texts() if c.strip()]
    assert cells == sorted(cells, reverse=True)
    snap(page, shots, "11-events-filtered-1280")
    assert not page.errors, page.errors


def test_map_zooms_to_a_country_and_labels_places(page: Any, base_url: str, shots: list[Path]) -> None:
    page.goto(base_url + "/map")
    assert page.locator("#world-map .place-labels text").count() >= 1
    snap(page, shots, "12-map-1280")
    page.locator("#map-countries a", has_text="UKR").first.click()
    page.wait_for_url("**/map?country=UKR")
    box = page.locator("#world-map").get_attribute("viewBox") or ""
    assert float(box.split()[2]) < 200
    assert page.locator("#world-map .place-labels text", has_text="Kyiv").count() == 1
    snap(page, shots, "13-map-ukraine-1280")
    page.click("nav.views a:text('europe')")
    page.wait_for_url("**view=europe")
    assert not page.errors, page.errors


def test_review_round_trip(page: Any, base_url: str, gold: Path, shots: list[Path], extractor: Any) -> None:
    from newsgraph.eval import evaluate, read_gold

    items = page.request.get(base_url + "/api/articles?limit=500").json()["items"]
    art = next(a for a in items if a["events"] >= 1 and "__xss" not in (a["title"] or ""))
    page.goto(f"{base_url}/articles/{art['id']}")
    first = page.locator("section.event-detail").first
    page.locator("ol.event-index a.event-link").first.click()
    first.wait_for(state="visible")
    first.locator("button.judge-right").click()
    page.wait_for_url(f"**/articles/{art['id']}#ev-*")
    # select the first sentence of the article with the mouse's equivalent, then describe the missed event
    page.evaluate(
        """() => { const el = document.getElementById('article-text'); const r = document.createRange();
                   const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT); let node = w.nextNode();
                   while (node && node.length < 20) node = w.nextNode();
                   r.setStart(node, 0); r.setEnd(node, 20);
                   const s = window.getSelection(); s.removeAllRanges(); s.addRange(r);
                   el.dispatchEvent(new MouseEvent('mouseup', {bubbles: true})); }"""
    )
    selected = page.input_value("#review-text")
    assert selected
    page.fill("form.review-add input[name=source]", "usa")
    page.select_option("form.review-add select[name=plover]", "CONSULT")
    page.click("form.review-add button[type=submit]")
    page.wait_for_url(f"**/articles/{art['id']}#review")
    page.reload()
    assert "Judgements on this article (2)" in page.locator("#review").inner_text()
    snap(page, shots, "14-review-1280")
    records = read_gold(gold)
    assert [r["review"]["verdict"] for r in records] == ["right", "missed"]
    assert records[1]["text"] == " ".join(selected.split()) and records[1]["events"][0]["source"] == ["USA"]
    out = evaluate(gold, extractor)
    assert out["kind"] == "plover" and out["failures"] == 0
    assert not page.errors, page.errors


@pytest.mark.parametrize(
    "path", ["/", "/articles", "/events", "/map", "/dyad?a=USA&b=CHN", "/actor/USAGOV", "/search?q=talks"]
)
def test_no_horizontal_scroll_at_390_px(browser: Any, base_url: str, shots: list[Path], path: str) -> None:
    pg = new_page(browser, 390)
    try:
        pg.goto(base_url + path)
        width = pg.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path}: page is {width} px wide"
        name = path.strip("/").split("?")[0].replace("/", "-") or "home"
        snap(pg, shots, f"20-{name}-390")
        assert not pg.errors, pg.errors
    finally:
        pg.close()
