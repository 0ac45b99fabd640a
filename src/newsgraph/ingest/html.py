"""RawDoc → Article: trafilatura for HTML, then newsgraph's own cleaning, sections and language checks.

Trafilatura options were chosen on the dev split of the snippet benchmark (docs/ingest.md): trafilatura's
balanced defaults (``favor_recall`` cost 0.004 F1 there), tables kept, reader comments excluded; the page's
lead (an element marked "lead", "excerpt", "standfirst" ..., or else the meta description) is put back
when the extractor dropped it; page blocks the extractor skipped between two blocks it kept (a list) are put
back and a list of links after the body dropped (``recover.py``); lines the page prints only inside furniture
blocks (pop-ups, author boxes, related posts, ``nav``/``footer``/``aside``: ``furniture.py``) are dropped; text
is NFC-normalised; our ``clean_text`` then removes the boilerplate that gets through.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any

import trafilatura
from htmldate import find_date
from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from newsgraph.charsets import word_count
from newsgraph.errors import SkipRecord
from newsgraph.ingest.clean import clean_text, find_sections
from newsgraph.ingest.furniture import find_furniture, without_furniture
from newsgraph.ingest.language import detect_language
from newsgraph.ingest.metadata import page_metadata
from newsgraph.ingest.recover import mend_body
from newsgraph.ingest.sanity import text_problem
from newsgraph.ingest.types import RawDoc
from newsgraph.records import Article
from newsgraph.settings import Settings

MIN_WORDS = 25  # documents with fewer words after cleaning are skipped as "too-short"
MIN_LEAD_WORDS = 12  # a meta description this long, ending as a sentence, is a lead the body may lack
LEAD_PROBE = 40  # letters and digits of the lead looked for in the body
MIN_LANGUAGE_CONFIDENCE = 0.5  # a non-accepted language below this confidence is not trusted
TRAFILATURA_OPTIONS: dict[str, Any] = {"include_comments": False}  # metadata: newsgraph.ingest.metadata
HEADLINE_LINES = 3  # the headline is looked for among the body's first lines (a caption may come first)
DATE_PARAMS: dict[str, Any] = {"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%d"}
LEAD_CLASSES = ("lead", "excerpt", "standfirst", "intro", "summary", "abstract")
LEAD_CLASS = "[@class][" + " or ".join(f"contains(@class,'{c}')" for c in LEAD_CLASSES) + "]"
LEAD_XPATH = XPath(  # the class test before the descendant search (the same elements, in the same order)
    f"(//p{LEAD_CLASS}|//div{LEAD_CLASS}[not(.//p)])[not(ancestor::nav or ancestor::aside or ancestor::footer)][1]"
)
VISIBLE_TEXT = XPath(
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]"
)
H1_XPATH = XPath("//h1[not(ancestor::nav or ancestor::header[.//nav] or ancestor::footer)][1]")
WWW = re.compile(r"^www\d?\.", re.I)
TITLE_SEPARATOR = re.compile(r"\s+(?:[|›»·–—-]|::)\s+")
DECLARED_LANGUAGE = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([a-zA-Z]{2,3})", re.I)
ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
DATE_FORMATS = (
    "%d %B %Y",
    "%B %d, %Y",
    "%B %d %Y",
    "%d %b %Y",
    "%b %d, %Y",
    "%b %d %Y",
    "%d.%m.%Y",
    "%Y%m%d",
)
OPINION_TITLE = re.compile(
    r"^(opinion|analysis|comment|editorial|commentary|our view|viewpoint|op-ed)\s*[:|–-]", re.I
)
OPINION_URL = re.compile(
    r"/(opinion|opinions|commentisfree|comment|editorials?|analysis|op-ed|columns?)/", re.I
)
WORD = re.compile(r"\w+")
NOT_LETTERS = re.compile(r"[\W_]+")
MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*"
BYLINE = re.compile(r"^(by|from|published|updated|posted|written by)\b", re.I)
DATELINE_LINES = 3  # the body's first lines searched for date and byline lines
ANY_DATE = re.compile(  # a date in the forms pages print: 2023-11-08, 8.11.2023, 8 Nov 2023, 8. November 2023, Nov 8, 2023
    r"\b(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./](\d{4}|\d{2})|\d{1,2}\.?\s+[^\W\d_]{3,10}\.?,?\s+\d{4}|"
    r"[^\W\d_]{3,10}\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4})\b"
)
CLOCK = re.compile(r"\b\d{1,2}[:.h]\d\d(\s*([ap]\.?m\.?|uhr|h))?\b", re.I)
DATELINE_WORDS = re.compile(  # what a date line says besides the date and a name: verbs, time zones, weekdays
    r"\b(posted|published|updated|last updated|modified|on|at|by|am|um|uhr|von|le|el|de|par|por|publié|publicado|"
    r"veröffentlicht|aktualisiert|[ecmp][sd]t|bst|cet|cest|eet|eest|msk|ist|jst|kst|aest|utc|gmt|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)\b",
    re.I,
)
FILE_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?([01]\d)[-_.]?([0-3]\d)(?!\d)")
TEXT_DATE = re.compile(
    rf"\b(\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}} {MONTHS} \d{{4}}|{MONTHS} \d{{1,2}}, \d{{4}})\b"
)


def to_article(raw: RawDoc, settings: Settings, *, min_words: int = MIN_WORDS) -> Article:
    """Extract, clean and check one document; raises SkipRecord with a reason tag when it is not usable."""
    if len(raw.content) > settings.max_record_bytes:
        raise SkipRecord(
            "oversize", f"{len(raw.content)} characters > max_record_bytes={settings.max_record_bytes}"
        )
    if not raw.content.strip():
        raise SkipRecord("empty", "no content")
    if raw.kind == "html":
        _skip_declared_foreign(raw, settings, min_words)  # fast path: no metadata search on a foreign page
    fields = _from_html(raw) if raw.kind == "html" else _from_text(raw)
    text, flags = clean_text(fields.text)
    _check_text(text, min_words, dropped=fields.dropped_words)
    if problem := text_problem(text):  # binary, mojibake or repetition is not an article (issue 17)
        raise SkipRecord(*problem.split(": ", 1))
    language, confidence = detect_language(text)
    language, flags = _check_language(language, confidence, flags, settings)
    if any(note.startswith("decoding:") for note in raw.notes):
        flags = tuple(sorted({*flags, "encoding_repaired"}))
    title = fields.title
    opinion = bool(title and OPINION_TITLE.match(title)) or bool(raw.url and OPINION_URL.search(raw.url))
    article = Article.from_text(
        text,
        title=title,
        url=fields.url,
        source=fields.source,
        published=normalise_date(fields.date),
        flags=flags,
        sections=find_sections(text, default="opinion" if opinion else "report"),
        input=raw.locator,
        language=language,
    )
    if article.published is None and (from_name := date_from_file_name(raw.input)):
        evidence = f'file name "{from_name[1]}"'
        article = replace(
            article, published=from_name[0], published_inferred=True, published_evidence=evidence
        )
    return article


def date_from_file_name(path: str) -> tuple[str, str] | None:
    """(YYYY-MM-DD, matched text) when the file's name holds a date ("2025-05-07-visit.txt", "20250507.html")."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    for match in FILE_NAME_DATE.finditer(name):
        found = _safe_date(*(int(g) for g in match.groups()))
        if found:
            return found.strftime("%Y-%m-%d"), match.group(0)
    return None


