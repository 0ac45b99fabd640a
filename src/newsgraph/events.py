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
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from newsgraph.codes import lookup
from newsgraph.lexicon import Lexicon
from newsgraph.records import Actor, ActorRef, Event, Place

EXTRACTOR = "newsgraph.events.v1"

# future cooperation → intent (PLOVER manual: future consult/support/cooperate/aid is AGREE)
INTENT_CODES = {"CONSULT": "036", "SUPPORT": "032", "COOPERATE": "031", "AID": "033"}
LIGHT_VERBS = {"launch", "carry", "conduct", "stage", "hold", "impose", "make", "pay", "mount", "wage",
               "begin", "start", "continue", "resume", "step", "intensify", "escalate", "announce", "order",
               "lead", "undertake", "perform", "commit", "join", "attend", "have", "host", "open", "sign",
               "reach", "conclude", "deliver", "send", "provide", "give", "offer", "extend", "issue"}  # fmt: skip
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


def _rows(prefix: str) -> list[dict[str, str]]:
    """Rows of data/events/<prefix>*.tsv in name order (verbs.tsv, then verbs-*.tsv amendments)."""
    folder = resources.files("newsgraph.data").joinpath("events")
    out: list[dict[str, str]] = []
    names = sorted(r.name for r in folder.iterdir() if r.name.startswith(prefix) and r.name.endswith(".tsv"))
    for name in names:
        text = folder.joinpath(name).read_text(encoding="utf-8")
        lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
        out += [{k: (v or "").strip() for k, v in r.items() if k} for r in csv.DictReader(lines, delimiter="\t")]
    return out


def _split(value: str) -> list[str]:
    return [v.strip().lower() for v in value.split("|") if v.strip()]


def _put(table: dict[str, list[Any]], lemma: str, pattern: Any, key: tuple[Any, ...]) -> None:
    """Add a pattern; a later row with the same constraints replaces the earlier one (amendment files)."""
    rows = table.setdefault(lemma, [])
    for i, old in enumerate(rows):
        if _key(old) == key:
            rows[i] = pattern
            return
    rows.append(pattern)


def _key(p: Any) -> tuple[Any, ...]:
    if isinstance(p, VerbPattern):
        return (p.particle, p.objects, p.preps)
    return (p.preps, p.modifiers)


