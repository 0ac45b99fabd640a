"""The command line: the JSON contract, one-line errors and documented exit codes (never a traceback)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["--version"], capsys)
    assert code == 0 and "newsgraph" in out


def test_extract_contract_on_a_sample(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["extract", str(SAMPLES / "state-visit-ankara.txt")], capsys)
    assert code == 0, err
    lines = [json.loads(x) for x in out.splitlines()]
    assert len(lines) == 1
    rec = lines[0]
    assert set(rec) >= {"article", "actors", "events", "quotes", "claims", "places", "tone"}
    art = rec["article"]
    assert set(art) >= {
        "id",
        "title",
        "url",
        "source",
        "published",
        "published_inferred",
        "language",
        "flags",
        "sections",
        "text",
    }
    assert art["published"] == "2025-05-14" and "ai_image" in art["flags"]
    assert [s["kind"] for s in art["sections"]][-1] == "opinion"
    text = art["text"]
    assert rec["actors"] and rec["events"]
    for a in rec["actors"]:
        assert set(a) >= {"text", "start", "end", "name", "code", "country", "sector", "kind"}
        assert text[a["start"] : a["end"]] == a["text"]
    for e in rec["events"]:
        assert set(e) >= {
            "id",
            "source",
            "target",
            "cameo",
            "cameo_root",
            "quad",
            "goldstein",
            "plover",
            "mode",
            "date",
            "date_source",
            "location",
            "sentence",
            "start",
            "end",
            "trigger",
            "flags",
            "extractor",
        }
        assert text[e["sentence_start"] : e["sentence_start"] + len(e["sentence"])] == e["sentence"]
        assert set(e["flags"]) <= {"negated", "future", "hypothetical", "alleged", "quoted", "opinion"}
        assert e["cameo"].startswith(e["cameo_root"]) and e["extractor"].startswith("newsgraph.events")
    for q in rec["quotes"]:
        assert set(q) >= {"text", "start", "end", "direct", "speaker"}
    for c in rec["claims"]:
        assert set(c) >= {"text", "start", "end", "value", "unit", "subject", "year"}
    for p in rec["places"]:
        assert set(p) >= {"text", "start", "end", "name", "country", "lat", "lon", "resolution"}
    assert isinstance(rec["tone"], float)


def test_extract_date_and_url_options(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        [
            "extract",
            str(SAMPLES / "undated-ceasefire-appeal.html"),
            "--date",
            "2024-03-02",
            "--url",
            "https://example.org/a",
        ],
        capsys,
    )
    assert code == 0
    art = json.loads(out)["article"]
    assert art["published"] == "2024-03-02" and art["url"] == "https://example.org/a"


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03binary\x00\x00" * 50, "binary"),
    ],
)
def test_bad_input_gives_one_line_and_exit_2(
    tmp_path: Path, content: bytes, needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    code, out, err = run(["extract", str(f)], capsys)
    assert code == 2
    assert out == ""
    assert needle in err and "Traceback" not in err
    assert all(line.startswith("newsgraph: ") for line in err.strip().splitlines())


def test_undecodable_bytes_are_repaired_not_fatal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "latin.txt"
    text = (
        "Talks in Brasília\n\nBrazil and Argentina agreed on Monday to expand trade in the Mercosur bloc, "
        "officials said, after a meeting of ministers in Brasília that lasted two days. The caf\xe9 owners "
        "near the ministry said the streets were calm."
    )
    f.write_bytes(text.encode("latin-1"))
    code, out, err = run(["extract", str(f)], capsys)
    assert code == 0 and "Traceback" not in err
    assert "encoding_repaired" in json.loads(out)["article"]["flags"]


def test_missing_path(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["extract", "/no/such/file.txt"], capsys)
    assert code == 2 and "not found" in err and len(err.strip().splitlines()) == 1


def test_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["extract", str(SAMPLES / "state-visit-ankara.txt"), "--date", "May 5"], capsys)
    assert code == 1 and "YYYY-MM-DD" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_eval_reads_a_gold_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "gold.jsonl"
    rows = [
        {
            "id": "a",
            "text": "Turkish troops attacked Kurdish militants in northern Iraq on Monday.",
            "date": "2024-01-01",
            "events": [{"source": ["TUR"], "target": ["IRQ"], "plover": "ASSAULT"}],
        },
        {"id": "b", "text": "The weather in Oslo was mild.", "date": None, "events": []},
    ]
    gold.write_text("\n".join(json.dumps(r) for r in rows))
    code, out, _ = run(["eval", str(gold), "--json"], capsys)
    assert code == 0
    res = json.loads(out)
    assert res["records"] == 2 and set(res) >= {"precision", "recall", "f1", "per_type"}


def test_eval_pentaclass_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "penta.jsonl"
    gold.write_text(
        json.dumps(
            {
                "id": "x",
                "text": "Russian troops shelled Ukrainian positions near Kharkiv.",
                "pentaclass": 4,
                "source_text": ["Russian troops"],
                "target_text": ["Ukrainian positions"],
            }
        )
        + "\n"
    )
    code, out, _ = run(["eval", str(gold), "--json"], capsys)
    assert code == 0
    assert set(json.loads(out)) >= {"records", "accuracy", "macro_f1", "source_overlap", "target_overlap"}


def test_eval_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["eval", "/no/gold.jsonl"], capsys)
    assert code == 2 and "not found" in err
