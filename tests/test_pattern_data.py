"""Checks on the event-pattern data files (verbs.tsv, nouns.tsv, modality.yaml).

The TSV files are read through the coder's own reader (``newsgraph.events.patterns.raw_rows``), cells as written;
the matching engine is not needed. tests/test_events_patterns.py runs every row's example through it.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import pytest
import yaml

from newsgraph.events.patterns import raw_rows

DATA = Path(__file__).resolve().parents[1] / "src" / "newsgraph" / "data"
EVENTS = DATA / "events"
VERB_HEADER = ["code", "lemma", "particle", "object", "prep", "mode", "example"]
NOUN_HEADER = ["code", "lemma", "prep", "modifier", "mode", "example"]
LIGHT_VERBS = {
    "hold", "make", "take", "give", "launch", "carry", "impose", "express",
    "sign", "pay", "issue", "reach", "conduct", "stage", "have", "do", "put",
}  # fmt: skip
BANNED_SPEECH = {"say", "tell", "report", "add", "note"}
ROOTS = [f"{i:02d}" for i in range(1, 21)]
PLOVER_MODES = {
    "visit", "phone", "third-party", "multilateral", "withdraw", "release", "disarm",
    "ceasefire", "access", "resign", "assist", "change", "yield", "meet", "disapprove",
    "investigate", "allege", "restrict", "arrest", "relations", "expel", "territory",
    "violence", "demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize",
    "convict", "discontinue", "troops", "weapons", "police", "militia", "seize", "censor",
    "curfew", "martial-law", "deport", "withhold", "misinformation", "cyber", "abduct",
    "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms",
    "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control",
    "unconventional", "assassinate", "massacre", "cleansing",
}  # fmt: skip


@cache
def read_tsv(name: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a pattern TSV, skipping `#` comment lines (the coder's reader)."""
    header, rows = raw_rows(name)
    for _, cells in rows:
        assert len(cells) == len(header) and all(v is not None for v in cells.values()), cells
    return header, [cells for _, cells in rows]


def verbs() -> list[dict[str, str]]:
    return read_tsv("verbs.tsv")[1]


def nouns() -> list[dict[str, str]]:
    return read_tsv("nouns.tsv")[1]


@cache
def cameo_codes() -> frozenset[str] | None:
    path = DATA / "cameo.tsv"
    if not path.exists():
        return None
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return frozenset(row["code"] for row in csv.DictReader(lines, delimiter="\t"))


@pytest.mark.parametrize(("name", "header"), [("verbs.tsv", VERB_HEADER), ("nouns.tsv", NOUN_HEADER)])
def test_header(name: str, header: list[str]) -> None:
    assert read_tsv(name)[0] == header


def test_row_counts() -> None:
    assert len(verbs()) >= 1150
    assert len(verbs()) + len(nouns()) >= 1500


def test_code_coverage() -> None:
    codes = {r["code"] for r in verbs() + nouns()}
    assert len(codes) >= 160
    assert {c[:2] for c in codes} == set(ROOTS)


def test_codes_are_cameo() -> None:
    known = cameo_codes()
    if known is None:
        pytest.skip("src/newsgraph/data/cameo.tsv does not exist yet")
    unknown = sorted({r["code"] for r in verbs() + nouns()} - known)
    assert unknown == []


@pytest.mark.parametrize("name", ["verbs.tsv", "nouns.tsv"])
def test_code_format(name: str) -> None:
    for row in read_tsv(name)[1]:
        code = row["code"]
        assert code.isdigit() and 2 <= len(code) <= 4, row


@pytest.mark.parametrize("name", ["verbs.tsv", "nouns.tsv"])
def test_no_exact_duplicates(name: str) -> None:
    rows = [tuple(r.values()) for r in read_tsv(name)[1]]
    dupes = [r for r, n in Counter(rows).items() if n > 1]
    assert dupes == []


@pytest.mark.parametrize("name", ["verbs.tsv", "nouns.tsv"])
def test_examples_and_lower_case(name: str) -> None:
    for row in read_tsv(name)[1]:
        assert row["example"].strip(), row
        for col in ("lemma", "particle", "object", "prep", "modifier", "mode"):
            value = row.get(col, "")
            assert value == value.lower() and value == value.strip(), row
            assert " " not in value, row


