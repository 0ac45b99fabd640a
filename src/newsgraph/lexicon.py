"""The actor lexicon: load the YAML data files (and a user dictionary) into phrase tables.

Files (schema in docs/lexicon.md): data/actors/countries.yaml, organisations.yaml, groups.yaml, people.yaml,
sectors.yaml, titles.yaml.  Everything becomes a :class:`Entry` keyed by a lower-cased phrase; the actor stage
feeds the phrases to one spaCy PhraseMatcher (token-level, no per-entry Python loop at match time).
"""

from __future__ import annotations

import csv
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from newsgraph.errors import ConfigError

LEXICON_VERSION = "actors.v2"

try:  # the C loader is ~10x faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


@dataclass(frozen=True)
class Role:
    office: str
    country: str | None
    sector: str | None
    start: date | None
    end: date | None
    org: str | None = None
    org_code: str | None = None  # IGO + the organisation's group (IGOUNO) for international offices

    def active(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)


@dataclass(frozen=True)
class Entry:
    """One thing a phrase can mean.

    kind: state | adjective | demonym | metonym | seat | organisation | group | person | sector | title
    """

    kind: str
    id: str
    name: str
    country: str | None = None
    sector: str | None = None
    code: str | None = None  # fixed code for non-state actors (IGO, NGO, ...)
    gender: str | None = None
    roles: tuple[Role, ...] = ()
    office: str | None = None


@dataclass(frozen=True)
class GenericRules:
    """generic.yaml: which bare sector nouns are actors on their own, and the head words of named organisations
    the lexicon lacks (docs/actors.md, "Generic actors")."""

    alone: frozenset[str] = frozenset()  # sectors a bare noun may stand for without a country
    not_alone: frozenset[str] = frozenset()  # sector nouns too vague to be an actor alone
    counted: frozenset[str] = frozenset()  # nouns that are an actor alone only with a number ("18 people")
    org_heads: dict[str, str] = field(default_factory=dict)  # "court" -> JUD
    ner_labels: frozenset[str] = frozenset()  # spaCy entity labels read as unknown actors (PERSON, ORG)
    credit_verbs: frozenset[str] = frozenset()  # "X contributed reporting": X is a writer
    member_nouns: frozenset[str] = frozenset()  # "X, leader of the Y party": the sector of Y
    place_nouns: frozenset[str] = frozenset()  # "the town of X": X is a place
    place_preps: frozenset[str] = frozenset()  # "near X": X is a place
    examples: tuple[dict[str, str], ...] = ()


@dataclass
class Lexicon:
    """Phrase tables.  ``phrases`` maps a lower-cased key to its entries; ``forms`` keeps, per key, the surface
    forms as written (capitals kept) and the entries each form stands for, so that the matcher can apply the
    case rules of docs/actors.md (``US``/``ICE`` exact, ``Turkey`` capitalised, ``police`` any case)."""

    phrases: dict[str, list[Entry]] = field(default_factory=lambda: defaultdict(list))
    forms: dict[str, dict[str, list[Entry]]] = field(default_factory=lambda: defaultdict(dict))
    countries: dict[str, dict[str, Any]] = field(default_factory=dict)
    fips: dict[str, str] = field(default_factory=dict)
    iso2: dict[str, str] = field(default_factory=dict)
    ambiguous: dict[str, list[str]] = field(
        default_factory=dict
    )  # key -> alternative codes (first = default)
    org_groups: dict[str, str] = field(
        default_factory=dict
    )  # organisation id -> CAMEO group code (un -> UNO)
    by_id: dict[str, Entry] = field(default_factory=dict)  # lexicon id -> its main entry (state, person, ...)
    languages: dict[str, dict[str, tuple[str, ...]]] = field(
        default_factory=lambda: defaultdict(dict)
    )  # key -> {form: languages} for names from intl.yaml
    generic: GenericRules = field(default_factory=lambda: GenericRules())
    exact: set[str] = field(
        default_factory=set
    )  # forms matched only as written (``exact_forms`` in the yaml)
    version: str = LEXICON_VERSION

    def add(self, phrase: str, entry: Entry, *, first: bool = False) -> None:
        key = normalise(phrase)
        if not key:
            return
        cased = cased_form(phrase)
        entries = self.phrases[key]
        if entry not in entries:
            if first:
                entries.insert(0, entry)
            else:
                entries.append(entry)
        by_form = self.forms[key].setdefault(cased, [])
        if entry not in by_form:
            by_form.insert(0, entry) if first else by_form.append(entry)

    def get(self, phrase: str) -> list[Entry]:
        return self.phrases.get(normalise(phrase), [])

    def country_name(self, code: str | None) -> str | None:
        if code is None:
            return None
        info = self.countries.get(code)
        return str(info["name"]) if info else code

    def stats(self) -> dict[str, int]:
        kinds: dict[str, int] = defaultdict(int)
        for entries in self.phrases.values():
            for e in entries:
                kinds[e.kind] += 1
        return dict(kinds)


