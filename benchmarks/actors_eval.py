"""Actor recognition and resolution: figures on the sample articles and the development sets.

Run: .venv/bin/python benchmarks/actors_eval.py [--eval-dir ../shared/eval] [--verbose]

- samples: every expected ``{text, code}`` in tests/data/expected/<stem>.yaml must be found as a mention with the
  same text and code at the article's date (strict), or with the same first three letters (country level);
- plover-gsr.dev: recall/precision of the gold source/target countries (first three letters of each code) against
  the first three letters of the codes of the actors found in the sentence;
- conflibert-quad.dev: share of records whose gold source/target span (only spans that occur in the text) overlaps
  some found actor mention;
- lexicon load time (cold, no cache) and matcher build time;
- same-code dyads: the share of coded events with a source and a target that carry one actor code on both
  sides, on the samples and (``--pages DIR``) on real web pages read by newsgraph's own reader (full pipeline,
  so ``dyads.check_dyad`` included).  Non-English and too-short pages are skipped by the reader.

Writes benchmarks/results/actors_eval.json.  The dev sets are read in place and never copied.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def _norm(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


def _same_span(a: str, b: str) -> bool:
    """Same mention text, ignoring a leading 'the' and a title/country prefix on either side
    ('Hakan Fidan' = 'Turkish Foreign Minister Hakan Fidan'): the right edges agree on a word boundary."""
    a, b = (x[4:] if x.lower().startswith("the ") else x for x in (a, b))
    return a == b or a.endswith(" " + b) or b.endswith(" " + a)


def load_samples() -> list[tuple[str, Any, dict[str, Any]]]:
    """(stem, Article, expected) for every sample with an expected file."""
    from newsgraph.ingest import RawDoc, iter_inputs, to_article
    from newsgraph.settings import Settings

    settings = Settings()
    out = []
    for item in iter_inputs([ROOT / "samples"], settings):
        if not isinstance(item, RawDoc):
            continue
        stem = Path(item.input).stem
        exp_path = ROOT / "tests" / "data" / "expected" / f"{stem}.yaml"
        if not exp_path.is_file():
            continue
        expected = yaml.safe_load(exp_path.read_text(encoding="utf-8"))
        out.append((stem, to_article(item, settings), expected))
    return out


def sample_figures(nlp: Any, finder: Any, verbose: bool) -> dict[str, Any]:
    from newsgraph.actors import main_country

    strict = country = total = 0
    misses: list[str] = []
    for stem, article, expected in load_samples():
        on = _date(expected.get("published") or expected.get("published_inferred") or article.published)
        doc = nlp(article.text)
        mentions = finder.mentions(doc, on=on)
        context = main_country([m.actor for m in mentions])
        if context:
            mentions = finder.mentions(doc, on=on, context_country=context)
        found = [(_norm(m.actor.text), m.actor.code) for m in mentions]
        for exp in expected.get("actors") or []:
            total += 1
            want = _norm(str(exp["text"]))
            codes = {code for text, code in found if _same_span(want, text)}
            if exp["code"] in codes:
                strict += 1
                country += 1
                continue
            if any(c[:3] == str(exp["code"])[:3] for c in codes):
                country += 1
            misses.append(f"{stem}: {exp['text']!r} expected {exp['code']} got {sorted(codes) or '-'}")
    if verbose:
        print("\n".join(misses))
    return {
        "expected": total,
        "strict": strict,
        "country": country,
        "strict_share": round(strict / total, 3) if total else None,
        "country_share": round(country / total, 3) if total else None,
        "misses": misses,
    }


def _jsonl(path: Path) -> Iterable[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def plover_figures(nlp: Any, finder: Any, path: Path) -> dict[str, Any]:
    records = list(_jsonl(path))
    gold_n = found_gold = pred_n = pred_ok = 0
    for rec, doc in zip(records, nlp.pipe(r["text"] for r in records), strict=True):
        gold = {
            c[:3] for ev in rec.get("events") or [] for c in [*ev.get("source", []), *ev.get("target", [])]
        }
        pred = {m.actor.code[:3] for m in finder.mentions(doc, on=_date(rec.get("date"))) if m.actor.code}
        gold_n += len(gold)
        found_gold += len(gold & pred)
        pred_n += len(pred)
        pred_ok += len(pred & gold)
    return {
        "records": len(records),
        "gold_countries": gold_n,
        "recall": round(found_gold / gold_n, 3) if gold_n else None,
        "precision": round(pred_ok / pred_n, 3) if pred_n else None,
    }


def _locate(text: str, span: str) -> tuple[int, int] | None:
    """Character offsets of a tokenised gold span ("Croatian government 's request") in the raw text."""
    tokens = span.replace("\u02bc", "'").replace("\u2019", "'").split()
    if not tokens:
        return None
    pattern = r"\s*".join(re.escape(t).replace("'", "['\u2019\u02bc]") for t in tokens)
    match = re.search(pattern, text)
    return (match.start(), match.end()) if match else None


def conflibert_figures(nlp: Any, finder: Any, path: Path) -> dict[str, Any]:
    records = list(_jsonl(path))
    counts = {"source": [0, 0], "target": [0, 0]}
    for rec, doc in zip(records, nlp.pipe(r["text"] for r in records), strict=True):
        spans = [(m.actor.start, m.actor.end) for m in finder.mentions(doc, on=_date(rec.get("date")))]
        for role in ("source", "target"):
            for gold in rec.get(f"{role}_text") or []:
                found = _locate(rec["text"], gold)
                if found is None:
                    continue
                counts[role][0] += 1
                at, end = found
                if any(s < end and at < e for s, e in spans):
                    counts[role][1] += 1
                break  # one span per record and role
    return {
        "records": len(records),
        **{f"{role}_spans": n for role, (n, _) in counts.items()},
        **{f"{role}_overlap": round(k / n, 3) if n else None for role, (n, k) in counts.items()},
    }


def timing() -> dict[str, float]:
    from newsgraph.actors import ActorFinder
    from newsgraph.lexicon import load_lexicon
    from newsgraph.pipeline import load_spacy

    load_lexicon.cache_clear()
    started = time.perf_counter()
    lex = load_lexicon(None)
    load_s = time.perf_counter() - started
    nlp = load_spacy("md")
    started = time.perf_counter()
    ActorFinder(nlp.vocab, lex).build(nlp.make_doc)
    build_s = time.perf_counter() - started
    return {
        "lexicon_load_s": round(load_s, 3),
        "matcher_build_s": round(build_s, 3),
        "phrases": len(lex.phrases),
    }


def dyad_figures(paths: list[str], verbose: bool) -> dict[str, Any]:
    """Same-code share over events that have both a source and a target (full pipeline)."""
    from newsgraph.dyads import same_code
    from newsgraph.pipeline import Extractor
    from newsgraph.records import Article, Result
    from newsgraph.runner import iter_articles
    from newsgraph.settings import Settings

    settings = Settings()
    articles = [a for a in iter_articles(paths, settings) if isinstance(a, Article)]
    events = both = same = 0
    examples: list[str] = []
    for r in Extractor(settings).process(articles):
        if not isinstance(r, Result):
            continue
        for e in r.events:
            events += 1
            if e.source and e.target:
                both += 1
                if same_code(e):
                    same += 1
                    examples.append(f"{e.source[0].code} {e.trigger!r} | {e.sentence[:120]}")
    if verbose:
        print("\n".join(examples), file=sys.stderr)
    share = round(same / both, 3) if both else 0.0
    return {"articles": len(articles), "events": events, "dyads": both, "same_code": same, "share": share,
            "examples": examples[:20]}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", default=str(ROOT.parent / "shared" / "eval"))
    parser.add_argument("--pages", help="folder of real web pages for the same-code dyad figure")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    from newsgraph.actors import ActorFinder
    from newsgraph.lexicon import load_lexicon
    from newsgraph.pipeline import load_spacy

    result: dict[str, Any] = {"timing": timing()}
    nlp = load_spacy("md")
    finder = ActorFinder(nlp.vocab, load_lexicon(None)).build(nlp.make_doc)
    started = time.perf_counter()
    result["samples"] = sample_figures(nlp, finder, args.verbose)
    eval_dir = Path(args.eval_dir)
    if (eval_dir / "plover-gsr.dev.jsonl").is_file():
        result["plover_gsr_dev"] = plover_figures(nlp, finder, eval_dir / "plover-gsr.dev.jsonl")
    if (eval_dir / "conflibert-quad.dev.jsonl").is_file():
        result["conflibert_quad_dev"] = conflibert_figures(
            nlp, finder, eval_dir / "conflibert-quad.dev.jsonl"
        )
    result["dyads_samples"] = dyad_figures([str(ROOT / "samples")], args.verbose)
    if args.pages:
        result["dyads_pages"] = dyad_figures([args.pages], args.verbose)
    result["timing"]["eval_s"] = round(time.perf_counter() - started, 1)
    out = ROOT / "benchmarks" / "results" / "actors_eval.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    summary = {
        k: (
            {kk: vv for kk, vv in v.items() if kk not in ("misses", "examples")} if isinstance(v, dict) else v
        )
        for k, v in result.items()
    }
    json.dump(summary, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
