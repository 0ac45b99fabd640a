"""The lead put back from the page's description is not put in twice when the body prints it with other
dashes, quotation marks or spacing; the headline is the title, not the body's first paragraph (team-written
text)."""

from __future__ import annotations

import pytest

from newsgraph.ingest import RawDoc, to_article
from newsgraph.ingest.html import headline_title, with_lead, without_datelines, without_headline
from newsgraph.settings import Settings

BODY_LEAD = (
    "VALE \u2013 The \u201cold mill\u201d bridge reopened on Monday after three months of repairs, "
    "the council said in a short statement."
)
REST = "Traffic was light on the first morning, and the bus company moved its stops back to the bridge road."


def test_a_description_printed_with_other_punctuation_is_not_a_second_lead() -> None:
    body = f"{BODY_LEAD}\n{REST}"
    description = (
        'VALE - The "old mill"  bridge reopened on Monday after three months of repairs, '
        "the council said in a short statement."
    )
    assert with_lead(body, description) == body


def test_a_description_the_body_lacks_is_still_put_first() -> None:
    description = "The mill bridge, closed since March for repairs to its arches, is open to traffic again."
    assert with_lead(REST, description) == f"{description}\n{REST}"


HEADLINE = "Old mill bridge reopens after three months"


@pytest.mark.parametrize(
    "headlines",
    [
        (HEADLINE, None),  # the title itself
        (f"{HEADLINE} - Vale Courier", None),  # the title with the site's name after it
        (f"Vale Courier | {HEADLINE}", None),  # or before it
        ("Bridge open again", f"{HEADLINE}!"),  # a title that differs, and the page's h1
    ],
)
def test_the_headline_is_no_paragraph_of_the_body(headlines: tuple[str, str | None]) -> None:
    assert without_headline(f"{HEADLINE}\n{BODY_LEAD}\n{REST}", headlines) == f"{BODY_LEAD}\n{REST}"


def test_a_headline_under_a_photo_caption_or_a_kicker_goes_and_they_stay() -> None:
    caption = "The bridge on Monday morning. Photo: Ana Costa"
    body = f"{caption}\nValley news\n{HEADLINE}\n{BODY_LEAD}\n{REST}"
    assert without_headline(body, (HEADLINE, None)) == f"{caption}\nValley news\n{BODY_LEAD}\n{REST}"
    late = f"{BODY_LEAD}\n{REST}\n{BODY_LEAD}\n{HEADLINE}\n{REST}"  # the fourth line: a teaser, not the head
    assert without_headline(late, (HEADLINE, None)) == late


def test_a_first_paragraph_that_only_starts_like_the_title_stays() -> None:
    body = f"{BODY_LEAD}\n{REST}"
    assert without_headline(body, ("The old mill bridge reopened on Monday", None)) == body
    assert without_headline(HEADLINE, (HEADLINE, None)) == HEADLINE  # a one-line body is left as it is


def test_a_page_headline_is_the_title_only() -> None:
    page = f"""<html><head><title>{HEADLINE} | Vale Courier</title></head><body><article>
<h1>{HEADLINE}</h1><p>{BODY_LEAD}</p><p>{REST}</p></article></body></html>"""
    article = to_article(RawDoc("a.html", None, "html", page), Settings(), min_words=1)
    assert article.text == f"{BODY_LEAD}\n\n{REST}"
    assert HEADLINE in (article.title or "")


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("November 08, 2023", "2023-11-08"),
        ("Posted: Thursday, April 21, 2022. 10:11 pm CST.", "2022-04-21"),
        ("By Jane Roe | 7 June 2025", "2025-06-07"),
        ("Updated: 8.5.2025, 14:02 Uhr", "2025-05-08"),
        ("31.01.2016 Hardware", "2016-01-31"),
    ],
)
def test_a_date_or_byline_line_over_the_body_is_metadata(line: str, date: str) -> None:
    assert without_datelines(f"{line}\n{BODY_LEAD}\n{REST}") == (f"{BODY_LEAD}\n{REST}", date)


@pytest.mark.parametrize(
    "line",
    [
        "The vote is on 8 May 2025.",  # a sentence with a date
        "Talks resume on May 8, 2025",  # a short heading with lower-case words
        "On 8 May 2025 the president arrived in Moscow for talks with his Russian counterpart.",
    ],
)
def test_a_line_with_a_date_that_says_more_stays(line: str) -> None:
    body = f"{line}\n{BODY_LEAD}"
    assert without_datelines(body) == (body, None)


def test_the_date_line_dates_a_page_without_a_dated_head() -> None:
    page = f"""<html><head><title>{HEADLINE}</title></head><body><article>
<p>November 08, 2023</p><p>{BODY_LEAD}</p><p>{REST}</p></article></body></html>"""
    article = to_article(RawDoc("a.html", None, "html", page), Settings(), min_words=1)
    assert article.text == f"{BODY_LEAD}\n\n{REST}" and article.published == "2023-11-08"


@pytest.mark.parametrize(
    ("title", "h1", "sites", "expected"),
    [
        (f"{HEADLINE} - Vale Courier", None, ("Vale Courier", None), HEADLINE),  # the site's name after it
        (
            f"valecourier.example | {HEADLINE}",
            None,
            (None, "www.valecourier.example"),
            HEADLINE,
        ),  # the host before
        (f"{HEADLINE} - what comes next", HEADLINE, (None, None), HEADLINE),  # the part that is the page's h1
        (
            "Talks in Geneva - Russia and Ukraine meet",
            None,
            ("Vale Courier", None),
            None,
        ),  # no site part: as it is
        (HEADLINE, HEADLINE, ("Vale Courier", None), None),
    ],
)
def test_the_title_loses_the_site_name_around_it(
    title: str, h1: str | None, sites: tuple[str | None, str | None], expected: str | None
) -> None:
    assert headline_title(title, h1, sites) == (expected or title)


def test_a_dropped_headline_still_counts_toward_the_minimum_length() -> None:
    """A short post: 18 words of body under a 7-word headline passes the 25-word minimum, as when the headline was
    part of the text; without the headline's words it would be a too-short skip."""
    body = "The river rose by two metres overnight and the old ferry stopped running until the water falls again."
    page = f"<html><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1><p>{body}</p></article></body></html>"
    article = to_article(RawDoc("a.html", None, "html", page), Settings())
    assert article.text == body and article.title == HEADLINE
