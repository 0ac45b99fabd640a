"""Generator of the hostile input corpus (issue 17): several hundred bad files and good controls, all team-written.

Only this generator is committed, never its output.  Every file is built here from the team's own sentences or
from random bytes; nothing is copied from /work/shared.  ``build(root)`` writes the corpus under ``root/in`` and
returns a manifest: for every file, its kind and what the reader must do with it (``stored`` for a good control,
``skip`` for a file that must end in ``failures`` with a reason, ``partial`` for a file with good and bad records,
``any`` for a file that may be stored or skipped but must never crash the run, ``duplicate`` for a link to a
file of the tree, whose text is stored once under the real name).  Outside the input tree it writes one ``outside/secret.txt`` that a symlink points
to: its text must never reach the store.

    PYTHONPATH=src .venv/bin/python benchmarks/hostile_corpus.py /tmp/hostile      # writes /tmp/hostile/in
    PYTHONPATH=src .venv/bin/python benchmarks/hostile_run.py /tmp/hostile        # ingests and reports

``long_article(n_bytes)`` also serves the article-size profile (docs/reliability.md).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import sys
from collections.abc import Callable
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

CITIES = (
    ("Lisbon", "Portugal"),
    ("Nairobi", "Kenya"),
    ("Ottawa", "Canada"),
    ("Hanoi", "Vietnam"),
    ("Lima", "Peru"),
    ("Oslo", "Norway"),
    ("Accra", "Ghana"),
    ("Manila", "the Philippines"),
    ("Warsaw", "Poland"),
    ("Santiago", "Chile"),
)
SUBJECTS = (
    "The port authority",
    "Regional planners",
    "A farmers' union",
    "The city council",
    "Two rail unions",
)
TEMPLATES = (
    "{subject} in {city} said on {day} that work on the new {thing} would start before the end of the year.",
    "Officials in {country} met representatives of {other} to discuss the {thing} near {city}.",
    "The government of {country} accused {other} of delaying the {thing} agreed last spring.",
    "Residents of {city} queued for hours as the {thing} reopened after repairs lasting {n} weeks.",
    "{subject} told reporters in {city} that {n} families had been moved while the {thing} was rebuilt.",
    "Ministers from {country} and {other} signed a pact in {city} on {day} covering the {thing}.",
    "Police in {city} detained {n} people after a protest outside the {thing} turned violent.",
    "Engineers from {country} said the {thing} near {city} could carry {n} thousand passengers a day.",
)
THINGS = ("bridge", "ferry terminal", "grain depot", "water plant", "tram line", "harbour wall", "clinic")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def sentence(rng: random.Random) -> str:
    city, country = rng.choice(CITIES)
    other = rng.choice([c for _, c in CITIES if c != country])
    return rng.choice(TEMPLATES).format(
        subject=rng.choice(SUBJECTS), city=city, country=country, other=other, thing=rng.choice(THINGS),
        day=rng.choice(DAYS), n=rng.randint(2, 90),
    )  # fmt: skip


def paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def control_text(index: int) -> str:
    """A good article (title line, then five paragraphs) unique to ``index``."""
    rng = random.Random(1000 + index)
    city, _ = rng.choice(CITIES)
    title = f"Work on the {rng.choice(THINGS)} in {city} enters stage {index}"
    return title + "\n\n" + "\n\n".join(paragraph(rng) for _ in range(5)) + "\n"


def long_article(n_bytes: int, seed: int = 7) -> str:
    """A team-written article of about ``n_bytes`` UTF-8 bytes (for the size profile)."""
    rng = random.Random(seed)
    parts = [f"Long report number {seed}"]
    size = len(parts[0])
    while size < n_bytes:
        para = paragraph(rng, 5)
        parts.append(para)
        size += len(para) + 2
    return "\n\n".join(parts) + "\n"


def html_page(title: str, body: str) -> str:
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n") if p.strip())
    return f"<!doctype html><html><head><title>{title}</title></head><body><article>{paras}</article></body></html>"


def warc_records(pages: list[tuple[str, bytes]], *, gzip_records: bool = True) -> bytes:
    """A WARC of HTML responses (``(url, body)``), one gzip member per record when ``gzip_records``."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip_records)
    for url, body in pages:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
        )
    return out.getvalue()


