"""Rules only vs rules + learned event stage, on the sealed and the non-sealed part of every set (docs/accuracy.md).

    PYTHONPATH=src .venv/bin/python benchmarks/sealed_eval.py [--sets plv,gsr,conflibert,pages,samples]
        [--shared ../shared] [--out benchmarks/results/sealed_eval.json] [--parts sealed,rest]

Parts follow newsgraph.learned.split.is_sealed (text; page file name for pages).  The non-sealed part of the
training files is training material for the model: its figures are "seen" figures, shown only to compare with
sealed ones.  Sets:

- plv: ../shared/train/plv-train.jsonl.  A predicted (non-negated) event *matches the pair* ("strict") when its
  source actor spans overlap the marked source and its target spans the marked target, or when it is reciprocal
  (several parties in ``source``, no target: FORMAT.md's every-ordered-pair rule) and its parties overlap both
  marked spans; "directed": the first condition only (the figure reported before 2026-11-30); "loose": either side
  overlaps.  type_accuracy: among records with a matching event, the first one has the gold type
  (CONCEDE/RETREAT count as YIELD); pair_gold_type: share of records with a matching event of the gold type;
  no_event: share of records with no event at all.
- gsr: ../shared/eval/plover-gsr.dev.jsonl scored exactly like ``newsgraph eval`` (FORMAT.md).
- conflibert: ../shared/train/conflibert-train.jsonl, five-class accuracy like ``newsgraph eval``.
- pages: ../shared/pages/trafilatura-eval pages not listed in benchmarks/data/political-pages.txt (the team's
  reading of each page's URL and title): events per non-political page; parts by the file name.
- samples: the team's sample articles annotated ``no_events`` (sport, weather): events per article.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _events(res: Any) -> list[Any]:
    from newsgraph.records import Result

    return [e for e in res.events if "negated" not in e.flags] if isinstance(res, Result) else []


def _overlaps(refs: Sequence[Any], span: dict[str, Any] | None) -> bool:
    return bool(span) and any(r.start is not None and r.end is not None and r.start < span["end"]  # type: ignore[index]
                              and span["start"] < r.end for r in refs)  # type: ignore[index]  # fmt: skip


def plv_scores(records: Sequence[dict[str, Any]], results: Sequence[Any]) -> dict[str, Any]:
    from newsgraph.learned.events import type_class

    n = len(records)
    out: dict[str, Any] = {"records": n}
    for how in ("strict", "directed", "loose"):
        matched = typed = found = empty = 0
        for rec, res in zip(records, results, strict=True):
            evs = _events(res)
            empty += not evs
            src = [_overlaps(e.source, rec.get("source")) for e in evs]
            tgt = [_overlaps(e.target, rec.get("target")) for e in evs]
            # strict: FORMAT.md's reciprocal rule (several parties, no target: every ordered pair of them)
            rec_ok = [how == "strict" and not e.target and len(e.source) > 1 and s
                      and _overlaps(e.source, rec.get("target")) for e, s in zip(evs, src, strict=True)]  # fmt: skip
            ok = [
                s and t or r if how != "loose" else s or t for s, t, r in zip(src, tgt, rec_ok, strict=True)
            ]
            hits = [e for e, hit in zip(evs, ok, strict=True) if hit]
            gold = type_class(rec["plover"])
            if hits:
                matched += 1
                typed += type_class(hits[0].plover) == gold
                found += any(type_class(e.plover) == gold for e in hits)
        out[how] = {"pair_matched": round(matched / n, 4) if n else None,
                    "type_accuracy": round(typed / matched, 4) if matched else None,
                    "pair_gold_type": round(found / n, 4) if n else None}  # fmt: skip
        out["no_event"] = round(empty / n, 4) if n else None
    return out


def gold_scores(records: Sequence[dict[str, Any]], results: Sequence[Any], penta: bool) -> dict[str, Any]:
    from newsgraph.eval import EventScore, PentaScore
    from newsgraph.records import Result

    score: Any = PentaScore() if penta else EventScore()
    for rec, res in zip(records, results, strict=True):
        evs = res.events if isinstance(res, Result) else []
        if penta:
            score.add(rec, evs)
        else:
            score.add(rec, evs, False)
    d = score.to_dict()
    keep = ("records", "accuracy", "macro_f1") if penta else ("records", "f1", "precision", "recall")
    return {k: d[k] for k in keep}


def page_scores(articles: Sequence[Any], results: Sequence[Any]) -> dict[str, Any]:
    n = len(articles)
    counts = [len(_events(r)) for r in results]
    return {"pages": n, "events": sum(counts), "events_per_page": round(sum(counts) / n, 3) if n else None,
            "pages_with_events": sum(1 for c in counts if c)}  # fmt: skip


PARTS = ["sealed", "rest"]  # --parts rest: choose variants without reading the sealed part


def _split(items: Sequence[Any], key: Any) -> dict[str, list[Any]]:
    from newsgraph.learned.split import is_sealed

    parts = {
        "sealed": [x for x in items if is_sealed(key(x))],
        "rest": [x for x in items if not is_sealed(key(x))],
    }
    return {k: v for k, v in parts.items() if k in PARTS}


def _run(extractors: dict[str, Any], articles: Sequence[Any]) -> dict[str, list[Any]]:
    return {name: list(ex.process(articles)) for name, ex in extractors.items()}


def sentence_set(path: Path, extractors: dict[str, Any], kind: str, split: Any = None) -> dict[str, Any]:
    """Scores per part (``split(items, key)`` → {part: items}; default: sealed / rest)."""
    from newsgraph.eval import _articles, read_gold

    out: dict[str, Any] = {"file": path.name}
    for part, recs in (split or _split)(read_gold(path), lambda r: r["text"]).items():
        runs = _run(extractors, list(_articles(recs)))
        for name, results in runs.items():
            if kind == "plv":
                out[f"{part}/{name}"] = plv_scores(recs, results)
            else:
                out[f"{part}/{name}"] = gold_scores(recs, results, penta=kind == "conflibert")
    return out


def pages_set(pages: Path, extractors: dict[str, Any], settings: Any) -> dict[str, Any]:
    from newsgraph.runner import iter_articles

    political = {
        ln.split("#")[0].strip()
        for ln in (ROOT / "benchmarks/data/political-pages.txt").read_text().splitlines()
    }
    files = sorted(p for p in (pages / "pages").glob("*.html.gz") if p.name not in political)
    out: dict[str, Any] = {"non_political_files": len(files)}
    for part, group in _split(files, lambda p: p.name).items():
        arts = [a for a in iter_articles([str(p) for p in group], settings) if not hasattr(a, "reason")]
        for name, results in _run(extractors, arts).items():
            out[f"{part}/{name}"] = {**page_scores(arts, results), "files": len(group)}
    return out


def samples_set(extractors: dict[str, Any], settings: Any) -> dict[str, Any]:
    import yaml

    from newsgraph.runner import iter_articles

    names = [y["file"] for y in (yaml.safe_load(p.read_text()) for p in sorted((ROOT / "tests/data/expected").glob("*.yaml")))
             if y.get("no_events")]  # fmt: skip
    arts = [a for a in iter_articles([str(ROOT / n) for n in names], settings) if not hasattr(a, "reason")]
    return {name: {**page_scores(arts, res), "files": names} for name, res in _run(extractors, arts).items()}


def samples_events(extractors: dict[str, Any], settings: Any) -> dict[str, Any]:
    """Recall of the hand-annotated events of all sample articles (newsgraph.eval.score_annotated) and how many
    events each variant emits: the learned stage must not throw away real events in whole articles."""
    import yaml

    from newsgraph.eval import score_annotated
    from newsgraph.runner import iter_articles

    expected = {Path(y["file"]).name: y for y in (yaml.safe_load(p.read_text()) for p in sorted((ROOT / "tests/data/expected").glob("*.yaml")))}  # fmt: skip
    arts = [a for a in iter_articles([str(ROOT / "samples" / n) for n in sorted(expected)], settings) if not hasattr(a, "reason")]  # fmt: skip
    out: dict[str, Any] = {}
    for name, results in _run(extractors, arts).items():
        found = total = emitted = 0
        for art, res in zip(arts, results, strict=True):
            emitted += len(_events(res))
            if hasattr(res, "events"):
                f, n, _ = score_annotated(res, expected[Path(art.input or "").name])["events"]
                found, total = found + f, total + n
        out[name] = {"articles": len(arts), "expected": total, "found": found,
                     "recall": round(found / total, 4) if total else None, "events_emitted": emitted}  # fmt: skip
    return out


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    from newsgraph.pipeline import Extractor, load_spacy
    from newsgraph.settings import Settings

    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", default="plv,gsr,conflibert,pages,samples")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/sealed_eval.json")
    ap.add_argument(
        "--parts", default="sealed,rest", help="'rest' while choosing a variant; sealed read once"
    )
    args = ap.parse_args(argv)
    PARTS[:] = args.parts.split(",")
    nlp = load_spacy("md")
    rules = Settings(event_model=False)
    extractors = {"rules": Extractor(rules, nlp=nlp), "model": Extractor(Settings(), nlp=nlp)}
    report: dict[str, Any] = {"model": extractors["model"].typer.model.version}
    sets = args.sets.split(",")
    t0 = time.perf_counter()
    for name, path in (("plv", "train/plv-train.jsonl"), ("gsr", "eval/plover-gsr.dev.jsonl"),
                       ("conflibert", "train/conflibert-train.jsonl")):  # fmt: skip
        if name in sets:
            report[name] = sentence_set(args.shared / path, extractors, name)
            print(json.dumps({name: report[name]}, indent=1), flush=True)
    if "pages" in sets:
        report["pages"] = pages_set(args.shared / "pages/trafilatura-eval", extractors, rules)
        print(json.dumps({"pages": report["pages"]}, indent=1), flush=True)
    if "samples" in sets:
        report["samples_no_events"] = samples_set(extractors, rules)
        print(json.dumps({"samples": report["samples_no_events"]}, indent=1), flush=True)
    if "samples" in sets:
        report["samples_events"] = samples_events(extractors, rules)
        print(json.dumps({"samples_events": report["samples_events"]}, indent=1), flush=True)
    report["seconds"] = round(time.perf_counter() - t0, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n")
    return report


if __name__ == "__main__":
    main()