@lru_cache(maxsize=1)
def load_patterns() -> Patterns:
    p = Patterns()
    for r in _rows("verbs"):
        if not r.get("code") or not r.get("lemma"):
            continue
        vp = VerbPattern(r["code"], r["lemma"].lower(), r.get("particle", "").lower(),
                         frozenset(_split(r.get("object", ""))), tuple(_split(r.get("prep", ""))), r.get("mode", ""))
        _put(p.verbs, vp.lemma, vp, _key(vp))
    for r in _rows("nouns"):
        if not r.get("code") or not r.get("lemma"):
            continue
        np_ = NounPattern(r["code"], r["lemma"].lower(), tuple(_split(r.get("prep", ""))),
                          frozenset(_split(r.get("modifier", ""))), r.get("mode", ""))
        _put(p.nouns, np_.lemma, np_, _key(np_))
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
    def __init__(self, patterns: Patterns | None = None, lexicon: Lexicon | None = None) -> None:
        self.p = patterns or load_patterns()
        self.lexicon = lexicon
        self._weak: dict[int, list[Actor]] = {}
        self._places: dict[int, Place] = {}
        self._recent: list[list[Actor]] = []
        self._offset = 0
        self._actor_seq: list[Actor] = []
        self._current_source: list[Actor] = []
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
        places: Sequence[Place] = (),
    ) -> list[Event]:
        tok_actors = _token_actor_index(doc, actors, offset)
        self._places = _token_place_index(doc, places, offset)
        self._recent = []
        self._offset = offset
        self._actor_seq = sorted((a for a in actors if a.code), key=lambda a: a.start)
        self._weak = self._weak_actors(doc, tok_actors, offset)
        events: list[Event] = []
        for sent in doc.sents:
            if require_actor and not any(tok_actors.get(i) for i in range(sent.start, sent.end)):
                continue
            events.extend(self._sentence(sent, tok_actors, offset, article_id, opinion_spans, quote_spans, require_actor))
        return events

    def _sentence(self, sent, tok_actors, offset, article_id, opinion_spans, quote_spans, require_actor):
        verb_objects: set[int] = set()
        found: list[tuple[Token, str, str]] = []
        for t in sent:
            if t.i in tok_actors or not _verbal(t):
                continue
            vp = self.match_verb(t)
            if vp is not None:
                found.append((t, vp.code, vp.mode))
                if vp.objects:
                    verb_objects.update(c.i for c in t.children if c.lemma_.lower() in vp.objects)
        content: set[int] = set()
        for t in sent:  # "X said that Y must Z": X demands Z of Y; Z is the content, not an event
            if t.lemma_.lower() in REPORTING_VERBS and not any(f[0] is t for f in found):
                for c in t.children:
                    if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in OBLIGATION for a in c.children):
                        found.append((t, "100", ""))
                        content.update(x.i for x in c.subtree)
                        break
        found = [f for f in found if f[0].i not in content]
        for t in sent:
            if t.i in content:
                continue
            if t.pos_ in ("NOUN", "PROPN") and t.i not in verb_objects and t.i not in tok_actors and _eventive_noun(t, tok_actors):
                np_ = self.match_noun(t)
                if np_ is not None:
                    found.append((t, np_.code, np_.mode))
        built: dict[int, Event] = {}
        for t, code, mode in found:
            ev = self._build(t, code, mode, sent, tok_actors, offset, article_id, opinion_spans, quote_spans, require_actor)
            if ev is not None:
                built[t.i] = ev
        return _dedupe(self._merge(sent.doc, built))

    def _merge(self, doc: Doc, built: dict[int, Event]) -> list[Event]:
        """Fold complement events into their governor: "offered to hand over X to Y" is one AGREE with target Y;
        "threatened to attack X" one THREATEN; "is willing to withdraw" an intent (AGREE); "attacked X, killing N"
        one assault."""
        out = dict(built)
        for i, ev in sorted(built.items()):
            t = doc[i]
            gov = _complement_governor(t)
            if gov is None:
                continue
            g_idx = gov.i
            if g_idx not in out:  # "staged demonstrations to demand X": the light verb's object holds the event
                g_idx = next((c.i for c in gov.children if c.dep_ in ("dobj", "nsubjpass") and c.i in out), gov.i)
            g_ev = out.get(g_idx)
            if g_ev is not None and i in out and t.dep_ == "advcl" and ev.plover == "REQUEST" and g_idx != i:
                del out[i]  # the purpose of an action ("demonstrated to demand reforms") is part of it
                continue
            gov = doc[g_idx]
            if g_ev is not None and i in out:
                if g_ev.cameo_root in FRAME_ROOTS or (t.dep_ == "advcl" and g_ev.plover == ev.plover):
                    if not g_ev.target and ev.target:
                        out[gov.i] = replace(g_ev, target=ev.target)
                    if not g_ev.source and ev.source:
                        out[gov.i] = replace(out[gov.i], source=ev.source)
                    del out[i]
                continue
            if g_ev is None and i in out:
                frame = self._frame_above(doc, gov, out)
                if frame is not None:  # "urged Washington to lift sanctions and to stop interfering": content
                    if not out[frame].target and ev.target:
                        out[frame] = replace(out[frame], target=ev.target)
                    del out[i]
                    continue
            if g_ev is None and gov.lemma_.lower() in CONSIDER_WORDS and i in out:
                out[i] = _as_option(ev)  # "is considering sending aid": a policy option (014), not an intent
                continue
            if g_ev is None and gov.lemma_.lower() in INTENT_WORDS and t.dep_ == "xcomp" and i in out:
                out[i] = _as_intent(ev)
        return [out[k] for k in sorted(out)]

    def _punitive_object(self, t: Token) -> bool:
        objects = [c for c in t.children if c.dep_ in ("dobj",)]
        objects += [g for c in t.children if c.dep_ == "prep" and c.lower_ == "for" for g in c.children if g.dep_ == "pobj"]
        for o in objects:
            np_ = self.match_noun(o)
            if np_ is not None and lookup(np_.code).quad >= 3:
                return True
        return False

    @staticmethod
    def _frame_above(doc: Doc, gov: Token, out: dict[int, Event]) -> int | None:
        """An appeal, demand, threat, refusal or intent event two or three complement links above a token."""
        cur: Token | None = gov
        for _ in range(3):
            if cur is None:
                return None
            nxt = _complement_governor(cur) or (cur.head if cur.dep_ == "conj" and cur.head is not cur else None)
            if nxt is None:
                return None
            ev = out.get(nxt.i)
            if ev is not None:
                return nxt.i if ev.cameo_root in FRAME_ROOTS else None
            cur = nxt
        return None

    def _find(self, t: Token, tok_actors: dict[int, list[Actor]], skip_rel: bool = False) -> list[Actor]:
        """Actors in an argument; when there are none: country adjectives and names in it ("rejected an
        Australian ultimatum"), the agent of a participle ("a missile fired by Houthi rebels"), or the earlier
        actor a definite description refers to ("the group", "the agency")."""
        found = _actors_in(t, tok_actors, skip_rel) or _actors_in(t, self._weak, skip_rel)
        if found:
            return found
        for c in t.children:
            if c.dep_ == "acl":
                for g in c.children:
                    if g.dep_ == "agent":
                        found += _actors_in(g, tok_actors)
        return found or self._definite(t) or self._located_sector(t)

    def _located_sector(self, t: Token) -> list[Actor]:
        """'police in Los Angeles', 'authorities in New York City': a sector noun placed by a gazetteer place."""
        if self.lexicon is None or t.pos_ != "NOUN":
            return []
        sector = next((e.sector for e in self.lexicon.phrases.get(t.lower_, []) if e.kind == "sector"), None)
        if sector is None:
            return []
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "at", "from", "of"):
                place = self._place_in(c)
                if place is not None:
                    code = f"{place.country}{sector}"
                    return [replace(place, text=t.text, start=t.idx + self._offset, end=t.idx + len(t.text) + self._offset,
                                    code=code, sector=sector, kind="group", via="place+sector")]
        return []

    def _definite(self, t: Token) -> list[Actor]:
        kind = ANAPHORS.get(t.lemma_.lower()) if t.pos_ == "NOUN" else None
        if kind is None or not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in t.children):
            return []
        for a in reversed(self._actor_seq):
            if a.start >= t.idx + self._offset:
                continue
            if kind == "group" and a.kind == "group" and a.sector in ("REB", "PTY", "OPP", "UAF", None) and a.via != "adjective":
                return [a]
            if kind == "organisation" and (a.code[:3] in ("IGO", "NGO") or a.kind == "organisation" and not a.country):
                return [a]
            if kind == "state" and a.kind == "state":
                return [a]
        return []

    def _weak_actors(self, doc: Doc, tok_actors: dict[int, list[Actor]], offset: int) -> dict[int, list[Actor]]:
        weak: dict[int, list[Actor]] = {}
        if self.lexicon is None:
            return weak
        for t in doc:
            if t.i in tok_actors or not t.text[:1].isupper():
                continue
            for e in self.lexicon.phrases.get(t.lower_, []):
                if e.kind in ("adjective", "state", "demonym") and e.country:
                    weak[t.i] = [Actor(text=t.text, start=t.idx + offset, end=t.idx + len(t.text) + offset, name=e.name,
                                       code=e.country, country=e.country, sector=None, kind="state", id=e.id,
                                       via="adjective")]
                    break
        return weak

    # --- pattern matching ---------------------------------------------------------------------------------
    def match_verb(self, t: Token) -> VerbPattern | None:
        cands = self.p.verbs.get(t.lemma_.lower())
        if not cands:
            return None
        children = list(t.children)
        prts = {c.lower_ for c in children if c.dep_ in ("prt", "prep", "advmod")}
        # "pushed for Congress to act": 'for' marks the clause
        prts |= {g.lower_ for c in children if c.dep_ in ("advcl", "ccomp", "xcomp") for g in c.children if g.dep_ == "mark"}
        direct = [c for c in children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "dative")]
        if not direct:  # "eased curfew hours": a noun the parser left as an adverbial modifier
            direct = [c for c in children if c.dep_ == "npadvmod" and c.pos_ == "NOUN"]
        # "declared a state of siege to begin at midnight": the parser makes the object the clause's subject
        direct += [g for c in children if c.dep_ in ("ccomp", "xcomp") for g in c.children if g.dep_ == "nsubj" and g.pos_ == "NOUN"]
        # partitives and measures: "part of a military aid program", "700 kg of medicine"
        direct += [g for c in list(direct) for p in c.children if p.dep_ == "prep" and p.lower_ == "of"
                   for g in p.children if g.dep_ == "pobj"]
        direct += [g for c in children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        objs = {c.lemma_.lower() for c in direct}
        # "ended mediation efforts", "suspended aid deliveries": the modifier names the event
        # ... unless modifier and noun are a compound event of their own ("launched war games" is not "a war")
        objs |= {g.lemma_.lower() for c in direct for g in c.children
                 if g.dep_ in ("compound", "amod") and g.i < c.i and not self._compound_event(c, g)}
        preps = {c.lower_ for c in children if c.dep_ in ("prep", "agent", "dative")}
        has_obj = any(c.dep_ in ("dobj", "nsubjpass", "dative") for c in children)
        best: VerbPattern | None = None
        for vp in cands:
            if vp.particle and vp.particle not in prts:
                continue
            if vp.objects and not (vp.objects & objs):
                continue
            if vp.preps and not vp.objects and not (set(vp.preps) & preps) and not has_obj and vp.lemma in PREP_CRITICAL:
                continue  # "went after X" needs its preposition: "went there" is not an event
            score = vp.specificity - (1 if vp.preps and not (set(vp.preps) & preps) else 0)
            if best is None or score > best.specificity - (1 if best.preps and not (set(best.preps) & preps) else 0):
                best = vp
        return best

    def _compound_event(self, head: Token, modifier: Token) -> bool:
        rows = self.p.nouns.get(head.lemma_.lower(), [])
        return any(modifier.lemma_.lower() in np_.modifiers for np_ in rows)

    def match_noun(self, t: Token) -> NounPattern | None:
        cands = self.p.nouns.get(t.lemma_.lower()) or self.p.nouns.get(t.lower_)
        if not cands:
            return None
        mods = {c.lemma_.lower() for c in t.children if c.dep_ in ("compound", "amod", "nmod")}
        best: NounPattern | None = None
        for np_ in cands:
            if np_.modifiers and not (np_.modifiers & mods):
                continue
            if best is None or np_.specificity > best.specificity:
                best = np_
        return best

    # --- arguments -------------------------------------------------------------------------------------------
    def _build(self, t, code, mode, sent, tok_actors, offset, article_id, opinion_spans, quote_spans, require_actor):
        if t.pos_ in ("NOUN", "PROPN"):
            source, target = self._noun_args(t, tok_actors)
        else:
            source, target = self._verb_args(t, tok_actors, code)
        source = _unique(source)
        if not source and t.pos_ not in ("NOUN", "PROPN"):
            source = self._pronoun_subject(t, tok_actors)
        if not target and t.pos_ not in ("NOUN", "PROPN") and code[:2] in DOMESTIC_ROOTS:
            target = self._domestic_target(t, source)
        if not source and code[:2] == "14":
            # "ethnic Albanians demonstrated in Serbia": protesters without a country are the place's people
            source = self._implicit_target(t, list(t.children), "14", tok_actors)
        src_keys = {(a.start, a.end) for a in source}
        src_countries = {a.country or a.code for a in source}
        target = [a for a in _unique(target) if (a.start, a.end) not in src_keys
                  and not (len(src_countries) > 1 and (a.country or a.code) in src_countries)]
        if not target and code[:2] in ("14", "08") and len({a.country for a in source}) == 1 and source[0].country:
            # protests and concessions with no named counterpart are directed at the actor's own country
            a = source[0]
            target = [_country_actor(a.country or "", a.text, a.start, a.end, "implicit", name=a.name)]
        if t.lemma_.lower() == "call" and any(c.dep_ in ("oprd", "attr") or (c.dep_ == "xcomp" and c.pos_ in ("ADJ", "NOUN"))
                                             or (c.dep_ == "dobj" and c.tag_ in ("WP", "WDT")) for c in t.children):
            # "called the accusation absurd" criticises, "called the talks a success" praises; a plain naming
            # ("what it called its involvement") is no event
            judged = _judgement(t)
            if judged is None:
                return None
            code, mode = judged, ""
        if not source and any(c.dep_ == "nsubj" and c.lemma_.lower() in NATURE for c in t.children):
            return None  # "a powerful earthquake struck central Myanmar": nature is not an actor
        if code in TRANSITIVE_CODES and not any(c.dep_ in ("dobj", "nsubjpass") for c in t.children):
            return None  # "negotiators return to Geneva" is travel, not a release
        if not source:
            source = self._antecedent(t)
        if require_actor and not source and all(a.via in ("place", "implicit") for a in target) and not (
            target and code[:2] in ("18", "19", "20") and _violent_subject(t)
        ):
            # "Snow closed roads across Italy": a place alone is no actor; but "a suicide attack killed eight
            # people in Kabul" is an assault on the place's people by an unknown perpetrator
            return None
        if code in TARGET_REQUIRED and not target:
            return None  # "Paris will host the Olympic Games": hosting needs a visitor
        if source:
            self._recent.append(source)
        flags = self._flags(t, sent, offset, opinion_spans, quote_spans)
        if (code[:2] == "02" and t.lemma_.lower() == "call" and target
                and not any(c.lower_ in ("on", "upon", "for") for c in t.children)
                and any(c.dep_ == "dobj" and self._find(c, tok_actors) for c in t.children)):
            code, mode = "041", "phone"  # "Stoltenberg called Erdogan": a telephone call, not an appeal
        if t.lemma_.lower() in ("decline", "refuse") and any(
            c.dep_ == "xcomp" and c.lemma_.lower() in NO_COMMENT for c in t.children
        ):
            code, mode = "011", ""  # "declined to comment": no comment (011), not a rejection
        if code[:2] == "02" and self._punitive_object(t):
            code, mode = "100", ""  # "called for sanctions against China": a demand for coercion, not an appeal
        if code[:2] == "15" and _joint(t, source):
            code, mode = "062", ""  # joint or several-party exercises are military cooperation
        elif code[:2] == "15" and _peacekeeping(t):
            code, mode = "074", ""  # troops deployed on a peacekeeping mission are military protection (aid)
        entry = lookup(code)
        if "negated" in flags and entry.quad in (1, 2) and (_refusal(t) or (_failed(t) and entry.plover in ("AGREE", "SUPPORT"))):
            # "cannot accept refugees", "will not allow inspectors back": a refusal (REJECT), not a non-event
            code, mode = REFUSAL_OF.get(entry.plover or "", "120"), ""
            entry = lookup(code)
            flags = {f for f in flags if f not in ("negated", "hypothetical")}
        if "future" in flags and entry.plover in INTENT_CODES and "negated" not in flags:
            code = INTENT_CODES[entry.plover]
            entry = lookup(code)
            mode = ""
        elif "future" in flags and entry.plover in ("RETREAT", "CONCEDE") and "negated" not in flags and _announced(t):
            # "the rebels said they will release two hostages": an announced concession is an intent (CAMEO 035x)
            code = _yield_intent(code)
            entry = lookup(code)
            mode = ""
        elif "negated" not in flags and entry.root in THREAT_OF and (
            ("future" in flags and _announced(t)) or ("hypothetical" in flags and _conditional(t))
        ):
            # an announced coercive step ("will impose curfews", "plans to tighten the blockade") is a threat
            code = _threat_code(code)
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

    def _antecedent(self, t: Token) -> list[Actor]:
        """'It warned that ...', 'They agreed ...': a pronoun subject the actor stage left open refers to the
        source of the latest event (non-person for "it")."""
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PRON"), None)
        if subj is None or subj.lower_ not in ("it", "they") or t.dep_ not in ("ROOT", "conj", "ccomp"):
            return []
        for src in reversed(self._recent[-6:]):
            if subj.lower_ == "it" and len(src) == 1 and src[0].kind != "person":
                return src
            if subj.lower_ == "they" and (len(src) > 1 or src[0].kind in ("group", "organisation")):
                return src
        return []

    def _pronoun_subject(self, t: Token, tok_actors: dict[int, list[Actor]]) -> list[Actor]:
        """'Hungary said it will support ...', 'Syria says it is willing to withdraw', 'Militants said they
        attempted ...': a pronoun subject stands for the subject of the reporting verb above it."""
        cur = t
        pron = None
        for _ in range(6):
            subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                if pron is None and subj.pos_ == "PRON" and subj.lower_ in ("it", "they", "we", "he", "she"):
                    pron = subj
                elif pron is not None:
                    found = self._find(subj, tok_actors)
                    if found:
                        return found
                    return []
                else:
                    return []
            if cur.head is cur:
                return []
            cur = cur.head
        return []

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
                    source += self._find(c, tok_actors)
            if not source:  # "was hit with new sanctions by Washington": the parser hangs "by X" on the object
                for c in children:
                    for g in ([c] if c.dep_ == "dobj" else [x for x in c.children if x.dep_ == "pobj"] if c.dep_ == "prep" else []):
                        for a in g.children:
                            if (a.dep_ == "agent" or (a.dep_ == "prep" and a.lower_ == "by")) and not source:
                                source += self._find(a, tok_actors)
            for c in subj:
                target += self._find(c, tok_actors)
        else:
            for c in subj:
                source += self._find(c, tok_actors)
            if not subj:
                source += self._inherited_subject(t, tok_actors)
        if t.dep_ in ("relcl", "acl") and not source and not target:
            noun_actors = _actors_at(t.head, tok_actors)
            if t.dep_ == "acl" and t.tag_ == "VBN":
                target += noun_actors
            else:
                source += noun_actors
        self._current_source = source
        if not (passive and target):
            target += self._verb_target(t, children, vp, tok_actors)
        if not target:
            target += self._implicit_target(t, children, code, tok_actors)
        return source, target

    def _implicit_target(self, t: Token, children: list[Token], code: str, tok_actors: dict[int, list[Actor]]) -> list[Actor]:
        """Targets the clause names indirectly: the subject of a demanded/warned clause ("demanded that the United
        States ..."), the arguments of a controlled verb ("offered to hand over ... to Great Britain"), and,
        last, the country where it happened ("eased measures in Montenegro"; docs/records.md)."""
        root = code[:2]
        meeting = code[:3] in ("040", "041", "044", "045", "046") or len({a.country for a in self._current_source}) > 1
        if root in ("13", "10", "02"):
            # "threatened to strike unless Israel rescinded ...": the condition's subject is who is pressed
            for h in [t, *(c for c in children if c.dep_ == "xcomp")]:
                for c in h.children:
                    if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("unless", "if", "until") for m in c.children):
                        found = [a for x in c.children if x.dep_ in ("nsubj", "nsubjpass") for a in self._find(x, tok_actors)]
                        if found:
                            return found
        if root in ("02", "10", "13", "11", "12"):
            for c in children:
                if c.dep_ == "ccomp":
                    found = [a for s in c.children if s.dep_ in ("nsubj", "nsubjpass") for a in self._find(s, tok_actors)]
                    if found:
                        return found
        for c in children:
            if c.dep_ == "xcomp":
                found = self._verb_target(c, list(c.children), self.match_verb(c), tok_actors)
                if found:
                    return found
        holders = [t, *[c for c in children if c.dep_ == "dobj"]]
        for x in [c for c in children if c.dep_ == "xcomp"]:  # "threatened to resume attacks in Israel"
            holders += [x, *[g for g in x.children if g.dep_ == "dobj"]]
        preps = LOCATIVE_PREPS | ({"to"} if code[:3] == "042" else set())  # "travel to Washington" visits the US
        for h in holders if not meeting else []:  # where talks were held is not who was met
            for c in h.children:
                if c.dep_ == "prep" and c.lower_ in preps:
                    found = [a for a in self._find(c, tok_actors) if a.kind == "state" or a.via == "adjective"]
                    if found:
                        return found[:1]
                    place = self._place_in(c)
                    if place is not None:
                        return [place]
        return []

    def _place_in_head(self, t: Token) -> Actor | None:
        """The place's country when the token itself names a gazetteer place."""
        p = self._places.get(t.i)
        if p is None or not p.country:
            return None
        return _country_actor(p.country, p.text, p.start, p.end, "place")

    def _place_in(self, t: Token) -> Actor | None:
        """The country of the first gazetteer place in a phrase, as an implicit actor ("struck buildings in
        Kharkiv" → UKR)."""
        for x in t.subtree:
            p = self._places.get(x.i)
            if p is not None and p.country:
                return _country_actor(p.country, p.text, p.start, p.end, "place")
        return None

    def _domestic_target(self, t: Token, source: list[Actor]) -> list[Actor]:
        """'Egyptian police opened fire on demonstrators', 'arrested political opponents': a people noun with no
        country of its own, acted on by a state actor, is that state's own people (implicit target)."""
        if len(source) != 1 or not source[0].country:
            return []
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in LOCATIVE_PREPS:
                place = self._place_in(c)
                if place is not None:
                    return [place]
        for c in t.children:
            nouns = [c] if c.dep_ in ("dobj", "nsubjpass") else [g for g in c.children if g.dep_ == "pobj"] if c.dep_ == "prep" and c.lower_ in ("on", "against", "at") else []
            for n in nouns:
                if n.lemma_.lower() in PEOPLE_NOUNS:
                    a = source[0]
                    return [_country_actor(a.country or "", n.text, n.idx, n.idx + len(n.text), "implicit", name=a.name,
                                           kind="group")]
        return []

    def _verb_target(self, t: Token, children: list[Token], vp: VerbPattern | None, tok_actors: dict[int, list[Actor]]) -> list[Actor]:
        preps = set(vp.preps) if vp else set()
        out: list[Actor] = []
        if preps:
            holders = [t, *[c for c in children if c.dep_ in ("dobj", "nsubjpass") and vp and c.lemma_.lower() in vp.objects]]
            for h in holders:
                for c in h.children:
                    if c.dep_ in ("prep", "dative", "agent") and c.lower_ in preps:
                        out += self._find(c, tok_actors)
            if out:
                return out
        for c in children:
            if c.dep_ in ("dobj", "dative", "attr") and not (vp and vp.objects and c.lemma_.lower() in vp.objects):
                found = self._find(c, tok_actors, skip_rel=True)
                if not found and c.dep_ == "dobj" and (place := self._place_in_head(c)) is not None:
                    found = [place]  # "shelled Kherson": a place attacked stands for its country
                out += found
            elif c.dep_ == "dative":
                out += self._find(c, tok_actors)
        event_objects = [c for c in children if c.dep_ in ("dobj", "nsubjpass") and vp and c.lemma_.lower() in vp.objects]
        if not out:
            # unlisted preposition targets such as "fired on", "clashed with", "restrictions against X"; for a verb
            # without a pattern (a complement such as "offered to hand over ... to Great Britain") also "to"
            generic = ("on", "against", "with", "at", "upon", "toward", "towards") + (("to",) if vp is None else ())
            for h in [t, *event_objects]:
                for c in h.children:
                    if c.dep_ == "prep" and c.lower_ in generic:
                        out += self._find(c, tok_actors)
        if not out:
            # "lifted sanctions imposed on China": the target hangs on a participle of the event noun
            for o in event_objects:
                for a in o.children:
                    if a.dep_ == "acl":
                        for c in a.children:
                            if c.dep_ == "prep" and c.lower_ in ("on", "against"):
                                out += self._find(c, tok_actors)
        if not out:
            # the owner of the event noun: "rejected an Australian ultimatum", "an appeal from President X"
            for o in event_objects:
                for c in o.children:
                    if c.dep_ in ("poss", "amod", "compound", "nmod") or (c.dep_ == "prep" and c.lower_ in ("from", "by", "of")):
                        out += self._find(c, tok_actors)
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
                    return [a for s in subs for a in self._find(s, tok_actors)]
                cur = head
                continue
            if cur.dep_ in ("xcomp", "pcomp", "advcl", "ccomp") or (cur.dep_ == "pobj" and head.dep_ == "prep"):
                gov = head.head if head.dep_ == "prep" else head
                objs = [c for c in gov.children if c.dep_ in ("dobj",)]
                if objs and cur.dep_ in ("xcomp", "pcomp", "pobj"):
                    found = [a for o in objs for a in self._find(o, tok_actors)]
                    if found:
                        return found
                subs = [c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subs:
                    return [a for s in subs for a in self._find(s, tok_actors)]
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
                source += self._find(c, tok_actors)
            elif c.dep_ == "prep" and (c.lower_ in preps or (not preps and c.lower_ in ("on", "against", "to", "with"))):
                target += self._find(c, tok_actors)
            elif c.dep_ == "prep" and c.lower_ == "by" or c.dep_ == "prep" and c.lower_ == "between":
                source += self._find(c, tok_actors)
        if not source and t.dep_ == "nsubjpass":  # "the war game was staged by US marines and Jordanian forces"
            source += [a for c in t.head.children if c.dep_ == "agent" for a in self._find(c, tok_actors)]
        if not source:
            head = t.head
            if t.dep_ in ("dobj", "pobj", "attr") and head.pos_ in ("VERB", "AUX", "ADP"):
                verb = head.head if head.dep_ == "prep" else head
                for c in verb.children:
                    if c.dep_ == "nsubj" or c.dep_ == "agent" and verb.tag_ == "VBN":
                        source += self._find(c, tok_actors)
                if not source and verb.dep_ in ("xcomp", "conj"):
                    source += self._inherited_subject(verb, tok_actors)
                if not target:
                    for c in verb.children:
                        if c.dep_ == "prep" and c.lower_ in (preps or {"on", "against", "to", "with"}):
                            target += self._find(c, tok_actors)
        return source, target

    # --- flags -----------------------------------------------------------------------------------------------------
    def _flags(self, t: Token, sent: Span, offset: int, opinion_spans: Sequence[tuple[int, int]], quote_spans: Sequence[tuple[int, int]]) -> set[str]:
        flags: set[str] = set()
        chain = _governors(t)
        for tok in [t, *chain[:1]] if t.pos_ in ("NOUN", "PROPN") else [t]:
            for c in tok.children:
                if c.dep_ == "neg" or (c.lower_ in ("no", "never") and c.dep_ in ("det", "advmod", "neg")):
                    flags.add("negated")
                if c.dep_ in ("dobj", "nsubjpass") and any(g.dep_ == "det" and g.lower_ in ("no", "neither") for g in c.children):
                    flags.add("negated")  # "no deadline had been set"
        if any(g.lemma_.lower() in NEGATING_GOVERNORS for g in chain[:2]):
            flags.add("negated")  # "failed to reach agreement"
        for tok in [t, *chain]:
            for c in tok.children:
                low = c.lower_
                if c.dep_ == "aux" and low in ("will", "shall", "'ll", "wo"):
                    flags.add("future")
                if c.dep_ == "aux" and low == "would" and _reported(tok):
                    flags.add("future")  # "said Turkey would expand cooperation": future in reported speech
                elif c.dep_ == "aux" and low in self.hypo:
                    flags.add("hypothetical")
                if c.dep_ == "mark" and low in ("if", "unless", "whether"):
                    flags.add("hypothetical")
                if c.dep_ == "advmod" and low in self.alleged:
                    flags.add("alleged")
                if (tok is not t and c.dep_ == "neg" and tok.lemma_.lower() not in self.denial
                        and tok.lemma_.lower() in ("expect", "plan", "intend", "want", "agree", "try")):
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


PEOPLE_NOUNS = {"demonstrator", "protester", "protestor", "opponent", "candidate", "activist", "dissident",
                "journalist", "worker", "student", "civilian", "resident", "villager", "people", "person",
                "prisoner", "detainee", "suspect", "member", "supporter", "leader", "politician", "party",
                "organization", "organisation", "group", "movement", "crowd", "rioter", "striker", "citizen",
                "critic", "lawmaker", "official", "opposition", "rebel", "militant", "insurgent", "fighter",
                "guerrilla", "gunman", "separatist", "youth", "farmer", "union", "teacher", "doctor",
                "refugee", "migrant", "minority", "community", "village", "town", "city", "region", "province"}  # fmt: skip
OCCUR_VERBS = {"take", "continue", "begin", "start", "resume", "occur", "happen", "kill", "hit", "wound", "injure",
               "destroy", "damage", "target", "intensify", "escalate", "follow", "end", "break", "erupt", "rage",
               "claim", "leave", "spread", "strike", "last", "mark"}  # fmt: skip
REPORTING_VERBS = {"say", "declare", "reiterate", "insist", "state", "tell", "stress", "add", "argue", "write",
                   "announce", "repeat", "emphasize", "emphasise", "assert", "maintain", "note", "remind"}  # fmt: skip
LOCATIVE_PREPS = {"in", "at", "into", "inside", "near", "across", "throughout", "around", "outside", "on"}
OBLIGATION = {"must", "should", "ought"}
DOMESTIC_ROOTS = {"14", "15", "17", "18", "19", "20", "10", "11", "12", "08"}
FRAME_ROOTS = {"03", "10", "12", "13", "02", "08"}  # intent, demand, reject, threaten, appeal: the complement is content
INTENT_WORDS = {"willing", "ready", "prepared", "plan", "intend", "decide", "seek", "want", "hope", "aim", "offer",
                "promise", "pledge", "vow", "agree", "commit", "committed", "determined", "eager", "keen", "set",
                "expect", "propose", "prepare"}  # fmt: skip
CONSIDER_WORDS = {"consider", "weigh", "mull", "contemplate", "study", "explore", "ponder"}
BACKGROUND_PREPS = {"after", "following", "before", "since", "despite", "amid", "amidst", "during", "over",
                    "about", "for", "in", "from", "under", "as", "like", "than", "until", "through", "throughout",
                    "to", "with", "by", "into", "at", "between", "among", "of"}  # fmt: skip


def _verbal(t: Token) -> bool:
    if t.pos_ not in ("VERB", "AUX") and not (t.pos_ == "ADJ" and t.tag_ == "VBN"):
        return False
    if t.dep_ in ("amod", "compound"):
        return False  # "armed groups", "the disputed region"
    # a participle describing a noun ("militiamen armed with machetes", "inspectors probing sites") is a state,
    # unless it has an agent ("a camp attacked by militiamen")
    if t.dep_ == "acl" and t.tag_ in ("VBN", "VBG") and not any(c.dep_ == "agent" for c in t.children):
        # "a report accusing the army of ...": an -ing participle with its own object still acts
        return t.tag_ == "VBG" and any(c.dep_ == "dobj" for c in t.children)
    # relative clauses describe their noun ("a ship it seized", "activists who had led protests"): they are
    # background unless the relative pronoun is the subject and the noun is an actor ("the Taliban, who attacked")
    if t.dep_ == "relcl":
        subjects = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
        rel_subject = any(c.tag_ in ("WDT", "WP") for c in subjects)
        named_subject = any(c.pos_ in ("PROPN", "NOUN") for c in subjects)  # "a moment when Washington asked ..."
        if not (rel_subject or named_subject):
            return False
    # background adjuncts: "deported 168 Liberians for traveling without documents", "after meeting X"
    return not (t.dep_ == "pcomp" and t.head.lower_ in BACKGROUND_PREPS - {"of", "to", "into", "with", "by"})


def _eventive_noun(t: Token, tok_actors: dict[int, list[Actor]]) -> bool:
    """A nominal event is coded when it carries the clause (object of a light verb, subject of the predicate),
    has its own actors ("Russian attacks on Kyiv"), or is the content of an accusation or a denial;
    background mentions ("following the invasion of X", "amid a dispute") are not events."""
    if t.dep_ == "pobj" and t.head.head.lemma_.lower() in REVERSAL_VERBS | {"renege", "withdraw", "pull", "walk", "back"}:
        return False  # "reneged on his commitment", "withdrew from the accord"
    if t.dep_ == "pobj" and t.head.lower_ not in ("of",):
        return False  # "perished in the Ankara attack", "blamed X for the attack": background or topic
    if any(c.dep_ in ("poss", "amod", "compound", "nmod") and any(x in tok_actors for x in _subtree_ids(c)) for c in t.children):
        return True
    head = t.head
    hl = head.lemma_.lower()
    if hl in REVERSAL_VERBS and t.dep_ in ("dobj", "nsubjpass"):
        return False  # "lifted the travel ban", "ended restrictions": the verb carries the event
    if t.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and head.pos_ in ("VERB", "AUX"):
        return hl in LIGHT_VERBS or hl in OCCUR_VERBS
    if t.dep_ == "nsubj" and head.pos_ in ("VERB", "AUX"):
        return hl in OCCUR_VERBS or hl in ("be",)
    if t.dep_ == "ROOT":
        return True
    if t.dep_ == "pobj":
        return False  # background ("following the invasion"), or the topic of an accusation ("blamed X for the attack")
    if t.dep_ in ("conj", "appos"):
        return _eventive_noun(head, tok_actors) if head is not t else False
    return False


def _subtree_ids(t: Token) -> list[int]:
    return [x.i for x in t.subtree]


def _complement_governor(t: Token) -> Token | None:
    """The word governing a complement event: xcomp/ccomp-less controlled verb, or an advcl participle."""
    cur = t
    while cur.dep_ == "conj" and cur.head is not cur:
        cur = cur.head
    if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in CONTENT_FRAMES:
        return cur.head  # "warned that they would restore sanctions on Iran": the threat's content
    if cur.dep_ == "xcomp":
        gov = cur.head
        if gov.pos_ in ("ADJ",) and gov.dep_ in ("acomp", "amod") and gov.head is not gov:
            return gov  # "is willing to withdraw": the adjective governs
        return gov
    if cur.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in cur.children):
        return cur.head  # "threatened to shell Haifa if Israel hits Beirut": the condition belongs to the threat
    if cur.dep_ == "advcl" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in cur.children) and (
        cur.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children)
    ):
        return cur.head  # "attacked X, killing N"; "threatened today to impose ..." parsed as a purpose clause
    if cur.dep_ == "pcomp" and cur.head.dep_ == "prep" and cur.head.head.pos_ in ("VERB", "NOUN"):
        return cur.head.head  # "accused X of arming Y": handled as alleged content, not merged
    return None


