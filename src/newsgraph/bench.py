"""Throughput and memory benchmark shared by ``benchmarks/throughput.py`` and ``newsgraph bench`` (issue 8).

One run builds a corpus of N article files (the bundled samples, each copy with a numbered sentence added so
that every article id differs, plus generated sport/weather/markets/culture filler), then measures, each in a
fresh child process so that memory and start-up are not shared:

* ``bare``: the chosen spaCy pipeline, all components, ``nlp.pipe`` over the clean text of every article;
* ``newsgraph-1`` / ``newsgraph-2``: :func:`newsgraph.runner.ingest` into a fresh DuckDB file with 1 and 2
  worker processes (read, clean, pre-filter, NLP, stages, store, near-duplicate links, event clusters).

Peak RSS is sampled every 50 ms in a thread of each child, for the child and every process under it.
``stages=True`` adds a breakdown of where the time of a one-process ingest goes (reading, each extraction stage,
each spaCy component on the full and on the pre-filtered texts, the store).  See docs/performance.md.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from newsgraph.errors import ConfigError

BENCH_DATA = Path(__file__).resolve().parent / "data" / "bench"
SAMPLES = (
    BENCH_DATA / "samples"
)  # a link to the checkout's samples/; a built wheel carries the files themselves
TOPICS = ("sport", "weather", "markets", "culture")
NONPOLITICAL_SAMPLES = frozenset({"sports-cup-final.html", "weather-paris-texas.txt"})


@dataclass(frozen=True)
class BenchConfig:
    articles: int = 2000
    samples_share: float = 0.4  # the rest is filler, split evenly over TOPICS
    model: str = "md"
    batch_size: int = 32
    workers: tuple[int, ...] = (1, 2)
    bare: bool = True
    stages: bool = False
    profile: Path | None = None  # pyinstrument text report of the one-process ingest
    samples: Path = SAMPLES
    seed: int = 8
    pages: Path | None = None  # real mix: a folder of real pages (trafilatura-eval/pages, *.html.gz)
    stories: Path | None = None  # real mix: ngec-synthetic.jsonl.gz, sealed stories wrapped as HTML pages
    stories_n: int = 150
    article_model: bool = True  # the article-level gate (Settings.article_model)
    compare_gate: bool = False  # also a one-process ingest without the gate, in the same run
    languages: tuple[str, ...] = ()  # the ingest's accepted languages (empty: the Settings default)
    repeat: int = 1  # rounds of all measurements, interleaved; the fastest of each is kept

    @property
    def real(self) -> bool:
        return self.pages is not None or self.stories is not None


@dataclass
class Corpus:
    folder: Path
    samples: int = 0
    filler: dict[str, int] = field(default_factory=dict)
    files: int = 0
    pages: int = 0
    stories: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"articles": self.files, "samples": self.samples, "filler": dict(self.filler), "pages": self.pages,
                "stories": self.stories}  # fmt: skip


# --- corpus ----------------------------------------------------------------------------------------------------
FILLER: dict[str, dict[str, list[str]]] = {
    "sport": {
        "title": [
            "{team} edge {rival} in a tense {sport} derby",
            "{player} inspires {team} to a comeback win",
            "{team} stay top after a draw with {rival}",
            "Injury blow for {team} ahead of the semi-final",
        ],
        "body": [
            "{team} beat {rival} {a}-{b} on {day}, with {player} scoring the decisive goal {n} minutes from time.",
            "The home side dominated possession in the first half but struggled to turn pressure into chances.",
            "{player} said the squad had worked hard on set pieces all week and that the effort had paid off.",
            "A crowd of {big} watched the match, the largest at the ground since the stand was rebuilt.",
            "{rival} coach {coach} admitted his players had been second best for long spells of the game.",
            "The result leaves {team} {n} points clear at the top with {small} matches still to play.",
            "Midfielder {player2} limped off before the break and will have a scan on {day2}.",
            "Both clubs return to action next weekend, {team} away at {town} and {rival} at home.",
            "Ticket sales for the final rounds have risen by {n} percent compared with last season.",
            "The referee showed {small} yellow cards in a scrappy second half that ended with a late save.",
        ],
    },
    "weather": {
        "title": [
            "Heavy rain expected across {region} this {day}",
            "Heatwave to peak at {temp} degrees in {town}",
            "Frost warning for {region} as temperatures fall",
            "Storm brings strong winds to the {region} coast",
        ],
        "body": [
            "Forecasters expect up to {n} millimetres of rain in parts of {region} by {day} evening.",
            "Temperatures in {town} could reach {temp} degrees, well above the average for the time of year.",
            "Drivers are advised to allow extra time, as standing water may close some minor roads.",
            "Gusts of {big2} kilometres per hour are possible on exposed hills and along the coast.",
            "The wet spell should clear by {day2}, giving way to sunshine and lighter winds.",
            "Gardeners have welcomed the rain after {small} weeks with almost no rainfall at all.",
            "Overnight lows near freezing mean frost is likely in sheltered valleys of {region}.",
            "Ferry services between the islands may be delayed until the swell eases on {day2}.",
            "Pollen counts will stay high in {town} while the warm and dry air lingers.",
            "Long-range models suggest a settled and warmer pattern for the second half of the month.",
        ],
    },
    "markets": {
        "title": [
            "Shares in {company} climb after strong quarterly sales",
            "The {index} slips as energy stocks fall",
            "{company} cuts outlook and its shares drop {small} percent",
            "Bond yields edge higher ahead of data",
        ],
        "body": [
            "Shares in {company} rose {small}.{a} percent on {day} after quarterly revenue beat expectations.",
            "The {index} closed {small}.{b} percent lower, dragged down by oil producers and miners.",
            "Analysts at several brokers raised their price targets, citing firm demand for {product}.",
            "Trading volumes were thin, with many investors waiting for inflation figures due on {day2}.",
            "Ten-year bond yields edged up to {small}.{a}{b} percent in afternoon trading.",
            "{company} said it expects margins to improve as the cost of {product} components eases.",
            "The retailer reported like-for-like sales growth of {n} percent over the holiday period.",
            "Copper prices touched a {small}-month high on hopes of stronger construction activity.",
            "Chief executive {coach} told analysts the firm would buy back shares worth {n}0 million.",
            "Smaller companies outperformed, with the mid-cap index ending the week {small} percent higher.",
        ],
    },
    "culture": {
        "title": [
            "{artist} returns with a bold new album",
            "Museum in {town} opens a major {art} exhibition",
            "Festival line-up announced, headlined by {artist}",
            "Review: a playful staging of a classic comedy",
        ],
        "body": [
            "{artist} will open the festival in {town} on {day}, the first show in {small} years.",
            "The exhibition brings together {big2} {art} works, many of them never shown in public before.",
            "Critics praised the production for its bright costumes and quick, witty pacing.",
            "Tickets for the opening weekend sold out within {n} minutes of going on sale.",
            "Curator {coach} said the show traces how the artists responded to a changing city.",
            "The album was recorded over {small} months in a converted barn outside {town}.",
            "A family day with workshops and live music is planned for {day2} afternoon.",
            "The theatre has also announced a season of new writing by young playwrights.",
            "Admission is free for under-18s, and the galleries stay open late on Fridays.",
            "The festival expects about {big} visitors over its {small} days, slightly more than last year.",
        ],
    },
}
SLOTS: dict[str, list[str]] = {
    "team": ["Riverside Athletic", "Millbrook Rovers", "Eastfield United", "Harbour City", "Oakvale Town"],
    "rival": ["Northbridge Town", "Stonegate FC", "Westmoor Wanderers", "Kingsford Albion"],
    "player": ["Daniel Okafor", "Marta Silva", "Jonas Berg", "Priya Nair", "Tom Hale"],
    "player2": ["Luca Ferreira", "Aiko Mori", "Sean Doyle", "Nina Kowal"],
    "coach": ["Helen Brooks", "Mark Ellison", "Sofia Grant", "Peter Lang"],
    "sport": ["football", "rugby", "basketball", "hockey"],
    "region": ["the north-west", "the southern uplands", "the eastern counties", "the lake district"],
    "town": ["Millbrook", "Eastfield", "Oakvale", "Stonegate", "Harbourside"],
    "company": ["Brightline Foods", "Corvex Systems", "Halden Retail", "Northwind Energy", "Pellar Motors"],
    "index": ["blue-chip index", "broad market index", "technology index"],
    "product": ["chips", "electric vans", "packaged meals", "wind turbines"],
    "artist": ["The Lantern Club", "Mira Vale", "Old Harbour Band", "Jules Arden"],
    "art": ["painting", "photography", "sculpture", "textile"],
    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "day2": ["Monday", "Wednesday", "Friday", "the weekend"],
}


def filler_article(topic: str, index: int, seed: int = 8) -> tuple[str, str]:
    """(title, body) of a deterministic non-political article on ``topic`` (6 to 9 sentences, 3 paragraphs)."""
    rng = random.Random(f"{seed}:{topic}:{index}")
    nums = {"a": rng.randint(0, 4), "b": rng.randint(0, 4), "n": rng.randint(3, 40), "small": rng.randint(2, 9),
            "big": f"{rng.randint(12, 60)},{rng.randint(100, 999)}", "big2": rng.randint(40, 140),
            "temp": rng.randint(28, 39)}  # fmt: skip
    values = {k: rng.choice(v) for k, v in SLOTS.items()} | nums
    pool = FILLER[topic]
    sentences = rng.sample(pool["body"], rng.randint(6, 9))
    sentences.append(f"Reporting for this story was filed as item {index} of the {topic} desk.")
    body = [s.format(**values) for s in sentences]
    cut = [0, len(body) // 3, 2 * len(body) // 3, len(body)]
    paragraphs = [" ".join(body[cut[i] : cut[i + 1]]) for i in range(3)]
    return rng.choice(pool["title"]).format(**values), "\n\n".join(paragraphs)


def _filler_file(folder: Path, topic: str, index: int, seed: int) -> Path:
    title, body = filler_article(topic, index, seed)
    day = 1 + index % 28
    if index % 4 == 3:  # a quarter as HTML pages, like the samples
        paras = "".join(f"<p>{p}</p>\n" for p in body.split("\n\n"))
        nav = f'<a href="/">Home</a> <a href="/{topic}">{topic.title()}</a>'
        page = _news_page(title, paras, f"2025-03-{day:02d}T08:00:00Z", "Daily Round-up", nav)
        path = folder / f"filler-{topic}-{index:05d}.html"
        path.write_text(page, encoding="utf-8")
    else:
        path = folder / f"filler-{topic}-{index:05d}.txt"
        path.write_text(f"{title}\nBy the {topic} desk, {day} March 2025\n\n{body}\n", encoding="utf-8")
    return path


def _news_page(title: str, paras: str, published: str, site: str, nav: str) -> str:
    """A plain news page around an (escaped) title and paragraphs: title, date meta, nav, article, footer."""
    return (f"<!DOCTYPE html><html><head><title>{title} | {site}</title>"
            f'<meta property="article:published_time" content="{published}"></head><body>'
            f"<nav>{nav}</nav><article><h1>{title}</h1>\n{paras}</article><footer>{site}</footer></body></html>")  # fmt: skip


def _sample_copy(folder: Path, sample: Path, index: int) -> Path:
    """The sample with a numbered sentence as the first body paragraph (the end may be cut as a trailer)."""
    text = sample.read_text(encoding="utf-8")
    line = f"This copy is number {index} in the benchmark set."
    if sample.suffix == ".html":
        at = text.find("</p>", text.find("<article"))
        text = text[: at + 4] + f"\n<p>{line}</p>" + text[at + 4 :] if at >= 0 else text
    else:
        head, sep, body = text.partition("\n\n")
        text = f"{head}{sep}{line}\n\n{body}"
    path = folder / f"sample-{index:05d}-{sample.name}"
    path.write_text(text, encoding="utf-8")
    return path


def build_corpus(
    folder: Path, n: int, *, samples_share: float = 0.4, samples: Path = SAMPLES, seed: int = 8
) -> Corpus:
    """Write ``n`` article files into ``folder``: round(n * samples_share) sample copies, the rest filler."""
    sources = sorted(p for p in samples.glob("*") if p.suffix in (".txt", ".html"))
    if not sources:
        raise ConfigError(f"no sample articles in {samples} (pass --samples)")
    folder.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(folder=folder, filler={t: 0 for t in TOPICS})
    n_samples = round(n * samples_share)
    for i in range(n_samples):
        _sample_copy(folder, sources[i % len(sources)], i)
    for j in range(n - n_samples):
        topic = TOPICS[j % len(TOPICS)]
        _filler_file(folder, topic, j, seed)
        corpus.filler[topic] += 1
    corpus.samples, corpus.files = n_samples, n
    return corpus


def _story_page(folder: Path, row: dict[str, Any], index: int) -> Path:
    """One synthetic story as a plain news page (placeholders such as {country_1} dropped from the headline)."""
    title = " ".join(re.sub(r"\{[^}]*\}", " ", row.get("title") or "").split()) or f"Story {index}"
    paras = "".join(f"<p>{html.escape(p.strip())}</p>\n" for p in row["text"].split("\n") if p.strip())
    published = f"2024-{1 + index % 12:02d}-{1 + index % 28:02d}T09:00:00Z"
    nav = '<a href="/">Home</a> <a href="/world">World</a>'
    page = _news_page(html.escape(title), paras, published, "World Desk", nav)
    path = folder / f"story-{index:05d}.html"
    path.write_text(page, encoding="utf-8")
    return path


def sealed_stories(path: Path, n: int) -> list[dict[str, Any]]:
    """The first ``n`` sealed stories of the file (the article model never trained on them)."""
    from newsgraph.learned.article import is_sealed

    out: list[dict[str, Any]] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line) if line.strip() else {}
            if row.get("text") and is_sealed(row["text"]):
                out.append(row)
                if len(out) >= n:
                    break
    return out


def build_real_corpus(folder: Path, config: BenchConfig) -> Corpus:
    """The realistic mix: every real page of ``config.pages``, ``stories_n`` sealed synthetic political stories
    as HTML pages, and one copy of each bundled sample."""
    folder.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(folder=folder)
    if config.pages is not None:
        pages = sorted(p for p in config.pages.iterdir() if p.name.endswith((".html", ".html.gz", ".htm")))
        if not pages:
            raise ConfigError(f"no pages (*.html, *.html.gz) in {config.pages}")
        for p in pages:
            shutil.copyfile(p, folder / f"page-{p.name}")
        corpus.pages = len(pages)
    if config.stories is not None:
        if not config.stories.is_file():
            raise ConfigError(f"story file not found: {config.stories}")
        for i, row in enumerate(sealed_stories(config.stories, config.stories_n)):
            _story_page(folder, row, i)
            corpus.stories += 1
    for i, sample in enumerate(sorted(p for p in config.samples.glob("*") if p.suffix in (".txt", ".html"))):
        _sample_copy(folder, sample, i)
        corpus.samples += 1
    corpus.files = corpus.pages + corpus.stories + corpus.samples
    return corpus


# --- measuring -------------------------------------------------------------------------------------------------
class PeakRSS:
    """Samples the RSS of this process and of every process below it; keeps each one's peak (bytes).

    This process's own peak is the kernel's exact one (``ru_maxrss``: every measurement runs in a fresh process);
    the sampling, for pool workers, is every quarter second: a sample costs about 1 ms of the measured process's
    time, and at 20 samples a second that was 2 % of a one-process run."""

    def __init__(self, interval: float = 0.25) -> None:
        self.interval = interval
        self.peaks: dict[int, int] = {}
        self.total_peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        import psutil

        me = psutil.Process()
        total = 0
        for proc in [me, *me.children(recursive=True)]:
            try:
                rss = int(proc.memory_info().rss)
            except psutil.Error:
                continue
            total += rss
            self.peaks[proc.pid] = max(self.peaks.get(proc.pid, 0), rss)
        self.total_peak = max(self.total_peak, total)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def summary(self) -> dict[str, Any]:
        import resource

        me = os.getpid()
        mib = 2**20
        exact = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
        self.peaks[me] = max(self.peaks.get(me, 0), exact)
        others = sorted((v for k, v in self.peaks.items() if k != me), reverse=True)
        return {"main_mib": round(self.peaks.get(me, 0) / mib, 1),
                "workers_mib": [round(v / mib, 1) for v in others if v > 50 * mib],
                "max_process_mib": round(max(self.peaks.values(), default=0) / mib, 1),
                "all_processes_mib": round(self.total_peak / mib, 1)}  # fmt: skip


def clean_articles(folder: Path, settings: Any) -> list[Any]:
    """The Articles ingest would see (read + HTML extraction + cleaning), in ingest order."""
    from newsgraph.records import Article
    from newsgraph.runner import iter_articles

    return [a for a in iter_articles([str(folder)], settings) if isinstance(a, Article)]


def cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and of its finished children (the pool workers): on a machine
    shared with other jobs this moves far less than wall time."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _rates(n: int, words: int, seconds: float) -> dict[str, Any]:
    return {"articles": n, "words": words, "seconds": round(seconds, 2),
            "articles_per_s": round(n / seconds, 2) if seconds else 0.0,
            "words_per_s": round(words / seconds) if seconds else 0}  # fmt: skip


def bare_texts(folder: Path, model: str) -> tuple[list[str], list[str]]:
    """(English, other) clean texts of every article newsgraph's reader extracts, whatever its language."""
    from newsgraph.settings import Settings

    arts = clean_articles(folder, Settings(model=model, languages=("*",)))
    return [a.text for a in arts if a.language == "en"], [a.text for a in arts if a.language != "en"]


