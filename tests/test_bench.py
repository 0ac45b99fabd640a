"""The throughput benchmark (issue 8): corpus builder, RSS sampler, store timer, and one small smoke run.

No timing is asserted anywhere: the figures depend on the machine (docs/performance.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.bench import TOPICS, PeakRSS, TimedStore, build_corpus, clean_articles, filler_article
from newsgraph.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("topic", TOPICS)
def test_filler_is_deterministic_and_varied(topic: str) -> None:
    title, body = filler_article(topic, 7)
    assert (title, body) == filler_article(topic, 7)
    assert body != filler_article(topic, 8)[1]
    assert body.count("\n\n") == 2 and "{" not in body + title
    assert 60 <= len(body.split()) <= 300


@pytest.mark.parametrize(
    ("n", "share", "samples", "filler"), [(10, 0.4, 4, 6), (5, 1.0, 5, 0), (8, 0.0, 0, 8)]
)
def test_corpus_mix(tmp_path: Path, n: int, share: float, samples: int, filler: int) -> None:
    corpus = build_corpus(tmp_path / "c", n, samples_share=share)
    assert (corpus.files, corpus.samples, sum(corpus.filler.values())) == (n, samples, filler)
    assert len(list((tmp_path / "c").iterdir())) == n


def test_corpus_articles_have_distinct_ids(tmp_path: Path) -> None:
    build_corpus(tmp_path / "c", 80, samples_share=0.5)  # 40 copies: every sample at least once, some twice
    articles = clean_articles(tmp_path / "c", Settings())
    assert len(articles) == 80
    assert len({a.id for a in articles}) == 80


def test_peak_rss_and_timed_store() -> None:
    with PeakRSS(interval=0.01) as rss:
        block = bytearray(20 * 2**20)
    assert len(block) and rss.summary()["main_mib"] > 20

    class Fake:
        name = "fake"

        def write(self, rows: list[int]) -> int:
            return len(rows)

    store = TimedStore(Fake())
    assert store.write([1, 2]) == 2 and store.name == "fake"
    assert set(store.timings) == {"write"}


def test_bench_smoke_run(tmp_path: Path) -> None:
    from newsgraph.cli import main
    from newsgraph.commands.bench import report_lines

    out = tmp_path / "bench.json"
    assert main(["bench", "--articles", "6", "--workers", "1", "--out", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["corpus"]["articles"] == 6 and result["corpus"]["samples"] == 2
    assert result["bare"]["articles"] == 6 and result["bare"]["tokens"] > 0
    run = result["newsgraph_1"]
    assert run["stats"]["stored"] == 6 and run["stats"]["failed"] == 0
    assert {"nlp", "prefilter"} <= set(run["breakdown"]["extractor"]) and "commit" in run["breakdown"]["store"]
    assert run["rss"]["max_process_mib"] > 0 and "ratio_vs_bare" in run
    assert set(result["targets"]) >= {"ratio_ok", "rate_ok", "rss_ok"}
    assert any(line.startswith("newsgraph ×1") for line in report_lines(result))
