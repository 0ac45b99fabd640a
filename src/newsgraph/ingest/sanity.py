"""Text sanity for the readers: safe strings, safe file names, flattened deep HTML and a text-likeness check.

* :func:`sanitise` replaces lone surrogates (a JSON ``"\\udfff"`` escape) with U+FFFD and removes NUL characters,
  so that every string a reader yields can be written to the store; the caller records a note.
* :func:`safe_name` turns a file name that is not valid UTF-8 (Python gives its bad bytes as surrogate escapes)
  into a printable one: each undecodable byte is written ``\\xNN`` (documented in docs/ingest.md).
* :func:`flatten_deep_html` removes every tag but the document, paragraph and heading ones from a page nested
  deeper than lxml parses (libxml2 stops at 256 levels), so the extractor still sees the text.
* :func:`text_problem` says why a clean text is not prose: too few letters, undecodable or mis-decoded
  characters, too few distinct words, or mostly repeated lines or sentences.  Correct non-English text passes.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from collections import Counter

from lxml import etree

SURROGATE = re.compile("[\ud800-\udfff]")
TAG_START = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,20})")
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,20})\b[^<>]{0,2000}?(/?)>")
VOID = ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "wbr")
SELF_CLOSED = ("p", "li", "td", "th", "tr", "dt", "dd", "option")  # a parser closes these by itself
UNNESTED = frozenset(VOID + SELF_CLOSED)  # tags that do not deepen the tree
KEPT = frozenset(
    ("html", "head", "body", "title", "meta", "p", "br", "script", "style", "noscript", "template")
)
KEPT_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
DEPTH_LIMIT = 200  # deeper nesting is flattened (libxml2's own limit is 256)
WORD = re.compile(r"\w+")
TWO_WORDS = re.compile(r"\w\W+\w")  # at least two words
SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
MIN_LETTER_SHARE = 0.5  # letters among non-space characters
MAX_BAD_SHARE = 0.02  # broken (runs of U+FFFD) and control characters among all characters
REPLACEMENT_RUN = re.compile("\ufffd+")
MOJIBAKE = re.compile("[\u00c2\u00c3\u00e2\u00c5\u00d0\u00d1][\u0080-\u00bf\u2018-\u203a\u0152-\u0192]")
MAX_MOJIBAKE_SHARE = 0.2  # mojibake pairs (Ã©, Ð¾, â€™) among letters
MAX_REPEATED_SHARE = 0.5  # repeated lines/sentences among all of them
MIN_DISTINCT_WORDS = 12  # a text of 60+ words with fewer distinct words is not prose
CONTROL = frozenset(chr(c) for c in range(32)) - frozenset("\t\n\r\f\v")


def sanitise(text: str) -> tuple[str, int]:
    """(text with lone surrogates replaced by U+FFFD and NULs removed, number of characters changed)."""
    changed = text.count("\x00")
    if changed:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text, count = SURROGATE.subn("\ufffd", text)
        changed += count
    return text, changed


def safe_name(name: str) -> str:
    """``name`` unchanged when it is valid UTF-8, else with each undecodable byte written ``\\xNN``."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", errors="backslashreplace")


def nesting_depth(html: str) -> int:
    """Deepest element nesting, counted on tag starts alone (opening minus closing, void tags not counted).

    A cheap upper estimate for :func:`flatten_deep_html`: it also counts self-closing tags (``<path/>``) and tags
    inside scripts, so it flags a few pages more than it should, and lxml decides those (a fifth of the cost of
    reading every tag to its end, issue 16)."""
    depth = deepest = 0
    for closing, name in TAG_START.findall(html):
        if name.lower() in UNNESTED:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def flatten_deep_html(html: str) -> tuple[str, str | None]:
    """(html, None) when lxml parses it whole, else (html keeping only document, paragraph and heading tags, a note).

    The tag count is a cheap first test (it over-counts unclosed tags and tags inside scripts); only a page it
    flags is parsed with lxml, whose own "Excessive depth" error decides.
    """
    depth = nesting_depth(html)
    if depth <= DEPTH_LIMIT or not _lxml_too_deep(html):
        return html, None
    flat = TAG.sub(lambda m: m.group() if m.group(2).lower() in KEPT | KEPT_HEADINGS else " ", html)
    return flat, f"html: {depth} levels of nested tags flattened"


def _lxml_too_deep(html: str) -> bool:
    parser = etree.HTMLParser()
    with contextlib.suppress(etree.LxmlError, ValueError):  # what matters is the error log
        etree.fromstring(html, parser)
    return any("Excessive depth" in entry.message for entry in parser.error_log)


MIN_DISTINCT_LETTERS = 8  # prose in any script uses more than a handful of letters ("東東東…", "aaaa…")


def _is_letter(ch: str) -> bool:
    """A letter, or a vowel sign or other mark written on one: Burmese, Hindi, Bengali, Tamil and Thai text is a
    third to a half marks (category M), which ``str.isalpha`` does not count."""
    return ch.isalpha() or unicodedata.category(ch)[0] == "M"


def text_problem(text: str) -> str | None:
    """Why ``text`` (a clean article text) is not prose, or None when it reads as text in some language."""
    chars = "".join(text.split())
    if not chars:
        return None
    counts = Counter(chars)  # one pass in C; the tests below read the distinct characters only
    letters = sum(n for ch, n in counts.items() if _is_letter(ch))
    if letters / len(chars) < MIN_LETTER_SHARE:
        return f"not-text: only {letters / len(chars):.0%} of the characters are letters"
    pairs = len(MOJIBAKE.findall(chars))
    if pairs / max(letters, 1) > MAX_MOJIBAKE_SHARE / 2:
        return f"mojibake: {pairs} mis-decoded character pairs (text read in the wrong encoding)"
    bad = sum(n for ch, n in counts.items() if ch in CONTROL or "\x80" <= ch <= "\x9f")
    # a run of replacement characters is one broken character (a cut 3-byte CJK one gives 3)
    if "\ufffd" in counts:
        bad += len(REPLACEMENT_RUN.findall(chars))
    if bad / len(chars) > MAX_BAD_SHARE:
        return f"not-text: {bad / len(chars):.0%} undecodable or control characters"
    return _repetition(text, counts)


def _repetition(text: str, counts: Counter[str]) -> str | None:
    """``counts``: the text's characters but whitespace; casefolding works character by character (ß → ss),
    so the folded text's letters are counted from the distinct characters, not from the text again."""
    folded = text.casefold()
    letters = 0
    seen: set[str] = set()
    for ch, n in counts.items():
        for low in ch.casefold():
            if low.isalpha():
                letters += n
                seen.add(low)
    distinct_letters = len(seen)
    if letters >= 40 and distinct_letters < MIN_DISTINCT_LETTERS:
        return f"repetitive: {letters} letters but only {distinct_letters} distinct"
    words = WORD.findall(folded)
    distinct = len(set(words))
    if len(words) >= 60 and distinct < MIN_DISTINCT_WORDS:
        return f"repetitive: {len(words)} words but only {distinct} distinct"
    for unit, parts in (("lines", text.split("\n")), ("sentences", SENTENCE.findall(text))):
        items = [" ".join(p.split()).casefold() for p in parts if TWO_WORDS.search(p)]
        if len(items) < 8:
            continue
        repeated = len(items) - len(Counter(items))
        if repeated / len(items) > MAX_REPEATED_SHARE:
            return f"repetitive: {repeated} of {len(items)} {unit} repeat an earlier one"
    return None
