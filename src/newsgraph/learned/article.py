"""Article-level relevance: is this article political news at all?  Decided before any parse (issue 16).

A logistic regression over hashed word and word-pair features of the article's head (its first
``HEAD_CHARS`` characters, lower-cased) plus one-hot bins of the number of named lexicon actors the pre-filter
already found.  Run time is numpy only: the coefficients ship as ``newsgraph/models/article_relevance.npz``
(plain arrays, loaded with ``allow_pickle=False``); scikit-learn is needed only to train
(``scripts/train_article_model.py``, see docs/models.md "Article relevance model").

The decision is deliberately lopsided: the threshold is set below every political article of the dev part, so
that events on political articles are not skipped; texts shorter than ``min_words`` words (single sentences,
briefs) are never judged here, since parsing them costs little.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsgraph.errors import ConfigError
from newsgraph.learned.split import is_sealed  # the one sealed rule (re-exported for the training script)

DIM = 2**18  # hashed feature space (unigrams and bigrams)
NAMED_BINS = (0, 1, 2, 4, 8, 16)  # lower edges of the bins of named-actor counts
HEAD_CHARS = 3000
MIN_WORDS = 80
TOKEN = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]|\d+")
MODEL_FILE = Path(__file__).resolve().parents[1] / "models" / "article_relevance.npz"


def named_bin(named: int) -> int:
    """Index of the bin that holds a count of named actors."""
    return max(i for i, edge in enumerate(NAMED_BINS) if named >= edge)


def hashed_ids(text: str) -> np.ndarray:
    """Sorted unique feature ids of the unigrams and bigrams of the article head."""
    words = TOKEN.findall(text[:HEAD_CHARS].lower())
    grams = {f"w {w}" for w in words} | {f"b {a} {b}" for a, b in zip(words, words[1:], strict=False)}
    return np.unique(np.fromiter((zlib.crc32(g.encode("utf-8")) % DIM for g in grams), dtype=np.int64))


@dataclass(frozen=True)
class ArticleModel:
    """Exported logistic regression: ``coef`` has DIM hashed weights then one weight per named-actor bin."""

    coef: np.ndarray
    intercept: float
    threshold: float
    min_words: int = MIN_WORDS

    def score(self, text: str, named: int) -> float:
        """Probability that ``text`` is political news, given ``named`` named-actor hits in it."""
        ids = hashed_ids(text)
        z = self.intercept + float(self.coef[DIM + named_bin(named)])
        if len(ids):
            z += float(self.coef[ids].sum()) / float(np.sqrt(len(ids)))
        return float(1.0 / (1.0 + np.exp(-z)))

    def judged(self, text: str) -> bool:
        """Whether the text is long enough for the article-level decision."""
        return len(text.split(None, self.min_words)) > self.min_words

    def is_political(self, text: str, named: int) -> bool:
        """False only for a long enough article that scores under the threshold."""
        return not self.judged(text) or self.score(text, named) >= self.threshold

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, coef=self.coef.astype(np.float32),
                            meta=np.array([self.intercept, self.threshold, self.min_words, DIM], dtype=np.float64))  # fmt: skip


def design(items: list[tuple[str, int]]) -> object:
    """Sparse matrix (scipy CSR) of (text, named-actor count) pairs, the features ``ArticleModel.score`` uses."""
    from scipy.sparse import csr_matrix

    rows: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    for text, named in items:
        ids = hashed_ids(text)
        rows.append(np.append(ids, DIM + named_bin(named)))
        vals.append(np.append(np.full(len(ids), 1.0 / np.sqrt(max(len(ids), 1))), 1.0))
    indptr = np.cumsum([0, *(len(r) for r in rows)])
    data, indices = np.concatenate(vals), np.concatenate(rows)
    return csr_matrix((data, indices, indptr), shape=(len(items), DIM + len(NAMED_BINS)))


def fit(items: list[tuple[str, int]], labels: list[int], *, c: float = 4.0) -> ArticleModel:
    """Train the logistic regression (scikit-learn, balanced classes); the threshold is set by the caller."""
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
    clf.fit(design(items), np.asarray(labels))
    return ArticleModel(
        coef=clf.coef_[0].astype(np.float32), intercept=float(clf.intercept_[0]), threshold=0.5
    )


def read_model(path: Path) -> ArticleModel:
    try:
        with np.load(path, allow_pickle=False) as data:
            coef, meta = data["coef"], data["meta"]
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(f"cannot read the article model {path}: {exc}") from None
    if int(meta[3]) != DIM or coef.shape != (DIM + len(NAMED_BINS),):
        raise ConfigError(f"article model {path} does not match this version (feature space {int(meta[3])})")
    return ArticleModel(coef=coef.astype(np.float32), intercept=float(meta[0]), threshold=float(meta[1]),
                        min_words=int(meta[2]))  # fmt: skip


@lru_cache(maxsize=1)
def load_article_model() -> ArticleModel | None:
    """The shipped model, loaded once per process; None when the artefact is not there (no gate then)."""
    return read_model(MODEL_FILE) if MODEL_FILE.is_file() else None


__all__ = [
    "ArticleModel",
    "design",
    "fit",
    "hashed_ids",
    "is_sealed",
    "load_article_model",
    "named_bin",
    "read_model",
]
