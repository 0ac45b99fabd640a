"""Every language is stored: non-English articles keep text, title, dates, language, places and lexicon actors;
event coding is English only and the result says so.  The pages are the team's own words."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsgraph.charsets import word_count
from newsgraph.errors import SkipRecord
from newsgraph.ingest import RawDoc, to_article
from newsgraph.settings import Settings

GERMAN = (
    "Kanzler empfängt Gäste aus Paris\n"
    "Der Bundeskanzler hat am Dienstag den französischen Präsidenten Emmanuel Macron in Berlin empfangen. "
    "Die beiden Politiker sprachen lange über die Lage in der Ukraine und über neue Hilfen für Kiew. "
    "Danach reiste Macron weiter nach Warschau, wo er am Abend mit der polnischen Regierung zusammentraf."
)
PORTUGUESE = (
    "Chuvas fortes atingem o litoral\n"
    "As chuvas fortes que caíram durante a noite deixaram várias cidades do litoral sem energia elétrica. "
    "A defesa civil pediu aos moradores que evitem as estradas até que a água baixe completamente."
)
JAPANESE = (
    "東京で国際会議が開かれる\n"
    "東京で十日、アジアの各国の代表が集まる国際会議が開かれた。会議では気候変動への対策や地域の安全保障について"
    "意見が交わされ、参加者は来年も同じ形で会合を続けることで合意した。"
)


@pytest.mark.parametrize(("text", "language"), [(GERMAN, "de"), (PORTUGUESE, "pt"), (JAPANESE, "ja")])
def test_non_english_article_is_stored_not_refused(text: str, language: str) -> None:
    article = to_article(
        RawDoc("x.txt", None, "text", text, url="https://example.org/a", date="2025-03-04"), Settings()
    )
    assert article.language == language
    assert article.title == text.split("\n")[0] and article.text == text.split("\n", 1)[1]
    assert article.published == "2025-03-04" and article.url == "https://example.org/a"


def test_refusing_other_languages_stays_possible() -> None:
    with pytest.raises(SkipRecord) as info:
        to_article(RawDoc("x", None, "text", GERMAN), Settings(languages=("en",)))
    assert info.value.reason == "non-english"


def test_chinese_and_japanese_words_are_counted_without_spaces() -> None:
    assert word_count("東京で国際会議が開かれた") == 6
    assert word_count("two plain words") == 3


def test_non_english_result_has_places_actors_and_an_english_only_note(extractor: Any) -> None:
    result = extractor.extract(GERMAN, published="2025-03-04")
    assert result.article.language == "de" and result.events == []
    assert result.notes == ["events: English only (article language de)"]
    assert {p.name for p in result.places} >= {"Berlin", "Kyiv", "Warsaw"}
    assert "Lage" not in {p.text for p in result.places}  # a German noun, not the small town
    assert "FRAGOV" in {a.code for a in result.actors}


CHINESE = (
    "两国领导人在北京会谈。双方随后前往上海参观港口，并表示将在莫斯科继续讨论能源合作。"
    "会谈持续了三个小时，双方对结果表示满意，并同意明年再次会面。"
)
RUSSIAN = (
    "Москва и Пекин договорились о новых поставках. Делегации встретились в понедельник, а Киев "
    "назвал соглашение опасным для региона. Переговоры продолжались весь день и закончились поздно вечером."
)


@pytest.mark.parametrize(
    ("text", "places"),
    [
        (CHINESE, {"Beijing", "Shanghai", "Moscow"}),
        (RUSSIAN, {"Moscow", "Beijing", "Kyiv"}),
        (
            "港口新闻\n\n" + CHINESE.replace("。", "。\n", 1),
            {"Beijing", "Shanghai"},
        ),  # titles and paragraph breaks
    ],
)
def test_places_by_their_native_script_names(extractor: Any, text: str, places: set[str]) -> None:
    result = extractor.extract(text, published="2025-03-04")
    assert result.article.language != "en"
    assert {p.name for p in result.places} >= places
    for place in result.places:  # offsets point at the name in the article text
        assert result.article.text[place.start : place.end] == place.text


def test_english_result_has_no_note(extractor: Any) -> None:
    text = (
        "Talks in Berlin\nThe French president met the German chancellor in Berlin on Tuesday to discuss aid "
        "for Ukraine, officials said after the meeting, which lasted four hours."
    )
    result = extractor.extract(text, published="2025-03-04")
    assert result.article.language == "en" and result.notes == []


UNDATED = (
    "Ferry service resumes\nThe ferry between the two islands is running again after repairs to the harbour "
    "wall, the operator said, and the first crossing carried about sixty passengers and a dozen cars."
)


def _ingest(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[dict[str, Any], str]:
    from newsgraph.cli import main

    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    (folder / "de.txt").write_text(GERMAN, encoding="utf-8")
    (folder / "ferry.txt").write_text(UNDATED, encoding="utf-8")
    (folder / "2025-05-07-ferry.txt").write_text(UNDATED.replace("sixty", "seventy"), encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert main(["ingest", str(folder), "--db", str(db), "--json", *extra]) == 0
    stats_out, err = capsys.readouterr()
    assert main(["summary", "--db", str(db), "--json"]) == 0
    summary = json.loads(capsys.readouterr()[0])
    return {"ingest": json.loads(stats_out), "summary": summary}, err


def test_ingest_counts_languages_and_warns_about_undated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, err = _ingest(tmp_path, capsys)
    assert out["ingest"]["stored"] == 3 and out["ingest"]["languages"] == {"de": 1, "en": 2}
    assert out["ingest"]["undated"] == 2 and "warning: 2 stored article(s) have no publication date" in err
    langs = {r["language"]: r["articles"] for r in out["summary"]["articles_by_language"]}
    assert langs == {"de": 1, "en": 2}
    assert out["summary"]["undated"] == 2 and out["summary"]["dates_inferred"] == 1  # the file name


def test_ingest_date_dates_what_has_no_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, err = _ingest(tmp_path, capsys, "--date", "2025-06-01")
    assert out["ingest"]["undated"] == 0 and "warning" not in err
    assert out["summary"]["undated"] == 0 and out["summary"]["dates_inferred"] == 0


def test_ingest_bad_date_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from newsgraph.cli import main

    (tmp_path / "a.txt").write_text(UNDATED, encoding="utf-8")
    assert (
        main(["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "s.duckdb"), "--date", "May 7"]) != 0
    )
    err = capsys.readouterr()[1]
    assert "expected YYYY-MM-DD" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "places"),
    [
        (
            "Владимир Путин прибыл в Пекин в среду. В Москве заявили, что переговоры пройдут в четверг.",
            [
                ("Пекин", "Beijing"),
                ("Москве", "Moscow"),
            ],  # a case form of a capital; no city Vladimir in the name
        ),
        (
            "У Києві заявили, що Росія знову атакувала Харків уночі.",
            [("Києві", "Kyiv"), ("Харків", "Kharkiv")],
        ),
        ("泽连斯基周三在基辅表示，乌克兰不会接受这一方案。", [("基辅", "Kyiv")]),
        (  # big places in Russian and Ukrainian case forms, after a preposition of place
            "В среду в Харькове прошёл митинг. Делегация из Варшавы прибудет под Донецк в пятницу, "
            "а переговоры продолжатся в Берлине.",
            [("Харькове", "Kharkiv"), ("Варшавы", "Warsaw"), ("Донецк", "Donetsk"), ("Берлине", "Berlin")],
        ),
        (
            "У Львові та в Дніпрі зібралися люди, а делегація з Харкова поїхала до Запоріжжя.",
            [("Львові", "Lviv"), ("Дніпрі", "Dnipro"), ("Харкова", "Kharkiv"), ("Запоріжжя", "Zaporizhzhya")],
        ),
        (  # a surname in a case form is no city (Иванова: Иваново; Королева: Королёв) without a preposition
            "Мария Иванова рассказала о переговорах, а Королева на встречу не пришла.",
            [],
        ),
    ],
)
def test_capitals_and_big_places_in_any_case_form_are_places(
    extractor: Any, text: str, places: list[tuple[str, str]]
) -> None:
    result = extractor.extract(text, published="2025-03-04")
    assert [(p.text, p.name) for p in result.places] == places
    assert all(text[p.start : p.end] == p.text for p in result.places)


@pytest.mark.parametrize(
    ("word", "nominative"),
    [("Харькове", "харьков"), ("Москвой", "москва"), ("Казанью", "казань"), ("Львові", "львів"),
     ("Одесі", "одеса"), ("Дніпрі", "дніпро"), ("Запорожья", "запорожье")],
)  # fmt: skip
def test_case_forms_include_the_nominative(word: str, nominative: str) -> None:
    from newsgraph.geo.gazetteer import case_forms, normalise

    assert normalise(nominative) in case_forms(normalise(word))
