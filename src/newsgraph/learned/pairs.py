"""Pair candidates: events the patterns did not propose, between two actors that one verb links.

The pattern coder proposes a candidate only where a pattern row matches and its argument rules find the actors;
on real news about 40 % of marked source/target pairs get no candidate on the pair (docs/accuracy.md).  This
proposer adds one candidate per ordered pair of resolved actor mentions (a, b) of a sentence when

- ``a`` is the subject side of a verb ``Va``: its noun phrase is the verb's ``nsubj`` (active) or sits in its
  ``agent`` ("by X", passive);
- ``b`` is the object side of a verb ``Vb``: its noun phrase is ``Vb``'s ``dobj``, ``dative``, ``attr``,
  ``nsubjpass`` or sits in a prepositional phrase on it ("called for sanctions against Y");
- ``Vb`` is ``Va`` or a verb below it with no subject of its own (control, coordination, a participle on the
  object: "is willing to withdraw its troops from Y", "put out a report accusing Y"), at most ``MAX_CHAIN`` edges;
- no pattern candidate already covers the pair, and the two actors have different codes.

The candidate's trigger is ``Vb``; it has no pattern type (CAMEO 010 placeholder, ``plover`` None) and its
``extractor`` ends with ``PAIR_TAG``.  The typer (learned/events.py) decides NONE or a type for it, like for every
candidate; a kept pair candidate gets its type's ``DEFAULT_CODE``.  A rejected one may still *complete* a pattern
event that found only one side (``completion``: same side, the event's trigger on the candidate's verb chain, not
a target the verb only locates).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from newsgraph.codes import lookup
from newsgraph.events.coder import EXTRACTOR
from newsgraph.events.modality import flags_of, order
from newsgraph.events.patterns import load_patterns
from newsgraph.records import Actor, Event, overlaps

PAIR_TAG = "+pairs"
PLACEHOLDER = "010"  # the candidate's code before typing: a pair candidate has no pattern type
VERBAL = ("VERB", "AUX")
SOURCE_DEPS = frozenset({"nsubj", "agent"})
TARGET_DEPS = frozenset({"dobj", "dative", "attr", "oprd", "nsubjpass", "prep"})
MAX_CLIMB = 6  # edges from an actor's token up to its verb
MAX_CHAIN = 3  # edges from Vb up to Va
LOCATED = frozenset({"in", "at", "near", "inside", "outside", "across", "around", "throughout", "within"})


@dataclass(frozen=True)
class Anchor:
    """Where an actor mention attaches to the clause: its verb, the verb's child on the path, and the edges."""

    verb: Token
    entry: Token  # the verb's child whose subtree holds the mention
    prep: str  # the first preposition on the way up ("" when none)


def proposed(ev: Event) -> bool:
    """Whether a candidate comes from this proposer (not from a pattern)."""
    return PAIR_TAG in ev.extractor


def anchor(tok: Token) -> Anchor | None:
    """The verb an actor mention's token hangs on, or None (no verb within ``MAX_CLIMB`` edges)."""
    cur, prep = tok, ""
    for _ in range(MAX_CLIMB):
        head = cur.head
        if head.i == cur.i:
            return None
        if head.pos_ in VERBAL:
            return Anchor(head, cur, prep or (cur.lower_ if cur.dep_ in ("prep", "agent") else ""))
        if cur.dep_ == "prep" and not prep:
            prep = cur.lower_
        cur = head
    return None


def chain(low: Token, high: Token) -> int | None:
    """Edges from verb ``low`` up to verb ``high`` when no verb on the way (but ``high``) has its own subject;
    0 when they are the same token, None when ``high`` does not govern ``low`` that way."""
    cur = low
    for n in range(MAX_CHAIN + 1):
        if cur.i == high.i:
            return n
        if cur.pos_ in VERBAL and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in cur.children):
            return None
        if cur.head.i == cur.i or cur.dep_ in ("relcl", "ccomp", "parataxis"):
            return None
        cur = cur.head
    return None


