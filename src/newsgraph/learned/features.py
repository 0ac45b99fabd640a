"""Features of one event candidate: the rules' votes, the parse around the trigger, sentence cues and vectors.

A candidate is an :class:`~newsgraph.records.Event` the pattern coder proposed, read together with the parsed
``Doc`` it came from.  Features come in two groups:

- sparse (named indicator features, one-hot through a vocabulary fixed at training time): the pattern's PLOVER
  type and CAMEO root and code (the "votes"), trigger lemma, POS, tag and dependency relation, the governing
  verb, the event flags (negated, future, hypothetical, alleged, quoted, opinion), modal and negation children,
  whether a source / target was found and their sectors, same-country dyads, and sentence cues (first person,
  quotation, questions, sport / business / market-metaphor / weather / culture vocabulary, credits and captions);
- dense: the trigger's word vector and the sentence's mean vector (en_core_web_md, unit length).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.tokens import Doc, Span, Token

from newsgraph.learned.pairs import pair_names, proposed
from newsgraph.records import ActorRef, Event

FIRST_PERSON = {"i", "we", "me", "us", "my", "our", "myself", "ourselves"}
SPORT = {"match", "game", "cup", "league", "tournament", "championship", "final", "semifinal", "quarterfinal",
         "goal", "score", "coach", "striker", "midfielder", "goalkeeper", "season", "club", "team", "player",
         "tennis", "football", "soccer", "basketball", "cricket", "rugby", "hockey", "olympic", "olympics", "medal",
         "set", "inning", "innings", "win", "defeat", "victory", "title", "stadium", "fan", "fans", "race", "lap",
         "penalty", "derby", "playoff", "playoffs", "squad", "seed", "seeded", "round", "davis", "grand", "slam",
         "wicket", "pitch", "champion", "champions", "sprint", "marathon", "athlete", "tie", "draw"}  # fmt: skip
BUSINESS = {"share", "shares", "stock", "stocks", "market", "markets", "investor", "investors", "revenue", "profit",
            "earnings", "quarter", "sales", "price", "prices", "index", "dow", "nasdaq", "ftse", "dax", "bond",
            "bonds", "yield", "yields", "currency", "dollar", "euro", "yen", "company", "firm", "brand", "product",
            "customer", "customers", "consumer", "retail", "startup", "ceo", "analyst", "analysts", "percent",
            "growth", "inflation", "export", "exports", "import", "imports", "trade", "deal", "merger", "ipo",
            "smartphone", "app", "software", "device", "launch", "valuation", "dividend"}  # fmt: skip
METAPHOR = {"record", "high", "highs", "low", "lows", "slump", "surge", "soar", "plunge", "rally", "tumble",
            "rebound", "climb", "dip", "crash", "boom", "bubble", "storm", "war", "battle", "attack", "fire",
            "hit", "strike", "struck", "striking", "blow", "killer", "killing", "bomb", "shot", "target"}  # fmt: skip
WEATHER = {"weather", "rain", "snow", "storm", "temperature", "temperatures", "forecast", "heat", "heatwave",
           "wind", "winds", "flood", "floods", "tornado", "hurricane", "degrees", "celsius", "fahrenheit",
           "drought", "hail", "sunshine", "cloud", "clouds"}  # fmt: skip
CULTURE = {"film", "movie", "album", "song", "concert", "festival", "novel", "book", "author", "actor", "actress",
           "director", "show", "series", "episode", "museum", "exhibition", "recipe", "restaurant", "fashion",
           "art", "artist", "band", "singer", "star", "celebrity", "award", "oscar", "review"}  # fmt: skip
OPINION = {"think", "believe", "argue", "seem", "perhaps", "arguably", "idea", "notion", "narrative", "lesson",
           "legitimacy", "symbol", "symbolic", "signal", "message", "reinforce", "underscore", "illustrate",
           "reflect", "suggest", "appear", "should", "must", "might", "could", "would"}  # fmt: skip
CREDIT = re.compile(
    r"\b(contributed (?:reporting|to this report)|reporting by|editing by|writing by|photo:|"
    r"photograph:|file photo|getty images|\(ap photo|reuters/|afp via|caption)",
    re.IGNORECASE,
)
MONEY = re.compile(r"[$€£¥]|\b(?:usd|eur|billion|million|percent|per cent)\b|%", re.IGNORECASE)
CUE_SETS = {"sport": SPORT, "business": BUSINESS, "metaphor": METAPHOR, "weather": WEATHER, "culture": CULTURE,
            "opinionword": OPINION}  # fmt: skip
VECTOR_DIM = 300


@dataclass(frozen=True)
class Candidate:
    """One candidate's features: named sparse indicators and the two dense vectors."""

    names: tuple[str, ...]
    trigger_vec: np.ndarray
    sentence_vec: np.ndarray


