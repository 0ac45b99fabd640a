"""Page furniture recognised by its class and id names, its HTML5 tag or ARIA role, or an inline style that hides
it, and dropped from the extracted body.

Trafilatura drops many boilerplate blocks by their class names itself, but not always: its pruning is undone
when it would remove most of a small page, an ``<a>`` or a pop-up outside its tag list is not pruned, and its
fallback extractors (readability, jusText, the baseline) read the page without it.  ``find_furniture`` reads,
before extraction, the text of every block named as a pop-up, an author box, a rating widget, a related-post
teaser, a call to action, a newsletter box, a share bar, a breadcrumb, a tag list or a screen-reader label; of
every ``nav``, ``footer`` and ``aside``, or element with the ARIA role that says the same; and of every block no
reader sees (an inline ``display: none`` or ``visibility: hidden``, or the ``hidden`` attribute: tooltips,
pull-downs, consent details; trafilatura prunes some of them, but puts them back with the rest of its pruning).
``without_furniture`` then drops each line of the extracted body that the page prints only inside such blocks.
Working on the body's lines, not the tree, leaves trafilatura's choice of the main block alone (removing blocks
from the tree made it pick a narrower block on two dev pages and lose their headline).  The rules are data
(``FURNITURE``): a regular expression over one lower-cased class or id name, and a team-written example that the
tests run.

Guards: a line also printed outside the furniture stays (a teaser repeating the lead never costs the lead);
a body that would lose more than ``MAX_BODY_SHARE`` of its text is left whole (named blocks and hidden ones
are two passes, each with this guard);
the page's document, body, ``article`` and ``main`` elements are never furniture, nor an element that holds
more than ``MAX_SHARE`` of the page's text or the page's ``h1`` (a theme that names its content column
``popup-x``); names of a taxonomy term (WordPress writes ``tag-related``, ``category-rating`` on the article)
and negations (``no-share``, ``has-popup``) are not read.  A hidden block longer than ``MAX_HIDDEN_CHARS``
or holding most of the page may be an article folded away behind "read more", and is not furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.etree import XPath
from lxml.html import HtmlElement

MAX_SHARE = 0.4  # an element holding more of the page's text than this is never furniture
MAX_BODY_SHARE = 0.75  # furniture that would take more of the extracted body than this is left in it
MAX_HIDDEN_CHARS = 1000  # a longer hidden block (whitespace aside) may be an article folded away


@dataclass(frozen=True)
class FurnitureRule:
    kind: str
    name: str  # regex matched (search) against one lower-cased class or id name
    probe: str  # a cheap regex every matching lower-cased class/id value contains (a pre-filter)
    example: str  # a team-written HTML block the rule removes (tests/test_ingest_furniture.py)


FURNITURE: tuple[FurnitureRule, ...] = (
    FurnitureRule(
        "popup",
        r"^(pum|popmake)(-|$)|(^|[-_])(popup|pop-up)([-_]|$)",
        "pum|popmake|pop-?up",
        '<div class="pum pum-overlay"><div class="pum-content"><p>Join our training day in May and meet '
        "the instructors of the academy in person.</p></div></div>",
    ),
    FurnitureRule(
        "author box",
        r"(^|[-_])(author|autor|autoren|auteur|autore)[-_]?(bio|box|info|description|details|about|profile|card)|"
        r"(^|[-_])(about-?the-?author|author-?bio|entry-author|autorenbox|sobre-el-autor|a-propos-de-l-auteur)"
        r"([-_]|$)",
        "aut",
        '<div class="entry-author"><p class="author-bio">Posted by Ana Costa. Writes about trains, bicycles '
        "and the weather since 2009.</p></div>",
    ),
    FurnitureRule(
        "rating",
        r"(^|[-_])(rating|ratings|star-?rating|bewertung|bewertungen|valoracion)([-_]|$)",
        "rating|bewertung|valoracion",
        '<div class="sd-rating"><h3>Rate this:</h3><span>Like Loading …</span></div>',
    ),
    FurnitureRule(
        "related",
        r"^related|[-_]related|^(verwandte|weitere-?artikel|more-?(articles|stories|posts)|"
        r"(noticias|articulos)-relacionad[oa]s|articles-similaires|articoli-correlati)([-_]|$)",
        "related|verwandte|weitere|more|relacionad|similaires|correlati",
        '<a class="relatedPost" href="/hay"><p>Good hay is the basis of good feeding: how to tell it from '
        "bad.</p></a>",
    ),
    FurnitureRule(
        "call to action",
        r"(^|[-_])(cta|call-?to-?action)([-_]|$)",
        "cta|call",
        '<section class="section footer-cta"><h3>Use our comparison as your advantage</h3></section>',
    ),
    FurnitureRule(
        "newsletter",
        r"(^|[-_])(newsletter|newsletters|subscribe|subscription|signup|sign-up|abonnieren|boletin)([-_]|$)",
        "newsletter|subscri|sign|abonnieren|boletin",
        '<div class="newsletter-box"><h4>The valley brief</h4><p>Every morning at six, free of charge.</p></div>',
    ),
    FurnitureRule(
        "share",
        r"(^|[-_])(share|sharing|social|sharedaddy|shariff|teilen|compartir|partager)([-_]|$)",
        "shar|social|teilen|compartir|partager",
        '<ul class="social-share"><li>Send by mail</li><li>Post to your friends</li></ul>',
    ),
    FurnitureRule(
        "breadcrumb",
        r"(^|[-_])(breadcrumbs?|brotkrumen|fil-d-ariane|migas)([-_]|$)",
        "crumb|brotkrumen|ariane|migas",
        '<ol class="breadcrumb"><li>Start page</li><li>Valley and region</li></ol>',
    ),
    FurnitureRule(
        "screen reader",
        r"^(sr-only|screen-?reader-?(text|only)|visually-?hidden|visuallyhidden|hide-?text|text-hide|"
        r"element-invisible)$",
        "sr-|screen|visual|hide|invisible",
        '<a class="skip" href="#main"><span class="screen-reader-text">Jump to the main content</span></a>',
    ),
    FurnitureRule(
        "tags",
        r"(^|[-_])(tags|tag-?list|tagcloud|keywords|schlagworte|schlagwoerter|etiquetas)([-_]|$)",
        "tag|keyword|schlagw|etiqueta",
        '<div class="article-tags"><span>Forest fires</span><span>Valley weather</span></div>',
    ),
)
NAMES = re.compile("|".join(f"(?P<r{i}>{rule.name})" for i, rule in enumerate(FURNITURE)))
SKIPPED = re.compile(  # taxonomy terms (WordPress "tag-related") and negations ("no-share", "has-popup")
    r"^(tag|category|categories|format|type|post|page|postid|status|no|not|without|has|with|disable)[-_]|"
    r"^hide[-_](?!text$)"
)
NEVER = {"html", "body", "article", "main", "head", "script", "style", "link", "meta", "noscript", "img"}
FURNITURE_TAGS = {"nav": "navigation", "footer": "page footer", "aside": "aside"}  # HTML5 says what they are
FURNITURE_ROLES = {  # the ARIA roles that say the same as those tags
    "navigation": "navigation",
    "contentinfo": "page footer",
    "complementary": "aside",
}
NAMED = XPath(
    "//*[@class or @id or @style or @hidden or @role]|" + "|".join(f"//{tag}" for tag in FURNITURE_TAGS)
)
HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)  # an inline style no reader sees
PROBE = re.compile(
    "|".join(rule.probe for rule in FURNITURE)
)  # pre-filter, on lower-cased names (re.I is slower)


def furniture_kind(names: str) -> str | None:
    """The kind of furniture a lower-cased ``class``/``id`` value names, or None."""
    for name in names.split():
        if SKIPPED.match(name):
            continue
        match = NAMES.search(name)
        if match and match.lastgroup:
            return FURNITURE[int(match.lastgroup[1:])].kind
    return None


def furniture_blocks(tree: HtmlElement, page: str | None = None) -> list[tuple[HtmlElement, str]]:
    """(element, kind) of the outermost furniture blocks of ``tree``, guards applied (``page``: its text)."""
    found: list[tuple[HtmlElement, str]] = []
    kinds: dict[str, str | None] = {}  # a page repeats its class names: each distinct value is read once
    for element in NAMED(tree):
        tag = element.tag
        if tag in FURNITURE_TAGS:
            found.append((element, FURNITURE_TAGS[tag]))
            continue
        role = FURNITURE_ROLES.get(element.get("role", "").strip().lower())
        if role and isinstance(tag, str) and tag not in NEVER:
            found.append((element, role))
            continue
        if element.get("hidden") is not None or HIDDEN.search(element.get("style", "")):
            if isinstance(tag, str) and tag not in NEVER and _short(element):
                found.append((element, "hidden"))
            continue
        names = f"{element.get('class', '')} {element.get('id', '')}"
        if names in kinds:
            kind = kinds[names]
        else:
            low = names.lower()
            kind = kinds[names] = furniture_kind(low) if PROBE.search(low) else None
        if kind and isinstance(tag, str) and tag not in NEVER:
            found.append((element, kind))
    if not found:
        return []
    total = len(tree.text_content() if page is None else page)
    chosen = {element for element, _ in found}
    blocks: list[tuple[HtmlElement, str]] = []
    for element, kind in found:  # document order: an ancestor is decided before its descendants
        if any(parent in chosen for parent in element.iterancestors()):
            continue  # inside a block that goes anyway
        if len(element.text_content()) > MAX_SHARE * total or element.find(".//h1") is not None:
            chosen.discard(element)
            continue
        blocks.append((element, kind))
    return blocks


def _short(element: HtmlElement) -> bool:
    """Whether a hidden block is short enough to be a tooltip, a pull-down or a dialog (on the benchmark pages the
    hidden text that reached a body was at most 452 characters); a longer one may be the rest of an article that
    the page folds away behind "read more"."""
    count = 0
    for text in element.itertext():
        count += len(text) - text.count(" ") - text.count("\n") - text.count("\t")
        if count > MAX_HIDDEN_CHARS:
            return False
    return True


@dataclass(frozen=True)
class Furniture:
    """The text of a page's furniture blocks with their kinds, and the page's text.  Lines are compared without
    whitespace, since ``text_content`` runs the words of neighbouring inline blocks together where an extractor
    spaces them."""

    blocks: tuple[tuple[str, str], ...]  # (text without whitespace, kind)
    page: str  # the page's text as lxml gives it (whitespace is removed only when a line needs the count)


def find_furniture(tree: HtmlElement) -> Furniture:
    """The furniture of ``tree`` (trafilatura leaves the tree it is given unchanged, so before or after)."""
    page = tree.text_content()
    blocks = tuple(("".join(el.text_content().split()), kind) for el, kind in furniture_blocks(tree, page))
    return Furniture(blocks, page if blocks else "")


def without_furniture(body: str, furniture: Furniture) -> tuple[str, list[str]]:
    """``body`` (an extractor's text of the page) without the lines the page prints only inside furniture
    blocks, and the kinds of the blocks whose lines went.  A line that also appears elsewhere on the page stays,
    so a teaser repeating the lead never costs the lead; when the furniture would take more than
    MAX_BODY_SHARE of the body (on the 252 dev pages it took at most 60 %, a pop-up longer than its article),
    the body is returned whole.  Named blocks go first, then hidden ones, each pass with its own guard: teasers
    and a hidden consent dialog that together are most of the body both go."""
    kinds: list[str] = []
    for hidden in (False, True):
        blocks = tuple(block for block in furniture.blocks if (block[1] == "hidden") == hidden)
        if blocks:
            body, went = _without_blocks(body, blocks, furniture)
            kinds += went
    return body, kinds


def _without_blocks(
    body: str, blocks: tuple[tuple[str, str], ...], furniture: Furniture
) -> tuple[str, list[str]]:
    kept: list[str] = []
    kinds: list[str] = []
    page = ""
    for line in body.split("\n"):
        flat = "".join(line.split())
        owners = [kind for text, kind in blocks if flat and flat in text]
        if owners:
            page = page or "".join(furniture.page.split())
            if sum(text.count(flat) for text, _ in furniture.blocks) >= page.count(flat):
                kinds.append(owners[0])
                continue
        kept.append(line)
    text = "\n".join(kept)
    if len(text) < (1 - MAX_BODY_SHARE) * len(body):  # the extractor's body was the furniture: keep it whole
        return body, []
    return text, kinds
