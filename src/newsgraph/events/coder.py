"""EventCoder: one document's events from the parse, the resolved actors and places.

``code`` builds a frozen ``Context`` for the document and walks its sentences; nothing is stored on the coder
between or during calls (one coder is shared by every document and thread). Per trigger: arguments
(arguments.py) → the checks of recode.py → modality flags (modality.py) → the recode rules → an Event; per
sentence the complement events are folded into their governors (merge.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from newsgraph.codes import lookup
from newsgraph.events import recode
from newsgraph.events.arguments import Context, arguments, make_context
from newsgraph.events.merge import dedupe, merge
from newsgraph.events.modality import flags_of, order
from newsgraph.events.patterns import (
    NounPattern,
    Patterns,
    VerbPattern,
    load_patterns,
    match_noun,
    match_verb,
)
from newsgraph.events.recode import Draft, Rule
from newsgraph.events.triggers import triggers
from newsgraph.lexicon import Lexicon
from newsgraph.records import Actor, Event, Place

EXTRACTOR = "newsgraph.events.v1"


class EventCoder:
    """Holds the pattern tables, the lexicon and the rule registry (all read-only); ``code`` is a pure function
    of its arguments."""

    def __init__(self, patterns: Patterns | None = None, lexicon: Lexicon | None = None, *,
                 checks: tuple[Rule, ...] = recode.CHECKS, recodes: tuple[Rule, ...] = recode.RECODES) -> None:  # fmt: skip
        self.p = patterns or load_patterns()
        self.lexicon = lexicon
        self.checks = checks
        self.recodes = recodes

    def code(self, doc: Doc, actors: Sequence[Actor], *, offset: int = 0, article_id: str = "",
             opinion_spans: Sequence[tuple[int, int]] = (), quote_spans: Sequence[tuple[int, int]] = (),
             require_actor: bool = True, places: Sequence[Place] = ()) -> list[Event]:  # fmt: skip
        ctx = make_context(doc, actors, self.p, self.lexicon, offset=offset, article_id=article_id,
                           opinion_spans=opinion_spans, quote_spans=quote_spans, require_actor=require_actor,
                           places=places)  # fmt: skip
        recent: list[list[Actor]] = []  # sources of the events so far, for "it"/"they" (this call only)
        events: list[Event] = []
        for sent in doc.sents:
            if require_actor and not any(ctx.actors.get(i) for i in range(sent.start, sent.end)):
                continue
            built: dict[int, Event] = {}
            for t, code, mode in triggers(ctx, sent):
                ev = self._build(ctx, t, code, mode, sent, recent)
                if ev is not None:
                    built[t.i] = ev
            events.extend(dedupe(merge(doc, built)))
        return events

    def match_verb(self, t: Token) -> VerbPattern | None:
        return match_verb(self.p, t)

    def match_noun(self, t: Token) -> NounPattern | None:
        return match_noun(self.p, t)

    def _build(
        self, ctx: Context, t: Token, code: str, mode: str, sent: Span, recent: list[list[Actor]]
    ) -> Event | None:
        source, target = arguments(ctx, t, code, recent)
        draft = recode.run(self.checks, t, Draft(code, mode, tuple(source), tuple(target)), ctx)
        if draft is None:
            return None
        if source:
            recent.append(source)
        flags = flags_of(t, self.p.cues, ctx.opinion_spans, ctx.quote_spans, ctx.offset)
        draft = recode.run(
            self.recodes, t, Draft(draft.code, draft.mode, draft.source, draft.target, frozenset(flags)), ctx
        )
        return _event(ctx, t, sent, draft) if draft is not None else None


def _event(ctx: Context, t: Token, sent: Span, d: Draft) -> Event:
    entry = lookup(d.code)
    start = t.idx + ctx.offset
    return Event(
        id=hashlib.sha1(f"{ctx.article_id}:{start}:{d.code}".encode()).hexdigest()[:16],
        source=tuple(a.ref() for a in d.source),
        target=tuple(a.ref() for a in d.target),
        cameo=entry.code if len(d.code) < len(entry.code) else d.code,
        cameo_root=entry.root,
        quad=entry.quad,
        goldstein=entry.goldstein,
        plover=entry.plover,
        mode=d.mode or entry.mode,
        date=None,
        date_source="none",
        location=None,
        location_source=None,
        sentence=sent.text,
        sentence_start=sent.start_char + ctx.offset,
        start=start,
        end=start + len(t.text),
        trigger=_trigger_text(t),
        flags=order(d.flags),
        extractor=EXTRACTOR,
        context=entry.context,
    )


def _trigger_text(t: Token) -> str:
    parts = [t, *(c for c in t.children if c.dep_ in ("prt", "neg"))]
    parts.sort(key=lambda x: x.i)
    return " ".join(p.text for p in parts)
