"""Fold the events of one sentence: complement events into their governor, and duplicates away."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from newsgraph.events.recode import as_intent, as_option
from newsgraph.events.words import CONSIDER_WORDS, CONTENT_FRAMES, FRAME_ROOTS, INTENT_WORDS
from newsgraph.records import Event


def merge(doc: Doc, built: dict[int, Event]) -> list[Event]:
    """Fold complement events into their governor: "offered to hand over X to Y" is one AGREE with target Y;
    "threatened to attack X" one THREATEN; "is willing to withdraw" an intent (AGREE); "attacked X, killing N"
    one assault."""
    out = dict(built)
    for i, ev in sorted(built.items()):
        t = doc[i]
        gov = complement_governor(t)
        if gov is None or i not in out:
            continue
        g_idx = gov.i
        if g_idx not in out:  # "staged demonstrations to demand X": the light verb's object holds the event
            g_idx = next((c.i for c in gov.children if c.dep_ in ("dobj", "nsubjpass") and c.i in out), gov.i)
        g_ev = out.get(g_idx)
        gov = doc[g_idx]
        if g_ev is not None:
            if t.dep_ == "advcl" and ev.plover == "REQUEST" and g_idx != i:
                del out[i]  # the purpose of an action ("demonstrated to demand reforms") is part of it
            elif g_ev.cameo_root in FRAME_ROOTS or (t.dep_ == "advcl" and g_ev.plover == ev.plover):
                _fold(out, gov.i, i, ev)
            continue
        frame = _frame_above(doc, gov, out)
        if frame is not None:  # "urged Washington to lift sanctions and to stop interfering": content
            if not out[frame].target and ev.target:
                out[frame] = replace(out[frame], target=ev.target)
            del out[i]
        elif gov.lemma_.lower() in CONSIDER_WORDS:
            out[i] = as_option(ev)  # "is considering sending aid": a policy option (014), not an intent
        elif gov.lemma_.lower() in INTENT_WORDS and t.dep_ == "xcomp":
            out[i] = as_intent(ev)
    return [out[k] for k in sorted(out)]


def _fold(out: dict[int, Event], g: int, i: int, ev: Event) -> None:
    """The governor's event takes the complement's (as first built) target and source where it has none; the
    complement goes."""
    if not out[g].target and ev.target:
        out[g] = replace(out[g], target=ev.target)
    if not out[g].source and ev.source:
        out[g] = replace(out[g], source=ev.source)
    del out[i]


def _frame_above(doc: Doc, gov: Token, out: dict[int, Event]) -> int | None:
    """An appeal, demand, threat, refusal or intent event two or three complement links above a token."""
    cur: Token | None = gov
    for _ in range(3):
        if cur is None:
            return None
        nxt = complement_governor(cur) or (cur.head if cur.dep_ == "conj" and cur.head is not cur else None)
        if nxt is None:
            return None
        ev = out.get(nxt.i)
        if ev is not None:
            return nxt.i if ev.cameo_root in FRAME_ROOTS else None
        cur = nxt
    return None


def complement_governor(t: Token) -> Token | None:
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
        # "threatened to shell Haifa if Israel hits Beirut": the condition belongs to the threat
        return cur.head
    if (
        cur.dep_ == "advcl"
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in cur.children)
        and (cur.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children))
    ):
        # "attacked X, killing N"; "threatened today to impose ..." parsed as a purpose clause
        return cur.head
    if cur.dep_ == "pcomp" and cur.head.dep_ == "prep" and cur.head.head.pos_ in ("VERB", "NOUN"):
        return cur.head.head  # "accused X of arming Y": handled as alleged content, not merged
    return None


def dedupe(events: list[Event]) -> list[Event]:
    """One event per (trigger, code); a nominal event is dropped when a verbal event with the same root and the
    same parties already covers it."""
    out: list[Event] = []
    seen: set[tuple[tuple[str, ...], tuple[str, ...], str]] = set()
    for ev in events:
        key = (
            tuple(a.code or a.name for a in ev.source),
            tuple(a.code or a.name for a in ev.target),
            ev.cameo_root,
        )
        if key not in seen:
            seen.add(key)
            out.append(ev)
    return out