def test_no_bare_light_verbs() -> None:
    bad = [r for r in verbs() if r["lemma"] in LIGHT_VERBS and not r["object"] and not r["particle"]]
    assert bad == []


def test_plain_speech_verbs_not_events() -> None:
    assert [r for r in verbs() if r["lemma"] in BANNED_SPEECH and not (r["object"] or r["particle"])] == []


def test_verb_keys_unambiguous() -> None:
    """An object lemma belongs to one row per (lemma, particle); object-less rows agree on code."""
    by_object: dict[tuple[str, str, str], str] = {}
    bare: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in verbs():
        key = (r["lemma"], r["particle"])
        if not r["object"]:
            bare[key].add(r["code"])
            continue
        for obj in r["object"].split("|"):
            assert (*key, obj) not in by_object, r
            by_object[(*key, obj)] = r["code"]
    assert {k: v for k, v in bare.items() if len(v) > 1} == {}


def test_noun_keys_unambiguous() -> None:
    keys = Counter((r["lemma"], r["modifier"]) for r in nouns())
    assert [k for k, n in keys.items() if n > 1] == []


@pytest.mark.parametrize("name", ["verbs.tsv", "nouns.tsv"])
def test_modes_are_plover(name: str) -> None:
    modes = {r["mode"] for r in read_tsv(name)[1]} - {""}
    assert modes <= PLOVER_MODES


@pytest.mark.parametrize(
    ("lemma", "particle", "obj", "code"),
    [
        ("accuse", "", "", "112"),
        ("visit", "", "", "042"),
        ("hold", "", "talk", "040"),
        ("impose", "", "sanction", "163"),
        ("impose", "", "curfew", "1723"),
        ("launch", "", "attack", "190"),
        ("sign", "", "agreement", "057"),
        ("crack", "down", "", "175"),
        ("call", "off", "talk", "164"),
        ("shell", "", "", "194"),
        ("criticise", "", "", "111"),
        ("mobilise", "", "", "154"),
    ],
)
def test_known_patterns(lemma: str, particle: str, obj: str, code: str) -> None:
    hits = [
        r["code"]
        for r in verbs()
        if r["lemma"] == lemma
        and r["particle"] == particle
        and (obj in r["object"].split("|") if obj else not r["object"])
    ]
    assert hits and set(hits) == {code}


@pytest.mark.parametrize(
    ("lemma", "modifier", "code"),
    [("visit", "", "042"), ("attack", "drone", "195"), ("bombing", "suicide", "1831")],
)
def test_known_nouns(lemma: str, modifier: str, code: str) -> None:
    assert [r["code"] for r in nouns() if (r["lemma"], r["modifier"]) == (lemma, modifier)] == [code]


def test_modality_lists_are_loaded() -> None:
    """The coder's cue sets are modality.yaml's lists (lower-cased), not a copy in code."""
    from newsgraph.events import load_cues

    data = yaml.safe_load((EVENTS / "modality.yaml").read_text(encoding="utf-8"))
    cues = load_cues()
    assert cues.denial == frozenset(data["denial_verbs"]) and cues.future == frozenset(data["future"])
    assert cues.hypothetical == frozenset(data["hypothetical"]) and cues.alleged == frozenset(data["alleged"])
    assert cues.negation == frozenset(data["negation"]) and cues.reporting == frozenset(
        data["reporting_verbs"]
    )


def test_modality_lists() -> None:
    data = yaml.safe_load((EVENTS / "modality.yaml").read_text(encoding="utf-8"))
    expected = {
        "negation", "denial_verbs", "future", "hypothetical", "alleged",
        "reporting_verbs", "opinion_cues",
    }  # fmt: skip
    assert set(data) == expected
    for name, cues in data.items():
        assert isinstance(cues, list) and cues, name
        assert all(isinstance(c, str) and c == c.lower() and c.strip() for c in cues), name
        assert len(cues) == len(set(cues)), name
    assert "not" in data["negation"] and "deny" in data["denial_verbs"]