def normalise(phrase: str) -> str:
    """Lower-case, NFC, straight apostrophes, collapsed spaces; keeps accents (both spellings are listed)."""
    phrase = unicodedata.normalize("NFC", phrase).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(phrase.lower().split())


def cased_form(phrase: str) -> str:
    """Like :func:`normalise` but keeps the capitals (the form as written)."""
    phrase = unicodedata.normalize("NFC", phrase).replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(phrase.split())


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _read_yaml(name: str) -> Any:
    res = resources.files("newsgraph.data").joinpath("actors").joinpath(name)
    if not res.is_file():
        return None
    return yaml.load(res.read_text(encoding="utf-8"), Loader=_Loader)


def _date(value: Any) -> date | None:
    if value in (None, "", "null"):
        return None
    if isinstance(value, date):
        return value
    text = str(value)
    if len(text) == 4:
        text += "-01-01"
    elif len(text) == 7:
        text += "-01"
    return date.fromisoformat(text)


def _variants(phrase: str) -> Iterator[str]:
    yield phrase
    plain = strip_accents(phrase)
    if plain != phrase:
        yield plain
    if phrase.lower().startswith("the "):
        yield phrase[4:]


def _add_all(lex: Lexicon, phrases: Iterable[str], entry: Entry, *, first: bool = False) -> None:
    for p in phrases:
        if p:
            for v in _variants(str(p)):
                lex.add(v, entry, first=first)


def _load_countries(lex: Lexicon) -> None:
    for c in _read_yaml("countries.yaml") or []:
        if isinstance(c, dict) and isinstance(c.get("ambiguous"), list):
            for item in c["ambiguous"]:
                if isinstance(item, dict) and item.get("text"):
                    lex.ambiguous[normalise(str(item["text"]))] = [str(x) for x in item.get("codes") or []]
            continue
        if not isinstance(c, dict) or "code" not in c:
            continue
        code = c["code"]
        lex.countries[code] = c
        if c.get("fips"):
            lex.fips[code] = str(c["fips"])
        if c.get("iso2"):
            lex.iso2[code] = str(c["iso2"])
        name = str(c.get("name") or code)
        state = Entry("state", f"country:{code}", name, country=code)
        lex.by_id[state.id] = state
        _add_all(lex, [name, *(c.get("names") or [])], state)
        _add_all(lex, c.get("adjectives") or [], Entry("adjective", f"country:{code}", name, country=code))
        _add_all(
            lex,
            c.get("demonyms") or [],
            Entry("demonym", f"country:{code}", name, country=code, sector="CVL"),
        )
        metonyms = list(c.get("metonyms") or [])
        if c.get("capital"):
            metonyms.append(c["capital"])
        _add_all(lex, metonyms, Entry("metonym", f"country:{code}", name, country=code, sector="GOV"))
        for seat in c.get("seats") or []:
            if isinstance(seat, dict) and seat.get("text"):
                entry = Entry(
                    "seat",
                    f"seat:{code}:{seat['text']}",
                    seat["text"],
                    country=code,
                    sector=seat.get("sector"),
                )
                lex.by_id[entry.id] = entry
                _add_all(lex, [seat["text"]], entry)


