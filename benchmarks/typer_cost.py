"""Cost of the learned event stage beside the whole pipeline (docs/models.md, docs/performance.md).

    PYTHONPATH=src .venv/bin/python benchmarks/typer_cost.py [--copies 3]

Runs the team's sample articles (``--copies`` times) through the whole pipeline with the stage on and off, in the
same process, interleaved (best of ``--repeat`` rounds each), and times the stage alone on the parsed
documents: milliseconds per candidate event and per article, and the stage's share of the pipeline's time.
Absolute figures depend on the machine's load; the share is the number to read.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> dict[str, Any]:
    from newsgraph.pipeline import Extractor, load_spacy
    from newsgraph.records import Result
    from newsgraph.runner import iter_articles
    from newsgraph.settings import Settings

    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    nlp = load_spacy("md")
    rules, model = Extractor(Settings(event_model=False), nlp=nlp), Extractor(Settings(), nlp=nlp)
    files = [str(p) for p in sorted((ROOT / "samples").glob("*.*")) if p.suffix in (".txt", ".html")]
    arts = [a for a in iter_articles(files, rules.settings) if not hasattr(a, "reason")] * args.copies
    wall = {"rules": float("inf"), "model": float("inf")}
    for _ in range(args.repeat):  # interleaved, best of each: the machine is shared
        for name, ex in (("rules", rules), ("model", model)):
            t0 = time.perf_counter()
            list(ex.process(arts))
            wall[name] = min(wall[name], time.perf_counter() - t0)
    assert model.typer is not None
    cands = stage = 0.0
    for art in arts:
        text = rules.select_text(art.text) if rules.settings.prefilter else art.text
        if not text:
            continue
        doc = nlp(text)
        res = rules.run_stages(art, doc)
        assert isinstance(res, Result)
        t0 = time.perf_counter()
        model.typer.apply(doc, res.events)
        stage += time.perf_counter() - t0
        cands += len(res.events)
    out = {"articles": len(arts), "candidates": int(cands), "pipeline_s": {k: round(v, 2) for k, v in wall.items()},
           "stage_s": round(stage, 3), "ms_per_candidate": round(1000 * stage / cands, 3) if cands else None,
           "ms_per_article": round(1000 * stage / len(arts), 3),
           "stage_share_of_pipeline": round(stage / wall["model"], 4),
           "throughput_ratio_model_vs_rules": round(wall["rules"] / wall["model"], 3)}  # fmt: skip
    print(json.dumps(out, indent=1))
    (ROOT / "benchmarks/results").mkdir(exist_ok=True)
    (ROOT / "benchmarks/results/typer_cost.json").write_text(json.dumps(out, indent=1) + "\n")
    return out


if __name__ == "__main__":
    main()
