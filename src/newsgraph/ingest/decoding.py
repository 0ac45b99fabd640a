"""Byte → text decoding and binary sniffing for every reader.

Order: byte-order mark, declared charset (HTTP header or ``<meta charset>``; a UTF-16/32 declaration without a
byte-order mark is ignored, as browsers do), strict UTF-8, then one of two fallbacks:

* when the bytes read as cp1252 would be mostly non-ASCII (Shift-JIS, GB18030, KOI8-R, ... text), the charset
  detected by charset-normalizer is used if it names a non-Latin charset (note: ``detected <codec>``);
* otherwise UTF-8 with each invalid byte read as cp1252 (this repairs files that mix UTF-8 with latin-1/cp1252
  bytes and reads pure cp1252 files correctly).

Whenever the strict path fails the caller gets a note saying what was done, so the fallback is never silent.
Text that still reads as mojibake is refused later by :func:`newsgraph.ingest.sanity.text_problem`.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

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
CONTROL_DELETE = bytes(sorted(CONTROL_BYTES))  # bytes.translate deletes them: counted in C, not byte by byte
WIDE_CODECS = (
    "utf-16",
    "utf-32",
)  # never right for bytes without a BOM that an 8-bit <meta> tag was read from
MOJIBAKE_SHARE = 0.3  # above this share of non-ASCII characters a cp1252 reading is taken as mis-decoded
DETECT_SAMPLE = 1 << 16  # bytes given to charset detection
LAST_LATIN = 0x24F  # end of Latin Extended-B: letters above it are Greek, Cyrillic, CJK, Arabic, ...


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
    if sample and (len(sample) - len(sample.translate(None, CONTROL_DELETE))) / len(sample) > 0.1:
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
    if declared and declared not in ("utf-8", "ascii") and not declared.startswith(WIDE_CODECS):
        try:
            return data.decode(declared), None
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        first = exc.start
    text = data.decode("utf-8", errors="newsgraph-cp1252")
    if non_ascii_share(text) > MOJIBAKE_SHARE:
        detected = detect_charset(data)
        if detected is not None:
            return data.decode(detected[0], errors="replace"), (
                f"decoding: bytes not valid UTF-8 (first at byte {first}); detected {detected[0]} "
                f"(coherence {detected[1]:.2f})"
            )
    replaced = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    note = f"decoding: bytes not valid UTF-8 (first at byte {first}) read as cp1252"
    if replaced:
        note += f"; {replaced} undecodable byte(s) replaced"
    return text, note


def non_ascii_share(text: str) -> float:
    """Share of non-ASCII characters among the non-space characters of ``text`` (first 64k characters)."""
    sample = "".join(text[:DETECT_SAMPLE].split())
    return sum(1 for ch in sample if ord(ch) > 127) / len(sample) if sample else 0.0


def detect_charset(data: bytes) -> tuple[str, float] | None:
    """(codec, coherence) charset-normalizer finds for ``data`` when it is a non-Latin charset, else None.

    A guess is trusted only when most letters it gives are beyond the Latin blocks: Latin single-byte guesses
    are unreliable (cp1252 text is often labelled cp775), and for those the cp1252 repair is the better reading.
    """
    best = from_bytes(data[:DETECT_SAMPLE]).best()
    codec = known_codec(best.encoding) if best is not None else None
    if best is None or codec is None or codec.startswith("utf"):
        return None
    letters = [ch for ch in data[:DETECT_SAMPLE].decode(codec, errors="replace") if ch.isalpha()]
    beyond_latin = sum(1 for ch in letters if ord(ch) > LAST_LATIN)
    if not letters or beyond_latin / len(letters) < 0.5:
        return None
    return codec, float(best.coherence)
