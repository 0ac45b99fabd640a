"""WARC reading: HTTP response records carrying HTML become RawDocs, everything else a Skip with a reason.

Records are streamed with warcio's ``ArchiveIterator``; a record body is read only up to
``settings.max_record_bytes + 1`` bytes, and warcio skips the unread rest, so memory stays bounded however
large the archive is.  Record locators are ``warc:offset:<byte offset of the record in the file>``.

Guards around warcio (issue 17):

* a gzipped input must decompress to ``WARC/`` or ``filedesc://`` (checked on its first 64 KB) before warcio
  sees it, so a gzip of zeros named ``.warc.gz`` is a ``not-warc`` skip;
* warcio's line reads are capped at ``MAX_LINE`` bytes and the decompressed bytes of a file are counted: more
  than ``max_file_bytes`` raises :class:`DecompressedLimit` (the reader records an ``oversize`` skip);
* a single-stream ``.warc.gz`` (one gzip member for all records, which warcio refuses after the first record)
  is read again through Python's gzip and its remaining records are yielded; their locators are offsets in
  the decompressed stream.
"""

from __future__ import annotations

import dataclasses
import gzip
import re
import zlib
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed

from newsgraph.ingest.decoding import declared_charset, decode_bytes, sniff_binary
from newsgraph.ingest.types import RawDoc
from newsgraph.records import Skip
from newsgraph.settings import Settings

CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
HTML_SNIFF = re.compile(rb"<(!doctype html|html|head|body|p|div|article)[\s>]", re.I)


MAX_LINE = 1 << 16  # longest header line warcio may read in one go
GZIP_MAGIC = b"\x1f\x8b"
WARC_STARTS = (b"WARC/", b"filedesc://")
MALFORMED = (AttributeError, KeyError, IndexError, TypeError)
UNSEEKABLE_SINGLE_STREAM = (
    "single-stream .warc.gz that cannot be read again: records after the first were not read"
)


class DecompressedLimit(Exception):
    """More decompressed bytes than ``max_file_bytes`` came out of one input."""


class _BoundedReader(DecompressingBufferedReader):
    """warcio's reader with capped line reads and a count of decompressed bytes."""

    def __init__(self, stream: Any, limit: int) -> None:
        super().__init__(stream)
        self.limit, self.total = limit, 0

    def readline(self, length: int | None = None) -> bytes:
        return bytes(super().readline(MAX_LINE if not length or length > MAX_LINE else length))

    def _process_read(self, data: bytes) -> None:
        super()._process_read(data)
        self.total += self.buff_size if self.buff is not None else 0
        if self.total > self.limit:
            raise DecompressedLimit(f"input exceeds max_file_bytes={self.limit} once decompressed")


def open_archive(stream: IO[bytes], limit: int) -> ArchiveIterator:
    """warcio's ArchiveIterator with capped line reads and at most ``limit`` decompressed bytes."""
    records = ArchiveIterator(stream, arc2warc=True)
    records.reader = _BoundedReader(records.fh, limit)  # nothing was read yet
    return records


def not_warc(stream: IO[bytes]) -> bool:
    """True for a gzip stream whose first decompressed bytes are not a WARC or ARC record (peeked, not read)."""
    peek = getattr(stream, "peek", None)
    head = peek(1 << 16) if peek is not None else b""
    return head[:2] == GZIP_MAGIC and not _gzip_head(head).lstrip().startswith(WARC_STARTS)


def read_warc(stream: IO[bytes], input: str, settings: Settings) -> Iterator[RawDoc | Skip]:
    """Yield one RawDoc or Skip per WARC record of ``stream`` (compressed or not)."""
    if not_warc(stream):
        yield Skip(input, None, "read", "not-warc: gzip content does not start with a WARC record")
        return
    yielded = 0
    try:
        for item in _iterate(stream, input, settings):
            yielded += 1
            yield item
    except MALFORMED as exc:  # warcio trips over a record header it cannot parse
        yield Skip(input, None, "read", f"warc-record: malformed record header ({type(exc).__name__}: {exc})")
    except ArchiveLoadFailed as exc:
        if "non-chunked gzip" not in str(exc):
            raise
        if not getattr(stream, "seekable", lambda: False)():
            yield Skip(input, None, "read", f"unreadable: {UNSEEKABLE_SINGLE_STREAM}")
            return
        stream.seek(0)
        unpacked = gzip.GzipFile(fileobj=stream, mode="rb")
        for index, item in enumerate(_iterate(unpacked, input, settings)):  # type: ignore[arg-type]
            if index >= yielded:
                yield item


def _iterate(stream: IO[bytes], input: str, settings: Settings) -> Iterator[RawDoc | Skip]:
    records = open_archive(stream, settings.max_file_bytes)
    for record in records:
        item = _record_to_doc(record, input, settings)
        # get_record_offset() reads the record to its end, so it is asked only after the body was read
        yield dataclasses.replace(item, record=f"warc:offset:{records.get_record_offset()}")


def _gzip_head(head: bytes) -> bytes:
    """The first decompressed bytes of a gzip ``head`` (at most 64 KB out; b"" when it cannot be read)."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 1 << 16)
    except zlib.error:
        return b""


def _record_to_doc(record: Any, input: str, settings: Settings) -> RawDoc | Skip:
    def skip(reason: str) -> Skip:
        return Skip(input, None, "read", reason)

    kind = record.rec_type
    if kind != "response":
        return skip(f"warc-record: {kind or 'untyped'} record is not an HTTP response")
    headers = record.http_headers
    if headers is None:
        return skip("warc-record: response record without HTTP headers")
    status = headers.get_statuscode() or "?"
    if not status.startswith("2"):
        return skip(f"http-status: {status}")
    ctype = headers.get_header("Content-Type") or ""
    limit = settings.max_record_bytes
    body = record.content_stream().read(limit + 1)
    if len(body) > limit:
        return skip(f"oversize: record body larger than max_record_bytes={limit}")
    missing = getattr(record.raw_stream, "limit", 0)  # warcio's LimitReader: declared bytes never delivered
    if isinstance(missing, int) and missing > 0:
        return skip(f"truncated: record ends {missing} bytes before its declared length")
    if not body.strip():
        return skip("empty: response body is empty")
    if "html" not in ctype.lower() and not (not ctype and HTML_SNIFF.search(body[:4096])):
        return skip(f"not-html: content type {ctype or 'missing'!r}")
    binary = sniff_binary(body[:8192])
    if binary:
        return skip(f"binary: {binary}")
    match = CHARSET.search(ctype)
    charset = match.group(1) if match else declared_charset(body)
    text, note = decode_bytes(body, charset)
    uri = record.rec_headers.get_header("WARC-Target-URI")
    return RawDoc(input, None, "html", text, url=uri, notes=(note,) if note else ())
