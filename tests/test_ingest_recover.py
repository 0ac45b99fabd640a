"""Body blocks an extractor skipped between two blocks it kept (a list, a sub-heading) are put back; blocks
outside the article's container, captions, link teasers and repeated text are not.  Team-written pages."""

from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from newsgraph.charsets import char_weight
from newsgraph.ingest import RawDoc, recover, to_article
from newsgraph.ingest.recover import MAX_GAP, mend_body, page_blocks
from newsgraph.settings import Settings

FIRST = (
    "The valley council met on Tuesday evening to discuss the new flood barriers along the river, which were "
    "finished last spring after two years of work by local firms and volunteers."
)
SECOND = (
    "Figures from the regional water office show that the river rose above its banks four times last winter, "
    "more often than in any year since records began in the valley."
)
LAST = "The council will review the barriers again in the autumn, once the summer storms have passed."
ADVICE = (
    "Move valuables to an upper floor before the water arrives.",
    "Keep a torch, a radio and spare batteries in a dry bag.",
    "Switch off the power at the main fuse box if water enters the house.",
)
ITEMS = "".join(f"<li>{item}</li>" for item in ADVICE)


def page(middle: str) -> str:
    return (
        "<html><head><title>Flood advice</title></head><body><article><h1>Ten years of flood barriers</h1>"
        f"<p>{FIRST}</p><p>{SECOND}</p>{middle}<p>{LAST}</p></article></body></html>"
    )


def test_a_list_between_two_kept_paragraphs_is_put_back_after_the_first() -> None:
    html = page(f"<h2>How to protect your home</h2><ul>{ITEMS}</ul>")
    body = f"{FIRST}\n{SECOND}\n{LAST}"  # what an extractor that skipped the list gives
    assert mend_body(body, load_html(html)).split("\n") == [
        FIRST,
        SECOND,
        "How to protect your home",
        *ADVICE,
        LAST,
    ]


def test_a_body_that_has_everything_is_unchanged() -> None:
    html = page(f"<h2>How to protect your home</h2><ul>{ITEMS}</ul>")
    body = "\n".join([FIRST, SECOND, "How to protect your home", *(f"- {item}" for item in ADVICE), LAST])
    assert mend_body(body, load_html(html)) == body


def test_soft_hyphens_and_spacing_do_not_make_a_kept_block_look_skipped() -> None:
    html = page("<p>Sand\u00adbags are handed out at the fire station on Mill Road, free of charge.</p>")
    body = f"{FIRST}\n{SECOND}\nSandbags are handed out at the fire  station on Mill Road, free of charge.\n{LAST}"
    assert mend_body(body, load_html(html)) == body


def test_captions_and_figures_are_not_put_back_the_list_beside_them_is() -> None:
    middle = (
        "<figure><p>The new barrier at the old mill, seen from the bridge.</p></figure>"
        '<div class="wp-caption"><p>Volunteers fill sandbags in the school yard.</p></div>'
        f"<ul>{ITEMS}</ul>"
    )
    body = f"{FIRST}\n{SECOND}\n{LAST}"
    assert mend_body(body, load_html(page(middle))).split("\n") == [FIRST, SECOND, *ADVICE, LAST]


def test_a_gap_with_a_link_teaser_is_refused() -> None:
    middle = (
        f'<ul>{ITEMS}</ul><p><a href="/storm">Read about last year\'s storm and the damage it did</a></p>'
    )
    body = f"{FIRST}\n{SECOND}\n{LAST}"
    assert mend_body(body, load_html(page(middle))) == body


def test_blocks_in_another_part_of_the_page_are_not_put_back() -> None:
    html = (
        "<html><body><main><div><div><div><p>" + FIRST + "</p></div></div></div>"
        '<div class="box"><div><div><div><p>Our shop is open every day from nine until six.</p></div></div></div>'
        "</div><div><div><div><p>" + SECOND + "</p></div></div></div></main></body></html>"
    )
    body = f"{FIRST}\n{SECOND}"
    assert mend_body(body, load_html(html)) == body


def test_a_long_run_of_skipped_blocks_is_not_body_by_position() -> None:
    many = "".join(f"<li>Item number {n} of the long shop list, in stock.</li>" for n in range(MAX_GAP + 1))
    html = page(f"<ul>{many}</ul>")
    body = f"{FIRST}\n{SECOND}\n{LAST}"
    assert mend_body(body, load_html(html)) == body


def test_anchors_must_be_printed_once() -> None:
    repeated = f"<p>{FIRST}</p>"
    html = f"<html><body><div>{repeated}<ul>{ITEMS}</ul>{repeated}</div><div>{repeated}</div></body></html>"
    assert mend_body(FIRST, load_html(html)) == FIRST
    assert [b.text for b in page_blocks(load_html(html))][1:4] == list(ADVICE)