def _skip_declared_foreign(raw: RawDoc, settings: Settings, min_words: int) -> None:
    """A page declaring a language that is not accepted (``<html lang="de">``) is checked on its body text first,
    extracted without trafilatura's metadata and date search (about half of the extraction time, issue 16); a
    confident non-accepted language raises the same SkipRecord as the full path.  Anything else (an English body,
    a short or empty one, a parse error) falls through to the full extraction, which decides as before."""
    declared = DECLARED_LANGUAGE.search(raw.content[:5000])
    if "*" in settings.languages or not declared or declared.group(1).lower() in settings.languages:
        return
    try:
        doc = trafilatura.bare_extraction(raw.content, url=raw.url, **TRAFILATURA_OPTIONS)
    except (ValueError, TypeError, AttributeError):
        return
    text, flags = clean_text(getattr(doc, "text", None) or "")
    if len(WORD.findall(text)) >= min_words:
        _check_language(*detect_language(text), flags, settings)


@lru_cache(maxsize=1)
def warm_date_parser() -> None:
    """Build the tables of htmldate's fallback date parser (dateparser) for every locale, once per process.

    dateparser builds them lazily, for the locales it tries on each new string: on a mix of languages that is
    about 2 s spread over the first pages, against about 1.3 s built at once on a string no locale reads
    (issue 16).  Called before the first HTML page is extracted; a missing or changed htmldate is no error."""
    try:
        from htmldate.extractors import get_external_parser

        get_external_parser().get_date_data("zzqx 12 zzqy 2019")
    except (ImportError, AttributeError, ValueError, OverflowError):
        return


