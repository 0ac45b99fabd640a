"""The held-out check of issue 15 on the team's own undated state-visit article (tests/data/pages): the
publication date is inferred with evidence, every factual event is dated, the opinion half is found, and the
GDELT export is not empty; the export says why rows were left out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsgraph.export import export_store
from newsgraph.ingest import RawDoc, to_article
from newsgraph.pipeline import Extractor
from newsgraph.records import Result
from newsgraph.settings import Settings
from newsgraph.store import Store

PAGE = Path(__file__).parent / "data" / "pages" / "state-visit-undated.txt"
UNDATED = (
    "Talks end without a deal\nNegotiators from Armenia and Azerbaijan met on Tuesday in a border town and "
    "agreed to meet again, officials said, but no agreement on the disputed road was signed by either side."
)


@pytest.fixture(scope="module")
def result(extractor: Any) -> Result:
    article = to_article(RawDoc(str(PAGE), None, "text", PAGE.read_text(encoding="utf-8")), Settings())
    assert article.published is None  # nothing in the page's metadata
    out = next(iter(extractor.process([article])))
    assert isinstance(out, Result)
    return out


def test_publication_date_is_inferred_with_evidence(result: Result) -> None:
    art = result.article
    assert art.published == "2025-05-07" and art.published_inferred
    assert art.published_evidence is not None
    assert "Wednesday" in art.published_evidence and "80th anniversary" in art.published_evidence


def test_every_factual_event_is_dated(result: Result) -> None:
    assert len(result.events) >= 10
    assert all(e.date for e in result.events)


def test_opinion_half_is_found_and_flags_its_events(result: Result, nlp: Any) -> None:
    text = result.article.text
    opinion = [s for s in result.article.sections if s.kind == "opinion"]
    assert len(opinion) == 1 and text[opinion[0].start :].startswith("A calculated show of solidarity")
    assert opinion[0].end == len(text)
    assert not any("opinion" in e.flags for e in result.events if e.start < opinion[0].start)
    # the patterns' candidates in the analysis prose carry the flag ...
    rules = next(iter(Extractor(Settings(event_model=False), nlp=nlp).process([result.article])))
    assert isinstance(rules, Result)
    inside = [e for e in rules.events if e.start >= opinion[0].start]
    assert inside and all("opinion" in e.flags for e in inside)
    # ... and the learned stage drops those it is sure are no event ("efforts to isolate Moscow have failed")
    kept = [e for e in result.events if e.start >= opinion[0].start]
    assert len(kept) < len(inside) and all("opinion" in e.flags for e in kept)


def test_gdelt_export_is_not_empty_and_names_what_it_left_out(
    result: Result, extractor: Any, tmp_path: Path
) -> None:
    undated = next(
        iter(extractor.process([to_article(RawDoc("talks.txt", None, "text", UNDATED), Settings())]))
    )
    assert isinstance(undated, Result) and undated.article.published is None and undated.events
    with Store(tmp_path / "s.duckdb") as store:
        run = store.start_run({})
        store.write([result, undated], run_id=run)
        store.cluster_events()
        gdelt = export_store(store, "gdelt", tmp_path / "g.csv")
        report = export_store(store, "gdelt", tmp_path / "r.csv", date_by="report")
        plover = export_store(store, "plover", tmp_path / "p.jsonl")
    assert gdelt.rows["event_clusters"] > 0 and report.rows["event_clusters"] > 0
    assert gdelt.left_out["undated"] >= len(undated.events) - 1
    assert gdelt.left_out.get("future", 0) >= 1  # "Xi will hold talks ..."
    assert sum(gdelt.left_out.values()) == gdelt.skipped and "undated" in gdelt.reasons()
    assert plover.left_out and sum(plover.left_out.values()) == plover.skipped
    assert gdelt.to_dict()["left_out"] == gdelt.left_out and report.date_by == "report"
