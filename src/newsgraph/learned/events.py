"""The learned event stage ("typer"): accept, reject or retype the candidates the pattern coder proposes.

The artefact (``newsgraph/models/events-typer.npz`` + ``events-typer.json``) holds the coefficients of a
multinomial logistic regression over the features of :mod:`newsgraph.learned.features`; inference is numpy only
(no pickle, no scikit-learn at run time).  Classes are ``NONE`` (not a reportable event), ``STMT`` (a CAMEO 01
statement, no PLOVER type), ``YIELD`` (PLOVER CONCEDE or RETREAT, which the training sentences do not separate)
and the other PLOVER types.  For each candidate:

- ``P(NONE) >= threshold``: the candidate is dropped, unless its flags already mark it as not factual (negated,
  hypothetical, future, alleged) or as part of the article's opinion section (``opinion``, from the section
  finder): users filter those by flag; such a flagged candidate is dropped only when ``P(NONE) >=
  flagged_threshold`` (0.8: "Japan is considering sending aid" is no AGREE event), and a negated one never (a
  denial is news);
- otherwise the most probable non-NONE class is its type when it beats the pattern's class by ``RETYPE_MARGIN``:
  the event is retyped to a CAMEO code of that type (``DEFAULT_CODE``; for YIELD the pattern's own
  CONCEDE/RETREAT code is kept when it had one); else the event is kept as coded;
- every kept event carries ``confidence`` = the model's probability of the class it now has, and the model
  version in ``extractor`` (``<coder>+typer-<short hash>``);
- pair candidates (:mod:`newsgraph.learned.pairs`: two actors linked by one verb, no pattern candidate on them)
  are decided the same way with their own threshold ``pair_threshold`` and no protection by flags; a kept one
  gets the ``DEFAULT_CODE`` of its class and replaces a pattern event on the same trigger that found only one of
  its two actors;
- a pair candidate that is rejected but has ``P(NONE) < complete_threshold`` can still *complete* a kept pattern
  event that found only one side: when the candidate has that side and its verb chain holds the event's trigger,
  the event takes the candidate's other actor (its own type, CAMEO sub-code and confidence stay):
  "Uzbekistan agreed to open its borders for aid trucks to enter Afghanistan" → AGREE UZB → AFG.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from newsgraph.codes import lookup
from newsgraph.errors import ConfigError
from newsgraph.learned.features import VECTOR_DIM, Candidate, candidate_features
from newsgraph.learned.pairs import completion, propose, proposed, side
from newsgraph.records import Event

MODEL_NAME = "events-typer"
FORMAT = "newsgraph.typer.v1"
NONE = "NONE"
DEFAULT_CODE = {"STMT": "010", "AGREE": "030", "CONSULT": "040", "SUPPORT": "050", "COOPERATE": "060", "AID": "070",
                "CONCEDE": "080", "RETREAT": "084", "YIELD": "084", "REQUEST": "020", "ACCUSE": "112", "REJECT": "120",
                "THREATEN": "130", "PROTEST": "140", "MOBILIZE": "150", "SANCTION": "160", "COERCE": "170",
                "ASSAULT": "180"}  # fmt: skip


KEEP_FLAGS = {
    "negated",
    "hypothetical",
    "future",
    "alleged",
    "opinion",
}  # already marked as not (yet) factual, or as the article's opinion section: never rejected (users filter by flag)
RETYPE_MARGIN = 0.25  # retype only when the new class is this much more probable than the pattern's


def type_class(plover: str | None) -> str:
    """The model's class for a PLOVER type (None = a CAMEO 01 statement)."""
    if plover is None:
        return "STMT"
    return "YIELD" if plover in ("CONCEDE", "RETREAT") else plover


