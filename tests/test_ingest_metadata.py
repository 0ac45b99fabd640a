"""page_metadata gives the values trafilatura's extract_metadata gives for the fields newsgraph reads (issue 16).

The pages are the team's own: meta tags, OpenGraph, JSON-LD, a canonical link, a title with the site's name,
a date only in the text, and a page with no metadata at all.
"""

from __future__ import annotations

import pytest
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from newsgraph.ingest.html import DATE_PARAMS, to_article
from newsgraph.ingest.metadata import page_metadata
from newsgraph.ingest.types import RawDoc
from newsgraph.settings import Settings

BODY = (
    "<p>The foreign ministers of two neighbouring states met on the border on Tuesday to discuss water rights, "
    "grazing land and the reopening of a crossing closed since the spring floods.</p>"
    "<p>Both delegations said the talks were useful and agreed to meet again before the end of the year, "
    "when engineers from each side will report on the state of the shared dam.</p>"
)
PAGES = {
    "meta tags": (
        "<html><head><title>Border talks resume | Valley Courier</title>"
        '<meta name="description" content="Ministers met on the border to discuss water rights and grazing land.">'
        '<meta name="author" content="Ana Ruiz"><meta property="article:published_time" content="2025-03-04T10:00:00Z">'
        f"</head><body><article><h1>Border talks resume</h1>{BODY}</article></body></html>"
    ),
    "opengraph + canonical": (
        '<html><head><title>Talks</title><meta property="og:title" content="Border talks resume">'
        '<meta property="og:site_name" content="@valleycourier"><meta property="og:url" '
        'content="https://news.example.org/2025/03/04/border-talks">'
        '<link rel="canonical" href="/2025/03/04/border-talks">'
        f"</head><body><main>{BODY}</main></body></html>"
    ),
    "json-ld": (
        '<html><head><title>Border talks</title><script type="application/ld+json">{"@context": '
        '"https://schema.org", "@type": "NewsArticle", "headline": "Border talks resume &amp; continue", '
        '"datePublished": "2024-11-20", "publisher": {"@type": "Organization", "name": "Valley Courier"}, '
        '"description": "Ministers met."}</script>'
        f"</head><body><article>{BODY}</article></body></html>"
    ),
    "date in the text only": (
        "<html><head><title>Border talks resume</title></head><body><article><p>Published 7 May 2025</p>"
        f"{BODY}</article></body></html>"
    ),
    "no metadata": f"<html><body><div>{BODY}</div></body></html>",
    "broken JSON-LD": (
        '<html><head><title>Talks</title><script type="application/ld+json">{"headline": "Border talks",'
        f' "datePublished": </script></head><body><article>{BODY}</article></body></html>'
    ),
}


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("url", [None, "https://valley.example.net/world/border-talks"])
def test_same_values_as_trafilatura(name: str, url: str | None) -> None:
    page = PAGES[name]
    theirs = extract_metadata(load_html(page), url, {**DATE_PARAMS})
    ours = page_metadata(load_html(page), url, DATE_PARAMS)
    for field in ("title", "url", "sitename", "hostname", "date", "description"):
        assert getattr(ours, field) == getattr(theirs, field), field


def test_article_fields_come_from_the_metadata() -> None:
    raw = RawDoc(input="talks.html", record=None, kind="html", content=PAGES["meta tags"])
    article = to_article(raw, Settings())
    assert article.title == "Border talks resume"
    assert article.published == "2025-03-04"
    assert article.text.startswith(
        "The foreign ministers"
    )  # the description is not printed: no lead of the text
    og = to_article(
        RawDoc(input="og.html", record=None, kind="html", content=PAGES["opengraph + canonical"]), Settings()
    )
    assert (og.source, og.url) == ("Valleycourier", "https://news.example.org/2025/03/04/border-talks")


BODY = (
    "<p>The regional council approved the budget for the new ferry line on Tuesday after a long debate.</p>"
    "<p>Trade through the port rose 16 percent from 2021, and the council expects more traffic next year.</p>"
)


@pytest.mark.parametrize(
    ("head", "tail", "published"),
    [
        ("", "<footer><p>© 2023 The Harbour Post</p></footer>", None),  # a copyright year is no day
        ("", "", None),  # nor a year in the text ("from 2021")
        ("", "<p>Published 1 March 2023</p>", "2023-03-01"),  # a first of the month the page prints
        ('<meta property="article:published_time" content="2023-03-01T08:00:00Z">', "", "2023-03-01"),
        ('<meta property="article:published_time" content="2023-03-07T08:00:00Z">', "", "2023-03-07"),
    ],
)
def test_a_year_or_a_month_is_not_passed_off_as_the_publication_day(
    head: str, tail: str, published: str | None
) -> None:
    html = f"<html><head><title>Ferry line</title>{head}</head><body><article>{BODY}{tail}</article></body></html>"
    assert to_article(RawDoc("a.html", None, "html", html), Settings(), min_words=1).published == published
