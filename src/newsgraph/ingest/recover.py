"""Body blocks the extractor skipped between two kept ones, put back; a list of links after the body, dropped.

Trafilatura sometimes drops a list, a sub-heading or a paragraph in the middle of the article it extracts (a
bullet list of advice under "How to protect yourself:", the bullet points of a newsletter story) while keeping
the paragraphs before and after it.  A block printed between two kept blocks, inside the same container, is
article text by position: ``mend_body`` finds the page's text blocks (paragraphs, list items, sub-headings,
quotes) in document order, marks those whose text is in the extracted body, and puts back the runs of unmarked
blocks that lie between two marked ones, after the line that holds the block before them.

Guards: the two anchors are blocks printed once on the page, at least ``MIN_ANCHOR`` characters long and not
mostly links, with a common ancestor at most two levels above each (the gap's blocks at most three below it: a
list item); the run is short (``MAX_GAP`` blocks) and none of its blocks is mostly links (a teaser refuses the
whole run); blocks inside figures, forms, ``nav``, ``aside``, ``footer``, players, scripts and styles, a page
``header`` (not one inside ``article``/``main``), or an element whose class names a caption, credit, banner,
hidden text, gallery, post meta line or comments are never put back.  The page's furniture and the line
cleaning run after it, so an ad or a teaser between two paragraphs is still removed by the rules that remove it
elsewhere.

After the last paragraph (a line of ``MIN_PROSE`` characters that is not mostly links), a run of
``MIN_LINK_RUN`` or more lines that the page prints as link blocks (more than half link text; as short as
``MIN_LINK_CHARS``: a section menu of "News", "Sport", "推荐") is a list of related headlines or a menu and
goes; one or two such lines stay (a link the article ends with).  Costs about 2 ms per page (the block scan);
the guards are checked only for a gap's blocks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate, islice

from lxml.html import HtmlElement

from newsgraph.charsets import char_weight

MAX_GAP = 12  # a longer run of skipped blocks is not body by position
MAX_LINK_SHARE = 0.5  # a block more link than text is a teaser or menu
MIN_CHARS = 12  # characters (no whitespace; kana and Han count twice: ``char_weight``) a block needs to count
MIN_ANCHOR = 30  # characters (no whitespace) of a block that anchors a gap
MAX_SCAN = 500_000_000  # blocks x body characters searched at most (about 0.2 s); a bigger page is left as is
PROBE = 40  # characters of a block's start or end looked for in the body
BLOCK_TAGS = ("p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "dd", "dt")
SKIPPED_NAMES = re.compile(  # class names of captions, hidden text, galleries, post meta lines, comments
    r"(?<![a-z])(captions?|credits?|banners?|sr-only|screen-reader(-text)?|visually-hidden|slideshows?|galler(y|ies)"
    r"|(post|entry|article)?-?meta(data)?|byline|comments?|respond)(?![a-z])"
)
OUTSIDE = frozenset(
    ("figure", "figcaption", "form", "nav", "aside", "footer", "template")
)  # not article text
OUTSIDE |= {"script", "noscript", "style", "audio", "video", "object", "iframe", "select", "button"}
INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]+")  # soft hyphens and zero-width characters


@dataclass(frozen=True)
class Block:
    flat: str  # the text without whitespace and invisible characters
    linked: bool  # mostly link text
    element: HtmlElement

    @property
    def text(self) -> str:
        """The block's text, whitespace collapsed (read only for the blocks put back)."""
        return " ".join(self.element.text_content().split())


def flat_text(text: str) -> str:
    """``text`` without whitespace, soft hyphens and zero-width characters."""
    flat = "".join(text.split())
    return flat if flat.isascii() else INVISIBLE.sub("", flat)


def page_blocks(tree: HtmlElement, min_chars: int = MIN_CHARS) -> list[Block]:
    """The page's innermost text blocks of at least ``min_chars`` (``char_weight``) in document order (a block
    holding another block is skipped)."""
    blocks = []
    for element in tree.iter(*BLOCK_TAGS):
        if next(islice(element.iter(*BLOCK_TAGS), 1, None), None) is not None:
            continue
        flat = flat_text(element.text_content())
        if char_weight(flat) < min_chars:
            continue
        links = sum(len(flat_text(a.text_content())) for a in element.iter("a"))
        blocks.append(Block(flat, links > MAX_LINK_SHARE * len(flat), element))
    return blocks