THREAT_OF = {"14": "133", "16": "131", "17": "132", "18": "137", "19": "138", "20": "1383"}
THREAT_DETAIL = {"163": "1312", "161": "1313", "162": "1311", "164": "134", "165": "135", "166": "136",
                 "1723": "1323", "1724": "1324", "172": "132", "1722": "1322", "191": "1381", "192": "1382",
                 "190": "1384", "195": "1384", "194": "1384", "193": "1384", "204": "1385", "2041": "1385"}  # fmt: skip


YIELD_INTENT = {"084": "0353", "085": "0354", "086": "0355", "087": "0356", "081": "0351", "082": "0352",
                "083": "034"}


def _yield_intent(code: str) -> str:
    return YIELD_INTENT.get(code[:3], "035")


def _threat_code(code: str) -> str:
    return THREAT_DETAIL.get(code) or THREAT_DETAIL.get(code[:3]) or THREAT_OF[code[:2]]


def _conditional(t: Token) -> bool:
    """'may halt mediation if cooperation founders': a coercive step made conditional is a threat."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
               for c in t.children)


def _announced(t: Token) -> bool:
    """Future by an actor's own statement of intent ("will", "plans to", "is prepared to"), not a forecast."""
    if any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall", "wo") for c in t.children):
        return True
    return any(g.lemma_.lower() in INTENT_WORDS or g.lemma_.lower() in ("announce", "confirm", "warn", "threaten")
               for g in _governors(t)[:2])


