"""newsgraph's stages as registered, versioned spaCy components: the only way the stages run.

The Extractor (pipeline.py) builds these components with ``nlp.create_pipe`` and applies them to each parsed Doc
in the order of ``pipeline.STAGES``; a user adds the same components to a pipeline of their own::

    import spacy, newsgraph.components
    nlp = newsgraph.pipeline.load_spacy()          # or any English pipeline with a parser, lemmatizer and NER
    nlp.add_pipe("newsgraph_actors", config={"date": "2025-05-14"})
    nlp.add_pipe("newsgraph_places")
    nlp.add_pipe("newsgraph_events")
    doc = nlp(text)
    doc._.newsgraph_actors, doc._.newsgraph_events, doc.spans["newsgraph_events"]

Each component is ``find`` (a pure function of the Doc and what earlier components wrote) followed by
``set_annotations`` (writes ``doc._.newsgraph_<name>``); the records are the dataclasses of newsgraph.records.
Per-document input is read from ``doc._.newsgraph_article`` (an Article: id, publication date, opinion sections)
when it is set, so ``doc = nlp.make_doc(article.text); doc._.newsgraph_article = article; nlp(doc)`` gives the
same records as ``newsgraph.extract``. Without it, the actors component's ``date`` config is the date.

Components (see docs/architecture.md): ``newsgraph_published`` (infer a missing publication date),
``newsgraph_actors``, ``newsgraph_places``, ``newsgraph_quotes``, ``newsgraph_events`` (needs actors; uses places
and quotes when present), ``newsgraph_event_patients`` (an uncoded target for a one-sided event: what its trigger
acts on, events/patients.py), ``newsgraph_event_context`` (event date and location), ``newsgraph_claims``,
``newsgraph_tone``. A component that rewrites events (the learned ``newsgraph_event_model``) goes right after
``newsgraph_events``: it reads and replaces ``doc._.newsgraph_events``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date as _date
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from newsgraph.actors import ActorFinder, is_actor, main_country
from newsgraph.dyads import check_dyad
from newsgraph.events import EventCoder
from newsgraph.events.patients import load_table as load_patient_table
from newsgraph.events.patients import patients
from newsgraph.events.words import PLACE_PREPS
from newsgraph.lexicon import load_lexicon
from newsgraph.records import Actor, ActorRef, Article, Event, Place

EXTENSIONS = ("newsgraph_article", "newsgraph_actors", "newsgraph_places", "newsgraph_quotes", "newsgraph_events",
              "newsgraph_claims", "newsgraph_tone")  # fmt: skip
for _name in EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def doc_date(doc: Doc, fallback: _date | None = None) -> _date | None:
    """The publication date of the Doc's article, else ``fallback``."""
    article: Article | None = doc._.newsgraph_article
    if article is None or not article.published:
        return fallback
    try:
        return _date.fromisoformat(article.published[:10])
    except ValueError:
        return fallback


class PublishedComponent:
    """Infers a missing publication date from the text (dates.infer_published); rewrites doc._.newsgraph_article."""

    version = "newsgraph.published.v1"

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        from newsgraph import dates

        article: Article | None = doc._.newsgraph_article
        if article is None or article.published is not None:
            return doc
        inferred, evidence = dates.infer_published(article.text, doc)
        if inferred:
            doc._.newsgraph_article = replace(
                article, published=inferred, published_inferred=True, published_evidence=evidence
            )
        return doc


