"""Dump what the reader and the extractor make of the real-page mix, to check that a speed change leaves every
output byte-identical; optionally time and profile ``to_article`` (the HTML side of ingest).

Builds the 484-file mix of ``newsgraph bench`` (the real pages, the sealed stories as pages, the samples), reads it
with ``iter_articles`` (every language stored), writes one JSON line per Article or Skip, then, unless
``--no-extract``, one per ``Extractor.process`` result.  Run it before and after a change and compare the files
(``cmp``); see docs/performance.md.

    PYTHONPATH=src .venv/bin/python benchmarks/ingest_identity.py --pages ../shared/pages/trafilatura-eval/pages \
        --stories ../shared/train/ngec-synthetic.jsonl.gz --out /tmp/before.jsonl [--no-extract] \
        [--profile /tmp/read.prof] [--repeat 3]

``--repeat N`` reads the mix N more times after the dump (warm, as a long run is) and prints the fastest read;
``--profile FILE`` writes a cProfile of one warm read (``python -m pstats FILE``).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from newsgraph.bench import BenchConfig, build_real_corpus
from newsgraph.records import Article
from newsgraph.runner import iter_articles
from newsgraph.settings import Settings


def read_all(folder: Path, settings: Settings) -> list[Any]:
    """Every Article and Skip the reader makes of ``folder``, in reading order."""
    return list(iter_articles([str(folder)], settings))


def dump_lines(records: list[Any], folder: Path) -> list[str]:
    """One sorted-keys JSON line per record, the corpus folder's path replaced so that two runs compare."""
    prefix = str(folder)
    return [
        json.dumps(r.to_dict(), sort_keys=True, ensure_ascii=False).replace(prefix, "<mix>") for r in records
    ]


def timed_reads(folder: Path, settings: Settings, repeat: int, profile: Path | None) -> list[float]:
    """Seconds of ``repeat`` warm reads of the mix; the last one under cProfile when ``profile`` is given."""
    times: list[float] = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        read_all(folder, settings)
        times.append(time.perf_counter() - t0)
    if profile is not None:
        prof = cProfile.Profile()
        prof.runcall(read_all, folder, settings)
        prof.dump_stats(str(profile))
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=Path, required=True)
    ap.add_argument("--stories", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--no-extract", action="store_true", help="dump the reader's output only (no spaCy)")
    ap.add_argument("--repeat", type=int, default=0, help="warm timed reads after the dump")
    ap.add_argument("--profile", type=Path, default=None, help="cProfile of one warm read")
    args = ap.parse_args(argv)
    settings = Settings(languages=("*",))
    with tempfile.TemporaryDirectory(prefix="ng-identity-") as tmp:
        folder = Path(tmp) / "mix"
        build_real_corpus(folder, BenchConfig(pages=args.pages, stories=args.stories))
        t0 = time.perf_counter()
        records = read_all(folder, settings)
        first = time.perf_counter() - t0
        lines = dump_lines(records, folder)
        if not args.no_extract:
            from newsgraph.pipeline import default_extractor

            articles = [r for r in records if isinstance(r, Article)]
            lines += dump_lines(list(default_extractor(settings).process(articles)), folder)
        times = timed_reads(folder, settings, args.repeat, args.profile)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    warm = f"; warm reads {', '.join(f'{t:.2f}' for t in times)} s" if times else ""
    print(f"{len(records)} records, {len(lines)} lines -> {args.out}; first read {first:.2f} s{warm}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