def _as_option(ev: Event) -> Event:
    entry = lookup("014")
    flags = tuple(sorted(set(ev.flags) | {"hypothetical"}, key=lambda f: EVENT_FLAG_ORDER.index(f)))
    return replace(ev, cameo=entry.code, cameo_root=entry.root, quad=entry.quad, goldstein=entry.goldstein,
                   plover=entry.plover, mode=entry.mode, flags=flags, context=entry.context)


def _as_intent(ev: Event) -> Event:
    code = _yield_intent(ev.cameo) if ev.plover in ("RETREAT", "CONCEDE") else INTENT_CODES.get(ev.plover or "")
    flags = tuple(sorted(set(ev.flags) | {"future"}, key=lambda f: EVENT_FLAG_ORDER.index(f)))
    if code is None and ev.cameo_root in THREAT_OF:
        code = _threat_code(ev.cameo)
    if code is None:
        return replace(ev, flags=flags)
    entry = lookup(code)
    return replace(ev, cameo=entry.code, cameo_root=entry.root, quad=entry.quad, goldstein=entry.goldstein,
                   plover=entry.plover, mode=entry.mode, flags=flags, context=entry.context)


EVENT_FLAG_ORDER = ["negated", "future", "hypothetical", "alleged", "quoted", "opinion"]


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


