"""Exceptions raised by newsgraph.

    NewsgraphError            every error newsgraph raises on purpose; ``str(e)`` is a one-line message
    ├── ConfigError           bad settings, flags or user dictionaries
    ├── IngestError           an input could not be read (missing, empty, binary, undecodable, oversize)
    │   └── SkipRecord        one record is skipped for a stated reason (non-English, duplicate, too large)
    ├── ExtractionError       the NLP stages failed on one article
    └── StoreError            the DuckDB store could not be opened, migrated, written or queried

The command line maps them to exit codes (docs/cli.md): 0 ok, 1 usage/config, 2 input, 3 extraction,
4 store, 5 some records failed under ``--strict``.
"""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base class; ``exit_code`` is what the CLI returns for it."""

    exit_code = 1


class ConfigError(NewsgraphError):
    exit_code = 1


class IngestError(NewsgraphError):
    exit_code = 2


class SkipRecord(IngestError):
    """A record deliberately not processed; ``reason`` is a short machine-readable tag."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


class ExtractionError(NewsgraphError):
    exit_code = 3


class StoreError(NewsgraphError):
    exit_code = 4
