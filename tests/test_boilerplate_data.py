"""Boilerplate phrases as data (data/ingest/boilerplate.tsv): every row's example line is removed between two
paragraphs that stay, prose that merely uses the same words stays, and Chinese and Japanese paragraphs are not
taken for short lines.  All lines are the team's own words."""

from __future__ import annotations

import re

import pytest

from newsgraph.ingest import RawDoc, clean_text, to_article
from newsgraph.ingest.clean import BOILERPLATE_KINDS, boilerplate_rows
from newsgraph.settings import Settings

ROWS = boilerplate_rows()
BEFORE = (
    "The city council approved the new budget on Monday after a long debate about the bridge and its cost."
)
AFTER = "Work on the bridge is due to start in the spring and should be finished within two years, officials said."


def _row_id(row: dict[str, str]) -> str:
    return f"{row['language']}-{row['kind']}-{row['example'][:24]}"


@pytest.mark.parametrize("row", ROWS, ids=[_row_id(r) for r in ROWS])
def test_each_row_removes_its_example(row: dict[str, str]) -> None:
    assert row["kind"] in BOILERPLATE_KINDS
    assert re.search(row["phrase"], row["example"], re.I), "the example must contain its own phrase"
    text, _ = clean_text("\n".join([BEFORE, row["example"], AFTER]))
    assert text == f"{BEFORE}\n\n{AFTER}"


def test_a_heading_takes_the_headline_list_under_it() -> None:
    lines = [
        BEFORE,
        AFTER,
        "Похожие новости",
        "В Казани открыли новый мост",
        "Мэр посетил школу",
        "Погода на выходные",
    ]
    text, _ = clean_text("\n".join(lines))
    assert text == f"{BEFORE}\n\n{AFTER}"


@pytest.mark.parametrize(
    "prose",
    [
        # the phrases' words inside ordinary sentences of an article
        "O governo disse que vai publicar todos os dados do censo e que leia mais tarde o relatório final.",
        "Il sindaco ha detto che la riproduzione di documenti riservati è vietata dalla legge regionale da anni.",
        "Фото и видео с места событий публикуют местные жители, сообщили в пресс-службе мэрии города.",
        "会議の会場には企業の広告が並び、参加者は新しい技術について熱心に意見を交わしていた。",
        "市政府表示，来源不明的资金将被冻结，相关部门已经开始调查此事，并将在下周公布结果。",
        "경찰은 사진 속 남성을 찾고 있으며 시민들의 제보를 기다리고 있다고 밝혔다.",
        "Warga diminta untuk membaca juga pengumuman resmi dari pemerintah kota sebelum hari Senin.",
        "Editors at the paper said the source of the leak had not been found after a month of searching.",
    ],
)
def test_prose_with_the_same_words_stays(prose: str) -> None:
    text, _ = clean_text("\n".join([BEFORE, prose, AFTER]))
    assert text == f"{BEFORE}\n\n{prose}\n\n{AFTER}"


def test_a_chinese_paragraph_is_counted_by_its_characters() -> None:
    """A 60-character paragraph is one \\w+ run; counted as 30 words it is no short line and no headline."""
    paragraph = (
        "市政府周一宣布，将在明年春天开始修建一座横跨大河的新桥，预计工程将在两年内完成，总投资约为十亿元。"
    )
    text, _ = clean_text(
        "\n".join(["相关新闻", "新桥工程明年开工", paragraph, paragraph.replace("周一", "周二")])
    )
    assert text.split("\n\n") == [paragraph, paragraph.replace("周一", "周二")]


KOREAN_PAGE = """<html lang="ko"><head><title>시의회 새 예산안 통과</title></head><body><article>
<h1>시의회 새 예산안 통과</h1>
<p>시의회는 월요일 긴 토론 끝에 새 다리 건설 비용이 포함된 내년도 예산안을 통과시켰다고 밝혔다.</p>
<p>공사는 내년 봄에 시작돼 2년 안에 끝날 예정이며, 시는 공사 기간 동안 우회 도로를 운영할 계획이다.</p>
<p>시장은 새 다리가 도심의 교통 체증을 크게 줄여 줄 것이라고 기대했다.</p>
<p>[관련기사] 시의회, 새 교통 예산안 통과</p>
<p>&lt;저작권자 ⓒ 한빛일보, 무단전재 및 재배포 금지&gt;</p>
</article></body></html>"""


def test_a_korean_page_keeps_its_paragraphs_and_drops_its_trailer() -> None:
    article = to_article(RawDoc("ko.html", None, "html", KOREAN_PAGE), Settings(), min_words=1)
    assert article.language == "ko"
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 3 and paragraphs[0].startswith("시의회는 월요일")
    assert "저작권자" not in article.text and "관련기사" not in article.text


