"""Split inputs into shards and read one shard back as the readers would.

A shard is a list of pieces; a piece is a whole file, or a range of records of a big JSONL or WARC file:

* ``file``: the file is read by :func:`newsgraph.ingest.iter_inputs` exactly as ``ingest`` reads it;
* ``jsonl``: lines ``first .. first + count - 1`` (1-based, as in the ``line:N`` locators); ``offset`` is the
  byte offset of line ``first`` in a plain file, None in a gzipped one (the worker then skips lines);
* ``warc``: ``count`` records starting at the record at byte ``offset`` (WARC.gz files are per-record gzip
  members, so a seek lands on a member boundary and the ``warc:offset:N`` locators stay absolute).

Small files are grouped so that a shard holds about ``shard_size`` records; a JSONL or WARC file with more
records than that is cut into ranges.  Shard ids are ``s<index>-<hash of the pieces>``: the same inputs and
shard size give the same ids, which is what lets a rerun skip the shards already done.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path
from typing import IO, Any

from newsgraph.errors import IngestError
from newsgraph.ingest import iter_inputs
from newsgraph.ingest.readers import (
    GZIP_MAGIC,
    _finish,
    _guard,
    _read_jsonl,
    detect_format,
    folder_skip,
    walk_folder,
)
from newsgraph.ingest.sanity import safe_name
from newsgraph.ingest.types import RawDoc
from newsgraph.ingest.warc import not_warc, open_archive, read_warc
from newsgraph.records import Skip
from newsgraph.settings import Settings

CHUNK = 1 << 20
DEFAULT_SHARD_SIZE = 500


@dataclass(frozen=True)
class Piece:
    path: str
    kind: str  # file | jsonl | warc | skip
    first: int = 0  # jsonl: first line number (1-based)
    count: int = 0  # jsonl: lines; warc: records; file: records it holds (1 for txt/html)
    offset: int | None = None  # byte offset of the first line / record (None: skip lines in a gzip stream)
    reason: str | None = None  # skip: why a file in a folder is not read (the readers' folder rules)


@dataclass(frozen=True)
class Shard:
    id: str
    pieces: tuple[Piece, ...]

    @property
    def records(self) -> int:
        return sum(max(p.count, 1) for p in self.pieces)

    @property
    def inputs(self) -> list[str]:
        return sorted({safe_name(p.path) for p in self.pieces})  # the names the readers store

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "pieces": [asdict(p) for p in self.pieces]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Shard:
        return cls(data["id"], tuple(Piece(**p) for p in data["pieces"]))


# --- planning ----------------------------------------------------------------------------------------------
def expand_inputs(paths: Iterable[str]) -> list[Piece]:
    """Every file under ``paths`` in the readers' order; files a folder walk skips become ``skip`` pieces."""
    out: list[Piece] = []
    for name in paths:
        path = Path(name)
        if name == "-":
            raise IngestError("batch cannot read stdin: give files or folders")
        if not path.exists():
            raise IngestError(f"input not found: {name}")
        if not path.is_dir():
            out.append(Piece(str(path), "file", count=1))
            continue
        files = walk_folder(path)  # the readers' listing: links out of the tree and loops become skip pieces
        for f in files:
            reason = folder_skip(path, f)
            out.append(Piece(str(f), "skip" if reason else "file", count=1, reason=reason))
    return out


def _format(path: str) -> tuple[str, bool]:
    """(format, gzipped) of a file from its name and first bytes."""
    with open(path, "rb") as f:
        head = f.read(4096)
    gz = head[:2] == GZIP_MAGIC
    if gz:
        try:
            with gzip.open(path, "rb") as g:
                head = g.read(4096)
        except (OSError, EOFError):
            return "file", True
    return detect_format(path, head), gz


