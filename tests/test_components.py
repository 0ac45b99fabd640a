"""newsgraph's stages as spaCy components: the Extractor's only stage path, and the same in a user's pipeline."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc

import newsgraph.components  # noqa: F401 - registers the factories
from newsgraph.pipeline import EVENT_SLOT, STAGES, Extractor, with_stage
from newsgraph.records import Article, Event, Result

SHELLED = "Russian forces shelled Kherson on Tuesday."


@pytest.fixture(scope="module")
def mine() -> Language:
    """A fresh pipeline the user owns, with every newsgraph stage added by name."""
    from newsgraph.pipeline import load_spacy

    nlp = load_spacy("md")
    for name in STAGES:
        nlp.add_pipe(name)
    return nlp


@pytest.fixture(scope="module")
def sample_articles() -> list[Article]:
    from newsgraph.runner import iter_articles
    from newsgraph.settings import Settings

    samples = Path(__file__).resolve().parents[1] / "samples"
    files = [str(p) for p in sorted(samples.iterdir()) if p.suffix in (".txt", ".html")]
    items = list(iter_articles(files, Settings()))
    articles = [a for a in items if isinstance(a, Article)]
    assert len(articles) >= 30
    return articles


def _key(ev: Event) -> tuple[Any, ...]:
    d = ev.to_dict()
    return tuple(sorted((k, str(v)) for k, v in d.items()))


def test_add_pipe_and_read_results(mine: Language) -> None:
    assert mine.pipe_names[-len(STAGES) :] == list(STAGES)
    doc = mine("Ankara accused Tehran of arming militias in Syria.")
    codes = {a.code for a in doc._.newsgraph_actors}
    assert {"TURGOV", "IRNGOV"} <= codes
    events = doc._.newsgraph_events
    accuse = [e for e in events if e.plover == "ACCUSE"]
    assert accuse and accuse[0].source[0].code == "TURGOV" and accuse[0].target[0].code == "IRNGOV"
    assert any(e.plover == "AID" and "alleged" in e.flags for e in events)
    assert [s.label_ for s in doc.spans["newsgraph_actors"]]
    assert {s.label_ for s in doc.spans["newsgraph_events"]} >= {accuse[0].cameo}


def test_events_component_gets_places_and_context(mine: Language, extractor: Extractor) -> None:
    """The events component codes a shelled place as its country, as the Extractor does."""
    doc = mine(SHELLED)
    [ev] = [e for e in doc._.newsgraph_events if e.trigger == "shelled"]
    assert [a.code for a in ev.source] == ["RUSMIL"] and [a.code for a in ev.target] == ["UKR"]
    res = next(iter(extractor.process([Article.from_text(SHELLED, published="2025-03-10")])))
    assert isinstance(res, Result)
    assert [(e.cameo, [a.code for a in e.target]) for e in res.events] == [(ev.cameo, ["UKR"])]


def test_user_pipeline_matches_extract_on_every_sample(
    mine: Language, nlp: Language, sample_articles: list[Article]
) -> None:
    """Same article in, same events out: a user's pipeline against newsgraph's own. newsgraph's pre-filter
    (blank sentences without actors before parsing, for speed) is not a stage and changes the parse a little,
    so the comparison runs newsgraph with it off."""
    from newsgraph.settings import Settings

    ours = Extractor(Settings(prefilter=False), nlp=nlp)
    for article in sample_articles:
        res = next(iter(ours.process([article])))
        assert isinstance(res, Result)
        doc = mine.make_doc(article.text)
        doc._.newsgraph_article = article
        doc = mine(doc)
        assert [_key(e) for e in doc._.newsgraph_events] == [_key(e) for e in res.events], article.input


def test_with_stage_puts_a_rewriting_component_after_events(nlp: Language) -> None:
    """The slot for a component that rewrites events (the learned event model): right after newsgraph_events."""
    stages = with_stage(STAGES, "test_no_threats")
    assert stages[stages.index(EVENT_SLOT) + 1] == "test_no_threats"
    assert with_stage(stages, "test_no_threats") == stages
    text = "Iran threatened to close the Strait of Hormuz. Turkey condemned Israel on Monday."
    article = Article.from_text(text, published="2025-06-22")
    plain = next(iter(Extractor(nlp=nlp).process([article])))
    edited = next(iter(Extractor(nlp=nlp, stages=stages).process([article])))
    assert isinstance(plain, Result) and isinstance(edited, Result)
    assert {e.plover for e in plain.events} == {"THREATEN", "ACCUSE"}
    assert {e.plover for e in edited.events} == {"ACCUSE"}


@Language.factory("test_no_threats")
def _no_threats(nlp: Language, name: str) -> Any:
    def drop(doc: Doc) -> Doc:
        events = [replace(e) for e in doc._.newsgraph_events or [] if e.plover != "THREATEN"]
        return newsgraph.components.set_events(doc, events)

    return drop


def test_extract_short_text() -> None:
    """Issue 14 item 4: the API codes a one-sentence text; the 25-word minimum is the crawl's (ingest)."""
    import newsgraph

    # 057: sign a formal agreement ("on Monday" is a date, not the particle of "sign on", 060)
    res = newsgraph.extract("Russia and China signed a trade agreement on Monday.", published="2025-05-08")
    assert [(e.cameo, sorted(a.code for a in e.source)) for e in res.events] == [("057", ["CHN", "RUS"])]


def test_ingest_keeps_its_minimum(tmp_path: Any) -> None:
    from newsgraph.runner import iter_articles
    from newsgraph.settings import Settings

    short = tmp_path / "short.txt"
    short.write_text("Trade pact\n\nRussia and China signed a trade agreement on Monday.\n", encoding="utf-8")
    [item] = list(iter_articles([str(short)], Settings()))
    assert not isinstance(item, Article) and "too-short" in item.reason
