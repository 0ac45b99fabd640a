"""newsgraph stages as spaCy components, for users who build their own pipeline.

    import spacy, newsgraph.components
    nlp = spacy.load(...)                        # needs a parser, lemmatizer and NER
    nlp.add_pipe("newsgraph_actors", config={"date": "2025-05-14"})
    nlp.add_pipe("newsgraph_events")
    doc = nlp(text)
    doc._.newsgraph_actors, doc._.newsgraph_events, doc.spans["newsgraph_events"]

Each component follows spaCy's find → set_annotations shape; the records are the same dataclasses the rest of
newsgraph uses (newsgraph.records).  Versions: actors ``newsgraph.actors.v1``, events ``newsgraph.events.v1``.
"""

from __future__ import annotations

from datetime import date as _date

from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.actors import ActorFinder
from newsgraph.events import EventCoder
from newsgraph.lexicon import load_lexicon
from newsgraph.records import Actor, Event

for _name in ("newsgraph_actors", "newsgraph_events"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class ActorComponent:
    """Finds and resolves actors; writes doc._.newsgraph_actors and doc.spans['newsgraph_actors']."""

    version = "newsgraph.actors.v1"

    def __init__(self, nlp: Language, name: str, date: str | None, actors_file: str | None) -> None:
        self.name = name
        self.on = _date.fromisoformat(date) if date else None
        self.finder = ActorFinder(nlp.vocab, load_lexicon(actors_file)).build(nlp.make_doc)

    def __call__(self, doc: Doc) -> Doc:
        mentions = self.finder.mentions(doc, on=self.on)
        actors: list[Actor] = [m.actor for m in mentions if m.actor.code]
        doc._.newsgraph_actors = actors
        spans = []
        for m in mentions:
            if m.actor.code:
                span = doc[m.start : m.end]
                spans.append(doc.char_span(span.start_char, span.end_char, label=m.actor.code) or span)
        doc.spans["newsgraph_actors"] = spans
        return doc


class EventComponent:
    """Codes events from the parse and the actors; writes doc._.newsgraph_events and doc.spans['newsgraph_events']."""

    version = "newsgraph.events.v1"

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.coder = EventCoder()

    def __call__(self, doc: Doc) -> Doc:
        actors = doc._.newsgraph_actors or []
        events: list[Event] = self.coder.code(doc, actors)
        doc._.newsgraph_events = events
        doc.spans["newsgraph_events"] = [
            s for s in (doc.char_span(e.start, e.end, label=e.cameo, alignment_mode="expand") for e in events) if s
        ]
        return doc


@Language.factory("newsgraph_actors", default_config={"date": None, "actors_file": None})
def make_actors(nlp: Language, name: str, date: str | None, actors_file: str | None) -> ActorComponent:
    return ActorComponent(nlp, name, date, actors_file)


@Language.factory("newsgraph_events", requires=["doc._.newsgraph_actors"], assigns=["doc._.newsgraph_events"])
def make_events(nlp: Language, name: str) -> EventComponent:
    return EventComponent(nlp, name)
