"""Readers: every input format, folders, stdin, order, plus to_article on what they yield."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.errors import IngestError, SkipRecord
from newsgraph.ingest import iter_inputs, to_article
from newsgraph.ingest.dedup import (
    NEAR_DUPLICATE_THRESHOLD,
    content_id,
    minhash_signature,
    near_duplicate_keys,
    similarity,
)
from newsgraph.ingest.readers import RawDoc, detect_format
from newsgraph.records import Skip
from newsgraph.settings import Settings

BODY = (
    "The port authority in Valletta said on Monday that two cargo ships collided in the harbour entrance "
    "during heavy fog, leaving one vessel with a damaged hull. No injuries were reported among the crews, "
    "and the harbour master ordered all traffic to wait until visibility improved in the afternoon. "
    "Investigators from the maritime safety agency boarded both ships to collect the voyage records."
)
HTML = f"""<!DOCTYPE html><html><head><title>Ships collide in fog off Valletta</title>
<meta property="article:published_time" content="2024-03-11T09:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ships collide in fog off Valletta</h1><p>{BODY}</p>
<p>The agency expects to publish a first account of the collision within a month, officials said.</p></article>
<footer>Copyright Example News</footer></body></html>"""
SETTINGS = Settings()


def items(paths: list[str | Path], settings: Settings = SETTINGS) -> list[RawDoc | Skip]:
    return list(iter_inputs(paths, settings))


def docs(found: list[RawDoc | Skip]) -> list[RawDoc]:
    return [item for item in found if isinstance(item, RawDoc)]


def skips(found: list[RawDoc | Skip]) -> list[Skip]:
    return [item for item in found if isinstance(item, Skip)]


def test_text_file_title_is_first_line(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(f"Ships collide in fog\n\n{BODY}\n", encoding="utf-8")
    [raw] = items([path])
    assert isinstance(raw, RawDoc) and raw.kind == "text" and raw.record is None
    article = to_article(raw, SETTINGS)
    assert article.title == "Ships collide in fog"
    assert article.text.startswith("The port authority")
    assert article.input == str(path) and article.language == "en"


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.html.gz", "page.bin"])
def test_html_files_plain_and_gzipped(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    data = HTML.encode("utf-8")
    path.write_bytes(gzip.compress(data) if name.endswith((".gz", ".bin")) else data)
    [raw] = items([path])
    assert isinstance(raw, RawDoc) and raw.kind == "html"
    article = to_article(raw, SETTINGS)
    assert article.title == "Ships collide in fog off Valletta"
    assert article.published == "2024-03-11"
    assert "two cargo ships collided" in article.text
    assert "Copyright" not in article.text and "Home" not in article.text


def test_jsonl_text_html_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {"text": BODY, "title": "Fog collision", "url": "https://example.org/a", "date": "11 March 2024"}
        ),
        "",
        "{not json",
        json.dumps({"html": HTML, "source": "Example News"}),
        json.dumps(["a", "list"]),
        json.dumps({"title": "no body"}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = items([path])
    assert [item.record for item in found] == ["line:1", "line:3", "line:4", "line:5", "line:6"]
    first, html = docs(found)
    assert (first.kind, first.title, first.url, first.date) == (
        "text",
        "Fog collision",
        "https://example.org/a",
        "11 March 2024",
    )
    assert html.kind == "html" and html.source == "Example News"
    assert [s.reason.split(":")[0] for s in skips(found)] == ["invalid-json", "invalid-json", "no-content"]
    article = to_article(first, SETTINGS)
    assert article.published == "2024-03-11" and article.title == "Fog collision"
    assert article.input == f"{path}#line:1"


def write_warc(path: Path, html: str = HTML) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.suffix == ".gz")

        def response(uri: str, body: bytes, ctype: str, status: str = "200 OK") -> None:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
            )

        request_headers = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "example.org")], is_http_request=True)
        writer.write_record(
            writer.create_warc_record("https://example.org/a", "request", http_headers=request_headers)
        )
        response("https://example.org/a", html.encode("utf-8"), "text/html; charset=utf-8")
        response("https://example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
        response("https://example.org/gone", b"<html><body>gone</body></html>", "text/html", "404 Not Found")
        response(
            "https://example.org/b",
            html.replace("Valletta", "Gozo").encode("cp1252"),
            "text/html; charset=windows-1252",
        )


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_responses_and_skipped_records(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_warc(path)
    found = items([path])
    reasons = [s.reason.split(":")[0] for s in skips(found)]
    assert reasons == ["warc-record", "not-html", "http-status"]
    first, second = docs(found)
    assert first.url == "https://example.org/a" and first.kind == "html"
    assert first.record is not None and first.record.startswith("warc:offset:")
    assert "Gozo" in second.content
    assert to_article(first, SETTINGS).url == "https://example.org/a"
    offsets = [int(item.record.rsplit(":", 1)[1]) for item in found if item.record]
    assert offsets == sorted(offsets) and len(set(offsets)) == 5


def test_folder_is_recursive_sorted_and_deterministic(tmp_path: Path) -> None:
    for rel in ["b/two.txt", "a/one.txt", "c.txt", "a/z/three.html", ".hidden/x.txt"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Title {rel}\n\n{BODY}", encoding="utf-8")
    first = items([tmp_path])
    names = [Path(item.input).relative_to(tmp_path).as_posix() for item in first]
    assert names == [".hidden/x.txt", "a/one.txt", "a/z/three.html", "b/two.txt", "c.txt"]
    assert skips(first)[0].reason.startswith("hidden")
    assert first == items([tmp_path])


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(f"Harbour crash\n{BODY}".encode())))
    [raw] = items(["-"])
    assert isinstance(raw, RawDoc) and raw.input == "-" and raw.kind == "text"
    assert to_article(raw, SETTINGS).title == "Harbour crash"


def test_stdin_jsonl_gzipped(monkeypatch: pytest.MonkeyPatch) -> None:
    data = gzip.compress(
        (json.dumps({"text": BODY}) + "\n" + json.dumps({"text": BODY + " Later."})).encode()
    )
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert [item.record for item in items(["-"])] == ["line:1", "line:2"]


def test_missing_path_raises_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as info:
        items([tmp_path / "nope.txt"])
    assert "\n" not in str(info.value) and "nope.txt" in str(info.value)


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("x.warc.gz", b"", "warc"),
        ("x.jsonl.gz", b"", "jsonl"),
        ("x.HTM", b"", "html"),
        ("x", b"WARC/1.0\r\n", "warc"),
        ("x", b'  {"text": "a"}', "jsonl"),
        ("x", b"<!DOCTYPE html><html>", "html"),
        ("x.dat", b"Plain words here.", "text"),
    ],
)
def test_detect_format(name: str, head: bytes, expected: str) -> None:
    assert detect_format(name, head) == expected


def test_reingest_same_text_same_id_and_near_duplicates_link() -> None:
    other = (
        BODY.replace("Monday", "Tuesday").replace("heavy fog", "thick fog")
        + " A spokesman declined to comment."
    )
    unrelated = (
        "Parliament approved the budget after a long debate about school funding and rural roads. " * 3
    )
    sig_a, sig_b, sig_c = (minhash_signature(t) for t in (BODY, other, unrelated))
    assert content_id(BODY) == content_id("  " + BODY.upper()) and minhash_signature(BODY) == sig_a
    assert similarity(sig_a, sig_b) >= 0.5 > similarity(sig_a, sig_c)
    assert set(near_duplicate_keys(sig_a)) & set(near_duplicate_keys(sig_b))
    assert not set(near_duplicate_keys(sig_a)) & set(near_duplicate_keys(sig_c))
    assert len(near_duplicate_keys(sig_a)) == 21 and all(0 <= v < 2**32 for v in sig_a)


SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.mark.skipif(not (SAMPLES / "drone-strike-kharkiv-wire.txt").is_file(), reason="sample corpus absent")
def test_sample_rewrite_is_the_only_linked_pair() -> None:
    articles = {Path(raw.input).name: to_article(raw, SETTINGS) for raw in docs(items([SAMPLES]))}
    sigs = {name: minhash_signature(article.text) for name, article in articles.items()}
    keys = {name: set(near_duplicate_keys(sig)) for name, sig in sigs.items()}
    linked = {
        (a, b)
        for a in sigs
        for b in sigs
        if a < b and keys[a] & keys[b] and similarity(sigs[a], sigs[b]) >= NEAR_DUPLICATE_THRESHOLD
    }
    assert linked == {("drone-strike-kharkiv-wire.txt", "drone-strike-kharkiv.txt")}


def test_to_article_rejects_short_and_empty() -> None:
    with pytest.raises(SkipRecord) as info:
        to_article(RawDoc("x", None, "text", "Title\nToo short to be an article."), SETTINGS)
    assert info.value.reason == "too-short"
    with pytest.raises(SkipRecord) as info:
        to_article(RawDoc("x", None, "html", "<html><head><title>t</title></head></html>"), SETTINGS)
    assert info.value.reason in ("no-body", "empty")