REVERSAL_VERBS = {"lift", "ease", "end", "halt", "stop", "suspend", "scrap", "drop", "remove", "relax", "reverse",
                  "revoke", "cancel", "rescind", "oppose", "reject", "condemn", "criticize", "criticise", "denounce",
                  "deny", "protest", "demand", "urge", "seek", "propose", "consider", "discuss", "debate", "threaten",
                  "fear", "warn", "prevent", "avoid", "investigate", "probe", "blame", "accuse", "deplore",
                  "regret", "mourn", "commemorate", "mark", "remember", "recall", "survive", "escape", "flee"}  # fmt: skip
ANAPHORS = {"group": "group", "movement": "group", "militia": "group", "faction": "group", "organisation": "organisation",
            "organization": "organisation", "agency": "organisation", "alliance": "organisation", "bloc": "organisation",
            "body": "organisation", "union": "organisation", "watchdog": "organisation", "country": "state",
            "kingdom": "state", "republic": "state", "nation": "state"}  # fmt: skip
CONTENT_FRAMES = {"warn", "threaten", "demand", "insist", "urge", "ask", "request", "call", "appeal", "vow",
                  "pledge", "promise", "offer", "reject", "refuse"}  # fmt: skip
REPORT_FRAMES = REPORTING_VERBS | {"warn", "promise", "pledge", "vow", "confirm", "predict", "hint", "signal"}


