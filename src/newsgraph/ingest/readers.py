"""Input readers: files (.txt, .html/.htm, .jsonl, .warc; any of them gzipped), folders and stdin.

``iter_inputs`` streams ``RawDoc`` objects and ``Skip`` records.  It raises only for a path that does not
exist; every other problem (empty, binary, truncated, oversize, invalid JSON, undecodable) becomes a Skip
whose ``reason`` starts with a short tag: ``empty``, ``binary``, ``oversize``, ``truncated``,
``invalid-json``, ``no-content``, ``unreadable``, ``warc-record``, ``http-status``, ``not-html``, ``outside``
(a symlink in a folder leading out of it), ``loop`` (a symlink loop), ``symlink`` (a link to a folder),
``error`` (an unexpected exception inside a reader: the input stops there, the run goes on).

Every item leaves through :func:`_finish`: input names that are not UTF-8 are escaped (``\\xNN``), and the
text fields of a RawDoc are made storable (lone surrogates replaced, NULs removed) with a note.
Decompressed bytes are counted while reading: a gzip input whose content exceeds ``max_file_bytes`` ends
with an ``oversize`` Skip, however small the compressed file is.
"""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from warcio.exceptions import ArchiveLoadFailed

from newsgraph.errors import IngestError
from newsgraph.ingest.decoding import declared_charset, decode_bytes, sniff_binary
from newsgraph.ingest.sanity import flatten_deep_html, safe_name, sanitise
from newsgraph.ingest.types import RawDoc
from newsgraph.ingest.warc import HTML_SNIFF, DecompressedLimit, read_warc
from newsgraph.records import Skip
from newsgraph.settings import Settings

__all__ = ["RawDoc", "iter_inputs", "detect_format", "walk_folder"]

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
TEXT_FIELDS = ("content", "url", "title", "date", "source")
CHUNK = 1 << 16


def iter_inputs(paths: Iterable[str | Path], settings: Settings) -> Iterator[Item]:
    """Stream RawDocs and Skips from ``paths`` ("-" is stdin; folders are walked recursively, sorted)."""
    names = [str(p) for p in paths]
    for name in names:
        if name != "-" and not Path(name).exists():
            raise IngestError(f"input not found: {name}")
    for name in names:
        if name == "-":
            items = _guard(_read_stdin(settings), "-")
        elif Path(name).is_dir():
            items = _read_folder(Path(name), settings)
        else:
            items = _read_path(Path(name), settings)
        yield from (_finish(item) for item in items)


def _finish(item: Item) -> Item:
    """The item with a printable input name and storable text fields (every change noted on a RawDoc)."""
    name = safe_name(item.input)
    if isinstance(item, Skip):
        return item if name == item.input else dataclasses.replace(item, input=name)
    changes: dict[str, Any] = {"input": name} if name != item.input else {}
    notes = list(item.notes)
    for key in TEXT_FIELDS:
        value = getattr(item, key)
        clean, changed = sanitise(value) if isinstance(value, str) else (value, 0)
        if changed:
            changes[key] = clean
            notes.append(f"sanitised: {changed} NUL or lone-surrogate character(s) removed from {key}")
    if item.kind == "html":
        flat, note = flatten_deep_html(changes.get("content", item.content))
        if note:
            changes["content"] = flat
            notes.append(note)
    if not changes:
        return item
    return dataclasses.replace(item, notes=tuple(notes), **changes)


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
    inside = path.relative_to(root).parents  # a file under a symlinked folder (never listed by walk_folder)
    if any(p.is_symlink() for p in (path, *(root / q for q in inside))) and (reason := link_skip(root, path)):
        return reason
    if not path.is_file():
        return "unreadable: not a regular file"
    if path.stem.upper() in DOC_STEMS:
        return "documentation: README/LICENSE files in a folder are not news"
    inner = Path(path.stem).suffix if path.suffix.lower() == ".gz" else path.suffix
    if inner and inner.lower() not in SUFFIX_FORMATS:
        return f"unsupported: {inner} files in a folder are not read as news"
    return None


