"""The article relevance model (issue 16): features, training, the shipped artefact and the gate in select_text."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from newsgraph.errors import ConfigError
from newsgraph.learned.article import (
    DIM,
    NAMED_BINS,
    ArticleModel,
    fit,
    hashed_ids,
    is_sealed,
    load_article_model,
    named_bin,
    read_model,
)

ROOT = Path(__file__).resolve().parents[1]
NONPOLITICAL = ROOT / "src" / "newsgraph" / "data" / "bench" / "nonpolitical.jsonl"

POLITICAL = [
    "The foreign minister met her counterpart to discuss the ceasefire and the return of prisoners.",
    "Protesters marched on parliament and police arrested dozens after the government banned the rally.",
    "The president threatened new sanctions unless troops were withdrawn from the border region.",
    "Both governments signed an agreement on military cooperation and promised aid to the refugees.",
]
OTHER = [
    "Stir the flour into the butter, then add the milk slowly and whisk until the sauce is smooth.",
    "The striker scored twice as the home side won the derby in front of a full stadium.",
    "Heavy rain is expected overnight, with sunshine returning by the weekend and light winds.",
    "The new phone has a brighter screen, a bigger battery and a camera that copes well in low light.",
]


def test_features_are_stable_and_bounded() -> None:
    ids = hashed_ids("Talks on the ceasefire, resumed!")
    assert np.array_equal(ids, hashed_ids("talks ON the ceasefire resumed"))  # lower-cased, punctuation-blind
    assert ids.min() >= 0 and ids.max() < DIM and len(ids) == len(set(ids.tolist()))
    assert [named_bin(n) for n in (0, 1, 2, 3, 4, 7, 8, 100)] == [0, 1, 2, 2, 3, 3, 4, 5]
    assert is_sealed("  x ") == is_sealed("x")


def test_fit_separates_and_round_trips(tmp_path: Path) -> None:
    items = [(t, 2) for t in POLITICAL] + [(t, 0) for t in OTHER]
    model = fit(items * 3, [1] * 4 * 3 + [0] * 4 * 3)
    assert model.coef.shape == (DIM + len(NAMED_BINS),)
    new = "Police arrested protesters outside parliament as the government banned a rally."
    assert model.score(new, 2) > model.score("The striker scored as the home side won the derby.", 0)
    path = tmp_path / "m.npz"
    model.save(path)
    again = read_model(path)
    assert again.score(new, 2) == pytest.approx(model.score(new, 2), abs=1e-6)
    (tmp_path / "bad.npz").write_bytes(b"not a model")
    with pytest.raises(ConfigError):
        read_model(tmp_path / "bad.npz")


def test_short_texts_are_never_judged() -> None:
    gate = ArticleModel(
        coef=np.full(DIM + len(NAMED_BINS), -5.0, dtype=np.float32), intercept=-5.0, threshold=0.5
    )
    assert gate.is_political("Quiet day. " * 10, 0)  # 20 words: under min_words, parsed as before
    assert not gate.is_political("Quiet day. " * 60, 0)


def test_shipped_model_keeps_political_samples_and_skips_team_negatives(nlp, extractor) -> None:  # type: ignore[no-untyped-def]
    from newsgraph.bench import NONPOLITICAL_SAMPLES, clean_articles
    from newsgraph.pipeline import Extractor
    from newsgraph.settings import Settings

    model = load_article_model()
    assert model is not None and extractor.article_model is model and 0 < model.threshold <= 0.5
    for art in clean_articles(ROOT / "samples", Settings()):
        if Path(art.input or "").name not in NONPOLITICAL_SAMPLES:
            assert extractor.select_text(art.text), art.input  # no political sample loses its parse
    rows = [json.loads(line) for line in NONPOLITICAL.read_text(encoding="utf-8").splitlines()]
    ungated = Extractor(Settings(article_model=False), nlp=nlp)
    assert ungated.article_model is None
    named = [
        r["text"] for r in rows if ungated.select_text(r["text"])
    ]  # they name an actor: parsed without the gate
    skipped = sum(not extractor.select_text(t) for t in named)
    assert len(named) >= 4 and skipped >= len(named) // 2
