"""Which well-known leaders does the actor lexicon resolve? (docs/actors.md, "People").

    PYTHONPATH=src .venv/bin/python benchmarks/lexicon_leaders.py [benchmarks/data/leaders.txt]

Each line of the list is ``Name|YYYY-MM-DD`` (a date the person was in office). The name is put into a short
team-written sentence read on that date; a leader counts as resolved when the actor stage codes the name from the
lexicon (``via == "lexicon"``), not from a title, NER or context. Prints the unresolved ones and a summary line.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    from newsgraph.pipeline import Extractor
    from newsgraph.records import Article
    from newsgraph.settings import Settings

    args = argv if argv is not None else sys.argv[1:]
    path = Path(args[0]) if args else ROOT / "benchmarks" / "data" / "leaders.txt"
    rows = [line.strip().split("|") for line in path.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r[0] and not r[0].startswith("#")]
    ex = Extractor(Settings())
    articles = [
        Article.from_text(f"{r[0]} said on Monday that talks would continue.", input=str(i), published=r[1])
        for i, r in enumerate(rows)
    ]
    missing = []
    for row, res in zip(rows, ex.process(articles), strict=True):
        if not any(a.via == "lexicon" and a.code for a in getattr(res, "actors", [])):
            missing.append(row)
            print("unresolved:", "|".join(row))
    print(f"{len(rows) - len(missing)} of {len(rows)} resolved from the lexicon")
    return 0


if __name__ == "__main__":
    sys.exit(main())
