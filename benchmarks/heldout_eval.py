"""The learned event stage on the held-out fifth: a model trained without it, scored on it (docs/accuracy.md).

    PYTHONPATH=src .venv/bin/python benchmarks/heldout_eval.py [--shared ../shared] [--fifth 1]
        [--model /tmp/typer-heldout] [--variants '[{}, {"flagged_threshold": 0.9}]'] [--out FILE]

The sealed fifth (SHA-1 of the stripped text ≡ 0 mod 5) is never read.  The held-out fifth (≡ ``--fifth``, default 1)
is left out of training (``newsgraph train events --hold-out N``, run here when ``--model`` does not exist yet) and is
the fair "dev" figure for choices about the model: the rest of the non-sealed rows are training material, so their
figures are optimistic.  ``--variants``: typer attributes to try on the same model (``pair_threshold``,
``complete_threshold``, ``flagged_threshold``; ``margin`` sets the retype margin).  Scores: plv (gold pair with gold
type, strict, and type accuracy), plover-gsr.dev F1, ConfliBERT five-class accuracy, as benchmarks/sealed_eval.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

SETS = (("plv", "train/plv-train.jsonl"), ("gsr", "eval/plover-gsr.dev.jsonl"),
        ("conflibert", "train/conflibert-train.jsonl"))  # fmt: skip


def _extractor(model: Path, variant: dict[str, Any], nlp: Any) -> Any:
    from newsgraph.learned.events import EventTyper, load_model
    from newsgraph.pipeline import EVENT_MODEL, Extractor
    from newsgraph.settings import Settings

    ex = Extractor(Settings(), nlp=nlp)
    typer = EventTyper(load_model(model))
    for key, value in variant.items():
        if key != "margin":
            setattr(typer, key, value)
    ex.component(EVENT_MODEL).typer = typer
    return ex


def main(argv: list[str] | None = None) -> dict[str, Any]:
    import sealed_eval

    import newsgraph.learned.events as learned
    from newsgraph.learned.fit import rules_extractor, train_events
    from newsgraph.learned.split import fifth
    from newsgraph.learned.train import TrainConfig
    from newsgraph.pipeline import load_spacy

    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=ROOT.parent.parent / "shared")
    ap.add_argument("--fifth", type=int, choices=(1, 2, 3, 4), default=1)
    ap.add_argument("--model", type=Path, default=Path("/tmp/newsgraph-typer-heldout"))
    ap.add_argument("--variants", default="[{}]")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    nlp = load_spacy("md")
    if not args.model.with_suffix(".npz").is_file():
        train_events(
            args.shared / "train",
            args.model,
            TrainConfig(hold_out=args.fifth),
            extractor=rules_extractor(nlp),
        )

    def held_out(items: Any, key: Any) -> dict[str, list[Any]]:
        return {"held-out": [x for x in items if fifth(key(x)) == args.fifth]}

    report: dict[str, Any] = {"fifth": args.fifth, "model": str(args.model), "variants": {}}
    for variant in json.loads(args.variants):
        learned.RETYPE_MARGIN = variant.get("margin", 0.25)
        ex = _extractor(args.model, variant, nlp)
        row: dict[str, Any] = {}
        for name, path in SETS:
            got = sealed_eval.sentence_set(args.shared / path, {"model": ex}, name, held_out)[
                "held-out/model"
            ]
            row[name] = got["strict"] if name == "plv" else got
        report["variants"][json.dumps(variant, sort_keys=True)] = row
        print(json.dumps({"variant": variant, **row}), flush=True)
    if args.out:
        args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return report


if __name__ == "__main__":
    main()