class ActorComponent:
    """Finds and resolves actors, then again with the article's main country as context; writes
    doc._.newsgraph_actors and doc.spans['newsgraph_actors']."""

    version = "newsgraph.actors.v2"

    def __init__(self, nlp: Language, name: str, date: str | None, actors_file: str | None) -> None:
        self.name = name
        self.on = _date.fromisoformat(date) if date else None
        self.finder = ActorFinder(nlp.vocab, load_lexicon(actors_file)).build(nlp.make_doc)

    def find(self, doc: Doc) -> list[Any]:
        on = doc_date(doc, self.on)
        mentions = self.finder.mentions(doc, on=on)
        context = main_country([m.actor for m in mentions])
        if context:
            mentions = self.finder.mentions(doc, on=on, context_country=context)
        return [m for m in mentions if is_actor(m.actor)]

    def __call__(self, doc: Doc) -> Doc:
        mentions = self.find(doc)
        doc._.newsgraph_actors = [m.actor for m in mentions]
        spans = []
        for m in mentions:
            span = doc[m.start : m.end]
            spans.append(doc.char_span(span.start_char, span.end_char, label=m.actor.code) or span)
        doc.spans["newsgraph_actors"] = spans
        return doc


class PlaceComponent:
    """Gazetteer places, disambiguated by the actors' countries; writes doc._.newsgraph_places."""

    version = "newsgraph.places.v1"

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        from newsgraph import geo

        actors = doc._.newsgraph_actors or []
        doc._.newsgraph_places = geo.resolve_places(
            doc, context_countries=countries(actors), actor_spans=actor_only_spans(doc, actors)
        )
        return doc


class QuoteComponent:
    """Direct and indirect quotes with their speakers; writes doc._.newsgraph_quotes."""

    version = "newsgraph.quotes.v1"

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        from newsgraph import quotes

        doc._.newsgraph_quotes = quotes.extract_quotes(doc, doc._.newsgraph_actors or [])
        return doc


class EventComponent:
    """Codes events from the parse, the actors, the places and the quotes; writes doc._.newsgraph_events and
    doc.spans['newsgraph_events']."""

    version = "newsgraph.events.v1"

    def __init__(self, name: str, actors_file: str | None) -> None:
        self.name = name
        self.coder = EventCoder(lexicon=load_lexicon(actors_file))

    def find(self, doc: Doc) -> list[Event]:
        article: Article | None = doc._.newsgraph_article
        opinion = [(s.start, s.end) for s in article.sections if s.kind == "opinion"] if article else []
        quote_spans = [(q.start, q.end) for q in doc._.newsgraph_quotes or [] if q.direct]
        actors = doc._.newsgraph_actors or []
        events = self.coder.code(doc, actors, article_id=article.id if article else "",
                                 opinion_spans=opinion, quote_spans=quote_spans,
                                 places=doc._.newsgraph_places or [])  # fmt: skip
        return [check_dyad(e, actors, doc) for e in events]  # the same code on both sides needs support

    def __call__(self, doc: Doc) -> Doc:
        return set_events(doc, self.find(doc))


def set_events(doc: Doc, events: list[Event]) -> Doc:
    """Write events to doc._.newsgraph_events and doc.spans['newsgraph_events'] (also for components that
    rewrite them)."""
    doc._.newsgraph_events = events
    doc.spans["newsgraph_events"] = [
        s
        for s in (doc.char_span(e.start, e.end, label=e.cameo, alignment_mode="expand") for e in events)
        if s
    ]
    return doc


class EventModelComponent:
    """The learned event stage (newsgraph.learned): keeps, drops or retypes each event the patterns proposed and
    gives every kept event a ``confidence``; rewrites doc._.newsgraph_events. Its model version is appended to
    each event's ``extractor`` (``newsgraph.events.v1+typer-<hash>``)."""

    version = "newsgraph.event_model.v1"

    def __init__(self, name: str) -> None:
        from newsgraph.learned.events import EventTyper

        self.name = name
        self.typer = EventTyper()

    def __call__(self, doc: Doc) -> Doc:
        events = doc._.newsgraph_events or []
        if not events and not self.typer.pairs:
            return doc
        return set_events(doc, self.typer.apply(doc, events))  # pair candidates may come without any events


