"""Checks on the bundled sample corpus (samples/) and its expected annotations.

These tests look only at the data files: they need no project code.  They keep the corpus
honest: every article has an expected file, every string the expected files point at occurs
in the article, and together the articles cover all PLOVER event types and the hard cases
listed in samples/README.md.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXPECTED = ROOT / "tests" / "data" / "expected"

PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
EVENT_FLAGS = {"negated", "future", "hypothetical", "alleged", "quoted", "opinion"}

# CAMEO root -> PLOVER types its codes map to in the 2021 CAMEO-to-PLOVER table.
ROOT_TO_PLOVER: dict[str, set[str]] = {
    "03": {"AGREE"},
    "04": {"CONSULT"},
    "05": {"SUPPORT"},
    "06": {"COOPERATE"},
    "07": {"AID"},
    "08": {"CONCEDE", "RETREAT"},
    "09": {"ACCUSE"},
    "10": {"REQUEST"},
    "11": {"ACCUSE"},
    "12": {"REJECT"},
    "13": {"THREATEN"},
    "14": {"PROTEST"},
    "15": {"MOBILIZE"},
    "16": {"SANCTION", "COERCE"},  # 163 (sanctions, embargo) -> COERCE
    "17": {"COERCE", "ASSAULT"},  # 1712 and 175 -> ASSAULT
    "18": {"ASSAULT"},
    "19": {"ASSAULT", "COERCE"},  # 191, 192 -> COERCE
    "20": {"ASSAULT"},
}

HARD_CASES = (
    "state_visit",
    "written_statement",
    "trade_change",
    "drone_attacks",
    "accuse_and_deny",
    "opinion_section",
    "ai_image",
    "share_trailer",
    "attack_casualties",
    "sanctions_imposed_eased",
    "protest_crackdown",
    "mobilisation",
    "ceasefire_withdrawal_release",
    "aid_delivery",
    "request_rejection",
    "threat",
    "joint_exercise_agreement",
    "praise_endorsement",
    "quotes_mixed",
    "claims_mixed",
    "contradicting_numbers",
    "undated_inferable",
    "undated_no_evidence",
    "dateline",
    "place_paris_france",
    "place_paris_texas",
    "place_washington_dc_vs_state",
    "place_landmark",
    "no_events",
    "near_duplicate",
)

# Descriptive tags that are not among the required hard cases.
EXTRA_TAGS = ("html", "aid_cut", "concession")

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}


class _PageParser(HTMLParser):
    """Collects the tags, meta properties and visible article text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()
        self.meta: dict[str, str] = {}
        self.article_text: list[str] = []
        self._in_article = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        if tag == "article":
            self._in_article += 1
        if tag == "meta":
            found = dict(attrs)
            key = found.get("property") or found.get("name")
            if key and found.get("content") is not None:
                self.meta[key] = found["content"] or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article -= 1

    def handle_data(self, data: str) -> None:
        if self._in_article:
            self.article_text.append(data)


def sample_files() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.suffix in {".txt", ".html"})


