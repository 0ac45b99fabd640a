"""`newsgraph bench`: throughput and memory against bare spaCy (see docs/performance.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from newsgraph.errors import ConfigError


def _line(name: str, run: dict[str, Any]) -> str:
    rss = run["rss"]
    workers = " / ".join(f"{w:.0f}" for w in rss["workers_mib"])
    mem = f"peak RSS main {rss['main_mib']:.0f} MiB" + (f", workers {workers} MiB" if workers else "")
    ratio = f" · ratio {run['ratio_vs_bare']:.2f}" if "ratio_vs_bare" in run else ""
    if "cpu_ratio_vs_bare" in run:
        ratio += f" · CPU-time ratio {run['cpu_ratio_vs_bare']:.2f}"
    if "ratio_vs_bare_english" in run:
        ratio += f" (vs bare on the English texts only {run['ratio_vs_bare_english']:.2f})"
    return (f"{name:<14} {run['articles']:>6} articles {run['seconds']:>8.1f} s {run['articles_per_s']:>7.1f} art/s "
            f"{run['words_per_s']:>7} words/s{ratio} · {mem}")  # fmt: skip


def report_lines(result: dict[str, Any]) -> list[str]:
    """The human summary printed by ``newsgraph bench``."""
    c, m = result["corpus"], result["machine"]
    lines = [f"machine: {m['cpus']} × {m['cpu']}, {m['memory_gib']} GiB, load {m['load_avg_1m_at_start']}",
             f"corpus: {c['articles']} files ({c.get('pages', 0)} real pages, {c.get('stories', 0)} synthetic stories, "
             f"{c['samples']} sample copies, filler {c['filler']}); {c['clean_articles']} texts extracted, "
             f"{c.get('english_articles', '?')} English, {c['words']} words; read + clean {c['read_and_clean_s']} s"]  # fmt: skip
    if "bare" in result:
        lines.append(_line("bare spaCy", result["bare"]))
    lines += [
        _line(f"newsgraph ×{k.split('_')[1]}" + (" no gate" if "no_article" in k else ""), v)
        for k, v in result.items()
        if k.startswith("newsgraph_")
    ]
    bd = result.get("newsgraph_1", {}).get("breakdown")
    if bd:
        lines.append("stages (1 process, s): " + ", ".join(f"{k} {v}" for k, v in bd["extractor"].items()))
        lines.append(f"store {bd['store_total']} s (" + ", ".join(f"{k} {v}" for k, v in bd["store"].items())
                     + f"); other (read, clean, minhash, batching) {bd['other']} s")  # fmt: skip
    comp = result.get("components")
    if comp:
        p = comp["prefilter"]
        lines.append(f"pre-filter: parses {p['articles_parsed']}/{p['articles']} articles, keeps "
                     f"{p['sentences_kept']}/{p['sentences']} sentences ({p['chars_kept_share']:.0%} of characters)")  # fmt: skip
        for key in ("full_texts", "prefiltered_texts"):
            lines.append(
                f"spaCy components, {key.replace('_', ' ')} (s): "
                + ", ".join(f"{k} {v}" for k, v in comp[key].items())
            )
    t = result["targets"]
    lines.append(f"targets: ratio ≥ 1.5 {'ok' if t['ratio_ok'] else 'MISSED'} ({t['ratio_1_process']}), "
                 f"≥ 25 art/s on 2 processes {'ok' if t['rate_ok'] else 'MISSED'} ({t['articles_per_s_2_processes']}), "
                 f"≤ 1 GB per process {'ok' if t['rss_ok'] else 'MISSED'} ({t['peak_rss_per_process_mib']} MiB)")  # fmt: skip
    return lines


@click.command("bench")
@click.option("--articles", type=click.IntRange(min=1), default=2000, show_default=True, help="Corpus size.")
@click.option("--samples-share", type=click.FloatRange(0, 1), default=0.4, show_default=True,
              help="Share of sample copies; the rest is filler (sport, weather, markets, culture).")  # fmt: skip
@click.option(
    "--workers", "workers", type=click.IntRange(min=1), multiple=True, help="Process counts (default 1 2)."
)
@click.option("--model", type=click.Choice(["md", "sm"]), default="md", show_default=True)
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True)
@click.option("--no-bare", is_flag=True, help="Skip the bare spaCy measurement.")
@click.option(
    "--stages", is_flag=True, help="Also time each spaCy component and report the pre-filter's reach."
)
@click.option("--profile", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write a pyinstrument text profile of the one-process ingest here.")  # fmt: skip
@click.option(
    "--samples", type=click.Path(path_type=Path, file_okay=False), default=None, help="Sample folder."
)
@click.option(
    "--out", type=click.Path(path_type=Path, dir_okay=False), default=None, help="Write the JSON here."
)
@click.option("--pages", type=click.Path(path_type=Path, file_okay=False, exists=True), default=None,
              help="Realistic mix: a folder of real pages (e.g. ../shared/pages/trafilatura-eval/pages).")  # fmt: skip
@click.option("--stories", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="Realistic mix: ngec-synthetic.jsonl.gz; sealed stories are wrapped as HTML pages.")  # fmt: skip
@click.option("--stories-n", type=click.IntRange(min=0), default=150, show_default=True,
              help="How many sealed stories the realistic mix takes.")  # fmt: skip
@click.option(
    "--no-article-model", is_flag=True, help="Ingest without the article-level gate (before/after)."
)
@click.option(
    "--languages", default=None, help="Accepted languages of the ingest, comma-separated (default: Settings)."
)
@click.option("--compare-gate", is_flag=True, help="Add a one-process ingest without the article-level gate.")
@click.option("--repeat", type=click.IntRange(min=1), default=1, show_default=True,
              help="Rounds of all measurements, interleaved; the fastest of each is reported.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the JSON instead of the summary.")
def bench_cmd(articles: int, samples_share: float, workers: tuple[int, ...], model: str, batch_size: int,
              no_bare: bool, stages: bool, profile: Path | None, samples: Path | None, out: Path | None,
              pages: Path | None, stories: Path | None, stories_n: int, no_article_model: bool, languages: str | None, compare_gate: bool, repeat: int,
              as_json: bool) -> None:  # fmt: skip
    """Measure articles/s, words/s and peak RSS of bare spaCy and of newsgraph ingest (1 and 2 processes).

    Without --pages/--stories the corpus is generated (bundled samples + filler, works from an installed
    package); with them it is the realistic mix of docs/performance.md."""
    from newsgraph.bench import SAMPLES, BenchConfig, run_benchmark

    if profile is not None and 1 not in (workers or (1, 2)):
        raise ConfigError("--profile profiles the one-process run: include --workers 1")
    config = BenchConfig(articles=articles, samples_share=samples_share, model=model, batch_size=batch_size,
                         workers=workers or (1, 2), bare=not no_bare, stages=stages,
                         profile=profile.resolve() if profile else None, samples=samples or SAMPLES,
                         pages=pages.resolve() if pages else None, stories=stories.resolve() if stories else None,
                         stories_n=stories_n, article_model=not no_article_model, compare_gate=compare_gate, repeat=repeat,
                         languages=tuple(x.strip() for x in languages.split(",") if x.strip()) if languages else ())  # fmt: skip
    log = None if as_json else (lambda msg: click.echo(msg, err=True))
    result = run_benchmark(config, log=log)
    text = json.dumps(result, indent=2)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n", encoding="utf-8")
    click.echo(text if as_json else "\n".join(report_lines(result)))


COMMANDS = [bench_cmd]
