"""Actor lookup: ``newsgraph.lexicon.search`` and ``newsgraph actors search`` (issue 18), names in other scripts."""

from __future__ import annotations

import json

import pytest

from newsgraph.cli import main
from newsgraph.lexicon import _read_yaml, load_lexicon, normalise, search


def _ids(text: str, limit: int = 25) -> list[str]:
    return [h.id for h in search(text, limit=limit)]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Taliban", "group:taliban"),
        ("taliban", "group:taliban"),
        ("TALEBAN", "group:taliban"),
        ("erdogan", "person:erdogan-recep-tayyip"),  # accents folded
        ("Erdoğan", "person:erdogan-recep-tayyip"),
        ("Путин", "person:putin-vladimir"),
        ("путин", "person:putin-vladimir"),
        ("习近平", "person:xi-jinping"),
        ("Ankara", "country:TUR"),  # a capital stands for its state
        ("tur", "country:TUR"),  # a country code
        ("usagov", "country:USA"),
        ("the kremlin", "seat:RUS:the Kremlin"),
    ],
)
def test_search_finds_the_entry_first(query: str, first: str) -> None:
    assert _ids(query)[0] == first


def test_code_search_includes_dated_roles_and_people() -> None:
    hits = search("afggov", limit=200)
    ids = [h.id for h in hits]
    assert "group:taliban" in ids  # by its dated GOV roles, though its default code is AFGREB
    assert any(h.kind == "person" and h.code == "AFGGOV" for h in hits)
    taliban = next(h for h in hits if h.id == "group:taliban")
    assert taliban.code == "AFGREB"
    assert [(r["code"], r["start"], r["end"]) for r in taliban.roles] == [
        ("AFGGOV", "1996-09-27", "2001-11-13"),
        ("AFGGOV", "2021-08-15", None),
    ]
    un = search("igouno", limit=200)
    assert {"organisation:un", "person:guterres-antonio"} <= {h.id for h in un}


def test_person_hit_has_dated_roles_and_latest_code() -> None:
    trump = next(h for h in search("Donald Trump") if h.id == "person:trump-donald")
    assert trump.kind == "person" and trump.code == "USAGOV"
    assert any(r["start"] == "2017-01-20" for r in trump.roles)
    assert trump.to_dict()["roles"][0]["office"]


def test_search_ranks_exact_before_substring_and_limits() -> None:
    hits = search("Congo", limit=3)
    assert len(hits) <= 3
    assert hits[0].kind == "state" and hits[0].country in ("COD", "COG")
    assert search("") == [] and search("   ") == []
    assert search("zzqx-nothing") == []


def test_intl_names_point_to_their_entries_only() -> None:
    """Every name in intl.yaml is read into the lexicon and stands for the entry its item names."""
    lex = load_lexicon(None)
    items = _read_yaml("intl.yaml")
    assert len(items) >= 40
    for item in items:
        entry = lex.by_id[item["ref"]]
        for field in ("names", "capital"):
            for lang, forms in (item.get(field) or {}).items():
                assert len(lang) == 2, lang
                for form in forms:
                    ids = {e.id for e in lex.phrases[normalise(form)]}
                    assert ids == {entry.id}, (form, ids)
                    assert lang in lex.languages[normalise(form)][form]


def test_cli_actors_search_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actors", "search", "Taliban"]) == 0
    out = capsys.readouterr().out
    assert "AFGREB" in out and "AFGGOV" in out and "Taliban" in out
    assert main(["actors", "search", "usagov", "--json", "--limit", "5"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 5 and rows[0]["id"] == "country:USA"
    assert all(r["code"].startswith("USA") for r in rows)


def test_cli_actors_search_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actors", "search", " "]) != 0
    assert "needs a name" in capsys.readouterr().err
    assert main(["actors", "search", "qqqzzz"]) == 0
    assert "no actor matches" in capsys.readouterr().out
