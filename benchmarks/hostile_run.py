"""Ingest the hostile corpus in one run and check every promise of issue 17 on the input side; or time article sizes.

    PYTHONPATH=src .venv/bin/python benchmarks/hostile_run.py /tmp/hostile [--out report.json]
    PYTHONPATH=src .venv/bin/python benchmarks/hostile_run.py --sizes 25,50,300 [--out sizes.json]
    PYTHONPATH=src .venv/bin/python benchmarks/hostile_run.py --pages /work/shared/pages/trafilatura-eval/pages

The corpus run builds the corpus with ``hostile_corpus.build`` (when ``ROOT/in`` is missing), runs
``newsgraph ingest ROOT/in --db ROOT/store.duckdb --quiet --json`` in a child process whose peak RSS (the child and
every process under it) is sampled every 50 ms, then runs it again, and reports: exit codes, tracebacks on stderr,
peak RSS, seconds, and for every file of the manifest whether it ended as expected (``stored``: an article;
``skip``: a failures row with a reason and no article; ``partial``: both; ``any``: one or the other;
``duplicate``: neither, its text being stored under another name), whether
any text from outside the input tree was stored, and what the rerun added.  Files the run never reached, or that
ended in neither table, are listed under ``lost``.

``--pages FOLDER`` reads and cleans a folder of real pages with every language accepted and counts the outcomes
(a refusal by the text-sanity checks shows as ``extract:not-text`` / ``mojibake`` / ``repetitive``).

``--sizes`` extracts team-written articles of the given sizes in KB (``hostile_corpus.long_article``) with one
Extractor and prints wall and CPU seconds per stage; see docs/reliability.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import duckdb
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile_corpus import build, long_article  # noqa: E402

OUTSIDE_MARKERS = ("SECRET outside file", "root:x:0:0")


def run_ingest(root: Path) -> dict[str, Any]:
    """One ``newsgraph ingest`` of ROOT/in into ROOT/store.duckdb: exit code, seconds, peak RSS, stats, stderr."""
    cmd = [
        sys.executable,
        "-m",
        "newsgraph.cli",
        "ingest",
        str(root / "in"),
        "--db",
        str(root / "store.duckdb"),
    ]
    started = time.perf_counter()
    proc = subprocess.Popen([*cmd, "--quiet", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = [0]
    sampler = threading.Thread(target=_sample_rss, args=(proc, peak), daemon=True)
    sampler.start()
    out, err = proc.communicate()
    sampler.join(timeout=1)
    stderr = err.decode("utf-8", "replace")
    try:
        stats = json.loads(out.decode("utf-8", "replace").strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        stats = {"stdout": out.decode("utf-8", "replace")[-2000:]}
    return {
        "exit_code": proc.returncode,
        "seconds": round(time.perf_counter() - started, 1),
        "peak_rss_mb": round(peak[0] / 2**20),
        "tracebacks": stderr.count("Traceback (most recent call last)"),
        "stderr_tail": stderr[-1500:],
        "stats": stats,
    }


def _sample_rss(proc: subprocess.Popen[bytes], peak: list[int]) -> None:
    try:
        parent = psutil.Process(proc.pid)
    except psutil.Error:
        return
    while proc.poll() is None:
        total = 0
        try:
            family = [parent, *parent.children(recursive=True)]
        except psutil.Error:  # the child is exiting
            family = [parent]
        for p in family:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                continue
        peak[0] = max(peak[0], total)
        time.sleep(0.05)


def store_rows(db: Path) -> tuple[dict[str, int], dict[str, list[str]], int]:
    """(articles per input file, failure reasons per input file, articles holding outside text)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        articles: dict[str, int] = {}
        for (name,) in con.execute("SELECT input FROM articles").fetchall():
            key = str(name).split("#", 1)[0]
            articles[key] = articles.get(key, 0) + 1
        failures: dict[str, list[str]] = {}
        for name, reason in con.execute("SELECT input, reason FROM failures").fetchall():
            failures.setdefault(str(name).split("#", 1)[0], []).append(str(reason))
        marker = " OR ".join("text LIKE ?" for _ in OUTSIDE_MARKERS)
        leaked = con.execute(
            f"SELECT count(*) FROM articles WHERE {marker}", [f"%{m}%" for m in OUTSIDE_MARKERS]
        )
        row = leaked.fetchone()
        return articles, failures, int(row[0]) if row else 0
    finally:
        con.close()