def trigger_token(doc: Doc, ev: Event) -> Token | None:
    span = doc.char_span(ev.start, ev.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def _unit(v: Any) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    if v.shape != (VECTOR_DIM,):
        return np.zeros(VECTOR_DIM, dtype=np.float32)
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


def _actor_names(prefix: str, refs: Sequence[ActorRef]) -> list[str]:
    if not refs:
        return [f"{prefix}=none"]
    out = [f"{prefix}=yes", f"{prefix}_n={min(len(refs), 3)}"]
    for a in refs[:2]:
        sector = a.code[3:6] if a.country and len(a.code) > 3 else ("state" if a.country else a.code[:3])
        out.append(f"{prefix}_sec={sector or 'state'}")
        if a.text is None or a.start is None:
            out.append(f"{prefix}_implicit")
    return out


def _trigger_names(tok: Token, plover: str) -> list[str]:
    lemma = tok.lemma_.lower()
    out = [
        f"lemma={lemma}",
        f"pos={tok.pos_}",
        f"tag={tok.tag_}",
        f"dep={tok.dep_}",
        f"lemma_type={lemma}|{plover}",
        f"head={tok.head.lemma_.lower() if tok.head is not tok else 'ROOT'}",
        f"headdep={tok.head.dep_}",
        f"pos_type={tok.pos_}|{plover}",
    ]
    for c in tok.children:
        if c.dep_ == "neg":
            out.append("neg_child")
        if c.tag_ == "MD":
            out.append(f"modal={c.lower_}")
        if c.dep_ in ("dobj", "attr", "oprd") or (
            c.dep_ == "prep" and c.lower_ in ("on", "against", "with", "to")
        ):
            obj = c if c.dep_ != "prep" else next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:
                out.append(f"obj={obj.lemma_.lower()}")
                out.append(f"obj_type={obj.lemma_.lower()}|{plover}")
        if c.dep_ in ("nsubj", "nsubjpass"):
            out.append(f"subj_pos={c.pos_}")
            if c.lower_ in FIRST_PERSON:
                out.append("subj_first_person")
    return out


def _sentence_names(sent: Span, doc: Doc) -> list[str]:
    words = {t.lower_ for t in sent} | {t.lemma_.lower() for t in sent}
    text = sent.text
    out = []
    if words & FIRST_PERSON:
        out.append("first_person")
    if any(c in text for c in '"“”«»'):
        out.append("quote_marks")
    if text.rstrip().endswith("?"):
        out.append("question")
    if CREDIT.search(text):
        out.append("credit")
    if MONEY.search(text):
        out.append("money")
    for name, vocab in CUE_SETS.items():
        n = len(words & vocab)
        if n:
            out.append(f"cue={name}")
            if n > 1:
                out.append(f"cue2={name}")
    n_tok = len(sent)
    out.append("len=short" if n_tok < 8 else "len=long" if n_tok > 40 else "len=mid")
    ents = {e.label_ for e in sent.ents}
    out.extend(f"ent={e}" for e in sorted(ents & {"MONEY", "PERCENT", "ORG", "PERSON", "GPE", "NORP", "CARDINAL",
                                                  "WORK_OF_ART", "EVENT", "PRODUCT"}))  # fmt: skip
    return out


def candidate_features(doc: Doc, ev: Event) -> Candidate:
    """The features of one event the pattern coder proposed on ``doc``."""
    pair = proposed(ev)
    plover = "PAIR" if pair else ev.plover or "STMT"
    names = [f"type={plover}", f"root={'PAIR' if pair else ev.cameo_root}", f"code={'PAIR' if pair else ev.cameo[:3]}",
             f"mode={ev.mode or '-'}"]  # fmt: skip
    names += [f"flag={f}" for f in ev.flags] or ["flag=none"]
    names += _actor_names("src", ev.source) + _actor_names("tgt", ev.target)
    src_c = {a.country for a in ev.source if a.country}
    tgt_c = {a.country for a in ev.target if a.country}
    if src_c and tgt_c:
        names.append("same_country" if src_c & tgt_c else "two_countries")
    tok = trigger_token(doc, ev)
    zero = np.zeros(VECTOR_DIM, dtype=np.float32)
    if tok is None:
        return Candidate(tuple(names + ["no_trigger"]), zero, zero)
    names += _trigger_names(tok, plover)
    if pair:
        names += pair_names(doc, ev)
    sent = tok.sent
    names += _sentence_names(sent, doc)
    tvec = _unit(tok.vector) if tok.has_vector else zero
    svec = _unit(sent.vector) if sent.has_vector else zero
    return Candidate(tuple(dict.fromkeys(names)), tvec, svec)
