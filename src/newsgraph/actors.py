"""Actor recognition and resolution (docs/actors.md).

``ActorFinder(nlp.vocab, lexicon).build(nlp.make_doc)`` compiles every lexicon form into one token-level
PhraseMatcher (``.matcher``, case-insensitive, so the pipeline's pre-filter sees a superset); ``.mentions(doc,
on=date)`` then

1. keeps the matches whose capitals agree with the form as written (``US``/``ICE`` exact, ``Turkey`` capitalised,
   ``police`` any case), merges overlapping matches of one person, and keeps the longest of the rest;
2. resolves each candidate in context: title and country/organisation prefixes of a name ("Brazilian President
   Luiz Inácio Lula da Silva", "UN Secretary-General António Guterres"), the person's role at the article date
   (a former leader is ELI), titled names the lexicon lacks ("Interior Minister Nancy Faeser"), country
   adjective or name + sector noun ("Syrian mercenaries", "Iran's foreign ministry", "the government of Iraq"),
   groups + member nouns ("Houthi rebels"), "the Biden administration", capitals as actors vs places;
3. resolves references to earlier actors: short names, pronouns, definite descriptions ("the Turkish leader",
   "the president", "the two nations", "Tehran's ally") and, only when asked (``context_country``), bare sector
   nouns ("police said");
4. codes what is left and the text supports as generic actors (data/actors/generic.yaml): sector nouns that are
   arguments ("Protesters", "14 people") and named organisations by their head word ("the Harwood District
   Court"), with the sentence's or the article's country, else the sector alone.

Every Actor carries ``via`` saying which rule produced it.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from newsgraph.charsets import CJK
from newsgraph.lexicon import Entry, Lexicon, Role
from newsgraph.records import Actor

PLACE_PREPS = {
    "in", "to", "at", "from", "near", "into", "outside", "across", "around", "through", "toward", "towards",
    "via", "within", "inside", "throughout", "between", "out", "onto", "off", "past", "beyond", "along",
}  # fmt: skip
DIRECTION_PREPS = {"to", "into", "from", "toward", "towards"}
MOTION_VERBS = {
    "travel", "fly", "go", "arrive", "return", "head", "come", "move", "land", "drive", "march", "sail", "flee",
    "visit", "trip", "journey", "flight", "road", "route", "deport", "evacuate", "relocate", "transfer", "bus",
    "lead", "walk", "ride", "retreat", "withdraw", "escape", "commute", "leave", "depart", "expel", "extradite",
}  # fmt: skip
CONTEXT_NOUNS = {
    "government", "authorities", "officials", "police", "army", "military", "troops", "forces", "soldiers",
    "ministry", "court", "courts", "parliament", "prosecutors", "cabinet", "security forces", "regime",
    "administration", "judiciary", "lawmakers", "legislature", "policemen", "navy", "air force", "riot police",
    "police officers", "border guards", "interior ministry", "foreign ministry",
}  # fmt: skip
HUMAN_NOUNS = {
    "side", "sides", "delegation", "team", "counterpart", "counterparts", "leader", "leaders", "national",
    "nationals", "citizen", "citizens", "man", "men", "woman", "women", "people", "detainee", "detainees",
    "prisoner", "prisoners", "hostage", "hostages", "worker", "workers", "doctor", "doctors", "student",
    "students", "negotiator", "negotiators", "representative", "representatives", "mediator", "mediators",
    "hacker", "hackers", "settler", "settlers", "pilot", "pilots", "crew", "sailor", "sailors", "fisherman",
    "fishermen", "peacekeeper", "peacekeepers", "observer", "observers", "monitor", "monitors", "warship",
    "warships", "vessel", "vessels", "ship", "ships", "jet", "jets", "warplane", "warplanes", "drone", "drones",
    "tank", "tanks", "helicopter", "helicopters", "aircraft", "submarine", "submarines", "agency", "source",
    "sources", "unit", "units", "battalion", "brigade", "division", "convoy", "patrol", "patrols",
}  # fmt: skip
PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
ALLY_NOUNS = {"ally", "allies", "partner", "partners", "neighbour", "neighbor", "neighbours", "neighbors",
              "rival", "rivals", "adversary", "foe", "enemy", "backer", "backers", "patron", "friend"}  # fmt: skip
GROUP_DESCRIPTIONS = {"nations", "countries", "sides", "leaders", "governments", "states", "capitals",
                      "neighbours", "neighbors", "presidents", "ministers", "allies", "rivals", "delegations",
                      "parties", "negotiators"}  # fmt: skip
STATE_DESCRIPTIONS = {"nations", "countries", "states", "sides", "neighbours", "neighbors", "capitals", "allies",
                      "rivals"}  # fmt: skip
NUMBER_DETS = {"two", "both", "three"}
SINGULAR_LEADERS = {"leader", "president", "premier", "monarch", "ruler", "strongman", "chief", "head"}
TITLE_MODIFIERS = {"former", "ex", "then", "deputy", "senior", "acting", "interim", "regional", "outgoing",
                   "incoming", "top", "chief", "provincial", "state", "federal", "new", "first", "-"}  # fmt: skip
FORMER_WORDS = {"former", "ex", "then"}
KIND_PRIORITY = [
    "person",
    "organisation",
    "group",
    "seat",
    "state",
    "metonym",
    "adjective",
    "demonym",
    "title",
    "sector",
]
PREFIX_KINDS = {"adjective", "state", "metonym", "organisation", "group", "seat"}
LEADER_SECTORS = {"GOV", "MIL", "LEG", "JUD"}
TOP_OFFICES = (
    "president",
    "king",
    "queen",
    "emir",
    "supreme leader",
    "prime minister",
    "chancellor",
    "chairman",
)

Cand = tuple[int, int, list[Entry]]

# "HANOI, Vietnam (AP) —", "MOSCOW, May 7 (Reuters) -", "KYIV —": a place line opening the story, never an actor
DATELINE = re.compile(
    r"(?m)^[ \t]*[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3}"  # the city in capitals
    r"(?:, (?:[A-Z][\w.'\-]*)(?: [A-Z][\w.'\-]*){0,2})?"  # ", Vietnam" / ", Calif."
    r"(?:,? (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2})?"  # ", May 7"
    r"(?: ?\([^()\n]{1,40}\))? ?[\u2014\u2013-]{1,2}[ \t]"  # " (Reuters) -"
)
DATELINE_CHARS = 600  # a dateline opens the article or one of its first lines
OBJECT_PRONOUNS = {"him", "her", "them"}
# scripts written without spaces between words (and Hangul, whose particles attach to names): matched by characters
OBJECT_DEPS = {"dobj", "dative", "obj", "pobj", "iobj"}


@dataclass
class _Mention:
    start: int  # token indices in the doc
    end: int
    actor: Actor
    head: int  # token index that stands for the mention in the parse
    gender: str | None = None
    entry: Entry | None = None


@dataclass
class _Ctx:
    """What one ``mentions`` call works on."""

    doc: Doc
    on: date | None
    offset: int
    context_country: str | None
    by_start: dict[int, Cand] = field(default_factory=dict)
    by_end: dict[int, Cand] = field(default_factory=dict)
    ents: dict[int, Span] = field(default_factory=dict)  # NER entities by their last token
    datelines: list[tuple[int, int]] = field(default_factory=list)


def _pick(entries: Sequence[Entry]) -> Entry:
    return min(entries, key=lambda e: KIND_PRIORITY.index(e.kind) if e.kind in KIND_PRIORITY else 99)


# --- people's roles -------------------------------------------------------------------------------------------
def person_code(
    entry: Entry, on: date | None, prefer: Sequence[str] = ()
) -> tuple[str, str | None, str | None, str]:
    """(code, country, sector, office) of a person at a date; former officials are ELI.

    ``prefer``: sectors named by a title in the text ("Senior General" -> MIL) choose among concurrent roles.
    """
    roles = sorted(entry.roles, key=lambda r: r.start or date.min)
    if on is not None:
        role = _best_role([r for r in roles if r.active(on)], prefer)
        if role is None:
            past = [r for r in roles if r.end is not None and r.end <= on]
            if past:
                country = past[-1].country or entry.country
                return (f"{country}ELI" if country else "ELI", country, "ELI", "former " + past[-1].office)
            return (entry.country or "", entry.country, None, "")
    else:
        role = _best_role([r for r in roles if r.end is None], prefer) or (roles[-1] if roles else None)
    if role is None:
        return (entry.country or "", entry.country, None, "")
    if role.org and not role.country:
        return (role.org_code or "IGO", None, None, role.office)
    country = role.country or entry.country
    return (f"{country or ''}{role.sector or ''}", country, role.sector, role.office)


def group_code(entry: Entry, on: date | None) -> tuple[str, str | None]:
    """(code, sector) of an organisation or group at a date: a dated role (the Taliban govern Afghanistan
    1996-09-27..2001-11-13 and from 2021-08-15) overrides the default code; undated text takes the open role."""
    if entry.roles:
        if on is None:
            role = next((r for r in entry.roles if r.end is None), None)
        else:
            role = next((r for r in entry.roles if r.active(on)), None)
        country = (role.country if role else None) or entry.country
        if role is not None and role.sector and country:
            return f"{country}{role.sector}", role.sector
    return entry.code or "IGO", entry.sector


def _best_role(roles: Sequence[Role], prefer: Sequence[str] = ()) -> Role | None:
    if prefer:
        preferred = [r for r in roles if r.sector in prefer]
        roles = preferred or roles
    best: tuple[int, Role] | None = None
    for r in roles:
        office = r.office.lower()
        rank = next(
            (i for i, o in enumerate(TOP_OFFICES) if o in office and "vice" not in office), len(TOP_OFFICES)
        )
        if best is None or rank < best[0]:
            best = (rank, r)
    return best[1] if best else None


# --- case rules ----------------------------------------------------------------------------------------------
def _case_ok(form: Sequence[str], tokens: Span) -> bool:
    """Capitals of the form must be honoured: acronyms of up to 3 letters exactly (US, IS, ICE), longer ones
    also in title case (NATO/Nato), forms with inner capitals (LeT, AfD, McCain) as written or in capitals,
    capitalised words need a capital; lower-case words match any case."""
    for ft, tok in zip(form, tokens, strict=False):
        if not any(ch.isupper() for ch in ft):
            continue
        letters = [ch for ch in ft if ch.isalpha()]
        if sum(ch.isupper() for ch in letters) >= 2 and any(ch.islower() for ch in letters[1:]):
            if tok.text not in (ft, ft.upper()):  # LeT, AfD, PiS: "Let", "Pis" are words, not the group
                return False
            continue
        if len(letters) >= 2 and all(ch.isupper() for ch in letters):
            if tok.text != ft and not (len(letters) >= 4 and tok.text == ft.capitalize()):
                return False
        elif ft[:1].isupper() and not tok.text[:1].isupper():
            return False  # "d'Ivoire", "al-Qaeda": only a leading capital is required
    return True


class ActorFinder:
    """Find and resolve actors in a parsed Doc (see module docstring)."""

    def __init__(self, vocab: Vocab, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        self._vocab = vocab
        self._forms: dict[int, list[tuple[tuple[str, ...], list[Entry]]]] = {}
        self._cjk: dict[str, list[Entry]] = {}  # forms in scripts without spaces, matched by characters
        self._cjk_max = 0
        self._make_doc: Callable[[str], Doc] | None = None

    def build(self, make_doc: Callable[[str], Doc]) -> ActorFinder:
        """Add every lexicon form to the matcher, tokenised by the pipeline's tokenizer; CJK/Hangul forms also
        go to a character table (the tokenizer does not split "习近平会见普京" into words)."""
        self._make_doc = make_doc
        for key, forms in self.lexicon.forms.items():
            docs, table = [], []
            for form, entries in forms.items():
                if CJK.search(form):
                    self._cjk.setdefault(form, []).extend(
                        e for e in entries if e not in self._cjk.get(form, [])
                    )
                    self._cjk_max = max(self._cjk_max, len(form))
                fdoc = make_doc(form)
                docs.append(fdoc)
                table.append((tuple(t.text for t in fdoc), entries))
            self._forms[self._vocab.strings.add(key)] = table
            self.matcher.add(key, docs)
        return self

    # --- candidate spans -------------------------------------------------------------------------------
    def candidates(self, doc: Doc) -> list[Cand]:
        """Case-checked matches; one person's overlapping matches merge; then the longest wins."""
        raw: list[Cand] = []
        datelines = dateline_spans(doc.text)
        for match_id, start, end in self.matcher(doc):
            if end < len(doc) and doc[end].text[:1] in "$€£¥":
                continue  # "US $50 million" is a currency, not the United States
            if datelines and any(a <= doc[start].idx < b for a, b in datelines):
                continue  # "HANOI, Vietnam (AP) —" names a place, not a speaker or a source
            entries = self._accepted(match_id, doc[start:end])
            if entries and doc[start].ent_iob_ == "I" and doc[start].ent_type_ == "PERSON":
                entries = [
                    e for e in entries if e.kind == "person"
                ]  # "Wagner" inside "Thérèse Kayikwamba Wagner"
            if entries:
                raw.append((start, end, entries))
        raw.sort(key=lambda c: (c[0], -c[1]))
        raw += _merge_people(raw)
        raw.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
        taken = [False] * len(doc)
        out = []
        for start, end, entries in raw:
            if any(taken[start:end]):
                continue
            taken[start:end] = [True] * (end - start)
            out.append((start, end, entries))
        out.sort(key=lambda c: c[0])
        return out

    def _accepted(self, match_id: int, span: Span) -> list[Entry]:
        out: list[Entry] = []
        for form, entries in self._forms.get(match_id, []):
            if (
                self.lexicon.exact
                and " ".join(form) in self.lexicon.exact
                and [t.text for t in span] != list(form)
            ):
                continue  # an acronym that is also a word (CARE): as written only
            if len(form) == len(span) and _case_ok(form, span):
                out.extend(e for e in entries if e not in out)
        return out

    def cjk_hits(self, text: str) -> list[tuple[int, int, list[Entry]]]:
        """Character-level matches of CJK/Hangul forms: (start char, end char, entries), longest first, no overlap."""
        out: list[tuple[int, int, list[Entry]]] = []
        if not self._cjk or not CJK.search(text):
            return out
        i, n = 0, len(text)
        while i < n:
            if not CJK.match(text[i]):
                i += 1
                continue
            for size in range(min(self._cjk_max, n - i), 0, -1):
                entries = self._cjk.get(text[i : i + size])
                if entries:
                    out.append((i, i + size, entries))
                    i += size
                    break
            else:
                i += 1
        return out

    def find_names(self, text: str, *, on: date | None = None, doc: Doc | None = None) -> list[Actor]:
        """Actors named in a text of any language, without a parse: states, capitals (as GOV), people (their
        role at ``on``), organisations and groups, by the lexicon's names in every script (intl.yaml).  English
        common nouns (titles, sector nouns, adjectives) are not used.  ``via`` is "name", or "metonym" for a capital
        named for its government (Пекин, 北京)."""
        if self._make_doc is None:
            raise RuntimeError("ActorFinder.build() must run before find_names()")
        if doc is None or doc.text != text:  # a caller's tokenisation of the same text is reused
            doc = self._make_doc(text)
        spans = [
            (doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), ents) for s, e, ents in self.candidates(doc)
        ]
        taken = {i for s, e, _ in spans for i in range(s, e)}
        spans += [h for h in self.cjk_hits(text) if not taken.intersection(range(h[0], h[1]))]
        out = [
            a
            for s, e, ents in sorted(spans, key=lambda h: h[0])
            if (a := self._named_actor(text, s, e, ents, on))
        ]
        return out

    def _named_actor(self, text: str, s: int, e: int, entries: list[Entry], on: date | None) -> Actor | None:
        usable = [
            x for x in entries if x.kind in ("person", "organisation", "group", "seat", "state", "metonym")
        ]
        if not usable:
            return None
        entry = _pick(usable)
        kind, country, sector = entry.kind, entry.country, entry.sector
        if kind == "person":
            code, country, sector, _ = person_code(entry, on)
        elif kind in ("organisation", "group"):
            code, sector = group_code(entry, on)
        else:
            code = f"{country}{sector or ''}"
            kind = "state" if sector is None else "organisation"
        if not code:
            return None
        via = "metonym" if entry.kind == "metonym" else "name"  # a capital for its government, as in English
        return Actor(text=text[s:e], start=s, end=e, name=entry.name, code=code, country=country, sector=sector,
                     kind=kind, id=entry.id, via=via)  # fmt: skip

    # --- resolution -------------------------------------------------------------------------------------
    def find(
        self, doc: Doc, *, on: date | None = None, offset: int = 0, context_country: str | None = None
    ) -> list[Actor]:
        return [m.actor for m in self.mentions(doc, on=on, offset=offset, context_country=context_country)]

    def mentions(
        self, doc: Doc, *, on: date | None = None, offset: int = 0, context_country: str | None = None
    ) -> list[_Mention]:
        ctx = _Ctx(doc, on, offset, context_country)
        cands = self.candidates(doc)
        ctx.by_start = {c[0]: c for c in cands}
        ctx.by_end = {c[1]: c for c in cands}
        if doc.has_annotation("ENT_IOB"):
            ctx.ents = {e.end - 1: e for e in doc.ents if e.label_ in self.lexicon.generic.ner_labels}
            ctx.datelines = dateline_spans(doc.text)
        mentions: list[_Mention] = []
        covered: set[int] = set()
        for start, end, entries in cands:
            if start in covered:
                continue
            for one in self._resolve(ctx, start, end, entries):
                if covered.intersection(range(one.start, one.end)):
                    mentions = [m for m in mentions if not (one.start <= m.start and m.end <= one.end)]
                mentions.append(one)
                covered.update(range(one.start, one.end))
        mentions += self._cjk_mentions(ctx, covered)
        mentions.sort(key=lambda m: (m.start, m.end))
        mentions = _supported(ctx.doc, mentions, self._named(ctx))
        mentions = self._short_names(ctx, mentions)
        mentions = self._references(ctx, mentions)
        mentions.sort(key=lambda m: (m.start, m.end))
        return mentions

    def _cjk_mentions(self, ctx: _Ctx, covered: set[int]) -> list[_Mention]:
        """CJK/Hangul names inside longer tokens ("习近平会见普京" is one token): exact character offsets."""
        out = []
        for s, e, entries in self.cjk_hits(ctx.doc.text):
            span = ctx.doc.char_span(s, e, alignment_mode="expand")
            actor = self._named_actor(ctx.doc.text, s, e, entries, ctx.on)
            if span is None or actor is None or covered.intersection(range(span.start, span.end)):
                continue
            actor = replace(actor, start=s + ctx.offset, end=e + ctx.offset)
            out.append(_Mention(span.start, span.end, actor, span.root.i, entry=_pick(entries)))
        return out

    def _make(self, ctx: _Ctx, start: int, end: int, head: int, **kw: Any) -> _Mention:
        span = ctx.doc[start:end]
        gender = kw.pop("gender", None)
        entry = kw.pop("entry", None)
        actor = Actor(
            text=span.text, start=span.start_char + ctx.offset, end=span.end_char + ctx.offset, **kw
        )
        return _Mention(start, end, actor, head, gender=gender, entry=entry)

    def _resolve(self, ctx: _Ctx, start: int, end: int, entries: list[Entry]) -> list[_Mention]:
        entry = _pick(entries)
        kind = entry.kind
        head = _span_head(ctx.doc, start, end)
        one: _Mention | None = None
        if kind == "person":
            one = self._person(ctx, start, end, entry, head)
        elif kind in ("organisation", "group"):
            one = self._org(ctx, start, end, entry, head)
        elif kind == "seat":
            code = f"{entry.country}{entry.sector or ''}"
            one = self._make(
                ctx,
                start,
                end,
                head,
                name=entry.name,
                code=code,
                country=entry.country,
                sector=entry.sector,
                kind="organisation",
                id=entry.id,
                via="seat",
            )
        elif kind in ("state", "metonym"):
            one = self._state(ctx, start, end, entry, entries, head)
        elif kind == "adjective":
            return self._adjective(ctx, start, end, entry)
        elif kind == "demonym":
            if start > 0 and ctx.doc[start - 1].lower_ == "ethnic":
                return []  # "ethnic Albanians in Serbia" are an ethnic group, not Albania's people
            one = self._make(
                ctx,
                start,
                end,
                head,
                name=entry.name,
                code=f"{entry.country}CVL",
                country=entry.country,
                sector="CVL",
                kind="group",
                id=entry.id,
                via="demonym",
            )
        elif kind == "title":
            one = self._title(ctx, start, end, entry, None, start)
        return [one] if one is not None else []  # bare sector nouns are resolved by _references

    # --- people ---------------------------------------------------------------------------------------------
    def _prefix(
        self, ctx: _Ctx, start: int, seen_title: bool = False
    ) -> tuple[int, list[str], bool, Entry | None]:
        """Walk left over titles, modifiers and one country/organisation: (start, title sectors, former, owner)."""
        doc, s = ctx.doc, start
        sectors: list[str] = []
        former, owner = False, None
        while s > 0:
            prev = ctx.by_end.get(s)
            tok = doc[s - 1]
            if prev is not None and _pick(prev[2]).kind in ("title", "sector"):
                sectors.append(_pick(prev[2]).sector or "GOV")
                s, seen_title = prev[0], True
            elif prev is not None and _pick(prev[2]).kind in PREFIX_KINDS and seen_title:
                owner = _pick(prev[2])
                s = prev[0]
                break
            elif tok.lower_ in ("'s", "’s") and seen_title and s - 1 in ctx.by_end:
                prev = ctx.by_end[s - 1]
                if _pick(prev[2]).kind not in ("state", "metonym"):
                    break
                owner, s = _pick(prev[2]), prev[0]
                break
            elif (tok.lower_ in TITLE_MODIFIERS or (tok.pos_ == "ADJ" and tok.is_lower)) and seen_title:
                former = former or tok.lower_ in FORMER_WORDS
                s -= 1
            else:
                break
        while s < start and doc[s].lower_ in ("-", "then", "new", "first"):
            former = former and doc[s].lower_ != "then"
            s += 1
        return s, sectors, former, owner

    def _person(self, ctx: _Ctx, start: int, end: int, entry: Entry, head: int) -> _Mention | None:
        inner = self._inner_title_sectors(ctx.doc, start, end)
        s, sectors, former, owner = self._prefix(ctx, start, seen_title=bool(inner))
        sectors += inner
        code, country, sector, office = person_code(entry, ctx.on, prefer=sectors)
        if ctx.on is not None and not office and sectors and country:
            sector = sectors[0]  # no dated role at this date: the title in the text says what they are
            code = f"{country}{sector}"
        if former and country and sector != "ELI":
            code, sector = f"{country}ELI", "ELI"
        if not code:
            return None
        end2, code, sector, via = self._person_suffix(ctx, end, code, country, sector)
        via = via or ("lexicon" if s == start else "title")
        return self._make(
            ctx,
            s,
            end2,
            head,
            name=entry.name,
            code=code,
            country=country,
            sector=sector,
            kind="person" if via != "person+noun" else "organisation",
            id=entry.id,
            via=via,
            gender=entry.gender,
            entry=entry,
        )

    def _person_suffix(
        self, ctx: _Ctx, end: int, code: str, country: str | None, sector: str | None
    ) -> tuple[int, str, str | None, str | None]:
        """'the Biden administration', 'the Putin government': a person's name as the modifier of a GOV noun."""
        nxt = ctx.by_start.get(end)
        if nxt is None or country is None or _pick(nxt[2]).kind != "sector":
            return end, code, sector, None
        noun = _pick(nxt[2])
        if noun.sector != "GOV" or ctx.doc[nxt[1] - 1].lower_ not in (
            "administration",
            "government",
            "regime",
            "cabinet",
        ):
            return end, code, sector, None
        return nxt[1], f"{country}GOV", "GOV", "person+noun"

    def _inner_title_sectors(self, doc: Doc, start: int, end: int) -> list[str]:
        """Titles written inside an alias ('Senior General Min Aung Hlaing')."""
        out = []
        for tok in doc[start:end]:
            for e in self.lexicon.phrases.get(tok.lower_, []):
                if e.kind == "title" and e.sector:
                    out.append(e.sector)
        return out

    def _title(
        self, ctx: _Ctx, start: int, end: int, entry: Entry, country: str | None, s: int
    ) -> _Mention | None:
        """A title before a name the lexicon lacks ("President Yoweri Museveni") or as a description
        ("the Turkish president")."""
        nxt = ctx.by_start.get(end)
        if nxt is not None and _pick(nxt[2]).kind in ("person", "title"):
            return None  # the name (or the longer title) that follows absorbs this title
        j = _name_end(ctx, end)
        pstart, sectors, former, owner = self._prefix(ctx, s, seen_title=True)
        sector = "ELI" if former else (entry.sector or "GOV")
        if owner is not None and country is None:
            country = owner.country
            if owner.kind in ("organisation", "group") and owner.code and not former:
                # "UN Secretary-General ...", "Houthi spokesman ...": the organisation's code
                code, osector = group_code(owner, ctx.on)
                return self._titled(ctx, pstart, j, end, code, owner.country, osector, "title+org")
        country = country or entry.country  # "Sen." belongs to the US Congress
        if j > end:
            via = "title+name"
            if country is None:
                country, via = self._fallback_country(ctx, start)
            # no country anywhere: the title's sector alone ("Education Secretary Dana Whitcombe" -> GOV)
            return self._titled(ctx, pstart, j, end, f"{country or ''}{sector}", country, sector, via)
        if country:
            return self._description(ctx, pstart, end, entry, country, sector)
        return None

    def _titled(
        self,
        ctx: _Ctx,
        s: int,
        j: int,
        name_start: int,
        code: str,
        country: str | None,
        sector: str | None,
        via: str,
    ) -> _Mention:
        doc = ctx.doc
        name = doc[name_start:j].text if j > name_start else doc[s:j].text
        ident = (
            f"name:{country or code}:{doc[j - 1].lower_}"
            if j > name_start
            else f"desc:{code}:{doc[j - 1].lower_}"
        )
        return self._make(
            ctx,
            s,
            j,
            j - 1,
            name=name,
            code=code,
            country=country,
            sector=sector,
            kind="person",
            id=ident,
            via=via,
        )

    def _fallback_country(self, ctx: _Ctx, start: int) -> tuple[str | None, str]:
        """Country for a titled name without one: the only country named in the sentence, else the article's."""
        sent = ctx.doc[start].sent
        found = set()
        for i in range(sent.start, sent.end):
            cand = ctx.by_start.get(i)
            if cand is not None:
                e = _pick(cand[2])
                if e.kind in ("state", "metonym", "adjective", "seat") and e.country:
                    found.add(e.country)
        if len(found) == 1:
            return found.pop(), "title+sentence"
        if ctx.context_country:
            return ctx.context_country, "title+context"
        return None, "title-unknown-country"

    def _description(self, ctx: _Ctx, s: int, end: int, entry: Entry, country: str, sector: str) -> _Mention:
        """'the Turkish leader': the Turkish person named before, if any; else a country-level description."""
        desc = Actor(
            text="",
            start=0,
            end=0,
            name=f"{self.lexicon.country_name(country)} {entry.name}",
            code=f"{country}{sector}",
            country=country,
            sector=sector,
            kind="person",
            id=f"desc:{country}:{entry.name}",
            via="description",
        )
        return self._make(
            ctx,
            s,
            end,
            end - 1,
            **{k: v for k, v in desc.to_dict().items() if k not in ("text", "start", "end")},
        )

    # --- organisations, states, adjectives -----------------------------------------------------------------
    def _org(self, ctx: _Ctx, start: int, end: int, entry: Entry, head: int) -> _Mention:
        """An organisation or group, extended over a member noun ('Houthi rebels', 'M23 rebel group')."""
        e = end
        nxt = ctx.by_start.get(end)
        if (
            nxt is not None
            and _pick(nxt[2]).kind == "sector"
            and _pick(nxt[2]).sector in ("REB", "MIL", "GOV", "PTY", "OPP", "UAF", "COP")
            and _name_end(ctx, nxt[1]) == nxt[1]
            and nxt[1] not in ctx.by_start
        ):
            e = nxt[1]  # not "Houthi spokesman Yahya Saree": there the title belongs to the name
        kind = "organisation" if entry.kind == "organisation" else "group"
        code, sector = group_code(entry, ctx.on)
        return self._make(
            ctx,
            start,
            e,
            head,
            name=entry.name,
            code=code,
            country=entry.country,
            sector=sector,
            kind=kind,
            id=entry.id,
            via="lexicon",
        )

    def _state(
        self, ctx: _Ctx, start: int, end: int, entry: Entry, entries: list[Entry], head: int
    ) -> _Mention | None:
        doc = ctx.doc
        tok = doc[head]
        kind = entry.kind
        governed = (
            tok.dep_ == "compound"
            and _sector_of(self.lexicon, tok.head)
            and self._title_after(ctx, end) is None
        )
        if kind == "metonym" and _used_as_place(tok) and not governed:  # not "the Khartoum government"
            return None
        sector = "GOV" if kind == "metonym" else None
        s, e = start, end
        gov = tok.head
        # "Iran's foreign ministry", "the government of Iraq", "Turkey's military"
        if tok.dep_ == "poss" and _sector_of(self.lexicon, gov) and gov.i > tok.i:
            sector = _sector_of(self.lexicon, gov)
            s, e = min(start, _left_edge_mods(gov)), max(end, gov.i + 1)
            head = gov.i
        elif (
            tok.dep_ == "pobj"
            and gov.lower_ == "of"
            and _sector_of(self.lexicon, gov.head)
            and gov.head.i < start
        ):
            sector = _sector_of(self.lexicon, gov.head)
            s = _left_edge_mods(gov.head)
            head = gov.head.i
        elif tok.dep_ in ("compound", "amod", "nmod") and gov.i >= end and _sector_of(self.lexicon, gov):
            sector = _sector_of(self.lexicon, gov)
            e = gov.i + 1
            head = gov.i
        after = end + 1 if end < len(doc) and doc[end].lower_ in ("'s", "’s") else end
        if kind == "state" and self._title_after(ctx, after) is not None:
            return (
                None  # "Uganda's President Museveni", "US President Trump": the title/name absorbs the state
            )
        return self._make(
            ctx,
            s,
            e,
            head,
            name=entry.name,
            code=f"{entry.country}{sector or ''}",
            country=entry.country,
            sector=sector,
            kind="state" if sector is None else "organisation",
            id=entry.id,
            via="metonym" if kind == "metonym" else "lexicon",
        )

    def _title_after(self, ctx: _Ctx, i: int) -> Cand | None:
        cand = ctx.by_start.get(i)
        if cand is not None and _pick(cand[2]).kind in ("title", "person"):
            return cand
        return None

    def _adjective(self, ctx: _Ctx, start: int, end: int, entry: Entry) -> list[_Mention]:
        """Country adjective + sector/title/human noun; coordinated adjectives share the noun."""
        doc = ctx.doc
        i = end
        parties: list[tuple[int, int, Entry]] = [(start, end, entry)]  # "Hungarian and Romanian officials"
        while i < len(doc) and i - end < 6:
            t = doc[i]
            cand = ctx.by_start.get(i)
            if cand is not None:
                k2 = _pick(cand[2])
                if k2.kind in ("person", "organisation", "group"):
                    return []  # the name absorbs this adjective
                if k2.kind == "adjective":
                    parties.append((cand[0], cand[1], k2))
                    i = cand[1]
                    continue
                if len(parties) == 1 and (
                    k2.kind == "title" or ctx.doc[cand[1] - 1].lower_ in SINGULAR_LEADERS
                ):
                    return self._adj_title(ctx, start, cand, entry)
                if k2.kind in ("title", "sector"):
                    return self._adj_noun(ctx, parties, cand[1], k2.sector, "adjective+sector")
                break
            if t.lower_ in HUMAN_NOUNS and t.pos_ in ("NOUN", "PROPN"):
                return self._adj_noun(ctx, parties, i + 1, None, "adjective+noun")
            if t.pos_ in ("NOUN", "PROPN") and t.dep_ not in ("compound", "amod", "nmod"):
                break
            if t.pos_ in ("ADJ", "NOUN", "PROPN", "CCONJ", "ADV", "NUM") or t.text in ("-", ","):
                i += 1
                continue
            break
        tok = doc[end - 1]
        if (
            len(parties) == 1
            and tok.dep_ in ("amod", "compound", "nmod")
            and tok.head.pos_ == "NOUN"
            and tok.head.i >= end
        ):
            # "an Indian proposal", "Israeli air raids": the country itself, on the adjective only
            return [
                self._make(
                    ctx,
                    start,
                    end,
                    start,
                    name=entry.name,
                    code=entry.country or "",
                    country=entry.country,
                    sector=None,
                    kind="state",
                    id=entry.id,
                    via="adjective",
                )
            ]
        return []

    def _adj_title(self, ctx: _Ctx, start: int, cand: Cand, entry: Entry) -> list[_Mention]:
        s2, e2, ents = cand
        title = _pick(ents)
        one = self._title(ctx, s2, e2, title, entry.country, start)
        if one is None:
            return []
        if one.actor.via == "description":
            return [self._corefer_description(ctx, one, title)]
        return [one]

    def _corefer_description(self, ctx: _Ctx, one: _Mention, title: Entry) -> _Mention:
        """Keep the description; the reference pass links it to the earlier person of that country."""
        one.entry = title
        return one

    def _adj_noun(
        self, ctx: _Ctx, parties: list[tuple[int, int, Entry]], noun_end: int, sector: str | None, via: str
    ) -> list[_Mention]:
        out = []
        for n, (a_s, a_e, a_entry) in enumerate(parties):
            last = n == len(parties) - 1
            e = noun_end if last else a_e
            out.append(
                self._make(
                    ctx,
                    a_s,
                    e,
                    e - 1,
                    name=a_entry.name,
                    code=f"{a_entry.country}{sector or ''}",
                    country=a_entry.country,
                    sector=sector,
                    kind="group" if sector else "state",
                    id=a_entry.id,
                    via=via,
                )
            )
        return out

    # --- references ---------------------------------------------------------------------------------------
    def _named(self, ctx: _Ctx) -> set[str]:
        """Countries (and organisation ids) the text names anywhere: states, capitals, adjectives, seats, orgs."""
        named: set[str] = set()
        for _, _, entries in ctx.by_start.values():
            e = _pick(entries)
            if e.kind in ("state", "metonym", "adjective", "seat", "demonym", "group") and e.country:
                named.add(e.country)
            elif e.kind == "organisation":
                named.add(e.id)
        return named

    def _short_names(self, ctx: _Ctx, mentions: list[_Mention]) -> list[_Mention]:
        """Surnames of titled people the lexicon lacks ('Museveni' after 'President Yoweri Museveni')."""
        known: dict[str, _Mention] = {}
        for m in mentions:
            if m.actor.kind == "person" and (m.actor.via or "").startswith("title") and m.entry is None:
                known.setdefault(ctx.doc[m.end - 1].lower_, m)
        if not known:
            return mentions
        covered = {i for m in mentions for i in range(m.start, m.end)}
        extra = []
        for t in ctx.doc:
            first = known.get(t.lower_)
            if t.i in covered or first is None or first.start >= t.i or not t.text[:1].isupper():
                continue
            extra.append(_Mention(t.i, t.i + 1, _moved(first.actor, t, ctx.offset, "short-name"), t.i))
        return mentions + extra

    def _references(self, ctx: _Ctx, mentions: list[_Mention]) -> list[_Mention]:
        doc = ctx.doc
        mentions = [self._link_description(m, mentions) for m in mentions]
        covered = {i for m in mentions for i in range(m.start, m.end)}
        by_start = sorted(mentions, key=lambda m: m.start)
        ordered = [(m.start, k, m) for k, m in enumerate(by_start) if m.actor.code]
        by_end = sorted(ordered, key=lambda item: item[2].end)
        # mentions ended before t, in start order: grown as t advances, not rebuilt for every token
        keyed: list[tuple[int, int, _Mention]] = []
        before: list[_Mention] = []
        extra: list[_Mention] = []
        next_end = 0
        for t in doc:
            while next_end < len(by_end) and by_end[next_end][2].end <= t.i:  # each mention is added once
                item = by_end[next_end]
                next_end += 1
                at = bisect.bisect(keyed, item[:2], key=lambda x: x[:2])
                keyed.insert(at, item)
                before.insert(at, item[2])
            if t.i in covered:
                continue
            new = self._reference_at(ctx, t, before, mentions, covered)
            extra.extend(new)
            covered.update(i for m in new for i in range(m.start, m.end))
        return mentions + extra

    def _link_description(self, m: _Mention, mentions: list[_Mention]) -> _Mention:
        """'the Turkish leader' -> the Turkish person named before (same country, leading sector)."""
        if m.actor.via != "description":
            return m
        for prev in sorted((p for p in mentions if p.end <= m.start), key=lambda p: -p.start):
            a = prev.actor
            if (
                a.kind == "person"
                and a.country == m.actor.country
                and a.sector in LEADER_SECTORS
                and prev.entry is not None
                and prev.entry.kind == "person"
                and (m.entry is None or _same_office(prev, m.entry))
            ):
                actor = replace(a, text=m.actor.text, start=m.actor.start, end=m.actor.end, via="description")
                return _Mention(m.start, m.end, actor, m.head, prev.gender, prev.entry)
        return m

    def _reference_at(
        self, ctx: _Ctx, t: Token, before: list[_Mention], mentions: list[_Mention], covered: set[int]
    ) -> list[_Mention]:
        low = t.lower_
        if low in PERSON_PRONOUNS and t.pos_ == "PRON":
            bound = _clause_subject(t)  # "Erdoğan welcomed him": him is not Erdoğan (nor an earlier Erdoğan)
            ids = {m.actor.id for m in before if bound is not None and m.start <= bound < m.end}
            ref = _last_person([m for m in before if m.actor.id not in ids], PERSON_PRONOUNS[low])
            return (
                [
                    _Mention(
                        t.i, t.i + 1, _moved(ref.actor, t, ctx.offset, "pronoun"), t.i, ref.gender, ref.entry
                    )
                ]
                if ref
                else []
            )
        if low in GROUP_DESCRIPTIONS and t.tag_ == "NNS" and _has_number_det(t):
            return self._group_description(ctx, t, before)
        if low in ALLY_NOUNS:
            return self._ally(ctx, t, before, mentions)
        if t.pos_ not in ("NOUN", "PROPN"):
            return []
        named = self._named_org(ctx, t, covered) or self._ner_name(ctx, t, mentions, covered)
        if named:
            return named
        entries = self.lexicon.phrases.get(low)
        if not entries:
            two = f"{t.doc[t.i - 1].lower_} {low}" if t.i > 0 else ""  # "opposition supporters"
            return self._bare_noun(ctx, t, covered) if _sector_of_phrase(self.lexicon, two) else []
        e = _pick(entries)
        if e.kind == "title" and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "appos"):
            if _det_is_definite(t):
                return self._title_reference(ctx, t, before, e)
            e = next((x for x in entries if x.kind == "sector"), e)  # "a journalist": the sector noun
        if e.kind == "sector":
            return self._context_noun(ctx, t, e) or self._bare_noun(ctx, t, covered)
        return []

    def _title_reference(self, ctx: _Ctx, t: Token, before: list[_Mention], e: Entry) -> list[_Mention]:
        """'the president': the latest earlier person with that office."""
        ref = next(
            (
                m
                for m in reversed(before)
                if m.actor.kind == "person" and m.actor.sector in LEADER_SECTORS and _same_office(m, e)
            ),
            None,
        )
        if ref is None:
            return []
        return [
            _Mention(
                t.i, t.i + 1, _moved(ref.actor, t, ctx.offset, "description"), t.i, ref.gender, ref.entry
            )
        ]

    def _group_description(self, ctx: _Ctx, t: Token, before: list[_Mention]) -> list[_Mention]:
        """'the two nations', 'both leaders': the last two distinct countries."""
        low = t.lower_
        sector = None if low in STATE_DESCRIPTIONS else "GOV"
        out = []
        for m in _last_distinct_countries(before, 2):
            s = _det_i(t)
            kind = "state" if sector is None else "organisation"
            actor = self._country_span(ctx, s, t, m.actor.country or "", sector, kind, "description")
            out.append(_Mention(s, t.i + 1, actor, t.i))
        return out

    def _country_span(
        self, ctx: _Ctx, s: int, t: Token, c: str, sector: str | None, kind: str, via: str
    ) -> Actor:
        """A country (plus sector) actor over the tokens s..t ("the two nations", "police")."""
        return Actor(
            text=ctx.doc[s : t.i + 1].text,
            start=ctx.doc[s].idx + ctx.offset,
            end=t.idx + len(t.text) + ctx.offset,
            name=self.lexicon.country_name(c) or c,
            code=f"{c}{sector or ''}",
            country=c,
            sector=sector,
            kind=kind,
            id=f"country:{c}",
            via=via,
        )

    def _ally(self, ctx: _Ctx, t: Token, before: list[_Mention], mentions: list[_Mention]) -> list[_Mention]:
        """ "Tehran's ally": the latest earlier actor of another country."""
        poss = next((c for c in t.children if c.dep_ == "poss"), None)
        if poss is None:
            return []
        owner = next((m for m in mentions if m.start <= poss.i < m.end), None)
        if owner is None:
            return []
        ally = next(
            (
                m
                for m in reversed(before)
                if m.actor.country and m.actor.country != owner.actor.country and m.end <= owner.start
            ),
            None,
        )
        if ally is None:
            return []
        return [_Mention(t.i, t.i + 1, _moved(ally.actor, t, ctx.offset, "description"), t.i)]

    def _context_noun(self, ctx: _Ctx, t: Token, e: Entry) -> list[_Mention]:
        """Bare state-sector nouns ('police said') take the article's main country, only when it is given, the
        noun is an argument, and nothing (a possessor, an adjective, 'foreign') names another owner."""
        if not ctx.context_country or t.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "conj"):
            return []
        s = t.i - 1 if t.i > 0 and f"{ctx.doc[t.i - 1].lower_} {t.lower_}" in CONTEXT_NOUNS else t.i
        phrase = ctx.doc[s : t.i + 1].text.lower()
        if phrase not in CONTEXT_NOUNS:
            return []
        if any(
            c.dep_ in ("poss", "amod", "compound", "prep")
            and c.lower_ not in ("riot", "security", "local", "the")
            for c in t.children
        ):
            return []
        if s > 0 and ctx.doc[s - 1].lower_ in (
            "foreign",
            "international",
            "its",
            "their",
            "his",
            "her",
            "rebel",
            "opposition",
        ):
            return []
        sector = e.sector
        for se in self.lexicon.phrases.get(phrase, []):
            if se.kind == "sector":
                sector = se.sector
        actor = self._country_span(ctx, s, t, ctx.context_country or "", sector, "group", "context")
        return [_Mention(s, t.i + 1, actor, t.i)]

    # --- generic actors (generic.yaml) ---------------------------------------------------------------------
    def _bare_noun(self, ctx: _Ctx, t: Token, covered: set[int]) -> list[_Mention]:
        """'Protesters blocked …', '14 people', 'Rebel fighters': a sector noun that is an argument and that no
        other rule or mention owns (generic.yaml); the country is the sentence's only one, else the article's
        (``_fallback_country``), else none: the sector alone, as GDELT codes an actor whose country the text
        does not give.  Bare state nouns with a context country were already taken by ``_context_noun``."""
        rules = self.lexicon.generic
        s = _left_start(t, covered)
        phrase = ctx.doc[s : t.i + 1].text.lower()
        two = f"{ctx.doc[t.i - 1].lower_} {t.lower_}" if t.i > s else ""
        sector = _sector_of_phrase(self.lexicon, two)
        if sector is None and t.lower_ not in rules.not_alone:
            sector = _sector_of_phrase(self.lexicon, t.lower_)
        if (
            sector is None
            or sector not in rules.alone
            or t.dep_ not in GENERIC_DEPS
            or two in rules.not_alone
        ):
            return []
        if t.lower_ in rules.counted and (not _counted(t) or _victims(t)):
            return []
        if any(c.dep_ == "poss" for c in t.children) or ctx.doc[s].lower_ in ("its", "their", "his", "her"):
            return []  # an owner the rules did not resolve ("its army")
        if _owned(t, covered):
            return []
        country, via = self._fallback_country(ctx, t.i)
        if any(ctx.doc[i].lower_ in FOREIGN_WORDS for i in range(s, t.i)):
            country, via = None, "sector"  # "foreign forces": not the sentence's or the article's country
        actor = Actor(text=ctx.doc[s : t.i + 1].text, start=ctx.doc[s].idx + ctx.offset,
                      end=t.idx + len(t.text) + ctx.offset, name=phrase, code=f"{country or ''}{sector}",
                      country=country, sector=sector, kind="group", id=f"sector:{country or ''}{sector}",
                      via=via.replace("title", "sector", 1))  # fmt: skip
        return [_Mention(s, t.i + 1, actor, t.i)]

    def _named_org(self, ctx: _Ctx, t: Token, covered: set[int]) -> list[_Mention]:
        """'The Harwood District Court', 'Federal Police', 'Delmont Freight Inc': a capitalised name the lexicon
        lacks whose head word gives the sector (generic.yaml ``org_heads``); the country as for bare nouns."""
        sector = self.lexicon.generic.org_heads.get(t.lower_)
        if sector is None or not t.text[:1].isupper() or t.dep_ in ("compound", "amod"):
            return []
        s, e = _name_extent(t, covered)
        if s > 0 and s - 1 in covered and s <= ctx.doc[s - 1].head.i < e:
            return []  # the name goes on from another mention ("Baghdad University Medical School")
        if e - s < 2 and not (t.ent_type_ == "ORG" and not t.is_sent_start):
            return []  # one capitalised word ("Police said") is a sentence start, not a name
        country, via = self._fallback_country(ctx, t.i)
        span = ctx.doc[s:e]
        actor = Actor(text=span.text, start=span.start_char + ctx.offset, end=span.end_char + ctx.offset,
                      name=span.text, code=f"{country or ''}{sector}", country=country, sector=sector,
                      kind="organisation", id=f"name:{sector}:{span.text.lower()}",
                      via=via.replace("title", "named-org", 1))  # fmt: skip
        return [_Mention(s, e, actor, t.i)]

    # --- unknown named people and organisations (generic.yaml ``ner``) --------------------------------------
    def _ner_name(self, ctx: _Ctx, t: Token, mentions: list[_Mention], covered: set[int]) -> list[_Mention]:
        """'Victoire Ingabire, leader of the X party', 'Papandreou', 'Siemens': a PERSON/ORG entity the rules
        left unresolved that is an argument becomes an actor with what its apposition, premodifiers and
        possessor say (owner code, country, sector), else an empty code (generic.yaml ``ner``)."""
        rules = self.lexicon.generic
        ent = ctx.ents.get(t.i)
        if (
            ent is None
            or covered.intersection(range(ent.start, ent.end))
            or not _ner_argument(ent, rules, covered)
        ):
            return []
        if any(a <= ent.start_char < b for a, b in ctx.datelines):
            return []
        near = _ner_context(ent)
        told = [
            m
            for m in mentions
            if m.actor.code and m.actor.kind != "person" and near.intersection(range(m.start, m.end))
        ]
        owner = next(
            (m.actor for m in told if m.actor.sector or m.actor.kind in ("organisation", "group")), None
        )
        country = next((m.actor.country for m in told if m.actor.country), None)
        sector = rules.org_heads.get(ent[-1].lower_) if ent.label_ == "ORG" else None
        sector = sector or self._ner_sector(ctx.doc, sorted(near - set(covered)))
        code = owner.code if owner else f"{country or ''}{sector or ''}"
        via = "ner+owner" if owner else "ner+appos" if (country or sector) else "ner"
        span = ent[1:] if ent[0].lower_ == "the" else ent
        person = ent.label_ == "PERSON"
        key = span[-1].lower_ if person else span.text.lower()
        actor = Actor(text=ent.text, start=ent.start_char + ctx.offset, end=ent.end_char + ctx.offset,
                      name=span.text, code=code, country=owner.country if owner else country,
                      sector=owner.sector if owner else sector, kind="person" if person else "organisation",
                      id=f"ner:{ent.label_.lower()}:{key}", via=via)  # fmt: skip
        return [_Mention(ent.start, ent.end, actor, ent.root.i)]

    def _ner_sector(self, doc: Doc, near: list[int]) -> str | None:
        """The sector the words around a name give: an organisation head word that is capitalised or the "of"
        object/compound of a member noun ("leader of the X party" PTY, "the Workers' Party leader" PTY), else a
        sector noun or title that is not a member noun ("a Brazilian activist" CVL, "the mayor" GOV)."""
        rules = self.lexicon.generic
        for i in near:
            tok = doc[i]
            up = tok.head.head if tok.head.lower_ == "of" else tok.head
            if tok.lower_ in rules.org_heads and (tok.text[:1].isupper() or up.lower_ in rules.member_nouns):
                return rules.org_heads[tok.lower_]
        for i in near:
            tok = doc[i]
            if tok.pos_ == "NOUN" and tok.lower_ not in rules.member_nouns:
                sector = next((e.sector for e in self.lexicon.phrases.get(tok.lower_, [])
                               if e.kind in ("sector", "title") and e.sector), None)  # fmt: skip
                if sector:
                    return sector
        return None


