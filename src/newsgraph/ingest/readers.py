"""Input readers: files (.txt, .html/.htm, .jsonl, .warc; any of them gzipped), folders and stdin.

``iter_inputs`` streams ``RawDoc`` objects and ``Skip`` records.  It raises only for a path that does not
exist; every other problem (empty, binary, truncated, oversize, invalid JSON, undecodable) becomes a Skip
whose ``reason`` starts with a short tag: ``empty``, ``binary``, ``oversize``, ``truncated``,
``invalid-json``, ``no-content``, ``unreadable``, ``warc-record``, ``http-status``, ``not-html``.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from warcio.exceptions import ArchiveLoadFailed

from newsgraph.errors import IngestError
from newsgraph.ingest.decoding import declared_charset, decode_bytes, sniff_binary
from newsgraph.ingest.types import RawDoc
from newsgraph.ingest.warc import HTML_SNIFF, read_warc
from newsgraph.records import Skip
from newsgraph.settings import Settings

__all__ = ["RawDoc", "iter_inputs", "detect_format"]

Item = RawDoc | Skip
GZIP_MAGIC = b"\x1f\x8b"
SUFFIX_FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".arc": "warc",
}
TRUNCATION_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile, ArchiveLoadFailed)
CHUNK = 1 << 16


def iter_inputs(paths: Iterable[str | Path], settings: Settings) -> Iterator[Item]:
    """Stream RawDocs and Skips from ``paths`` ("-" is stdin; folders are walked recursively, sorted)."""
    names = [str(p) for p in paths]
    for name in names:
        if name != "-" and not Path(name).exists():
            raise IngestError(f"input not found: {name}")
    for name in names:
        if name == "-":
            yield from _guard(_read_stdin(settings), "-")
        elif Path(name).is_dir():
            yield from _read_folder(Path(name), settings)
        else:
            yield from _read_path(Path(name), settings)


def detect_format(name: str, head: bytes) -> str:
    """Format of an input from its name (``.gz`` stripped) or, failing that, its first bytes."""
    path = Path(name.lower())
    suffix = Path(path.stem).suffix if path.suffix == ".gz" else path.suffix
    if suffix in SUFFIX_FORMATS:
        return SUFFIX_FORMATS[suffix]
    start = head.lstrip()[:64]
    if start.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    if start.startswith(b"{"):
        return "jsonl"
    if HTML_SNIFF.search(head[:4096]):
        return "html"
    return "text"


DOC_STEMS = ("README", "LICENSE", "LICENCE", "CHANGELOG", "NOTICE")


def folder_skip(root: Path, path: Path) -> str | None:
    """Why a folder walk does not read ``path`` (the reason of its Skip), or None when it is read."""
    if any(part.startswith(".") for part in path.relative_to(root).parts):
        return "hidden: hidden file or folder not read"
    if path.stem.upper() in DOC_STEMS:
        return "documentation: README/LICENSE files in a folder are not news"
    inner = Path(path.stem).suffix if path.suffix.lower() == ".gz" else path.suffix
    if inner and inner.lower() not in SUFFIX_FORMATS:
        return f"unsupported: {inner} files in a folder are not read as news"
    return None


def _read_folder(root: Path, settings: Settings) -> Iterator[Item]:
    files = sorted((p for p in root.rglob("*") if p.is_file()), key=lambda p: p.relative_to(root).parts)
    for path in files:
        reason = folder_skip(root, path)
        if reason is not None:
            yield Skip(str(path), None, "read", reason)
            continue
        yield from _read_path(path, settings)


def _read_path(path: Path, settings: Settings) -> Iterator[Item]:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield Skip(name, None, "read", f"unreadable: {exc.strerror or exc}")
        return
    if size == 0:
        yield Skip(name, None, "read", "empty: file has no bytes")
    elif size > settings.max_file_bytes:
        yield Skip(
            name, None, "read", f"oversize: file is {size} bytes > max_file_bytes={settings.max_file_bytes}"
        )
    else:
        yield from _guard(_read_file(path, settings), name)


def _read_file(path: Path, settings: Settings) -> Iterator[Item]:
    with path.open("rb") as raw:
        if raw.peek(2)[:2] == GZIP_MAGIC and detect_format(str(path), b"") == "warc":
            yield from read_warc(raw, str(path), settings)  # warcio keeps compressed offsets
            return
        yield from _read_stream(raw, str(path), str(path), settings)


def _read_stdin(settings: Settings) -> Iterator[Item]:
    buffer = getattr(sys.stdin, "buffer", None)
    stream: IO[bytes] = buffer if buffer is not None else io.BytesIO(sys.stdin.read().encode("utf-8"))
    yield from _read_stream(stream, "-", "", settings)


def _peekable(stream: Any) -> Any:
    """The stream itself when it can ``peek``, else a buffered reader around it."""
    return stream if hasattr(stream, "peek") else io.BufferedReader(stream, CHUNK)


def _read_stream(stream: IO[bytes], input: str, name: str, settings: Settings) -> Iterator[Item]:
    """Read one input given as a binary stream; gzip is recognised by its magic bytes."""
    buffered = _peekable(stream)
    if buffered.peek(2)[:2] == GZIP_MAGIC:
        buffered = _peekable(gzip.GzipFile(fileobj=buffered, mode="rb"))
    head = buffered.peek(CHUNK)[:CHUNK]
    if not head:
        yield Skip(input, None, "read", "empty: no content")
        return
    fmt = detect_format(name, head)
    binary = None if fmt == "warc" else sniff_binary(head)  # WARC records are checked one by one
    if binary:
        yield Skip(input, None, "read", f"binary: {binary}")
    elif fmt == "warc":
        yield from read_warc(buffered, input, settings)
    elif fmt == "jsonl":
        yield from _read_jsonl(buffered, input, settings)
    else:
        yield _read_whole(buffered, input, fmt, settings)


def _read_whole(stream: IO[bytes], input: str, kind: str, settings: Settings) -> Item:
    limit = settings.max_record_bytes
    data = stream.read(limit + 1)
    if len(data) > limit:
        return Skip(input, None, "read", f"oversize: document larger than max_record_bytes={limit}")
    if not data.strip():
        return Skip(input, None, "read", "empty: only whitespace")
    text, note = decode_bytes(data, declared_charset(data) if kind == "html" else None)
    return RawDoc(input, None, kind, text, notes=(note,) if note else ())


def _iter_lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per line; bytes is None for a line longer than ``limit`` (never held whole)."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(CHUNK)
            yield number, None
        else:
            yield number, line


def _read_jsonl(stream: IO[bytes], input: str, settings: Settings) -> Iterator[Item]:
    total = 0
    for number, line in _iter_lines(stream, settings.max_record_bytes):
        locator = f"line:{number}"
        if line is None:
            total += settings.max_record_bytes
            yield Skip(
                input,
                locator,
                "read",
                f"oversize: line larger than max_record_bytes={settings.max_record_bytes}",
            )
            continue
        total += len(line)
        if total > settings.max_file_bytes:
            yield Skip(
                input, locator, "read", f"oversize: input exceeds max_file_bytes={settings.max_file_bytes}"
            )
            return
        if line.strip():
            yield _jsonl_record(line, input, locator)


def _jsonl_record(line: bytes, input: str, locator: str) -> Item:
    text, note = decode_bytes(line)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return Skip(input, locator, "read", f"invalid-json: {exc.msg} at column {exc.colno}")
    if not isinstance(obj, dict):
        return Skip(input, locator, "read", f"invalid-json: expected an object, got {type(obj).__name__}")
    body, html = obj.get("text"), obj.get("html")
    kind = "text" if isinstance(body, str) and body.strip() else "html"
    content = body if kind == "text" else html
    if not isinstance(content, str) or not content.strip():
        return Skip(input, locator, "read", "no-content: neither a non-empty 'text' nor 'html' field")
    notes = (note,) if note else ()
    meta = {key: _field(obj, key) for key in ("url", "title", "date", "source")}
    return RawDoc(input, locator, kind, content, notes=notes, **meta)


def _field(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return value if isinstance(value, str) and value.strip() else None


def _guard(items: Iterator[Item], input: str) -> Iterator[Item]:
    """Turn a read failure in the middle of an input into a final Skip (items already read stay)."""
    last: str | None = None
    try:
        for item in items:
            last = item.record
            yield item
    except TRUNCATION_ERRORS as exc:
        where = f" after {last}" if last else ""
        yield Skip(input, None, "read", f"truncated: {type(exc).__name__}: {exc}{where}".strip())
    except (OSError, ValueError, UnicodeError) as exc:
        yield Skip(input, None, "read", f"unreadable: {type(exc).__name__}: {exc}")