def pair_path(a: Token, b: Token) -> tuple[Anchor, Anchor, int] | None:
    """(source anchor, target anchor, chain length) when ``a`` is the subject side and ``b`` the object side
    of one verb chain; None otherwise."""
    sa, tb = anchor(a), anchor(b)
    if sa is None or tb is None or sa.entry.i == tb.entry.i:
        return None
    if sa.entry.dep_ not in SOURCE_DEPS or tb.entry.dep_ not in TARGET_DEPS:
        return None
    if (
        tb.entry.dep_ == "prep"
        and tb.entry.lower_ == "by"
        or tb.entry.dep_ == "nsubjpass"
        and sa.entry.dep_ != "agent"
    ):
        return None
    n = chain(tb.verb, sa.verb)
    return None if n is None else (sa, tb, n)


def _root(doc: Doc, start: int | None, end: int | None) -> Token | None:
    span = doc.char_span(start or 0, end or 0, alignment_mode="expand") if start is not None else None
    return span.root if span is not None and len(span) else None


def _token(doc: Doc, a: Actor) -> Token | None:
    return _root(doc, a.start, a.end)


def covered(events: Sequence[Event], a: Actor, b: Actor) -> bool:
    """A pattern candidate already has the pair (either direction, or both among a reciprocal's parties)."""
    for ev in events:
        src_a, src_b = overlaps(ev.source, a.start, a.end), overlaps(ev.source, b.start, b.end)
        tgt_a, tgt_b = overlaps(ev.target, a.start, a.end), overlaps(ev.target, b.start, b.end)
        if src_a and tgt_b or src_b and tgt_a or not ev.target and src_a and src_b:
            return True
    return False


def _opinion_and_quotes(doc: Doc) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    article = doc._.newsgraph_article
    opinion = [(s.start, s.end) for s in article.sections if s.kind == "opinion"] if article else []
    quotes = [(q.start, q.end) for q in doc._.newsgraph_quotes or [] if q.direct]
    return opinion, quotes


def _candidate(doc: Doc, sent: Span, a: Actor, b: Actor, t: Token, flags: set[str]) -> Event:
    entry = lookup(PLACEHOLDER)
    article = doc._.newsgraph_article
    key = f"{article.id if article else ''}:{t.idx}:{a.start}:{b.start}:pair"
    return Event(id=hashlib.sha1(key.encode()).hexdigest()[:16], source=(a.ref(),), target=(b.ref(),),
                 cameo=entry.code, cameo_root=entry.root, quad=entry.quad, goldstein=entry.goldstein, plover=None,
                 mode=None, date=None, date_source="none", location=None, location_source=None, sentence=sent.text,
                 sentence_start=sent.start_char, start=t.idx, end=t.idx + len(t.text), trigger=t.text,
                 flags=order(flags), extractor=EXTRACTOR + PAIR_TAG, context=entry.context)  # fmt: skip


def propose(doc: Doc, events: Sequence[Event]) -> list[Event]:
    """Pair candidates on ``doc`` (its actors from ``doc._.newsgraph_actors``) that ``events`` do not cover."""
    actors = [a for a in doc._.newsgraph_actors or [] if a.code]
    if len(actors) < 2:
        return []
    by_sent: dict[int, list[tuple[Actor, Token]]] = {}
    for a in actors:
        tok = _token(doc, a)
        if tok is not None:
            by_sent.setdefault(tok.sent.start, []).append((a, tok))
    opinion, quotes = _opinion_and_quotes(doc)
    cues = load_patterns().cues
    out: list[Event] = []
    seen: set[tuple[int, int, int]] = set()
    for group in by_sent.values():
        for a, ta in group:
            for b, tb in group:
                if a is b or a.code == b.code:
                    continue
                path = pair_path(ta, tb)
                if path is None or covered(events, a, b) or (a.start, b.start, path[1].verb.i) in seen:
                    continue
                seen.add((a.start, b.start, path[1].verb.i))
                flags = flags_of(path[1].verb, cues, opinion, quotes, 0)
                out.append(_candidate(doc, ta.sent, a, b, path[1].verb, flags))
    return out


