"""Actor recognition and resolution.

``ActorFinder(nlp.vocab, lexicon).find(doc, on=date, offset=...)`` returns the actor mentions of a parsed Doc:

1. one PhraseMatcher over every lexicon phrase (names, aliases, adjectives, demonyms, capitals, seats, titles,
   sector nouns) finds candidate spans (longest match wins);
2. each candidate is resolved in context: title + name ("Brazilian President Luiz Inácio Lula da Silva"), country
   adjective + sector noun ("Syrian mercenaries"), possessive and "of" constructions ("Iran's foreign minister",
   "the government of Iraq"), capitals as actors vs places ("Ankara denied" vs "landed in Ankara"), people's roles
   at the article date (a former leader is ELI, not GOV);
3. references are resolved to earlier actors: short names of people first seen with a title, pronouns
   (he/she/his/her), definite descriptions ("the Turkish leader", "the president", "the two nations",
   "Tehran's ally").

Every Actor carries ``via`` saying which rule produced it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from newsgraph.lexicon import Entry, Lexicon, normalise
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
    "administration", "judiciary", "lawmakers", "legislature", "policemen", "navy", "air force",
}  # fmt: skip
HUMAN_NOUNS = {
    "side", "delegation", "team", "counterpart", "counterparts", "leader", "leaders", "national", "nationals",
    "citizen", "citizens", "man", "men", "woman", "women", "people", "detainee", "detainees", "prisoner",
    "prisoners", "hostage", "hostages", "worker", "workers", "doctor", "doctors", "student", "students",
    "negotiator", "negotiators", "representative", "representatives", "mediator", "mediators", "hacker",
    "hackers", "settler", "settlers", "pilot", "pilots", "crew", "sailor", "sailors", "fisherman", "fishermen",
    "peacekeeper", "peacekeepers", "observer", "observers", "monitor", "monitors", "warship", "warships",
    "vessel", "vessels", "ship", "ships", "jet", "jets", "warplane", "warplanes", "drone", "drones", "tank",
    "tanks", "helicopter", "helicopters", "aircraft", "submarine", "submarines", "embassy", "consulate",
    "agency", "ministry", "spokesman", "spokeswoman", "spokesperson", "source", "sources", "unit", "units",
    "battalion", "brigade", "division", "convoy", "patrol", "patrols", "guard", "guards", "camp", "village",
    "town", "towns", "villages", "city", "cities", "territory", "positions", "position", "base", "bases",
}  # fmt: skip
SINGULAR_LEADERS = {"leader", "president", "premier", "monarch", "ruler", "strongman", "chief", "head"}
PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
ALLY_NOUNS = {"ally", "allies", "partner", "partners", "neighbour", "neighbor", "neighbours", "neighbors",
              "rival", "rivals", "adversary", "foe", "enemy", "backer", "backers", "patron", "friend"}  # fmt: skip
GROUP_DESCRIPTIONS = {"nation", "nations", "country", "countries", "side", "sides", "leader", "leaders",
                      "government", "governments", "state", "states", "capital", "capitals", "neighbour",
                      "neighbours", "neighbor", "neighbors", "president", "presidents", "minister", "ministers"}  # fmt: skip
KIND_PRIORITY = ["person", "organisation", "group", "seat", "state", "metonym", "adjective", "demonym", "title", "sector"]
LEADER_SECTORS = {"GOV", "MIL", "LEG", "JUD"}


@dataclass
class _Mention:
    start: int  # token indices in the doc
    end: int
    actor: Actor
    head: int  # token index that stands for the mention in the parse
    gender: str | None = None
    entry: Entry | None = None


def _pick(entries: Sequence[Entry]) -> Entry:
    return min(entries, key=lambda e: KIND_PRIORITY.index(e.kind) if e.kind in KIND_PRIORITY else 99)


def person_code(entry: Entry, on: date | None) -> tuple[str, str | None, str | None, str]:
    """(code, country, sector, office) of a person at a date; former officials are ELI."""
    roles = sorted(entry.roles, key=lambda r: r.start or date.min)
    role = None
    if on is not None:
        active = [r for r in roles if r.active(on)]
        role = _best_role(active)
        if role is None:
            past = [r for r in roles if r.end is not None and r.end <= on]
            country = (past[-1].country if past else None) or entry.country
            if past:
                return (f"{country}ELI" if country else "ELI", country, "ELI", "former " + past[-1].office)
            return (country or "", country, None, "")
    elif roles:
        role = _best_role([r for r in roles if r.end is None]) or roles[-1]
    if role is None:
        return (entry.country or "", entry.country, None, "")
    if role.org and not role.country:
        return ("IGO", None, None, role.office)
    country = role.country or entry.country
    sector = role.sector
    return (f"{country or ''}{sector or ''}", country, sector, role.office)


def _best_role(roles: Sequence[object]) -> object | None:
    order = ("president", "king", "queen", "emir", "supreme leader", "prime minister", "chancellor")
    best = None
    for r in roles:
        office = getattr(r, "office", "").lower()
        rank = next((i for i, o in enumerate(order) if o in office), len(order))
        if best is None or rank < best[0]:
            best = (rank, r)
    return best[1] if best else None


class ActorFinder:
    """Find and resolve actors in a parsed Doc (see module docstring)."""

    def __init__(self, vocab: Vocab, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        self._keys: dict[int, str] = {}
        tokenizer_doc = Doc  # patterns are built from whitespace tokenisation of the key, see _pattern
        del tokenizer_doc
        self._vocab = vocab
        self._by_end: dict[int, tuple[int, int, list[Entry]]] = {}

    def build(self, make_doc) -> ActorFinder:  # type: ignore[no-untyped-def]
        """Add every lexicon phrase to the matcher using the pipeline's tokenizer."""
        for key in self.lexicon.phrases:
            match_id = self._vocab.strings.add(key)
            self._keys[match_id] = key
            self.matcher.add(key, [make_doc(key)])
        return self

    # --- candidate spans -------------------------------------------------------------------------------
    def candidates(self, doc: Doc) -> list[tuple[int, int, list[Entry]]]:
        spans = []
        for match_id, start, end in self.matcher(doc):
            spans.append((start, end, match_id))
        spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
        taken = [False] * len(doc)
        out = []
        for start, end, match_id in spans:
            if any(taken[start:end]):
                continue
            entries = self.lexicon.phrases.get(self._keys[match_id], [])
            # lower-case common words (e.g. "china" the material, "turkey" the bird) need a capital letter
            if entries and not doc[start].text[:1].isupper() and _pick(entries).kind in {"state", "person", "metonym", "group", "organisation", "adjective", "demonym"}:
                if not doc[start].is_upper and doc[start].text.lower() not in {"u.s.", "u.n."}:
                    continue
            for i in range(start, end):
                taken[i] = True
            out.append((start, end, entries))
        out.sort()
        return out

    # --- resolution -------------------------------------------------------------------------------------
    def find(self, doc: Doc, *, on: date | None = None, offset: int = 0, context_country: str | None = None) -> list[Actor]:
        return [m.actor for m in self.mentions(doc, on=on, offset=offset, context_country=context_country)]

    def mentions(
        self, doc: Doc, *, on: date | None = None, offset: int = 0, context_country: str | None = None
    ) -> list[_Mention]:
        cands = self.candidates(doc)
        by_start = {s: (s, e, ents) for s, e, ents in cands}
        self._by_end = {e: (s, e, ents) for s, e, ents in cands}
        used: set[int] = set()
        mentions: list[_Mention] = []
        for start, end, entries in cands:
            if start in used:
                continue
            m = self._resolve(doc, start, end, entries, by_start, used, on, offset)
            for one in m if isinstance(m, list) else [m] if m is not None else []:
                mentions.append(one)
                used.update(range(one.start, one.end))
        mentions.sort(key=lambda m: (m.start, m.end))
        mentions = self._short_names(doc, mentions, on, offset)
        mentions = self._references(doc, mentions, on, offset, context_country)
        mentions.sort(key=lambda m: (m.start, m.end))
        return mentions

    def _make(self, doc: Doc, start: int, end: int, head: int, offset: int, **kw: object) -> _Mention:
        span = doc[start:end]
        gender = kw.pop("gender", None)
        entry = kw.pop("entry", None)
        actor = Actor(text=span.text, start=span.start_char + offset, end=span.end_char + offset, **kw)  # type: ignore[arg-type]
        return _Mention(start, end, actor, head, gender=gender, entry=entry)  # type: ignore[arg-type]

    def _resolve(self, doc, start, end, entries, by_start, used, on, offset):  # type: ignore[no-untyped-def]
        entry = _pick(entries)
        kind = entry.kind
        head = _span_head(doc, start, end)
        if kind == "person":
            return self._person(doc, start, end, entry, on, offset, head)
        if kind in ("organisation", "group"):
            org_kind = "organisation" if kind == "organisation" else "group"
            code = entry.code or "IGO"
            return self._make(doc, start, end, head, offset, name=entry.name, code=code, country=entry.country,
                              sector=entry.sector, kind=org_kind, id=entry.id, via="lexicon")
        if kind == "seat":
            return self._make(doc, start, end, head, offset, name=entry.name, code=f"{entry.country}{entry.sector or ''}",
                              country=entry.country, sector=entry.sector, kind="organisation", id=entry.id, via="seat")
        if kind == "state" or kind == "metonym":
            return self._state(doc, start, end, entry, entries, kind, offset, head)
        if kind == "adjective":
            return self._adjective(doc, start, end, entry, by_start, used, on, offset)
        if kind == "demonym":
            return self._make(doc, start, end, head, offset, name=entry.name, code=f"{entry.country}CVL",
                              country=entry.country, sector="CVL", kind="group", id=entry.id, via="demonym")
        if kind == "title":
            return self._title(doc, start, end, entry, by_start, used, on, offset)
        return None  # bare sector nouns are resolved by _references

    def _person(self, doc, start, end, entry, on, offset, head):  # type: ignore[no-untyped-def]
        code, country, sector, office = person_code(entry, on)
        if not code:
            return None
        # absorb titles and country adjectives right before the name ("Brazilian President Lula")
        s = start
        while s in self._by_end and _pick(self._by_end[s][2]).kind in {"title", "adjective"}:
            s = self._by_end[s][0]
        kind = "person"
        return self._make(doc, s, end, head, offset, name=entry.name, code=code, country=country, sector=sector,
                          kind=kind, id=entry.id, via="lexicon" if s == start else "title", gender=entry.gender,
                          entry=entry)

    def _kind_at(self, doc: Doc, i: int) -> str | None:
        entries = self.lexicon.phrases.get(normalise(doc[i].text))
        if not entries:
            return None
        return _pick(entries).kind

    def _state(self, doc, start, end, entry, entries, kind, offset, head):  # type: ignore[no-untyped-def]
        tok = doc[head]
        country = entry.country
        if kind == "metonym" and _used_as_place(tok):
            state_entries = [e for e in entries if e.kind == "state"]
            if not state_entries:
                return None
        sector = "GOV" if kind == "metonym" else None
        s, e = start, end
        # "Iran's foreign ministry", "the government of Iraq", "Turkey's military"
        gov = tok.head
        if tok.dep_ == "poss" and _sector_of(self.lexicon, gov):
            sector = _sector_of(self.lexicon, gov)
            s, e = min(start, _left_edge_mods(gov)), max(end, gov.i + 1)
            head = gov.i
        elif tok.dep_ == "pobj" and gov.lower_ == "of" and _sector_of(self.lexicon, gov.head) and gov.head.i < start:
            sector = _sector_of(self.lexicon, gov.head)
            s = _left_edge_mods(gov.head)
            head = gov.head.i
        elif tok.dep_ in ("compound", "amod") and _sector_of(self.lexicon, gov) and gov.i >= end:
            sector = _sector_of(self.lexicon, gov)
            e = gov.i + 1
            head = gov.i
        code = f"{country}{sector or ''}"
        return self._make(doc, s, e, head, offset, name=entry.name, code=code, country=country, sector=sector,
                          kind="state" if sector is None else "organisation", id=entry.id,
                          via="metonym" if kind == "metonym" else "lexicon")

    def _adjective(self, doc, start, end, entry, by_start, used, on, offset):  # type: ignore[no-untyped-def]
        """Country adjective + sector/title/human noun; coordinated adjectives share the noun."""
        i = end
        coord: list[tuple[int, int, Entry]] = []  # "Hungarian and Romanian officials"
        while i < len(doc) and i - end < 6:
            t = doc[i]
            kind = self._kind_at(doc, i) if i in by_start else None
            if i in by_start:
                s2, e2, ents2 = by_start[i]
                k2 = _pick(ents2).kind
                if k2 == "person":
                    return None  # the person absorbs this adjective
                if k2 == "adjective":
                    coord.append((s2, e2, _pick(ents2)))
                    i = e2
                    continue
                if k2 in ("title", "sector"):
                    sector = _pick(ents2).sector
                    if k2 == "title":
                        return self._title(doc, s2, e2, _pick(ents2), by_start, used, on, offset, country=entry.country, adj_start=start)
                    parties = [(start, end, entry), *coord]
                    out = []
                    for n, (a_s, a_e, a_entry) in enumerate(parties):
                        last = n == len(parties) - 1
                        person_like = _pick(ents2).name.lower() in SINGULAR_LEADERS
                        out.append(self._make(doc, a_s if not (n == 0 and last) else start, e2 if last else a_e,
                                              e2 - 1, offset, name=a_entry.name,
                                              code=f"{a_entry.country}{sector or ''}", country=a_entry.country,
                                              sector=sector, kind="person" if person_like else "group",
                                              id=a_entry.id, via="adjective+sector"))
                    return out
                if k2 in ("organisation", "group"):
                    return None
            if t.pos_ in ("ADJ", "NOUN", "PROPN", "CCONJ", "PUNCT", "NUM", "ADV") and kind is None:
                if t.pos_ in ("NOUN", "PROPN") and t.lower_ in HUMAN_NOUNS:
                    return self._make(doc, start, i + 1, i, offset, name=entry.name, code=f"{entry.country}",
                                      country=entry.country, sector=None, kind="group", id=entry.id, via="adjective+noun")
                if t.pos_ in ("NOUN", "PROPN") and t.dep_ not in ("compound", "amod", "nmod"):
                    break
                if t.pos_ == "PUNCT" and t.text not in ("-", ","):
                    break
                i += 1
                continue
            break
        return None

    def _title(self, doc, start, end, entry, by_start, used, on, offset, country=None, adj_start=None):  # type: ignore[no-untyped-def]
        """A title: before a name ("President Yoweri Museveni") or as a description ("the Turkish president")."""
        s = adj_start if adj_start is not None else start
        if end in by_start and _pick(by_start[end][2]).kind in ("person", "title"):
            return None  # the name (or the longer title) that follows absorbs this title
        # a person in the lexicon right after the title absorbs it (handled in _person); a name the lexicon lacks:
        j = end
        while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].ent_type_ in ("PERSON", "") and j not in by_start:
            j += 1
        if country is None:
            country = _country_before_title(self, doc, start)
        if j > end and j - end <= 4:
            if j in by_start and _pick(by_start[j][2]).kind == "person":
                return None
            sector = entry.sector or "GOV"
            code = f"{country}{sector}" if country else ""
            if not code:
                name = doc[end:j].text
                return self._make(doc, s, j, j - 1, offset, name=name, code="", country=None, sector=sector,
                                  kind="person", id=f"name:{doc[j - 1].lower_}", via="title-unknown-country")
            return self._make(doc, s, j, j - 1, offset, name=doc[end:j].text, code=code, country=country,
                              sector=sector, kind="person", id=f"name:{country}:{doc[j - 1].lower_}", via="title+name")
        if country:
            sector = entry.sector or "GOV"
            return self._make(doc, s, end, end - 1, offset, name=f"{self.lexicon.country_name(country)} {entry.name}",
                              code=f"{country}{sector}", country=country, sector=sector, kind="person",
                              id=f"desc:{country}:{entry.name}", via="description")
        return None

    # --- references ---------------------------------------------------------------------------------------
    def _short_names(self, doc: Doc, mentions: list[_Mention], on, offset) -> list[_Mention]:  # type: ignore[no-untyped-def]
        """Surnames of people first seen as 'Title Firstname Lastname' that the lexicon lacks."""
        known: dict[str, _Mention] = {}
        for m in mentions:
            if m.actor.kind == "person" and m.actor.via in ("title+name", "title-unknown-country"):
                known[doc[m.end - 1].lower_] = m
        if not known:
            return mentions
        covered = {i for m in mentions for i in range(m.start, m.end)}
        extra = []
        for t in doc:
            if t.i in covered or t.pos_ != "PROPN" or t.lower_ not in known:
                continue
            first = known[t.lower_]
            if first.start >= t.i:
                continue
            extra.append(_Mention(t.i, t.i + 1, replace(first.actor, text=t.text, start=t.idx + offset,
                                                        end=t.idx + len(t.text) + offset, via="short-name"), t.i))
        return mentions + extra

    def _references(self, doc, mentions, on, offset, context_country):  # type: ignore[no-untyped-def]
        covered = {i for m in mentions for i in range(m.start, m.end)}
        ordered = sorted(mentions, key=lambda m: m.start)
        extra: list[_Mention] = []
        for t in doc:
            if t.i in covered:
                continue
            low = t.lower_
            before = [m for m in ordered if m.end <= t.i and m.actor.code]
            if low in PERSON_PRONOUNS and t.pos_ == "PRON":
                ref = _last_person(before, PERSON_PRONOUNS[low], t)
                if ref is not None:
                    extra.append(_Mention(t.i, t.i + 1, replace(ref.actor, text=t.text, start=t.idx + offset,
                                                                end=t.idx + len(t.text) + offset, via="pronoun"), t.i, ref.gender))
                continue
            entries = self.lexicon.phrases.get(normalise(t.text)) if t.pos_ in ("NOUN", "PROPN") else None
            if low in GROUP_DESCRIPTIONS and t.tag_ in ("NNS",) and _has_number_det(t):
                states = _last_distinct_countries(before, 2)
                sector = None if low in ("nations", "countries", "states", "sides", "neighbours", "neighbors", "capitals") else "GOV"
                for m in states:
                    c = m.actor.country or ""
                    extra.append(_Mention(t.i, t.i + 1, Actor(
                        text=_det_text(t), start=_det_start(t) + offset, end=t.idx + len(t.text) + offset,
                        name=self.lexicon.country_name(c) or c, code=f"{c}{sector or ''}", country=c, sector=sector,
                        kind="state" if sector is None else "organisation", id=f"country:{c}", via="description"), t.i))
                continue
            if low in ALLY_NOUNS and any(c.dep_ == "poss" for c in t.children):
                poss = next(c for c in t.children if c.dep_ == "poss")
                owner = next((m for m in mentions if m.start <= poss.i < m.end), None)
                if owner is not None:
                    ally = next((m for m in reversed(before) if m.actor.country and m.actor.country != owner.actor.country and m.end <= owner.start), None)
                    if ally is not None:
                        extra.append(_Mention(t.i, t.i + 1, replace(ally.actor, text=t.text, start=t.idx + offset,
                                                                    end=t.idx + len(t.text) + offset, via="description"), t.i))
                continue
            if entries:
                e = _pick(entries)
                if e.kind == "title" and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "appos"):
                    ref = next((m for m in reversed(before) if m.actor.kind == "person" and m.actor.sector in LEADER_SECTORS), None)
                    if ref is not None and _det_is_definite(t):
                        extra.append(_Mention(t.i, t.i + 1, replace(ref.actor, text=t.text, start=t.idx + offset,
                                                                    end=t.idx + len(t.text) + offset, via="description"), t.i, ref.gender))
                elif (e.kind == "sector" and context_country and low in CONTEXT_NOUNS
                      and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj")
                      and not any(c.dep_ in ("poss", "amod", "compound") and c.pos_ in ("PROPN",) for c in t.children)):
                    code = f"{context_country}{e.sector or ''}"
                    extra.append(_Mention(t.i, t.i + 1, Actor(text=t.text, start=t.idx + offset, end=t.idx + len(t.text) + offset,
                                                              name=self.lexicon.country_name(context_country) or context_country,
                                                              code=code, country=context_country, sector=e.sector,
                                                              kind="group", id=f"country:{context_country}", via="context"), t.i))
        return mentions + extra


