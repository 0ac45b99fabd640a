"""Score the whole pipeline on the team's annotated sample articles (samples/ + tests/data/expected/).

    .venv/bin/python benchmarks/samples_eval.py [--misses]

Prints recall per category (actors, events, quotes, claims, places, publication date, no-event stories) and writes
benchmarks/results/samples_eval.json.  The same scoring (newsgraph.eval.score_annotated) backs tests/test_samples_pipeline.py.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def run(show_misses: bool = False) -> dict[str, object]:
    from newsgraph.eval import score_annotated
    from newsgraph.pipeline import Extractor
    from newsgraph.records import Result
    from newsgraph.runner import iter_articles
    from newsgraph.settings import Settings

    settings = Settings()
    ex = Extractor(settings)
    expected = {
        Path(y["file"]).name: y
        for y in (
            yaml.safe_load(p.read_text()) for p in sorted((ROOT / "tests/data/expected").glob("*.yaml"))
        )
    }
    files = [str(ROOT / "samples" / name) for name in sorted(expected)]
    articles = [a for a in iter_articles(files, settings) if not hasattr(a, "reason")]
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: dict[str, list[str]] = defaultdict(list)
    for art, res in zip(articles, ex.process(articles), strict=True):
        name = Path(art.input or "").name
        if not isinstance(res, Result):
            misses["failed"].append(f"{name}: {res.reason}")
            continue
        for cat, (found, n, miss) in score_annotated(res, expected[name]).items():
            totals[cat][0] += found
            totals[cat][1] += n
            misses[cat] += [f"{name}: {m}" for m in miss]
    report = {
        cat: {"found": f, "expected": n, "recall": round(f / n, 3) if n else None}
        for cat, (f, n) in sorted(totals.items())
    }
    out = {"articles": len(articles), "categories": report}
    (ROOT / "benchmarks/results").mkdir(exist_ok=True)
    (ROOT / "benchmarks/results/samples_eval.json").write_text(json.dumps(out, indent=2) + "\n")
    for cat, r in report.items():
        print(f"{cat:10} {r['found']:4}/{r['expected']:<4} recall {r['recall']}")
    if show_misses:
        for cat, ms in misses.items():
            for m in ms:
                print(f"  miss {cat}: {m}")
    return out


if __name__ == "__main__":
    run("--misses" in sys.argv)
