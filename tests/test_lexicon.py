"""Lexicon loader: phrase tables, case-kept forms, codes, ambiguous forms, variants."""

from __future__ import annotations

import pytest

from newsgraph.lexicon import cased_form, load_lexicon, normalise, org_code, strip_accents


@pytest.mark.parametrize(
    ("phrase", "kind", "code_or_country"),
    [
        ("Turkey", "state", "TUR"),
        ("Türkiye", "state", "TUR"),
        ("Turkish", "adjective", "TUR"),
        ("Turks", "demonym", "TUR"),
        ("Ankara", "metonym", "TUR"),
        ("Kremlin", "seat", "RUS"),
        ("the Kremlin", "seat", "RUS"),
        ("UN", "organisation", "IGOUNO"),
        ("NATO", "organisation", "IGONAT"),
        ("European Commission", "organisation", "IGOEUR"),
        ("B'Tselem", "organisation", "ISRNGO"),
        ("Hezbollah", "group", "LBNREB"),
        ("ISIS", "group", "IMG"),
        ("Recep Tayyip Erdogan", "person", "TUR"),
        ("troops", "sector", "MIL"),
        ("foreign minister", "title", "GOV"),
    ],
)
def test_phrase_tables(phrase: str, kind: str, code_or_country: str) -> None:
    lex = load_lexicon(None)
    entries = [e for e in lex.get(phrase) if e.kind == kind]
    assert entries, lex.get(phrase)
    e = entries[0]
    assert code_or_country in (e.code, e.country, e.sector)


def test_forms_keep_capitals_for_case_rules() -> None:
    lex = load_lexicon(None)
    assert "US" in lex.forms["us"]
    assert "us" not in lex.forms["us"]  # nobody lists the pronoun
    assert "ICE" in lex.forms["ice"]
    assert set(lex.forms["troops"]) == {"troops"}


def test_normalise_and_variants() -> None:
    assert normalise("  Côte   d\u2019Ivoire ") == "côte d'ivoire"
    assert cased_form("Côte  d\u2019Ivoire") == "Côte d'Ivoire"
    assert strip_accents("Erdoğan") == "Erdogan"
    lex = load_lexicon(None)
    assert lex.get("Erdogan") and lex.get("Erdoğan")


def test_org_codes() -> None:
    assert org_code({"code": "IGO", "group": "UNO"}) == "IGOUNO"
    assert org_code({"code": "IGO", "group": None}) == "IGO"
    assert org_code({"code": "NGO", "country": "KEN"}) == "KENNGO"
    assert org_code({"code": "NGO", "country": None}) == "NGO"
    assert org_code({"country": "LBN", "sector": "REB"}) == "LBNREB"


def test_international_roles_carry_the_group() -> None:
    lex = load_lexicon(None)
    guterres = next(e for e in lex.get("António Guterres") if e.kind == "person")
    assert {r.org_code for r in guterres.roles if r.org} == {"IGOUNO"}


def test_ambiguous_forms() -> None:
    lex = load_lexicon(None)
    assert lex.ambiguous["congo"][0] == "COD"
    assert "washington" in lex.ambiguous
