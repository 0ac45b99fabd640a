"""WARC reading: HTTP response records carrying HTML become RawDocs, everything else a Skip with a reason.

Records are streamed with warcio's ``ArchiveIterator``; a record body is read only up to
``settings.max_record_bytes + 1`` bytes, and warcio skips the unread rest, so memory stays bounded however
large the archive is.  Record locators are ``warc:offset:<byte offset of the record in the file>``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator

from newsgraph.ingest.decoding import declared_charset, decode_bytes, sniff_binary
from newsgraph.ingest.types import RawDoc
from newsgraph.records import Skip
from newsgraph.settings import Settings

CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
HTML_SNIFF = re.compile(rb"<(!doctype html|html|head|body|p|div|article)[\s>]", re.I)


def read_warc(stream: IO[bytes], input: str, settings: Settings) -> Iterator[RawDoc | Skip]:
    """Yield one RawDoc or Skip per WARC record of ``stream`` (compressed or not)."""
    records = ArchiveIterator(stream, arc2warc=True)
    for record in records:
        item = _record_to_doc(record, input, settings)
        # get_record_offset() reads the record to its end, so it is asked only after the body was read
        yield dataclasses.replace(item, record=f"warc:offset:{records.get_record_offset()}")


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
