"""Browser walk through the explorer in headless Chromium (Debian's chromium driven by Playwright).

Starts uvicorn on a free loopback port, clicks home → article → event → dyad chart → the sentences behind a
bar, checks that a hostile article's markup never runs, and saves screenshots (to a tmp folder, and to
``$NEWSGRAPH_SCREENSHOTS`` when set).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest_web import free_port, served, web_store
from newsgraph.web import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BROWSER_MARKS = [  # every browser test module: marked, and skipped (with the reason) where chromium is missing
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="chromium not installed (apt-get install chromium)"
    ),
]
pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = web_store(tmp_path_factory.getbasetemp())
    with served(create_app(db), free_port()) as url:
        yield url


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        pg = context.new_page()
        pg.set_default_timeout(10_000)
        errors: list[str] = []
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.errors = errors
        yield pg
        browser.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folders = [tmp_path_factory.mktemp("screenshots")]
    if os.environ.get("NEWSGRAPH_SCREENSHOTS"):
        folders.append(Path(os.environ["NEWSGRAPH_SCREENSHOTS"]))
        folders[-1].mkdir(parents=True, exist_ok=True)
    return folders


def snap(page: Any, shots: list[Path], name: str) -> None:
    for folder in shots:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    assert (shots[0] / f"{name}.png").stat().st_size > 5_000


def test_walk_from_home_to_the_sentence_behind_a_chart_point(
    page: Any, base_url: str, shots: list[Path]
) -> None:
    page.goto(base_url + "/")
    assert page.locator("h1").inner_text() == "What the store holds"
    snap(page, shots, "01-home")
    links = page.locator("#latest-articles tbody tr").filter(has_not=page.locator("td.num:text-is('0')"))
    hrefs = [links.nth(i).locator("a.article-link").get_attribute("href") for i in range(links.count())]
    anchor = None
    for href in hrefs:  # the first article with an event between two coded actors (it has a dyad chart)
        page.locator(f"#latest-articles a[href='{href}']").click()
        page.wait_for_url(f"**{href}")
        found = page.locator("section.event-detail:has(a.dyad-link)")
        if found.count():
            anchor = found.first.get_attribute("id")
            break
        page.go_back()
    assert anchor, "no article on the home page has an event with a dyad chart"
    snap(page, shots, "02-article")

    trigger = page.locator(f"#article-text a.hl-event[data-event='{anchor}']").first
    trigger.click()
    detail = page.locator(f"section.event-detail#{anchor}")
    detail.wait_for(state="visible")
    evidence = detail.locator("blockquote.evidence").inner_text()
    assert "CAMEO" in detail.inner_text() and "QuadClass" in detail.inner_text() and evidence
    assert "selected" in (trigger.get_attribute("class") or "")
    snap(page, shots, "03-event")

    detail.locator("a.dyad-link").click()
    page.wait_for_url("**/dyad?*")
    chart = page.locator("#dyad-chart")
    chart.wait_for(state="visible")
    assert "cooperation (QuadClass 1–2)" in (chart.text_content() or "")
    snap(page, shots, "04-dyad")

    bars = page.locator("#dyad-chart a.point")
    assert bars.count() >= 1
    bars.first.click()
    page.wait_for_url("**period=*")
    page.locator("#evidence ol.evidence-list li").first.wait_for(state="visible")
    sentences = page.locator("#evidence blockquote.evidence").all_inner_texts()
    assert sentences and all(s.strip() for s in sentences)
    snap(page, shots, "05-dyad-sentences")
    page.locator("#evidence a.article-link").first.click()
    page.wait_for_url("**/articles/*#ev-*")
    assert page.locator("section.event-detail:target").count() == 1
    assert not page.errors, page.errors


def test_hostile_article_markup_never_runs(page: Any, base_url: str, shots: list[Path]) -> None:
    items = page.request.get(base_url + "/api/articles?limit=500").json()["items"]
    aid = next(a["id"] for a in items if "__xss_title" in (a["title"] or ""))
    page.goto(f"{base_url}/articles/{aid}")
    text = page.locator("#article-text").inner_text()
    assert "<script>window.__xss=1</script>" in text and 'onerror="window.__xss=2"' in text
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.evaluate("typeof window.__xss_title") == "undefined"
    assert page.locator("#article-text script, #article-text img, #article-text b").count() == 0
    assert "<script>" in page.locator("h1").inner_text()
    snap(page, shots, "06-hostile-article")
    assert not page.errors, page.errors  # no CSP violation either: nothing tried to run


@pytest.mark.parametrize(
    ("path", "selector", "name"),
    [
        ("/events?quad=4", "#events-table", "07-events"),
        ("/actor/USAGOV", "#actor-network", "08-actor"),
        ("/map", "#world-map", "09-map"),
    ],
)
def test_pages_and_chart_points_lead_to_events(
    page: Any, base_url: str, shots: list[Path], path: str, selector: str, name: str
) -> None:
    page.goto(base_url + path)
    page.locator(selector).wait_for(state="visible")
    snap(page, shots, name)
    if path == "/events?quad=4":
        assert page.locator("#csv-link").get_attribute("href") == "/api/events.csv?quad=4"
        return
    points = page.locator(f"{'#actor-timeline' if path.startswith('/actor') else selector} a.point")
    point = points.last  # drawn last, so on top (map circles are drawn biggest first)
    point.click()
    page.wait_for_url("**/events?*")
    assert page.locator("#events-table a.sentence").count() >= 1
    assert not page.errors, page.errors
