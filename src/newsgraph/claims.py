"""Claims: numeric expressions with what they measure and when (docs/dates-quotes-claims.md).

``extract_claims`` scans the tokens of a spaCy ``Doc`` once, groups numbers with their currency,
scale and unit words, finds the noun phrase measured and the year referred to, derives base values
from "X in 2023, a 40% rise from 2020" and flags claims in one article that contradict each other.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from newsgraph.records import Claim

EXTRACTOR = "newsgraph.claims.v1"
CURRENCY_SYMBOLS = {
    "$": "USD",
    "us$": "USD",
    "£": "GBP",
    "€": "EUR",
    "¥": "JPY",
    "₺": "TRY",
    "₹": "INR",
    "₽": "RUB",
}
CURRENCY_CODES = frozenset(
    [
        "USD",
        "EUR",
        "GBP",
        "JPY",
        "CNY",
        "TRY",
        "RUB",
        "INR",
        "CHF",
        "UAH",
        "SAR",
        "ILS",
        "KRW",
        "AUD",
        "CAD",
        "BRL",
        "ZAR",
        "IRR",
        "EGP",
        "PKR",
    ]
)
CURRENCY_WORDS = {
    "dollar": "USD", "euro": "EUR", "pound": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY",
    "renminbi": "CNY", "rupee": "INR", "lira": "TRY", "rouble": "RUB", "ruble": "RUB", "won": "KRW",
    "hryvnia": "UAH", "riyal": "SAR", "shekel": "ILS", "franc": "CHF",
}  # fmt: skip
SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6, "billion": 1e9, "bn": 1e9,
    "b": 1e9, "bln": 1e9, "trillion": 1e12, "tn": 1e12, "trn": 1e12,
}  # fmt: skip
WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
     "hundred": 100, "dozen": 12, "half": 0.5}  # fmt: skip
ORDINALS = {
    w: i + 1
    for i, w in enumerate(
        ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth"]
    )
} | {"twentieth": 20, "twenty-fifth": 25, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
     "seventieth": 70, "seventy-fifth": 75, "eightieth": 80, "hundredth": 100}  # fmt: skip
VAGUE = frozenset(
    ["dozens", "hundreds", "thousands", "millions", "billions", "scores", "several", "many", "few", "tens"]
)
DURATION_UNITS = {"day": "day", "week": "week", "month": "month", "year": "year", "hour": "hour",
                  "minute": "minute", "decade": "year"}  # fmt: skip
UP_WORDS = frozenset(
    [
        "rise",
        "rose",
        "risen",
        "increase",
        "up",
        "grow",
        "grew",
        "growth",
        "gain",
        "jump",
        "surge",
        "climb",
        "higher",
        "boost",
        "soar",
        "expand",
    ]
)
DOWN_WORDS = frozenset(
    [
        "fall",
        "fell",
        "fallen",
        "drop",
        "decline",
        "decrease",
        "down",
        "lower",
        "slump",
        "plunge",
        "cut",
        "shrink",
        "shrank",
        "slide",
        "dip",
        "reduce",
        "reduction",
    ]
)
MULTIPLY_VERBS = {"double": 2.0, "triple": 3.0, "treble": 3.0, "quadruple": 4.0, "halve": 0.5}
BASE_PREPS = frozenset({"from", "since", "on", "over", "than", "compared", "versus", "vs"})
_NUMBER_RE = re.compile(r"^(?P<num>\d[\d,]*(?:\.\d+)?)(?P<suffix>bn|m|mn|k|tn|b)?$", re.I)
_ORDINAL_RE = re.compile(r"^(?P<n>\d+)(?:st|nd|rd|th)$", re.I)
_DURATION_RE = re.compile(
    r"^(?:the\s+)?(?:past\s+|last\s+|next\s+|first\s+|coming\s+)?(?P<n>[\w.,]+)(?:\s*-\s*|\s+)"
    r"(?P<unit>day|week|month|year|hour|minute|decade)s?(?:\s*-\s*(?:long|old))?$",
    re.I,
)
CONTRADICTION_TOLERANCE = 0.05


@dataclass
class _Mention:
    start: int  # token indices [start, end)
    end: int
    value: float
    unit: str
    root: Token


def _parse_number(text: str) -> tuple[float, float] | None:
    """(value, scale from a suffix such as '40bn') of a numeric token, or None."""
    lower = text.lower()
    if lower in WORD_NUMBERS:
        return float(WORD_NUMBERS[lower]), 1.0
    if "-" in lower and all(p in WORD_NUMBERS for p in lower.split("-")):
        return float(sum(WORD_NUMBERS[p] for p in lower.split("-"))), 1.0
    m = _NUMBER_RE.match(lower)
    if not m:
        return None
    try:
        value = float(m["num"].replace(",", ""))
    except ValueError:
        return None
    return value, SCALES.get((m["suffix"] or "").lower(), 1.0)


def _currency_of(tok: Token) -> str | None:
    text = tok.text.lower()
    if text in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[text]
    if tok.text.upper() in CURRENCY_CODES and (tok.text.isupper() or len(tok.text) == 3):
        return tok.text.upper() if tok.text.isupper() else None
    return CURRENCY_WORDS.get(tok.lemma_.lower()) or CURRENCY_WORDS.get(text.rstrip("s"))


def _is_year(value: float, text: str) -> bool:
    return value.is_integer() and 1800 <= value <= 2100 and "," not in text and "." not in text


def _blocked(doc: Doc) -> list[bool]:
    """Tokens inside DATE / TIME entities: never read as amounts or counts."""
    blocked = [False] * len(doc)
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME"):
            for i in range(ent.start, ent.end):
                blocked[i] = True
    return blocked


def _number_run(doc: Doc, i: int) -> tuple[int, float, float] | None:
    """Numbers and scale words starting at token i → (end index, value, scale)."""
    parsed = _parse_number(doc[i].text)
    if parsed is None:
        return None
    value, scale = parsed
    j = i + 1
    while j < len(doc):
        lower = doc[j].lower_
        if lower in SCALES and (
            lower not in ("m", "b", "k") or doc[j].idx == doc[j - 1].idx + len(doc[j - 1])
        ):
            scale *= SCALES[lower]
        elif lower == "hundred":
            value *= 100
        else:
            break
        j += 1
    return j, value, scale


def _unit_after(doc: Doc, j: int) -> tuple[int, str | None]:
    """Unit words right after a number run: %, per cent, percent, percentage points, currency words."""
    if j < len(doc):
        lower = doc[j].lower_
        if lower in ("%", "percent", "pct"):
            return j + 1, "percent"
        if lower == "per" and j + 1 < len(doc) and doc[j + 1].lower_ == "cent":
            return j + 2, "percent"
        if lower == "percentage" and j + 1 < len(doc) and doc[j + 1].lower_ in ("point", "points"):
            return j + 2, "percentage_point"
        currency = _currency_of(doc[j])
        if currency and doc[j].pos_ != "VERB":
            return j + 1, currency
    return j, None


def _amount_mention(doc: Doc, i: int, blocked: list[bool]) -> _Mention | None:
    run = _number_run(doc, i)
    if run is None:
        return None
    end, value, scale = run
    start, unit = i, None
    while start > 0 and not unit:
        unit = _currency_of(doc[start - 1]) if doc[start - 1].lower_ not in WORD_NUMBERS else None
        if unit is None:
            break
        start -= 1
    if start > 0 and doc[start - 1].lower_ == "us" and unit == "USD":
        start -= 1
    if start > 0 and doc[i].lower_ == "dozen" and doc[start - 1].lower_ == "a":
        start -= 1
    end, after = _unit_after(doc, end)
    unit = unit or after
    text = doc[i].text
    if unit is None and (_is_year(value, text) or any(blocked[k] for k in range(i, end))):
        return None
    root = _span_root(doc[start:end])
    return _Mention(start, end, value * scale, unit or "count", root)


def _span_root(span: Span) -> Token:
    outside = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head.i == t.i]
    return outside[-1] if outside else span.root


def _ordinal_value(tok: Token) -> int | None:
    lower = tok.lower_
    m = _ORDINAL_RE.match(lower)
    return int(m["n"]) if m else ORDINALS.get(lower)


def _ordinal_mention(doc: Doc, i: int, blocked: list[bool]) -> _Mention | None:
    value = _ordinal_value(doc[i])
    if value is None:
        return None
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if nxt is not None and nxt.lower_ == "anniversary":
        return _Mention(i, i + 2, float(value), "anniversary", nxt)
    if blocked[i] or doc[i].dep_ not in ("amod", "nummod", "compound") or doc[i].head.pos_ != "NOUN":
        return None
    if doc[i].head.lower_ in ("time", "half", "quarter", "place", "round", "day", "week", "month"):
        return None
    return _Mention(i, i + 1, float(value), "ordinal", doc[i])


def _duration_mentions(doc: Doc) -> list[_Mention]:
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        m = _DURATION_RE.match(ent.text)
        if not m or (ent.end < len(doc) and doc[ent.end].lower_ == "ago"):
            continue
        parsed = _parse_number(m["n"])
        if parsed is None:
            continue
        unit = m["unit"].lower()
        value = parsed[0] * parsed[1] * (10 if unit == "decade" else 1)
        out.append(_Mention(ent.start, ent.end, value, DURATION_UNITS[unit], _span_root(ent)))
    return out


def _mentions(doc: Doc) -> list[_Mention]:
    blocked = _blocked(doc)
    out = _duration_mentions(doc)
    taken = [False] * len(doc)
    for m in out:
        for k in range(m.start, m.end):
            taken[k] = True
    i = 0
    while i < len(doc):
        lower = doc[i].lower_
        if taken[i] or not (
            lower[:1].isdigit() or lower in WORD_NUMBERS or lower in ORDINALS or doc[i].like_num
        ):
            i += 1
            continue
        mention = _ordinal_mention(doc, i, blocked) or _amount_mention(doc, i, blocked)
        if mention is None or (
            mention.unit == "count" and doc[i].lower_ == "one" and doc[i].dep_ != "nummod"
        ):
            i += 1
            continue
        out.append(mention)
        i = mention.end
    return sorted(out, key=lambda m: m.start)


# --------------------------------------------------------------------------- subject and year


def _noun_phrase(noun: Token, inside: range) -> str:
    left = noun.i
    doc = noun.doc
    while left > 0 and doc[left - 1].head.i in (noun.i, left) and doc[left - 1].dep_ in ("compound", "amod"):
        if left - 1 in inside or doc[left - 1].like_num or _currency_of(doc[left - 1]):
            break
        left -= 1
    return doc[left : noun.i + 1].text


def _clause_subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in ("NOUN", "PROPN"):
            return child
    return None


def _change_word(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    return lemma in UP_WORDS or lemma in DOWN_WORDS or tok.lower_ in UP_WORDS or tok.lower_ in DOWN_WORDS


def _of_object(tok: Token, inside: range) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "in") and child.i not in inside:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and not pobj.like_num:
                return pobj
    return None


def _subject_token(m: _Mention) -> Token | None:
    """The noun measured: 'of/in' object, the modified noun, or the subject of the governing verb."""
    root = m.root
    inside = range(m.start, m.end)
    found = _of_object(root, inside)
    if found is not None:
        return found
    doc = root.doc
    if (
        m.unit not in ("count", "ordinal", "anniversary")
        and m.end < len(doc)
        and doc[m.end].lower_ in ("in", "of")
    ):
        pobj = next((c for c in doc[m.end].children if c.dep_ == "pobj"), None)
        if pobj is not None and pobj.pos_ == "NOUN" and pobj.ent_type_ not in ("DATE", "TIME"):
            return pobj  # "$1.5bn in aid", "$5bn of weapons"
    node = root
    for _ in range(4):
        head = node.head
        if head.i == node.i:
            return None
        if head.i in inside:
            node = head
            continue
        if (
            head.pos_ in ("NOUN", "PROPN")
            and not _change_word(head)
            and node.dep_ in ("compound", "nummod", "amod")
        ):
            return head
        if m.unit in DURATION_UNITS.values() or m.unit == "ordinal":
            return None
        if head.pos_ in ("VERB", "AUX"):
            return (
                _clause_subject(head)
                if node.dep_
                in ("dobj", "attr", "npadvmod", "pobj", "nsubj", "conj", "prep", "advmod", "acomp")
                else None
            )
        if _change_word(head) and head.pos_ == "NOUN":
            found = _of_object(head, inside)
            if found is not None:
                return found
        node = head
    return None


def _nearest_verb(tok: Token) -> Token | None:
    node, steps = tok, 0
    while node.head.i != node.i and steps < 8:
        node, steps = node.head, steps + 1
        if node.pos_ in ("VERB", "AUX"):
            return node
    return node if node.pos_ in ("VERB", "AUX") else None


def _year_token(tok: Token) -> int | None:
    text = tok.text
    if len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2100:
        return int(text)
    return None


def _is_base(tok: Token) -> bool:
    head = tok.head
    return tok.dep_ == "pobj" and (head.lower_ in BASE_PREPS or head.head.lower_ in ("compared",))


def _year_for(m: _Mention, published_year: int | None) -> int | None:
    root = m.root
    sent = root.sent
    verb = _nearest_verb(root)
    best: tuple[int, int] | None = None
    for tok in sent:
        year = _year_token(tok)
        if year is None or _is_base(tok) or m.start <= tok.i < m.end:
            continue
        if _nearest_verb(tok) is not verb and (verb is None or _nearest_verb(tok) != verb):
            continue
        distance = abs(tok.i - root.i)
        if best is None or distance < best[0]:
            best = (distance, year)
    if best:
        return best[1]
    if published_year is None or m.unit in ("ordinal", "anniversary", *DURATION_UNITS.values()):
        return None
    for tok in sent:
        if tok.lower_ == "year" and doc_word(tok, -1) in ("last", "this") and _nearest_verb(tok) == verb:
            return published_year - (1 if doc_word(tok, -1) == "last" else 0)
    if verb is not None and _present_tense(verb):
        return published_year
    return None


def doc_word(tok: Token, delta: int) -> str:
    i = tok.i + delta
    return tok.doc[i].lower_ if 0 <= i < len(tok.doc) else ""


def _present_tense(verb: Token) -> bool:
    """Present or present perfect ("stands", "is worth", "have doubled"); modals are not present."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(c.tag_ == "MD" for c in auxes):
        return False
    return verb.tag_ in ("VBZ", "VBP") or any(c.tag_ in ("VBZ", "VBP") for c in auxes)