def _jsonl_ranges(path: str, gz: bool, size: int) -> list[Piece]:
    """Line ranges of ``size`` lines (byte offsets recorded for a plain file)."""
    offsets = [0]  # byte offset of lines 1, size + 1, 2 * size + 1, ...
    newlines, pos, last = 0, 0, b"\n"
    try:
        with gzip.open(path, "rb") if gz else open(path, "rb") as f:
            while chunk := f.read(CHUNK):
                at = chunk.find(b"\n")
                while at >= 0:
                    newlines += 1
                    if newlines % size == 0:
                        offsets.append(pos + at + 1)
                    at = chunk.find(b"\n", at + 1)
                pos += len(chunk)
                last = chunk[-1:]
    except (OSError, EOFError):
        return [Piece(path, "file", count=1)]  # truncated: read whole, the reader records the truncation
    lines = newlines + (0 if last == b"\n" else 1)
    return [
        Piece(path, "jsonl", k + 1, min(size, lines - k), None if gz else offsets[k // size])
        for k in range(0, lines, size)
    ] or [Piece(path, "file", count=1)]


def _warc_ranges(path: str, size: int) -> list[Piece]:
    """Record ranges of ``size`` records, each starting at a record offset."""
    offsets: list[int] = []
    try:
        with open(path, "rb") as f:
            if not_warc(f):  # e.g. a gzip of zeros named .warc.gz: the reader records why
                return [Piece(path, "file", count=1)]
            records = open_archive(f, Settings().max_file_bytes)  # line reads capped: bombs stay small
            for _ in records:
                offsets.append(records.get_record_offset())
    except Exception:  # noqa: BLE001 - unreadable or truncated: read whole, the reader records why
        return [Piece(path, "file", count=max(1, len(offsets)))]
    starts = offsets[::size]
    counts = [min(size, len(offsets) - i) for i in range(0, len(offsets), size)]
    return [Piece(path, "warc", 0, n, off) for off, n in zip(starts, counts, strict=True)]


def split_piece(piece: Piece, size: int) -> list[Piece]:
    """Cut a big JSONL or WARC file into record ranges; any other file stays whole."""
    if piece.kind != "file":
        return [piece]
    fmt, gz = _format(piece.path)
    if fmt == "jsonl":
        return _jsonl_ranges(piece.path, gz, size)
    if fmt == "warc":
        return _warc_ranges(piece.path, size)
    return [piece]


def _shard_id(index: int, pieces: list[Piece]) -> str:
    digest = hashlib.sha256(json.dumps([asdict(p) for p in pieces]).encode()).hexdigest()[:10]
    return f"s{index:06d}-{digest}"


def plan_shards(
    paths: Iterable[str], shard_size: int = DEFAULT_SHARD_SIZE, *, split: bool = True
) -> list[Shard]:
    """The shards of ``paths``: whole small files grouped, big JSONL/WARC files cut into ranges.

    Cutting a file needs one pass over it here (record offsets); ``split=False`` keeps every file whole
    (one shard per JSONL/WARC file, no pass), the better choice for thousands of 1 GB CC-NEWS WARC files.
    """
    if shard_size < 1:
        raise IngestError(f"shard size must be at least 1, got {shard_size}")
    shards: list[Shard] = []
    group: list[Piece] = []
    held = 0
    for piece in expand_inputs(paths):
        for part in split_piece(piece, shard_size) if split else [piece]:
            n = max(part.count, 1)
            if group and held + n > shard_size:
                shards.append(Shard(_shard_id(len(shards), group), tuple(group)))
                group, held = [], 0
            group.append(part)
            held += n
    if group:
        shards.append(Shard(_shard_id(len(shards), group), tuple(group)))
    return shards


# --- reading one shard -------------------------------------------------------------------------------------
class _LineWindow:
    """A binary stream that ends after ``lines`` complete lines of the stream it wraps."""

    def __init__(self, stream: IO[bytes], lines: int) -> None:
        self.stream = stream
        self.left = lines

    def readline(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        data = self.stream.readline(size)
        if not data or data.endswith(b"\n"):
            self.left -= 1
        return data


def _skip_lines(stream: IO[bytes], lines: int) -> None:
    while lines > 0:
        data = stream.readline(CHUNK)
        if not data:
            return
        if data.endswith(b"\n"):
            lines -= 1


def _read_jsonl_range(piece: Piece, settings: Settings) -> Iterator[RawDoc | Skip]:
    with open(piece.path, "rb") as raw:
        stream: IO[bytes] = raw
        if piece.offset is not None:
            raw.seek(piece.offset)
        else:
            stream = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
            _skip_lines(stream, piece.first - 1)
        window = _LineWindow(stream, piece.count)
        for item in _guard(_read_jsonl(window, piece.path, settings), piece.path):  # type: ignore[arg-type]
            yield _shift_line(item, piece.first - 1)


def _shift_line(item: RawDoc | Skip, by: int) -> RawDoc | Skip:
    from dataclasses import replace

    if not by or not item.record or not item.record.startswith("line:"):
        return item
    return replace(item, record=f"line:{int(item.record[5:]) + by}")


def _read_warc_range(piece: Piece, settings: Settings) -> Iterator[RawDoc | Skip]:
    with open(piece.path, "rb") as raw:
        raw.seek(piece.offset or 0)
        yield from _guard(islice(read_warc(raw, piece.path, settings), piece.count), piece.path)


def read_piece(piece: Piece, settings: Settings) -> Iterator[RawDoc | Skip]:
    """RawDocs and Skips of one piece of the plan, with the readers' input names and record locators."""
    if piece.kind == "skip":
        yield _finish(Skip(piece.path, None, "read", piece.reason or "skipped"))
    elif piece.kind == "jsonl":
        yield from map(_finish, _read_jsonl_range(piece, settings))  # storable names and text fields
    elif piece.kind == "warc":
        yield from map(_finish, _read_warc_range(piece, settings))
    else:
        yield from iter_inputs([piece.path], settings)


def read_shard(shard: Shard, settings: Settings) -> Iterator[RawDoc | Skip]:
    """RawDocs and Skips of a shard, with the readers' input names and record locators."""
    for piece in shard.pieces:
        yield from read_piece(piece, settings)
