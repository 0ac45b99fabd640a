"""Resolve place mentions in a parsed article, find datelines, and choose an event's location.

Disambiguation score per candidate (highest wins; see docs/geo.md):
log10(population) + resolution-class bonus - alternate-name penalty + context-country bonus
+ admin1-context bonus + "state" cue bonus + "X, Y" qualifier bonus.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsgraph.geo.gazetteer import Candidate, Gazetteer, gazetteer, normalise
from newsgraph.records import Place

if TYPE_CHECKING:
    from spacy.tokens import Doc

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
LANDMARK_ONLY_LABELS = frozenset({"ORG"})  # "the Kremlin", "the Pentagon" are ORG to the NER
LOCATIVE = frozenset(
    {"in", "at", "near", "outside", "inside", "into", "across", "around", "throughout", "within"}
)
CLASS_BONUS = {"country": 1.0, "admin1": -0.5, "city": 0.0, "landmark": 0.0}
SPECIFICITY = {"landmark": 3, "city": 2, "admin1": 1, "country": 0}
ALIAS_PENALTY = 1.0
CAPITAL_BONUS = 0.5
FIRST_CONTEXT_BONUS = 1.2
CONTEXT_BONUS = 0.8
ADMIN1_CONTEXT_BONUS = 2.5
STATE_CUE_BONUS = 5.0
QUALIFIER_BONUS = 10.0
# States whose bare name means the city in news copy unless a state cue is present.
CITY_FIRST_ADMIN1 = {"us-state:WA": 2.0, "us-state:NY": 2.0}
MAX_PHRASE_TOKENS = 6
# Names the NER tags GPE/LOC that are not places at our resolutions (continents, compass regions, months).
NOT_PLACES = frozenset(
    {"africa", "asia", "europe", "oceania", "eurasia", "north america", "south america", "latin america",
     "central america", "middle east", "near east", "far east", "west", "east", "north", "south", "gulf",
     "atlantic", "pacific", "arctic", "indian ocean", "central asia", "south asia", "east asia",
     "southeast asia", "western europe", "eastern europe", "central europe", "balkans", "caucasus", "sahel",
     "horn of africa", "global south", "world", "earth", "january", "february", "march", "april", "may",
     "june", "july", "august", "september", "october", "november", "december", "monday", "tuesday",
     "wednesday", "thursday", "friday", "saturday", "sunday"}
)  # fmt: skip

MONTHS = (
    "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July|August|"
    "September|October|November|December"
)
_CAPS_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z\u00c0-\u00de][A-Z\u00c0-\u00de'.\-]+(?:[ \t]+[A-Z\u00c0-\u00de][A-Z\u00c0-\u00de'.\-]*){0,3})"
    r"(?=\s*(?:,|\(|\u2014|\u2013|--?\s|:))",
    re.M,
)
_TITLE_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][a-z\u00e0-\u00ff'\-]+(?:[ \t]+[A-Z][a-z\u00e0-\u00ff'\-]+){0,2})"
    rf"(?=\s*,\s*(?:{MONTHS})\.?\s+\d|\s*\([^)\n]{{1,40}}\)\s*[\u2014\u2013-])",
    re.M,
)
DATELINE_LINES = 8  # a dateline opens one of the first lines (after a title, byline or date line)
_DATELINE_END = re.compile(r"[\u2014\u2013]|\s-{1,2}\s|\([^)\n]{1,40}\)")


@dataclass
class _Span:
    start: int  # char offsets into doc.text
    end: int
    text: str
    label: str
    candidates: list[Candidate] = field(default_factory=list)
    state_cue: bool = False
    qualifier: set[str] = field(default_factory=set)  # candidate ids confirmed by an "X, Y" pair
    choice: Candidate | None = None


@dataclass
class _Context:
    first: str | None
    countries: set[str]
    regions: set[tuple[str | None, str | None]] = field(default_factory=set)  # admin1 places named
    holding: set[tuple[str | None, str | None]] = field(default_factory=set)  # admin1s of named cities


def find_dateline(text: str) -> tuple[str, int, int] | None:
    """The dateline opening the article or one of its first lines: "ANKARA, May 14 (Agency) -" -> ("ANKARA", 0, 6)."""
    head = text[:800]
    starts = [0, *(m.end() for m in re.finditer(r"\n", head))][:DATELINE_LINES]
    for pos in starts:
        match = _CAPS_DATELINE.match(head, pos) or _TITLE_DATELINE.match(head, pos)
        if not match:
            continue
        start, end = match.span("place")
        name = head[start:end].rstrip(".,")
        end = start + len(name)
        if _DATELINE_END.search(head[end : end + 80]) and gazetteer().lookup(name):
            return name, start, end
    return None


def dateline_place(text: str, *, context_countries: Sequence[str] = ()) -> Place | None:
    """find_dateline resolved to a Place (same ranking as resolve_places)."""
    found = find_dateline(text)
    if found is None:
        return None
    name, start, end = found
    span = _Span(start, end, name, "DATELINE", gazetteer().lookup(name))
    _qualify_pairs([span, *_dateline_qualifier(text, end)], text)
    ctx = _Context(context_countries[0] if context_countries else None, set(context_countries))
    span.choice = _best(span, ctx)
    return _to_place(span, 0)


def _dateline_qualifier(text: str, end: int) -> list[_Span]:
    """'KYIV, Ukraine (AP)' -> a span for 'Ukraine' so the pair rule can use it."""
    match = re.match(r",\s*([A-Z][A-Za-z.' ]{1,30}?)\s*(?=[(\u2014\u2013-])", text[end : end + 60])
    if not match:
        return []
    start = end + match.start(1)
    name = match.group(1).strip()
    candidates = gazetteer().lookup(name)
    return [_Span(start, start + len(name), name, "DATELINE", candidates)] if candidates else []


def resolve_places(
    doc: Doc,
    *,
    context_countries: Sequence[str] = (),
    offset: int = 0,
    actor_spans: Sequence[tuple[int, int]] = (),
) -> list[Place]:
    """Places mentioned in ``doc``: char offsets (+offset) into the article, best gazetteer candidate each."""
    gaz = gazetteer()
    text = doc.text  # doc.text joins every token (linear): build it once per call, never per span
    spans = _collect_spans(doc, text, gaz, offset)
    actors = _ActorIndex(actor_spans)
    spans = [s for s in spans if not _is_actor(text, s, actors, offset)]
    spans = [s for s in spans if s.candidates]
    _qualify_pairs(spans, text)
    _choose(spans, list(context_countries))
    return [p for p in (_to_place(s, offset) for s in spans) if p is not None]


def _collect_spans(doc: Doc, text: str, gaz: Gazetteer, offset: int) -> list[_Span]:
    raw: list[_Span] = []
    for ent in doc.ents:
        label = ent.label_
        if label not in PLACE_LABELS and ent.start > 0 and doc[ent.start - 1].lower_ in LOCATIVE:
            label = "GPE"  # "in Kiev" tagged PERSON, "at Heathrow" tagged ORG: the preposition decides
        if label in PLACE_LABELS or label in LANDMARK_ONLY_LABELS:
            raw += _split_ent(ent.start_char, ent.text, label)
    raw += _phrase_spans(doc, text, gaz)
    if offset == 0 and (dateline := find_dateline(text)):  # sentence docs: use dateline_place instead
        raw.append(_Span(dateline[1], dateline[2], dateline[0], "DATELINE"))
    raw.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[_Span] = []
    for span in raw:
        if kept and span.start < kept[-1].end:
            continue
        span.candidates = _candidates(gaz, span)
        span.state_cue = _state_cue(text, span)
        kept.append(span)
    return kept


def _split_ent(start: int, text: str, label: str) -> list[_Span]:
    """'Paris, Texas' as one entity becomes two spans so the pair rule applies."""
    out: list[_Span] = []
    for match in re.finditer(r"[^,]+", text):
        part = match.group().strip()
        if part[:4].casefold() == "the ":
            part = part[4:].lstrip()
        if part.endswith(".") and part.count(".") == 1:
            part = part[:-1].rstrip()  # "United States." at a sentence end; keep "U.S." and "D.C."
        if part and normalise(part) not in NOT_PLACES:
            begin = start + match.start() + match.group().index(part)
            out.append(_Span(begin, begin + len(part), part, label))
    return out


def _phrase_spans(doc: Doc, full: str, gaz: Gazetteer) -> list[_Span]:
    """Capitalised multi-word team additions the NER missed ("Tiananmen Square", "Ben Gurion airport")."""
    out: list[_Span] = []
    tokens = list(doc)
    for i, tok in enumerate(tokens):
        if not tok.text[:1].isupper() or not gaz.starts_phrase(normalise(tok.text)):
            continue
        for n in range(min(MAX_PHRASE_TOKENS, len(tokens) - i), 1, -1):
            last = tokens[i + n - 1]
            if last.is_punct or last.is_space:
                continue
            text = full[tok.idx : last.idx + len(last.text)]
            if gaz.is_phrase(normalise(text)):
                out.append(_Span(tok.idx, tok.idx + len(text), text, "PHRASE"))
                break
    return out


def _candidates(gaz: Gazetteer, span: _Span) -> list[Candidate]:
    found = gaz.lookup(span.text)
    if span.label in LANDMARK_ONLY_LABELS:
        return [c for c in found if c.resolution == "landmark" and not c.alias] or [
            c for c in found if c.resolution == "landmark"
        ]
    return found


def _state_cue(text: str, span: _Span) -> bool:
    after = text[span.end : span.end + 7].casefold()
    before = text[max(0, span.start - 12) : span.start].casefold()
    return after.startswith((" state", "-state")) or before.endswith("state of ")


class _ActorIndex:
    """Actor spans sorted by start, for an overlap test in O(log n) instead of a scan of every actor."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.max_end: list[int] = []  # running maximum of the ends, in start order
        for _, b in ordered:
            self.max_end.append(max(b, self.max_end[-1]) if self.max_end else b)

    def overlaps(self, start: int, end: int) -> bool:
        """True when some actor span (a, b) has a < end and start < b."""
        index = bisect.bisect_left(self.starts, end)  # spans [0, index) start before ``end``
        return index > 0 and self.max_end[index - 1] > start


