"""Who did it and to whom: source and target actors of a trigger, as pure functions over a frozen ``Context``.

``make_context`` builds the per-document context once (the token → actor index, weak adjective actors, the token →
place index); every function here reads it and returns new lists. The only thing that accumulates while a
document is coded, the sources of the events coded so far (for "it"/"they" antecedents), is a list the caller
owns and passes in (``recent``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from newsgraph.actors import is_actor
from newsgraph.events.patterns import Patterns, VerbPattern, match_noun, match_verb, name_as_object
from newsgraph.events.words import ANAPHORS, DOMESTIC_ROOTS, LOCATIVE_PREPS, PEOPLE_NOUNS
from newsgraph.lexicon import Lexicon
from newsgraph.records import Actor, Place

Index = Mapping[int, list[Actor]]


@dataclass(frozen=True)
class Context:
    """Everything the coder knows about one document; built by ``make_context``, never changed."""

    patterns: Patterns
    lexicon: Lexicon | None
    actors: Index  # token index → resolved actors covering it
    weak: Index  # token index → a capitalised country adjective or name the actor stage left unresolved
    places: Mapping[int, Place]  # token index → gazetteer place
    actor_seq: tuple[Actor, ...]  # resolved actors in text order (definite descriptions)
    offset: int = 0
    article_id: str = ""
    opinion_spans: tuple[tuple[int, int], ...] = ()
    quote_spans: tuple[tuple[int, int], ...] = ()
    require_actor: bool = True


def make_context(doc: Doc, actors: Sequence[Actor], patterns: Patterns, lexicon: Lexicon | None, *,
                 offset: int = 0, article_id: str = "", opinion_spans: Sequence[tuple[int, int]] = (),
                 quote_spans: Sequence[tuple[int, int]] = (), require_actor: bool = True,
                 places: Sequence[Place] = ()) -> Context:  # fmt: skip
    index = token_actor_index(doc, actors, offset)
    return Context(
        patterns=patterns,
        lexicon=lexicon,
        actors=index,
        weak=_weak_actors(doc, index, lexicon, offset),
        places=_token_place_index(doc, places, offset),
        actor_seq=tuple(sorted((a for a in actors if is_actor(a)), key=lambda a: a.start)),
        offset=offset,
        article_id=article_id,
        opinion_spans=tuple(opinion_spans),
        quote_spans=tuple(quote_spans),
        require_actor=require_actor,
    )


def arguments(
    ctx: Context, t: Token, code: str, recent: Sequence[list[Actor]]
) -> tuple[list[Actor], list[Actor]]:
    """Source and target of a trigger, with the implicit ones (pronoun antecedents, own country, place)."""
    noun = t.pos_ in ("NOUN", "PROPN")
    source, target = noun_args(ctx, t) if noun else verb_args(ctx, t, code)
    source = unique(source)
    if not source and not noun:
        source = pronoun_subject(ctx, t)
    if not target and not noun and code[:2] in DOMESTIC_ROOTS:
        target = domestic_target(ctx, t, source)
    if not source and code[:2] == "14":
        # "ethnic Albanians demonstrated in Serbia": protesters without a country are the place's people
        source = implicit_target(ctx, t, list(t.children), "14", source)
    src_keys = {(a.start, a.end) for a in source}
    src_countries = {a.country or a.code for a in source}
    target = [a for a in unique(target) if (a.start, a.end) not in src_keys
              and not (len(src_countries) > 1 and (a.country or a.code) in src_countries)]  # fmt: skip
    if (
        not target
        and code[:2] in ("14", "08")
        and len({a.country for a in source}) == 1
        and source[0].country
    ):
        # protests and concessions with no named counterpart are directed at the actor's own country
        a = source[0]
        target = [country_actor(a.country or "", a.text, a.start, a.end, "implicit", name=a.name)]
    if not source:
        source = antecedent(t, recent)
    return source, target


# --- finding actors in an argument -----------------------------------------------------------------------------
def find(ctx: Context, t: Token, skip_rel: bool = False) -> list[Actor]:
    """Actors in an argument; when there are none: country adjectives and names in it ("rejected an
    Australian ultimatum"), the agent of a participle ("a missile fired by Houthi rebels"), or the earlier
    actor a definite description refers to ("the group", "the agency")."""
    found = actors_in(t, ctx.actors, skip_rel) or actors_in(t, ctx.weak, skip_rel)
    if found:
        return found
    for c in t.children:
        if c.dep_ == "acl":
            for g in c.children:
                if g.dep_ == "agent":
                    found += actors_in(g, ctx.actors)
    return found or _definite(ctx, t) or _located_sector(ctx, t)


def _located_sector(ctx: Context, t: Token) -> list[Actor]:
    """'police in Los Angeles', 'authorities in New York City': a sector noun placed by a gazetteer place."""
    if ctx.lexicon is None or t.pos_ != "NOUN":
        return []
    sector = next((e.sector for e in ctx.lexicon.phrases.get(t.lower_, []) if e.kind == "sector"), None)
    if sector is None:
        return []
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "at", "from", "of"):
            place = place_in(ctx, c)
            if place is not None:
                start = t.idx + ctx.offset
                return [replace(place, text=t.text, start=start, end=start + len(t.text), code=f"{place.country}{sector}",
                                sector=sector, kind="group", via="place+sector")]  # fmt: skip
    return []


def _definite(ctx: Context, t: Token) -> list[Actor]:
    kind = ANAPHORS.get(t.lemma_.lower()) if t.pos_ == "NOUN" else None
    if kind is None or not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in t.children):
        return []
    for a in reversed(ctx.actor_seq):
        if a.start >= t.idx + ctx.offset:
            continue
        if (
            kind == "group"
            and a.kind == "group"
            and a.sector in ("REB", "PTY", "OPP", "UAF", None)
            and a.via != "adjective"
        ):
            return [a]
        if kind == "organisation" and (
            a.code[:3] in ("IGO", "NGO") or a.kind == "organisation" and not a.country
        ):
            return [a]
        if kind == "state" and a.kind == "state":
            return [a]
    return []


def antecedent(t: Token, recent: Sequence[list[Actor]]) -> list[Actor]:
    """'It warned that ...', 'They agreed ...': a pronoun subject the actor stage left open refers to the
    source of the latest event (non-person for "it")."""
    subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PRON"), None)
    if subj is None or subj.lower_ not in ("it", "they") or t.dep_ not in ("ROOT", "conj", "ccomp"):
        return []
    for src in reversed(recent[-6:]):
        if subj.lower_ == "it" and len(src) == 1 and src[0].kind != "person":
            return src
        if subj.lower_ == "they" and (len(src) > 1 or src[0].kind in ("group", "organisation")):
            return src
    return []


def pronoun_subject(ctx: Context, t: Token) -> list[Actor]:
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
                return find(ctx, subj)
            else:
                return []
        if cur.head is cur:
            return []
        cur = cur.head
    return []


# --- verbs -------------------------------------------------------------------------------------------------------
def verb_args(ctx: Context, t: Token, code: str) -> tuple[list[Actor], list[Actor]]:
    vp = match_verb(ctx.patterns, t)
    children = list(t.children)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in children)
    subj = [c for c in children if c.dep_ in ("nsubj", "nsubjpass")]
    source: list[Actor] = []
    target: list[Actor] = []
    if passive:
        source = _passive_agent(ctx, children)
        for c in subj:
            target += find(ctx, c)
    else:
        for c in subj:
            source += find(ctx, c)
        if not subj:
            source += inherited_subject(ctx, t)
    if t.dep_ in ("relcl", "acl") and not source and not target:
        noun_actors = list(ctx.actors.get(t.head.i, []))
        if t.dep_ == "acl" and t.tag_ == "VBN":
            target += noun_actors
        else:
            source += noun_actors
    if not (passive and target):
        target += verb_target(ctx, t, children, vp)
    if not target:
        target += implicit_target(ctx, t, children, code, source)
    return source, target


def _passive_agent(ctx: Context, children: list[Token]) -> list[Actor]:
    source: list[Actor] = []
    for c in children:
        if c.dep_ == "agent":
            source += find(ctx, c)
    if source:
        return source
    # "was hit with new sanctions by Washington": the parser hangs "by X" on the object
    for c in children:
        for g in (
            [c]
            if c.dep_ == "dobj"
            else [x for x in c.children if x.dep_ == "pobj"]
            if c.dep_ == "prep"
            else []
        ):
            for a in g.children:
                if (a.dep_ == "agent" or (a.dep_ == "prep" and a.lower_ == "by")) and not source:
                    source += find(ctx, a)
    return source


def implicit_target(
    ctx: Context, t: Token, children: list[Token], code: str, source: Sequence[Actor]
) -> list[Actor]:
    """Targets the clause names indirectly: the subject of a demanded/warned clause ("demanded that the United
    States ..."), the arguments of a controlled verb ("offered to hand over ... to Great Britain"), and,
    last, the country where it happened ("eased measures in Montenegro"; docs/records.md)."""
    found = _clause_target(ctx, t, children, code[:2])
    if found:
        return found
    for c in children:
        if c.dep_ == "xcomp":
            found = verb_target(ctx, c, list(c.children), match_verb(ctx.patterns, c))
            if found:
                return found
    meeting = code[:3] in ("040", "041", "044", "045", "046") or len({a.country for a in source}) > 1
    if meeting:  # where talks were held is not who was met
        return []
    holders = [t, *[c for c in children if c.dep_ == "dobj"]]
    for x in [c for c in children if c.dep_ == "xcomp"]:  # "threatened to resume attacks in Israel"
        holders += [x, *[g for g in x.children if g.dep_ == "dobj"]]
    preps = LOCATIVE_PREPS | ({"to"} if code[:3] == "042" else set())  # "travel to Washington" visits the US
    for h in holders:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                found = [a for a in find(ctx, c) if a.kind == "state" or a.via == "adjective"]
                if found:
                    return found[:1]
                place = place_in(ctx, c)
                if place is not None:
                    return [place]
    return []


def _clause_target(ctx: Context, t: Token, children: list[Token], root: str) -> list[Actor]:
    """The subject of a condition ("unless Israel rescinded ...") or of a demanded/warned clause."""
    if root in ("13", "10", "02"):
        # "threatened to strike unless Israel rescinded ...": the condition's subject is who is pressed
        for h in [t, *(c for c in children if c.dep_ == "xcomp")]:
            for c in h.children:
                if c.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ in ("unless", "if", "until") for m in c.children
                ):
                    found = [a for x in c.children if x.dep_ in ("nsubj", "nsubjpass") for a in find(ctx, x)]
                    if found:
                        return found
    if root in ("02", "10", "13", "11", "12"):
        for c in children:
            if c.dep_ == "ccomp":
                found = [a for s in c.children if s.dep_ in ("nsubj", "nsubjpass") for a in find(ctx, s)]
                if found:
                    return found
    return []


def domestic_target(ctx: Context, t: Token, source: list[Actor]) -> list[Actor]:
    """'Egyptian police opened fire on demonstrators', 'arrested political opponents': a people noun with no
    country of its own, acted on by a state actor, is that state's own people (implicit target)."""
    if len(source) != 1 or not source[0].country:
        return []
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ in LOCATIVE_PREPS:
            place = place_in(ctx, c)
            if place is not None:
                return [place]
    for c in t.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            nouns = [c]
        elif c.dep_ == "prep" and c.lower_ in ("on", "against", "at"):
            nouns = [g for g in c.children if g.dep_ == "pobj"]
        else:
            nouns = []
        for n in nouns:
            if n.lemma_.lower() in PEOPLE_NOUNS:
                a = source[0]
                return [country_actor(a.country or "", n.text, n.idx, n.idx + len(n.text), "implicit", name=a.name,
                                      kind="group")]  # fmt: skip
    return []


def verb_target(ctx: Context, t: Token, children: list[Token], vp: VerbPattern | None) -> list[Actor]:
    """The target of a verb: the row's preposition, the direct object or dative, or a generic preposition."""
    preps = set(vp.preps) if vp else set()
    event_objects = [
        c for c in children if c.dep_ in ("dobj", "nsubjpass") and vp and c.lemma_.lower() in vp.objects
    ]
    out: list[Actor] = []
    if preps:
        for h in [t, *event_objects]:
            for c in h.children:
                if c.dep_ in ("prep", "dative", "agent") and c.lower_ in preps:
                    out += find(ctx, c)
        if out:
            return out
    for c in children:
        if (c.dep_ in ("dobj", "dative", "attr") or name_as_object(c)) and not (
            vp and vp.objects and c.lemma_.lower() in vp.objects
        ):
            found = find(ctx, c, skip_rel=True)
            if not found and c.dep_ == "dobj" and (place := place_in_head(ctx, c)) is not None:
                found = [place]  # "shelled Kherson": a place attacked stands for its country
            out += found
        elif c.dep_ == "dative":
            out += find(ctx, c)
    return out or _object_target(ctx, t, event_objects, vp is None)


def _object_target(ctx: Context, t: Token, event_objects: list[Token], unlisted: bool) -> list[Actor]:
    out: list[Actor] = []
    # unlisted preposition targets such as "fired on", "clashed with", "restrictions against X"; for a verb
    # without a pattern (a complement such as "offered to hand over ... to Great Britain") also "to"
    generic = ("on", "against", "with", "at", "upon", "toward", "towards") + (("to",) if unlisted else ())
    for h in [t, *event_objects]:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in generic:
                out += find(ctx, c)
    if out:
        return out
    # "lifted sanctions imposed on China": the target hangs on a participle of the event noun
    for o in event_objects:
        for a in o.children:
            if a.dep_ == "acl":
                for c in a.children:
                    if c.dep_ == "prep" and c.lower_ in ("on", "against"):
                        out += find(ctx, c)
    if out:
        return out
    # the owner of the event noun: "rejected an Australian ultimatum", "an appeal from President X"
    for o in event_objects:
        for c in o.children:
            if c.dep_ in ("poss", "amod", "compound", "nmod") or (
                c.dep_ == "prep" and c.lower_ in ("from", "by", "of")
            ):
                out += find(ctx, c)
    return out


def inherited_subject(ctx: Context, t: Token) -> list[Actor]:
    """Subjects of xcomp/pcomp/conj verbs: object control, subject control, coordination."""
    cur = t
    for _ in range(4):
        head = cur.head
        if head is cur:
            return []
        if cur.dep_ == "conj":
            subs = [c for c in head.children if c.dep_ in ("nsubj",)]
            if subs:
                return [a for s in subs for a in find(ctx, s)]
            cur = head
            continue
        if cur.dep_ in ("xcomp", "pcomp", "advcl", "ccomp") or (cur.dep_ == "pobj" and head.dep_ == "prep"):
            gov = head.head if head.dep_ == "prep" else head
            objs = [c for c in gov.children if c.dep_ in ("dobj",)]
            if objs and cur.dep_ in ("xcomp", "pcomp", "pobj"):
                found = [a for o in objs for a in find(ctx, o)]
                if found:
                    return found
            subs = [c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subs:
                return [a for s in subs for a in find(ctx, s)]
            cur = gov
            continue
        return []
    return []


# --- nouns -------------------------------------------------------------------------------------------------------
def noun_args(ctx: Context, t: Token) -> tuple[list[Actor], list[Actor]]:
    source: list[Actor] = []
    target: list[Actor] = []
    np_ = match_noun(ctx.patterns, t)
    preps = set(np_.preps) if np_ else set()
    for c in t.children:
        if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < t.i:
            source += find(ctx, c)
        elif c.dep_ == "prep" and (
            c.lower_ in preps or (not preps and c.lower_ in ("on", "against", "to", "with"))
        ):
            target += find(ctx, c)
        elif c.dep_ == "prep" and c.lower_ == "by" or c.dep_ == "prep" and c.lower_ == "between":
            source += find(ctx, c)
    if not source and t.dep_ == "nsubjpass":  # "the war game was staged by US marines and Jordanian forces"
        source += [a for c in t.head.children if c.dep_ == "agent" for a in find(ctx, c)]
    if not source:
        head = t.head
        if t.dep_ in ("dobj", "pobj", "attr") and head.pos_ in ("VERB", "AUX", "ADP"):
            verb = head.head if head.dep_ == "prep" else head
            for c in verb.children:
                if c.dep_ == "nsubj" or c.dep_ == "agent" and verb.tag_ == "VBN":
                    source += find(ctx, c)
            if not source and verb.dep_ in ("xcomp", "conj"):
                source += inherited_subject(ctx, verb)
            if not target:
                for c in verb.children:
                    if c.dep_ == "prep" and c.lower_ in (preps or {"on", "against", "to", "with"}):
                        target += find(ctx, c)
    return source, target


# --- places and indexes ------------------------------------------------------------------------------------------
def place_in_head(ctx: Context, t: Token) -> Actor | None:
    """The place's country when the token itself names a gazetteer place."""
    p = ctx.places.get(t.i)
    if p is None or not p.country:
        return None
    return country_actor(p.country, p.text, p.start, p.end, "place")


def place_in(ctx: Context, t: Token) -> Actor | None:
    """The country of the first gazetteer place in a phrase, as an implicit actor ("struck buildings in
    Kharkiv" → UKR)."""
    for x in t.subtree:
        p = ctx.places.get(x.i)
        if p is not None and p.country:
            return country_actor(p.country, p.text, p.start, p.end, "place")
    return None


def country_actor(country: str, text: str, start: int, end: int, via: str, *, name: str | None = None,
                  kind: str = "state") -> Actor:  # fmt: skip
    """A country standing in for an actor the text leaves implicit (a place's or the source's country)."""
    return Actor(text=text, start=start, end=end, name=name or country, code=country, country=country, sector=None,
                 kind=kind, id=f"country:{country}", via=via)  # fmt: skip


def token_actor_index(doc: Doc, actors: Sequence[Actor], offset: int = 0) -> dict[int, list[Actor]]:
    index: dict[int, list[Actor]] = {}
    for a in actors:
        if not is_actor(a):
            continue
        span = doc.char_span(a.start - offset, a.end - offset, alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            index.setdefault(tok.i, []).append(a)
    return index


def _token_place_index(doc: Doc, places: Sequence[Place], offset: int) -> dict[int, Place]:
    index: dict[int, Place] = {}
    for p in places:
        span = doc.char_span(p.start - offset, p.end - offset, alignment_mode="expand")
        if span is not None:
            for tok in span:
                index[tok.i] = p
    return index


def _weak_actors(doc: Doc, index: Index, lexicon: Lexicon | None, offset: int) -> dict[int, list[Actor]]:
    weak: dict[int, list[Actor]] = {}
    if lexicon is None:
        return weak
    for t in doc:
        if t.i in index or not t.text[:1].isupper():
            continue
        for e in lexicon.phrases.get(t.lower_, []):
            if e.kind in ("adjective", "state", "demonym") and e.country:
                weak[t.i] = [Actor(text=t.text, start=t.idx + offset, end=t.idx + len(t.text) + offset, name=e.name,
                                   code=e.country, country=e.country, sector=None, kind="state", id=e.id,
                                   via="adjective")]  # fmt: skip
                break
    return weak


def actors_in(t: Token, index: Index, skip_rel: bool = False) -> list[Actor]:
    """Actors in a token's subtree, skipping relative and clausal modifiers (their actors act elsewhere)."""
    out: list[Actor] = []
    stack = [t]
    while stack:
        cur = stack.pop()
        for a in index.get(cur.i, []):
            if a not in out:
                out.append(a)
        for c in cur.children:
            if c.dep_ in ("relcl", "acl", "advcl", "ccomp", "appos", "punct") or (
                skip_rel and c.dep_ == "prep" and c.lower_ in ("in", "at", "near")
            ):
                continue
            stack.append(c)
    out.sort(key=lambda a: a.start)
    return out


def unique(actors: Iterable[Actor]) -> list[Actor]:
    seen: set[tuple[str, str | None]] = set()
    out = []
    for a in actors:
        k = (a.code, a.id)
        if k not in seen:
            seen.add(k)
            out.append(a)
    return out