# --- helpers -------------------------------------------------------------------------------------------------
NER_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "dative", "appos", "poss", "agent"}


def _ner_argument(ent: Span, rules: Any, covered: set[int]) -> bool:
    """A name that can be a party to an event: a capitalised proper noun that is an argument, not the same
    actor as a mention it is in apposition to, not the writer of a credit line or a byline."""
    root = ent.root
    name = ent[1:] if ent[0].lower_ == "the" and len(ent) > 1 else ent  # "the São Paulo Zoo"
    if (
        not name.text[:1].isupper()
        or not any(tok.pos_ == "PROPN" for tok in ent)
        or root.dep_ not in NER_DEPS
    ):
        return False
    if root.dep_ == "appos" and root.head.i in covered:
        return False  # "the president, Joe Smith": the mention already stands for him
    if root.dep_ == "nsubj" and root.head.lemma_.lower() in rules.credit_verbs:
        return False  # "Keith Bradsher contributed reporting"
    prep = root.head if root.dep_ == "pobj" else None
    if prep is not None and (
        prep.lower_ in rules.place_preps or prep.lower_ == "of" and prep.head.lower_ in rules.place_nouns
    ):
        return False  # "a blast near Samarra", "the town of Samarra": a place the NER took for a name
    return not (
        ent.start > 0 and ent.doc[ent.start - 1].lower_ == "by" and ent.doc[ent.start - 1].is_sent_start
    )


