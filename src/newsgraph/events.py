"""Event coding from the dependency parse: who did what to whom, with CAMEO and PLOVER codes and modality flags.

For every sentence with at least one actor:

* verbal predicates: a verb whose lemma is in data/events/verbs.tsv, with the row's particle / object / preposition
  constraints (the most specific satisfied row wins);
* nominal events: a noun in data/events/nouns.tsv ("the visit", "talks", "drone attacks", "sanctions");
* source and target from the parse: nsubj / agent (passive), dobj / nsubjpass / the row's preposition, subjects
  shared through coordination and control ("agreed to cooperate", "urged Iran to release", "accused Tehran of
  arming"), possessive and adjective sources of nominal events ("Russian attacks on Kyiv");
* reciprocal events: several parties and no target ("Lula and Modi held talks");
* flags: negated, future, hypothetical, alleged, quoted, opinion (never a silent drop; never a default code).

PLOVER's rule for intentions is applied: a future-tense CONSULT, SUPPORT, COOPERATE or AID is coded AGREE (CAMEO
03x: intent to meet, to cooperate, to provide aid) and keeps the ``future`` flag.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from newsgraph.codes import lookup
from newsgraph.records import Actor, ActorRef, Event

EXTRACTOR = "newsgraph.events.v1"

# future cooperation → intent (PLOVER manual: future consult/support/cooperate/aid is AGREE)
INTENT_CODES = {"CONSULT": "036", "SUPPORT": "032", "COOPERATE": "031", "AID": "033"}
LIGHT_VERBS = {"launch", "carry", "conduct", "stage", "hold", "impose", "make", "pay", "mount", "wage",
               "begin", "start", "continue", "resume", "step", "intensify", "escalate", "announce", "order",
               "lead", "undertake", "perform", "commit", "join", "attend", "have", "host", "open", "sign",
               "reach", "conclude", "deliver", "send", "provide", "give", "offer", "extend", "issue"}  # fmt: skip
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
ACCUSE_LEMMAS = {"accuse", "allege", "blame", "charge", "claim", "suspect", "indict", "condemn"}


@dataclass(frozen=True)
class VerbPattern:
    code: str
    lemma: str
    particle: str = ""
    objects: frozenset[str] = frozenset()
    preps: tuple[str, ...] = ()
    mode: str = ""

    @property
    def specificity(self) -> int:
        return 4 * bool(self.particle) + 2 * bool(self.objects) + bool(self.preps)


@dataclass(frozen=True)
class NounPattern:
    code: str
    lemma: str
    preps: tuple[str, ...] = ()
    modifiers: frozenset[str] = frozenset()
    mode: str = ""

    @property
    def specificity(self) -> int:
        return 2 * bool(self.modifiers) + bool(self.preps)


@dataclass
class Patterns:
    verbs: dict[str, list[VerbPattern]] = field(default_factory=dict)
    nouns: dict[str, list[NounPattern]] = field(default_factory=dict)
    modality: dict[str, list[str]] = field(default_factory=dict)

    def cue(self, name: str) -> set[str]:
        return {c.lower() for c in self.modality.get(name, [])}

    def count(self) -> int:
        return sum(map(len, self.verbs.values())) + sum(map(len, self.nouns.values()))


def _rows(name: str) -> list[dict[str, str]]:
    res = resources.files("newsgraph.data").joinpath("events").joinpath(name)
    if not res.is_file():
        return []
    lines = [ln for ln in res.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    return [{k: (v or "").strip() for k, v in r.items() if k} for r in csv.DictReader(lines, delimiter="\t")]


def _split(value: str) -> list[str]:
    return [v.strip().lower() for v in value.split("|") if v.strip()]


@lru_cache(maxsize=1)
def load_patterns() -> Patterns:
    p = Patterns()
    for r in _rows("verbs.tsv"):
        if not r.get("code") or not r.get("lemma"):
            continue
        vp = VerbPattern(r["code"], r["lemma"].lower(), r.get("particle", "").lower(),
                         frozenset(_split(r.get("object", ""))), tuple(_split(r.get("prep", ""))), r.get("mode", ""))
        p.verbs.setdefault(vp.lemma, []).append(vp)
    for r in _rows("nouns.tsv"):
        if not r.get("code") or not r.get("lemma"):
            continue
        np_ = NounPattern(r["code"], r["lemma"].lower(), tuple(_split(r.get("prep", ""))),
                          frozenset(_split(r.get("modifier", ""))), r.get("mode", ""))
        p.nouns.setdefault(np_.lemma, []).append(np_)
    res = resources.files("newsgraph.data").joinpath("events").joinpath("modality.yaml")
    if res.is_file():
        data: Any = yaml.safe_load(res.read_text(encoding="utf-8")) or {}
        p.modality = {k: [str(x) for x in (v or [])] for k, v in data.items()}
    for name, default in DEFAULT_CUES.items():
        p.modality.setdefault(name, default)
    return p


DEFAULT_CUES = {
    "negation": ["not", "n't", "never", "no", "neither", "nor", "without"],
    "denial_verbs": ["deny", "dismiss", "refute", "rebuff", "reject"],
    "future": ["will", "shall", "'ll", "plan", "intend", "expect", "schedule", "prepare", "aim", "set"],
    "hypothetical": ["could", "might", "may", "would", "should", "if", "unless", "whether"],
    "alleged": ["reportedly", "allegedly", "purportedly", "apparently", "accuse", "allege", "claim", "charge",
                "blame", "suspect"],
}


# --- the coder ------------------------------------------------------------------------------------------------
class EventCoder:
    def __init__(self, patterns: Patterns | None = None) -> None:
        self.p = patterns or load_patterns()
        self.neg = self.p.cue("negation")
        self.denial = self.p.cue("denial_verbs")
        self.future = self.p.cue("future")
        self.hypo = self.p.cue("hypothetical")
        self.alleged = self.p.cue("alleged")

    def code(
        self,
        doc: Doc,
        actors: Sequence[Actor],
        *,
        offset: int = 0,
        article_id: str = "",
        opinion_spans: Sequence[tuple[int, int]] = (),
        quote_spans: Sequence[tuple[int, int]] = (),
        require_actor: bool = True,
    ) -> list[Event]:
        tok_actors = _token_actor_index(doc, actors, offset)
        events: list[Event] = []
        for sent in doc.sents:
            if require_actor and not any(tok_actors.get(i) for i in range(sent.start, sent.end)):
                continue
            events.extend(self._sentence(sent, tok_actors, offset, article_id, opinion_spans, quote_spans, require_actor))
        return events

    def _sentence(self, sent, tok_actors, offset, article_id, opinion_spans, quote_spans, require_actor):  # type: ignore[no-untyped-def]
        out: list[Event] = []
        verb_objects: set[int] = set()
        found: list[tuple[Token, str, str]] = []
        for t in sent:
            if t.pos_ in ("VERB", "AUX") or (t.pos_ == "ADJ" and t.tag_ == "VBN"):
                vp = self.match_verb(t)
                if vp is not None:
                    found.append((t, vp.code, vp.mode))
                    if vp.objects:
                        verb_objects.update(c.i for c in t.children if c.lemma_.lower() in vp.objects)
        for t in sent:
            if t.pos_ in ("NOUN", "PROPN") and t.i not in verb_objects:
                np_ = self.match_noun(t)
                if np_ is not None:
                    found.append((t, np_.code, np_.mode))
        for t, code, mode in found:
            ev = self._build(t, code, mode, sent, tok_actors, offset, article_id, opinion_spans, quote_spans, require_actor)
            if ev is not None:
                out.append(ev)
        return _dedupe(out)

    # --- pattern matching ---------------------------------------------------------------------------------
    def match_verb(self, t: Token) -> VerbPattern | None:
        cands = self.p.verbs.get(t.lemma_.lower())
        if not cands:
            return None
        children = list(t.children)
        prts = {c.lower_ for c in children if c.dep_ in ("prt", "prep", "advmod")}
        objs = {c.lemma_.lower() for c in children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "dative")}
        objs |= {c.lemma_.lower() for c in children if c.dep_ == "prep" for c in c.children if c.dep_ == "pobj"}
        preps = {c.lower_ for c in children if c.dep_ in ("prep", "agent", "dative")}
        best: VerbPattern | None = None
        for vp in cands:
            if vp.particle and vp.particle not in prts:
                continue
            if vp.objects and not (vp.objects & objs):
                continue
            score = vp.specificity - (1 if vp.preps and not (set(vp.preps) & preps) else 0)
            if best is None or score > best.specificity - (1 if best.preps and not (set(best.preps) & preps) else 0):
                best = vp
        return best

    def match_noun(self, t: Token) -> NounPattern | None:
        cands = self.p.nouns.get(t.lemma_.lower()) or self.p.nouns.get(t.lower_)
        if not cands:
            return None
        mods = {c.lemma_.lower() for c in t.children if c.dep_ in ("compound", "amod", "nmod")}
        preps = {c.lower_ for c in t.children if c.dep_ == "prep"}
        best: NounPattern | None = None
        for np_ in cands:
            if np_.modifiers and not (np_.modifiers & mods):
                continue
            if best is None or np_.specificity > best.specificity:
                best = np_
        if best is None:
            return None
        del preps
        return best

    # --- arguments -------------------------------------------------------------------------------------------
    def _build(self, t, code, mode, sent, tok_actors, offset, article_id, opinion_spans, quote_spans, require_actor):  # type: ignore[no-untyped-def]
        if t.pos_ in ("NOUN", "PROPN"):
            source, target = self._noun_args(t, tok_actors)
        else:
            source, target = self._verb_args(t, tok_actors, code)
        source = _unique(source)
        target = [a for a in _unique(target) if a not in source or len(source) == 1]
        if require_actor and not source and not target:
            return None
        flags = self._flags(t, sent, offset, opinion_spans, quote_spans)
        entry = lookup(code)
        if "future" in flags and entry.plover in INTENT_CODES and "negated" not in flags:
            code = INTENT_CODES[entry.plover]
            entry = lookup(code)
            mode = ""
        sent_start = sent.start_char + offset
        start = t.idx + offset
        eid = hashlib.sha1(f"{article_id}:{start}:{code}".encode()).hexdigest()[:16]
        return Event(
            id=eid,
            source=tuple(_ref(a) for a in source),
            target=tuple(_ref(a) for a in target),
            cameo=entry.code if len(code) < len(entry.code) else code,
            cameo_root=entry.root,
            quad=entry.quad,
            goldstein=entry.goldstein,
            plover=entry.plover,
            mode=mode or entry.mode,
            date=None,
            date_source="none",
            location=None,
            location_source=None,
            sentence=sent.text,
            sentence_start=sent_start,
            start=start,
            end=start + len(t.text),
            trigger=_trigger_text(t),
            flags=tuple(f for f in ("negated", "future", "hypothetical", "alleged", "quoted", "opinion") if f in flags),
            extractor=EXTRACTOR,
            context=entry.context,
        )

    def _verb_args(self, t: Token, tok_actors: dict[int, list[Actor]], code: str) -> tuple[list[Actor], list[Actor]]:
        vp = self.match_verb(t)
        children = list(t.children)
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in children)
        subj = [c for c in children if c.dep_ in ("nsubj", "nsubjpass")]
        source: list[Actor] = []
        target: list[Actor] = []
        if passive:
            for c in children:
                if c.dep_ == "agent":
                    source += _actors_in(c, tok_actors)
            for c in subj:
                target += _actors_in(c, tok_actors)
        else:
            for c in subj:
                source += _actors_in(c, tok_actors)
            if not subj:
                source += self._inherited_subject(t, tok_actors)
        if t.dep_ in ("relcl", "acl") and not source and not target:
            noun_actors = _actors_at(t.head, tok_actors)
            if t.dep_ == "acl" and t.tag_ == "VBN":
                target += noun_actors
            else:
                source += noun_actors
        if not (passive and target):
            target += self._verb_target(t, children, vp, tok_actors)
        return source, target

    def _verb_target(self, t: Token, children: list[Token], vp: VerbPattern | None, tok_actors: dict[int, list[Actor]]) -> list[Actor]:
        preps = set(vp.preps) if vp else set()
        out: list[Actor] = []
        if preps:
            holders = [t, *[c for c in children if c.dep_ in ("dobj", "nsubjpass") and vp and c.lemma_.lower() in vp.objects]]
            for h in holders:
                for c in h.children:
                    if c.dep_ in ("prep", "dative", "agent") and c.lower_ in preps:
                        out += _actors_in(c, tok_actors)
            if out:
                return out
        for c in children:
            if c.dep_ in ("dobj", "dative", "attr") and not (vp and vp.objects and c.lemma_.lower() in vp.objects):
                out += _actors_in(c, tok_actors, skip_rel=True)
            elif c.dep_ == "dative":
                out += _actors_in(c, tok_actors)
        if not out and vp and not vp.objects:
            # unlisted preposition targets such as "fired on", "clashed with"
            for c in children:
                if c.dep_ == "prep" and c.lower_ in ("on", "against", "with", "at", "upon", "toward", "towards"):
                    out += _actors_in(c, tok_actors)
        return out

    def _inherited_subject(self, t: Token, tok_actors: dict[int, list[Actor]]) -> list[Actor]:
        """Subjects of xcomp/pcomp/conj verbs: object control, subject control, coordination."""
        cur = t
        for _ in range(4):
            head = cur.head
            if head is cur:
                return []
            if cur.dep_ == "conj":
                subs = [c for c in head.children if c.dep_ in ("nsubj",)]
                if subs:
                    return [a for s in subs for a in _actors_in(s, tok_actors)]
                cur = head
                continue
            if cur.dep_ in ("xcomp", "pcomp", "advcl", "ccomp") or (cur.dep_ == "pobj" and head.dep_ == "prep"):
                gov = head.head if head.dep_ == "prep" else head
                objs = [c for c in gov.children if c.dep_ in ("dobj",)]
                if objs and cur.dep_ in ("xcomp", "pcomp", "pobj"):
                    found = [a for o in objs for a in _actors_in(o, tok_actors)]
                    if found:
                        return found
                subs = [c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subs:
                    return [a for s in subs for a in _actors_in(s, tok_actors)]
                cur = gov
                continue
            return []
        return []

    def _noun_args(self, t: Token, tok_actors: dict[int, list[Actor]]) -> tuple[list[Actor], list[Actor]]:
        source: list[Actor] = []
        target: list[Actor] = []
        np_ = self.match_noun(t)
        preps = set(np_.preps) if np_ else set()
        for c in t.children:
            if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < t.i:
                source += _actors_in(c, tok_actors)
            elif c.dep_ == "prep" and (c.lower_ in preps or (not preps and c.lower_ in ("on", "against", "to", "with"))):
                target += _actors_in(c, tok_actors)
            elif c.dep_ == "prep" and c.lower_ == "by":
                source += _actors_in(c, tok_actors)
            elif c.dep_ == "prep" and c.lower_ == "between":
                source += _actors_in(c, tok_actors)
        if not source:
            head = t.head
            if t.dep_ in ("dobj", "pobj", "attr") and head.pos_ in ("VERB", "AUX", "ADP"):
                verb = head.head if head.dep_ == "prep" else head
                for c in verb.children:
                    if c.dep_ == "nsubj":
                        source += _actors_in(c, tok_actors)
                    elif c.dep_ == "agent" and verb.tag_ == "VBN":
                        source += _actors_in(c, tok_actors)
                if not source and verb.dep_ in ("xcomp", "conj"):
                    source += self._inherited_subject(verb, tok_actors)
                if not target:
                    for c in verb.children:
                        if c.dep_ == "prep" and c.lower_ in (preps or {"on", "against", "to", "with"}):
                            target += _actors_in(c, tok_actors)
        return source, target

    # --- flags -----------------------------------------------------------------------------------------------------
    def _flags(self, t: Token, sent: Span, offset: int, opinion_spans, quote_spans) -> set[str]:  # type: ignore[no-untyped-def]
        flags: set[str] = set()
        chain = _governors(t)
        for tok in [t, *chain[:1]] if t.pos_ in ("NOUN", "PROPN") else [t]:
            for c in tok.children:
                if c.dep_ == "neg" or (c.lower_ in ("no", "never") and c.dep_ in ("det", "advmod", "neg")):
                    flags.add("negated")
        for tok in [t, *chain]:
            for c in tok.children:
                low = c.lower_
                if c.dep_ == "aux" and low in ("will", "shall", "'ll", "wo"):
                    flags.add("future")
                if c.dep_ == "aux" and low in self.hypo:
                    flags.add("hypothetical")
                if c.dep_ == "mark" and low in ("if", "unless", "whether"):
                    flags.add("hypothetical")
                if c.dep_ == "advmod" and low in self.alleged:
                    flags.add("alleged")
                if tok is not t and c.dep_ == "neg" and tok.lemma_.lower() not in self.denial:
                    if tok.lemma_.lower() in ("expect", "plan", "intend", "want", "agree", "try"):
                        flags.add("negated")
            if tok is t:
                continue
            lemma = tok.lemma_.lower()
            if lemma in self.denial:
                flags.add("negated")
            if lemma in ACCUSE_LEMMAS or lemma in self.alleged and tok.pos_ == "VERB":
                flags.add("alleged")
            if lemma in self.future and tok.pos_ in ("VERB", "AUX", "ADJ"):
                flags.add("future")
            if lemma in ("going",) and any(c.lower_ == "to" for c in t.children):
                flags.add("future")
        if t.pos_ in ("NOUN", "PROPN"):
            head = t.head
            if head.lemma_.lower() in self.future or any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "'ll") for c in head.children):
                flags.add("future")
            if any(c.lower_ in ("upcoming", "planned", "proposed", "expected", "future", "forthcoming") for c in t.children):
                flags.add("future")
        pos = t.idx + offset
        if any(s <= pos < e for s, e in quote_spans):
            flags.add("quoted")
        if any(s <= pos < e for s, e in opinion_spans):
            flags.add("opinion")
        return flags


def _governors(t: Token) -> list[Token]:
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


def _token_actor_index(doc: Doc, actors: Sequence[Actor], offset: int) -> dict[int, list[Actor]]:
    index: dict[int, list[Actor]] = {}
    for a in actors:
        if not a.code:
            continue
        span = doc.char_span(a.start - offset, a.end - offset, alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            index.setdefault(tok.i, []).append(a)
    return index


def _actors_at(t: Token, tok_actors: dict[int, list[Actor]]) -> list[Actor]:
    return list(tok_actors.get(t.i, []))


def _actors_in(t: Token, tok_actors: dict[int, list[Actor]], skip_rel: bool = False) -> list[Actor]:
    """Actors in a token's subtree, skipping relative and clausal modifiers (their actors act elsewhere)."""
    out: list[Actor] = []
    stack = [t]
    while stack:
        cur = stack.pop()
        for a in tok_actors.get(cur.i, []):
            if a not in out:
                out.append(a)
        for c in cur.children:
            if c.dep_ in ("relcl", "acl", "advcl", "ccomp", "appos", "punct") or (skip_rel and c.dep_ == "prep" and c.lower_ in ("in", "at", "near")):
                continue
            stack.append(c)
    out.sort(key=lambda a: a.start)
    return out


def _unique(actors: Iterable[Actor]) -> list[Actor]:
    seen: set[tuple[str, str | None]] = set()
    out = []
    for a in actors:
        key = (a.code, a.id)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def _ref(a: Actor) -> ActorRef:
    return ActorRef(name=a.name, code=a.code, country=a.country, text=a.text, start=a.start, end=a.end)


def _trigger_text(t: Token) -> str:
    parts = [t]
    parts += [c for c in t.children if c.dep_ in ("prt", "neg")]
    parts.sort(key=lambda x: x.i)
    return " ".join(p.text for p in parts)


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per (trigger, code); a nominal event is dropped when a verbal event with the same root and the
    same parties already covers it."""
    out: list[Event] = []
    for ev in events:
        key = (tuple(a.code for a in ev.source), tuple(a.code for a in ev.target), ev.cameo_root)
        if any((tuple(a.code for a in o.source), tuple(a.code for a in o.target), o.cameo_root) == key for o in out):
            continue
        out.append(ev)
    return out
