"""RawDoc → Article: trafilatura for HTML, then newsgraph's own cleaning, sections and language checks.

Trafilatura options were chosen on the extraction benchmark (docs/ingest.md): ``favor_recall=True``, tables
kept (dropping them lost body text on the benchmark), reader comments excluded; our ``clean_text`` then
removes the boilerplate that recall lets in.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

import trafilatura

from newsgraph.errors import SkipRecord
from newsgraph.ingest.clean import clean_text, find_sections
from newsgraph.ingest.language import detect_language
from newsgraph.ingest.types import RawDoc
from newsgraph.records import Article
from newsgraph.settings import Settings

MIN_WORDS = 25  # documents with fewer words after cleaning are skipped as "too-short"
MIN_LANGUAGE_CONFIDENCE = 0.5  # a non-accepted language below this confidence is not trusted
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "favor_recall": True,
    "include_comments": False,
    "with_metadata": True,
    "date_extraction_params": {"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%d"},
}
FAST_OPTIONS = {
    k: v for k, v in TRAFILATURA_OPTIONS.items() if k not in ("with_metadata", "date_extraction_params")
}
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
MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*"
BYLINE = re.compile(r"^(by|from|published|updated|posted|written by)\b", re.I)
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
    text, flags = clean_text(fields["text"] or "")
    _check_text(text, min_words)
    language, confidence = detect_language(text)
    language, flags = _check_language(language, confidence, flags, settings)
    if any(note.startswith("decoding:") for note in raw.notes):
        flags = tuple(sorted({*flags, "encoding_repaired"}))
    title = fields["title"]
    opinion = bool(title and OPINION_TITLE.match(title)) or bool(raw.url and OPINION_URL.search(raw.url))
    return Article.from_text(
        text,
        title=title,
        url=fields["url"],
        source=fields["source"],
        published=normalise_date(fields["date"]),
        flags=flags,
        sections=find_sections(text, default="opinion" if opinion else "report"),
        input=raw.locator,
        language=language,
    )


def _skip_declared_foreign(raw: RawDoc, settings: Settings, min_words: int) -> None:
    """A page declaring a language that is not accepted (``<html lang="de">``) is checked on its body text first,
    extracted without trafilatura's metadata and date search (about half of the extraction time, issue 16); a
    confident non-accepted language raises the same SkipRecord as the full path.  Anything else (an English body,
    a short or empty one, a parse error) falls through to the full extraction, which decides as before."""
    declared = DECLARED_LANGUAGE.search(raw.content[:5000])
    if "*" in settings.languages or not declared or declared.group(1).lower() in settings.languages:
        return
    try:
        doc = trafilatura.bare_extraction(raw.content, url=raw.url, **FAST_OPTIONS)
    except (ValueError, TypeError, AttributeError):
        return
    text, flags = clean_text(getattr(doc, "text", None) or "")
    if len(WORD.findall(text)) >= min_words:
        _check_language(*detect_language(text), flags, settings)


def _from_html(raw: RawDoc) -> dict[str, str | None]:
    try:
        doc = trafilatura.bare_extraction(raw.content, url=raw.url, **TRAFILATURA_OPTIONS)
    except (ValueError, TypeError, AttributeError) as exc:  # malformed markup deep inside lxml
        raise SkipRecord("no-body", f"HTML could not be parsed: {exc}") from None
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise SkipRecord("no-body", "no article text found in the HTML")
    return {
        "text": body,
        "title": raw.title or getattr(doc, "title", None),
        "url": raw.url or getattr(doc, "url", None),
        "source": raw.source or getattr(doc, "sitename", None) or getattr(doc, "hostname", None),
        "date": raw.date or getattr(doc, "date", None),
    }


def _from_text(raw: RawDoc) -> dict[str, str | None]:
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
    return {"text": text, "title": title, "url": raw.url, "source": raw.source, "date": date}


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


def _check_text(text: str, minimum: int) -> None:
    if not text.strip():
        raise SkipRecord("empty", "nothing left after removing boilerplate")
    words = len(WORD.findall(text))
    if words < minimum:
        raise SkipRecord("too-short", f"{words} words < {minimum}")


def _check_language(
    language: str, confidence: float, flags: tuple[str, ...], settings: Settings
) -> tuple[str, tuple[str, ...]]:
    accepted = settings.languages
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
