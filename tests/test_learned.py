"""The learned event stage: sealed rule, training command on a tiny team-written fixture, model version and
confidence on every event, rejection of false events (team-written sentences, none of them in learned/negatives.txt).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from newsgraph.errors import ConfigError
from newsgraph.learned.events import DEFAULT_CODE, EventTyper, load_model, retype, shipped_model, type_class
from newsgraph.learned.split import is_sealed
from newsgraph.records import ActorRef, Article, Event, Result


def test_sealed_rule_is_the_fixed_hash() -> None:
    texts = [f"Sentence number {i} about a summit." for i in range(2000)]
    for t in texts[:50]:
        assert is_sealed(t) == (int(hashlib.sha1(t.strip().encode("utf-8")).hexdigest(), 16) % 5 == 0)
        assert is_sealed("  " + t + "\n") == is_sealed(t)  # stripped
    share = sum(map(is_sealed, texts)) / len(texts)
    assert 0.17 < share < 0.23


def test_hold_out_leaves_one_more_fifth_out_of_training() -> None:
    from newsgraph.learned.split import fifth
    from newsgraph.learned.train import TrainConfig

    texts = [f"Sentence number {i} about a summit." for i in range(200)]
    held = TrainConfig(hold_out=1)
    for t in texts:
        assert TrainConfig().left_out(t) == is_sealed(t) == (fifth(t) == 0)
        assert held.left_out(t) == (fifth(t) in (0, 1))
    assert {fifth(t) for t in texts} == {0, 1, 2, 3, 4}


def test_default_codes_have_their_type() -> None:
    from newsgraph.codes import lookup

    for cls, code in DEFAULT_CODE.items():
        plover = lookup(code).plover
        assert cls in (plover, type_class(plover))


def test_shipped_model_card_and_hash() -> None:
    m = shipped_model()
    assert m.version.startswith("typer-") and len(m.version) == len("typer-") + 12
    assert "NONE" in m.classes and "ASSAULT" in m.classes
    assert m.w_sparse.shape == (len(m.classes), len(m.vocab))
    assert 0.0 < m.threshold < 1.0
    # trained without sealed records, by the documented rule
    assert "% 5 == 0" in m.card["trained_on"]["sealed_rule"]


def test_altered_artefact_is_refused(tmp_path: Path) -> None:
    from importlib import resources

    base = resources.files("newsgraph.models")
    card = json.loads(base.joinpath("events-typer.json").read_text(encoding="utf-8"))
    card["threshold"] = 0.99
    (tmp_path / "m.json").write_text(json.dumps(card), encoding="utf-8")
    (tmp_path / "m.npz").write_bytes(base.joinpath("events-typer.npz").read_bytes())
    with pytest.raises(ConfigError, match="hash mismatch"):
        load_model(tmp_path / "m")
    with pytest.raises(ConfigError, match="not found"):
        load_model(tmp_path / "absent")


@pytest.fixture(scope="module")
def extractors(nlp):  # type: ignore[no-untyped-def]
    from newsgraph.pipeline import Extractor
    from newsgraph.settings import Settings

    return Extractor(Settings(), nlp=nlp), Extractor(Settings(event_model=False), nlp=nlp)


def _events(ex, text: str) -> list[Event]:  # type: ignore[no-untyped-def]
    res = next(iter(ex.process([Article.from_text(text)])))
    assert isinstance(res, Result)
    return [e for e in res.events if "negated" not in e.flags]


REAL = [
    ("Russian troops shelled the Ukrainian city of Kharkiv on Tuesday, killing four civilians.", "ASSAULT"),
    ("Police in Georgia arrested dozens of opposition protesters in Tbilisi overnight.", "COERCE"),
    ("The Japanese foreign minister met her Chinese counterpart in Beijing on Friday.", "CONSULT"),
    ("Germany pledged 500 million euros in humanitarian aid to Sudan.", None),
]


def test_every_event_carries_model_version_and_confidence(extractors) -> None:  # type: ignore[no-untyped-def]
    model, _ = extractors
    version = model.typer.model.version
    seen = 0
    for text, _kind in REAL:
        for ev in _events(model, text):
            seen += 1
            assert ev.extractor.endswith("+" + version)
            assert ev.confidence is not None and 0.0 < ev.confidence <= 1.0
    assert seen >= 3


def test_real_events_are_kept(extractors) -> None:  # type: ignore[no-untyped-def]
    model, _ = extractors
    kept = [any(e.plover == kind for e in _events(model, text)) for text, kind in REAL if kind]
    assert sum(kept) >= 2, kept


# false events of the kinds real pages produce (issue 14); written for this test, not in the training negatives
FALSE = [
    "Italy beat Brazil 3-2 in the volleyball world final in Rome on Sunday.",
    "Australia thrashed India by eight wickets to level the series in Perth.",
    "Poland's tennis star crushed her Russian opponent in the Madrid Open quarterfinal.",
    "Exports from Vietnam to the United States hit a record high in October.",
    "Shares in the Chinese property developer collapsed after Beijing's data release.",
    "French wine sales attacked new records in Japan this year.",
    "It's striking that Britain still imports most of its apples from New Zealand.",
    "Lucy Wong contributed reporting from Singapore and Taipei.",
    "For Modi, Biden's praise offers a welcome boost before the vote, one suspects.",
    "A Turkish drama series conquered television audiences in Argentina and Chile.",
    "The Spanish striker fired Madrid past Munich in the Champions League semifinal.",
    "German carmakers are battling Chinese rivals for buyers in Mexico.",
]


def test_false_events_are_rejected(extractors) -> None:  # type: ignore[no-untyped-def]
    model, rules = extractors
    with_rules = sum(bool(_events(rules, t)) for t in FALSE)
    with_model = [t for t in FALSE if _events(model, t)]
    assert with_rules >= 8  # the patterns do propose events here: the stage has something to reject
    assert len(with_model) <= with_rules // 3, with_model  # at least two thirds of them rejected


def test_retype_moves_code_root_and_type() -> None:
    ev = Event(id="x", source=(), target=(), cameo="190", cameo_root="19", quad=4, goldstein=-10.0, plover="ASSAULT",
               mode=None, date=None, date_source="none", location=None, location_source=None, sentence="s",
               sentence_start=0, start=0, end=1, trigger="t", flags=(), extractor="e")  # fmt: skip
    assert retype(ev, "ASSAULT") is ev
    new = retype(ev, "ACCUSE")
    assert (new.cameo, new.cameo_root, new.plover, new.quad) == ("112", "11", "ACCUSE", 3)
    assert retype(ev, "STMT").plover is None


# --- the training command on a tiny team-written fixture -----------------------------------------------------
PLV = [
    (
        "The Dutch government accused Moscow of a cyber attack on its parliament.",
        "The Dutch government",
        "Moscow",
        "ACCUSE",
    ),
    (
        "Kenyan police arrested three Somali smugglers near the border.",
        "Kenyan police",
        "three Somali smugglers",
        "COERCE",
    ),
    ("Chile and Peru signed a fisheries agreement in Lima.", "Chile", "Peru", "AGREE"),
    (
        "Indian soldiers fired on Pakistani positions in Kashmir.",
        "Indian soldiers",
        "Pakistani positions",
        "ASSAULT",
    ),
    (
        "The French president met the Nigerian president in Abuja.",
        "The French president",
        "the Nigerian president",
        "CONSULT",
    ),
    ("Ghana rejected a demand from Togo to close the border.", "Ghana", "Togo", "REJECT"),
]


def _span(text: str, part: str) -> dict[str, object]:
    i = text.index(part)
    return {"text": part, "start": i, "end": i + len(part)}


def _fixture(folder: Path) -> None:
    folder.mkdir()
    with (folder / "plv-train.jsonl").open("w", encoding="utf-8") as fh:
        for n, (text, src, tgt, plover) in enumerate(PLV):
            rec = {
                "id": f"plv-{n}",
                "text": text,
                "source": _span(text, src),
                "target": _span(text, tgt),
                "plover": plover,
            }
            fh.write(json.dumps(rec) + "\n")
    with (folder / "conflibert-train.jsonl").open("w", encoding="utf-8") as fh:
        fh.write(
            json.dumps(
                {
                    "id": "c-0",
                    "text": "Sweden beat Norway 2-0 in the women's football final.",
                    "pentaclass": 0,
                }
            )
            + "\n"
        )
        fh.write(
            json.dumps(
                {
                    "id": "c-1",
                    "text": "Turkish jets bombed Kurdish positions in northern Iraq.",
                    "pentaclass": 4,
                }
            )
            + "\n"
        )
    story = {"id": "s-0", "text": "Serbia expelled two Croatian diplomats on Monday.\n\nThe move followed a row over a border.",
             "plover": "SANCTION", "mode": None}  # fmt: skip
    with gzip.open(folder / "ngec-synthetic.jsonl.gz", "wt", encoding="utf-8") as gz:
        gz.write(json.dumps(story) + "\n")


def test_train_command_on_tiny_fixture(tmp_path: Path, extractors) -> None:  # type: ignore[no-untyped-def]
    from newsgraph.learned.fit import rules_extractor, train_events
    from newsgraph.learned.train import TrainConfig
    from newsgraph.pipeline import Extractor
    from newsgraph.settings import Settings

    _fixture(tmp_path / "train")
    rules = rules_extractor(extractors[0].nlp)
    out = tmp_path / "model" / "typer"
    card = train_events(
        tmp_path / "train", out, TrainConfig(stories=5, eval_dir=tmp_path / "none"), extractor=rules
    )
    assert card["version"].startswith("typer-")
    assert card["labels"]["NONE"] > 0 and card["by_source"]["plv"] >= 3
    assert any("plover-gsr" in n for n in card["trained_on"]["notes"])  # missing optional file is recorded
    model = load_model(out)
    assert model.version == card["version"]
    again = train_events(tmp_path / "train", tmp_path / "model" / "again", TrainConfig(stories=5, eval_dir=tmp_path / "none"),
                         extractor=rules)  # fmt: skip
    assert again["version"] == card["version"]  # deterministic
    evs = _events(Extractor(Settings(event_model=False), nlp=extractors[0].nlp), PLV[0][0])
    doc = extractors[0].nlp(PLV[0][0])
    for ev in EventTyper(model).apply(doc, evs):
        assert ev.extractor.endswith("+" + model.version)


def test_train_command_errors(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newsgraph.cli import cli

    res = CliRunner().invoke(
        cli, ["train", "events", "--from", str(tmp_path / "nowhere"), "--out", str(tmp_path / "m")]
    )
    assert res.exit_code != 0
    assert "training folder" in str(res.exception) or "training folder" in res.output
    bad = CliRunner().invoke(cli, ["train", "events", "--hold-out", "0", "--out", str(tmp_path / "m")])
    assert bad.exit_code == 2 and "--hold-out" in bad.output  # 0 is the sealed fifth: never a hold-out


def test_confidence_is_stored(tmp_path: Path, extractors) -> None:  # type: ignore[no-untyped-def]
    from newsgraph.store import Store

    model, rules = extractors
    text = REAL[0][0]
    results = [
        next(iter(ex.process([Article.from_text(text, input=name)])))
        for name, ex in (("m", model), ("r", rules))
    ]
    with Store(tmp_path / "s.duckdb") as st:
        st.write([results[0]])
        got = st.query("SELECT confidence, extractor FROM events").to_pylist()
    assert got and all(0.0 < row["confidence"] <= 1.0 and "+typer-" in row["extractor"] for row in got)
    with Store(tmp_path / "r.duckdb") as st:
        st.write([results[1]])
        got = st.query("SELECT confidence FROM events").to_pylist()
    assert got and all(row["confidence"] is None for row in got)


# --- reciprocal meetings and agreements (all parties in the source, no target) must be kept -------------------
# written for this test; the shipped model once dropped plain meetings (P(NONE) about 0.8)
RECIPROCAL = [
    "The foreign ministers of Armenia and Azerbaijan met in Geneva on Tuesday.",
    "Negotiators from Armenia and Azerbaijan met on Tuesday in a border town and agreed to meet again.",
    "The presidents of Kenya and Tanzania met in Arusha on Friday to discuss the border dispute.",
    "Chile and Peru agreed on Monday to reopen their shared border crossing.",
    "Delegations from Serbia and Kosovo held talks in Brussels on Thursday.",
    "India and Bangladesh signed an agreement on river water sharing in Dhaka on Saturday.",
    "The defence ministers of Japan and Australia met in Tokyo and agreed to expand joint patrols.",
    "Officials from Ethiopia and Egypt held talks on the dam in Cairo last week.",
    "Poland and Lithuania signed a deal on Wednesday to link their power grids.",
    "The leaders of Vietnam and the Philippines met on the sidelines of the summit in Jakarta.",
    "Ghana and Togo agreed to set up a joint commission on cross-border trade.",
    "Envoys from Sudan and South Sudan held talks in Addis Ababa on Sunday about oil transit fees.",
]


def test_reciprocal_meetings_and_agreements_are_kept(extractors) -> None:  # type: ignore[no-untyped-def]
    model, rules = extractors
    dropped = []
    for text in RECIPROCAL:
        proposed = _events(rules, text)
        # a signed agreement is CAMEO 057, SUPPORT in the 2021 CAMEO-to-PLOVER table (and in the PLOVER gold)
        assert proposed and all(e.plover in ("CONSULT", "AGREE", "COOPERATE", "SUPPORT") for e in proposed), (
            text
        )
        kept = _events(model, text)
        if sorted(e.plover or "" for e in kept) != sorted(e.plover or "" for e in proposed):
            dropped.append(text)
    assert not dropped, dropped


def _ref(text: str, sentence: str) -> ActorRef:
    i = sentence.index(text)
    return ActorRef(
        name=text, code=text[:3].upper(), country=text[:3].upper(), text=text, start=i, end=i + len(text)
    )


def _candidate(sentence: str, source: tuple[str, ...], target: tuple[str, ...], start: int = 0) -> Event:
    return Event(id="x", source=tuple(_ref(s, sentence) for s in source), target=tuple(_ref(t, sentence) for t in target),
                 cameo="040", cameo_root="04", quad=1, goldstein=1.0, plover="CONSULT", mode=None, date=None,
                 date_source="none", location=None, location_source=None, sentence=sentence, sentence_start=start,
                 start=0, end=1, trigger="met", flags=(), extractor="e")  # fmt: skip


def test_reciprocal_candidates_are_labelled_positive(tmp_path: Path) -> None:
    from newsgraph.learned.train import TrainConfig, matches_pair, ngec_items, plv_items

    text = "Chile and Peru met in Lima."
    src, tgt = _span(text, "Chile"), _span(text, "Peru")
    assert matches_pair(_candidate(text, ("Chile", "Peru"), ()), src, tgt)  # reciprocal, covers both spans
    assert matches_pair(_candidate(text, ("Chile",), ("Peru",)), src, tgt)
    assert not matches_pair(_candidate(text, ("Chile",), ()), src, tgt)  # one party only
    assert not matches_pair(_candidate(text, ("Peru", "Chile"), ("Lima",)), src, tgt)  # has its own target
    rec = {"id": "p-0", "text": text, "source": src, "target": tgt, "plover": "CONSULT"}
    (tmp_path / "plv.jsonl").write_text(json.dumps(rec) + "\n", encoding="utf-8")
    (item,) = plv_items(tmp_path / "plv.jsonl")
    assert item.label(_candidate(text, ("Chile", "Peru"), ())) == ("CONSULT", 1.0)
    # a synthetic story's later sentence: a named dyad is not a negative, a candidate without one is
    story = "Serbia expelled a Croatian envoy.\n\nLater, Chile and Peru met in Lima. Talks with Peru are due."
    with gzip.open(tmp_path / "ngec.jsonl.gz", "wt", encoding="utf-8") as gz:
        gz.write(json.dumps({"id": "s-1", "text": story, "plover": "SANCTION"}) + "\n")
    later = story.index("Later")
    assert not is_sealed(story)
    (story_item,) = ngec_items(tmp_path / "ngec.jsonl.gz", TrainConfig(stories=5))
    label = story_item.label
    assert label(_candidate(story, ("Chile", "Peru"), (), start=later)) is None
    assert label(_candidate(story, ("Chile",), ("Peru",), start=later)) is None
    assert label(_candidate(story, ("Peru",), (), start=later)) == ("NONE", TrainConfig().ngec_neg)


def test_train_check_says_whether_the_shipped_model_is_stale(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newsgraph.cli import cli

    _fixture(tmp_path / "train")
    args = ["train", "events", "--from", str(tmp_path / "train"), "--eval-dir", str(tmp_path / "none"),
            "--stories", "5", "--out", str(tmp_path / "m")]  # fmt: skip
    assert CliRunner().invoke(cli, args).exit_code == 0
    fresh = CliRunner().invoke(cli, [*args, "--check"])
    assert fresh.exit_code == 0 and "up to date" in fresh.output
    meta = tmp_path / "m.json"
    meta.write_text(meta.read_text(encoding="utf-8").replace('"version": "typer-', '"version": "typer-old'))
    stale = CliRunner().invoke(cli, [*args, "--check"])
    assert stale.exit_code == 1 and "stale" in stale.output