def gzip_of_zeros(n_bytes: int) -> bytes:
    """gzip of ``n_bytes`` zero bytes, compressed in chunks (never held whole)."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as gz:
        chunk = b"\0" * (1 << 20)
        for _ in range(n_bytes // len(chunk)):
            gz.write(chunk)
    return out.getvalue()


def warc_bomb(n_bytes: int) -> bytes:
    """A per-record gzipped WARC whose one response body is ``n_bytes`` of zeros (declared honestly)."""
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/bomb\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        b"Content-Length: " + str(n_bytes + 45).encode() + b"\r\n\r\n"
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    )
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as gz:
        gz.write(head)
        chunk = b"\0" * (1 << 20)
        for _ in range(n_bytes // len(chunk)):
            gz.write(chunk)
        gz.write(b"\r\n\r\n")
    return out.getvalue()


Manifest = dict[str, dict[str, str]]


class Corpus:
    """Writes files under ``root/in`` and records what each must become."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.input = root / "in"
        self.input.mkdir(parents=True, exist_ok=True)
        self.manifest: Manifest = {}

    def add(self, relative: str, data: bytes, kind: str, expect: str) -> Path:
        path = self.input / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.manifest[str(path)] = {"kind": kind, "expect": expect}
        return path


def add_controls(corpus: Corpus, count: int = 27) -> None:
    """Good articles in every format: .txt, .html, .html.gz, .jsonl line, WARC record."""
    for index in range(count):
        text = control_text(index)
        title, body = text.split("\n\n", 1)
        form = index % 5
        if form == 0:
            corpus.add(f"controls/c{index:02d}.txt", text.encode(), "control", "stored")
        elif form == 1:
            corpus.add(f"controls/c{index:02d}.html", html_page(title, body).encode(), "control", "stored")
        elif form == 2:
            data = gzip.compress(html_page(title, body).encode())
            corpus.add(f"controls/c{index:02d}.html.gz", data, "control", "stored")
        elif form == 3:
            line = json.dumps({"title": title, "text": body, "url": f"https://example.org/c{index}"})
            corpus.add(f"controls/c{index:02d}.jsonl", line.encode() + b"\n", "control", "stored")
        else:
            page = html_page(title, body).encode()
            corpus.add(f"controls/c{index:02d}.warc.gz", warc_records([(f"https://example.org/c{index}", page)]),
                       "control", "stored")  # fmt: skip