# --------------------------------------------------------------------------- derived claims


def _direction(m: _Mention) -> int:
    doc = m.root.doc
    near = [doc[k] for k in range(max(0, m.start - 3), min(len(doc), m.end + 2))]
    node = m.root
    for _ in range(3):
        near.append(node.head)
        node = node.head
    for tok in near:
        word = {tok.lemma_.lower(), tok.lower_}
        if word & UP_WORDS:
            return 1
        if word & DOWN_WORDS:
            return -1
    return 0


def _base_year(sent: Span, value_year: int | None) -> int | None:
    for tok in sent:
        year = _year_token(tok)
        if year is not None and _is_base(tok):
            return year
    for tok in sent:
        if tok.lower_ == "year" and doc_word(tok, -1) == "last" and doc_word(tok, -2) in BASE_PREPS:
            return value_year - 1 if value_year else None
    return None


def _derived(claims: list[Claim], mentions: list[_Mention]) -> list[Claim]:
    out: list[Claim] = []
    for p_index, (claim, m) in enumerate(zip(claims, mentions, strict=True)):
        factor: float | None = None
        if claim.unit == "percent":
            sign = _direction(m)
            factor = 1 + sign * claim.value / 100 if sign else None
        elif (
            claim.unit not in ("ordinal", "anniversary", "percentage_point")
            and claim.unit not in DURATION_UNITS.values()
        ):
            continue
        if factor is None or factor <= 0:
            continue
        value_index = _nearest_value(claims, mentions, p_index)
        if value_index is None:
            continue
        value = claims[value_index]
        base_year = _base_year(m.root.sent, value.year)
        if base_year is None or base_year == value.year:
            continue
        out.append(_derived_claim(value, claim, base_year, value.value / factor, (value_index, p_index)))
    out.extend(_multiplied(claims, mentions))
    return out