def _reported(tok: Token) -> bool:
    cur = tok
    for _ in range(3):
        if cur.dep_ == "ccomp" and cur.head.lemma_.lower() in REPORT_FRAMES:
            return not any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in cur.children)
        if cur.head is cur or cur.dep_ not in ("conj", "xcomp", "ccomp"):
            return False
        cur = cur.head
    return False


PREP_CRITICAL = {"push", "press", "go", "come", "take", "get", "look", "turn", "stand", "run", "fall", "move", "set", "put", "call",
                 "break", "head", "carry", "hold", "side", "agree", "work", "deal", "reach", "pull", "step", "back",
                 "bring", "keep", "stay", "sit", "pass", "open", "close", "act", "answer", "point", "speak", "talk"}  # fmt: skip
NO_COMMENT = {"comment", "elaborate", "answer", "respond", "confirm", "say", "speak", "discuss", "disclose", "reply"}
NATURE = {"earthquake", "quake", "storm", "flood", "fire", "hurricane", "typhoon", "cyclone", "tornado", "wildfire",
          "landslide", "avalanche", "drought", "heatwave", "tsunami", "snow", "rain", "wind", "virus", "pandemic",
          "epidemic", "disease", "outbreak", "accident", "crash", "blaze", "eruption", "tremor", "aftershock"}  # fmt: skip
