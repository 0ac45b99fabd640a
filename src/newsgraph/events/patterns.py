"""The event pattern tables: the one loader of data/events/*.tsv, and the matching of a token against them.

Load order (docs/patterns.md § "Load order"): the main file first, then the amendment files in the order listed
in ``VERB_FILES`` / ``NOUN_FILES``; a later row whose lemma and constraints equal an earlier row's replaces it, any
other row is added. The tests read the rows through ``read_rows`` too, so they check what the coder loads.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Token

from newsgraph.events.modality import Cues, load_cues
from newsgraph.events.words import PREP_CRITICAL

VERB_FILES = ("verbs.tsv", "verbs-extra.tsv", "verbs-lead.tsv")
NOUN_FILES = ("nouns.tsv", "nouns-lead.tsv")


@dataclass(frozen=True)
class VerbPattern:
    code: str
    lemma: str
    particle: str = ""
    objects: frozenset[str] = frozenset()
    preps: tuple[str, ...] = ()
    mode: str = ""

    @property
    def specificity(self) -> int:
        return 4 * bool(self.particle) + 2 * bool(self.objects) + bool(self.preps)


@dataclass(frozen=True)
class NounPattern:
    code: str
    lemma: str
    preps: tuple[str, ...] = ()
    modifiers: frozenset[str] = frozenset()
    mode: str = ""

    @property
    def specificity(self) -> int:
        return 2 * bool(self.modifiers) + bool(self.preps)


@dataclass(frozen=True)
class PatternRow:
    """One data row with where it came from; ``pattern`` is what the coder matches."""

    file: str
    line: int
    pattern: VerbPattern | NounPattern
    example: str


@dataclass
class Patterns:
    """The loaded tables (filled once by ``load_patterns``, then only read)."""

    verbs: dict[str, list[VerbPattern]] = field(default_factory=dict)
    nouns: dict[str, list[NounPattern]] = field(default_factory=dict)
    cues: Cues = field(default_factory=load_cues)

    def count(self) -> int:
        return sum(map(len, self.verbs.values())) + sum(map(len, self.nouns.values()))


def raw_rows(name: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the (line number, cells) rows of one pattern file, comment lines skipped; cells as written.
    Tab-separated, no quoting: a double quote is an ordinary character."""
    text = resources.files("newsgraph.data").joinpath("events").joinpath(name).read_text(encoding="utf-8")
    numbered = [(n, ln) for n, ln in enumerate(text.splitlines(), 1) if ln.strip() and not ln.startswith("#")]
    records = list(csv.reader([ln for _, ln in numbered], delimiter="\t", quoting=csv.QUOTE_NONE))
    header = records[0]
    return header, [
        (n, dict(zip(header, rec, strict=False)))
        for (n, _), rec in zip(numbered[1:], records[1:], strict=True)
    ]


def read_rows(name: str) -> list[PatternRow]:
    """The rows of one pattern file (rows without code or lemma skipped), in file order, as the coder reads them."""
    out = []
    for n, raw in raw_rows(name)[1]:
        r = {k: (v or "").strip() for k, v in raw.items() if k}
        if not r.get("code") or not r.get("lemma"):
            continue
        out.append(PatternRow(name, n, _pattern(name, r), r.get("example", "")))
    return out


def _pattern(name: str, r: dict[str, str]) -> VerbPattern | NounPattern:
    if name.startswith("verbs"):
        return VerbPattern(r["code"], r["lemma"].lower(), r.get("particle", "").lower(),
                           frozenset(_split(r.get("object", ""))), tuple(_split(r.get("prep", ""))), r.get("mode", ""))  # fmt: skip
    return NounPattern(r["code"], r["lemma"].lower(), tuple(_split(r.get("prep", ""))),
                       frozenset(_split(r.get("modifier", ""))), r.get("mode", ""))  # fmt: skip


def _split(value: str) -> list[str]:
    return [v.strip().lower() for v in value.split("|") if v.strip()]


def key(p: VerbPattern | NounPattern) -> tuple[Any, ...]:
    """The constraints that identify a row: a later row with the same lemma and key replaces the earlier one."""
    if isinstance(p, VerbPattern):
        return (p.particle, p.objects, p.preps)
    return (p.preps, p.modifiers)


def loaded_rows() -> list[PatternRow]:
    """Every row of every file in load order, minus rows a later file replaced: the rows the coder uses."""
    rows = [r for name in VERB_FILES + NOUN_FILES for r in read_rows(name)]
    last: dict[tuple[Any, ...], PatternRow] = {}
    for r in rows:
        last[(type(r.pattern), r.pattern.lemma, key(r.pattern))] = r
    return [r for r in rows if last[(type(r.pattern), r.pattern.lemma, key(r.pattern))] is r]


@lru_cache(maxsize=1)
def load_patterns() -> Patterns:
    """The tables: each main file, then its amendment files in the listed order (see ``_put``)."""
    p = Patterns()
    for files, table in ((VERB_FILES, p.verbs), (NOUN_FILES, p.nouns)):
        front: dict[str, int] = {}  # per lemma: how many amendment rows sit before the main file's rows
        for n, name in enumerate(files):
            for row in read_rows(name):
                _put(table, row.pattern, front if n else None)
    return p