SPANISH_THREAD = [
    "Comentarios (3)",
    "- Los comentarios son responsabilidad de sus autores.",
    "Hace 12 minutos",
    "No entiendo por qué el puente cuesta tanto si la obra es tan pequeña y el ayuntamiento no lo explica.",
    "Hace una hora",
    "Responder",
    "Por fin una buena noticia para los vecinos del barrio.",
]
PORTUGUESE_THREAD = [
    "Comentários (2)",
    "Maria S.",
    "há 3 horas",
    "A ponte devia ter sido construída há dez anos, todos os moradores sabem disso muito bem.",
    "João P.",
    "há 5 horas",
    "Finalmente uma boa notícia para o bairro.",
]


@pytest.mark.parametrize("thread", [SPANISH_THREAD, PORTUGUESE_THREAD], ids=["es-built-in", "pt-data"])
def test_the_readers_comments_end_the_text(thread: list[str]) -> None:
    """A comments heading with a comment's time or reply button under it: the rest of the text is the readers'."""
    text, _ = clean_text("\n".join([BEFORE, AFTER, *thread]))
    assert text == f"{BEFORE}\n\n{AFTER}"


def test_a_comment_bar_over_the_article_does_not_end_it() -> None:
    """A comment count and the article's time over the body: no paragraph before it, one time under it."""
    for bar in (["12 Comments", "3 hours ago"], ["Comments (4)", "Reply", "2 hours ago"]):
        text, _ = clean_text("\n".join([*bar, BEFORE, AFTER]))
        assert text == f"{BEFORE}\n\n{AFTER}"
    text, _ = clean_text("\n".join([BEFORE, "12 Comments", "3 hours ago", AFTER]))
    assert text == f"{BEFORE}\n\n{AFTER}"  # one time under the heading: no thread


def test_a_comments_heading_without_comments_goes_alone() -> None:
    """No comment's time or reply button follows: the heading is a button or count, and the article goes on."""
    text, _ = clean_text("\n".join([BEFORE, "Comentarios", AFTER]))
    assert text == f"{BEFORE}\n\n{AFTER}"


@pytest.mark.parametrize(
    "line",
    [
        "Comment: the bridge the city cannot afford",  # an opinion column's marker (find_sections reads it)
        "Kommentar: Die Brücke ist zu teuer",
        "The minister said the report had been published 3 hours ago and that nobody had read it yet.",
        "El alcalde dijo que la obra empezó hace 2 años y que todavía no tiene fecha de final prevista.",
    ],
)
def test_opinion_markers_and_prose_with_times_stay(line: str) -> None:
    text, _ = clean_text("\n".join([BEFORE, line, "Hace 12 minutos", AFTER]))
    assert line in text.split("\n\n") and AFTER in text


@pytest.mark.parametrize(
    "line",
    [
        "Если вы заметили ошибку в тексте, выделите её и нажмите Ctrl+Enter.",
        "Iezīmējiet kļūdu tekstā un spiediet Ctrl + Enter, lai to nosūtītu redakcijai.",
        "Found a mistake? Select it and press Ctrl+Enter to tell the editors.",
    ],
)
def test_the_error_report_widget_goes_in_any_language(line: str) -> None:
    text, _ = clean_text("\n".join([BEFORE, line, AFTER]))
    assert text == f"{BEFORE}\n\n{AFTER}"


def test_a_sentence_about_ctrl_enter_stays() -> None:
    line = "In the new version of the app, pressing Ctrl+Enter sends the message at once."
    text, _ = clean_text("\n".join([BEFORE, line, AFTER]))
    assert line in text


def test_a_list_of_stamped_headlines_goes() -> None:
    """Three or more headlines in a row, each followed by its date and time (and a section): other articles."""
    teasers = [
        "- 新桥工程明年春天开工 2025-03-04 19:28 城市",
        "- 市长视察港口扩建现场 2025-03-04 18:05",
        "- River ferry fares to rise in April 2025-03-04 17:40 Transport",
    ]
    text, _ = clean_text("\n".join([BEFORE, AFTER, *teasers]))
    assert text == f"{BEFORE}\n\n{AFTER}"


def test_a_liveblog_and_a_single_stamped_line_stay() -> None:
    liveblog = [
        "2025-03-04 19:28 Police closed the bridge to traffic after the crash, a spokesman said.",
        "2025-03-04 19:40 Two people were taken to hospital with minor injuries.",
        "2025-03-04 20:05 The bridge reopened in one direction shortly after eight.",
    ]
    text, _ = clean_text("\n".join([BEFORE, *liveblog, "Updated by the night desk 2025-03-04 21:10", AFTER]))
    assert all(line in text for line in liveblog) and "night desk" in text
