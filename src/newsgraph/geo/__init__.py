"""Places: offline gazetteer, place resolution in a parsed article, datelines and event location."""

from __future__ import annotations

from newsgraph.geo.gazetteer import Candidate, Gazetteer, gazetteer, normalise
from newsgraph.geo.resolve import (
    country_place,
    dateline_place,
    event_location,
    find_dateline,
    main_place,
    resolve_places,
)

__all__ = [
    "Candidate",
    "Gazetteer",
    "country_place",
    "dateline_place",
    "event_location",
    "find_dateline",
    "gazetteer",
    "main_place",
    "normalise",
    "resolve_places",
]