def content_hash(arrays: dict[str, np.ndarray], card: dict[str, Any]) -> str:
    """SHA-256 over the coefficient bytes and the vocabulary/classes, independent of the zip container."""
    h = hashlib.sha256()
    for name in sorted(arrays):
        h.update(name.encode())
        h.update(np.ascontiguousarray(arrays[name], dtype=np.float32).tobytes())
    decided = [card["classes"], card["features"], card["threshold"]]
    if "pair_threshold" in card:  # models with pair candidates (learned/pairs.py)
        decided.append(card["pair_threshold"])
    if "complete_threshold" in card:  # models that complete one-sided events from pair candidates
        decided.append(card["complete_threshold"])
    if "flagged_threshold" in card:  # models that may reject flagged candidates
        decided.append(card["flagged_threshold"])
    h.update(json.dumps(decided, sort_keys=True).encode())
    return h.hexdigest()


@dataclass(frozen=True)
class TyperModel:
    """Exported coefficients: sparse weights (classes × vocabulary), the two dense blocks and the bias."""

    classes: tuple[str, ...]
    vocab: dict[str, int]
    w_sparse: np.ndarray
    w_trigger: np.ndarray
    w_sentence: np.ndarray
    bias: np.ndarray
    threshold: float
    version: str  # "typer-<12 hex>"
    card: dict[str, Any]

    def probabilities(self, cands: Sequence[Candidate]) -> np.ndarray:
        """Class probabilities, one row per candidate."""
        logits = np.empty((len(cands), len(self.classes)), dtype=np.float64)
        for i, c in enumerate(cands):
            idx = [self.vocab[n] for n in c.names if n in self.vocab]
            z = self.bias + self.w_sparse[:, idx].sum(axis=1) if idx else self.bias.copy()
            logits[i] = z + self.w_trigger @ c.trigger_vec + self.w_sentence @ c.sentence_vec
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        out: np.ndarray = p / p.sum(axis=1, keepdims=True)
        return out


