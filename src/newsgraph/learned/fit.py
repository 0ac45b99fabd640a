"""Fit the typer's logistic regression on harvested rows, choose C and the NONE threshold by grouped CV, export.

scikit-learn is used at training time only; the exported model is plain float32 arrays (learned/events.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from newsgraph.errors import ConfigError
from newsgraph.learned.events import NONE, save_model
from newsgraph.learned.features import VECTOR_DIM
from newsgraph.learned.train import C_GRID, DENSE_SCALE, SEED, THRESHOLDS, Row, TrainConfig, harvest, material

MIN_COUNT = 2  # a sparse feature must occur in this many training rows


def vocabulary(rows: Sequence[Row]) -> list[str]:
    counts = Counter(n for r in rows for n in r.cand.names)
    return sorted(n for n, c in counts.items() if c >= MIN_COUNT)


def design(rows: Sequence[Row], vocab: Sequence[str]) -> sparse.csr_matrix:
    index = {n: i for i, n in enumerate(vocab)}
    data, ind, ptr = [], [], [0]
    for r in rows:
        cols = sorted({index[n] for n in r.cand.names if n in index})
        ind.extend(cols)
        data.extend([1.0] * len(cols))
        ptr.append(len(ind))
    sp = sparse.csr_matrix((data, ind, ptr), shape=(len(rows), len(vocab)), dtype=np.float64)
    dense = np.array([np.concatenate([r.cand.trigger_vec, r.cand.sentence_vec]) for r in rows]) * DENSE_SCALE
    return sparse.hstack([sp, sparse.csr_matrix(dense.reshape(len(rows), 2 * VECTOR_DIM))], format="csr")


def _model(c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=1000, random_state=SEED)


def decide(probs: np.ndarray, classes: Sequence[str], threshold: float) -> list[str]:
    none = list(classes).index(NONE)
    out = []
    for p in probs:
        if p[none] >= threshold:
            out.append(NONE)
        else:
            q = p.copy()
            q[none] = -1.0
            out.append(classes[int(q.argmax())])
    return out


def _score(pred: Sequence[str], rows: Sequence[Row]) -> float:
    """Mean of: kept-with-the-right-type rate on real-news positives (weight >= 0.5: plv, gsr, conflibert) and
    NONE recall on weight-1 negatives (conflibert neutral sentences, team-written negatives)."""
    pos = [
        p == r.label
        for p, r in zip(pred, rows, strict=True)
        if r.weight >= 0.5 and r.label != NONE and r.group != "ngec"
    ]
    neg = [p == NONE for p, r in zip(pred, rows, strict=True) if r.weight >= 1.0 and r.label == NONE]
    parts = [sum(x) / len(x) for x in (pos, neg) if x]
    return sum(parts) / len(parts) if parts else 0.0


def cross_validate(rows: Sequence[Row]) -> dict[str, Any]:
    """Grouped 5-fold CV (by record) over C × threshold; returns the best pair and the grid."""
    from sklearn.model_selection import GroupKFold

    y = np.array([r.label for r in rows])
    w = np.array([r.weight for r in rows])
    groups = np.array([r.rid for r in rows])
    grid: dict[str, float] = {}
    folds = list(GroupKFold(n_splits=5).split(np.zeros(len(rows)), y, groups))
    for c in C_GRID:
        preds: dict[float, list[str]] = {t: [""] * len(rows) for t in THRESHOLDS}
        for tr, te in folds:
            vocab = vocabulary([rows[i] for i in tr])
            m = _model(c).fit(design([rows[i] for i in tr], vocab), y[tr], sample_weight=w[tr])
            probs = m.predict_proba(design([rows[i] for i in te], vocab))
            for t in THRESHOLDS:
                for i, p in zip(te, decide(probs, list(m.classes_), t), strict=True):
                    preds[t][i] = p
        for t in THRESHOLDS:
            grid[f"C={c} threshold={t}"] = round(_score(preds[t], rows), 4)
    best = max(grid, key=lambda k: grid[k])
    c_best, t_best = (float(part.split("=")[1]) for part in best.split())
    return {"C": c_best, "threshold": t_best, "cv_score": grid[best], "grid": grid}


def fit_and_save(
    rows: Sequence[Row], out: Path, card: dict[str, Any], cfg: TrainConfig | None = None
) -> dict[str, Any]:
    """Fit on all rows with the configured C and threshold (or the CV grid's best with ``cfg.cv``), write the artefact."""
    cfg = cfg or TrainConfig()
    labels = Counter(r.label for r in rows)
    if len(labels) < 2 or NONE not in labels:
        raise ConfigError("training material gives fewer than two classes or no NONE rows: nothing to learn")
    fixed: dict[str, Any] = {"C": cfg.c, "threshold": cfg.threshold, "cv_score": None, "grid": {}}
    cv = cross_validate(rows) if cfg.cv and len(rows) >= 200 else fixed
    vocab = vocabulary(rows)
    m = _model(cv["C"]).fit(
        design(rows, vocab), [r.label for r in rows], sample_weight=[r.weight for r in rows]
    )
    classes = [str(c) for c in m.classes_]
    # two classes: scikit-learn keeps one row (the second class); softmax over [0, z] is its sigmoid
    coef = m.coef_ if len(classes) > 2 else np.vstack([np.zeros_like(m.coef_[0]), m.coef_[0]])
    bias = m.intercept_ if len(classes) > 2 else np.array([0.0, m.intercept_[0]])
    v = len(vocab)
    arrays = {"w_sparse": coef[:, :v], "w_trigger": coef[:, v:v + VECTOR_DIM] * DENSE_SCALE,
              "w_sentence": coef[:, v + VECTOR_DIM:] * DENSE_SCALE, "bias": bias}  # fmt: skip
    card = {**card, "classes": classes, "features": list(vocab), "threshold": cv["threshold"], "C": cv["C"],
            "pair_threshold": cfg.pair_threshold, "complete_threshold": cfg.complete_threshold,
            "flagged_threshold": cfg.flagged_threshold,
            "cv": {"score": cv["cv_score"], "grid": cv["grid"]}, "rows": len(rows),
            "labels": dict(sorted(labels.items())),
            "by_source": dict(sorted(Counter(r.group for r in rows).items())),
            "pair_rows": dict(sorted(Counter(r.label for r in rows if "type=PAIR" in r.cand.names).items()))}  # fmt: skip
    card["version"] = save_model(out, arrays, card)
    return card


def rules_extractor(nlp: Any = None) -> Any:
    """The extractor whose events the training harvest reads: the rules-only coder and the stages that run before
    the learned stage at run time (``pipeline.LEARNED_INPUT_STAGES``), so that training sees what running sees."""
    from newsgraph.pipeline import LEARNED_INPUT_STAGES, Extractor
    from newsgraph.settings import Settings

    return Extractor(Settings(event_model=False), nlp=nlp, stages=LEARNED_INPUT_STAGES)


def train_events(
    train_dir: Path, out: Path, cfg: TrainConfig | None = None, extractor: Any = None
) -> dict[str, Any]:
    """The whole training run behind ``newsgraph train events``; returns the model card."""
    from threadpoolctl import threadpool_limits

    cfg = cfg or TrainConfig()
    if not train_dir.is_dir():
        raise ConfigError(f"training folder not found: {train_dir}")
    items = material(train_dir, cfg)
    extractor = extractor or rules_extractor()
    if extractor.typer is not None:
        raise ConfigError("training needs the rules-only coder (event_model = false)")
    rows = harvest(items, extractor)
    card = {"trained_on": {"folder": train_dir.name, "items": dict(sorted(Counter(i.group for i in items).items())),
                           "stories": cfg.stories, "ngec_pos": cfg.ngec_pos, "ngec_neg": cfg.ngec_neg,
                           "notes": cfg.notes, "sealed_rule": "sealed records (sha1(text.strip()) % 5 == 0) excluded",
                           "hold_out": cfg.hold_out},
            "coder": extractor.coder.__class__.__module__, "seed": SEED, "dense_scale": DENSE_SCALE}  # fmt: skip
    with threadpool_limits(1):  # small problem: BLAS threads only thrash on a shared machine
        return fit_and_save(rows, out, card, cfg)