class EventPatientsComponent:
    """Whom a one-sided event acts on (events/patients.py): the noun phrase its trigger governs becomes an uncoded
    target; rewrites doc._.newsgraph_events."""

    version = "newsgraph.event_patients.v2"

    def __init__(self, name: str) -> None:
        self.name = name
        self.table = load_patient_table()

    def __call__(self, doc: Doc) -> Doc:
        events = doc._.newsgraph_events or []
        return set_events(doc, patients(doc, events, self.table)) if events else doc


class EventContextComponent:
    """Each event's date (a DATE in its clause, else the publication date) and location (clause > dateline >
    main place > source country); rewrites doc._.newsgraph_events."""

    version = "newsgraph.event_context.v1"

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        events = doc._.newsgraph_events or []
        if events:
            set_events(
                doc, place_and_date(doc, events, doc._.newsgraph_places or [], doc._.newsgraph_article)
            )
        return doc


class ClaimComponent:
    """Numeric claims; writes doc._.newsgraph_claims."""

    version = "newsgraph.claims.v1"

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        from newsgraph import claims

        on = doc_date(doc)
        doc._.newsgraph_claims = claims.extract_claims(doc, published_year=on.year if on else None)
        return doc


class ToneComponent:
    """Document and sentence tone; writes doc._.newsgraph_tone = (tone, sentence tones)."""

    version = "newsgraph.tone.v1"

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        from newsgraph import tone

        doc._.newsgraph_tone = tone.document_tone(doc)
        return doc


# --- helpers ----------------------------------------------------------------------------------------------------
def place_and_date(
    doc: Doc, events: list[Event], places: Sequence[Place], article: Article | None
) -> list[Event]:
    from newsgraph import dates, geo

    text = article.text if article else doc.text
    published = article.published if article else None
    dateline = geo.dateline_place(text, context_countries=_countries_of_places(places))
    main = geo.main_place(places)
    out = []
    for ev in events:
        span = doc.char_span(ev.start, ev.end, alignment_mode="expand")
        clause = _clause_tokens(span.root) if span is not None else []
        d, src = dates.event_date(doc, [t.i for t in clause], published)
        cs = min((t.idx for t in clause), default=ev.start)
        ce = max((t.idx + len(t.text) for t in clause), default=ev.end)
        country = ev.source[0].country if ev.source else None
        loc, how = geo.event_location(
            cs, ce, places, dateline=dateline, main_place=main, source_country=country
        )
        flags = (*ev.flags, "background") if src == "background" else ev.flags
        out.append(replace(ev, date=d, date_source=src, location=loc, location_source=how, flags=flags))
    return unique_events(out)


def unique_events(events: Sequence[Event]) -> list[Event]:
    """One event per sentence text, trigger and CAMEO code (a caption or paragraph printed twice is one piece of
    evidence, not two). The first of them stands; the parties of the others join it ("held talks with the King
    and top officials": one event with both targets), each party once (by code and text) and never on both
    sides."""
    first: dict[tuple[str, str, str], int] = {}
    out: list[Event] = []
    for ev in events:
        key = (ev.sentence.strip(), ev.trigger, ev.cameo)
        if key not in first:
            first[key] = len(out)
            out.append(ev)
            continue
        kept = out[first[key]]
        source = _joined(kept.source, ev.source, kept.target)
        target = _joined(kept.target, ev.target, source)
        if (source, target) != (kept.source, kept.target):
            conf = max((c for c in (kept.confidence, ev.confidence) if c is not None), default=None)
            out[first[key]] = replace(kept, source=source, target=target, confidence=conf)
    return out


def _joined(
    have: tuple[ActorRef, ...], more: tuple[ActorRef, ...], other_side: tuple[ActorRef, ...]
) -> tuple[ActorRef, ...]:
    seen = {(r.code, r.text) for r in (*have, *other_side)}
    add = []
    for r in more:
        if (r.code, r.text) not in seen:
            seen.add((r.code, r.text))
            add.append(r)
    return (*have, *add)