def _is_actor(text: str, span: _Span, actors: _ActorIndex, offset: int) -> bool:
    """An actor-resolved span is not a place, unless a locative preposition governs it ("landed in Ankara")."""
    if not actors.overlaps(span.start + offset, span.end + offset):
        return False
    words = text[max(0, span.start - 40) : span.start].split()
    previous = words[-1].casefold() if words else ""
    if previous == "the" and len(words) > 1:
        previous = words[-2].casefold()
    return previous not in LOCATIVE


def _qualify_pairs(spans: Sequence[_Span], text: str) -> None:
    """'Paris, Texas' / 'Seattle, Washington': keep the pair of candidates where Y contains X."""
    for left, right in zip(spans, spans[1:], strict=False):
        if not re.fullmatch(r",\s*", text[left.end : right.start]):
            continue
        pairs = [
            (x, y)
            for x in left.candidates
            for y in right.candidates
            if y.resolution in ("country", "admin1")
            and x.resolution != "country"
            and x.id != y.id
            and x.country == y.country
            and (y.resolution == "country" or x.admin1 == y.admin1)
        ]
        if pairs:
            x, y = max(pairs, key=lambda p: p[0].weight + p[1].weight)
            left.qualifier.add(x.id)
            right.qualifier.add(y.id)


def _choose(spans: Sequence[_Span], context_countries: list[str]) -> None:
    """Two passes: first with the caller's context, then adding the other places' countries and admin1s."""
    base = _Context(context_countries[0] if context_countries else None, set(context_countries))
    for span in spans:
        span.choice = _best(span, base)
    tally = _Tally([s.choice for s in spans])  # all first-pass choices, counted once (not once per span)
    for i, span in enumerate(spans):
        counts = tally.countries_without(i)
        first = base.first or _most_common(counts)
        ctx = _Context(first, base.countries | set(counts), tally.pairs_without(i, "regions"),
                       tally.pairs_without(i, "holding"))  # fmt: skip
        span.choice = _best(span, ctx)


