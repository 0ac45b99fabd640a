"""Byte → text decoding and binary sniffing for every reader.

Order: byte-order mark, declared charset (HTTP header or ``<meta charset>``), strict UTF-8, then UTF-8 with
each invalid byte read as cp1252 (this repairs files that mix UTF-8 with latin-1/cp1252 bytes and reads
pure cp1252 files correctly).  Whenever the strict path fails the caller gets a note saying how many bytes
had to be reinterpreted or replaced, so the fallback is never silent.
"""

from __future__ import annotations

import codecs
import re

BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "pdf"),
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"PK\x03\x04", "zip"),
    (b"\x7fELF", "elf"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ", "xz"),
    (b"7z\xbc\xaf", "7z"),
    (b"RIFF", "riff"),
    (b"\x00\x00\x01\x00", "ico"),
    (b"OggS", "ogg"),
    (b"ID3", "mp3"),
    (b"\xd0\xcf\x11\xe0", "ms-office"),
    (b"SQLite format 3", "sqlite"),
)
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
CONTROL_BYTES = frozenset(range(0, 32)) - frozenset(b"\t\n\r\f\v\x1b")


def _cp1252_repair(error: UnicodeError) -> tuple[str, int]:
    """codecs error handler: read undecodable bytes as cp1252 (U+FFFD for its five undefined bytes)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    chunk = error.object[error.start : error.end]
    return chunk.decode("cp1252", errors="replace"), error.end


codecs.register_error("newsgraph-cp1252", _cp1252_repair)


def sniff_binary(head: bytes) -> str | None:
    """Name of the binary format of ``head`` (first few KB), or None when it looks like text."""
    for magic, name in BINARY_MAGIC:
        if head.startswith(magic):
            return name
    if any(head.startswith(bom) for bom, _ in BOMS):
        return None
    if b"\x00" in head:
        return "contains NUL bytes"
    sample = head[:4096]
    if sample and sum(b in CONTROL_BYTES for b in sample) / len(sample) > 0.1:
        return "control characters"
    return None


def declared_charset(data: bytes) -> str | None:
    """Charset named by a ``<meta>`` tag in the first 4 KB, if Python knows it."""
    match = META_CHARSET.search(data[:4096])
    return known_codec(match.group(1).decode("ascii")) if match else None


def known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def decode_bytes(data: bytes, charset: str | None = None) -> tuple[str, str | None]:
    """Decode ``data``; return (text, note) where note explains any lossy or fallback decoding."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), None
    declared = known_codec(charset)
    if declared and declared not in ("utf-8", "ascii"):
        try:
            return data.decode(declared), None
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        first = exc.start
    text = data.decode("utf-8", errors="newsgraph-cp1252")
    replaced = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    note = f"decoding: bytes not valid UTF-8 (first at byte {first}) read as cp1252"
    if replaced:
        note += f"; {replaced} undecodable byte(s) replaced"
    return text, note
