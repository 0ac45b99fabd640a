"""Page furniture named by class/id (pop-ups, author boxes, ratings, related posts, calls to action, newsletter
boxes, share bars, breadcrumbs, tag lists, screen-reader labels), HTML5 tags and ARIA roles that say what a block
is, and blocks hidden by an inline style, on team-written pages: its lines go, the article's lines stay."""

from __future__ import annotations

import lxml.html
import pytest
import trafilatura
from trafilatura.utils import load_html

from newsgraph.ingest import RawDoc, to_article
from newsgraph.ingest.furniture import (
    FURNITURE,
    MAX_HIDDEN_CHARS,
    FurnitureRule,
    find_furniture,
    furniture_kind,
    without_furniture,
)
from newsgraph.settings import Settings
from test_boilerplate import BODY, LEAD  # the same team-written fire story

MORE = " ".join(
    f"Crews from {town} joined the effort on the second day of the fire and stayed until the evening."
    for town in "ABCDEF"
)


def page(*blocks: str) -> str:
    inner = "".join(blocks)
    return (
        "<html><head><title>Fire near Vale</title></head><body><article><h1>Fire near Vale</h1>"
        f"{inner}</article></body></html>"
    )


def block_lines(example: str) -> list[str]:
    """The lines an extractor that kept the block would print (one per text piece)."""
    return [t.strip() for t in lxml.html.fragment_fromstring(example).itertext() if t.strip()]


@pytest.mark.parametrize("rule", FURNITURE, ids=[rule.kind for rule in FURNITURE])
def test_each_rule_removes_its_example_and_keeps_the_article(rule: FurnitureRule) -> None:
    html = page(f"<p>{LEAD}</p>", rule.example, f"<p>{BODY}</p><p>{MORE}</p>")
    furniture = find_furniture(load_html(html))
    assert [kind for _, kind in furniture.blocks] == [rule.kind]
    body = "\n".join([LEAD, *block_lines(rule.example), BODY])
    text, kinds = without_furniture(body, furniture)
    assert text == f"{LEAD}\n{BODY}"
    assert kinds and set(kinds) == {rule.kind}


@pytest.mark.parametrize(
    ("names", "kind"),
    [
        ("pum pum-overlay popmake-overlay", "popup"),
        ("exit-popup", "popup"),
        ("author-bio", "author box"),
        ("AutorenBox", "author box"),
        ("sobre-el-autor", "author box"),
        ("sd-rating", "rating"),
        ("relatedPost", "related"),
        ("jp-relatedposts", "related"),
        ("noticias-relacionadas", "related"),
        ("section footer-cta", "call to action"),
        ("newsletter-signup", "newsletter"),
        ("social-share", "share"),
        ("breadcrumb", "breadcrumb"),
        ("article-tags", "tags"),
        ("entry-content", None),
        ("author", None),  # a byline: trafilatura's own rules decide
        ("tag-related category-rating post-12 has-popup no-share", None),  # taxonomy terms and negations
        ("teaser", None),  # a lead is often marked "teaser"
        ("unrelated-topics", None),
        ("ctaxonomy", None),
        ("sr-only", "screen reader"),
        ("screen-reader-text", "screen reader"),
        ("visually-hidden", "screen reader"),
        ("hide-text", "screen reader"),
        ("hide-comments", None),  # a switch, not a hidden block
        ("d-none d-md-block", None),  # hidden on phones only
        ("field--label-hidden", None),  # the field's label is hidden, not its text
    ],
)
def test_furniture_kind(names: str, kind: str | None) -> None:
    assert furniture_kind(names.lower()) == kind


def test_a_related_post_inside_the_article_is_removed_end_to_end() -> None:
    teaser = "Good hay is the basis of good feeding: how to tell it from bad."
    html = page(
        f"<p>{LEAD}</p><p>{BODY}</p><p>{MORE}</p>", f'<a class="relatedPost" href="/hay"><p>{teaser}</p></a>'
    )
    assert teaser in (trafilatura.extract(html) or "")  # the extractor alone keeps it
    text = to_article(RawDoc("fire.html", None, "html", html), Settings()).text
    assert teaser not in text
    assert LEAD in text and BODY in text and MORE in text


def test_a_line_also_printed_outside_the_furniture_stays() -> None:
    html = page(
        f"<p>{LEAD}</p>", f'<div class="related-posts"><p>{LEAD}</p></div>', f"<p>{BODY}</p><p>{MORE}</p>"
    )
    furniture = find_furniture(load_html(html))
    assert furniture.blocks
    assert without_furniture(f"{LEAD}\n{BODY}", furniture) == (f"{LEAD}\n{BODY}", [])


def test_a_block_holding_the_headline_or_most_of_the_page_is_not_furniture() -> None:
    headline = f'<div class="popup-article"><h1>Fire near Vale</h1><p>{LEAD}</p></div>'
    assert not find_furniture(load_html(f"<html><body>{headline}<p>{BODY}</p></body></html>")).blocks
    column = f'<div class="related-content-column"><p>{LEAD}</p><p>{BODY}</p><p>{MORE}</p></div>'
    assert not find_furniture(load_html(f"<html><body><p>Menu</p>{column}</body></html>")).blocks


def test_a_page_without_furniture_is_left_alone() -> None:
    furniture = find_furniture(load_html(page(f"<p>{LEAD}</p><p>{BODY}</p>")))
    assert furniture.blocks == ()
    assert without_furniture(f"{LEAD}\n{BODY}", furniture) == (f"{LEAD}\n{BODY}", [])