def add_structure_faults(corpus: Corpus) -> None:
    """Deep JSON, broken WARC framing, truncated gzip, surrogates and NULs, odd file names."""
    deep = b"[" * 100_000 + b"]" * 100_000
    good = json.dumps({"title": "After the deep line", "text": control_text(90)}).encode()
    corpus.add("json/deep.jsonl", deep + b"\n" + good + b"\n", "deep-json", "partial")
    corpus.add(
        "json/deep-object.jsonl", b'{"a":' * 50_000 + b"1" + b"}" * 50_000 + b"\n", "deep-json", "skip"
    )
    big = (
        b'{"text": "a", "n": '
        + b"7" * 5000
        + b"}\n"
        + json.dumps({"text": control_text(96)}).encode()
        + b"\n"
    )
    corpus.add("json/huge-integer.jsonl", big, "json-limit", "partial")
    corpus.add("warc/header-only.warc", b"WARC/1.0\r\nWARC-Type: response\r\n", "warc-framing", "skip")
    corpus.add("warc/header-only2.warc", b"WARC/1.0\r\nWARC-Type: response\r\n\r\n", "warc-framing", "skip")
    corpus.add("warc/garbage-length.warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: zz\r\n\r\nabc",
               "warc-framing", "skip")  # fmt: skip
    page = html_page("Truncated", control_text(91)).encode()
    corpus.add("gzip/truncated.html.gz", gzip.compress(page)[:80], "truncated-gzip", "skip")
    corpus.add("gzip/truncated.warc.gz", warc_records([("https://example.org/t", page)])[:-120],
               "truncated-gzip", "skip")  # fmt: skip
    surrogate = json.dumps({"title": "Bad \udfff title", "text": control_text(92)}, ensure_ascii=True)
    corpus.add("json/surrogate.jsonl", surrogate.encode() + b"\n", "surrogate", "stored")
    nul = json.dumps({"title": "Nul\u0000title", "text": control_text(93).replace("bridge", "bri\u0000dge")})
    corpus.add("json/nul.jsonl", nul.encode() + b"\n", "nul", "stored")
    name = os.fsdecode(b"names/caf\xe9-\xff.txt")
    corpus.add(name, control_text(94).encode(), "non-utf8-name", "stored")
    corpus.add("names/spaces and 'quotes' ;.txt", control_text(95).encode(), "odd-name", "stored")
    for index in range(100):
        broken = ('{"text": "' + "x" * index, "[1, 2", "not json at all", '{"text": 5}', "null")[index % 5]
        corpus.add(f"json/bad{index:03d}.jsonl", broken.encode() + b"\n", "bad-json", "skip")
    for index in range(20):
        corpus.add(f"empty/e{index:02d}.txt", b"" if index % 2 else b" \n\t " * index, "empty", "skip")
        corpus.add(f"magic/m{index:02d}.html", b"%PDF-1.7\n" + bytes(range(256)) * 4, "binary", "skip")


def add_bombs(corpus: Corpus) -> None:
    """Decompression bombs: gzipped zeros as a page and as a WARC record; a single-stream WARC.gz."""
    corpus.add("bombs/zeros.html.gz", gzip_of_zeros(200 << 20), "bomb", "skip")
    corpus.add("bombs/zeros.jsonl.gz", gzip_of_zeros(200 << 20), "bomb", "skip")
    corpus.add("bombs/zeros.warc.gz", warc_bomb(1 << 30), "bomb", "skip")
    pages = [
        (f"https://example.org/s{i}", html_page(f"Stream {i}", control_text(100 + i)).encode())
        for i in range(3)
    ]
    corpus.add("warc/single-stream.warc.gz", gzip.compress(warc_records(pages, gzip_records=False)),
               "single-stream-warc", "stored")  # fmt: skip


def double_encoded(text: str) -> bytes:
    """UTF-8 bytes read as cp1252 and written out as UTF-8 again: the classic stored mojibake."""
    return text.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")


JAPANESE = (
    "港湾局は月曜日、新しい橋の工事を年内に始めると発表した。住民は朝から長い列を作って待った。"
    "市議会は来月、予算案について審議する予定だ。技術者によると、完成までに三年かかるという。"
    "地元の漁業組合は工事中の騒音について懸念を示している。知事は記者会見で計画の重要性を強調した。"
)
CHINESE = (
    "市政府星期二表示，新的渡轮码头将在年底前开工。居民们从早上开始排队等候了几个小时。"
    "工程师说，新码头每天可以接待数千名乘客。当地渔民协会对施工期间的噪音表示担忧。"
    "市长在新闻发布会上强调了这个项目对经济的重要性，并承诺按时完成。"
)
RUSSIAN = (
    "Городской совет заявил в понедельник, что строительство нового моста начнется до конца года. "
    "Жители с утра стояли в длинной очереди у здания администрации. Инженеры говорят, что работы займут "
    "три года. Местный профсоюз рыбаков выразил беспокойство по поводу шума. Губернатор подчеркнул "
    "важность проекта для экономики региона и пообещал завершить его вовремя."
)
FRENCH = (
    "Les ingénieurs ont rouvert jeudi la ligne de chemin de fer de montagne près de Grenoble, a indiqué "
    "l'exploitant. Les trains circuleront à vitesse réduite sur la section endommagée jusqu'à la pose de "
    "nouveaux rails. Les habitants de la vallée attendaient cette réouverture depuis neuf jours."
)