def _load_orgs(lex: Lexicon, name: str, default_kind: str) -> None:
    for o in _read_yaml(name) or []:
        if not isinstance(o, dict) or not o.get("name"):
            continue
        country = o.get("country")
        sector = o.get("sector")
        code = org_code(o)
        if o.get("id") and o.get("group"):
            lex.org_groups[str(o["id"])] = str(o["group"])
        lex.exact.update(cased_form(str(f)) for f in o.get("exact_forms") or [])  # CARE, not "Care must…"
        entry = Entry(
            "organisation" if default_kind == "organisation" else "group",
            f"{default_kind}:{o.get('id', o['name'])}",
            o["name"],
            country=country,
            sector=sector,
            code=code,
            roles=_group_roles(o),
        )
        lex.by_id[entry.id] = entry
        _add_all(
            lex,
            [o["name"], *(o.get("names") or []), *(o.get("members") or []), *(o.get("metonyms") or [])],
            entry,
        )


def _group_roles(o: dict[str, Any]) -> tuple[Role, ...]:
    """Dated roles of a group ("the Taliban govern Afghanistan from 2021-08-15"): sector and dates."""
    return tuple(
        Role(
            office=str(r.get("office", "")),
            country=r.get("country") or o.get("country"),
            sector=r.get("sector"),
            start=_date(r.get("start")),
            end=_date(r.get("end")),
        )
        for r in o.get("roles") or []
        if isinstance(r, dict)
    )


def org_code(o: dict[str, Any]) -> str:
    """IGO + CAMEO group (``IGOUNO``, ``IGONAT``); a country-bound NGO/MNC gets its country (``KENNGO``);
    groups carry their full code (``LBNREB``)."""
    code = o.get("code")
    country, sector = o.get("country"), o.get("sector")
    if code is None:
        return f"{country}{sector or ''}" if country else "IMG"
    code = str(code)
    if code == "IGO" and o.get("group"):
        return f"IGO{o['group']}"
    if code in ("NGO", "MNC") and country:
        return f"{country}{code}"
    return code


def _load_people(lex: Lexicon, people: Iterable[dict[str, Any]], source: str = "builtin") -> None:
    for p in people:
        if not isinstance(p, dict) or not p.get("name"):
            continue
        roles = tuple(
            Role(
                office=str(r.get("office", "")),
                country=r.get("country"),
                sector=r.get("sector"),
                start=_date(r.get("start")),
                end=_date(r.get("end")),
                org=r.get("org"),
                org_code=f"IGO{lex.org_groups.get(str(r.get('org')), '')}" if r.get("org") else None,
            )
            for r in p.get("roles") or []
            if isinstance(r, dict)
        )
        entry = Entry(
            "person",
            f"person:{p.get('id', p['name'])}",
            p["name"],
            country=p.get("country"),
            gender=p.get("gender"),
            roles=roles,
        )
        lex.by_id.setdefault(entry.id, entry)
        _add_all(lex, [p["name"], *(p.get("aliases") or [])], entry, first=source != "builtin")


def _load_sectors(lex: Lexicon) -> None:
    data = _read_yaml("sectors.yaml") or {}
    if isinstance(data, dict):
        for sector, nouns in data.items():
            for noun in nouns or []:
                lex.add(str(noun), Entry("sector", f"sector:{sector}", str(noun), sector=str(sector)))
    for t in _read_yaml("titles.yaml") or []:
        if isinstance(t, dict) and t.get("text"):
            entry = Entry(
                "title",
                f"title:{t['text']}",
                t["text"],
                country=t.get("country"),  # only titles of one country's system ("Sen." is the US Congress)
                sector=t.get("sector"),
                office=t.get("office"),
            )
            lex.add(str(t["text"]), entry)


def _load_generic() -> GenericRules:
    data = _read_yaml("generic.yaml") or {}
    ner = data.get("ner") or {}
    heads = {
        str(w).lower(): str(sector) for sector, words in (data.get("org_heads") or {}).items() for w in words
    }
    return GenericRules(
        alone=frozenset(str(s) for s in data.get("alone") or []),
        not_alone=frozenset(str(w) for w in data.get("not_alone") or []),
        counted=frozenset(str(w) for w in data.get("counted") or []),
        org_heads=heads,
        ner_labels=frozenset(str(w) for w in ner.get("labels") or []),
        credit_verbs=frozenset(str(w) for w in ner.get("credit_verbs") or []),
        member_nouns=frozenset(str(w) for w in ner.get("member_nouns") or []),
        place_nouns=frozenset(str(w) for w in ner.get("place_nouns") or []),
        place_preps=frozenset(str(w) for w in ner.get("place_preps") or []),
        examples=tuple({k: str(v) for k, v in ex.items()} for ex in data.get("examples") or []),
    )