def _ner_context(ent: Span) -> set[int]:
    """Token indices that describe a name: its apposition (either way round), its premodifiers outside the
    entity ("rights group X") and its possessor ("Germany's X")."""
    root = ent.root
    inside = set(range(ent.start, ent.end))
    out: set[int] = set()
    for c in root.children:
        if c.i not in inside and (
            c.dep_ in ("appos", "poss", "compound", "amod", "nmod") or c.i < ent.start and c.dep_ != "det"
        ):
            out.update(x.i for x in c.subtree)
    if root.dep_ == "appos":
        head = root.head
        out.add(head.i)
        for c in head.children:
            if c.i != root.i and c.dep_ not in ("punct", "relcl", "acl", "cc", "conj"):
                out.update(x.i for x in c.subtree)
    return out - inside


GENERIC_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "dative", "appos"}
FOREIGN_WORDS = {"foreign", "international", "overseas", "outside", "western", "rebel", "opposition"}


def _sector_of_phrase(lex: Lexicon, phrase: str) -> str | None:
    return (
        next((e.sector for e in lex.phrases.get(phrase, []) if e.kind == "sector"), None) if phrase else None
    )


def _owned(t: Token, covered: set[int]) -> bool:
    """Whether another mention (or a name the rules do not know) owns the noun: a modifier or the head is a
    mention ("Panamanian army officers", "U.N. war crimes court"), a conjunct of one ("Serb civilians and
    prisoners"), a place or actor after a preposition ("students throughout Peru"), or a person/organisation
    name as a modifier ("the Bush administration")."""
    if (
        t.head.i in covered
        and t.dep_ in ("conj", "compound", "appos")
        or t.i + 1 in covered
        and t.dep_ == "compound"
    ):
        return True
    for c in t.children:
        if c.dep_ in ("compound", "amod", "nmod", "poss") and (
            c.i in covered or c.ent_type_ in ("PERSON", "ORG")
        ):
            return True
        if c.dep_ == "prep" and any(o.i in covered for o in c.children):
            return True
    of = t.head
    if (
        t.dep_ == "pobj" and of.lower_ == "of" and of.head.i != of.i
    ):  # "thousands of students throughout Peru"
        return any(c.dep_ == "prep" and any(o.i in covered for o in c.children) for c in of.head.children)
    return False