def save_model(out: Path, arrays: dict[str, np.ndarray], card: dict[str, Any]) -> str:
    """Write ``out``.npz (float32 arrays) and ``out``.json (card with version and hash); return the version."""
    arrays = {k: np.asarray(v, dtype=np.float32) for k, v in arrays.items()}
    digest = content_hash(arrays, card)
    card = {**card, "format": FORMAT, "sha256": digest, "version": f"typer-{digest[:12]}"}
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out.with_suffix(".npz"), **arrays)  # type: ignore[arg-type]
    out.with_suffix(".json").write_text(json.dumps(card, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return str(card["version"])


def load_model(path: Path | None = None) -> TyperModel:
    """The shipped model (or one at ``path`` without suffix); a missing or altered artefact is a ConfigError."""
    if path is None:
        base = resources.files("newsgraph.models")
        card_text = base.joinpath(f"{MODEL_NAME}.json").read_text(encoding="utf-8")
        with base.joinpath(f"{MODEL_NAME}.npz").open("rb") as fh:
            npz = dict(np.load(fh, allow_pickle=False))
    else:
        if not path.with_suffix(".json").is_file() or not path.with_suffix(".npz").is_file():
            raise ConfigError(f"event model not found: {path}.json / .npz")
        card_text = path.with_suffix(".json").read_text(encoding="utf-8")
        npz = dict(np.load(path.with_suffix(".npz"), allow_pickle=False))
    card = json.loads(card_text)
    if card.get("format") != FORMAT or content_hash(npz, card) != card.get("sha256"):
        raise ConfigError(
            f"event model {path or MODEL_NAME}: format or hash mismatch (rebuild with newsgraph train events)"
        )
    return TyperModel(
        classes=tuple(card["classes"]),
        vocab={n: i for i, n in enumerate(card["features"])},
        w_sparse=npz["w_sparse"],
        w_trigger=npz["w_trigger"].reshape(len(card["classes"]), VECTOR_DIM),
        w_sentence=npz["w_sentence"].reshape(len(card["classes"]), VECTOR_DIM),
        bias=npz["bias"].astype(np.float64),
        threshold=float(card["threshold"]),
        version=str(card["version"]),
        card=card,
    )


@lru_cache(maxsize=1)
def shipped_model() -> TyperModel:
    return load_model()


def retype(ev: Event, cls: str) -> Event:
    """The event recoded to class ``cls`` (CAMEO code, root, quad, Goldstein, PLOVER type and mode)."""
    if type_class(ev.plover) == cls:
        return ev
    entry = lookup(DEFAULT_CODE[cls])
    return replace(
        ev,
        cameo=entry.code,
        cameo_root=entry.root,
        quad=entry.quad,
        goldstein=entry.goldstein,
        plover=entry.plover,
        mode=entry.mode,
        context=entry.context,
    )


class EventTyper:
    """Applies a :class:`TyperModel` to the coder's events on one parsed document (stateless per call)."""

    def __init__(self, model: TyperModel | None = None, *, pairs: bool = True) -> None:
        self.model = model or shipped_model()
        self.tag = f"+{self.model.version}"
        self.pairs = pairs and "type=PAIR" in self.model.vocab  # a model trained without pair candidates: off
        self.pair_threshold = float(self.model.card.get("pair_threshold", self.model.threshold))
        # a rejected pair candidate below this NONE probability may still complete a one-sided pattern event
        self.complete_threshold = float(self.model.card.get("complete_threshold", 0.0))
        # a flagged (negated, future, ...) candidate is kept for users to filter unless the model is this sure
        self.flagged_threshold = float(self.model.card.get("flagged_threshold", 1.01))

    def decide(self, doc: Doc, events: Sequence[Event]) -> list[tuple[Event, str, float]]:
        """Per candidate: (event, chosen class, its probability); class NONE means rejected."""
        if not events:
            return []
        m = self.model
        probs = m.probabilities([candidate_features(doc, ev) for ev in events])
        none = m.classes.index(NONE)
        out = []
        for ev, p in zip(events, probs, strict=True):
            pair = proposed(ev)
            if p[none] >= (self.pair_threshold if pair else m.threshold) and (
                pair
                or not KEEP_FLAGS & set(ev.flags)
                or p[none] >= self.flagged_threshold
                and "negated" not in ev.flags
            ):
                out.append((ev, NONE, float(p[none])))
                continue
            q = p.copy()
            q[none] = -1.0
            k = int(q.argmax())
            pattern = None if pair else type_class(ev.plover)
            own = m.classes.index(pattern) if pattern in m.classes else k  # a pair candidate has no own type
            if p[k] - p[own] < RETYPE_MARGIN:
                k = own  # the pattern's type (and its CAMEO sub-code) stands unless the model clearly disagrees
            out.append((ev, m.classes[k], float(p[k])))
        return out

    def apply(self, doc: Doc, events: Sequence[Event]) -> list[Event]:
        """Kept events, retyped where the model disagrees with the pattern, each with a confidence; with
        ``pairs`` on, the pair candidates (learned/pairs.py) are decided too, and a kept pair candidate replaces a
        pattern event on the same trigger that found only one of its two actors."""
        cands = [*events, *propose(doc, events)] if self.pairs else list(events)
        kept, sides = [], []
        for ev, cls, prob in self.decide(doc, cands):
            if cls == NONE:
                if proposed(ev) and prob < self.complete_threshold:
                    sides.append(side(doc, ev, prob))
                continue
            new = retype(ev, cls)
            kept.append(replace(new, confidence=round(prob, 4), extractor=ev.extractor + self.tag))
        return [completion(doc, ev, sides) for ev in completed(kept)] if sides else completed(kept)


def completed(events: Sequence[Event]) -> list[Event]:
    """Events without a pattern event that a kept pair candidate on the same trigger completes (it has the pair
    candidate's source and no target, or its target and no source)."""
    pairs = [e for e in events if proposed(e)]
    if not pairs:
        return list(events)

    def partial(ev: Event) -> bool:
        return not proposed(ev) and any(
            p.start == ev.start
            and (not ev.target and {r.start for r in ev.source} <= {r.start for r in p.source}
                 or not ev.source and {r.start for r in ev.target} <= {r.start for r in p.target})
            for p in pairs
        )  # fmt: skip

    return [e for e in events if not partial(e)]
