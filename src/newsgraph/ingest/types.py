"""The raw document type shared by the readers and the extractor."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RawDoc:
    """One document as read from an input, before extraction and cleaning.

    ``record`` locates it inside the input ("line:17", "warc:offset:123456"; None for a whole file).
    ``notes`` holds non-fatal remarks made while reading (e.g. a cp1252 decoding fallback).
    """

    input: str  # path, or "-" for stdin
    record: str | None
    kind: str  # "text" | "html"
    content: str
    url: str | None = None
    title: str | None = None
    date: str | None = None
    source: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def locator(self) -> str:
        """``input`` or ``input#record``: the value stored as ``Article.input``."""
        return f"{self.input}#{self.record}" if self.record else self.input
