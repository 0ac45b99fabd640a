"""Train the event typer from ../shared/train (never from copies in the repository); docs/models.md.

Every sentence is parsed and coded by the rules (learned stage off); each candidate event becomes a training row
when the material says what it is:

- plv-train (real news, marked source/target, gold PLOVER root): a candidate whose source and target spans
  overlap the marked pair gets the gold type (weight 1); so does a reciprocal candidate (several parties in
  ``source``, no target: "A and B met") whose parties cover both marked spans;
- ../eval/plover-gsr.dev: a candidate sharing a country dyad with a gold event gets its type (weight 1);
- conflibert-train (five classes): in a class-0 (neutral) sentence every candidate of a class-1..4 root is NONE
  (weight 1); a candidate whose class equals the sentence's keeps its pattern type (weight 0.5);
- ngec-synthetic (story-level type; a spread sample of ``stories``): candidates of the first sentence with the
  story's type are weak positives (``ngec_pos``), candidates of a different type in the story's later sentences
  weak negatives (``ngec_neg``) — later sentences restate the main event or give background — except candidates
  that are reciprocal, or have a source and a target and a verbal-cooperation code (CAMEO 03-05: meetings,
  agreements, support): those in the background are real events, and labelling them NONE taught the model to
  drop plain meetings and agreements (other dyadic background candidates stay negatives: without them the
  model kept more sport and market metaphors);
- learned/negatives.txt (team-written false-event sentences: sport, business, metaphors, opinion, captions,
  credits): every candidate is NONE (weight ``NEGATIVES_WEIGHT``).

Pair candidates (learned/pairs.py) are harvested beside the patterns' candidates: on a PLV marked pair the gold
type; on another PLV or gsr pair NONE with weight ``PAIR_OTHER_WEIGHT`` (0.3: it may be a real event the material
does not mark); a gsr dyad hit its type; NONE in ConfliBERT neutral sentences and team-written negatives; nothing
from the synthetic stories (story-level types made their typing noisier: docs/accuracy.md).

Sealed records (:func:`newsgraph.learned.split.is_sealed`) are dropped before parsing.  Hyper-parameters (the
regularisation ``C``, the NONE threshold, the weight of the synthetic negatives) were chosen on non-sealed
material only: grouped 5-fold cross-validation (``--cv`` reruns it) and the team's dev material (sample articles'
event recall, events on non-sealed non-political pages); docs/models.md gives the figures.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from newsgraph.codes import pentaclass
from newsgraph.errors import ConfigError
from newsgraph.eval import dyads, pred_dyads
from newsgraph.learned.events import NONE, type_class
from newsgraph.learned.features import Candidate, candidate_features
from newsgraph.learned.pairs import propose, proposed
from newsgraph.learned.split import fifth, is_sealed
from newsgraph.records import ActorRef, Article, Event, Result

Labeller = Callable[[Event], tuple[str, float] | None]
SEED = 20261129
C_GRID = (0.1, 0.3, 1.0, 3.0)
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
DENSE_SCALE = 2.0
PAIR_OTHER_WEIGHT = 0.3  # a pair candidate on a pair the material does not mark: NONE, weakly (may be real)
NEGATIVES_WEIGHT = 6.0  # the team-written negatives are few (52 rows): each counts six times (docs/models.md)


@dataclass(frozen=True)
class Item:
    """One text of the training material with the rule that labels its candidates."""

    text: str
    rid: str
    group: str
    label: Labeller


@dataclass(frozen=True)
class Row:
    cand: Candidate
    label: str
    weight: float
    group: str
    rid: str


@dataclass
class TrainConfig:
    stories: int = 900  # synthetic stories used (a spread sample of the non-sealed ones)
    ngec_pos: float = 0.5
    ngec_neg: float = 0.1  # chosen on dev material (docs/models.md): 0.25 loses real events in whole articles
    c: float = 0.3  # regularisation, near the best of the CV grid
    threshold: float = 0.7  # NONE threshold, chosen on dev material (sample articles, non-sealed pages)
    pair_threshold: float = 0.3  # NONE threshold of pair candidates (a held-out fifth of non-sealed rows)
    complete_threshold: float = 0.7  # pair candidates below it complete one-sided events (non-sealed)
    flagged_threshold: float = 0.8  # NONE threshold of flagged candidates, never negated ones (non-sealed)
    cv: bool = False  # run the grouped CV grid and take its best C and threshold instead
    eval_dir: Path | None = None  # ../shared/eval (plover-gsr.dev); None = the sibling of the train folder
    hold_out: int | None = None  # also leave out this fifth (1-4; benchmarks/heldout_eval.py scores it)
    notes: list[str] = field(default_factory=list)

    def left_out(self, text: str) -> bool:
        """Sealed records, and the held-out fifth when one is set, are never training material."""
        return is_sealed(text) or self.hold_out is not None and fifth(text) == self.hold_out


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    opener: Any = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ConfigError(f"{path}:{n}: invalid JSON ({exc.msg})") from None


def _overlaps(refs: Sequence[ActorRef], span: dict[str, Any] | None) -> bool:
    if not span:
        return False
    return any(r.start is not None and r.end is not None and r.start < span["end"] and span["start"] < r.end
               for r in refs)  # fmt: skip


def reciprocal(ev: Event) -> bool:
    """All parties in ``source``, no target (FORMAT.md): "A and B met", "A and B agreed"."""
    return not ev.target and len(ev.source) >= 2


def matches_pair(ev: Event, src: dict[str, Any] | None, tgt: dict[str, Any] | None) -> bool:
    """The candidate's dyad is the marked pair: source on the source span and target on the target span, or a
    reciprocal candidate whose parties cover both spans (the material marks one of them as "target")."""
    if _overlaps(ev.source, src) and _overlaps(ev.target, tgt):
        return True
    return reciprocal(ev) and _overlaps(ev.source, src) and _overlaps(ev.source, tgt)


def plv_items(path: Path) -> Iterator[Item]:
    for rec in _jsonl(path):
        gold, src, tgt = type_class(rec["plover"]), rec.get("source"), rec.get("target")

        def label(ev: Event, gold: str = gold, src: Any = src, tgt: Any = tgt) -> tuple[str, float] | None:
            if matches_pair(ev, src, tgt):
                return (gold, 1.0)
            return (NONE, PAIR_OTHER_WEIGHT) if proposed(ev) else None

        yield Item(rec["text"], rec["id"], "plv", label)


def gsr_items(path: Path) -> Iterator[Item]:
    for rec in _jsonl(path):
        golds = [(type_class(g.get("plover")), dyads(g.get("source", []), g.get("target", [])))
                 for g in rec.get("events") or []]  # fmt: skip

        def label(ev: Event, golds: Any = golds) -> tuple[str, float] | None:
            d = pred_dyads(ev)
            hit = [cls for cls, gd in golds if gd & d]
            if hit:
                return (hit[0], 1.0)
            return (NONE, PAIR_OTHER_WEIGHT) if proposed(ev) else None

        yield Item(rec["text"], str(rec["id"]), "gsr", label)


def conflibert_items(path: Path) -> Iterator[Item]:
    for rec in _jsonl(path):
        gold = int(rec["pentaclass"])

        def label(ev: Event, gold: int = gold) -> tuple[str, float] | None:
            pc = pentaclass(ev.cameo_root)
            if gold == 0 and (pc != 0 or proposed(ev)):
                return (NONE, 1.0)
            if proposed(ev):
                return None  # a pair candidate has no class of its own to compare with the sentence's
            return (type_class(ev.plover), 0.5) if pc == gold else None

        yield Item(rec["text"], rec["id"], "conflibert", label)


def ngec_items(path: Path, cfg: TrainConfig) -> Iterator[Item]:
    recs = [r for r in _jsonl(path) if not cfg.left_out(r["text"])]
    step = max(1, len(recs) // max(1, cfg.stories))
    for rec in recs[::step][: cfg.stories]:
        story = type_class(rec["plover"])

        def label(ev: Event, story: str = story) -> tuple[str, float] | None:
            if proposed(ev):  # unused: as story-type positives they made pair typing noisier (docs/models.md)
                return None
            cls = type_class(ev.plover)
            if ev.sentence_start == 0:
                return (cls, cfg.ngec_pos) if cls == story else None
            if cls == story or reciprocal(ev) or (ev.source and ev.target and pentaclass(ev.cameo_root) == 1):
                return None  # a meeting or deal between named parties in the background is still a real event
            return (NONE, cfg.ngec_neg)

        yield Item(rec["text"], rec["id"], "ngec", label)


def negative_items() -> Iterator[Item]:
    text = resources.files("newsgraph.learned").joinpath("negatives.txt").read_text(encoding="utf-8")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    for n, line in enumerate(lines):
        yield Item(line, f"neg-{n}", "negatives", lambda ev: (NONE, NEGATIVES_WEIGHT))


def material(train_dir: Path, cfg: TrainConfig) -> list[Item]:
    """All non-sealed items; a missing optional file is noted in the model card."""
    if not (train_dir / "plv-train.jsonl").is_file():
        raise ConfigError(f"training folder {train_dir} has no plv-train.jsonl")
    items = list(plv_items(train_dir / "plv-train.jsonl"))
    eval_dir = cfg.eval_dir or train_dir.parent / "eval"
    sources: list[tuple[Path, Callable[[Path], Iterator[Item]]]] = [
        (train_dir / "conflibert-train.jsonl", conflibert_items),
        (train_dir / "ngec-synthetic.jsonl.gz", lambda p: ngec_items(p, cfg)),
        (eval_dir / "plover-gsr.dev.jsonl", gsr_items),
    ]
    for path, reader in sources:
        if path.is_file():
            items.extend(reader(path))
        else:
            cfg.notes.append(f"not found, skipped: {path.name}")
    items.extend(negative_items())
    return [it for it in items if it.text.strip() and not cfg.left_out(it.text)]


def harvest(items: Sequence[Item], extractor: Any) -> list[Row]:
    """Parse and code every item with the rules; keep the candidates its labeller can label."""
    rows: list[Row] = []
    docs = extractor.nlp.pipe((it.text for it in items), batch_size=64)
    for it, doc in zip(items, docs, strict=True):
        res = extractor.run_stages(Article.from_text(it.text, input=it.rid), doc)
        assert isinstance(res, Result)
        for ev in [*res.events, *propose(doc, res.events)]:
            lab = it.label(ev)
            if lab is not None:
                rows.append(Row(candidate_features(doc, ev), lab[0], lab[1], it.group, it.rid))
    return rows
