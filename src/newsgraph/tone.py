"""Document and sentence tone on GDELT's -100..+100 scale from an offline lexicon.

Tone = (positive words - negative words) / all words * 100, the GDELT 1.0 "Tone" definition.  Word polarity
comes from the VADER lexicon (Hutto & Gilbert 2014, MIT licence) read from the installed ``vaderSentiment``
package: a word is positive when its mean valence is >= +1.0, negative when <= -1.0 (VADER's range is -4..+4).
A polar word within three tokens after a negator ("not", "n't", "never", ...) in the same sentence counts
with the opposite polarity.  Function words (prepositions, pronouns, determiners, auxiliaries...) are never
polar, so "like" as a preposition does not count.  See docs/geo.md (Tone).
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

THRESHOLD = 1.0
NEGATION_WINDOW = 3
NEGATORS = frozenset(
    {"not", "n't", "no", "never", "without", "neither", "nor", "hardly", "barely", "none", "nobody", "nothing",
     "cannot", "nt"}
)  # fmt: skip
NON_POLAR_POS = frozenset(
    {"ADP", "AUX", "DET", "PRON", "CCONJ", "SCONJ", "PART", "NUM", "PUNCT", "SPACE", "SYM"}
)


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, int]:
    """word -> +1 / -1 for the VADER entries past the threshold (about 5,800 of 7,500)."""
    source = importlib.resources.files("vaderSentiment") / "vader_lexicon.txt"
    out: dict[str, int] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        try:
            valence = float(parts[1])
        except ValueError:
            continue
        if valence >= THRESHOLD:
            out[parts[0]] = 1
        elif valence <= -THRESHOLD:
            out[parts[0]] = -1
    return out


def polarity(token: Token) -> int:
    """+1, -1 or 0 for one token, before negation."""
    if token.pos_ in NON_POLAR_POS or token.lower_ in NEGATORS:
        return 0
    table = lexicon()
    value = table.get(token.lower_)
    if value is None:
        value = table.get(token.lemma_.lower(), 0)
    return value


def _counts(tokens: Iterable[Token]) -> tuple[int, int, int]:
    """(positive, negative, words) over a run of tokens treated as one sentence."""
    positive = negative = words = 0
    since_negator = NEGATION_WINDOW + 1
    for token in tokens:
        if token.is_punct or token.is_space:
            continue
        words += 1
        if token.lower_ in NEGATORS:
            since_negator = 0
            continue
        since_negator += 1
        value = polarity(token)
        if value and since_negator <= NEGATION_WINDOW:
            value = -value
        if value > 0:
            positive += 1
        elif value < 0:
            negative += 1
    return positive, negative, words


def _tone(positive: int, negative: int, words: int) -> float:
    return round(100.0 * (positive - negative) / words, 3) if words else 0.0


def document_tone(doc: Doc) -> tuple[float, list[float]]:
    """(document tone, per-sentence tones), each in -100..+100."""
    sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    totals = [0, 0, 0]
    tones: list[float] = []
    for sentence in sentences:
        counts = _counts(sentence)
        tones.append(_tone(*counts))
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
    return _tone(*totals), tones
