"""Code overrides as named rules in an ordered registry.

A pattern row gives a trigger its first code; the rules here change it (or drop the event) where the clause says
more than the predicate: "called Erdogan" is a phone call, "declined to comment" no comment, "will not allow" a
refusal, "will impose curfews" a threat. ``CHECKS`` run before the modality flags are known, ``RECODES`` after,
each in the order listed; every rule is a small function ``(trigger, draft, context) -> draft | None`` (None drops
the event) with a team-written example sentence and the code it must give there (tests/test_events_recode.py runs
each example, with the rule and without it).

Adding a rule: write the function, add a ``Rule`` with an example and the expected code at the right place in
the order, run the test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.tokens import Token

from newsgraph.codes import lookup
from newsgraph.events import modality
from newsgraph.events.arguments import Context, find
from newsgraph.events.patterns import match_noun, name_as_object, time_phrase
from newsgraph.events.words import (
    INTENT_CODES,
    NATURE,
    NO_COMMENT,
    REFUSAL_OF,
    TARGET_REQUIRED,
    THREAT_DETAIL,
    THREAT_OF,
    TRANSITIVE_CODES,
    VIOLENT_NOUNS,
    YIELD_INTENT,
)
from newsgraph.records import Actor, Event


@dataclass(frozen=True)
class Draft:
    """An event under construction: the code, mode and flags so far, and the resolved arguments."""

    code: str
    mode: str
    source: tuple[Actor, ...]
    target: tuple[Actor, ...]
    flags: frozenset[str] = frozenset()

    def recode(self, code: str, mode: str = "") -> Draft:
        return replace(self, code=code, mode=mode)


STATE_FORCES = frozenset({"MIL", "COP", "SPY"})  # actor sectors of armed state forces
IRREGULAR_FORCES = frozenset({"REB", "INS", "UAF"})
DRILLS = frozenset({"exercise", "drill", "manoeuvre", "maneuver", "game", "wargame"})
RuleFn = Callable[[Token, Draft, Context], Draft | None]


@dataclass(frozen=True)
class Rule:
    name: str
    apply: RuleFn
    example: str  # a sentence of the team's own, with the date it is read on
    date: str
    expect: str  # the CAMEO code the example's trigger gets, or "" when the rule drops the event
    trigger: str  # the trigger word in the example


# --- checks (before flags) ---------------------------------------------------------------------------------------
def judged_call(t: Token, d: Draft, ctx: Context) -> Draft | None:
    """'called the accusation absurd' criticises (111), 'called the talks a success' praises (051); a plain
    naming ('what it called its involvement') is no event."""
    if t.lemma_.lower() != "call" or not any(
        c.dep_ in ("oprd", "attr") and not name_as_object(c)
        or (c.dep_ == "xcomp" and c.pos_ in ("ADJ", "NOUN"))
        or (c.dep_ == "dobj" and c.tag_ in ("WP", "WDT")) for c in t.children
    ):  # fmt: skip
        return d
    judged = _judgement(t)
    return None if judged is None else d.recode(judged)


def nature_subject(t: Token, d: Draft, ctx: Context) -> Draft | None:
    """'a powerful earthquake struck central Myanmar': nature is not an actor."""
    if not d.source and any(c.dep_ == "nsubj" and c.lemma_.lower() in NATURE for c in t.children):
        return None
    return d


def travel_not_release(t: Token, d: Draft, ctx: Context) -> Draft | None:
    """'negotiators return to Geneva' is travel, not a release: a return/release code needs an object."""
    if d.code in TRANSITIVE_CODES and not any(c.dep_ in ("dobj", "nsubjpass") for c in t.children):
        return None
    return d


def place_only(t: Token, d: Draft, ctx: Context) -> Draft | None:
    """'Snow closed roads across Italy': a place alone is no actor; but 'a suicide attack killed eight people in
    Kabul' is an assault on the place's people by an unknown perpetrator."""
    if (
        ctx.require_actor
        and not d.source
        and all(a.via in ("place", "implicit") for a in d.target)
        and not (d.target and d.code[:2] in ("18", "19", "20") and _violent_subject(t))
    ):
        return None
    return d


def host_needs_guest(t: Token, d: Draft, ctx: Context) -> Draft | None:
    """'Paris will host the Olympic Games': hosting (043) needs a visitor."""
    return None if d.code in TARGET_REQUIRED and not d.target else d


# --- recodes (after flags) ---------------------------------------------------------------------------------------
def phone_call(t: Token, d: Draft, ctx: Context) -> Draft | None:
    """'Stoltenberg called Erdogan': a telephone call (041), not an appeal."""
    if (d.code[:2] == "02" and t.lemma_.lower() == "call" and d.target
            and not any(c.lower_ in ("on", "upon", "for") and not time_phrase(c) for c in t.children)
            and any(c.dep_ in ("dobj", "oprd") and find(ctx, c) for c in t.children)):  # fmt: skip
        return d.recode("041", "phone")
    return d


def no_comment(t: Token, d: Draft, ctx: Context) -> Draft | None:
    """'declined to comment': no comment (011), not a rejection."""
    if t.lemma_.lower() in ("decline", "refuse") and any(
        c.dep_ == "xcomp" and c.lemma_.lower() in NO_COMMENT for c in t.children
    ):
        return d.recode("011")
    return d


def demand_for_coercion(t: Token, d: Draft, ctx: Context) -> Draft | None:
    """'called for sanctions against China': a demand for coercion (100), not an appeal."""
    if d.code[:2] != "02":
        return d
    objects = [c for c in t.children if c.dep_ in ("dobj",)]
    objects += [
        g
        for c in t.children
        if c.dep_ == "prep" and c.lower_ == "for"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    for o in objects:
        np_ = match_noun(ctx.patterns, o)
        if np_ is not None and lookup(np_.code).quad >= 3:
            return d.recode("100")
    return d


def armed_riot(t: Token, d: Draft, ctx: Context) -> Draft | None:
    """Violent protest (145) is done by civilians; armed forces or rebels storming a building assault it (state
    forces 190, rebels and insurgents 180)."""
    if d.code != "145" or not d.source:
        return d
    sectors = {a.sector for a in d.source}
    if sectors & STATE_FORCES:
        return d.recode("190")
    return d.recode("180") if sectors & IRREGULAR_FORCES else d


def joint_exercise(t: Token, d: Draft, ctx: Context) -> Draft | None:
    """Joint or several-party exercises are military cooperation (062), not a show of force."""
    return d.recode("062") if d.code[:2] == "15" and _joint(t, d.source) else d


def peacekeeping(t: Token, d: Draft, ctx: Context) -> Draft | None:
    """Troops deployed on a peacekeeping mission are military protection (074)."""
    if d.code[:2] == "15" and any(
        w.lemma_.lower() in ("peacekeeping", "peacekeeper", "peacekeep") for w in t.subtree
    ):
        return d.recode("074")
    return d


def refusal(t: Token, d: Draft, ctx: Context) -> Draft | None:
    """'cannot accept refugees', 'will not allow inspectors back', 'failed to reach agreement': a refusal
    (REJECT 12x), not a non-event; the negation is the event."""
    entry = lookup(d.code)
    if (
        "negated" in d.flags
        and entry.quad in (1, 2)
        and (modality.refusal(t) or (modality.failed(t) and entry.plover in ("AGREE", "SUPPORT")))
    ):
        flags = d.flags - {"negated", "hypothetical"}
        return replace(d.recode(REFUSAL_OF.get(entry.plover or "", "120")), flags=flags)
    return d


def intent(t: Token, d: Draft, ctx: Context) -> Draft | None:
    """PLOVER: a future CONSULT, SUPPORT, COOPERATE or AID is an intent (AGREE, CAMEO 03x)."""
    entry = lookup(d.code)
    if "future" in d.flags and entry.plover in INTENT_CODES and "negated" not in d.flags:
        return d.recode(INTENT_CODES[entry.plover or ""])
    return d


def announced_concession(t: Token, d: Draft, ctx: Context) -> Draft | None:
    """'the rebels said they will release two hostages': an announced concession is an intent (CAMEO 035x)."""
    entry = lookup(d.code)
    if (
        "future" in d.flags
        and entry.plover in ("RETREAT", "CONCEDE")
        and "negated" not in d.flags
        and modality.announced(t)
    ):
        return d.recode(yield_intent(d.code))
    return d


def threat(t: Token, d: Draft, ctx: Context) -> Draft | None:
    """An announced coercive step ('will impose curfews', 'plans to tighten the blockade') or a conditional one
    ('may halt mediation if ...') is a threat (13x)."""
    entry = lookup(d.code)
    if (
        "negated" not in d.flags
        and entry.root in THREAT_OF
        and (
            ("future" in d.flags and modality.announced(t))
            or ("hypothetical" in d.flags and modality.conditional(t))
        )
    ):
        return d.recode(threat_code(d.code))
    return d


# fmt: off
CHECKS: tuple[Rule, ...] = (
    Rule("judged_call", judged_call, "Moscow called the sanctions illegal.", "2024-06-18", "111", "called"),
    Rule("nature_subject", nature_subject, "A powerful earthquake struck central Myanmar on Friday.", "2025-03-28", "", "struck"),
    Rule("travel_not_release", travel_not_release, "Iranian negotiators will return to Geneva next week.", "2025-06-02", "", "return"),
    Rule("place_only", place_only, "A blackout hit Kharkiv, Zelensky said.", "2025-01-10", "", "hit"),
    Rule("host_needs_guest", host_needs_guest, "Paris will host the Olympic Games.", "2024-05-01", "", "host"),
)
RECODES: tuple[Rule, ...] = (
    Rule("phone_call", phone_call, "Erdogan called Putin after the attack.", "2024-03-12", "041", "called"),
    Rule("no_comment", no_comment, "The Kremlin declined to comment on the report.", "2025-03-10", "011", "declined"),
    Rule("demand_for_coercion", demand_for_coercion, "Lithuania called for sanctions against Belarus.", "2024-08-01", "100", "called"),
    Rule("armed_riot", armed_riot, "Malian soldiers stormed the parliament building in Bamako.", "2024-09-02", "190", "stormed"),
    Rule("joint_exercise", joint_exercise, "Japan and the Philippines held joint naval drills.", "2024-07-08", "062", "held"),
    Rule("peacekeeping", peacekeeping, "Indonesia deployed troops on a peacekeeping mission in Lebanon.", "2024-10-01", "074", "deployed"),
    Rule("refusal", refusal, "Poland cannot accept refugees from Belarus.", "2024-06-18", "12", "accept"),
    Rule("intent", intent, "Japan will provide aid to Ukraine.", "2025-03-10", "033", "provide"),
    Rule("announced_concession", announced_concession, "Hamas said it will release two Israeli hostages.", "2025-02-08", "035", "release"),
    Rule("threat", threat, "Israel will impose a curfew on Gaza.", "2025-03-10", "13", "impose"),
)
# fmt: on


def run(rules: tuple[Rule, ...], t: Token, d: Draft, ctx: Context) -> Draft | None:
    for rule in rules:
        out = rule.apply(t, d, ctx)
        if out is None:
            return None
        d = out
    return d


# --- helpers (also used by the merge of complement events) ------------------------------------------------------
def yield_intent(code: str) -> str:
    return YIELD_INTENT.get(code[:3], "035")


def threat_code(code: str) -> str:
    return THREAT_DETAIL.get(code) or THREAT_DETAIL.get(code[:3]) or THREAT_OF[code[:2]]


def as_option(ev: Event) -> Event:
    """'is considering sending aid': a policy option (014), hypothetical."""
    return _retyped(ev, "014", set(ev.flags) | {"hypothetical"})


def as_intent(ev: Event) -> Event:
    """'is willing to withdraw', 'agreed to send aid': the complement of an intent word is an intent (03x), a
    threat when it is coercive, and in any case in the future."""
    code = (
        yield_intent(ev.cameo) if ev.plover in ("RETREAT", "CONCEDE") else INTENT_CODES.get(ev.plover or "")
    )
    flags = set(ev.flags) | {"future"}
    if code is None and ev.cameo_root in THREAT_OF:
        code = threat_code(ev.cameo)
    if code is None:
        return replace(ev, flags=modality.order(flags))
    return _retyped(ev, code, flags)


def _retyped(ev: Event, code: str, flags: set[str]) -> Event:
    entry = lookup(code)
    return replace(ev, cameo=entry.code, cameo_root=entry.root, quad=entry.quad, goldstein=entry.goldstein,
                   plover=entry.plover, mode=entry.mode, flags=modality.order(flags), context=entry.context)  # fmt: skip


def _judgement(t: Token) -> str | None:
    """111 (criticise) or 051 (praise) from the polarity of what the object is called; None when neutral."""
    from newsgraph.tone import polarity

    words = [w for c in t.children if c.dep_ in ("oprd", "attr") or (c.dep_ == "xcomp" and c.pos_ in ("ADJ", "NOUN"))
             for w in c.subtree]  # fmt: skip
    score = sum(polarity(w) for w in words)
    if any(w.dep_ == "neg" for w in words):
        score = -score
    return "111" if score < 0 else "051" if score > 0 else None


def _violent_subject(t: Token) -> bool:
    return any(c.dep_ in ("nsubj", "agent") and c.lemma_.lower() in VIOLENT_NOUNS for c in t.children)


def _joint(t: Token, source: tuple[Actor, ...]) -> bool:
    """Joint exercises: a 'joint' cue, or several parties holding drills together ("sent warships" stays 15x)."""
    objects = [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
    words = [t, *t.children, *(g for c in objects for g in c.children)]
    if any(
        w.lower_ in ("joint", "combined", "bilateral", "multinational", "trilateral", "together")
        for w in words
    ):
        return True
    drills = {t.lemma_.lower(), *(c.lemma_.lower() for c in objects)} & DRILLS
    return bool(drills) and len({a.country or a.code for a in source}) > 1
