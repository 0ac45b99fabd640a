"""Event coding from the dependency parse: who did what to whom, with CAMEO and PLOVER codes and modality flags.

For every sentence with at least one actor:

* verbal predicates: a verb whose lemma is in data/events/verbs.tsv, with the row's particle / object / preposition
  constraints (the most specific satisfied row wins);
* nominal events: a noun in data/events/nouns.tsv ("the visit", "talks", "drone attacks", "sanctions");
* source and target from the parse: nsubj / agent (passive), dobj / nsubjpass / the row's preposition, subjects
  shared through coordination and control ("agreed to cooperate", "urged Iran to release", "accused Tehran of
  arming"), possessive and adjective sources of nominal events ("Russian attacks on Kyiv");
* reciprocal events: several parties and no target ("Lula and Modi held talks");
* flags: negated, future, hypothetical, alleged, quoted, opinion (never a silent drop; never a default code).

PLOVER's rule for intentions is applied: a future-tense CONSULT, SUPPORT, COOPERATE or AID is coded AGREE (CAMEO
03x: intent to meet, to cooperate, to provide aid) and keeps the ``future`` flag.

Modules: ``patterns`` (the pattern tables and matching), ``triggers`` (which tokens are events), ``arguments``
(source and target over a frozen per-document context), ``modality`` (flags, modality.yaml), ``recode`` (the
ordered registry of code overrides), ``merge`` (complement events, duplicates), ``words`` (the word lists) and
``coder`` (EventCoder, which ties them together).
"""

from __future__ import annotations

from newsgraph.events.coder import EXTRACTOR, EventCoder
from newsgraph.events.modality import Cues, load_cues
from newsgraph.events.patterns import (
    NOUN_FILES,
    VERB_FILES,
    NounPattern,
    PatternRow,
    Patterns,
    VerbPattern,
    load_patterns,
    loaded_rows,
    match_noun,
    match_verb,
    read_rows,
)
from newsgraph.events.recode import CHECKS, RECODES, Rule

__all__ = [
    "CHECKS",
    "EXTRACTOR",
    "NOUN_FILES",
    "RECODES",
    "VERB_FILES",
    "Cues",
    "EventCoder",
    "NounPattern",
    "PatternRow",
    "Patterns",
    "Rule",
    "VerbPattern",
    "load_cues",
    "load_patterns",
    "loaded_rows",
    "match_noun",
    "match_verb",
    "read_rows",
]