@dataclass(frozen=True)
class Extracted:
    """What the HTML or text path reads off one document, before cleaning: the body text and its metadata;
    ``dropped_words`` counts the words of the headline and date lines the page prints over the body, which
    count toward the too-short minimum (``_check_text``)."""

    text: str
    title: str | None
    url: str | None
    source: str | None
    date: str | None
    dropped_words: int = 0


def _from_html(raw: RawDoc) -> Extracted:
    warm_date_parser()
    try:
        tree = load_html(raw.content)  # parsed once: lead and metadata are read, trafilatura works on a copy
        if tree is None:
            raise SkipRecord("no-body", "no HTML tree could be built")
        lead = marked_lead(tree)
        meta = page_metadata(tree, raw.url, None if raw.date else DATE_PARAMS)  # a record's date wins
        furniture = find_furniture(tree)  # pop-ups, author boxes, ratings, related posts (before trafilatura)
        doc = trafilatura.bare_extraction(tree, url=raw.url or meta.url, **TRAFILATURA_OPTIONS)
    except (ValueError, TypeError, AttributeError) as exc:  # malformed markup deep inside lxml
        raise SkipRecord("no-body", f"HTML could not be parsed: {exc}") from None
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise SkipRecord("no-body", "no article text found in the HTML")
    body = mend_body(body, tree)  # blocks skipped between two kept ones back, a trailing link list out
    body = without_furniture(body, furniture)[0]  # the furniture lines the extractor kept
    h1 = first_h1(tree)
    title = raw.title or headline_title(meta.title, h1, (meta.sitename, meta.hostname))
    full = body
    body, dateline = without_datelines(without_headline(body, (title, meta.title, h1)))
    return Extracted(
        text=with_lead(with_lead(body, lead), meta.description, printed=lambda text: printed_on(tree, text)),
        title=title,
        url=raw.url or meta.url,
        source=raw.source or meta.sitename or meta.hostname,
        date=raw.date or day_date(meta.date, tree, raw.url or meta.url) or dateline,
        dropped_words=word_count(full) - word_count(body),
    )


def day_date(found: str | None, tree: HtmlElement, url: str | None) -> str | None:
    """The page's date from htmldate, unless it is a month or a year passed off as a day.  htmldate's extensive
    search ends in guesses: a year and month in the text become its first day (``03/2023`` → 2023-03-01), the
    copyright year or any year printed on the page becomes 1 January (``© 2023``, "up 16 percent from 2021").
    A first of the month that the page's metadata do not give (htmldate without the extensive search) and that
    no full date printed on the page names is dropped, so the text's own evidence (a dateline, rule 2 of
    ``dates.infer_published``) can date the article, or it stays undated and is counted so."""
    if not found or not found.endswith("-01"):
        return found
    if any(normalise_date(match.group(0)) == found for match in ANY_DATE.finditer(tree.text_content())):
        return found
    plain = find_date(tree, **{**DATE_PARAMS, "extensive_search": False, "url": url})
    return found if plain == found else None


def without_headline(body: str, headlines: Iterable[str | None]) -> str:
    """The body without the page's headline when it is one of its first HEADLINE_LINES lines: its title, the
    title without the site name it carries after or before a separator ("Headline - Site", "Site | Headline"),
    or the page's first ``h1``; the same words, case and punctuation aside.  The headline is the article's
    ``title``, as a text dump's first line is, not a paragraph of its text; a photo caption or a kicker may
    stand over it (the lines before it stay, for the cleaning rules to judge)."""
    lines = body.split("\n")
    candidates = [part for headline in filter(None, headlines) for part in _headline_forms(headline)]
    seen = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if seen == HEADLINE_LINES or index == len(lines) - 1:
            break  # a one-line body is left as it is
        seen += 1
        flat = " ".join(line.split())
        if any(_same_words(flat, candidate) for candidate in candidates):
            rest = lines[:index] + lines[index + 1 :]
            return "\n".join(rest).lstrip("\n") if seen == 1 else "\n".join(rest)
    return body


