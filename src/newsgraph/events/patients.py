"""Whom a one-sided event acts on: the noun phrase its trigger governs, as an uncoded target (docs/records.md).

The coder and the learned stage give an event a target only when it is a resolved actor. Many events act on
something the lexicon cannot code — "arrested a 35-year-old inmate", "rejected the referendum", "filed a lawsuit
against the newspaper", "launched air strikes against the rebel-held enclave" — and a reader still wants to know
whom (or what). This stage, run after the learned one, gives an event that has a source and no target (or only
the implicit own-country target, which stays first) the **patient** the parse shows, as a target with an empty code (GDELT leaves
Actor2Code empty the same way; two empty codes are never one actor, docs/actors.md):

- a verb's indirect object ("gave the farmers seeds");
- else its direct object — unless the verb is a *theme* verb (``data/events/patients.tsv`` plus the light verbs
  of ``events/words.py``: "sent troops", "declared a state of emergency", "filed a lawsuit"), whose object is what
  is moved or issued, not whom it is done to; and unless the object is an event noun of the pattern tables
  ("refused a request from the minister") — then the object's preposition names the party;
- else the verb's own target preposition ("conceded to the strikers", "moved against the camp"; for a theme verb
  also "from": "withdrew its ambassador from the capital");
- a nominal trigger: its preposition ("an attack on the airport");
- else the patient of the verb a control verb governs ("refused to meet *the envoy*");
- else, for a typed event (not a CAMEO 01 statement), the named place it was done in ("declared a ceasefire in
  *Tripoli*").

An event whose coded targets are all a place it happened in or a word deep inside another phrase gets the trigger's
own object after them ("tortured *an inmate* in western Iran": IRN, then the inmate; the first target stays the
GDELT export's Actor2); never for a target named in another sentence.

The same for the other side: an event with a target and no source gets, as an uncoded source, the subject of an
active verb or the "by" agent of a passive ("around 3,000 militia members surrendered to the Kurdish-led forces").

Never a pronoun, number, date or amount, nor a phrase owned by a possessive pronoun ("defend its interests": the
actor's own), never a span that overlaps a source, and never for an event with
several sources of different parties (a reciprocal event: its parties are all in ``source``; parties are
countries, or the names of uncoded sources; "The U.S. State Department" read as the US and its State Department is
one party).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from newsgraph.events.patterns import NounPattern, loaded_rows, raw_rows
from newsgraph.events.words import LIGHT_VERBS, LOCATIVE_PREPS
from newsgraph.records import Actor, ActorRef, Event, overlaps

TAG = "+patients.v2"  # appended to the extractor of an event this stage gave a target
VERB_PREPS = frozenset({"to", "against", "on", "with", "upon", "toward", "towards"})
NOUN_PREPS = frozenset({"to", "against", "on", "into", "from", "with", "upon", "toward", "towards"})
THEME_PREPS = NOUN_PREPS | {"for"}  # "approved funds for the guards"; but "calls for an election" is content
OWN = frozenset(
    {"its", "their", "his", "her", "our", "my", "your"}
)  # "defend its interests": the actor's own
NOT_PARTIES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
PLACES = frozenset({"GPE", "LOC", "FAC"})
PLACE_PREPS = frozenset({"in"})
# a coded target after these is only where the act happened; words.LOCATIVE_PREPS (which place an event) without the
# ones that also introduce whom it is aimed at ("fired at the cities", "an attack on the port", "fired into the crowd")
WHERE_PREPS = (LOCATIVE_PREPS - {"at", "on", "into"}) | {"within"}
XCOMP_GAP = 3  # tokens from a control verb to its complement: "refused to meet", "agreed today to set up"
OF_LIMIT = 6  # tokens: a longer "of" phrase after the head is left out of the target's text


@dataclass(frozen=True)
class PatientRow:
    kind: str  # theme: a verb whose direct object is what is moved or issued
    lemma: str
    example: str
    target: str  # the target the example must get ("" = none)
    line: int


def read_rows() -> list[PatientRow]:
    """The rows of data/events/patients.tsv (comment lines skipped), in file order (read as the pattern files are)."""
    return [
        PatientRow(
            r["kind"].strip(),
            r["lemma"].strip().lower(),
            (r.get("example") or "").strip(),
            (r.get("target") or "").strip(),
            n,
        )
        for n, r in raw_rows("patients.tsv")[1]
    ]


@dataclass(frozen=True)
class Table:
    themes: frozenset[str]  # verb lemmas whose object is a theme
    event_nouns: frozenset[str]  # nouns that name an event (pattern nouns and pattern objects)


@lru_cache(maxsize=1)
def load_table() -> Table:
    nouns: set[str] = set()
    for row in loaded_rows():
        p = row.pattern
        nouns |= {p.lemma} if isinstance(p, NounPattern) else set(p.objects)
    themes = LIGHT_VERBS | {r.lemma for r in read_rows() if r.kind == "theme"}
    return Table(frozenset(themes), frozenset(nouns))


def patients(doc: Doc, events: Sequence[Event], table: Table | None = None) -> list[Event]:
    """``events`` with a patient target on each one-sided event that has one (the others unchanged)."""
    table = table or load_table()
    actors = tuple(doc._.newsgraph_actors or ()) if Doc.has_extension("newsgraph_actors") else ()
    return [_with_patient(doc, ev, table, actors) for ev in events]


def _with_patient(doc: Doc, ev: Event, table: Table, actors: Sequence[Actor] = ()) -> Event:
    wants_agent = not ev.source and bool(ev.target)
    one_party = bool(ev.source) and len({r.country or r.code or r.text for r in ev.source}) == 1
    if not (wants_agent or one_party):
        return ev  # reciprocal events and events with no side at all
    trigger = doc.char_span(ev.start, ev.end, alignment_mode="expand")
    if trigger is None:
        return ev
    if wants_agent:
        span = agent_span(trigger.root)
        if span is None or overlaps(ev.target, span.start_char, span.end_char):
            return ev
        return replace(ev, source=(_ref(span, actors, ev.target),), extractor=ev.extractor + TAG)
    if _implicit_only(ev):
        span = patient_span(trigger.root, table) or _xcomp_patient(trigger.root, table)
        if span is None and ev.plover is not None:
            span = place_span(trigger.root)
    elif _indirect_only(doc, ev, trigger.root):
        span = patient_span(trigger.root, table, objects_only=True)  # "tortured an inmate in western Iran"
    else:
        return ev  # most events: the target is the trigger's own argument
    if span is None or any(overlaps(side, span.start_char, span.end_char) for side in (ev.source, ev.target)):
        return ev
    return replace(
        ev, target=(*ev.target, _ref(span, actors, ev.source)), extractor=ev.extractor + TAG
    )  # the targets found before stay first (the GDELT export's Actor2)


def _indirect_only(doc: Doc, ev: Event, t: Token) -> bool:
    """Every target is a place the act happened in or a word deep inside another phrase, none the trigger's own
    argument ("tortured an inmate *in western Iran*", "blamed the policies for tensions *with Syria*")."""
    for ref in ev.target:
        if ref.start is None or ref.end is None:
            return False
        span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
        if span is None or span.sent.start != t.sent.start or _argument_of(span.root, t):
            return False  # a target named in another sentence (coreference) is not judged here
    return True


def _argument_of(x: Token, t: Token) -> bool:
    while x.head != x and (
        x.dep_ in ("conj", "appos", "compound", "poss", "amod", "nmod")
        or x.dep_ == "pobj"
        and x.head.lower_ == "of"
    ):
        # "the army and the police"; "dozens of people"; "Ukrainian cities"
        x = x.head if x.dep_ != "pobj" else x.head.head
    if x.head == t:
        return x.dep_ not in ("npadvmod", "advcl", "ccomp", "xcomp", "acl", "relcl", "advmod")
    p = x.head
    return x.dep_ == "pobj" and p.head == t and p.lower_ not in WHERE_PREPS


def _ref(span: Span, actors: Sequence[Actor] = (), other: Sequence[ActorRef] = ()) -> ActorRef:
    """The phrase as an uncoded party; when its head word is a resolved actor the coder did not take ("held talks
    with *Putin*"), that actor, unless it has the other side's code (a same-code dyad needs the coder's checks)."""
    head = span.root.idx
    for a in actors:
        if span.start_char <= a.start <= head < a.end <= span.end_char and a.code:
            if all(a.code != o.code for o in other):
                return a.ref()
            break
    return ActorRef(
        name=span.text, code="", country=None, text=span.text, start=span.start_char, end=span.end_char
    )


def agent_span(t: Token) -> Span | None:
    """Who did it, when the coder found only whom: the subject of an active verb, the "by" agent of a passive."""
    if t.pos_ not in ("VERB", "AUX"):
        return None
    for c in t.children:
        if c.dep_ == "nsubj" and _party(c):
            return _phrase(c)
        if c.dep_ == "agent" and (head := _pobj_of(c)) is not None:
            return _phrase(head)
    return None


def _implicit_only(ev: Event) -> bool:
    """No target, or only the implicit own-country target written on the source's own mention."""
    return all(overlaps(ev.source, t.start, t.end) for t in ev.target)


def patient_span(t: Token, table: Table, objects_only: bool = False) -> Span | None:
    """The noun phrase ``t`` (a trigger) acts on, by the rules in the module docstring; None when there is none.
    ``objects_only``: of the verb's own prepositions, not "on" ("arrived in Kyiv *on a visit*")."""
    if t.pos_ in ("NOUN", "PROPN"):
        head = _pobj(t, NOUN_PREPS | {"of"})
        return _phrase(head) if head is not None else None
    if t.pos_ not in ("VERB", "AUX"):
        return None
    for c in t.children:  # "gave the farmers seeds"; "granted bail to the editor" (spaCy: "to" as dative)
        head = c if _noun(c) else _pobj_of(c)
        if c.dep_ == "dative" and head is not None:
            return _phrase(head)
    objects = [c for c in t.children if c.dep_ == "dobj" and _noun(c)]
    for o in objects:
        if o.lemma_.lower() in table.event_nouns and (head := _pobj(o, NOUN_PREPS)) is not None:
            return _phrase(head)  # "refused a request from the minister"
    if t.lemma_.lower() not in table.themes:
        if objects and _party(objects[0]):
            return _phrase(objects[0])
    else:
        for o in objects:
            if (head := _pobj(o, THEME_PREPS)) is not None:
                return _phrase(head)  # "filed a lawsuit against the newspaper"
    theme = t.lemma_.lower() in table.themes
    if objects_only and not (theme and objects):
        preps = VERB_PREPS - {"on"}  # "marched against the tax", not "arrived in Kyiv on a visit"
    else:  # "carried out air strikes on villages" (the object's preposition, attached to the verb)
        preps = VERB_PREPS | ({"from"} if theme else set())
    head = _pobj(t, preps)
    return _phrase(head) if head is not None else None


def _xcomp_patient(t: Token, table: Table, depth: int = 2) -> Span | None:
    """The patient of the verb a control verb governs: "refused to meet the envoy", "threatened to shell the tree"."""
    for c in t.children:
        if depth and c.dep_ == "xcomp" and c.pos_ == "VERB" and c.left_edge.i - t.i <= XCOMP_GAP:
            span = patient_span(c, table) or _xcomp_patient(c, table, depth - 1)
            if span is not None:
                return span
    return None


def place_span(t: Token) -> Span | None:
    """Where a one-sided act was done, when it acts on nobody: a named place after "in" on the trigger or on its
    object ("declared a ceasefire in Tripoli", "held talks in Geneva")."""
    heads = (
        [t] + [c for c in t.children if c.dep_ == "dobj" and _noun(c)][:1]
        if t.pos_ in ("VERB", "AUX")
        else [t]
    )
    for h in heads:
        head = _pobj(h, PLACE_PREPS)
        if head is not None and head.ent_type_ in PLACES:
            return _phrase(head)
    return None


def _noun(t: Token) -> bool:
    """A noun, not a pronoun, number, date or amount."""
    return t.pos_ in ("NOUN", "PROPN") and t.ent_type_ not in NOT_PARTIES and not t.like_num


def _party(t: Token) -> bool:
    """A noun that can be acted on: not the actor's own ("defend its interests")."""
    return _noun(t) and not any(c.dep_ == "poss" and c.lower_ in OWN for c in t.children)


def _pobj(h: Token, preps: frozenset[str]) -> Token | None:
    for p in h.children:
        if p.dep_ == "prep" and p.lower_ in preps and (g := _pobj_of(p)) is not None:
            return g
    return None


def _pobj_of(p: Token) -> Token | None:
    return next((g for g in p.children if g.dep_ == "pobj" and _party(g)), None)


def _phrase(n: Token) -> Span:
    """The noun phrase of ``n``: its premodifiers, compounds and a short "of" phrase; no clause, apposition or
    coordination (the first conjunct stands for the phrase)."""
    toks = [n]
    for c in n.children:
        if (
            c.i < n.i
            and c.dep_ not in ("punct", "cc", "conj", "appos", "relcl", "acl", "prep", "advmod")
            or c.i > n.i
            and c.dep_ == "compound"
        ):
            toks += list(c.subtree)
        elif c.i > n.i and c.dep_ == "prep" and c.lower_ == "of":
            sub = list(c.subtree)
            if len(sub) <= OF_LIMIT and not any(x.dep_ in ("relcl", "acl") for x in sub):
                toks += sub
    return n.doc[min(x.i for x in toks) : max(x.i for x in toks) + 1]