def judge(
    manifest: dict[str, dict[str, str]], articles: dict[str, int], failures: dict[str, list[str]]
) -> dict[str, Any]:
    """Per manifest file: did it end as expected?  Names are compared in the store's escaped form."""
    from newsgraph.ingest.sanity import safe_name

    wrong: list[dict[str, Any]] = []
    lost: list[str] = []
    for name, entry in sorted(manifest.items()):
        key = safe_name(name)
        stored, failed = articles.get(key, 0), failures.get(key, [])
        expect = entry["expect"]
        if not stored and not failed and expect != "duplicate":
            lost.append(key)
            continue
        ok = {
            "stored": stored > 0,
            "skip": stored == 0 and bool(failed),
            "partial": stored > 0 and bool(failed),
            "any": True,
            "duplicate": stored == 0 and not failed,  # same text as a file stored under its own name
        }[expect]
        if not ok:
            wrong.append(
                {"file": key, "kind": entry["kind"], "expect": expect, "stored": stored, "failures": failed}
            )
    controls = [n for n, e in manifest.items() if e["kind"] == "control"]
    return {
        "files": len(manifest),
        "controls": len(controls),
        "controls_stored": sum(1 for n in controls if articles.get(safe_name(n), 0) > 0),
        "as_expected": len(manifest) - len(wrong) - len(lost),
        "wrong": wrong,
        "lost": lost,
    }


def corpus_report(root: Path) -> dict[str, Any]:
    if not (root / "in").exists():
        build(root)
    (root / "store.duckdb").unlink(missing_ok=True)
    manifest = json.loads((root / "manifest.json").read_text())
    first = run_ingest(root)
    articles, failures, leaked = store_rows(root / "store.duckdb")
    verdict = judge(manifest, articles, failures)
    second = run_ingest(root)
    articles2, failures2, _ = store_rows(root / "store.duckdb")
    return {
        "first_run": first,
        "second_run": second,
        "verdict": verdict,
        "outside_text_stored": leaked,
        "rerun_added_articles": sum(articles2.values()) - sum(articles.values()),
        "rerun_failure_rows_delta": sum(map(len, failures2.values())) - sum(map(len, failures.values())),
    }


def size_report(sizes: list[int]) -> list[dict[str, Any]]:
    from newsgraph.pipeline import Extractor
    from newsgraph.settings import Settings

    settings = Settings()
    if hasattr(settings, "article_time_budget_s"):  # absent before issue 17; old code can be timed too
        settings = settings.replace(article_time_budget_s=1e9)
    ex = Extractor(settings)
    ex.extract(long_article(3000, 1))  # load every model once
    rows = []
    for kb in sizes:
        ex.timings.clear()
        wall, cpu = time.perf_counter(), time.process_time()
        result = ex.extract(long_article(kb * 1000))
        row = {
            "kb": kb,
            "wall_s": round(time.perf_counter() - wall, 1),
            "cpu_s": round(time.process_time() - cpu, 1),
            "events": len(result.events),
            "places": len(result.places),
            "stages_wall_s": {k: round(v, 1) for k, v in ex.timings.items()},
        }
        print(json.dumps(row), flush=True)
        rows.append(row)
    return rows


def pages_report(folder: str) -> dict[str, int]:
    """Outcome counts of reading and cleaning real pages with every language accepted (false refusals)."""
    from collections import Counter

    from newsgraph.errors import SkipRecord
    from newsgraph.ingest import iter_inputs, to_article
    from newsgraph.records import Skip
    from newsgraph.settings import Settings

    settings = Settings(languages=("*",))
    counts: Counter[str] = Counter()
    for item in iter_inputs([folder], settings):
        if isinstance(item, Skip):
            counts["read:" + item.reason.split(":")[0]] += 1
            continue
        try:
            to_article(item, settings)
            counts["article"] += 1
        except SkipRecord as exc:
            counts["extract:" + exc.reason] += 1
    return dict(counts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("root", nargs="?", default="/tmp/hostile", help="corpus folder (built when missing)")
    parser.add_argument(
        "--sizes", default=None, help="comma-separated article sizes in KB: time them instead"
    )
    parser.add_argument("--pages", default=None, help="a folder of real pages: count false refusals instead")
    parser.add_argument("--out", default=None, help="write the JSON report here")
    args = parser.parse_args()
    if args.sizes:
        report: Any = size_report([int(s) for s in args.sizes.split(",")])
    elif args.pages:
        report = pages_report(args.pages)
        print(json.dumps(report))
    else:
        report = corpus_report(Path(args.root))
        print(json.dumps(report, indent=1, ensure_ascii=False))
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
