"""A corpus of malformed inputs, built here: every file ends as an Article or a Skip with a reason."""

from __future__ import annotations

import gzip
import io
import json
import random
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.errors import SkipRecord
from newsgraph.ingest import iter_inputs, to_article
from newsgraph.ingest.readers import RawDoc
from newsgraph.records import Article, Skip
from newsgraph.settings import Settings

PARA = (
    "Engineers reopened the mountain railway on Thursday after crews cleared a rockfall that had blocked "
    "the line for nine days, the operator said. Passenger trains will run at reduced speed on the damaged "
    "section until new rails are laid later in the month."
)
HTML = f"<html><head><title>Railway reopens</title></head><body><article><p>{PARA}</p><p>{PARA}</p></article></body></html>"
FRENCH = (
    "Les ingénieurs ont rouvert jeudi la ligne de chemin de fer de montagne après avoir dégagé un éboulement "
    "qui bloquait la voie depuis neuf jours, a indiqué l'exploitant. Les trains circuleront à vitesse réduite."
)


def shuffled(seed: int) -> str:
    """PARA's words in a seeded order: English-looking text that compresses poorly."""
    words = PARA.split()
    random.Random(seed).shuffle(words)
    return " ".join(words)


def warc_bytes(count: int = 3) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for index in range(count):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        payload = io.BytesIO(HTML.replace("Thursday", f"day {index}").encode())
        writer.write_record(
            writer.create_warc_record(
                f"https://example.org/{index}", "response", payload=payload, http_headers=headers
            )
        )
    return out.getvalue()