@dataclass(frozen=True)
class Side:
    """A rejected pair candidate that may complete a one-sided event, with what ``completion`` asks of it."""

    pair: Event
    p_none: float  # the typer's NONE probability for it
    chain: frozenset[int]  # token indices from its trigger up to the verb its source hangs on
    located: bool  # its target only locates the verb ("near Uruguay", "a summit in Brussels")


def side(doc: Doc, pair: Event, p_none: float) -> Side:
    """The facts ``completion`` needs about one pair candidate, read once from the parse."""
    a = _root(doc, pair.source[0].start, pair.source[0].end) if pair.source else None
    b = _root(doc, pair.target[0].start, pair.target[0].end) if pair.target else None
    trig = _root(doc, pair.start, pair.end)
    path = pair_path(a, b) if a is not None and b is not None else None
    if path is None or trig is None:
        return Side(pair, p_none, frozenset(), True)
    cur, chain = trig, set()
    for _ in range(MAX_CHAIN + 1):
        chain.add(cur.i)
        if cur.i == path[0].verb.i or cur.head.i == cur.i:
            break
        cur = cur.head
    return Side(pair, p_none, frozenset(chain), path[1].prep in LOCATED)


def one_sided(ev: Event) -> str | None:
    """'target' when a pattern event has one source and no target (or only the implicit target that stands on
    the source's own mention: "Syrian authorities freed ..." → SYR), 'source' when it has targets and no source."""
    if proposed(ev):
        return None
    own = {(r.start, r.end) for r in ev.source}
    if len(ev.source) == 1 and all((r.start, r.end) in own for r in ev.target):
        return "target"  # no target, or only the implicit one on the source's own mention (its own country)
    if ev.target and not ev.source:
        return "source"
    return None


def completion(doc: Doc, ev: Event, sides: Sequence[Side]) -> Event:
    """``ev`` with its missing side taken from the most likely pair candidate that has ``ev``'s one side and
    whose verb chain holds ``ev``'s trigger (never a target that only locates the verb); ``ev`` when none does.
    "Uzbekistan agreed to open its borders for aid trucks to enter Afghanistan": AGREE UZB -> AFG."""
    missing = one_sided(ev)
    tok = _root(doc, ev.start, ev.end)
    if missing is None or tok is None:
        return ev
    mine = ev.source if missing == "target" else ev.target
    best: Side | None = None
    for s in sides:
        have, other = (
            (s.pair.source, s.pair.target) if missing == "target" else (s.pair.target, s.pair.source)
        )
        if not any(overlaps(mine, r.start, r.end) for r in have) or overlaps(
            mine, other[0].start, other[0].end
        ):
            continue
        if tok.i not in s.chain or missing == "target" and s.located:
            continue
        if best is None or s.p_none < best.p_none:
            best = s
    if best is None:
        return ev
    return (
        replace(ev, target=best.pair.target) if missing == "target" else replace(ev, source=best.pair.source)
    )


def pair_names(doc: Doc, ev: Event) -> list[str]:
    """Features of a pair candidate: how each side attaches and how far the two verbs are apart."""
    if not ev.source or not ev.target:
        return ["pair_incomplete"]
    sa, sb = ev.source[0], ev.target[0]
    spa = doc.char_span(sa.start or 0, sa.end or 0, alignment_mode="expand")
    spb = doc.char_span(sb.start or 0, sb.end or 0, alignment_mode="expand")
    if spa is None or spb is None or not len(spa) or not len(spb):
        return ["pair_incomplete"]
    path = pair_path(spa.root, spb.root)
    if path is None:
        return ["pair_incomplete"]
    src, tgt, n = path
    lemma = tgt.verb.lemma_.lower()
    return [f"pair_src={src.entry.dep_}", f"pair_tgt={tgt.entry.dep_}", f"pair_prep={tgt.prep or '-'}",
            f"pair_chain={min(n, 2)}", f"pair_lemma_prep={lemma}|{tgt.prep or tgt.entry.dep_}",
            f"pair_srcverb={src.verb.lemma_.lower()}"]  # fmt: skip