def _load_intl(lex: Lexicon) -> None:
    """Names in other languages and scripts (intl.yaml): added to the entry named by ``ref``; a state's
    ``capital`` forms become metonyms of that state."""
    for item in _read_yaml("intl.yaml") or []:
        if not isinstance(item, dict):
            continue
        entry = lex.by_id.get(str(item.get("ref")))
        if entry is None:
            continue
        groups = [(item.get("names") or {}, entry)]
        if entry.kind == "state":
            metonym = Entry("metonym", entry.id, entry.name, country=entry.country, sector="GOV")
            groups.append((item.get("capital") or {}, metonym))
        for by_lang, target in groups:
            for lang, forms in by_lang.items():
                for form in forms or []:
                    _add_all(lex, [str(form)], target)
                    by_form = lex.languages[normalise(str(form))]
                    by_form[cased_form(str(form))] = (*by_form.get(cased_form(str(form)), ()), str(lang))


def load_user_file(lex: Lexicon, path: Path) -> int:
    """Merge a user dictionary (YAML list in the people/organisation schema, or CSV; docs/lexicon.md)."""
    if not path.is_file():
        raise ConfigError(f"actor dictionary not found: {path}")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"actor dictionary is not UTF-8: {path}") from None
    if path.suffix.lower() == ".csv":
        rows: list[dict[str, Any]] = []
        for r in csv.DictReader(text.splitlines()):
            rows.append(_csv_row(r))
    else:
        try:
            loaded = yaml.load(text, Loader=_Loader)
        except yaml.YAMLError as exc:
            raise ConfigError(f"actor dictionary {path}: invalid YAML ({str(exc).splitlines()[0]})") from None
        if not isinstance(loaded, list):
            raise ConfigError(f"actor dictionary {path}: expected a list of entries")
        rows = loaded
    count = 0
    for row in rows:
        if not isinstance(row, dict) or not row.get("name"):
            raise ConfigError(f"actor dictionary {path}: every entry needs a name ({row!r})")
        if row.get("roles"):
            _load_people(lex, [row], source=str(path))
        else:
            entry = Entry(
                row.get("kind", "organisation"),
                f"user:{row.get('id', row['name'])}",
                row["name"],
                country=row.get("country"),
                sector=row.get("sector"),
                code=row.get("code") or f"{row.get('country') or ''}{row.get('sector') or ''}" or None,
            )
            # user entries win: put them first
            for alias in [row["name"], *(row.get("aliases") or row.get("names") or [])]:
                for variant in _variants(str(alias)):
                    lex.add(variant, entry, first=True)
        count += 1
    return count


def _csv_row(r: dict[str, str]) -> dict[str, Any]:
    row: dict[str, Any] = {k: (v or None) for k, v in r.items()}
    if row.get("aliases"):
        row["aliases"] = [a.strip() for a in str(row["aliases"]).split("|") if a.strip()]
    if row.get("office") or row.get("start"):
        row["roles"] = [
            {
                "office": row.get("office") or "",
                "country": row.get("country"),
                "sector": row.get("sector") or "GOV",
                "start": row.get("start"),
                "end": row.get("end"),
            }
        ]
    return row


@lru_cache(maxsize=4)
def load_lexicon(user_file: str | None = None) -> Lexicon:
    lex = Lexicon()
    _load_countries(lex)
    _load_orgs(lex, "organisations.yaml", "organisation")
    _load_orgs(lex, "groups.yaml", "group")
    _load_people(lex, _read_yaml("people.yaml") or [])
    _load_intl(lex)
    _load_sectors(lex)
    lex.generic = _load_generic()
    if user_file:
        load_user_file(lex, Path(user_file))
    return lex


# --- search -----------------------------------------------------------------------------------------------------
SEARCH_KINDS = ("state", "organisation", "group", "person", "seat")
_ALIAS_KINDS = {
    "metonym": "state",
    "adjective": "state",
    "demonym": "state",
}  # forms that stand for the state
_SECTOR_CODE = 3  # a code is a 3-letter country (or IGO/NGO/IMG...) + an optional 3-letter sector