TARGET_REQUIRED = {"043"}
TRANSITIVE_CODES = {"084", "0841", "0842"}
NEGATING_GOVERNORS = {"fail", "refrain", "cease", "neglect", "abandon"}
REFUSAL_OF = {"AID": "122", "COOPERATE": "121", "CONSULT": "125", "AGREE": "120", "SUPPORT": "120",
              "RETREAT": "124", "CONCEDE": "124", "REQUEST": "120"}  # fmt: skip


def _failed(t: Token) -> bool:
    """'failed to reach agreement': a failed cooperation is a rejection (CAMEO 12x)."""
    return any(g.lemma_.lower() in NEGATING_GOVERNORS for g in _governors(t)[:2])


def _refusal(t: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in ("can", "ca", "will", "wo") for c in t.children)


def _judgement(t: Token) -> str | None:
    """111 (criticise) or 051 (praise) from the polarity of what the object is called; None when neutral."""
    from newsgraph.tone import polarity

    words = [w for c in t.children if c.dep_ in ("oprd", "attr") or (c.dep_ == "xcomp" and c.pos_ in ("ADJ", "NOUN"))
             for w in c.subtree]
    score = sum(polarity(w) for w in words)
    if any(w.dep_ == "neg" for w in words):
        score = -score
    return "111" if score < 0 else "051" if score > 0 else None


