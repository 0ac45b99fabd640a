"""Record the full extraction output of the samples and the gold dev sentences, for before/after comparisons.

    python scripts/snapshot.py OUT_DIR [--src SRC_DIR] [--gold FILE.jsonl ...] [--no-samples]
    diff -r BEFORE_DIR AFTER_DIR   (or: python scripts/snapshot.py --compare BEFORE_DIR AFTER_DIR)

Writes ``OUT_DIR/samples.jsonl`` (``newsgraph extract samples/*``, the CLI, one JSON object per article, sorted by
file name) and ``OUT_DIR/<gold-stem>.jsonl`` (each gold text through the Python API with its date: one line per
record, ``{"id", "result"}``, where ``result`` is the same JSON the CLI prints, or ``{"skip": reason}``).
``--src`` runs another copy of the package (default: this checkout's src/), so a frozen copy of the old code can
be snapshotted while the checkout changes. Nothing here is part of the package; the output stays outside the
repository.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
DEFAULT_GOLD = ["/work/shared/eval/plover-gsr.dev.jsonl", "/work/shared/eval/conflibert-quad.dev.jsonl"]


def snapshot_samples(out: Path, src: Path) -> None:
    files = sorted(str(p) for p in (ROOT / "samples").iterdir() if p.suffix in (".txt", ".html"))
    env_python = sys.executable
    proc = subprocess.run(
        [env_python, "-m", "newsgraph.cli", "extract", *files],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
    )
    lines = [json.loads(ln) for ln in proc.stdout.splitlines() if ln.strip()]
    with (out / "samples.jsonl").open("w", encoding="utf-8") as fh:
        for rec in lines:
            fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
    (out / "samples.stderr").write_text(proc.stderr, encoding="utf-8")
    print(f"samples: {len(lines)} articles, exit {proc.returncode}")


def snapshot_gold(path: Path, out: Path, src: Path) -> None:
    sys.path.insert(0, str(src))
    from newsgraph.commands.extract import result_json
    from newsgraph.pipeline import default_extractor
    from newsgraph.records import Article, Skip

    records = [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    articles = [Article.from_text(r["text"], published=r.get("date"), input=str(r["id"])) for r in records]
    results = default_extractor().process(articles)
    with (out / f"{path.stem}.jsonl").open("w", encoding="utf-8") as fh:
        for rec, res in zip(records, results, strict=True):
            body: dict[str, Any] = {"skip": res.reason} if isinstance(res, Skip) else result_json(res)
            fh.write(json.dumps({"id": rec["id"], "result": body}, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{path.name}: {len(records)} records")


def compare(before: Path, after: Path) -> int:
    """Print one line per record whose events differ; return the number of such records."""
    changed = 0
    for old_file in sorted(before.glob("*.jsonl")):
        new_file = after / old_file.name
        old = old_file.read_text(encoding="utf-8").splitlines()
        new = new_file.read_text(encoding="utf-8").splitlines() if new_file.exists() else []
        if len(old) != len(new):
            print(f"{old_file.name}: {len(old)} lines before, {len(new)} after")
        for i, (a, b) in enumerate(zip(old, new, strict=False)):
            if a != b:
                changed += 1
                print(f"{old_file.name}:{i + 1}: {_label(json.loads(a))}")
                _print_events(json.loads(a), json.loads(b))
    print(f"{changed} records differ")
    return changed


def _label(rec: dict[str, Any]) -> str:
    return str(rec.get("id") or rec.get("article", {}).get("title"))


def _events(rec: dict[str, Any]) -> list[str]:
    body = rec.get("result", rec)
    return [
        f"{[a['code'] for a in e['source']]} {e['cameo']} {[a['code'] for a in e['target']]} {e['trigger']!r} "
        f"{list(e['flags'])}"
        for e in body.get("events", [])
    ]


def _print_events(a: dict[str, Any], b: dict[str, Any]) -> None:
    ea, eb = _events(a), _events(b)
    for e in ea:
        if e not in eb:
            print(f"   - {e}")
    for e in eb:
        if e not in ea:
            print(f"   + {e}")
    if ea == eb:
        print("   (same events; other fields differ)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, nargs="+")
    ap.add_argument("--gold", nargs="*", default=DEFAULT_GOLD)
    ap.add_argument("--no-samples", action="store_true")
    ap.add_argument("--src", type=Path, default=SRC, help="the package source folder to run")
    ap.add_argument("--compare", action="store_true", help="compare two snapshot folders: BEFORE AFTER")
    args = ap.parse_args()
    if args.compare:
        sys.exit(1 if compare(args.out[0], args.out[1]) else 0)
    src = args.src.resolve()
    out = args.out[0]
    out.mkdir(parents=True, exist_ok=True)
    if not args.no_samples:
        snapshot_samples(out, src)
    for g in args.gold:
        snapshot_gold(Path(g), out, src)


if __name__ == "__main__":
    main()