def _nearest_value(claims: list[Claim], mentions: list[_Mention], index: int) -> int | None:
    sent = mentions[index].root.sent
    best: int | None = None
    for k, (claim, m) in enumerate(zip(claims, mentions, strict=True)):
        if (
            k == index
            or not sent.start <= m.root.i < sent.end
            or claim.unit in ("percent", "ordinal", "anniversary")
        ):
            continue
        if claim.unit in DURATION_UNITS.values() or claim.unit == "percentage_point":
            continue
        if best is None or abs(m.start - mentions[index].start) < abs(
            mentions[best].start - mentions[index].start
        ):
            best = k
    return best


def _multiplied(claims: list[Claim], mentions: list[_Mention]) -> list[Claim]:
    """ "Exports have doubled since 2020 to $6 billion" → $3 billion in 2020."""
    out: list[Claim] = []
    for k, (claim, m) in enumerate(zip(claims, mentions, strict=True)):
        if (
            claim.unit in ("percent", "ordinal", "anniversary", "count")
            or claim.unit in DURATION_UNITS.values()
        ):
            continue
        verb = _nearest_verb(m.root)
        if verb is None or verb.lemma_.lower() not in MULTIPLY_VERBS:
            continue
        base_year = _base_year(m.root.sent, claim.year)
        if base_year is None or base_year == claim.year:
            continue
        factor = MULTIPLY_VERBS[verb.lemma_.lower()]
        out.append(_derived_claim(claim, claim, base_year, claim.value / factor, (k,)))
    return out