def build_corpus(root: Path) -> dict[str, Path]:
    lines = "\n".join(json.dumps({"text": f"Railway {i}\n{PARA} {shuffled(i)}"}) for i in range(200)).encode()
    files: dict[str, bytes] = {
        "truncated.html.gz": gzip.compress(HTML.encode())[:60],
        "truncated.jsonl.gz": gzip.compress(lines)[: len(gzip.compress(lines)) // 2],
        "truncated.warc.gz": warc_bytes()[:-200],
        "truncated.warc": gzip.decompress(warc_bytes())[:-300],
        "binary.txt": bytes(range(256)) * 8,
        "picture.html": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 2,
        "mixed.txt": f"Railway reopens\n{PARA} Caf\u00e9 owners cheered.".encode()
        + b" Na\xefve visitors came. \x81",
        "utf16.txt": f"Railway reopens\n{PARA}".encode("utf-16"),
        "empty.txt": b"",
        "blank.html": b"   \n\n  ",
        "invalid.jsonl": b'{"text": "unterminated\n[1, 2\n{"html": 5}\nnull\n',
        "nobody.html": b"<html><head><title>Nothing here</title></head></html>",
        "french.txt": f"Ligne rouverte\n{FRENCH} {FRENCH}".encode(),
        "garbage.warc": b"WARC/1.0\r\nthis is not a warc header\r\n\r\n" + bytes(range(256)),
        "long-line.jsonl": json.dumps({"text": "word " * 300_000}).encode()
        + b"\n"
        + json.dumps({"text": f"T\n{PARA}"}).encode(),
    }
    paths = {}
    for name, data in files.items():
        paths[name] = root / name
        paths[name].write_bytes(data)
    return paths


def run(paths: list[Path], settings: Settings) -> list[Article | Skip]:
    outcomes: list[Article | Skip] = []
    for item in iter_inputs(paths, settings):
        if isinstance(item, Skip):
            outcomes.append(item)
            continue
        try:
            outcomes.append(to_article(item, settings))
        except SkipRecord as exc:
            outcomes.append(Skip(item.input, item.record, "extract", str(exc)))
    return outcomes


def by_input(outcomes: list[Article | Skip], root: Path) -> dict[str, list[str]]:
    """file name → outcome tags ("article" or the skip reason tag)."""
    table: dict[str, list[str]] = {}
    for outcome in outcomes:
        source = (
            outcome.input.split("#")[0] if isinstance(outcome, Article) and outcome.input else outcome.input
        )
        tag = "article" if isinstance(outcome, Article) else outcome.reason.split(":")[0]
        table.setdefault(Path(str(source)).name, []).append(tag)
    return table


def test_every_malformed_input_is_recorded(tmp_path: Path) -> None:
    paths = build_corpus(tmp_path)
    settings = Settings(max_record_bytes=1_000_000)
    table = by_input(run([tmp_path], settings), tmp_path)
    assert set(table) == set(paths)
    assert table["truncated.html.gz"] == ["truncated"]
    assert table["truncated.jsonl.gz"][-1] == "truncated" and "article" in table["truncated.jsonl.gz"]
    assert (
        table["truncated.warc.gz"][:2] == ["article", "article"]
        and table["truncated.warc.gz"][-1] == "truncated"
    )
    assert table["truncated.warc"] == ["article", "article", "truncated"]
    assert table["binary.txt"] == ["binary"] and table["picture.html"] == ["binary"]
    assert table["mixed.txt"] == ["article"] and table["utf16.txt"] == ["article"]
    assert table["empty.txt"] == ["empty"] and table["blank.html"] == ["empty"]
    assert table["invalid.jsonl"] == ["invalid-json", "invalid-json", "no-content", "invalid-json"]
    assert table["nobody.html"] == ["no-body"]
    assert table["french.txt"] == ["article"]  # every language is stored
    assert table["garbage.warc"] == ["warc-record"]
    assert table["long-line.jsonl"] == ["oversize", "article"]


def test_skip_reasons_are_one_line(tmp_path: Path) -> None:
    build_corpus(tmp_path)
    for outcome in run([tmp_path], Settings(max_record_bytes=1_000_000)):
        if isinstance(outcome, Skip):
            assert outcome.reason and "\n" not in outcome.reason and ": " in outcome.reason


def test_mixed_encoding_is_repaired_and_noted(tmp_path: Path) -> None:
    path = build_corpus(tmp_path)["mixed.txt"]
    [raw] = list(iter_inputs([path], Settings()))
    assert isinstance(raw, RawDoc) and raw.notes and raw.notes[0].startswith("decoding:")
    article = to_article(raw, Settings())
    assert "Café owners" in article.text and "Naïve visitors" in article.text
    assert "encoding_repaired" in article.flags


def test_fifty_megabytes_of_html_is_skipped_as_oversize_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    chunk = f"<div class='c'><p>{PARA}</p></div>\n".encode()
    with path.open("wb") as out:
        out.write(b"<html><body>")
        for _ in range(50_000_000 // len(chunk) + 1):
            out.write(chunk)
        out.write(b"</body></html>")
    assert path.stat().st_size > 50_000_000
    started = time.perf_counter()
    [skip] = list(iter_inputs([path], Settings()))
    assert isinstance(skip, Skip) and skip.reason.startswith("oversize")
    assert time.perf_counter() - started < 2.0


def test_file_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(f"Railway\n{PARA}", encoding="utf-8")
    [skip] = list(iter_inputs([path], Settings(max_file_bytes=100)))
    assert isinstance(skip, Skip) and skip.reason.startswith("oversize: file is")


def test_jsonl_file_limit_stops_reading(tmp_path: Path) -> None:
    """A compressed file under max_file_bytes is still cut off once its decompressed bytes exceed it."""
    path = tmp_path / "many.jsonl.gz"
    path.write_bytes(
        gzip.compress("\n".join(json.dumps({"text": f"T{i}\n{PARA}"}) for i in range(100)).encode())
    )
    assert path.stat().st_size < 10_000
    found = list(iter_inputs([path], Settings(max_file_bytes=10_000)))
    docs = [f for f in found if isinstance(f, RawDoc)]
    assert isinstance(found[-1], Skip) and found[-1].reason.startswith("oversize: input exceeds")
    assert 0 < len(docs) < 100
