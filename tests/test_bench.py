"""The throughput benchmark (issue 8): corpus builder, RSS sampler, store timer, and one small smoke run.

No timing is asserted anywhere: the figures depend on the machine (docs/performance.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.bench import (
    SAMPLES,
    TOPICS,
    BenchConfig,
    PeakRSS,
    TimedStore,
    bare_texts,
    build_corpus,
    build_real_corpus,
    clean_articles,
    filler_article,
)
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


def test_samples_are_shipped_as_package_data() -> None:
    # src/newsgraph/data/bench/samples is a link to samples/: a wheel carries the files, a checkout has one copy
    shipped = {p.name: p.read_bytes() for p in SAMPLES.iterdir() if p.suffix in (".txt", ".html")}
    repo = {p.name: p.read_bytes() for p in (ROOT / "samples").glob("*") if p.suffix in (".txt", ".html")}
    assert len(shipped) == 34 and shipped == repo


def _sealed_texts(n: int) -> list[str]:
    from newsgraph.learned.article import is_sealed

    line = "Envoys from two neighbouring states met for round {} of talks on the disputed river border."
    texts = (f"{line.format(i)}\n\n{line.format(i + 1)}" for i in range(200))
    return [t for t in texts if is_sealed(t)][:n]


def test_real_corpus_mix(tmp_path: Path) -> None:
    import gzip

    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(3):
        body = (
            "<p>"
            + " ".join(["The club opened a new café by the river and served cakes all day."] * 6)
            + "</p>"
        )
        (pages / f"p{i}.html.gz").write_bytes(
            gzip.compress(f"<html><body><article>{body}</article></body></html>".encode())
        )
    stories = tmp_path / "stories.jsonl.gz"
    rows = [{"title": "Talks on {country_1} border", "text": t} for t in ["not sealed?", *_sealed_texts(3)]]
    stories.write_bytes(gzip.compress("\n".join(json.dumps(r) for r in rows).encode()))
    config = BenchConfig(pages=pages, stories=stories, stories_n=2)
    corpus = build_real_corpus(tmp_path / "c", config)
    assert (corpus.pages, corpus.stories, corpus.samples) == (
        3,
        2,
        len(list(SAMPLES.glob("*.txt")) + list(SAMPLES.glob("*.html"))),
    )
    assert corpus.files == len(list((tmp_path / "c").iterdir()))
    story = (tmp_path / "c" / "story-00000.html").read_text(encoding="utf-8")
    assert "<h1>Talks on border</h1>" in story and "{" not in story
    english, other = bare_texts(tmp_path / "c", "md")
    assert len(english) + len(other) == corpus.files


def test_bench_smoke_run_outside_the_checkout(tmp_path: Path) -> None:
    """`newsgraph bench` needs nothing from the checkout: run it from another folder (as an installed package)."""
    import os
    import subprocess
    import sys

    from newsgraph.commands.bench import report_lines

    out = tmp_path / "bench.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [
        sys.executable,
        "-m",
        "newsgraph.cli",
        "bench",
        "--articles",
        "6",
        "--workers",
        "1",
        "--out",
        str(out),
    ]
    proc = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["corpus"]["articles"] == 6 and result["corpus"]["samples"] == 2
    assert result["bare"]["articles"] == 6 and result["bare"]["tokens"] > 0
    run = result["newsgraph_1"]
    assert run["stats"]["stored"] == 6 and run["stats"]["failed"] == 0
    assert {"nlp", "prefilter"} <= set(run["breakdown"]["extractor"]) and "commit" in run["breakdown"][
        "store"
    ]
    assert run["rss"]["max_process_mib"] > 0 and "ratio_vs_bare" in run and "cpu_ratio_vs_bare" in run
    assert run["cpu_s"] > 0 and result["bare"]["cpu_s"] > 0 and result["bare"]["english"]["articles"] == 6
    assert set(result["targets"]) >= {"ratio_ok", "rate_ok", "rss_ok"}
    assert any(line.startswith("newsgraph ×1") for line in report_lines(result))