def actor_only_spans(doc: Doc, actors: Sequence[Actor]) -> list[tuple[int, int]]:
    """Spans the place stage must not read as places: actors that act ("Ankara denied", "Turkey accused ...").
    A state named after a locative preposition ("drone attacks in Syria") stays a place as well."""
    out = []
    for a in actors:
        if a.via not in ("metonym", "lexicon", "seat") or a.kind == "person":
            continue
        span = doc.char_span(a.start, a.end, alignment_mode="expand")
        root = span.root if span is not None else None
        if a.kind == "state" and root is not None and root.dep_ in ("pobj", "conj") and _locative(root):
            continue
        out.append((a.start, a.end))
    return out


def _locative(tok: Token) -> bool:
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    return bool(tok.dep_ == "pobj" and tok.head.lower_ in PLACE_PREPS)


def _clause_tokens(tok: Token) -> list[Token]:
    """The trigger's clause: the subtree of the trigger's verb (or of the noun's governing verb)."""
    head = tok
    if tok.pos_ in ("NOUN", "PROPN") and tok.head.pos_ in ("VERB", "AUX"):
        head = tok.head
    return [t for t in head.subtree if not (t.dep_ in ("ccomp", "relcl") and t.head is head and t is not tok)]


def _countries_of_places(places: Sequence[Place]) -> list[str]:
    return [c for c, _ in Counter(p.country for p in places if p.country).most_common()]


def countries(actors: Sequence[Actor]) -> list[str]:
    """The actors' countries, most frequent first."""
    return [c for c, _ in Counter(a.country for a in actors if a.country).most_common()]


# --- factories ----------------------------------------------------------------------------------------------------
@Language.factory("newsgraph_published", assigns=["doc._.newsgraph_article"])
def make_published(nlp: Language, name: str) -> PublishedComponent:
    return PublishedComponent(name)


@Language.factory("newsgraph_actors", default_config={"date": None, "actors_file": None},
                  assigns=["doc._.newsgraph_actors"])  # fmt: skip
def make_actors(nlp: Language, name: str, date: str | None, actors_file: str | None) -> ActorComponent:
    return ActorComponent(nlp, name, date, actors_file)


@Language.factory("newsgraph_places", requires=["doc._.newsgraph_actors"], assigns=["doc._.newsgraph_places"])
def make_places(nlp: Language, name: str) -> PlaceComponent:
    return PlaceComponent(name)


@Language.factory("newsgraph_quotes", requires=["doc._.newsgraph_actors"], assigns=["doc._.newsgraph_quotes"])
def make_quotes(nlp: Language, name: str) -> QuoteComponent:
    return QuoteComponent(name)


@Language.factory("newsgraph_events", default_config={"actors_file": None}, requires=["doc._.newsgraph_actors"],
                  assigns=["doc._.newsgraph_events"])  # fmt: skip
def make_events(nlp: Language, name: str, actors_file: str | None) -> EventComponent:
    return EventComponent(name, actors_file)


@Language.factory(
    "newsgraph_event_model", requires=["doc._.newsgraph_events"], assigns=["doc._.newsgraph_events"]
)
def make_event_model(nlp: Language, name: str) -> EventModelComponent:
    return EventModelComponent(name)


@Language.factory(
    "newsgraph_event_patients", requires=["doc._.newsgraph_events"], assigns=["doc._.newsgraph_events"]
)
def make_event_patients(nlp: Language, name: str) -> EventPatientsComponent:
    return EventPatientsComponent(name)


@Language.factory(
    "newsgraph_event_context", requires=["doc._.newsgraph_events"], assigns=["doc._.newsgraph_events"]
)
def make_event_context(nlp: Language, name: str) -> EventContextComponent:
    return EventContextComponent(name)


@Language.factory("newsgraph_claims", assigns=["doc._.newsgraph_claims"])
def make_claims(nlp: Language, name: str) -> ClaimComponent:
    return ClaimComponent(name)


@Language.factory("newsgraph_tone", assigns=["doc._.newsgraph_tone"])
def make_tone(nlp: Language, name: str) -> ToneComponent:
    return ToneComponent(name)