def recoverable(element: HtmlElement) -> bool:
    """Not inside a figure, form, navigation, header or footer, an embedded player, a caption or a banner, and
    holding no script (checked only for the few blocks of a gap)."""
    if next(element.iter("script", "style"), None) is not None:
        return False
    header = False
    for node in (element, *element.iterancestors()):
        if node.tag in OUTSIDE or SKIPPED_NAMES.search(node.get("class", "")):
            return False
        if node.tag in ("article", "main"):
            return True  # a header inside the article (a module's text) is the article's
        header = header or node.tag == "header"
    return not header


def mend_body(body: str, tree: HtmlElement) -> str:
    """``body`` with the short runs of page blocks it skipped between two blocks it kept put back, and without
    a run of link lines after its last paragraph."""
    every = page_blocks(tree, MIN_LINK_CHARS)  # one pass over the tree; gaps are built from the longer blocks
    blocks = [block for block in every if char_weight(block.flat) >= MIN_CHARS]
    if len(blocks) < 3:
        return body
    lines = body.split("\n")
    flats = [flat_text(line) for line in lines]
    ends = list(accumulate(len(flat) for flat in flats))  # where each line ends in the flat body
    flat_body = "".join(flats)
    if len(blocks) * len(flat_body) > MAX_SCAN:  # each block is looked for in the body: quadratic
        return body
    inserts: dict[int, list[str]] = {}
    for position, gap in _gaps(blocks, flat_body):
        after = min(bisect_right(ends, position), len(lines) - 1)
        inserts.setdefault(after, []).extend(block.text for block in gap)
    out: list[str] = []
    for number, line in enumerate(lines):
        out.append(line)
        out.extend(inserts.get(number, []))
    return "\n".join(_without_link_tail(out, {block.flat for block in every if block.linked}))


MIN_LINK_CHARS = 4  # a link line this short (two Han characters, "News") still counts in a run of links
MIN_LINK_RUN = 3  # link lines in a row after the last paragraph that make a list of links
MIN_PROSE = 80  # characters (no whitespace) of a line that is a paragraph


def _without_link_tail(lines: list[str], linked: set[str]) -> list[str]:
    """The lines without the runs of MIN_LINK_RUN or more link lines (lines that are page blocks made mostly of
    link text; blank lines do not break a run) after the last paragraph: a list of related headlines."""
    flats = [flat_text(line).lstrip("-") for line in lines]
    prose = [i for i, flat in enumerate(flats) if char_weight(flat) >= MIN_PROSE and flat not in linked]
    if not prose:
        return lines
    drop: set[int] = set()
    run: list[int] = []
    for index in range(prose[-1] + 1, len(lines) + 1):
        if index < len(lines) and (flats[index] in linked or not flats[index]):
            run.append(index)
            continue
        if sum(1 for i in run if flats[i]) >= MIN_LINK_RUN:
            drop.update(run)
        run = []
    return [line for index, line in enumerate(lines) if index not in drop]


def _gaps(blocks: list[Block], flat_body: str) -> list[tuple[int, list[Block]]]:
    """(where the anchor before it ends in the flat body, the blocks to put back) for each recoverable gap.

    An anchor is a block found in the body, printed once on the page, not mostly links, and long enough
    (MIN_ANCHOR) not to match by chance; a gap is the blocks between two consecutive anchors that the body
    lacks."""
    counts = Counter(block.flat for block in blocks)
    positions = [_position(block.flat, flat_body) for block in blocks]
    found = []
    previous: int | None = None
    for index, block in enumerate(blocks):
        position = positions[index]
        if position is None or counts[block.flat] > 1 or block.linked or char_weight(block.flat) < MIN_ANCHOR:
            continue
        if previous is not None and 1 < index - previous <= MAX_GAP + 1:
            between = zip(blocks[previous + 1 : index], positions[previous + 1 : index], strict=True)
            gap = [b for b, at in between if at is None and recoverable(b.element)]
            if gap and not any(b.linked for b in gap) and _same_container(blocks[previous], block, gap):
                found.append((positions[previous] or 0, gap))
        previous = index
    return found


def _position(flat: str, body: str) -> int | None:
    """Where (the end of) a block's text is in the flat body, or None when it is not there."""
    found = body.find(flat)
    if found >= 0:
        return found + len(flat) - 1
    for probe in (flat[:PROBE], flat[-PROBE:]):
        found = body.find(probe)
        if found >= 0:
            return found + len(probe) - 1
    return None


def _same_container(first: Block, last: Block, gap: list[Block]) -> bool:
    """Both anchors at most two levels below their common ancestor, the gap's blocks at most three."""
    above = list(first.element.iterancestors())[:2]  # held, so that lxml returns the same proxies
    common = next((e for e in list(last.element.iterancestors())[:2] if e in above), None)
    if common is None:
        return False
    return all(common in list(block.element.iterancestors())[:3] for block in gap)
