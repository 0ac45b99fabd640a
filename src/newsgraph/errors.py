"""Exceptions raised by newsgraph.

    NewsgraphError            every error newsgraph raises on purpose; ``str(e)`` is a one-line message
    ├── ConfigError           bad settings, flags or user dictionaries
    ├── IngestError           an input could not be read (missing, empty, binary, undecodable, oversize)
    │   └── SkipRecord        one record is skipped for a stated reason (non-English, duplicate, too large)
    ├── ExtractionError       the NLP stages failed on one article
    ├── StoreError            the DuckDB store could not be opened, migrated, written or queried
    └── ResourceError         the machine, not the input: disk or temporary folder full, no permission, no memory

The command line maps them to exit codes (docs/cli.md): 0 ok, 1 usage/config, 2 input, 3 extraction,
4 store, 5 some records failed under ``--strict``, 6 an environment fault (``ResourceError``: fix it and rerun).
"""

from __future__ import annotations

import errno


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


class ResourceError(NewsgraphError):
    """An environment fault: the run stops, nothing unstored is marked done, and a rerun completes it."""

    exit_code = 6


_FAULT_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO}
_FAULT_TEXT = ("no space left", "file too large", "disk quota", "read-only file system", "permission denied",
               "out of memory", "could not allocate", "input/output error")  # fmt: skip


def environment_fault(exc: BaseException) -> str | None:
    """A one-line description when ``exc`` is a fault of the machine rather than of the record, else None.

    Disk or temporary folder full (ENOSPC, EFBIG, EDQUOT), a read-only or unwritable folder (EROFS, EACCES,
    EPERM), an I/O error and MemoryError count; DuckDB reports the same faults as text, which is matched too.
    """
    if isinstance(exc, MemoryError):
        return "out of memory"
    if isinstance(exc, OSError) and exc.errno in _FAULT_ERRNOS:
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror or exc}{where}"
    if type(exc).__module__.startswith(("duckdb", "_duckdb")):
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if any(t in text.lower() for t in _FAULT_TEXT):
            return text
    return None