@lru_cache(maxsize=128)
def load_expected(stem: str) -> dict[str, Any]:
    data = yaml.safe_load((EXPECTED / f"{stem}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@lru_cache(maxsize=128)
def parse_page(path: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def article_text(path: Path) -> str:
    """The text a `contains` string must occur in (entities decoded for HTML)."""
    raw = path.read_text(encoding="utf-8")
    return html.unescape(raw) if path.suffix == ".html" else raw


def body_words(path: Path) -> int:
    if path.suffix == ".html":
        return len(" ".join(parse_page(path).article_text).split())
    return len(path.read_text(encoding="utf-8").split())


def byline_date(path: Path) -> str | None:
    """Date on the second non-empty line of a .txt sample, if it carries one."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    line = lines[1] if len(lines) > 1 else ""
    iso = re.search(r"\b(20\d\d)-(\d\d)-(\d\d)\b", line)
    if iso:
        return iso.group(0)
    dmy = re.search(r"\b(\d{1,2}) ([A-Z][a-z]+) (20\d\d)\b", line)
    if dmy and dmy.group(2)[:3].lower() in MONTHS:
        day, month, year = int(dmy.group(1)), MONTHS[dmy.group(2)[:3].lower()], int(dmy.group(3))
        return dt.date(year, month, day).isoformat()
    return None


ALL = sample_files()
IDS = [p.name for p in ALL]


def all_expected() -> list[dict[str, Any]]:
    return [load_expected(p.stem) for p in ALL]


def test_corpus_size_and_mix() -> None:
    assert len(ALL) >= 34
    assert sum(p.suffix == ".html" for p in ALL) >= 8
    assert sum(p.suffix == ".txt" for p in ALL) >= 24


def test_every_sample_has_expected_and_vice_versa() -> None:
    stems = {p.stem for p in ALL}
    expected = {p.stem for p in EXPECTED.glob("*.yaml")}
    assert stems == expected
    assert len(stems) == len(ALL), "two samples share a stem"


def test_readme_lists_every_sample() -> None:
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    assert "illustrative" in readme.lower()
    for path in ALL:
        assert path.name in readme, path.name


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_expected_file_is_well_formed(path: Path) -> None:
    exp = load_expected(path.stem)
    assert exp["file"] == f"samples/{path.name}"
    assert exp["sections"] and exp["sections"][0] == "report"
    assert set(exp["sections"]) <= {"report", "opinion"}
    for key in ("published", "published_inferred"):
        if exp[key] is not None:
            day = dt.date.fromisoformat(exp[key])
            assert 2023 <= day.year <= 2026
    assert not (exp["published"] and exp["published_inferred"])
    for case in exp.get("cases", []):
        assert case in HARD_CASES or case in EXTRA_TAGS, case


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_events_are_coded_consistently(path: Path) -> None:
    exp = load_expected(path.stem)
    events = exp["events"]
    if exp["no_events"]:
        assert events == []
        return
    assert 2 <= len(events) <= 8
    for ev in events:
        assert ev["plover"] in PLOVER_TYPES, ev
        assert set(ev["flags"]) <= EVENT_FLAGS, ev
        assert ev["source"], ev
        for code in ev["source"] + ev["target"]:
            assert re.fullmatch(r"[A-Z]{3}", code), ev
        if "cameo_root" in ev:
            assert ev["plover"] in ROOT_TO_PLOVER[ev["cameo_root"]], ev


def test_all_plover_types_appear_several_times() -> None:
    counts = Counter(ev["plover"] for exp in all_expected() for ev in exp["events"])
    missing = {t: counts[t] for t in PLOVER_TYPES if counts[t] < 3}
    assert not missing, missing


def test_every_hard_case_is_present() -> None:
    covered = {case for exp in all_expected() for case in exp.get("cases", [])}
    assert set(HARD_CASES) <= covered, set(HARD_CASES) - covered


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_strings_occur_in_article(path: Path) -> None:
    exp = load_expected(path.stem)
    text = article_text(path)
    for actor in exp["actors"]:
        assert actor["text"] in text, actor
        assert re.fullmatch(r"[A-Z]{3}[A-Z]*", actor["code"]), actor
    for quote in exp["quotes"]:
        assert quote["contains"] in text, quote
    for claim in exp["claims"]:
        if claim.get("derived"):
            assert "tolerance" in claim
        else:
            assert claim["contains"] in text, claim
    for place in exp["places"]:
        assert place["text"] in text, place


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_length_within_bounds(path: Path) -> None:
    assert 150 <= body_words(path) <= 450, body_words(path)


@pytest.mark.parametrize("path", [p for p in ALL if p.suffix == ".txt"], ids=str)
def test_txt_title_and_byline_date(path: Path) -> None:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert lines[0].strip(), "empty title"
    assert len(lines[0]) < 160
    assert byline_date(path) == load_expected(path.stem)["published"]


@pytest.mark.parametrize("path", [p for p in ALL if p.suffix == ".html"], ids=str)
def test_html_parses_and_has_metadata(path: Path) -> None:
    page = parse_page(path)
    for tag in ("html", "head", "title", "nav", "article", "h1", "p", "footer"):
        assert page.tags[tag] >= 1, tag
    assert page.meta.get("og:title")
    assert page.meta.get("og:site_name")
    published = page.meta.get("article:published_time")
    expected = load_expected(path.stem)["published"]
    assert (published[:10] if published else None) == expected
    assert "cookie" in path.read_text(encoding="utf-8").lower()


def test_state_visit_flagships() -> None:
    flagships = [p for p in ALL if "state_visit" in load_expected(p.stem).get("cases", [])]
    assert {p.suffix for p in flagships} >= {".txt", ".html"}
    for path in flagships:
        exp, text = load_expected(path.stem), article_text(path)
        assert "ai_image" in exp["flags"]
        assert exp["sections"] == ["report", "opinion"]
        for needle in ("Share this article", "shares", "Related Posts", "statement said"):
            assert needle in text, (path.name, needle)
        assert re.search(r"AI-generated image", text)
        flags = [tuple(ev["flags"]) for ev in exp["events"]]
        assert ("alleged",) in flags and ("negated",) in flags
        assert any(c.get("derived") for c in exp["claims"])


def test_undated_articles() -> None:
    undated = [load_expected(p.stem) for p in ALL if load_expected(p.stem)["published"] is None]
    inferred = [e for e in undated if e["published_inferred"]]
    blank = [e for e in undated if not e["published_inferred"]]
    assert inferred and blank
    for exp in inferred:
        day = dt.date.fromisoformat(exp["published_inferred"])
        text = article_text(ROOT / exp["file"])
        assert f"{day.day} {day.strftime('%B')} {day.year}" in text
    for exp in blank:
        assert not re.search(r"\b20[12]\d\b", article_text(ROOT / exp["file"]))


def test_dateline_present() -> None:
    pattern = re.compile(r"^[A-Z][A-Z .'-]+, [A-Z][a-z]{2,8}\.? \d{1,2} —", re.M)
    hits = [p for p in ALL if "dateline" in load_expected(p.stem).get("cases", [])]
    assert hits
    for path in hits:
        assert pattern.search(article_text(path)), path.name


def test_no_event_and_near_duplicate_articles() -> None:
    exps = all_expected()
    assert any(e["no_events"] and e["events"] == [] for e in exps)
    names = {p.name for p in ALL}
    dups = [e for e in exps if e["near_duplicate_of"]]
    assert dups
    for exp in dups:
        assert exp["near_duplicate_of"] in names
        assert exp["near_duplicate_of"] != Path(exp["file"]).name


def test_claims_cover_units_and_contradiction() -> None:
    claims = [c for e in all_expected() for c in e["claims"]]
    units = {c["unit"] for c in claims}
    assert {"USD", "EUR", "JPY", "percent", "count", "ordinal", "day", "anniversary"} <= units
    assert any("contradicts" in c.get("flags", []) for c in claims)


def test_places_disambiguation() -> None:
    places = [(p["text"], p.get("country"), p.get("admin1")) for e in all_expected() for p in e["places"]]
    assert ("Paris", "FRA", None) in places or any(t == "Paris" and c == "FRA" for t, c, _ in places)
    assert any(t == "Paris" and c == "USA" and a == "TX" for t, c, a in places)
    assert any(t.startswith("Washington") and c == "USA" and a == "WA" for t, c, a in places)
    assert any(t.startswith("Washington") and c == "USA" and a == "DC" for t, c, a in places)