def measure_bare(folder: Path, config: BenchConfig) -> dict[str, Any]:
    """Bare spaCy: the full pipeline (all components) with ``nlp.pipe`` over every extracted text, English and
    not (what newsgraph's reader hands on); the English texts go first and are also timed on their own."""
    from newsgraph.pipeline import load_spacy

    english, other = bare_texts(folder, config.model)
    t0 = time.perf_counter()
    nlp = load_spacy(config.model)
    load = time.perf_counter() - t0
    with PeakRSS() as rss:
        t0, c0 = time.perf_counter(), cpu_seconds()
        tokens = sum(len(doc) for doc in nlp.pipe(english, batch_size=config.batch_size))
        english_s, english_cpu = time.perf_counter() - t0, cpu_seconds() - c0
        tokens += sum(len(doc) for doc in nlp.pipe(other, batch_size=config.batch_size))
        seconds, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    texts = english + other
    words = sum(len(t.split()) for t in texts)
    return {**_rates(len(texts), words, seconds), "cpu_s": round(cpu, 2), "tokens": tokens, "model_load_s": round(load, 2),
            "english": _rates(len(english), sum(len(t.split()) for t in english), english_s) | {"cpu_s": round(english_cpu, 2)},
            "components": list(nlp.pipe_names), "rss": rss.summary()}  # fmt: skip