def _most_common(counts: dict[str, tuple[int, int]]) -> str | None:
    """Country named most often; ties go to the one named first (as ``Counter.most_common`` in order would)."""
    return min(counts, key=lambda c: (-counts[c][0], counts[c][1])) if counts else None


class _Tally:
    """Countries and (country, admin1) pairs of every span's choice, queried "without span i" in O(distinct)."""

    def __init__(self, choices: Sequence[Candidate | None]) -> None:
        self.choices = choices
        self.countries: dict[str, list[int]] = {}  # country -> span indices naming it, in order
        self.pairs: dict[str, Counter[tuple[str | None, str | None]]] = {
            "regions": Counter(),
            "holding": Counter(),
        }
        for i, c in enumerate(choices):
            if c is None:
                continue
            if c.country:
                self.countries.setdefault(c.country, []).append(i)
            kind = _pair_kind(c)
            if kind:
                self.pairs[kind][(c.country, c.admin1)] += 1

    def countries_without(self, i: int) -> dict[str, tuple[int, int]]:
        """country -> (times named by the other spans, index of the first other span naming it)."""
        own = self.choices[i]
        mine = own.country if own is not None else None
        out: dict[str, tuple[int, int]] = {}
        for country, where in self.countries.items():
            rest = len(where) - (country == mine)  # span i is in its own country's list, exactly once
            if rest:
                out[country] = (rest, where[1] if where[0] == i else where[0])
        return out

    def pairs_without(self, i: int, kind: str) -> set[tuple[str | None, str | None]]:
        counter = self.pairs[kind]
        own = self.choices[i]
        if own is None or _pair_kind(own) != kind or counter[(own.country, own.admin1)] > 1:
            return set(counter)
        return set(counter) - {(own.country, own.admin1)}


