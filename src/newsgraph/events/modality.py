"""Modality flags (negated, future, hypothetical, alleged, quoted, opinion) from the parse and modality.yaml.

``load_cues`` reads data/events/modality.yaml. The coder uses its one-word cues: ``denial_verbs`` (a governing verb
that negates its complement), ``future`` (a governing verb that puts it in the future), ``hypothetical`` (an
auxiliary or marker) and ``alleged`` (an adverb or a governing verb). Multi-word cues ("be set to", "prospect of")
are documentation for now: a single token never equals them. The yaml's ``negation``, ``reporting_verbs`` and
``opinion_cues`` lists are loaded and checked but not used for coding (the coder's negation is syntactic, its
reporting verbs are ``words.REPORTING_VERBS``, and opinion comes from the article's sections).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Token

from newsgraph.errors import ConfigError
from newsgraph.events.words import ACCUSE_LEMMAS, FLAG_ORDER, INTENT_WORDS, NEGATING_GOVERNORS, REPORT_FRAMES

CUE_LISTS = (
    "negation",
    "denial_verbs",
    "future",
    "hypothetical",
    "alleged",
    "reporting_verbs",
    "opinion_cues",
)


@dataclass(frozen=True)
class Cues:
    """The lower-cased cue lists of modality.yaml."""

    negation: frozenset[str]
    denial: frozenset[str]
    future: frozenset[str]
    hypothetical: frozenset[str]
    alleged: frozenset[str]
    reporting: frozenset[str]
    opinion: frozenset[str]


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    res = resources.files("newsgraph.data").joinpath("events").joinpath("modality.yaml")
    data: Any = yaml.safe_load(res.read_text(encoding="utf-8")) or {}
    missing = [name for name in CUE_LISTS if not isinstance(data.get(name), list)]
    if missing:
        raise ConfigError(f"modality.yaml: missing cue lists {', '.join(missing)}")
    lists = [frozenset(str(x).lower() for x in data[name]) for name in CUE_LISTS]
    return Cues(*lists)


def order(flags: set[str] | frozenset[str]) -> tuple[str, ...]:
    """Flags in the one documented order (records.EVENT_FLAGS)."""
    return tuple(f for f in FLAG_ORDER if f in flags)


def flags_of(t: Token, cues: Cues, opinion_spans: Sequence[tuple[int, int]], quote_spans: Sequence[tuple[int, int]],
             offset: int = 0) -> set[str]:  # fmt: skip
    """The modality flags of a trigger token."""
    chain = governors(t)
    flags = _negation(t, chain)
    for tok in [t, *chain]:
        flags |= _aux_flags(t, tok, cues)
        if tok is not t:
            flags |= _governor_flags(t, tok, cues)
    if t.pos_ in ("NOUN", "PROPN"):
        head = t.head
        if head.lemma_.lower() in cues.future or any(
            c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll") for c in head.children
        ):
            flags.add("future")
        if any(
            c.lower_ in ("upcoming", "planned", "proposed", "expected", "future", "forthcoming")
            for c in t.children
        ):
            flags.add("future")
    pos = t.idx + offset
    if any(s <= pos < e for s, e in quote_spans):
        flags.add("quoted")
    if any(s <= pos < e for s, e in opinion_spans):
        flags.add("opinion")
    return flags


def _negation(t: Token, chain: list[Token]) -> set[str]:
    flags: set[str] = set()
    for tok in [t, *chain[:1]] if t.pos_ in ("NOUN", "PROPN") else [t]:
        for c in tok.children:
            if c.dep_ == "neg" or (c.lower_ in ("no", "never") and c.dep_ in ("det", "advmod", "neg")):
                flags.add("negated")
            if c.dep_ in ("dobj", "nsubjpass") and any(
                g.dep_ == "det" and g.lower_ in ("no", "neither") for g in c.children
            ):
                flags.add("negated")  # "no deadline had been set"
    if any(g.lemma_.lower() in NEGATING_GOVERNORS for g in chain[:2]):
        flags.add("negated")  # "failed to reach agreement"
    return flags


def _aux_flags(t: Token, tok: Token, cues: Cues) -> set[str]:
    """Flags from the auxiliaries, markers and adverbs of the trigger or of a governor above it."""
    flags: set[str] = set()
    for c in tok.children:
        low = c.lower_
        if c.dep_ == "aux" and low in ("will", "shall", "'ll", "wo"):
            flags.add("future")
        if c.dep_ == "aux" and low == "would" and reported(tok):
            flags.add("future")  # "said Turkey would expand cooperation": future in reported speech
        elif c.dep_ == "aux" and low in cues.hypothetical:
            flags.add("hypothetical")
        if c.dep_ == "mark" and low in ("if", "unless", "whether"):
            flags.add("hypothetical")
        if c.dep_ == "advmod" and low in cues.alleged:
            flags.add("alleged")
        if (tok is not t and c.dep_ == "neg" and tok.lemma_.lower() not in cues.denial
                and tok.lemma_.lower() in ("expect", "plan", "intend", "want", "agree", "try")):  # fmt: skip
            flags.add("negated")
    return flags


def _governor_flags(t: Token, tok: Token, cues: Cues) -> set[str]:
    """Flags a governing word gives its complement: "denied attacking", "accused of arming", "plans to visit"."""
    flags: set[str] = set()
    lemma = tok.lemma_.lower()
    if lemma in cues.denial:
        flags.add("negated")
    if lemma in ACCUSE_LEMMAS or lemma in cues.alleged and tok.pos_ == "VERB":
        flags.add("alleged")
    if lemma in cues.future and tok.pos_ in ("VERB", "AUX", "ADJ"):
        flags.add("future")
    if lemma in ("going",) and any(c.lower_ == "to" for c in t.children):
        flags.add("future")
    return flags


def governors(t: Token) -> list[Token]:
    """Heads above the trigger through clausal links (xcomp, ccomp, pcomp, conj, advcl), nearest first."""
    out = []
    cur = t
    for _ in range(4):
        if cur.head is cur:
            break
        if cur.dep_ in ("xcomp", "ccomp", "pcomp", "conj", "dobj", "pobj", "acomp") or (cur.dep_ == "prep"):
            cur = cur.head
            out.append(cur)
            continue
        break
    return out


def reported(tok: Token) -> bool:
    """The token heads the content clause of a reporting verb ("said that ..."), not a condition."""
    cur = tok
    for _ in range(3):
        if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in REPORT_FRAMES:
            return not any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in cur.children)
        if cur.head is cur or cur.dep_ not in ("conj", "xcomp", "ccomp"):
            return False
        cur = cur.head
    return False


def conditional(t: Token) -> bool:
    """'may halt mediation if cooperation founders': a coercive step made conditional is a threat."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
               for c in t.children)  # fmt: skip


def announced(t: Token) -> bool:
    """Future by an actor's own statement of intent ("will", "plans to", "is prepared to"), not a forecast."""
    if any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall", "wo") for c in t.children):
        return True
    return any(g.lemma_.lower() in INTENT_WORDS or g.lemma_.lower() in ("announce", "confirm", "warn", "threaten")
               for g in governors(t)[:2])  # fmt: skip


def failed(t: Token) -> bool:
    """'failed to reach agreement': a failed cooperation is a rejection (CAMEO 12x)."""
    return any(g.lemma_.lower() in NEGATING_GOVERNORS for g in governors(t)[:2])


def refusal(t: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in ("can", "ca", "will", "wo") for c in t.children)