def _put(
    table: dict[str, list[Any]], pattern: VerbPattern | NounPattern, front: dict[str, int] | None
) -> None:
    """Add a row. A row with the same lemma and constraints as an earlier one replaces it in place; any other
    amendment row (``front`` given) goes before the main file's rows of its lemma, after the amendment rows
    already there, so an amendment also wins a tie of equal specificity (``match_verb`` keeps the first)."""
    rows = table.setdefault(pattern.lemma, [])
    for i, old in enumerate(rows):
        if key(old) == key(pattern):
            rows[i] = pattern
            return
    if front is None:
        rows.append(pattern)
        return
    rows.insert(front.get(pattern.lemma, 0), pattern)
    front[pattern.lemma] = front.get(pattern.lemma, 0) + 1


# --- matching ------------------------------------------------------------------------------------------------------
def match_verb(p: Patterns, t: Token) -> VerbPattern | None:
    """The most specific verb row whose particle, object and preposition constraints the token satisfies."""
    cands = p.verbs.get(t.lemma_.lower())
    if not cands:
        return None
    children = [c for c in t.children if not time_phrase(c)]  # "called Putin on Friday" is no "call on"
    prts = {c.lower_ for c in children if c.dep_ in ("prt", "prep", "advmod")}
    # "pushed for Congress to act": 'for' marks the clause
    prts |= {
        g.lower_
        for c in children
        if c.dep_ in ("advcl", "ccomp", "xcomp")
        for g in c.children
        if g.dep_ == "mark"
    }
    objs = _object_lemmas(p, children)
    preps = {c.lower_ for c in children if c.dep_ in ("prep", "agent", "dative")}
    has_obj = any(c.dep_ in ("dobj", "nsubjpass", "dative") or name_as_object(c) for c in children)
    best: VerbPattern | None = None
    for vp in cands:
        if vp.particle and vp.particle not in prts:
            continue
        if vp.objects and not (vp.objects & objs):
            continue
        if (
            vp.preps
            and not vp.objects
            and not (set(vp.preps) & preps)
            and not has_obj
            and vp.lemma in PREP_CRITICAL
        ):
            continue  # "went after X" needs its preposition: "went there" is not an event
        score = vp.specificity - (1 if vp.preps and not (set(vp.preps) & preps) else 0)
        if best is None or score > best.specificity - (
            1 if best.preps and not (set(best.preps) & preps) else 0
        ):
            best = vp
    return best


def time_phrase(c: Token) -> bool:
    """A preposition whose object is a date or time ("on Friday", "for a second day")."""
    return c.dep_ == "prep" and any(g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in c.children)


def name_as_object(c: Token) -> bool:
    """A name spaCy parses as object predicate: "called *Ethiopian President Sahle Work Zawde*" (the one called)."""
    return c.dep_ == "oprd" and c.pos_ == "PROPN"


def _object_lemmas(p: Patterns, children: list[Token]) -> set[str]:
    direct = [c for c in children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "dative")]
    if not direct:  # "eased curfew hours": a noun the parser left as an adverbial modifier
        direct = [c for c in children if c.dep_ == "npadvmod" and c.pos_ == "NOUN"]
    # "declared a state of siege to begin at midnight": the parser makes the object the clause's subject
    direct += [
        g
        for c in children
        if c.dep_ in ("ccomp", "xcomp")
        for g in c.children
        if g.dep_ == "nsubj" and g.pos_ == "NOUN"
    ]
    # partitives and measures: "part of a military aid program", "700 kg of medicine"
    direct += [g for c in list(direct) for x in c.children if x.dep_ == "prep" and x.lower_ == "of"
               for g in x.children if g.dep_ == "pobj"]  # fmt: skip
    direct += [g for c in children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    objs = {c.lemma_.lower() for c in direct}
    # "ended mediation efforts", "suspended aid deliveries": the modifier names the event
    # ... unless modifier and noun are a compound event of their own ("launched war games" is not "a war")
    objs |= {g.lemma_.lower() for c in direct for g in c.children
             if g.dep_ in ("compound", "amod") and g.i < c.i and not _compound_event(p, c, g)}  # fmt: skip
    return objs


def _compound_event(p: Patterns, head: Token, modifier: Token) -> bool:
    rows = p.nouns.get(head.lemma_.lower(), [])
    return any(modifier.lemma_.lower() in np_.modifiers for np_ in rows)


def match_noun(p: Patterns, t: Token) -> NounPattern | None:
    """The most specific noun row whose modifier constraint the token satisfies."""
    cands = p.nouns.get(t.lemma_.lower()) or p.nouns.get(t.lower_)
    if not cands:
        return None
    mods = {c.lemma_.lower() for c in t.children if c.dep_ in ("compound", "amod", "nmod")}
    best: NounPattern | None = None
    for np_ in cands:
        if np_.modifiers and not (np_.modifiers & mods):
            continue
        if best is None or np_.specificity > best.specificity:
            best = np_
    return best