def _victims(t: Token) -> bool:
    """ "20 people were killed": counted people as the passive subject with no agent are a toll, no actor."""
    head = t.head.head if t.dep_ == "pobj" and t.head.lower_ == "of" else t  # "dozens of people were …"
    return head.dep_ == "nsubjpass" and not any(c.dep_ == "agent" for c in head.head.children)


def _counted(t: Token) -> bool:
    """ "18 people", "dozens of people", "hundreds of thousands of people"."""
    if any(c.dep_ in ("nummod", "quantmod") for c in t.children):
        return True
    of = t.head
    return t.dep_ == "pobj" and of.lower_ == "of" and (of.head.like_num or of.head.lower_ in QUANTITY_WORDS)


QUANTITY_WORDS = {"dozens", "hundreds", "thousands", "millions", "scores", "tens", "number", "group", "groups"}  # fmt: skip


def _left_start(t: Token, covered: set[int]) -> int:
    """The first token of a noun's left modifiers (determiner, numbers, adjectives, compounds), not crossing a
    token another mention holds."""
    s = t.i
    while s > t.left_edge.i and s - 1 not in covered and not t.doc[s - 1].is_punct:
        s -= 1
    return s


def _name_extent(t: Token, covered: set[int]) -> tuple[int, int]:
    """A named organisation around its head word: capitalised modifiers (and their article) before it, "of" +
    capitalised words after it ("the Department of Water Quality")."""
    doc = t.doc
    s = t.i
    while (
        s > 0
        and s - 1 not in covered
        and doc[s - 1].head.i >= s - 1
        and (doc[s - 1].text[:1].isupper() or doc[s - 1].is_digit)
    ):
        s -= 1
    if s > 0 and s - 1 not in covered and doc[s - 1].lower_ == "the" and doc[s - 1].head.i == t.i:
        s -= 1
    e = t.i + 1
    if e + 1 < len(doc) and doc[e].lower_ == "of" and doc[e + 1].text[:1].isupper() and e + 1 not in covered:
        e += 2
        while e < len(doc) and e not in covered and doc[e].text[:1].isupper() and doc[e].head.i >= t.i:
            e += 1
    return s, e


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of datelines opening the text or one of its first lines ("MOSCOW, May 7 (Reuters) -")."""
    return [m.span() for m in DATELINE.finditer(text[:DATELINE_CHARS])]


def _merge_people(raw: list[Cand]) -> list[Cand]:
    """Overlapping matches that share a person ('President Xi' + 'Xi Jinping') become one candidate."""
    out: list[Cand] = []
    for n, (s1, e1, ents1) in enumerate(raw):
        people = [e for e in ents1 if e.kind == "person"]
        if not people:
            continue
        for s2, e2, ents2 in raw[n + 1 :]:
            if s2 >= e1:
                break
            shared = [e for e in people if e in ents2]
            if shared and e2 > e1:
                out.append((s1, e2, shared))
    return out


def _name_end(ctx: _Ctx, i: int) -> int:
    """End of a run of capitalised name tokens the lexicon does not know (at most 4)."""
    doc, j = ctx.doc, i
    while j < len(doc) and j - i < 5:
        tok = doc[j]
        if (
            tok.text[:1].isupper()
            and tok.is_alpha
            and tok.pos_ == "PROPN"
            and j not in ctx.by_start
            and tok.ent_type_ not in ("DATE", "TIME")  # "Governor John Rankin Thursday called …"
        ):
            j += 1
        elif (
            tok.text == "-"
            and j > i
            and j + 1 < len(doc)
            and not doc[j - 1].whitespace_
            and doc[j + 1].is_alpha
        ):
            j += 2
        else:
            break
    if j - i > 4 or (j > i and doc[i].ent_type_ not in ("PERSON", "", "ORG", "NORP")):
        return i
    return j


def _moved(actor: Actor, t: Token, offset: int, via: str) -> Actor:
    return replace(actor, text=t.text, start=t.idx + offset, end=t.idx + len(t.text) + offset, via=via)


def _span_head(doc: Doc, start: int, end: int) -> int:
    return Span(doc, start, end).root.i


def _used_as_place(tok: Token) -> bool:
    """'landed in Ankara' (place) vs 'Ankara denied' (actor), 'flew to Ankara' vs 'a signal to Ankara'."""
    if tok.dep_ == "pobj" and tok.head.lower_ in DIRECTION_PREPS:
        return tok.head.head.lemma_.lower() in MOTION_VERBS or tok.head.head.pos_ not in ("VERB", "NOUN")
    if tok.dep_ == "pobj" and tok.head.lower_ in PLACE_PREPS:
        return True
    if tok.dep_ in ("compound", "npadvmod") and tok.head.pos_ in ("NOUN", "PROPN", "VERB"):
        return tok.head.lower_ not in HUMAN_NOUNS
    if tok.dep_ == "appos" or (
        tok.dep_ == "conj" and tok.head.dep_ == "pobj" and tok.head.head.lower_ in PLACE_PREPS
    ):
        return True
    return tok.dep_ in ("advmod", "npadvmod")


def _sector_of(lex: Lexicon, tok: Token) -> str | None:
    for key in (tok.lower_, tok.lemma_.lower()):
        for e in lex.phrases.get(key, []):
            if e.kind in ("sector", "title"):
                return e.sector or "GOV"
    left = tok.doc[tok.i - 1] if tok.i > 0 else None  # two-word sectors/titles: "foreign ministry"
    if left is not None:
        for e in lex.phrases.get(f"{left.lower_} {tok.lower_}", []):
            if e.kind in ("sector", "title"):
                return e.sector or "GOV"
    return None


def _left_edge_mods(tok: Token) -> int:
    i = tok.i
    while i > 0 and tok.doc[i - 1].dep_ in ("amod", "compound") and tok.doc[i - 1].head.i in (tok.i, i):
        i -= 1
    return i


def _same_office(m: _Mention, title: Entry) -> bool:
    """'the president' refers back to a person whose office (or code sector) fits the title."""
    if m.entry is None or m.entry.kind != "person" or not title.office:
        return m.actor.sector == (title.sector or "GOV")
    word = title.name.lower()
    offices = " ".join(r.office.lower() for r in m.entry.roles)
    return (
        word in offices
        or title.office in offices
        or m.actor.sector == title.sector
        and word in ("leader", "head")
    )


def _supported(doc: Doc, mentions: list[_Mention], named: set[str]) -> list[_Mention]:
    """Support from the text for a lexicon person matched by one word of a longer name ("Putin", "Lipinski"):

    - the word is part of a longer name the lexicon does not have ("John McCain", "Bill Lipinski" when the
      lexicon knows another Lipinski): never that person;
    - in an article (three sentences or more) that never names the person fully (full name, or title +
      surname) nor a country or organisation of the person's roles, but names other countries (a foreign
      context): not that person either.
    A single sentence gives no context ("Erdogan offered condolences to Iran." keeps Erdogan)."""
    full = {
        m.actor.id
        for m in mentions
        if m.entry is not None and m.entry.kind == "person" and m.end - m.start > 1
    }
    parsed = doc.has_annotation("SENT_START") or doc.has_annotation("DEP")
    article = parsed and bool(named - {None}) and sum(1 for s in doc.sents if s.text.strip()) >= 3
    out = []
    for m in mentions:
        e = m.entry
        one_word = e is not None and e.kind == "person" and m.end - m.start == 1 and len(e.name.split()) > 1
        if (
            e is not None
            and one_word
            and not CJK.search(m.actor.text)
            and (
                _other_given_name(doc, m.start)
                or (article and m.actor.id not in full and not named & _person_ties(e))
            )
        ):
            continue
        out.append(m)
    return out


def _other_given_name(doc: Doc, i: int) -> bool:
    """'John McCain': the surname follows a capitalised name word of the same PERSON entity."""
    if i == 0:
        return False
    prev = doc[i - 1]
    return (
        prev.ent_type_ == "PERSON"
        and doc[i].ent_type_ == "PERSON"
        and prev.text[:1].isupper()
        and prev.is_alpha
    )


def _person_ties(e: Entry) -> set[str]:
    """Countries and organisation ids a person's roles tie them to."""
    ties = {r.country for r in e.roles if r.country} | {f"organisation:{r.org}" for r in e.roles if r.org}
    return ties | ({e.country} if e.country else set())


