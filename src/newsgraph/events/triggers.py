"""Which tokens of a sentence are event triggers: verbs and nouns that match a pattern and carry the clause."""

from __future__ import annotations

from spacy.tokens import Span, Token

from newsgraph.events.arguments import Context, Index
from newsgraph.events.patterns import match_noun, match_verb
from newsgraph.events.words import (
    BACKGROUND_PREPS,
    LIGHT_VERBS,
    OBLIGATION,
    OCCUR_VERBS,
    REPORTING_VERBS,
    REVERSAL_VERBS,
)

WITHDRAWAL_VERBS = frozenset({"renege", "withdraw", "pull", "walk", "back"})
Trigger = tuple[Token, str, str]  # token, CAMEO code of its row, row mode


def triggers(ctx: Context, sent: Span) -> list[Trigger]:
    """Verb triggers, then "X said that Y must Z" demands, then nominal events, in that order."""
    verb_objects: set[int] = set()
    found: list[Trigger] = []
    for t in sent:
        if t.i in ctx.actors or not verbal(t):
            continue
        vp = match_verb(ctx.patterns, t)
        if vp is not None:
            found.append((t, vp.code, vp.mode))
            if vp.objects:
                verb_objects.update(c.i for c in t.children if c.lemma_.lower() in vp.objects)
    content = _obligations(sent, found)
    found = [f for f in found if f[0].i not in content]
    for t in sent:
        if t.i in content or t.pos_ not in ("NOUN", "PROPN") or t.i in verb_objects or t.i in ctx.actors:
            continue
        if eventive_noun(t, ctx.actors):
            np_ = match_noun(ctx.patterns, t)
            if np_ is not None:
                found.append((t, np_.code, np_.mode))
    return found


def _obligations(sent: Span, found: list[Trigger]) -> set[int]:
    """'X said that Y must Z': X demands Z of Y (a 100 trigger on the speech verb, appended to ``found``); the
    token indexes of Z, the content, are returned: they are not events of their own."""
    content: set[int] = set()
    for t in sent:
        if t.lemma_.lower() in REPORTING_VERBS and not any(f[0] is t for f in found):
            for c in t.children:
                if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in OBLIGATION for a in c.children):
                    found.append((t, "100", ""))
                    content.update(x.i for x in c.subtree)
                    break
    return content


def verbal(t: Token) -> bool:
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
        # "a moment when Washington asked ..."
        named_subject = any(c.pos_ in ("PROPN", "NOUN") for c in subjects)
        if not (rel_subject or named_subject):
            return False
    # background adjuncts: "deported 168 Liberians for traveling without documents", "after meeting X"
    return not (t.dep_ == "pcomp" and t.head.lower_ in BACKGROUND_PREPS - {"of", "to", "into", "with", "by"})


def eventive_noun(t: Token, actors: Index) -> bool:
    """A nominal event is coded when it carries the clause (object of a light verb, subject of the predicate),
    has its own actors ("Russian attacks on Kyiv"), or is the content of an accusation or a denial;
    background mentions ("following the invasion of X", "amid a dispute") are not events."""
    if t.dep_ == "pobj" and t.head.head.lemma_.lower() in REVERSAL_VERBS | WITHDRAWAL_VERBS:
        return False  # "reneged on his commitment", "withdrew from the accord"
    if t.dep_ == "pobj" and t.head.lower_ not in ("of",):
        return False  # "perished in the Ankara attack", "blamed X for the attack": background or topic
    if any(
        c.dep_ in ("poss", "amod", "compound", "nmod") and any(x.i in actors for x in c.subtree)
        for c in t.children
    ):
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
        return eventive_noun(head, actors) if head is not t else False
    return False
