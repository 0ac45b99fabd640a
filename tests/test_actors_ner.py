"""Named people and organisations the lexicon lacks (issue 14; generic.yaml ``ner``, docs/actors.md).

A PERSON/ORG name spaCy finds that no lexicon rule resolved becomes an actor with what the text says about it,
else an empty code; writers, datelines and sport pages stay without events.  Sentences are the team's own.
"""

from __future__ import annotations

from datetime import date

import pytest

from newsgraph.actors import ActorFinder, is_actor
from newsgraph.dyads import check_dyad, same_code
from newsgraph.lexicon import load_lexicon
from newsgraph.records import Actor, ActorRef, Event

D = date(2025, 3, 4)


@pytest.fixture(scope="module")
def finder(nlp):  # type: ignore[no-untyped-def]
    return ActorFinder(nlp.vocab, load_lexicon(None)).build(nlp.make_doc)


def _actors(nlp, finder, text: str) -> dict[str, Actor]:  # type: ignore[no-untyped-def]
    return {m.actor.text: m.actor for m in finder.mentions(nlp(text), on=D) if is_actor(m.actor)}


@pytest.mark.parametrize(
    ("text", "span", "code", "country", "kind"),
    [
        ("Tomasz Wierzba, leader of the Free Farmers party, was detained at the border.", "Tomasz Wierzba", "PTY",
         None, "person"),
        ("Halvard Brekke, the mayor, refused to meet the strikers.", "Halvard Brekke", "GOV", None, "person"),
        ("Kestrel Dynamics AG paid the fine imposed by the regulator.", "Kestrel Dynamics AG", "BUS", None,
         "organisation"),
        ("Germany's Kestrel Dynamics signed a supply deal with the navy.", "Kestrel Dynamics", "DEU", "DEU",
         "organisation"),
        ("Rosalind Achterberg accused the council of hiding the report.", "Rosalind Achterberg", "", None, "person"),
        ("Orvane Logistics sued the port authority over the contract.", "Orvane Logistics", "", None,
         "organisation"),
        ("Kenji Arakawa, the United Nations relief coordinator, demanded access to the camps.", "Kenji Arakawa",
         "IGOUNO", None, "person"),
    ],
)  # fmt: skip
def test_unknown_names_become_actors_with_what_the_text_supports(  # type: ignore[no-untyped-def]
    nlp, finder, text: str, span: str, code: str, country: str | None, kind: str
) -> None:
    found = _actors(nlp, finder, text)
    assert span in found, found
    a = found[span]
    assert (a.code, a.country, a.kind) == (code, country, kind)
    assert (a.via or "").startswith(("ner", "named-org"))  # "AG" is an org_heads word: the named-org rule


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Keith Bradsher contributed reporting from the coast.", "Keith Bradsher"),
        ("By Marisol Quenby\nThe ferry service resumed on Monday.", "Marisol Quenby"),
        ("LISBON, Portugal (Meridian) — The ferry service resumed on Monday.", "Meridian"),
        ("The Cabrera administration announced new road tolls.", "Cabrera"),  # a modifier, not an argument
        ("A roadside bomb near the town of Qaryat Halwan wounded two soldiers.", "Qaryat Halwan"),  # a place
    ],
)
def test_writers_datelines_and_modifiers_are_not_actors(nlp, finder, text: str, span: str) -> None:  # type: ignore[no-untyped-def]
    found = _actors(nlp, finder, text)
    assert not any(span in k for k in found), found


def test_known_names_keep_the_lexicon_reading(nlp, finder) -> None:  # type: ignore[no-untyped-def]
    found = _actors(nlp, finder, "Erdogan met Amina Farouk, a Sudanese lawyer, in Ankara.")
    assert found["Erdogan"].via != "ner" and found["Erdogan"].code == "TURGOV"
    assert found["Amina Farouk"].country == "SDN", found


def test_sport_page_names_make_no_events(extractor) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Marco Velletti scored twice as Harbor City beat Riverside Rovers 3-1 on Saturday.\n\n"
        "Velletti, who joined from Port Alden in the summer, struck in the tenth minute. "
        "Goalkeeper Dan Okafor saved a penalty from Luis Tarragon before half-time. "
        "Rovers coach Ellen Marsh praised her young side after the match. "
        "Harbor City play Kingsbridge United next weekend, and Velletti is expected to start."
    )
    assert extractor.extract(text).events == []


def _ref(a: Actor) -> ActorRef:
    return ActorRef(name=a.name, code=a.code, country=a.country, text=a.text, start=a.start, end=a.end)


def test_two_empty_codes_are_not_one_actor() -> None:
    s = "Rosalind Achterberg sued Orvane Logistics."
    a = Actor(text="Rosalind Achterberg", start=0, end=19, name="Rosalind Achterberg", code="", country=None,
              sector=None, kind="person", id="ner:person:achterberg", via="ner")  # fmt: skip
    b = Actor(text="Orvane Logistics", start=25, end=41, name="Orvane Logistics", code="", country=None,
              sector=None, kind="organisation", id="ner:org:orvane logistics", via="ner")  # fmt: skip
    ev = Event(
        id="e1", source=(_ref(a),), target=(_ref(b),), cameo="115", cameo_root="11", quad=3, goldstein=-2.0,
        plover="ACCUSE", mode=None, date=None, date_source="none", location=None, location_source=None, sentence=s,
        sentence_start=0, start=20, end=24, trigger="sued", flags=(), extractor="test",
    )  # fmt: skip
    assert not same_code(ev)
    assert check_dyad(ev, [a, b]).target == (_ref(b),)  # kept: two actors, not one read twice
    same = Event(**{**ev.__dict__, "target": (_ref(a),)})
    assert check_dyad(same, [a]).target == ()  # one mention read as both sides


def test_uncoded_actors_export(extractor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An event whose source has an empty code goes through the store and every export: blank actor code."""
    import csv
    import json

    from newsgraph.export import GDELT_COLUMNS, export_store
    from newsgraph.store import Store

    text = "Rosalind Achterberg accused Chile of hiding the report on the mine."
    res = extractor.extract(text, published="2025-03-04")
    ev = next(e for e in res.events if e.source)
    assert [(a.text, a.code) for a in ev.source] == [("Rosalind Achterberg", "")]
    assert [a.code for a in ev.target] == ["CHL"]
    with Store(tmp_path / "x.duckdb") as s:
        s.write([res])
        s.cluster_events()
        for fmt, out in (("gdelt", "e.tsv"), ("plover", "e.jsonl"), ("csv", "csv")):
            export_store(s, fmt, tmp_path / out)
    rows = list(
        csv.reader((tmp_path / "e.tsv").open(encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE)
    )
    row = dict(zip(GDELT_COLUMNS, rows[0], strict=True))
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor2Code"]) == ("", "", "CHL")
    rec = json.loads((tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert rec["actor"][0] == {"entity_text": "Rosalind Achterberg", "identifier_text": "Rosalind Achterberg"}
    assert rec["recipient"][0]["code"] == "CHL"  # PLOVER: an uncoded entity has text and no code