def test_anchors_must_be_long_enough_not_to_match_by_chance() -> None:
    html = f"<html><body><div><p>Flood news, Vale.</p><ul>{ITEMS}</ul><p>More flood news.</p></div></body></html>"
    body = "Flood news, Vale.\nMore flood news."
    assert mend_body(body, load_html(html)) == body


def test_to_article_keeps_the_list_once() -> None:
    html = page(f"<h2>How to protect your home</h2><ul>{ITEMS}</ul>")
    text = to_article(RawDoc("flood.html", None, "html", html), Settings()).text
    for item in ADVICE:
        assert text.count(item) == 1
    assert text.count(SECOND) == 1


def test_comments_and_post_meta_lines_between_paragraphs_are_not_put_back() -> None:
    middle = (
        '<div class="comment-body"><p>Great article, thanks for writing about our river!</p></div>'
        '<p class="postmetadata">This entry was posted on Monday and is filed under News.</p>'
    )
    body = f"{FIRST}\n{SECOND}\n{LAST}"
    assert mend_body(body, load_html(page(middle))) == body


def test_text_in_a_header_inside_the_article_is_body_a_page_header_is_not() -> None:
    html = (
        "<html><body><main><div><p>"
        + FIRST
        + "</p><header><p>The mayor opened the barrier with a short speech "
        "on the bridge.</p></header><p>" + SECOND + "</p></div></main></body></html>"
    )
    body = f"{FIRST}\n{SECOND}"
    assert "The mayor opened" in mend_body(body, load_html(html))
    outside = html.replace("<main>", "<div>").replace("</main>", "</div>")
    assert mend_body(body, load_html(outside)) == body


def test_a_page_too_big_to_scan_is_left_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    html = page(f"<ul>{ITEMS}</ul>")
    body = f"{FIRST}\n{SECOND}\n{LAST}"
    monkeypatch.setattr(recover, "MAX_SCAN", 100)
    assert mend_body(body, load_html(html)) == body


def related_links(n: int) -> str:
    titles = ("Bridge tolls to rise in May", "New bus line to the valley", "Mill museum opens its doors")
    return "".join(f'<li><a href="/n{i}">{titles[i]}</a></li>' for i in range(n))


def test_a_run_of_link_lines_after_the_last_paragraph_goes() -> None:
    html = page(f"<ul>{related_links(3)}</ul>")
    body = "\n".join(
        [FIRST, SECOND, LAST, "- Bridge tolls to rise in May", "", "- New bus line to the valley"]
        + ["- Mill museum opens its doors"]
    )
    assert mend_body(body, load_html(html)) == f"{FIRST}\n{SECOND}\n{LAST}"


def test_one_or_two_link_lines_after_the_last_paragraph_stay() -> None:
    html = page(f"<ul>{related_links(2)}</ul>")
    body = f"{FIRST}\n{SECOND}\n{LAST}\nBridge tolls to rise in May\nNew bus line to the valley"
    assert mend_body(body, load_html(html)) == body


JAPANESE = (
    "市議会は火曜日の夜、昨年春に完成した川沿いの新しい防潮堤について話し合い、地元の企業と住民の協力に感謝した。",
    "地域の水道局の統計によると、川は昨年の冬に四回あふれ、記録が始まって以来もっとも多かった。",
    "市議会は夏の嵐が過ぎた秋に、防潮堤をもう一度点検する予定だ。",
)


def test_short_japanese_menu_links_after_the_last_paragraph_go() -> None:
    """Six kana or Han characters weigh as much as twelve Latin letters (``char_weight``): a Japanese menu link
    of that length is a block, and three of them after the last paragraph are a list of links."""
    menu = ("電子版トップ", "天気予報一覧", "訂正・おわび")
    html = page("".join(f'<p><a href="/m{i}">{link}</a></p>' for i, link in enumerate(menu)))
    body = "\n".join([*JAPANESE, *menu])
    assert mend_body(body, load_html(html)) == "\n".join(JAPANESE)


def test_char_weight_counts_kana_and_han_twice() -> None:
    assert char_weight("Topstories") == 10
    assert char_weight("電子版トップ") == 12
    assert char_weight("서울시청") == 4  # Hangul is spaced into words: counted once


def test_a_menu_of_short_links_after_the_last_paragraph_goes() -> None:
    """Section links as short as four characters (two Han characters weigh four) count in a run of links."""
    menu = ("News", "Sport", "Travel", "推荐", "体育")
    html = page("".join(f'<p><a href="/s{i}">{link}</a></p>' for i, link in enumerate(menu)))
    body = "\n".join([FIRST, SECOND, LAST, *(f"- {link}" for link in menu)])
    assert mend_body(body, load_html(html)) == f"{FIRST}\n{SECOND}\n{LAST}"
