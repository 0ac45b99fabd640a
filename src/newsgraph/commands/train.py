"""`newsgraph train`: rebuild the learned stages from ../shared/train (docs/models.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from newsgraph.learned.train import TrainConfig

DEFAULT_OUT = Path("src/newsgraph/models/events-typer")


@click.group("train")
def train() -> None:
    """Rebuild a learned stage from the training folder (deterministic; sealed records are never used)."""


@train.command("events")
@click.option("--from", "train_dir", type=click.Path(path_type=Path), default=Path("../shared/train"), show_default=True,
              help="Training folder (plv-train.jsonl, conflibert-train.jsonl, ngec-synthetic.jsonl.gz).")  # fmt: skip
@click.option("--eval-dir", type=click.Path(path_type=Path), default=None,
              help="Dev gold folder (plover-gsr.dev.jsonl); default: the train folder's sibling 'eval'.")  # fmt: skip
@click.option("--out", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Artefact path without suffix: writes OUT.npz and OUT.json.")  # fmt: skip
@click.option("--stories", type=click.IntRange(min=0), default=900, show_default=True,
              help="Synthetic stories to use (a spread sample of the non-sealed ones).")  # fmt: skip
@click.option("--cv", is_flag=True, help="Choose C and the NONE threshold by grouped 5-fold CV (slower).")
@click.option("--hold-out", type=click.IntRange(1, 4), default=None,
              help="Also leave out this fifth of the records (a dev model; benchmarks/heldout_eval.py).")  # fmt: skip
@click.option("--check", is_flag=True,
              help="Build into a temporary folder and compare with the model at --out; exit 1 when they differ.")  # fmt: skip
def train_events(
    train_dir: Path,
    eval_dir: Path | None,
    out: Path,
    stories: int,
    cv: bool,
    hold_out: int | None,
    check: bool,
) -> None:
    """The event relevance-and-type model (accept / reject / retype the coder's candidates)."""
    from newsgraph.learned.fit import train_events as run
    from newsgraph.learned.train import TrainConfig

    cfg = TrainConfig(stories=stories, eval_dir=eval_dir, cv=cv, hold_out=hold_out)
    if check:
        _check(train_dir, out.with_suffix(""), cfg)
        return
    card = run(train_dir, out.with_suffix(""), cfg)
    summary = {k: card[k] for k in ("version", "rows", "labels", "by_source", "C", "threshold")}
    summary["cv_score"] = card["cv"]["score"]
    click.echo(json.dumps(summary, indent=1))
    click.echo(f"wrote {out.with_suffix('.npz')} and {out.with_suffix('.json')}")


def _check(train_dir: Path, shipped: Path, cfg: TrainConfig) -> None:
    """Does the model at ``shipped`` equal what the command builds from the current rules? (The coder's rules feed
    the model's features, so a change to them leaves a shipped model stale until it is rebuilt.)"""
    import tempfile

    from newsgraph.learned.fit import train_events as run

    meta = shipped.with_suffix(".json")
    if not meta.is_file():
        raise click.ClickException(f"no model to check at {meta}")
    have = json.loads(meta.read_text(encoding="utf-8")).get("version")
    with tempfile.TemporaryDirectory() as tmp:
        built = run(train_dir, Path(tmp) / "typer", cfg)["version"]
    if built != have:
        click.echo(f"stale: the shipped model is {have}, the command builds {built} from the current rules; "
                   f"rebuild it (newsgraph train events) and re-run benchmarks/sealed_eval.py", err=True)  # fmt: skip
        raise SystemExit(1)
    click.echo(f"up to date: the command builds {built}, the shipped model")


COMMANDS = [train]