def _derived_claim(value: Claim, change: Claim, year: int, base: float, sources: tuple[int, ...]) -> Claim:
    start, end = min(value.start, change.start), max(value.end, change.end)
    text = f"{value.text} … {change.text}" if change is not value else value.text
    return Claim(
        text=text,
        start=start,
        end=end,
        value=base,
        unit=value.unit,
        subject=value.subject,
        year=year,
        kind="derived",
        derived_from=sources,
        extractor=EXTRACTOR,
    )


# --------------------------------------------------------------------------- contradictions


def _flag_contradictions(claims: list[Claim], keys: list[str | None]) -> list[Claim]:
    groups: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    for k, (claim, key) in enumerate(zip(claims, keys, strict=True)):
        if claim.kind == "stated" and key and claim.year is not None:
            groups[(claim.unit, key, claim.year)].append(k)
    flagged: set[int] = set()
    for members in groups.values():
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1 :]:
                va, vb = claims[a].value, claims[b].value
                if abs(va - vb) > CONTRADICTION_TOLERANCE * max(abs(va), abs(vb)):
                    flagged.update((a, b))
    return [
        replace(c, flags=(*c.flags, "contradicts")) if k in flagged and "contradicts" not in c.flags else c
        for k, c in enumerate(claims)
    ]


def extract_claims(doc: Doc, *, offset: int = 0, published_year: int | None = None) -> list[Claim]:
    """Numeric claims in ``doc`` (article offsets via ``offset``), derived base values last.

    Stated claims come first in text order; derived claims follow with ``derived_from`` indices into the
    returned list.  Claims with the same unit, subject head lemma and year whose values differ by more
    than 5% are flagged "contradicts".
    """
    mentions = _mentions(doc)
    claims: list[Claim] = []
    keys: list[str | None] = []
    kept: list[_Mention] = []
    for m in mentions:
        subject = _subject_token(m)
        if m.unit == "count" and subject is None:
            continue
        span = doc[m.start : m.end]
        claims.append(
            Claim(
                text=span.text,
                start=span.start_char + offset,
                end=span.end_char + offset,
                value=m.value,
                unit=m.unit,
                subject=_noun_phrase(subject, range(m.start, m.end)) if subject is not None else None,
                year=_year_for(m, published_year),
                extractor=EXTRACTOR,
            )
        )
        keys.append(subject.lemma_.lower() if subject is not None else None)
        kept.append(m)
    derived = _derived(claims, kept)
    claims = _flag_contradictions(claims, keys)
    return claims + derived