VIOLENT_NOUNS = {"attack", "bombing", "blast", "explosion", "strike", "airstrike", "shelling", "raid", "ambush",
                 "missile", "rocket", "bomb", "drone", "gunfire", "shell", "mortar", "grenade", "assault", "gunman",
                 "gunmen", "attacker", "bomber", "militant", "sniper"}  # fmt: skip


def _violent_subject(t: Token) -> bool:
    return any(c.dep_ in ("nsubj", "agent") and c.lemma_.lower() in VIOLENT_NOUNS for c in t.children)


def _peacekeeping(t: Token) -> bool:
    return any(w.lemma_.lower() in ("peacekeeping", "peacekeeper", "peacekeep") for w in t.subtree)


def _joint(t: Token, source: Sequence[Actor]) -> bool:
    """Joint exercises: a 'joint' cue, or several parties holding drills together ("sent warships" stays 15x)."""
    objects = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
    words = [t, *t.children, *(g for c in objects for g in c.children)]
    if any(w.lower_ in ("joint", "combined", "bilateral", "multinational", "trilateral", "together") for w in words):
        return True
    drills = {t.lemma_.lower(), *(c.lemma_.lower() for c in objects)} & {"exercise", "drill", "manoeuvre", "maneuver", "game", "wargame"}
    return bool(drills) and len({a.country or a.code for a in source}) > 1


def _country_actor(country: str, text: str, start: int, end: int, via: str, *, name: str | None = None,
                   kind: str = "state") -> Actor:
    """A country standing in for an actor the text leaves implicit (a place's or the source's country)."""
    return Actor(text=text, start=start, end=end, name=name or country, code=country, country=country, sector=None,
                 kind=kind, id=f"country:{country}", via=via)


def _token_place_index(doc: Doc, places: Sequence[Place], offset: int) -> dict[int, Place]:
    index: dict[int, Place] = {}
    for p in places:
        span = doc.char_span(p.start - offset, p.end - offset, alignment_mode="expand")
        if span is not None:
            for tok in span:
                index[tok.i] = p
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
