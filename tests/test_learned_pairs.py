"""Pair candidates (learned/pairs.py): what the proposer must and must not propose, and what the typer makes of
them.  Sentences are the team's own."""

from __future__ import annotations

from typing import Any

import pytest

from newsgraph.learned.events import completed
from newsgraph.learned.pairs import PAIR_TAG, propose, proposed
from newsgraph.records import Article, Event, Result


@pytest.fixture(scope="module")
def extractors(nlp):  # type: ignore[no-untyped-def]
    from newsgraph.pipeline import Extractor
    from newsgraph.settings import Settings

    return Extractor(Settings(), nlp=nlp), Extractor(Settings(event_model=False), nlp=nlp)


def _pairs(rules: Any, text: str, events: tuple[Event, ...] | None = None) -> list[tuple[str, str, str]]:
    doc = rules.nlp(text)
    res = rules.run_stages(Article.from_text(text), doc)
    assert isinstance(res, Result)
    found = propose(doc, res.events if events is None else events)
    assert all(proposed(e) and e.extractor.endswith(PAIR_TAG) and e.cameo == "010" for e in found)
    return [(e.trigger, e.source[0].text, e.target[0].text) for e in found]


# (sentence, trigger, source text, target text): subject side → object side of one verb chain
MUST = [
    ("A group of Canadian senators called for sanctions against Venezuelan officials on Thursday.",
     "called", "Canadian senators", "Venezuelan officials"),
    ("Norway is willing to withdraw its soldiers from Mali before the end of the year.", "withdraw", "Norway", "Mali"),
    ("Amnesty International published a report accusing the Ethiopian army of abusing prisoners.",
     "accusing", "Amnesty International", "Ethiopian army"),
]  # fmt: skip

# no pair candidate: the reported clause has its own subject; coordinated subjects; a business sentence whose
# object actor is a bare adjective is proposed, but the model must reject it (checked below)
MUST_NOT = [
    ("The Kenyan foreign minister said Somali militants attacked a police station in Nairobi.", "Kenyan", ""),
    ("Brazil and Argentina signed a trade agreement in Buenos Aires.", "Brazil", "Argentina"),
]


@pytest.mark.parametrize(("text", "trigger", "src", "tgt"), MUST)
def test_proposer_finds_the_pair(extractors, text: str, trigger: str, src: str, tgt: str) -> None:  # type: ignore[no-untyped-def]
    _, rules = extractors
    assert (trigger, src, tgt) in _pairs(rules, text, events=())


@pytest.mark.parametrize(("text", "src", "tgt"), MUST_NOT)
def test_proposer_skips_pairs_no_verb_links(extractors, text: str, src: str, tgt: str) -> None:  # type: ignore[no-untyped-def]
    _, rules = extractors
    assert not [p for p in _pairs(rules, text, events=()) if src in p[1] and tgt in p[2]]


def test_proposer_skips_pairs_a_pattern_covers(extractors) -> None:  # type: ignore[no-untyped-def]
    _, rules = extractors
    text = "Egyptian officials blamed Libyan smugglers for the fire."
    assert _pairs(rules, text, events=())  # the pair is there ...
    assert _pairs(rules, text) == []  # ... but the pattern candidate already has it


def test_typer_completes_half_found_events(extractors) -> None:  # type: ignore[no-untyped-def]
    model, rules = extractors
    text = MUST[2][0]  # the patterns find "accusing" with its target only
    before = next(iter(rules.process([Article.from_text(text)])))
    assert isinstance(before, Result) and not any(
        e.source and e.target for e in before.events if e.trigger == "accusing"
    )
    after = next(iter(model.process([Article.from_text(text)])))
    assert isinstance(after, Result)
    on = [e for e in after.events if e.trigger == "accusing"]
    # a kept pair candidate (DEFAULT_CODE 112) replaces the half event, or the pair candidate completes it
    # (learned.pairs.completion: the pattern's own sub-code stays)
    assert [(e.source[0].code, e.target[0].code, e.plover) for e in on] == [("NGO", "ETHMIL", "ACCUSE")]
    assert on[0].cameo[:3] == "112" and on[0].confidence is not None
    assert on[0].extractor.endswith("+" + model.typer.model.version)


def test_typer_rejects_pair_candidates_in_business_and_sport(extractors) -> None:  # type: ignore[no-untyped-def]
    model, rules = extractors
    texts = ["Japanese investors bought shares of Korean chipmakers this week.",
             "Dutch fans cheered the Belgian cyclist up the final climb in the Alps."]  # fmt: skip
    proposed_somewhere = [t for t in texts if _pairs(rules, t)]
    assert proposed_somewhere  # the proposer does offer something here: the model has to reject it
    for t in texts:
        res = next(iter(model.process([Article.from_text(t)])))
        assert isinstance(res, Result) and not [e for e in res.events if proposed(e)], t


def test_completed_keeps_events_no_pair_candidate_completes() -> None:
    def ev(start: int, src: tuple[int, ...], tgt: tuple[int, ...], extractor: str) -> Event:
        from newsgraph.records import ActorRef

        refs = [
            ActorRef(name="x", code="X", country=None, text="x", start=s, end=s + 1) for s in (*src, *tgt)
        ]
        return Event(id=str(start), source=tuple(refs[: len(src)]), target=tuple(refs[len(src):]), cameo="010",
                     cameo_root="01", quad=0, goldstein=0.0, plover=None, mode=None, date=None, date_source="none",
                     location=None, location_source=None, sentence="s", sentence_start=0, start=start, end=start + 1,
                     trigger="t", flags=(), extractor=extractor)  # fmt: skip

    pair = ev(5, (0,), (9,), "newsgraph.events.v1" + PAIR_TAG)
    half = ev(5, (0,), (), "newsgraph.events.v1")
    other_trigger = ev(7, (0,), (), "newsgraph.events.v1")
    other_source = ev(5, (3,), (), "newsgraph.events.v1")
    assert completed([half, other_trigger, other_source, pair]) == [other_trigger, other_source, pair]
    assert completed([half]) == [half]