def _clause_subject(t: Token) -> int | None:
    """Token index of the subject of the clause whose object the pronoun is ("X welcomed him", "X spoke to
    her"): a plain (not reflexive) object pronoun never refers to that subject."""
    if t.lower_ not in OBJECT_PRONOUNS or t.dep_ not in OBJECT_DEPS:
        return None
    verb = t.head.head if t.dep_ == "pobj" else t.head
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj.i if subj is not None else None


def _last_person(before: Sequence[_Mention], gender: str) -> _Mention | None:
    for m in reversed(before):
        if m.actor.kind == "person" and m.gender in (None, gender) and m.actor.code:
            return m
    return None


def _has_number_det(tok: Token) -> bool:
    return any(c.lower_ in NUMBER_DETS for c in tok.children) or (
        tok.i > 0 and tok.doc[tok.i - 1].lower_ in NUMBER_DETS
    )


def _det_i(tok: Token) -> int:
    i = tok.i
    while i > 0 and tok.doc[i - 1].lower_ in ("the", *NUMBER_DETS):
        i -= 1
    return i


def _det_is_definite(tok: Token) -> bool:
    return any(c.lower_ in ("the", "this", "that") for c in tok.children)


def _last_distinct_countries(before: Sequence[_Mention], n: int) -> list[_Mention]:
    seen: dict[str, _Mention] = {}
    for m in reversed(before):
        c = m.actor.country
        if c and c not in seen:
            seen[c] = m
        if len(seen) == n:
            break
    return list(seen.values())[::-1] if len(seen) == n else []


def is_actor(actor: Actor) -> bool:
    """Whether a resolved mention is an actor for the later stages: it has a code, or it is a named person or
    organisation the text gives no code for (``via`` ner: the code is empty, as GDELT leaves it blank)."""
    return bool(actor.code) or (actor.via or "").startswith("ner")


def main_country(actors: Sequence[Actor]) -> str | None:
    """The country most often named in a set of actor mentions (used as context for bare sector nouns)."""
    counts = Counter(a.country for a in actors if a.country)
    return counts.most_common(1)[0][0] if counts else None