def walk_folder(root: Path) -> list[Path]:
    """Files and symlinks under ``root`` in reading order; symlinked folders are listed, never descended."""
    entries = (p for p in root.rglob("*") if p.is_symlink() or p.is_file())
    return sorted(entries, key=lambda p: p.relative_to(root).parts)


def link_skip(root: Path, path: Path) -> str | None:
    """Why a symlink under ``root`` is not followed, or None when it leads to a file inside the tree."""
    try:
        target = path.resolve(strict=True)
    except RuntimeError:
        return "loop: symlink loop"
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            return "loop: symlink loop"
        return f"unreadable: dangling symlink ({exc.strerror or exc})"
    if not target.is_relative_to(root.resolve()):
        return "outside: symlink leads outside the input folder"
    if target.is_dir():
        loop = path.parent.resolve().is_relative_to(target)  # the link points at one of its own ancestors
        return "loop: symlink loop" if loop else "symlink: link to a folder not followed (its files are read)"
    return None


def _read_folder(root: Path, settings: Settings) -> Iterator[Item]:
    for path in walk_folder(root):
        reason = folder_skip(root, path)
        if reason is not None:
            yield Skip(str(path), None, "read", reason)
            continue
        yield from _read_path(path, settings)


def _read_path(path: Path, settings: Settings) -> Iterator[Item]:
    name = str(path)
    try:
        info = path.stat()
    except OSError as exc:
        yield Skip(name, None, "read", f"unreadable: {exc.strerror or exc}")
        return
    size = info.st_size
    if stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode) or stat.S_ISSOCK(info.st_mode):
        yield from _guard(_read_file(path, settings), name)  # a pipe (``<(cat f)``) or device: size unknown
    elif size == 0:
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
        unpacked = gzip.GzipFile(fileobj=buffered, mode="rb")
        buffered = _Counted(unpacked, settings.max_file_bytes)
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
    except RecursionError:
        return Skip(input, locator, "read", "invalid-json: nested too deeply to parse")
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        return Skip(input, locator, "read", _one_line(f"invalid-json: {exc}"))
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
    except DecompressedLimit as exc:
        yield Skip(input, None, "read", f"oversize: {exc}")
    except TRUNCATION_ERRORS as exc:
        where = f" after {last}" if last else ""
        yield Skip(input, None, "read", _one_line(f"truncated: {type(exc).__name__}: {exc}{where}"))
    except (OSError, ValueError, UnicodeError) as exc:
        yield Skip(input, None, "read", _one_line(f"unreadable: {type(exc).__name__}: {exc}"))
    except MemoryError:
        raise  # an environment fault for the runner to stop on, not a fault of this input
    except Exception as exc:  # noqa: BLE001 - a reader bug (e.g. inside warcio) ends this input, not the run
        where = f" after {last}" if last else ""
        yield Skip(input, None, "read", _one_line(f"error: {type(exc).__name__}: {exc}{where}"))


def _one_line(reason: str, limit: int = 300) -> str:
    text = " ".join(reason.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Counted:
    """A decompressed stream that raises DecompressedLimit once more than ``limit`` bytes were consumed from it.

    ``peek`` is passed through uncounted, so the limit falls on what the readers actually consumed.
    """

    def __init__(self, inner: Any, limit: int) -> None:
        self.inner, self.limit, self.count = inner, limit, 0

    def _counted(self, data: bytes) -> bytes:
        self.count += len(data)
        if self.count > self.limit:
            raise DecompressedLimit(f"input exceeds max_file_bytes={self.limit} once decompressed")
        return data

    def peek(self, size: int = 0) -> bytes:
        return bytes(self.inner.peek(size))

    def read(self, size: int = -1) -> bytes:
        return self._counted(self.inner.read(size))

    def read1(self, size: int = -1) -> bytes:
        return self._counted(self.inner.read1(size))

    def readline(self, size: int = -1) -> bytes:
        return self._counted(self.inner.readline(size))