@dataclass(frozen=True)
class SearchHit:
    """One lexicon entry found by :func:`search`: what it is, its code, the form that matched and its roles."""

    id: str
    name: str
    kind: str
    code: str
    country: str | None
    matched: str
    roles: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "code": self.code,
            "country": self.country,
            "matched": self.matched,
            "roles": [dict(r) for r in self.roles],
        }


def search(text: str, lexicon: Lexicon | None = None, *, limit: int = 25) -> list[SearchHit]:
    """Entries whose names, aliases (any language) or codes match ``text``, case- and accent-insensitive.

    A code (``usagov``, ``AFGREB``, ``IGOUNO``, ``TUR``) finds the state, the groups and organisations with that
    code (dated roles included: ``AFGGOV`` finds the Taliban) and the people whose roles carry it.  Other text
    finds names: exact matches first, then names starting with it, then names containing it.
    """
    query = _fold(text)
    if not query:
        return []
    lex = lexicon or load_lexicon(None)
    ranked: dict[str, tuple[int, str]] = {}
    for rank, entry_id, form in _code_matches(lex, query.upper()):
        _keep(ranked, entry_id, rank, form)
    if len(query) >= 2:
        for key, forms in lex.forms.items():
            name_rank = _name_rank(_fold(key), query)
            if name_rank is None:
                continue
            for form, entries in forms.items():
                for e in entries:
                    if e.kind in SEARCH_KINDS or e.kind in _ALIAS_KINDS:
                        _keep(ranked, e.id, name_rank, form)
    order = sorted(
        ranked.items(), key=lambda kv: (kv[1][0], lex.by_id[kv[0]].name if kv[0] in lex.by_id else kv[0])
    )
    return [hit for entry_id, (_, form) in order[:limit] if (hit := _hit(lex, entry_id, form)) is not None]


def _fold(text: str) -> str:
    return strip_accents(normalise(text))


def _keep(ranked: dict[str, tuple[int, str]], entry_id: str, rank: int, form: str) -> None:
    if entry_id not in ranked or rank < ranked[entry_id][0]:
        ranked[entry_id] = (rank, form)


def _name_rank(key: str, query: str) -> int | None:
    if key == query or key == f"the {query}":
        return 3
    if key.startswith(query):
        return 4
    if f" {query}" in f" {key}":
        return 5
    if query in key:
        return 6
    return None


def _code_matches(lex: Lexicon, code: str) -> Iterator[tuple[int, str, str]]:
    """(rank, id, code) for entries that carry ``code`` (or, for a bare country code, the state): the state,
    organisations, groups and seats 1, people 2."""
    if not (len(code) in (3, 6) and code.isalpha()):
        return
    country, sector = code[:_SECTOR_CODE], code[_SECTOR_CODE:]
    if country in lex.countries:
        yield 0, f"country:{country}", code
    for entry in lex.by_id.values():
        if entry.kind in ("organisation", "group") and code in {entry.code, *_role_codes(entry)}:
            yield 1, entry.id, code
        elif entry.kind == "person" and sector and code in _role_codes(entry):
            yield 2, entry.id, code
        elif entry.kind == "seat" and code == f"{entry.country}{entry.sector or ''}":
            yield 1, entry.id, code


def _role_codes(entry: Entry) -> set[str]:
    out = set()
    for r in entry.roles:
        if r.org and not r.country:
            out.add(r.org_code or "IGO")
        elif r.country or entry.country:
            out.add(f"{r.country or entry.country}{r.sector or ''}")
    return out


def _hit(lex: Lexicon, entry_id: str, form: str) -> SearchHit | None:
    entry = lex.by_id.get(entry_id)
    if entry is None:
        return None
    roles = tuple(
        {
            "office": r.office or None,
            "code": (r.org_code or "IGO")
            if r.org and not r.country
            else f"{r.country or entry.country}{r.sector or ''}",
            "start": r.start.isoformat() if r.start else None,
            "end": r.end.isoformat() if r.end else None,
        }
        for r in sorted(entry.roles, key=lambda r: r.start or date.min)
    )
    if entry.kind == "state":
        code = entry.country or ""
    elif entry.kind == "person":
        code = str(roles[-1]["code"]) if roles else entry.country or ""
    else:
        code = entry.code or f"{entry.country or ''}{entry.sector or ''}"
    return SearchHit(entry.id, entry.name, entry.kind, code, entry.country, form, roles)