class TimedStore:
    """Wraps a Store and adds up the seconds spent in each of its methods (for the stage breakdown)."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self.timings: dict[str, float] = {}

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._store, name)
        if not callable(attr):
            return attr

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return attr(*args, **kwargs)
            finally:
                self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - t0

        return timed


@contextmanager
def _profiled(path: Path | None) -> Iterator[None]:
    if path is None:
        yield
        return
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.005)
    profiler.start()
    try:
        yield
    finally:
        profiler.stop()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8")


def _warm_reader(settings: Any) -> None:
    """Load what the reader loads on first use (the language-id model, trafilatura) before the clock, as the
    spaCy model is: a start-up cost, paid once per process, not throughput."""
    from newsgraph.errors import SkipRecord
    from newsgraph.ingest import to_article
    from newsgraph.ingest.types import RawDoc

    body = "A short paragraph written only to load the reader before the benchmark starts. " * 6
    page = f"<html><head><title>Warm-up</title></head><body><article><p>{body}</p></article></body></html>"
    with suppress(SkipRecord):
        to_article(RawDoc(input="warm-up", record=None, kind="html", content=page), settings)


def measure_ingest(folder: Path, config: BenchConfig, workers: int, db: Path) -> dict[str, Any]:
    """End-to-end ``ingest`` into a fresh DuckDB file; with one worker the model is loaded before the clock."""
    from newsgraph.runner import ingest
    from newsgraph.settings import Settings
    from newsgraph.store import Store

    settings = Settings(model=config.model, batch_size=config.batch_size, workers=workers, db=db,
                        article_model=config.article_model)  # fmt: skip
    if config.languages:
        settings = settings.replace(languages=config.languages)
    extractor = None
    t0 = time.perf_counter()
    _warm_reader(settings)
    if workers == 1:
        from newsgraph.pipeline import default_extractor

        extractor = default_extractor(settings)
    load = time.perf_counter() - t0
    if extractor is not None:
        extractor.timings.clear()
    with Store(db) as raw_store, PeakRSS() as rss, _profiled(config.profile if workers == 1 else None):
        store = TimedStore(raw_store)
        c0 = cpu_seconds()
        stats = ingest([str(folder)], settings, store)
        cpu = cpu_seconds() - c0
    out = {"workers": workers, "seconds": round(stats.seconds, 2), "cpu_s": round(cpu, 2), "stats": stats.to_dict(), "rss": rss.summary(),
           "model_load_s": round(load, 2), "model_load_in_timing": workers > 1}  # fmt: skip
    if extractor is not None:
        stages = {k: round(v, 2) for k, v in extractor.timings.items()}
        store_s = {
            k: round(v, 2) for k, v in sorted(store.timings.items(), key=lambda kv: -kv[1]) if v >= 0.005
        }
        rest = stats.seconds - sum(extractor.timings.values()) - sum(store.timings.values())
        out["breakdown"] = {"extractor": stages, "store": store_s, "store_total": round(sum(store.timings.values()), 2),
                            "other": round(rest, 2)}  # fmt: skip
    return out


def _sentence_share(extractor: Any, texts: list[str]) -> dict[str, Any]:
    """How much the pre-filter keeps: articles parsed at all, sentences and characters kept."""
    kept_articles = sents = kept_sents = chars = kept_chars = 0
    selected: list[str] = []
    for text in texts:
        sel = extractor.select_text(text)
        doc = extractor.sentencizer(extractor.nlp.make_doc(text))
        n = sum(1 for _ in doc.sents)
        sents += n
        chars += sum(1 for c in text if not c.isspace())
        if sel:
            kept_articles += 1
            selected.append(sel)
            kept_chars += sum(1 for c in sel if not c.isspace())
            kept_sents += sum(1 for s in doc.sents if sel[s.start_char : s.end_char].strip())
    return {"articles": len(texts), "articles_parsed": kept_articles, "sentences": sents, "sentences_kept": kept_sents,
            "chars_kept_share": round(kept_chars / chars, 3) if chars else 0.0,
            "sentences_kept_share": round(kept_sents / sents, 3) if sents else 0.0, "_selected": selected}  # fmt: skip


def _component_times(nlp: Any, texts: list[str], batch_size: int) -> dict[str, float]:
    t0 = time.perf_counter()
    docs = [nlp.make_doc(t) for t in texts]
    out = {"tokenizer": time.perf_counter() - t0}
    for name, proc in nlp.pipeline:
        t0 = time.perf_counter()
        docs = (
            list(proc.pipe(docs, batch_size=batch_size)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        )
        out[name] = time.perf_counter() - t0
    out["tokens"] = float(sum(len(d) for d in docs))
    return {k: round(v, 2) for k, v in out.items()}


def measure_components(folder: Path, config: BenchConfig) -> dict[str, Any]:
    """Seconds per spaCy component over the full texts and over what the pre-filter leaves."""
    from newsgraph.pipeline import Extractor
    from newsgraph.settings import Settings

    settings = Settings(model=config.model, batch_size=config.batch_size)
    extractor = Extractor(settings)
    texts = [a.text for a in clean_articles(folder, settings)]
    share = _sentence_share(extractor, texts)
    selected = share.pop("_selected")
    full = _component_times(extractor.nlp, texts, config.batch_size)
    filtered = _component_times(extractor.nlp, selected, config.batch_size)
    return {"prefilter": share, "full_texts": full, "prefiltered_texts": filtered}


# --- orchestration ---------------------------------------------------------------------------------------------
def _config_json(config: BenchConfig) -> str:
    return json.dumps({k: str(v) if isinstance(v, Path) else v for k, v in asdict(config).items()})


def _config_from_json(text: str) -> BenchConfig:
    raw = json.loads(text)
    raw["workers"] = tuple(raw["workers"])
    raw["languages"] = tuple(raw.get("languages") or ())
    raw["samples"] = Path(raw["samples"])
    raw["profile"] = Path(raw["profile"]) if raw["profile"] else None
    for key in ("pages", "stories"):
        raw[key] = Path(raw[key]) if raw.get(key) else None
    return BenchConfig(**raw)


def child_main(argv: list[str]) -> None:
    """Entry point of one measurement in a fresh interpreter: ``kind folder config-json out.json [workers db]``."""
    kind, folder, config, out = argv[0], Path(argv[1]), _config_from_json(argv[2]), Path(argv[3])
    if kind == "bare":
        result = measure_bare(folder, config)
    elif kind == "components":
        result = measure_components(folder, config)
    else:
        result = measure_ingest(folder, config, int(argv[4]), Path(argv[5]))
    out.write_text(json.dumps(result), encoding="utf-8")


def _in_child(kind: str, folder: Path, config: BenchConfig, work: Path, *extra: str) -> dict[str, Any]:
    out = work / f"{kind}{''.join(extra[:1])}.json"
    code = "import sys; from newsgraph.bench import child_main; child_main(sys.argv[1:])"
    args = [sys.executable, "-c", code, kind, str(folder), _config_json(config), str(out), *extra]
    proc = subprocess.run(args, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        raise ConfigError(f"benchmark step {kind} failed: {tail[0]}")
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def machine() -> dict[str, Any]:
    import spacy

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""  # fmt: skip
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem, 1), "python": sys.version.split()[0],
            "spacy": spacy.__version__, "platform": platform.platform(),
            "load_avg_1m_at_start": round(os.getloadavg()[0], 2)}  # fmt: skip


def run_benchmark(
    config: BenchConfig, work: Path | None = None, log: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """The whole benchmark; returns the JSON-ready result (see docs/performance.md for the fields)."""
    say = log or (lambda _msg: None)
    with tempfile.TemporaryDirectory(prefix="newsgraph-bench-") as tmp:
        base = work or Path(tmp)
        folder = base / "corpus"
        if config.real:
            corpus = build_real_corpus(folder, config)
        else:
            corpus = build_corpus(folder, config.articles, samples_share=config.samples_share,
                                  samples=config.samples, seed=config.seed)  # fmt: skip
        say(f"corpus: {corpus.files} files in {folder}")
        result: dict[str, Any] = {"config": json.loads(_config_json(config)), "machine": machine(),
                                  "corpus": corpus.to_dict()}  # fmt: skip
        t0 = time.perf_counter()
        english, other = bare_texts(folder, config.model)
        words = sum(len(t.split()) for t in english + other)
        result["corpus"] |= {"clean_articles": len(english) + len(other), "english_articles": len(english),
                             "words": words, "read_and_clean_s": round(time.perf_counter() - t0, 2)}  # fmt: skip
        rounds = [_round(folder, config, base, corpus.files, words, say, r) for r in range(config.repeat)]
        for key in rounds[0]:
            best = min((r[key] for r in rounds), key=lambda run: run["seconds"])
            result[key] = best | (
                {
                    "repeats_s": [r[key]["seconds"] for r in rounds],
                    "repeats_cpu_s": [r[key].get("cpu_s") for r in rounds],
                }
                if config.repeat > 1
                else {}
            )
        _add_ratios(result)
        if config.stages:
            say("spaCy components, full and pre-filtered texts ...")
            result["components"] = _in_child("components", folder, config, base)
        result["targets"] = targets(result)
    return result


def _round(folder: Path, config: BenchConfig, base: Path, files: int, words: int, say: Callable[[str], None],
           index: int) -> dict[str, dict[str, Any]]:  # fmt: skip
    """One round of measurements (bare, ingest per process count, ingest without the gate), one after the other."""
    out: dict[str, dict[str, Any]] = {}
    tag = f" (round {index + 1} of {config.repeat})" if config.repeat > 1 else ""
    if config.bare:
        say(f"bare spaCy pipeline{tag} ...")
        out["bare"] = _in_child("bare", folder, config, base)
    for w in config.workers:
        say(f"newsgraph ingest, {w} process(es){tag} ...")
        out[f"newsgraph_{w}"] = _ingest_run(folder, config if w == 1 else replace(config, profile=None), base, w,
                                            files, words)  # fmt: skip
    if config.compare_gate:
        say(f"newsgraph ingest, 1 process, without the article model{tag} ...")
        off = replace(config, article_model=False, profile=None)
        out["newsgraph_1_no_article_model"] = _ingest_run(folder, off, base, 1, files, words)
    return out


def _ingest_run(
    folder: Path, config: BenchConfig, base: Path, workers: int, files: int, words: int
) -> dict[str, Any]:
    """One ingest measurement into a fresh DuckDB file."""
    db = base / f"bench-{workers}{'' if config.article_model else '-no-gate'}.duckdb"
    db.unlink(missing_ok=True)
    run = _in_child("ingest", folder, config, base, str(workers), str(db))
    return run | _rates(files, words, run["seconds"])


def _add_ratios(result: dict[str, Any]) -> None:
    """ratio = bare seconds / ingest seconds over the same input files (and against bare on the English texts)."""
    bare = result.get("bare")
    for key, run in result.items():
        if not key.startswith("newsgraph_") or bare is None or not run["seconds"]:
            continue
        run["ratio_vs_bare"] = round(bare["seconds"] / run["seconds"], 2)
        if bare.get("cpu_s") and run.get("cpu_s"):
            run["cpu_ratio_vs_bare"] = round(bare["cpu_s"] / run["cpu_s"], 2)
        if bare.get("english", {}).get("seconds"):
            run["ratio_vs_bare_english"] = round(bare["english"]["seconds"] / run["seconds"], 2)


def targets(result: dict[str, Any]) -> dict[str, Any]:
    """Issue 8/16 targets: ratio >= 1.5 (one process vs bare), >= 25 articles/s on 2 processes, <= 1 GB per
    newsgraph process (bare spaCy's own peak is reported with its run, not held to the target)."""
    one, two = result.get("newsgraph_1"), result.get("newsgraph_2")
    runs = [r for k, r in result.items() if k.startswith("newsgraph_")]
    peak = max((r["rss"]["max_process_mib"] for r in runs), default=0.0)
    return {"ratio_1_process": one.get("ratio_vs_bare") if one else None,
            "ratio_ok": bool(one and one.get("ratio_vs_bare", 0) >= 1.5),
            "articles_per_s_2_processes": two["articles_per_s"] if two else None,
            "rate_ok": bool(two and two["articles_per_s"] >= 25),
            "peak_rss_per_process_mib": peak, "rss_ok": peak <= 1000}  # fmt: skip
