"""Schema and fact checks for the actor lexicon data files (no project loader needed)."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ACTORS = Path(__file__).resolve().parents[1] / "src" / "newsgraph" / "data" / "actors"
HEADER = "# newsgraph actor lexicon v1 — "
REGIONS = {"Africa", "Americas", "Asia", "Europe", "Oceania"}
SECTORS = {
    "GOV", "MIL", "COP", "REB", "OPP", "JUD", "LEG", "CVL", "REF", "BUS", "JRN", "MED", "PTY", "SPY",
    "LAB", "EDU", "REL", "CRM", "UAF", "ELI", "AGR", "HRI",
}  # fmt: skip
HISTORICAL = {"USR", "YUG", "CSK", "DDR"}


@cache
def load(name: str) -> Any:
    return yaml.safe_load((ACTORS / name).read_text(encoding="utf-8"))


def states() -> list[dict[str, Any]]:
    return [e for e in load("countries.yaml") if "code" in e]


def ambiguous() -> list[dict[str, Any]]:
    tails = [e for e in load("countries.yaml") if "ambiguous" in e]
    assert len(tails) == 1
    return list(tails[0]["ambiguous"])


def by_code() -> dict[str, dict[str, Any]]:
    return {e["code"]: e for e in states()}


def norm(text: str) -> str:
    """Key used for clash checks: case-folded, leading 'the' dropped."""
    return re.sub(r"^the ", "", text.casefold())


def country_forms(entry: dict[str, Any]) -> set[str]:
    forms = [*entry["names"], *entry["adjectives"], *entry["demonyms"], *entry["metonyms"]]
    forms += [s["text"] for s in entry["seats"]]
    return {norm(f) for f in forms}


@pytest.mark.parametrize(
    "name",
    ["countries.yaml", "organisations.yaml", "groups.yaml", "sectors.yaml", "titles.yaml", "generic.yaml"],
)
def test_header(name: str) -> None:
    first = (ACTORS / name).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(HEADER)
    assert "ISO 3166, FIPS 10-4, UN membership lists" in first
    assert first.endswith("written by the newsgraph team")


def test_state_counts_and_codes() -> None:
    entries = states()
    codes = [e["code"] for e in entries]
    assert len(codes) == len(set(codes))
    assert sum(e["un"] == "member" for e in entries) == 193
    assert {e["code"] for e in entries if e["un"] == "observer"} == {"VAT", "PSE"}
    assert {"XKX", "TWN", "HKG", "MAC", "PSE", "ESH"} | HISTORICAL <= set(codes)
    assert by_code()["HKG"]["un"] == by_code()["MAC"]["un"] == "none"


def test_state_fields() -> None:
    fields = ["code", "iso2", "fips", "name", "names", "adjectives", "demonyms", "capital", "metonyms"]
    for e in states():
        assert list(e)[: len(fields)] == fields, e["code"]
        assert re.fullmatch(r"[A-Z]{3}", e["code"])
        assert e["region"] in REGIONS and e["un"] in {"member", "observer", "none"}
        assert e["name"] in e["names"] and e["adjectives"], e["code"]
        assert all(s["sector"] in SECTORS for s in e["seats"])
        if e["code"] not in HISTORICAL:
            assert re.fullmatch(r"[A-Z]{2}", e["iso2"]) and re.fullmatch(r"[A-Z]{2}", e["fips"]), e["code"]
    iso2 = [e["iso2"] for e in states()]
    fips = [e["fips"] for e in states() if e["fips"]]
    assert len(iso2) == len(set(iso2)) and len(fips) == len(set(fips))


@pytest.mark.parametrize(
    ("code", "fips"),
    [("DEU", "GM"), ("GBR", "UK"), ("RUS", "RS"), ("CHN", "CH"), ("JPN", "JA"), ("ISR", "IS"),
     ("PSE", "WE"), ("XKX", "KV"), ("TWN", "TW"), ("TUR", "TU"), ("USA", "US"), ("IRQ", "IZ"),
     ("SRB", "RI"), ("SDN", "SU"), ("UKR", "UP"), ("MMR", "BM"), ("COD", "CG"), ("COG", "CF")],
)  # fmt: skip
def test_fips(code: str, fips: str) -> None:
    assert by_code()[code]["fips"] == fips


def resolve_state(text: str) -> set[str]:
    return {e["code"] for e in states() if norm(text) in country_forms(e)}


@pytest.mark.parametrize(
    ("text", "code"),
    [("Kiev", "UKR"), ("Kyiv", "UKR"), ("Burma", "MMR"), ("Rangoon", "MMR"), ("Naypyidaw", "MMR"),
     ("Zaire", "COD"), ("DR Congo", "COD"), ("DRC", "COD"), ("Swaziland", "SWZ"), ("Ivory Coast", "CIV"),
     ("Côte d'Ivoire", "CIV"), ("Cote d'Ivoire", "CIV"), ("Türkiye", "TUR"), ("the U.S.", "USA"),
     ("America", "USA"), ("Britain", "GBR"), ("U.K.", "GBR"), ("UAE", "ARE"), ("Emirati", "ARE"),
     ("DPRK", "PRK"), ("ROK", "KOR"), ("Britons", "GBR"), ("Congolese", "COD"), ("Washington", "USA"),
     ("Ankara", "TUR"), ("Nur-Sultan", "KAZ"), ("Persia", "IRN"), ("Holy See", "VAT"), ("Gaza", "PSE"),
     ("Kosovar", "XKX"), ("Formosa", "TWN"), ("USSR", "USR"), ("East Germany", "DDR"), ("Sahrawi", "ESH")],
)  # fmt: skip
def test_state_forms(text: str, code: str) -> None:
    assert resolve_state(text) == {code}


@pytest.mark.parametrize(
    ("text", "code", "sector"),
    [("the Kremlin", "RUS", "GOV"), ("Zhongnanhai", "CHN", "GOV"), ("the Pentagon", "USA", "MIL"),
     ("the White House", "USA", "GOV"), ("Langley", "USA", "SPY"), ("Capitol Hill", "USA", "LEG"),
     ("Downing Street", "GBR", "GOV"), ("Westminster", "GBR", "LEG"), ("the Élysée", "FRA", "GOV"),
     ("the Knesset", "ISR", "LEG"), ("the Duma", "RUS", "LEG"), ("Bankova", "UKR", "GOV"),
     ("South Block", "IND", "GOV"), ("Kasumigaseki", "JPN", "GOV"), ("the Bundestag", "DEU", "LEG")],
)  # fmt: skip
def test_seats(text: str, code: str, sector: str) -> None:
    seats = {s["text"]: s["sector"] for s in by_code()[code]["seats"]}
    assert seats[text] == sector
    assert resolve_state(text) == {code}


def all_forms() -> dict[str, set[str]]:
    owners: dict[str, set[str]] = defaultdict(set)
    for e in states():
        for form in country_forms(e):
            owners[form].add(e["code"])
    for o in load("organisations.yaml"):
        for form in [*o["names"], *o["metonyms"]]:
            owners[norm(form)].add("org:" + o["id"])
    for g in load("groups.yaml"):
        for form in [*g["names"], *g.get("members", [])]:
            owners[norm(form)].add("group:" + g["id"])
    return owners


def test_no_form_maps_to_two_entries() -> None:
    listed = {norm(a["text"]) for a in ambiguous()}
    clashes = {t: o for t, o in all_forms().items() if len(o) > 1 and t not in listed}
    assert clashes == {}


def test_ambiguous_list() -> None:
    codes = set(by_code())
    for item in ambiguous():
        assert set(item["codes"]) <= codes, item
        owners = resolve_state(item["text"])
        assert owners <= {item["codes"][0]}, item  # only the default reading lists the form


def test_organisations() -> None:
    orgs = load("organisations.yaml")
    ids = {o["id"] for o in orgs}
    assert len(orgs) >= 80 and len(ids) == len(orgs)
    for o in orgs:
        assert o["code"] in {"IGO", "NGO", "MNC"} and o["kind"] == "organisation"
        assert o["parent"] is None or o["parent"] in ids
        assert o["country"] is None or o["country"] in by_code()


@pytest.mark.parametrize(
    ("text", "org_id"),
    [("Brussels", "eu"), ("U.N.", "un"), ("UN", "un"), ("U.N. Security Council", "un-security-council"),
     ("NATO", "nato"), ("Doctors Without Borders", "msf"), ("Médecins Sans Frontières", "msf"),
     ("Syrian Observatory for Human Rights", "sohr"), ("OPEC+", "opec-plus"), ("ECB", "ecb")],
)  # fmt: skip
def test_organisation_forms(text: str, org_id: str) -> None:
    assert all_forms()[norm(text)] == {"org:" + org_id}


def test_groups() -> None:
    groups = load("groups.yaml")
    assert len(groups) >= 80 and len({g["id"] for g in groups}) == len(groups)
    for g in groups:
        assert g["kind"] == "group" and g["sector"] in SECTORS
        if g["country"] is None:
            assert g["code"] == "IMG"
        else:
            assert g["country"] in by_code() and g["code"] == g["country"] + g["sector"]


@pytest.mark.parametrize(
    ("text", "country", "sector"),
    [("Hezbollah", "LBN", "REB"), ("Ansar Allah", "YEM", "REB"), ("Daesh", None, "REB"),
     ("ISIL", None, "REB"), ("al-Shabaab", "SOM", "REB"), ("IRGC", "IRN", "MIL"),
     ("Wagner Group", "RUS", "UAF"), ("Fatah", "PSE", "PTY"), ("Polisario Front", "ESH", "REB"),
     ("Sinaloa cartel", "MEX", "CRM"), ("CCP", "CHN", "PTY"), ("GOP", "USA", "PTY")],
)  # fmt: skip
def test_group_forms(text: str, country: str | None, sector: str) -> None:
    matches = [g for g in load("groups.yaml") if norm(text) in {norm(n) for n in g["names"]}]
    assert [(g["country"], g["sector"]) for g in matches] == [(country, sector)]


def test_sectors() -> None:
    sectors = load("sectors.yaml")
    assert set(sectors) <= SECTORS
    nouns = [n for words in sectors.values() for n in words]
    assert len(nouns) >= 200 and len(nouns) == len(set(nouns))
    assert all(n == n.lower().strip() for n in nouns)
    for noun, sector in [("mercenaries", "UAF"), ("protesters", "CVL"), ("security forces", "COP"),
                         ("journalists", "JRN"), ("doctors", "MED"), ("troops", "MIL")]:  # fmt: skip
        assert noun in sectors[sector]


def test_titles() -> None:
    titles = load("titles.yaml")
    assert len(titles) >= 120
    assert len({t["text"].casefold() for t in titles}) == len(titles)
    table = {t["text"]: t["sector"] for t in titles}
    assert all(s in SECTORS for s in table.values())
    for text, sector in [("defence minister", "GOV"), ("defense minister", "GOV"), ("Gen.", "MIL"),
                         ("chief justice", "JUD"), ("police chief", "COP"), ("opposition leader", "OPP"),
                         ("rebel leader", "REB"), ("Sen.", "LEG"), ("PM", "GOV"), ("ayatollah", "REL")]:  # fmt: skip
        assert table[text] == sector


def test_generic_rules_use_sectors_yaml() -> None:
    """generic.yaml names sectors of sectors.yaml, and its nouns that may not stand alone are sector nouns."""
    sectors = load("sectors.yaml")
    nouns = {str(n) for words in sectors.values() for n in words}
    generic = load("generic.yaml")
    assert set(generic["alone"]) <= set(sectors)
    assert set(generic["org_heads"]) <= set(sectors)
    assert set(generic["not_alone"]) | set(generic["counted"]) <= nouns
    assert all({"text", "span", "code"} <= set(ex) for ex in generic["examples"])
