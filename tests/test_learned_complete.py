"""Completing one-sided events from pair candidates (newsgraph.learned.pairs.completion; docs/models.md).

Team-written sentences: a pattern event that found its source but not its target takes the other actor of a pair
candidate on its verb chain; a place the verb only locates ("near", "in") is never taken as the target."""

from __future__ import annotations

from newsgraph.learned.pairs import one_sided
from newsgraph.pipeline import Extractor
from newsgraph.records import ActorRef, Event


def _dyads(ex: Extractor, text: str) -> list[tuple[str | None, tuple[str, ...], tuple[str, ...]]]:
    res = ex.extract(text)
    return [(e.plover, tuple(a.code for a in e.source), tuple(a.code for a in e.target)) for e in res.events]


def test_shipped_model_completes_with_its_threshold(extractor) -> None:  # type: ignore[no-untyped-def]
    typer = extractor.typer
    assert typer.complete_threshold == typer.model.card["complete_threshold"] > typer.pair_threshold


def test_agreement_gets_the_country_further_down_the_verb_chain(extractor) -> None:  # type: ignore[no-untyped-def]
    got = _dyads(extractor, "Kazakhstan agreed to open its borders for relief convoys to enter Kyrgyzstan.")
    assert ("AGREE", ("KAZ",), ("KGZ",)) in got


def test_a_place_that_only_locates_is_not_the_target(extractor) -> None:  # type: ignore[no-untyped-def]
    got = _dyads(extractor, "Argentine police have arrested the son of a former minister near Uruguay.")
    assert got and all("URY" not in target for _, _, target in got)


def _ev(
    source: tuple[ActorRef, ...], target: tuple[ActorRef, ...], extractor: str = "newsgraph.events.v1"
) -> Event:
    return Event(id="x", source=source, target=target, cameo="084", cameo_root="08", quad=2, goldstein=7.0,
                 plover="RETREAT", mode=None, date=None, date_source="none", location=None, location_source=None,
                 sentence="s", sentence_start=0, start=0, end=1, trigger="freed", flags=(),
                 extractor=extractor)  # fmt: skip


def test_one_sided_counts_the_implicit_own_country_target_as_missing() -> None:
    police = ActorRef(name="Chile", code="CHLCOP", country="CHL", text="Chilean police", start=0, end=14)
    own = ActorRef(name="Chile", code="CHL", country="CHL", text="Chilean police", start=0, end=14)
    other = ActorRef(name="Peru", code="PER", country="PER", text="Peru", start=30, end=34)
    assert one_sided(_ev((police,), ())) == "target"
    # "Chilean police freed ...": the implicit target CHL stands on the source's own mention
    assert one_sided(_ev((police,), (own,))) == "target"
    assert one_sided(_ev((police,), (other,))) is None
    assert one_sided(_ev((), (other,))) == "source"
    assert one_sided(_ev((police, other), ())) is None  # reciprocal: all parties in source
    assert one_sided(_ev((police,), (), extractor="newsgraph.events.v1+pairs")) is None  # a pair candidate


def test_flagged_candidates_need_a_sure_model_and_denials_stay(extractor) -> None:  # type: ignore[no-untyped-def]
    typer = extractor.typer
    assert typer.model.threshold < typer.flagged_threshold == typer.model.card["flagged_threshold"] < 1.0
    considering = _dyads(extractor, "Portugal is considering sending aid to Mozambique after the floods.")
    # an option weighed (at most a CAMEO 01 statement, no PLOVER type), not an intention to give aid
    assert all(plover is None for plover, _, _ in considering)
    denial = extractor.extract("He said Ankara would not arm groups that fight against a neighbouring state.")
    assert any("negated" in e.flags for e in denial.events)  # a denial is news: never dropped by the model