def _headline_forms(headline: str) -> set[str]:
    parts = TITLE_SEPARATOR.split(headline)
    return {headline, parts[0], parts[-1]}


def _same_words(one: str, other: str) -> bool:
    """The same words in the same order, case and punctuation aside (a headline printed twice)."""
    return WORD.findall(one.lower()) == WORD.findall(other.lower())


def without_datelines(body: str) -> tuple[str, str | None]:
    """(the body without the date and byline lines among its first DATELINE_LINES lines, the first date they give
    as YYYY-MM-DD or None).  "November 8, 2023", "Posted: Thursday, April 21, 2022. 10:11 pm CST.", "21. Jan 2022
    // Jane Roe": the page's date and author are metadata, not text; the date serves a page without a dated head.
    A standfirst may come before them."""
    lines = body.split("\n")
    date = None
    seen = 0
    for index, line in enumerate(lines):
        if seen == DATELINE_LINES:
            break
        if not line.strip():
            continue
        seen += 1
        if _is_dateline(" ".join(line.split())) and index + 1 < len(lines):
            if date is None and (match := ANY_DATE.search(line)):
                date = normalise_date(match.group(0))
            lines[index] = ""
    kept = "\n".join(lines)
    return (kept.lstrip("\n") if kept != body else body), date


def _is_dateline(line: str) -> bool:
    """A short line that is a date, with at most a time, a weekday, a "posted/by" word and a name or category of
    1-3 capitalised words ("The vote is on 8 May 2025." is a sentence)."""
    if len(line) > 100 or not ANY_DATE.search(line):
        return False
    rest = WORD.findall(DATELINE_WORDS.sub(" ", ANY_DATE.sub(" ", CLOCK.sub(" ", line))))
    return len(rest) <= 3 and all(word[0].isupper() or word.isdigit() for word in rest)


def headline_title(title: str | None, h1: str | None, sites: Iterable[str | None]) -> str | None:
    """The page's title without the site's name printed around it ("Headline - Site", "Site | Headline"): the
    part that is the page's ``h1``, or the title without a first or last part that is the site's name or host
    name.  Any other title is left as it is."""
    if not title:
        return title
    parts = TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    if h1:
        for part in (parts[0], parts[-1]):
            if _same_words(part, h1):
                return part
    names = {_letters(WWW.sub("", site)) for site in sites if site}
    if _letters(parts[-1]) in names:
        return title[: title.rindex(parts[-1])].rstrip(" |›»·–—-:")
    if _letters(parts[0]) in names:
        return title[len(parts[0]) :].lstrip(" |›»·–—-:")
    return title


def first_h1(tree: HtmlElement) -> str | None:
    """Text of the page's first ``h1`` outside navigation (None when it has none)."""
    for element in H1_XPATH(tree):
        return " ".join(element.text_content().split())
    return None


def marked_lead(tree: HtmlElement) -> str | None:
    """Text of the first element the page marks as its lead ("lead", "excerpt", "standfirst" ... in a class),
    outside navigation, asides and footers; None when there is none."""
    for element in LEAD_XPATH(tree):
        return " ".join(element.text_content().split())
    return None


def with_lead(body: str, description: str | None, *, printed: Callable[[str], bool] | None = None) -> str:
    """The body with the page's lead (its meta description) put first when the extractor left it out.

    Many sites print the lead/standfirst outside the main text block, so trafilatura drops it; the description
    carries the same sentences.  Only a lead-like description is used: at least MIN_LEAD_WORDS words, ending as
    a sentence ends, and not already in the body.  "Already in the body" compares letters and digits only, so
    a lead that differs from the body's first paragraph by a dash, quotation marks or spacing is not put in
    twice."""
    lead = " ".join((description or "").split())
    if len(WORD.findall(lead)) < MIN_LEAD_WORDS or not lead.endswith((".", "!", "?", '"', "”", "«", "»")):
        return body
    if _letters(lead)[:LEAD_PROBE] in _letters(body):
        return body
    if printed is not None and not printed(lead):  # a description the page does not print is no lead of it
        return body
    return f"{lead}\n{body}"


def printed_on(tree: HtmlElement, text: str) -> bool:
    """True when the page prints ``text`` (its first LEAD_PROBE letters and digits) in its body, outside scripts
    and styles: a standfirst the extractor skipped, not a summary written for search engines only."""
    return _letters(text)[:LEAD_PROBE] in _letters(" ".join(VISIBLE_TEXT(tree)))