def add_text_faults(corpus: Corpus) -> None:
    """Binary, legacy encodings, repetition, noscript-only pages, false charsets, deep nesting."""
    rng = random.Random(17)
    for index in range(120):
        data = bytes(rng.randrange(256) for _ in range(100 if index % 2 else 4000))
        corpus.add(f"text/random{index:03d}.md", data, "binary", "skip")
    legacy = [(JAPANESE, "shift_jis"), (CHINESE, "gb18030"), (RUSSIAN, "koi8_r"), (RUSSIAN, "cp1251")]
    for index, (text, codec) in enumerate(legacy * 3):
        numbered = f"{text} ({index + 1})"  # each file its own text: a repeat would be a stored duplicate
        corpus.add(f"text/foreign{index:02d}.txt", numbered.encode(codec), "legacy-encoding", "any")
    corpus.add("text/french.txt", ("Ligne rouverte\n\n" + FRENCH).encode(), "non-english", "any")
    for index in range(4):
        corpus.add(
            f"text/mojibake{index}.txt", double_encoded(f"Отчёт {index}\n\n" + RUSSIAN), "mojibake", "skip"
        )
    corpus.add(
        "text/french-cp1252.txt",
        ("Ligne rouverte (2)\n\n" + FRENCH + " (2)").encode("cp1252"),
        "non-english",
        "any",
    )
    corpus.add("text/many-a.txt", b"a\n" * 200_000, "repetition", "skip")
    corpus.add("text/one-line.txt", ("word " * 40 + "\n").encode() * 3000, "repetition", "skip")
    corpus.add(
        "text/numbers.txt",
        " ".join(str(rng.randrange(10**6)) for _ in range(5000)).encode(),
        "non-text",
        "skip",
    )
    noscript = (
        "<html><body><noscript>"
        + "Please enable JavaScript to read this page. " * 40
        + "</noscript></body></html>"
    )
    corpus.add("html/noscript.html", noscript.encode(), "noscript", "skip")
    false_meta = html_page("False charset", control_text(110)).replace(
        "<head>", "<head><meta charset='utf-16'>"
    )
    corpus.add("html/false-charset.html", false_meta.encode(), "false-charset", "stored")
    for index, tag in enumerate(("div", "b", "blockquote", "span")):
        body = "".join(f"<p>{p}</p>" for p in control_text(111 + index).split("\n\n"))
        page = f"<html><body>{f'<{tag}>' * 10_000}{body}{f'</{tag}>' * 10_000}</body></html>"
        corpus.add(f"html/nested-{tag}.html", page.encode(), "deep-nesting", "stored")


def add_links(corpus: Corpus) -> None:
    """Symlinks leaving the tree, a loop, a dangling link; one link staying inside the tree."""
    outside = corpus.root / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text(control_text(120).replace("Work on", "SECRET outside file:"))
    links = corpus.input / "links"
    links.mkdir(exist_ok=True)
    pairs: list[tuple[str, Path, str]] = [
        ("secret.txt", outside / "secret.txt", "skip"),
        ("outside-dir", outside, "skip"),
        ("passwd.txt", Path("/etc/passwd"), "skip"),
        ("dangling.txt", corpus.root / "missing.txt", "skip"),
        ("loop", links, "skip"),
        ("inside.txt", corpus.input / "controls" / "c00.txt", "duplicate"),
        ("controls-again", corpus.input / "controls", "skip"),
    ]
    for name, target, expect in pairs:
        path = links / name
        if path.is_symlink():
            path.unlink()
        path.symlink_to(target)
        corpus.manifest[str(path)] = {"kind": "symlink", "expect": expect}


def build(root: Path) -> Manifest:
    corpus = Corpus(root)
    steps: list[Callable[[Corpus], None]] = [
        add_controls,
        add_structure_faults,
        add_bombs,
        add_text_faults,
        add_links,
    ]
    for step in steps:
        step(corpus)
    (root / "manifest.json").write_text(json.dumps(corpus.manifest, indent=1, ensure_ascii=True))
    return corpus.manifest


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/hostile")
    made = build(target)
    print(f"{len(made)} files under {target / 'in'}")