# --- parse helpers -----------------------------------------------------------------------------------------
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
    if tok.dep_ == "appos" or (tok.dep_ == "conj" and tok.head.dep_ == "pobj" and tok.head.head.lower_ in PLACE_PREPS):
        return True
    return tok.dep_ in ("advmod", "npadvmod")


def _sector_of(lex: Lexicon, tok: Token) -> str | None:
    for key in (tok.lower_, tok.lemma_.lower()):
        for e in lex.phrases.get(key, []):
            if e.kind in ("sector", "title"):
                return e.sector or "GOV"
    # two-word sectors/titles: "foreign ministry", "armed forces"
    left = tok.doc[tok.i - 1] if tok.i > 0 else None
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


def _country_before_title(finder: ActorFinder, doc: Doc, start: int) -> str | None:
    """'Uganda's President', 'Gambian President', 'the Turkish foreign minister'."""
    i = start - 1
    if i >= 1 and doc[i].lower_ in ("'s", "’s"):
        i -= 1
    while i >= 0 and doc[i].pos_ == "ADJ" and finder._kind_at(doc, i) is None:
        i -= 1
    if i < 0:
        return None
    for e in finder.lexicon.phrases.get(normalise(doc[i].text), []):
        if e.kind in ("adjective", "state", "metonym") and e.country:
            return e.country
    if i >= 1:
        for e in finder.lexicon.phrases.get(normalise(doc[i - 1 : i + 1].text), []):
            if e.kind in ("adjective", "state") and e.country:
                return e.country
    return None


def _last_person(before: Sequence[_Mention], gender: str, tok: Token) -> _Mention | None:
    for m in reversed(before):
        if m.actor.kind == "person" and (m.gender in (None, gender)) and m.actor.code:
            return m
    return None


def _has_number_det(tok: Token) -> bool:
    return any(c.lower_ in ("two", "both", "three") for c in tok.children) or (
        tok.i > 0 and tok.doc[tok.i - 1].lower_ in ("two", "both")
    )


def _det_text(tok: Token) -> str:
    return tok.doc[_det_i(tok) : tok.i + 1].text


def _det_start(tok: Token) -> int:
    return int(tok.doc[_det_i(tok)].idx)


def _det_i(tok: Token) -> int:
    i = tok.i
    while i > 0 and tok.doc[i - 1].lower_ in ("the", "two", "both", "three"):
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


def main_country(actors: Sequence[Actor]) -> str | None:
    """The country most often named in a set of actor mentions (used as context for bare sector nouns)."""
    counts = Counter(a.country for a in actors if a.country)
    return counts.most_common(1)[0][0] if counts else None
