"""Made-up data for tests, demos and benchmarks (no real articles: every sentence here is invented).

``sample_results()`` gives a handful of hand-made :class:`Result` objects (two articles report the same strike,
so clustering has something to merge).  ``generate(con, n_events)`` fills a store with millions of random
events using set-based SQL only.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import duckdb

from newsgraph.records import Actor, ActorRef, Article, Claim, Event, Place, Quote, Result

_CAMEO = {  # code: (quad, goldstein, plover)
    "042": (1, 1.9, "CONSULT"),
    "057": (1, 8.0, "SUPPORT"),
    "070": (2, 7.0, "AID"),
    "112": (3, -2.0, "ACCUSE"),
    "130": (3, -4.4, "THREATEN"),
    "190": (4, -10.0, "ASSAULT"),
    "0251": (1, 3.0, None),
}

KYIV = Place("Kyiv", 0, 4, "Kyiv", "UKR", "12", 50.45, 30.52, "city", "703448")


def ref(code: str, name: str, country: str | None) -> ActorRef:
    return ActorRef(name=name, code=code, country=country, text=name)


def make_event(
    eid: str,
    source: ActorRef,
    target: ActorRef,
    cameo: str,
    date: str | None,
    sentence: str,
    *,
    place: Place | None = None,
    flags: tuple[str, ...] = (),
    sentence_start: int = 0,
) -> Event:
    quad, goldstein, plover = _CAMEO[cameo]
    trigger = sentence.split()[2] if len(sentence.split()) > 2 else sentence
    start = sentence.find(trigger)
    return Event(
        id=eid,
        source=(source,),
        target=(target,),
        cameo=cameo,
        cameo_root=cameo[:2],
        quad=quad,
        goldstein=goldstein,
        plover=plover,
        mode=None,
        date=date,
        date_source="clause" if date else "none",
        location=place,
        location_source="clause" if place else None,
        sentence=sentence,
        sentence_start=sentence_start,
        start=sentence_start + start,
        end=sentence_start + start + len(trigger),
        trigger=trigger,
        flags=flags,
        extractor="synthetic/1",
    )


def _article(text: str, source: str, published: str, n: int) -> Article:
    return Article.from_text(
        text, title=f"Sample story {n}", url=f"https://{source}/story/{n}", source=source, published=published
    )


RUS, UKR = ref("RUSMIL", "Russian forces", "RUS"), ref("UKR", "Ukraine", "UKR")
USA, CHN = ref("USAGOV", "US government", "USA"), ref("CHNGOV", "Chinese government", "CHN")


def _strike_results() -> list[Result]:
    """Two outlets report the same strike on Kyiv (clustering merges them)."""
    s1 = "Russian forces shelled Kyiv on Monday."
    s2 = "Ukraine accused Moscow of striking homes."
    t1 = f"{s1} {s2}"
    s3 = "Russian troops bombarded Kyiv overnight on Monday."
    accuse = make_event(
        "ev-1b", UKR, ref("RUS", "Russia", "RUS"), "112", "2024-03-05", s2, sentence_start=len(s1) + 1
    )
    first = Result(
        _article(t1, "example-news.org", "2024-03-05", 1),
        actors=[Actor("Russian forces", 0, 14, "Russian forces", "RUSMIL", "RUS", "MIL", "group", "rus-mil")],
        events=[make_event("ev-1a", RUS, UKR, "190", "2024-03-04", s1, place=KYIV), accuse],
        quotes=[
            Quote(
                "striking homes", len(t1) - 15, len(t1) - 1, False, UKR, "Ukraine", "accused", "synthetic/1"
            )
        ],
        claims=[Claim("Monday", 32, 38, 1.0, "day", None, 2024, extractor="synthetic/1")],
        places=[KYIV],
        tone=-6.5,
        extractor="synthetic/1",
    )
    second = Result(
        _article(s3, "sample-wire.net", "2024-03-05", 2),
        events=[make_event("ev-2a", RUS, UKR, "190", "2024-03-04", s3, place=KYIV)],
        tone=-5.5,
        places=[KYIV],
        extractor="synthetic/1",
    )
    return [first, second]


def _us_china_results() -> list[Result]:
    """Talks, aid, criticism and a threat between the US and China, then a negated future meeting."""
    s4 = "US officials visited Beijing for talks in April."
    s5 = "Washington promised aid to Ukraine."
    s6 = "China criticised the US over tariffs in May."
    s7 = "Beijing threatened new export curbs."
    s8 = "The two sides may not meet again this year."
    ev3 = [make_event("ev-3a", USA, CHN, "042", "2024-04-09", s4),
           make_event("ev-3b", USA, UKR, "070", "2024-04-10", s5, sentence_start=len(s4) + 1)]  # fmt: skip
    ev4 = [make_event("ev-4a", CHN, USA, "112", "2024-05-19", s6),
           make_event("ev-4b", CHN, USA, "130", "2024-05-20", s7, sentence_start=len(s6) + 1)]  # fmt: skip
    ev5 = [make_event("ev-5a", USA, CHN, "042", "2024-05-21", s8, flags=("negated", "future"))]
    return [
        Result(_article(f"{s4} {s5}", "example-news.org", "2024-04-10", 3), events=ev3, tone=2.0,
               extractor="synthetic/1"),
        Result(_article(f"{s6} {s7}", "sample-wire.net", "2024-05-20", 4), events=ev4, tone=-3.0,
               extractor="synthetic/1"),
        Result(_article(s8, "third-paper.com", "2024-05-21", 5), events=ev5, tone=0.0, extractor="synthetic/1"),
    ]  # fmt: skip


def sample_results() -> list[Result]:
    """Five invented articles about Russia (RUS), Ukraine (UKR), the United States (USA) and China (CHN)."""
    return _strike_results() + _us_china_results()


_ACTORS = [
    ("USA", "USAGOV", "US government"),
    ("CHN", "CHNGOV", "Chinese government"),
    ("RUS", "RUSMIL", "Russian military"),
    ("UKR", "UKRGOV", "Ukrainian government"),
    ("TUR", "TURGOV", "Turkish government"),
    ("IRN", "IRNGOV", "Iranian government"),
    ("ISR", "ISRMIL", "Israeli military"),
    ("IND", "INDGOV", "Indian government"),
    ("FRA", "FRAGOV", "French government"),
    ("DEU", "DEUGOV", "German government"),
]


def generate(
    con: duckdb.DuckDBPyConnection, n_events: int, *, events_per_article: int = 10, seed: float = 0.42
) -> None:
    """Append ``n_events`` random events (and their articles) with set-based SQL; tables must exist."""
    n_articles = max(1, n_events // events_per_article)
    con.execute(f"SELECT setseed({seed})")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _ng_actor_pool AS SELECT * FROM (VALUES "
        + ", ".join(f"({i}, '{c}', '{code}', '{name}')" for i, (c, code, name) in enumerate(_ACTORS))
        + ") t(i, country, code, name)"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _ng_cameo_pool AS SELECT * FROM (VALUES "
        + ", ".join(
            f"({i}, '{c}', {q}, {g}, {'NULL' if p is None else repr(p)})"
            for i, (c, (q, g, p)) in enumerate(_CAMEO.items())
        )
        + ") t(i, cameo, quad, goldstein, plover)"
    )
    con.execute(
        f"""INSERT INTO articles (id, title, url, source, published, published_inferred, language, flags, text,
                                  n_chars, tone, sentence_tone, extractor, added_at)
            SELECT printf('%016x', i), 'Generated article ' || i, 'https://gen' || (i % 50) || '.example/a/' || i,
                   'gen' || (i % 50) || '.example', DATE '2015-01-01' + CAST(floor(random() * 3650) AS INTEGER),
                   false, 'en', [], 'Generated text.', 15, round(random() * 20 - 10, 2), [], 'synthetic/1',
                   TIMESTAMP '2025-01-01 00:00:00'
            FROM range({n_articles}) r(i)"""
    )
    n_act, n_cam = len(_ACTORS), len(_CAMEO)
    con.execute(
        f"""INSERT INTO events (id, article_id, source_code, source_name, source_country, target_code, target_name,
                                target_country, source_actors, target_actors, cameo, cameo_base, cameo_root, quad,
                                goldstein, plover, context, date, date_source, sentence, sentence_start,
                                trigger_start, trigger_end, trigger, flags, extractor)
            WITH r AS (
                SELECT i, CAST(floor(random() * {n_articles}) AS BIGINT) AS art,
                       CAST(floor(random() * {n_act}) AS INTEGER) AS s,
                       CAST(floor(random() * {n_act}) AS INTEGER) AS t0,
                       CAST(floor(random() * {n_cam}) AS INTEGER) AS c
                FROM range({n_events}) g(i)
            )
            SELECT 'gen-' || r.i, printf('%016x', r.art), sa.code, sa.name, sa.country, ta.code, ta.name,
                   ta.country, '[]', '[]', cp.cameo, substr(cp.cameo, 1, 3), substr(cp.cameo, 1, 2), cp.quad,
                   cp.goldstein, cp.plover, [], a.published, 'publication', 'Generated sentence.', 0, 0, 9,
                   'generated', [], 'synthetic/1'
            FROM r
            JOIN _ng_actor_pool sa ON sa.i = r.s
            JOIN _ng_actor_pool ta ON ta.i = (r.s + 1 + r.t0 % {n_act - 1}) % {n_act}
            JOIN _ng_cameo_pool cp ON cp.i = r.c
            JOIN articles a ON a.id = printf('%016x', r.art)"""
    )


# --- a stand-in for the NLP step in run tests ----------------------------------------------------------------
POISON = "poison-pill-for-the-worker"  # an article holding this kills the worker process that extracts it


class FakeExtractor:
    """Deterministic and fast: one event per article (on its first sentence); no model is loaded.

    For tests of the run machinery (resume, kills, full disks, dead workers), where the NLP is not the subject.
    An article whose text holds :data:`POISON` kills the process extracting it, unless that is the main process.
    """

    name = "fake/1"

    def process(self, articles: list[Article]) -> list[Result]:
        return [self._one(a) for a in articles]

    def _one(self, article: Article) -> Result:
        import multiprocessing
        import os
        import signal

        if POISON in article.text and multiprocessing.parent_process() is not None:
            os.kill(os.getpid(), signal.SIGKILL)
        sentence = article.text.split(".")[0][:200] or article.text[:200]
        usa, chn = ref("USA", "United States", "USA"), ref("CHN", "China", "CHN")
        event = make_event(f"{article.id}-e0", usa, chn, "042", article.published, sentence)
        return Result(article, events=[replace(event, extractor=self.name)], tone=1.0, extractor=self.name)


CLEAN_POISON = "poison-pill-for-the-cleaner"  # a record holding this kills the cleaning worker that reads it


def poisoned_cleaner(raw: Any, settings: Any, overrides: dict[str, Any]) -> Any:
    """``runner.clean_record``, except that a record holding :data:`CLEAN_POISON` kills the pool process cleaning
    it (for ``runner.ingest(..., cleaner=poisoned_cleaner)`` with ``workers > 1``)."""
    import multiprocessing
    import os
    import signal

    from newsgraph.runner import clean_record

    if CLEAN_POISON in getattr(raw, "content", "") and multiprocessing.parent_process() is not None:
        os.kill(os.getpid(), signal.SIGKILL)
    return clean_record(raw, settings, overrides)


def fake_extractor(settings: object) -> FakeExtractor:
    """A module-level maker (picklable for worker pools): ``runner.ingest(..., make_extractor=fake_extractor)``."""
    return FakeExtractor()
