"""Dyad checks on coded events (docs/actors.md, "Same code on both sides").

``check_dyad(event, actors, doc)`` is a pure function run on every event the coder returns:

- a target that is the source's own mention with the same code ("Iran would not allow ... Iran") is dropped;
- a target with the same actor code as a source is kept only when the text supports a dyad inside one actor
  code: both sides are named (not a pronoun, a description or a bare "police"/"soldiers" noun read from the
  article's main country) and they are different actors (different lexicon ids): "Putin dismissed Defence
  Minister Shoigu" stays RUSGOV -> RUSGOV; "Erdoğan welcomed him", "the Lebanese army will deploy 5,000 soldiers",
  "the Democratic Party ... Democrats" lose the target;
- an unsupported same-code target of a protest (CAMEO 14) by a country's people becomes that country's
  government (IDN -> IDNGOV: codes differ, so government vs people stay apart);
- the narrator is not an actor: when the trigger's subject is "I"/"we" outside quotation marks (a columnist's
  voice), the event keeps no source.

The coder itself is not changed; the pipeline calls this after ``EventCoder.code``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token

from newsgraph.records import Actor, ActorRef, Event

# rules that name an actor in the text itself (not a reference to an earlier one, not the article's context)
NAMED_VIA = {
    "lexicon", "title", "title+name", "title+org", "title+sentence", "seat", "metonym", "adjective",
    "adjective+sector", "adjective+noun", "person+noun",
}  # fmt: skip
NARRATOR = {"i", "we"}
QUOTE_MARKS = '"\u201c\u201d\u00ab\u00bb'


def check_dyad(event: Event, actors: Sequence[Actor], doc: Doc | None = None) -> Event:
    """The event with unsupported same-code targets (and a narrator source) removed; unchanged otherwise."""
    by_span: dict[tuple[int | None, int | None], Actor] = {(a.start, a.end): a for a in actors}
    source = event.source
    if doc is not None and _narrator_subject(event, doc):
        source = ()
    kept = (t if _keeps_target(t, source, by_span) else _domestic(event, t, source) for t in event.target)
    target = tuple(t for t in kept if t is not None)
    if source == event.source and target == event.target:
        return event
    return replace(event, source=source, target=target)


def _domestic(event: Event, t: ActorRef, source: Sequence[ActorRef]) -> ActorRef | None:
    """An unsupported same-code target of a protest by a country's people ("students throughout Indonesia
    staged demonstrations", "Iraqi Kurds demonstrated in Kirkuk") is that country's government, the usual
    addressee of a domestic protest (CAMEO 14); any other unsupported same-code target is dropped."""
    people = all(len(s.code) == 3 and s.code == s.country for s in source)
    if event.cameo_root != "14" or not people or not t.country or t.code != t.country:
        return None
    return replace(t, code=f"{t.country}GOV", name=f"{t.name} (government)")


def same_code(event: Event) -> bool:
    """True when a code appears on both sides (the figure docs/actors.md reports)."""
    return bool(
        {r.code for r in event.source} & {r.code for r in event.target} - {""}
    )  # empty: unknown actors


def _keeps_target(
    t: ActorRef, source: Sequence[ActorRef], by_span: dict[tuple[int | None, int | None], Actor]
) -> bool:
    for s in source:
        if s.code != t.code:
            continue  # (the coder's own "source -> its country" targets have another code and stay)
        if t.start is not None and (s.start, s.end) == (t.start, t.end):
            return False  # one mention read as both sides
        ta, sa = by_span.get((t.start, t.end)), by_span.get((s.start, s.end))
        if not t.code and ta is not None and sa is not None and ta.id != sa.id:
            continue  # two empty codes: two names the text does not code (via ner), not one actor
        if ta is None or sa is None or not _named(ta) or not _named(sa) or ta.id == sa.id:
            return False
    return True


def _named(actor: Actor) -> bool:
    return (actor.via or "lexicon") in NAMED_VIA and actor.text.lower() not in NARRATOR


def _narrator_subject(event: Event, doc: Doc) -> bool:
    span = doc.char_span(event.start, event.end, alignment_mode="expand")
    if span is None:
        return False
    subj = _subject(span.root)
    if subj is None or subj.lower_ not in NARRATOR:
        return False
    for anc in subj.head.ancestors:  # "Hungary said we will ...": reported speech, not the narrator
        if any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in NARRATOR for c in anc.children):
            return False
    before = doc.text[subj.sent.start_char : subj.idx]
    return sum(before.count(q) for q in QUOTE_MARKS) % 2 == 0  # outside quotation marks


def _subject(tok: Token) -> Token | None:
    for _ in range(3):  # the trigger, or the verb it hangs from ("we must act", "we decided to go")
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj
        if tok.head is tok or tok.dep_ not in ("xcomp", "conj", "aux"):
            return None
        tok = tok.head
    return None
