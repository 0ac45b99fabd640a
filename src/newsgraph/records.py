"""Typed records that every stage produces and every sink consumes.

All offsets are character offsets into ``Article.text`` (the clean text).  Records are
frozen dataclasses; ``to_dict`` gives the JSON contract documented in docs/records.md.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

EVENT_FLAGS = ("negated", "future", "hypothetical", "alleged", "quoted", "opinion", "background")


def normalise_text(text: str) -> str:
    """Normalisation used for article ids: NFC, lower case, collapsed whitespace."""
    text = unicodedata.normalize("NFC", text).lower()
    return re.sub(r"\s+", " ", text).strip()


def article_id(text: str) -> str:
    """Stable article id: first 16 hex digits of SHA-256 over the normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


def _as_dict(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _as_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [_as_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _as_dict(v) for k, v in obj.items()}
    return obj


class Record:
    """Mixin: JSON-ready dict of a record."""

    def to_dict(self) -> dict[str, Any]:
        out = _as_dict(self)
        assert isinstance(out, dict)
        return out


@dataclass(frozen=True)
class Section(Record):
    kind: str  # "report" | "opinion"
    start: int
    end: int


@dataclass(frozen=True)
class Article(Record):
    """A cleaned article, ready for NLP.  ``text`` is what every offset indexes into."""

    id: str
    title: str | None
    text: str
    url: str | None = None
    source: str | None = None
    published: str | None = None  # YYYY-MM-DD
    published_inferred: bool = False
    published_evidence: str | None = None
    language: str = "en"
    flags: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    input: str | None = None  # where it was read from (path, path#record)

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        title: str | None = None,
        url: str | None = None,
        source: str | None = None,
        published: str | None = None,
        flags: tuple[str, ...] = (),
        sections: tuple[Section, ...] = (),
        input: str | None = None,
        language: str = "en",
    ) -> Article:
        if not sections:
            sections = (Section("report", 0, len(text)),)
        return cls(
            id=article_id(text),
            title=title,
            text=text,
            url=url,
            source=source,
            published=published,
            flags=flags,
            sections=sections,
            input=input,
            language=language,
        )


@dataclass(frozen=True)
class Actor(Record):
    """One mention of an actor, resolved to a code."""

    text: str
    start: int
    end: int
    name: str  # canonical name ("Recep Tayyip Erdogan", "Turkey")
    code: str  # CAMEO/PLOVER-style code: country + sector ("TURGOV") or non-state ("IGO", "NGO")
    country: str | None  # ISO 3166 alpha-3, None for non-state actors
    sector: str | None  # GOV, MIL, REB, ... or None for the state itself
    kind: str  # person | organisation | state | group
    id: str | None = None  # stable lexicon id ("Q" ids are not used; lexicon keys such as "person:erdogan")
    via: str | None = None  # how it was resolved: lexicon, title, short-name, pronoun, description, metonym

    def ref(self) -> ActorRef:
        """This mention as the compact reference events and quotes carry."""
        return ActorRef(self.name, self.code, self.country, self.text, self.start, self.end)


@dataclass(frozen=True)
class ActorRef(Record):
    """Compact actor reference used inside events and quotes."""

    name: str
    code: str
    country: str | None
    text: str | None = None
    start: int | None = None
    end: int | None = None


def overlaps(refs: Sequence[ActorRef], start: int | None, end: int | None) -> bool:
    """Some ref's span overlaps [start, end) (refs or bounds without offsets never do)."""
    if start is None or end is None:
        return False
    return any(r.start is not None and r.end is not None and r.start < end and start < r.end for r in refs)


@dataclass(frozen=True)
class Place(Record):
    text: str
    start: int
    end: int
    name: str
    country: str | None  # ISO alpha-3
    admin1: str | None
    lat: float | None
    lon: float | None
    resolution: str  # country | admin1 | city | landmark
    id: str | None = None  # gazetteer id


@dataclass(frozen=True)
class Event(Record):
    id: str
    source: tuple[ActorRef, ...]
    target: tuple[ActorRef, ...]
    cameo: str
    cameo_root: str
    quad: int
    goldstein: float
    plover: str | None
    mode: str | None
    date: str | None
    date_source: str  # clause | publication | none
    location: Place | None
    location_source: str | None  # clause | dateline | main-place | source-country | None
    sentence: str
    sentence_start: int
    start: int  # trigger start
    end: int  # trigger end
    trigger: str
    flags: tuple[str, ...]
    extractor: str
    context: tuple[str, ...] = ()
    confidence: float | None = None  # learned stage's probability of the event as coded; None = rules only


@dataclass(frozen=True)
class Quote(Record):
    text: str
    start: int
    end: int
    direct: bool
    speaker: ActorRef | None
    speaker_text: str | None = None
    verb: str | None = None
    extractor: str = ""


@dataclass(frozen=True)
class Claim(Record):
    text: str
    start: int
    end: int
    value: float
    unit: str  # USD, EUR, percent, count, ordinal, day, year, anniversary, ...
    subject: str | None  # the noun phrase measured
    year: int | None
    kind: str = "stated"  # stated | derived
    derived_from: tuple[int, ...] = ()  # indices of the claims used (derived claims)
    flags: tuple[str, ...] = ()  # e.g. "contradicts"
    extractor: str = ""


@dataclass
class Result(Record):
    """Everything newsgraph found in one article."""

    article: Article
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    tone: float = 0.0
    sentence_tone: list[float] = field(default_factory=list)
    extractor: str = ""
    notes: list[str] = field(default_factory=list)  # what was not done and why ("events: English only ...")


@dataclass(frozen=True)
class Skip(Record):
    """A record that was not processed, with its reason (never silent)."""

    input: str
    record: str | None
    stage: str
    reason: str
