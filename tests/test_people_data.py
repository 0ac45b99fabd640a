"""Checks on the people lexicon (src/newsgraph/data/actors/people.yaml).

The file is read with ``yaml.safe_load`` only; no project code is imported.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
import yaml

PEOPLE_PATH = Path(__file__).resolve().parents[1] / "src" / "newsgraph" / "data" / "actors" / "people.yaml"
SECTORS = {"GOV", "MIL", "REB", "OPP", None}
ORGS = {"un", "nato", "eu"}
PERSON_KEYS = {"id", "name", "aliases", "gender", "country", "roles"}

Person = dict[str, Any]


@lru_cache(maxsize=1)
def load_people() -> tuple[Person, ...]:
    data = yaml.safe_load(PEOPLE_PATH.read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return tuple(data)


def all_roles() -> list[tuple[str, dict[str, Any]]]:
    return [(p["id"], role) for p in load_people() for role in p["roles"]]


def as_date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def person_by_alias(alias: str) -> Person:
    wanted = alias.casefold()
    found = [p for p in load_people() if wanted in {n.casefold() for n in [p["name"], *p["aliases"]]}]
    assert len(found) == 1, f"{alias!r} matches {len(found)} people"
    return found[0]


def in_office(person: Person, day: dt.date) -> bool:
    """True when any role of the person covers ``day`` (start inclusive, end exclusive)."""
    for role in person["roles"]:
        end = role["end"]
        if as_date(role["start"]) <= day and (end is None or day < as_date(end)):
            return True
    return False


def test_file_has_header_comment() -> None:
    first = PEOPLE_PATH.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# newsgraph actor lexicon v1")


def test_at_least_400_roles() -> None:
    assert len(all_roles()) >= 400


def test_person_records_have_the_schema_keys() -> None:
    for person in load_people():
        assert set(person) == PERSON_KEYS, person.get("id")
        assert person["gender"] in {"m", "f"}, person["id"]
        assert isinstance(person["aliases"], list), person["id"]
        assert person["roles"], person["id"]
        country = person["country"]
        assert isinstance(country, str) and len(country) == 3 and country.isupper()


def test_ids_are_unique_and_ascii_lowercase() -> None:
    ids = [p["id"] for p in load_people()]
    assert len(ids) == len(set(ids))
    for ident in ids:
        assert ident.isascii() and ident == ident.lower() and " " not in ident, ident


def test_roles_have_office_dates_and_sector() -> None:
    for pid, role in all_roles():
        assert role.get("office"), pid
        assert role["sector"] in SECTORS, (pid, role)
        start = as_date(role["start"])
        # 1945: the earliest start in the file is Bhumibol Adulyadej (King of Thailand from 1946-06-09)
        assert dt.date(1945, 1, 1) <= start <= dt.date(2026, 12, 31), (pid, role)
        if role["end"] is not None:
            assert start <= as_date(role["end"]), (pid, role)


def test_roles_name_a_country_or_an_organisation() -> None:
    for pid, role in all_roles():
        if role.get("org") is not None:
            assert role["org"] in ORGS, (pid, role)
            assert role["country"] is None and role["sector"] is None, (pid, role)
        else:
            country = role["country"]
            assert isinstance(country, str) and len(country) == 3, (pid, role)
            assert role["sector"] is not None, (pid, role)


def test_no_alias_is_shared_by_two_people() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for person in load_people():
        for alias in [person["name"], *person["aliases"]]:
            owners[alias.casefold()].add(person["id"])
    shared = {alias: ids for alias, ids in owners.items() if len(ids) > 1}
    assert shared == {}


DATED_FACTS = [
    ("Lula", "2024-06-01", "BRA", True),
    ("Lula", "2015-06-01", "BRA", False),
    ("Lula", "2005-06-01", "BRA", True),
    ("Boris Johnson", "2023-01-01", "GBR", False),
    ("Boris Johnson", "2020-01-01", "GBR", True),
    ("Erdogan", "2010-05-01", "TUR", True),
    ("Erdoğan", "2001-05-01", "TUR", False),
    ("Trump", "2018-06-01", "USA", True),
    ("Trump", "2022-06-01", "USA", False),
    ("Trump", "2025-03-01", "USA", True),
    ("Biden", "2015-01-01", "USA", True),
    ("Biden", "2019-01-01", "USA", False),
    ("Biden", "2025-02-01", "USA", False),
    ("Starmer", "2025-01-01", "GBR", True),
    ("Sunak", "2024-08-01", "GBR", False),
    ("Merz", "2025-06-01", "DEU", True),
    ("Merkel", "2022-06-01", "DEU", False),
    ("Scholz", "2025-06-01", "DEU", False),
    ("Macron", "2016-01-01", "FRA", False),
    ("Macron", "2024-01-01", "FRA", True),
    ("Meloni", "2023-01-01", "ITA", True),
    ("Draghi", "2023-01-01", "ITA", False),
    ("Ishiba", "2025-01-01", "JPN", True),
    ("Ishiba", "2025-12-01", "JPN", False),
    ("Takaichi", "2025-12-01", "JPN", True),
    ("Carney", "2025-06-01", "CAN", True),
    ("Trudeau", "2025-06-01", "CAN", False),
    ("Sheinbaum", "2025-01-01", "MEX", True),
    ("López Obrador", "2025-01-01", "MEX", False),
    ("Milei", "2024-01-01", "ARG", True),
    ("Prabowo", "2025-01-01", "IDN", True),
    ("Jokowi", "2025-01-01", "IDN", False),
    ("Ramaphosa", "2024-01-01", "ZAF", True),
    ("Lee Jae-myung", "2025-07-01", "KOR", True),
    ("Yoon Suk Yeol", "2025-07-01", "KOR", False),
    ("Albanese", "2023-01-01", "AUS", True),
    ("Modi", "2010-01-01", "IND", False),
    ("Modi", "2020-01-01", "IND", True),
    ("Xi Jinping", "2020-01-01", "CHN", True),
    ("Putin", "2010-01-01", "RUS", True),
    ("Medvedev", "2021-01-01", "RUS", False),
    ("Lavrov", "2020-01-01", "RUS", True),
    ("Shoigu", "2023-01-01", "RUS", True),
    ("Belousov", "2023-01-01", "RUS", False),
    ("Zelensky", "2022-03-01", "UKR", True),
    ("Zelenskyy", "2018-03-01", "UKR", False),
    ("Netanyahu", "2000-06-01", "ISR", False),
    ("Bibi", "2015-06-01", "ISR", True),
    ("Netanyahu", "2024-01-01", "ISR", True),
    ("Abbas", "2010-01-01", "PSE", True),
    ("Khamenei", "2024-01-01", "IRN", True),
    ("Pezeshkian", "2024-01-01", "IRN", False),
    ("Pezeshkian", "2025-01-01", "IRN", True),
    ("Zarif", "2020-01-01", "IRN", True),
    ("Araghchi", "2025-01-01", "IRN", True),
    ("Nasrallah", "2024-10-15", "LBN", False),
    ("Nasrallah", "2020-01-01", "LBN", True),
    ("Sinwar", "2024-09-01", "PSE", True),
    ("Navalny", "2024-06-01", "RUS", False),
    ("Guaidó", "2020-01-01", "VEN", True),
    ("Hemedti", "2024-01-01", "SDN", True),
    ("Burhan", "2024-01-01", "SDN", True),
    ("Akhundzada", "2022-01-01", "AFG", True),
    ("Bashar al-Assad", "2025-03-01", "SYR", False),
    ("Ahmed al-Sharaa", "2025-03-01", "SYR", True),
    ("Stoltenberg", "2023-01-01", "NOR", True),
    ("Rutte", "2025-01-01", "NLD", True),
    ("Guterres", "2020-01-01", "PRT", True),
    ("Kaja Kallas", "2025-01-01", "EST", True),
    ("Borrell", "2025-01-01", "ESP", False),
    ("Mohammed bin Salman", "2023-01-01", "SAU", True),
    ("Shehbaz Sharif", "2024-06-01", "PAK", True),
    ("Shehbaz Sharif", "2023-10-01", "PAK", False),
    ("Hemedti", "2018-01-01", "SDN", False),
    ("Sisi", "2016-01-01", "EGY", True),
    ("Mubarak", "2012-01-01", "EGY", False),
    ("Maduro", "2020-01-01", "VEN", True),
    ("Guterres", "2010-01-01", "PRT", False),
    ("Tusk", "2017-01-01", "POL", True),
    ("Tusk", "2021-01-01", "POL", False),
    ("Orbán", "2005-01-01", "HUN", False),
    ("Lukashenko", "2001-01-01", "BLR", True),
    ("Kim Jong Un", "2010-06-01", "PRK", False),
    ("Lai Ching-te", "2025-01-01", "TWN", True),
    ("Tsai Ing-wen", "2025-01-01", "TWN", False),
    ("Pashinyan", "2017-01-01", "ARM", False),
    ("al-Baghdadi", "2015-01-01", "IRQ", True),
    ("Zawahiri", "2023-01-01", "EGY", False),
    ("Abdul-Malik al-Houthi", "2024-01-01", "YEM", True),
    ("Lavrov", "2003-01-01", "RUS", False),
    ("Rubio", "2025-06-01", "USA", True),
    ("Blinken", "2025-06-01", "USA", False),
    ("Hegseth", "2025-06-01", "USA", True),
    ("Kallas", "2022-01-01", "EST", True),
    ("Kallas", "2024-09-01", "EST", False),
]


@pytest.mark.parametrize(("alias", "day", "country", "expected"), DATED_FACTS)
def test_dated_facts(alias: str, day: str, country: str, expected: bool) -> None:
    person = person_by_alias(alias)
    assert person["country"] == country
    assert in_office(person, dt.date.fromisoformat(day)) is expected
