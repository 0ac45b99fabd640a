"""Throughput and memory of newsgraph against bare spaCy (issue 8); the same run as ``newsgraph bench``.

Builds N articles (default 2,000: 40% copies of the bundled samples, 60% generated sport/weather/markets/culture
filler), then measures in fresh child processes: (a) bare ``nlp.pipe`` of the chosen pipeline over the clean
texts, (b) ``newsgraph ingest`` into a fresh DuckDB file with 1 and 2 processes; prints articles/s, words/s, the
ratio b/a and peak RSS per process, and writes JSON.  Figures and the profile: docs/performance.md.

    .venv/bin/python benchmarks/throughput.py --articles 2000 --stages \
        --profile benchmarks/results/throughput_profile.txt --out benchmarks/results/throughput.json
"""

from __future__ import annotations

import sys

from newsgraph.cli import main

if __name__ == "__main__":
    sys.exit(main(["bench", *sys.argv[1:]]))