@pytest.mark.parametrize(
    ("block", "kind"),
    [
        (
            "<nav><span>Wines of the valley: a family shop for cheese, ham and red wine since 1990</span></nav>",
            "navigation",
        ),
        ("<footer><p>Valley News, 12 Mill Street, Vale</p></footer>", "page footer"),
        ("<aside><p>Most read: the old mill reopens</p></aside>", "aside"),
        (
            '<div role="navigation"><span>Valley news: home, weather, sport, culture and the market</span></div>',
            "navigation",
        ),
        ('<div role="contentinfo"><p>Valley News, 12 Mill Street, Vale</p></div>', "page footer"),
        ('<div role="complementary"><p>Most read: the old mill reopens</p></div>', "aside"),
    ],
)
def test_lines_printed_only_in_nav_footer_or_aside_go(block: str, kind: str) -> None:
    furniture = find_furniture(load_html(page(f"<p>{LEAD}</p><p>{BODY}</p><p>{MORE}</p>", block)))
    line = lxml.html.fragment_fromstring(block).text_content()
    assert without_furniture(f"{line}\n{LEAD}\n{BODY}", furniture) == (f"{LEAD}\n{BODY}", [kind])


def test_a_body_that_is_mostly_furniture_is_left_whole() -> None:
    directory = "".join(
        f"<li>Valley town number {n} and its council, schools and markets</li>" for n in range(40)
    )
    html = page(f"<p>{LEAD}</p>", f'<div class="popup-box"><p>{BODY}</p><p>{MORE}</p></div>').replace(
        "</body>", f"<ul>{directory}</ul></body>"
    )
    furniture = find_furniture(load_html(html))
    assert [kind for _, kind in furniture.blocks] == ["popup"]
    body = f"{LEAD}\n{BODY}\n{MORE}"
    assert without_furniture(body, furniture) == (body, [])
    assert without_furniture(f"{LEAD}\n{LEAD}\n{LEAD}\n{BODY}", furniture)[0] == f"{LEAD}\n{LEAD}\n{LEAD}"


TOOLTIP = "Saving articles to your reading list needs a free account"


@pytest.mark.parametrize(
    "opening",
    [
        '<div style="display: none;">',
        '<div class="pulldown" style="DISPLAY:none">',
        '<div style="visibility: hidden">',
        "<div hidden>",
    ],
)
def test_lines_printed_only_in_a_hidden_block_go(opening: str) -> None:
    html = page(f"<p>{LEAD}</p>", f"{opening}<p>{TOOLTIP}</p></div>", f"<p>{BODY}</p><p>{MORE}</p>")
    furniture = find_furniture(load_html(html))
    assert [kind for _, kind in furniture.blocks] == ["hidden"]
    assert without_furniture(f"{LEAD}\n{TOOLTIP}\n{BODY}", furniture) == (f"{LEAD}\n{BODY}", ["hidden"])


def test_a_hidden_tooltip_kept_by_the_extractor_is_removed_end_to_end() -> None:
    html = page(f"<p>{LEAD}</p><div hidden><p>{TOOLTIP}</p></div><p>{BODY}</p><p>{MORE}</p>")
    assert TOOLTIP in (trafilatura.extract(html) or "")  # the extractor alone keeps it
    text = to_article(RawDoc("fire.html", None, "html", html), Settings()).text
    assert TOOLTIP not in text
    assert LEAD in text and BODY in text and MORE in text


def test_a_collapsed_article_is_not_hidden_furniture() -> None:
    """A page that folds its article away until "read more" is pressed keeps it: a hidden block holding most of
    the page's text, or more than MAX_HIDDEN_CHARS of text on a page heavy with other text, is not furniture."""
    html = page(f"<p>{LEAD}</p>", f'<div style="display:none"><p>{BODY}</p><p>{MORE}</p></div>')
    assert not find_furniture(load_html(html)).blocks
    rest = "".join(f"<p>{BODY} {MORE}</p>" for _ in range(2))
    links = "".join(
        f"<li>Valley town number {n} and its council, schools and markets</li>" for n in range(60)
    )
    heavy = page(f"<p>{LEAD}</p>", f'<div style="display:none">{rest}</div>').replace(
        "</body>", f"<ul>{links}</ul></body>"
    )
    assert len("".join(BODY.split() + MORE.split())) * 2 > MAX_HIDDEN_CHARS
    assert not find_furniture(load_html(heavy)).blocks


def test_named_and_hidden_furniture_are_guarded_one_after_the_other() -> None:
    """Teasers and a hidden consent dialog that together are most of what the extractor kept: each pass stays
    under MAX_BODY_SHARE, so both go (one pass over both would leave the body whole)."""
    teasers = [
        f"Valley roundup {n}: the market, the mill and the new bridge over the river Vale" for n in range(4)
    ]
    details = [f"Purpose of service {n}: statistics on visits, browsers and devices" for n in range(4)]
    html = page(
        f"<p>{LEAD}</p><p>{BODY}</p><p>{MORE}</p>",
        '<div class="related-posts">' + "".join(f"<p>{line}</p>" for line in teasers) + "</div>",
        '<div style="display: none">' + "".join(f"<p>{line}</p>" for line in details) + "</div>",
    )
    furniture = find_furniture(load_html(html))
    assert [kind for _, kind in furniture.blocks] == ["related", "hidden"]
    body = "\n".join([LEAD, *teasers, *details])
    assert len("\n".join([*teasers, *details])) > 0.75 * len(body)
    assert without_furniture(body, furniture) == (LEAD, ["related"] * 4 + ["hidden"] * 4)