def _letters(text: str) -> str:
    """Lower-cased letters and digits of ``text``: what two printings of the same sentence share."""
    return NOT_LETTERS.sub("", text.lower())


def _from_text(raw: RawDoc) -> Extracted:
    """Text dump: first non-empty line is the title (unless given); a byline line under it gives the date."""
    text, title = raw.content, raw.title
    if title is None:
        first, rest = _split_first_line(text)
        if rest is not None and 0 < len(WORD.findall(first)) <= 30:
            title, text = first, rest
    date = raw.date
    byline, rest = _split_first_line(text)
    if rest is not None and _is_byline(byline):
        text = rest
        match = TEXT_DATE.search(byline)
        date = date or (match.group(0) if match else None)
    return Extracted(text=text, title=title, url=raw.url, source=raw.source, date=date)


def _split_first_line(text: str) -> tuple[str, str | None]:
    """(first non-empty line with whitespace collapsed, the rest) — rest is None when there is one line."""
    lines = text.lstrip().split("\n", 1)
    return " ".join(lines[0].split()), (lines[1] if len(lines) == 2 else None)


def _is_byline(line: str) -> bool:
    """A short "By X | 7 June 2025" / "Published 2025-06-07" / "Wire | 2025-06-07" line."""
    if len(WORD.findall(line)) > 12 or line.endswith((".", "?", "!")):
        return False
    return bool(
        BYLINE.match(line) or (TEXT_DATE.search(line) and ("|" in line or len(WORD.findall(line)) <= 5))
    )


def _check_text(text: str, minimum: int, *, dropped: int = 0) -> None:
    """Raise SkipRecord for an empty text or one of fewer than ``minimum`` words; ``dropped``: words the page
    prints that are not text (its headline and date lines), which count toward the minimum as they did when they
    were part of the text, so that a short post is not skipped for losing its headline."""
    if not text.strip():
        raise SkipRecord("empty", "nothing left after removing boilerplate")
    words = word_count(text) + dropped
    if words < minimum:
        raise SkipRecord("too-short", f"{words} words < {minimum}")


def _check_language(
    language: str, confidence: float, flags: tuple[str, ...], settings: Settings
) -> tuple[str, tuple[str, ...]]:
    """Language to store.  Every language is stored by default (``languages=("*",)``); a guess below
    MIN_LANGUAGE_CONFIDENCE is not trusted: the article is read as English (the NLP tries it) and flagged."""
    accepted = settings.languages
    if language != "en" and confidence < MIN_LANGUAGE_CONFIDENCE:
        fallback = "en" if "*" in accepted or "en" in accepted else accepted[0]
        return fallback, tuple(sorted({*flags, "language_uncertain"}))
    if "*" in accepted or language in accepted:
        return language, flags
    if confidence >= MIN_LANGUAGE_CONFIDENCE:
        tag = "non-english" if tuple(accepted) == ("en",) else "language"
        raise SkipRecord(
            tag, f"detected {language} (confidence {confidence:.2f}); accepted: {','.join(accepted)}"
        )
    return accepted[0], tuple(sorted({*flags, "language_uncertain"}))


def normalise_date(value: str | None) -> str | None:
    """YYYY-MM-DD from ISO, RFC 2822 or common written forms; None when it cannot be read."""
    if not value or not value.strip():
        return None
    value = re.sub(r"\bSept\b", "Sep", " ".join(value.split()))
    match = ISO_DATE.match(value)
    candidates: list[datetime | None] = []
    if match:
        candidates.append(_safe_date(*(int(g) for g in match.groups())))
    else:
        candidates.append(_parse_rfc2822(value))
        candidates.extend(_strptime(value, fmt) for fmt in DATE_FORMATS)
    found = next((c for c in candidates if c is not None), None)
    return found.strftime("%Y-%m-%d") if found else None


def _safe_date(year: int, month: int, day: int) -> datetime | None:
    try:
        return datetime(year, month, day)
    except ValueError:
        return None


def _parse_rfc2822(value: str) -> datetime | None:
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


def _strptime(value: str, fmt: str) -> datetime | None:
    try:
        return datetime.strptime(value, fmt)
    except ValueError:
        return None
