"""Dates: infer an article's publication date and resolve event dates (docs/dates-quotes-claims.md).

Pure functions over text / a spaCy ``Doc``.  Only the DATE entities the NLP found are parsed (plus a
conservative full-date regex when no ``Doc`` is available), so ordinals, percentages and the verb "may"
are never read as dates.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import yaml
from spacy.tokens import Doc, Span, Token

MONTHS: dict[str, int] = (
    {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
    | {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
    | {"sept": 9}
)
_FULL_MONTHS = frozenset(name.lower() for name in calendar.month_name if name)
WEEKDAYS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTH_RE = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY_RE = r"(?:(?P<weekday>" + "|".join(WEEKDAYS) + r"),?\s+(?:the\s+)?)?"
_DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>1[89]\d\d|2[01]\d\d)"
_FULL_DATE_RES = (
    re.compile(rf"\b{_WEEKDAY_RE}{_DAY_RE}\s+(?:of\s+)?{_MONTH_RE},?\s+{_YEAR_RE}\b", re.I),
    re.compile(rf"\b{_WEEKDAY_RE}{_MONTH_RE}\s+{_DAY_RE},?\s+{_YEAR_RE}\b", re.I),
    re.compile(r"\b(?P<year>1[89]\d\d|2[01]\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
)
_DAY_MONTH_RE = re.compile(
    rf"^{_WEEKDAY_RE}(?:{_DAY_RE}\s+(?:of\s+)?{_MONTH_RE}|{_MONTH_RE.replace('month', 'month2')}\s+(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)$",
    re.I,
)
_MONTH_YEAR_RE = re.compile(rf"^{_MONTH_RE},?\s+(?:of\s+)?{_YEAR_RE}$", re.I)
_YEAR_ONLY_RE = re.compile(rf"^(?:the\s+year\s+)?{_YEAR_RE}$")
_AGO_RE = re.compile(r"^(?P<n>\w+|a|an)\s+(?P<unit>day|week|month|year)s?\s+ago$")
_LEAD_RE = re.compile(r"^(?:on|in|at|since|by|during|from|of|until|over|the|earlier|late|early)\s+", re.I)
_TAIL_RE = re.compile(r"\s+(?:night|morning|afternoon|evening|overnight)$")
_SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_HISTORICAL_CUES = frozenset(
    [
        "since",
        "born",
        "founded",
        "established",
        "anniversary",
        "died",
        "until",
        "ago",
        "former",
        "formerly",
    ]
)
_FUTURE_CUES = frozenset(
    ["will", "scheduled", "due", "expected", "planned", "next", "until", "by", "deadline", "later"]
)
_ORDINAL_RE = re.compile(r"^(?P<n>\d+)(?:st|nd|rd|th)$", re.I)
_ORDINAL_WORDS = {
    w: i + 1
    for i, w in enumerate(
        ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"]
    )
} | {"twenty-fifth": 25, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
     "seventieth": 70, "seventy-fifth": 75, "eightieth": 80, "ninetieth": 90, "hundredth": 100}  # fmt: skip


class _Candidate(NamedTuple):
    day: date
    weekday_ok: bool | None  # None: no weekday given
    text: str


@lru_cache(maxsize=1)
def default_known_events() -> dict[str, str]:
    """Lower-case event name → ISO date, from ``newsgraph/data/dated_events.yaml``."""
    raw = resources.files("newsgraph").joinpath("data/dated_events.yaml").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for entry in yaml.safe_load(raw) or []:
        for name in entry["names"]:
            out[str(name).lower()] = str(entry["date"])
    return out


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _match_full_date(text: str) -> tuple[date, str | None, str] | None:
    """First explicit full date in ``text`` → (date, weekday word or None, matched text)."""
    for pattern in _FULL_DATE_RES:
        m = pattern.search(text)
        if not m:
            continue
        groups = m.groupdict()
        month = int(groups["mnum"]) if groups.get("mnum") else MONTHS[groups["month"].lower()]
        found = _safe_date(int(groups["year"]), month, int(groups["day"]))
        if found:
            return found, groups.get("weekday"), m.group(0)
    return None


def _shift_month(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _normalise_expression(expression: str) -> str:
    text = " ".join(expression.lower().replace(",", " ").split())
    text = text.replace("’", "'").strip(" .")
    previous = None
    while previous != text:
        previous = text
        text = _TAIL_RE.sub("", _LEAD_RE.sub("", text))
    return text


_RELATIVE_MONTH = re.compile(
    r"^(?:(?P<month>[a-z]+) (?:of )?(?P<year>last|this|next) year|(?P<which>last|this|next) (?P<month2>[a-z]+))$"
)


def _resolve_relative_month(text: str, anchor: date) -> tuple[str | None, str] | None:
    """ "May last year", "October of this year", "last May", "next March": a month placed by the publication
    date (``last May`` in May 2025 is May 2024; ``next March`` is the first March after it)."""
    m = _RELATIVE_MONTH.match(text)
    if not m:
        return None
    name = m["month"] or m["month2"]
    if name not in _FULL_MONTHS:
        return None
    month = MONTHS[name]
    if m["year"]:
        year = anchor.year + {"last": -1, "this": 0, "next": 1}[m["year"]]
    elif m["which"] == "last":
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif m["which"] == "next":
        year = anchor.year if month > anchor.month else anchor.year + 1
    else:
        year = anchor.year
    return date(year, month, 1).isoformat(), "month"


def _resolve_weekday(text: str, anchor: date) -> tuple[str | None, str] | None:
    words = text.split()
    if not words or words[-1] not in WEEKDAYS:
        return None
    target = WEEKDAYS[words[-1]]
    modifier = words[0] if len(words) == 2 else ""
    if len(words) > 2 or modifier not in ("", "last", "next", "this", "coming", "past"):
        return None
    if modifier in ("next", "coming"):
        delta = (target - anchor.weekday()) % 7 or 7
        return (anchor + timedelta(days=delta)).isoformat(), "day"
    back = (anchor.weekday() - target) % 7
    if modifier in ("last", "past") and back == 0:
        back = 7
    return (anchor - timedelta(days=back)).isoformat(), "day"


def _relative_table(anchor: date) -> dict[str, tuple[date, str]]:
    month_start = anchor.replace(day=1)
    saturday = anchor - timedelta(days=(anchor.weekday() - 5) % 7)
    return {
        "today": (anchor, "day"), "tonight": (anchor, "day"), "this morning": (anchor, "day"),
        "this afternoon": (anchor, "day"), "this evening": (anchor, "day"), "now": (anchor, "day"),
        "yesterday": (anchor - timedelta(days=1), "day"), "last night": (anchor - timedelta(days=1), "day"),
        "day before yesterday": (anchor - timedelta(days=2), "day"),
        "tomorrow": (anchor + timedelta(days=1), "day"),
        "this week": (anchor, "week"), "week": (anchor, "week"), "recent days": (anchor, "week"),
        "the past few days": (anchor, "week"), "past few days": (anchor, "week"), "recently": (anchor, "week"),
        "last week": (anchor - timedelta(days=7), "week"), "past week": (anchor, "week"),
        "next week": (anchor + timedelta(days=7), "week"), "weekend": (saturday, "week"),
        "last weekend": (saturday, "week"), "this weekend": (saturday, "week"),
        "this month": (month_start, "month"), "month": (month_start, "month"),
        "recent weeks": (month_start, "month"), "last month": (_shift_month(anchor, -1), "month"),
        "next month": (_shift_month(anchor, 1), "month"),
        "this year": (date(anchor.year, 1, 1), "year"), "year": (date(anchor.year, 1, 1), "year"),
        "recent months": (date(anchor.year, 1, 1), "year"),
        "last year": (date(anchor.year - 1, 1, 1), "year"), "next year": (date(anchor.year + 1, 1, 1), "year"),
    }  # fmt: skip


def _resolve_absolute(text: str, anchor: date | None) -> tuple[str | None, str] | None:
    full = _match_full_date(text)
    if full:
        return full[0].isoformat(), "day"
    m = _MONTH_YEAR_RE.match(text)
    if m:
        return date(int(m["year"]), MONTHS[m["month"].lower()], 1).isoformat(), "month"
    m = _YEAR_ONLY_RE.match(text)
    if m:
        return date(int(m["year"]), 1, 1).isoformat(), "year"
    m = _DAY_MONTH_RE.match(text)
    if m:
        month = MONTHS[(m["month"] or m["month2"]).lower()]
        day = int(m["day"] or m["day2"])
        if anchor is None:
            return None, "day"
        found = _safe_date(anchor.year, month, day)
        if found and found > anchor + timedelta(days=30):
            found = _safe_date(anchor.year - 1, month, day)
        return (found.isoformat() if found else None), "day"
    if text in _FULL_MONTHS:
        if anchor is None:
            return None, "month"
        year = anchor.year - 1 if MONTHS[text] > anchor.month + 1 else anchor.year
        return date(year, MONTHS[text], 1).isoformat(), "month"
    return None


def resolve_date(expression: str, anchor: date | None) -> tuple[str | None, str]:
    """Resolve a date expression against ``anchor`` (the publication date).

    Returns (YYYY-MM-DD or None, precision) where precision is day|week|month|year, or "none" when the
    expression is not a date we can place (durations, decades, vague phrases).  Coarse precisions give
    the first day of the period (``last month`` → first of the previous month; ``2019`` → 2019-01-01).
    A result outside the calendar (``next week`` of 9999-12-31, ``last year`` of 0001-01-01) is None.
    """
    try:
        return _resolve_date(expression, anchor)
    except (OverflowError, ValueError):  # date arithmetic past year 1 or 9999
        return None, "none"


def _resolve_date(expression: str, anchor: date | None) -> tuple[str | None, str]:
    text = _normalise_expression(expression)
    absolute = _resolve_absolute(text, anchor)
    if absolute:
        return absolute
    m = _AGO_RE.match(text)
    if m and m["n"] in _SMALL_NUMBERS:
        precision = "day" if m["unit"] == "day" else m["unit"]
        if anchor is None:
            return None, precision
        n = _SMALL_NUMBERS[m["n"]]
        if m["unit"] in ("day", "week"):
            found = anchor - timedelta(days=n * (7 if m["unit"] == "week" else 1))
        elif m["unit"] == "month":
            found = _shift_month(anchor, -n)
        else:
            found = date(anchor.year - n, 1, 1)
        return found.isoformat(), precision
    if anchor is None:
        return None, _relative_precision(text)
    month = _resolve_relative_month(text, anchor)
    if month:
        return month
    weekday = _resolve_weekday(text, anchor)
    if weekday:
        return weekday
    relative = _relative_table(anchor).get(text)
    if relative:
        return relative[0].isoformat(), relative[1]
    return None, "none"


def _relative_precision(text: str) -> str:
    if text.split()[-1:] and text.split()[-1] in WEEKDAYS or text in ("today", "yesterday", "tomorrow"):
        return "day"
    if text in ("weekend", "recent days", "recently", "past few days"):
        return "week"
    for unit in ("week", "month", "year"):
        if text.endswith(unit):
            return unit
    return "none"


# --------------------------------------------------------------------------- event dates


_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "conj", "parataxis", "xcomp", "acl", "csubj"})


def _clause_tokens(doc: Doc, token_indices: Collection[int]) -> set[int]:
    """The given tokens plus their subtrees, stopping at nested clauses not themselves given."""
    given = {i for i in token_indices if 0 <= i < len(doc)}
    out: set[int] = set()
    stack = list(given)
    while stack:
        i = stack.pop()
        if i in out:
            continue
        out.add(i)
        for child in doc[i].children:
            if child.i in given or child.dep_ not in _CLAUSE_DEPS or child.pos_ not in ("VERB", "AUX"):
                stack.append(child.i)
    return out


BACKGROUND_YEARS = 2  # a year named at least this many years before publication marks a background event


def event_date(doc: Doc, token_indices: Collection[int], published: str | None) -> tuple[str | None, str]:
    """Date of an event: the first resolvable DATE entity in its clause, else the publication date.

    Returns (YYYY-MM-DD, "clause") | (YYYY-01-01, "background") | (published, "publication") | (None, "none").
    A bare weekday is the last one on or before publication, or the coming one when the clause is still ahead
    ("will hold talks on Thursday", read from the parse as for the publication date: ``_tense_ahead``).
    "background": the clause names a past year ("seized ... in 1967", "invaded ... in 2001") at least
    BACKGROUND_YEARS before publication (a bare year when there is no publication date); the event is dated
    to that year at year precision (1 January), never to the article's date.
    """
    anchor = _parse_iso(published)
    clause = _clause_tokens(doc, token_indices)
    for start, end in _clause_date_spans(doc, clause):
        expression = doc[start:end].text
        resolved, precision = resolve_date(expression, anchor)
        if resolved and _is_background(expression, resolved, precision, anchor):
            return f"{resolved[:4]}-01-01", "background"
        weekday = WEEKDAYS.get(_normalise_expression(expression))
        if resolved and anchor and weekday is not None and _tense_ahead(doc, doc.text, doc[start].idx):
            coming = timedelta(days=(weekday - anchor.weekday()) % 7)
            resolved = (anchor + coming).isoformat()
        if resolved:
            return resolved, "clause"
    if anchor:
        return anchor.isoformat(), "publication"
    return None, "none"


def _clause_date_spans(doc: Doc, clause: set[int]) -> Iterable[tuple[int, int]]:
    """(start, end) token spans of DATE entities starting in the clause, and bare years the NER missed."""
    for i in sorted(clause):
        tok = doc[i]
        if tok.ent_type_ == "DATE" and not (tok.ent_iob_ == "I" and i - 1 in clause):
            start, end = i, i + 1
            while start > 0 and doc[start].ent_iob_ == "I":
                start -= 1
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            yield start, end
        elif not tok.ent_type_ and _year_of(tok.text) and i > 0 and doc[i - 1].lower_ in ("in", "since"):
            yield i, i + 1


def _is_background(expression: str, resolved: str, precision: str, anchor: date | None) -> bool:
    """A date naming its own year well before publication (without a publication date: a bare year)."""
    if not re.search(r"\b(1[89]\d\d|20\d\d)\b", expression) or re.search(r"\bago\b", expression, re.I):
        return False
    if anchor is None:
        return precision == "year"
    return int(resolved[:4]) <= anchor.year - BACKGROUND_YEARS


def _parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


# --------------------------------------------------------------------------- publication date


def _date_spans(text: str, doc: Doc | None) -> Iterable[tuple[int, int, str]]:
    """(start, end, text) of spans that may hold a full date: DATE entities, and full dates by regex."""
    covered: list[tuple[int, int]] = []
    if doc is not None:
        for ent in doc.ents:
            if ent.label_ == "DATE" and any(t.like_num for t in ent):
                covered.append((ent.start_char, ent.end_char))
                yield ent.start_char, ent.end_char, ent.text
    for pattern in _FULL_DATE_RES:  # also full dates the NLP split ("May 8" + "2025" in a dateline)
        for m in pattern.finditer(text):
            if not any(start <= m.start() and m.end() <= end for start, end in covered):
                yield m.start(), m.end(), m.group(0)


def _context_words(text: str, start: int, width: int = 40) -> list[str]:
    window = text[max(0, start - width) : start]
    return re.findall(r"[a-z]+", window.lower())[-5:]


def _full_date_candidates(text: str, doc: Doc | None) -> list[_Candidate]:
    out: list[_Candidate] = []
    for start, _end, span_text in _date_spans(text, doc):
        # a weekday just before the entity ("Tuesday, 14 May 2024") belongs to it
        prefix = text[max(0, start - 12) : start]
        m_prefix = re.search(r"(" + "|".join(WEEKDAYS) + r"),?\s*$", prefix, re.I)
        full_text = (m_prefix.group(0) if m_prefix else "") + span_text
        found = _match_full_date(full_text)
        if not found:
            continue
        day, weekday, matched = found
        context = _context_words(text, start - (len(m_prefix.group(0)) if m_prefix else 0))
        near = context[-3:]  # "arrived by overnight train on Tuesday, 14 May" is not a "by" deadline
        if any(w in _HISTORICAL_CUES or (w in _FUTURE_CUES and w != "by") for w in near) or near[-1:] == [
            "by"
        ]:
            continue
        weekday_ok = None if not weekday else WEEKDAYS[weekday.lower()] == day.weekday()
        out.append(_Candidate(day, weekday_ok, matched))
    return out


def _explicit_evidence(candidates: list[_Candidate]) -> tuple[str, str] | None:
    usable = [c for c in candidates if c.weekday_ok is not False] or candidates
    if not usable:
        return None
    best = max(usable, key=lambda c: (c.weekday_ok is True, c.day))
    note = {True: " (weekday consistent)", False: " (weekday inconsistent)", None: ""}[best.weekday_ok]
    return best.day.isoformat(), f'explicit date "{best.text}"{note}'


def _ordinal_value(word: str) -> int | None:
    word = word.lower()
    m = _ORDINAL_RE.match(word)
    return int(m["n"]) if m else _ORDINAL_WORDS.get(word)


def _match_event(words: str, events: Mapping[str, str]) -> tuple[str, date] | None:
    best: tuple[str, date] | None = None
    for name, iso in events.items():
        if name in words and (best is None or len(name) > len(best[0])):
            parsed = _parse_iso(iso)
            if parsed:
                best = (name, parsed)
    return best


def _anniversary_evidence(doc: Doc | None, events: Mapping[str, str]) -> tuple[str, str] | None:
    """ "the 50th anniversary of <known event>" / "two years since <known event>"."""
    if doc is None:
        return None
    for tok in doc:
        lower = tok.lower_
        if lower == "anniversary" and tok.i > 0:
            years = _ordinal_value(doc[tok.i - 1].text)
        elif lower in ("since", "after") and tok.i >= 2 and doc[tok.i - 1].lower_ in ("years", "year"):
            years = _SMALL_NUMBERS.get(doc[tok.i - 2].lower_) or _int_or_none(doc[tok.i - 2].text)
        else:
            continue
        if not years:
            continue
        words = doc[tok.i + 1 : min(len(doc), tok.i + 14)].text.lower().replace("’", "'")
        match = _match_event(words, events)
        if match:
            name, when = match
            found = _safe_date(when.year + years, when.month, when.day) or _safe_date(
                when.year + years, when.month, 28
            )
            if found is None:  # past year 9999
                continue
            sent = tok.sent  # the evidence quotes its own sentence only
            phrase = doc[max(sent.start, tok.i - 2) : min(sent.end, tok.i + 9)].text
            return found.isoformat(), f'anniversary: "{phrase}" ({name} {when.isoformat()} + {years} years)'
    return None


def _int_or_none(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _year_of(token_text: str) -> int | None:
    if len(token_text) == 4 and token_text.isdigit() and 1900 <= int(token_text) <= 2100:
        return int(token_text)
    return None


def _last_year_evidence(doc: Doc | None) -> tuple[str, str] | None:
    """ "last year" in a sentence that also names a year Y → published in Y + 1 (year precision)."""
    if doc is None:
        return None
    best: int | None = None
    for ent in doc.ents:
        if ent.label_ != "DATE" or "last year" not in ent.text.lower():
            continue
        sent = ent.sent
        for tok in sent:
            year = _year_of(tok.text)
            if year and (best is None or year > best):
                best = year
    if best is None:
        return None
    return f"{best + 1}-01-01", f'"last year" alongside {best} figures → {best + 1} (year precision)'


def _weekday_year_evidence(doc: Doc | None) -> tuple[str, str] | None:
    """ "on Tuesday, May 14" without a year: the latest year named in the text (or the next) that fits."""
    if doc is None:
        return None
    years = {y for tok in doc if (y := _year_of(tok.text))}
    if not years:
        return None
    text = doc.text
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        prefix = text[max(0, ent.start_char - 12) : ent.start_char]
        m_prefix = re.search(r"(" + "|".join(WEEKDAYS) + r"),?\s*$", prefix, re.I)
        phrase = ((m_prefix.group(0) if m_prefix else "") + ent.text).strip()
        m = _DAY_MONTH_RE.match(_normalise_expression(phrase))
        if not m or not m["weekday"]:
            continue
        month = MONTHS[(m["month"] or m["month2"]).lower()]
        day = int(m["day"] or m["day2"])
        for year in sorted(years | {y + 1 for y in years}, reverse=True):
            found = _safe_date(year, month, day)
            if found and found.weekday() == WEEKDAYS[m["weekday"].lower()]:
                return found.isoformat(), f'weekday and date "{phrase}" fit {year} (years named in text)'
    return None


_WEEKDAY_MENTION = re.compile(r"\b(?:on|last|this|late|early)\s+(" + "|".join(WEEKDAYS) + r")\b", re.I)
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH_MENTIONS = (
    re.compile(rf"\b(?P<month>{_MONTH_ALT})\.?\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!,?\s+\d{{4}})", re.I),
    re.compile(
        rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH_ALT})\b(?!,?\s+\d{{4}})", re.I
    ),
)
_AHEAD = re.compile(
    r"\b(will|would|is due|are due|due to|ahead of|upcoming|scheduled|expected|plans? to|planned|set to|next)\b",
    re.I,
)


def _day_month_mentions(text: str) -> list[tuple[int, int, int, str]]:
    """(position, month, day, text) of day-month mentions without a year ("May 9", "9 May"), in text order."""
    out = []
    for pattern in _DAY_MONTH_MENTIONS:
        for m in pattern.finditer(text):
            month = MONTHS.get(m["month"].lower())
            if month and 1 <= int(m["day"]) <= 31 and (m["month"][0].isupper() or len(m["month"]) > 3):
                out.append((m.start(), month, int(m["day"]), m.group(0)))
    return sorted(out)


def _sentence_before(text: str, position: int) -> str:
    start = max(text.rfind(". ", 0, position), text.rfind("\n", 0, position)) + 1
    return text[start:position]


_FUTURE_AUX = frozenset(
    {"will", "'ll", "shall", "would", "wo", "'d", "may", "might", "could", "should", "must"}
)
_PAST_AUX = frozenset({"was", "were", "had", "has", "have", "'ve", "did"})  # "has attended": done by now
_PRESENT_AUX = frozenset({"is", "are", "am", "'s", "'re", "'m"})


_BEFORE_WORDS = frozenset({"before", "until", "till", "ahead"})  # "tightened ... before the parade on May 9"
_AFTER_WORDS = frozenset({"after", "since"})  # "quiet on Sunday after the parade on May 9"
_MOTION = frozenset({"arrive", "fly", "travel", "come", "go", "head", "leave", "land", "gather", "assemble"})


def _parsed_token(doc: Doc | None, text: str, position: int) -> Token | None:
    """The token of ``doc`` at ``position`` of ``text``, when ``doc`` parses that very text there (the pre-filter
    blanks the sentences it skips, keeping offsets)."""
    if (
        doc is None
        or len(doc.text) != len(text)
        or doc.text[position : position + 6] != text[position : position + 6]
    ):
        return None
    span = doc.char_span(position, position + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _up(token: Token) -> Iterator[Token]:
    """``token`` and the tokens above it, up to the root of its sentence (at most 12)."""
    for _ in range(12):
        yield token
        if token.head.i == token.i:
            return
        token = token.head


def _predicate(token: Token) -> Token | None:
    """The nearest verb above ``token`` (itself included)."""
    return next((up for up in _up(token) if up.pos_ in ("VERB", "AUX")), None)


def _tense_ahead(
    doc: Doc | None, text: str, position: int, weekday_position: int | None = None
) -> bool | None:
    """Whether the day-month at ``position`` is still ahead, read from the parse on the way up from the day:
    "before", "until" or "ahead of" on the way → ahead, "after" or "since" → not; a purpose infinitive of the
    verb that carries the weekday ("landed on Wednesday to take part in the events on May 9"), or the goal of a
    journey made that day ("arrived on Wednesday for the celebrations on May 9") → ahead; else the tense of the
    predicate the day hangs from: a future or a modal ("will attend", "may be switched off"), a present
    ("prepares to host ... on May 9", "is due to attend", "are expected") → ahead; a past or perfect ("filled the
    square on May 9", "has attended", "were dispersed") → not.  Other infinitives and participles ("to host",
    "marking") pass the question to the verb they depend on.  None without a parse of this sentence or without a
    predicate (a headline): the caller then looks for a word for the future."""
    token = _parsed_token(doc, text, position)
    if token is None:
        return None
    weekday = _parsed_token(doc, text, weekday_position) if weekday_position is not None else None
    weekday_verb = _predicate(weekday) if weekday is not None else None
    for up in _up(token):
        lower = up.lower_
        under_weekday_verb = weekday_verb is not None and up.head.i == weekday_verb.i
        if lower in _BEFORE_WORDS:
            return True
        if (
            lower == "for"
            and under_weekday_verb
            and weekday_verb is not None
            and weekday_verb.lemma_ in _MOTION
        ):
            return True  # "arrived on Wednesday for the celebrations on May 9": what the journey is for
        if lower in _AFTER_WORDS and up.pos_ in ("ADP", "SCONJ"):
            return False
        if up.pos_ not in ("VERB", "AUX"):
            continue
        auxes = {child.lower_ for child in up.children if child.dep_ in ("aux", "auxpass")}
        if auxes & _FUTURE_AUX:
            return not auxes & {"have", "'ve"}  # "may be switched off" is ahead, "may have been" is not
        if "to" in auxes and up.dep_ == "advcl" and under_weekday_verb:
            return True  # "arrived on Wednesday to attend ... on May 9": the purpose comes after the arrival
        if auxes & _PAST_AUX or up.tag_ == "VBD":
            return False
        if auxes & _PRESENT_AUX or up.tag_ in ("VBZ", "VBP"):
            return True
    return None


def _weekday_anchor_evidence(
    text: str, year: int, year_why: str, doc: Doc | None = None
) -> tuple[str, str] | None:
    """ "arrived on Wednesday" + "on May 9" + a year: the named weekday next to that day is the report day.

    The article is dated on the weekday it names (news reports name the day of the report); the day-month
    says which week: the weekday before it when the day is still ahead ("will attend ... on May 9"), the
    weekday after it otherwise ("on May 9 ... said on Wednesday").  Whether it is ahead is read from the tense
    of the predicate the day hangs from (``_tense_ahead``, with a parse); without one, from a word for the
    future in its sentence (``_AHEAD``)."""
    weekday = _WEEKDAY_MENTION.search(text)
    mentions = _day_month_mentions(text)
    if not weekday or not mentions:
        return None
    target = WEEKDAYS[weekday.group(1).lower()]
    position, month, day, phrase = mentions[0]
    anchor = _safe_date(year, month, day)
    if anchor is None:
        return None
    tense = _tense_ahead(doc, text, position, weekday.start(1))
    ahead = bool(_AHEAD.search(_sentence_before(text, position))) if tense is None else tense
    if ahead:
        found = anchor - timedelta(days=(anchor.weekday() - target) % 7 or 7)
    else:
        found = anchor + timedelta(days=(target - anchor.weekday()) % 7)
    side = "before" if ahead else "on or after"
    why = f'weekday "{weekday.group(0)}" {side} "{phrase}" ({"ahead" if ahead else "past"}) in {year}; year from {year_why}'
    return found.isoformat(), why


_RELATIVE_DAYS = {
    "yesterday": 1, "last night": 1, "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
    "this evening": 0, "tomorrow": -1,
}  # fmt: skip  # publication date = the referenced day + this many days
_REL_WORD = r"(?P<rel>yesterday|last night|today|tonight|this morning|this afternoon|this evening|tomorrow)"
_AGO_WORDS = (
    r"(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>days?|weeks?)\s+ago"
)
_REF_DATE = (
    rf"(?P<ref>(?:{_MONTH_ALT})\.?\s+[0-3]?\d(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?|"
    rf"[0-3]?\d(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH_ALT})(?:,?\s+(?:19|20)\d\d)?)"
)
_RELATIVE_REFERENCE = (  # "yesterday (May 8, 2025)", "May 8, 2025 (yesterday)", "three days ago, on May 4, 2025"
    re.compile(rf"\b(?:{_REL_WORD}|{_AGO_WORDS}),?\s*\(?(?:on\s+)?(?:\w+day,?\s+)?{_REF_DATE}\b", re.I),
    re.compile(rf"\b{_REF_DATE}\)?,?\s*\(?(?:{_REL_WORD}|{_AGO_WORDS})\b", re.I),
)


def _relative_reference_evidence(text: str, year_hint: int | None) -> tuple[str, str] | None:
    """A relative word tied to a dated reference dates the article: "yesterday (May 8, 2025)" → 2025-05-09,
    "three days ago, on May 4, 2025" → 2025-05-07.  The reference needs a year, or ``year_hint`` (from an
    anniversary).  "Yesterday" or "last week" alone date nothing."""
    for pattern in _RELATIVE_REFERENCE:
        for m in pattern.finditer(text):
            ref = _day_month_year(m["ref"], year_hint)
            if ref is None:
                continue
            rel = (m["rel"] or "").lower()
            if rel:
                offset = _RELATIVE_DAYS[rel]
            else:
                count = _SMALL_NUMBERS.get(m["n"].lower()) or int(m["n"])
                offset = count * (7 if m["unit"].lower().startswith("week") else 1)
            found = ref + timedelta(days=offset)
            return (
                found.isoformat(),
                f'relative expression "{m.group(0)}" ({offset:+d} days from {ref.isoformat()})',
            )
    return None


def _day_month_year(phrase: str, year_hint: int | None) -> date | None:
    """The date of "May 8, 2025" / "8 May 2025", or of "May 8" with ``year_hint``."""
    year = re.search(r"(?:19|20)\d\d", phrase)
    day = re.search(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b", phrase.replace(year.group(0), "") if year else phrase)
    month = next((MONTHS[w.lower()] for w in re.findall(r"[A-Za-z]+", phrase) if w.lower() in MONTHS), None)
    chosen = int(year.group(0)) if year else year_hint
    if not (day and month and chosen):
        return None
    return _safe_date(chosen, month, int(day.group(1)))


def _ahead_date_evidence(text: str) -> tuple[str, str] | None:
    """A full date still ahead in its sentence ("will attend the parade on May 9, 2025") next to a reported
    weekday ("arrived on Wednesday"): the article is dated on that weekday, the last one before the date."""
    weekday = _WEEKDAY_MENTION.search(text)
    if weekday is None or _AHEAD.search(_sentence_before(text, weekday.start())):
        return None
    found = [(m.start(), m.group(0)) for pattern in _FULL_DATE_RES for m in pattern.finditer(text)]
    ahead = [
        (position, phrase) for position, phrase in found if _AHEAD.search(_sentence_before(text, position))
    ]
    if not ahead or len(ahead) < len(
        found
    ):  # a full date that is not ahead (a dateline) is the better evidence
        return None
    full = _match_full_date(ahead[0][1])
    if full is None:
        return None
    target = WEEKDAYS[weekday.group(1).lower()]
    day = full[0] - timedelta(days=(full[0].weekday() - target) % 7 or 7)
    return day.isoformat(), f'weekday "{weekday.group(0)}" before "{ahead[0][1]}" (ahead in its sentence)'


def _anniversary_year(doc: Doc | None, events: Mapping[str, str]) -> int | None:
    found = _anniversary_evidence(doc, events)
    return int(found[0][:4]) if found else None


def _year_anchored_evidence(text: str, doc: Doc | None, events: Mapping[str, str]) -> tuple[str, str] | None:
    """Weekday + day-month, the year taken from an anniversary of a known event."""
    anniversary = _anniversary_evidence(doc, events)
    if anniversary is None:
        return None
    return _weekday_anchor_evidence(text, int(anniversary[0][:4]), anniversary[1], doc)


def infer_published(
    text: str, doc: Doc | Span | None = None, *, known_events: Mapping[str, str] | None = None
) -> tuple[str | None, str | None]:
    """Infer the publication date from the article text.  Returns (YYYY-MM-DD, evidence) or (None, None).

    Rule, in order: (0) a relative word tied to a dated reference ("yesterday (May 8, 2025)", "three days
    ago, on May 4, 2025"; a reference without a year takes the year of (3)); (1) the latest explicit full date not preceded by a historical or future cue
    ("since", "born", "will", "scheduled", ...), weekday-consistent dates first and weekday-inconsistent
    ones only if nothing else — dates still ahead in their sentence ("will", "ahead of", "scheduled") count
    only after (1b): a reported weekday ("arrived on Wednesday") with a full date still ahead ("will attend
    ... on May 9, 2025") dates the article on that weekday, the last before the date; (2) a weekday ("arrived on Wednesday") next to a day-month without a year
    ("on May 9"), the year from (3): the weekday before that day when the day is ahead, else on or after it;
    (3) "the Nth anniversary of <known event>" / "N years since <event>";
    (3b) a weekday + day-month without a year that fits a year named in the text; (4) "last year" next to
    a named year Y → Y + 1 (returned as Y+1-01-01, year precision).  Never today's date or a file time.
    """
    events = known_events if known_events is not None else default_known_events()
    lowered = {k.lower(): v for k, v in events.items()}
    the_doc = doc.as_doc() if isinstance(doc, Span) else doc
    body = text if the_doc is None else the_doc.text
    candidates = _full_date_candidates(body, the_doc)
    past = [c for c in candidates if not _AHEAD.search(_sentence_before(body, max(0, body.find(c.text))))]
    for step in (
        lambda: _relative_reference_evidence(body, _anniversary_year(the_doc, lowered)),
        lambda: _explicit_evidence(past),
        lambda: _ahead_date_evidence(body),
        lambda: _explicit_evidence(candidates),
        lambda: _year_anchored_evidence(text, the_doc, lowered),
        lambda: _anniversary_evidence(the_doc, lowered),
        lambda: _weekday_year_evidence(the_doc),
        lambda: _last_year_evidence(the_doc),
    ):
        found = step()
        if found:
            return found
    return None, None