def _pair_kind(c: Candidate) -> str | None:
    if c.resolution == "admin1":
        return "regions"
    return "holding" if c.resolution in ("city", "landmark") else None


def _best(span: _Span, ctx: _Context) -> Candidate | None:
    if not span.candidates:
        return None
    return max(span.candidates, key=lambda c: _score(c, span, ctx))


def _score(c: Candidate, span: _Span, ctx: _Context) -> float:
    score = c.weight + CLASS_BONUS[c.resolution] - (ALIAS_PENALTY if c.alias else 0.0)
    if gazetteer().is_capital(c.id):
        score += CAPITAL_BONUS
    score -= CITY_FIRST_ADMIN1.get(c.id, 0.0)
    if c.country and c.country == ctx.first:
        score += FIRST_CONTEXT_BONUS
    elif c.country in ctx.countries:
        score += CONTEXT_BONUS
    # A named region supports the cities in it ("Paris" + "Texas"); a named city supports only its region
    # ("Washington" + "Spokane"), not other cities of a large region ("Washington" + "London" stays DC).
    region = (c.country, c.admin1)
    if c.admin1 and (region in ctx.regions or (c.resolution == "admin1" and region in ctx.holding)):
        score += ADMIN1_CONTEXT_BONUS
    if span.state_cue and c.resolution == "admin1":
        score += STATE_CUE_BONUS
    if c.id in span.qualifier:
        score += QUALIFIER_BONUS
    return score


def _to_place(span: _Span, offset: int) -> Place | None:
    c = span.choice
    if c is None:
        return None
    return Place(
        text=span.text,
        start=span.start + offset,
        end=span.end + offset,
        name=c.name,
        country=c.country,
        admin1=c.admin1,
        lat=c.lat,
        lon=c.lon,
        resolution=c.resolution,
        id=c.id,
    )


def main_place(places: Sequence[Place]) -> Place | None:
    """The most mentioned place (by gazetteer id); ties go to the more specific, then the earlier one."""
    if not places:
        return None
    counts = Counter(p.id or p.name for p in places)
    first: dict[str, int] = {}
    for i, p in enumerate(places):
        first.setdefault(p.id or p.name, i)
    key = max(counts, key=lambda k: (counts[k], SPECIFICITY[places[first[k]].resolution], -first[k]))
    return places[first[key]]


def country_place(iso3: str) -> Place | None:
    """A country's centroid (its capital's coordinates unless the team table overrides) as a Place."""
    c = gazetteer().country(iso3)
    if c is None:
        return None
    return Place(
        text="",
        start=0,
        end=0,
        name=c.name,
        country=c.country,
        admin1=None,
        lat=c.lat,
        lon=c.lon,
        resolution="country",
        id=c.id,
    )


def event_location(
    clause_start: int,
    clause_end: int,
    places: Sequence[Place],
    *,
    dateline: Place | None,
    main_place: Place | None,
    source_country: str | None,
) -> tuple[Place | None, str | None]:
    """Where an event happened, and how that was chosen: clause > dateline > main-place > source-country."""
    inside = [p for p in places if clause_start <= p.start and p.end <= clause_end]
    if inside:
        best = max(inside, key=lambda p: (SPECIFICITY.get(p.resolution, 0), -p.start))
        return best, "clause"
    if dateline is not None:
        return dateline, "dateline"
    if main_place is not None:
        return main_place, "main-place"
    if source_country:
        place = country_place(source_country)
        if place is not None:
            return place, "source-country"
    return None, None
