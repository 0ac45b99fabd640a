"""Fault injection for the reliability tests: make a run die, or hit a full disk, at its Nth commit point.

``NEWSGRAPH_FAULT=kill@7`` ends the process with SIGKILL at the 7th commit point of the run (as ``kill -9``
would); ``enospc@3`` / ``efbig@3`` raise the disk-full ``OSError`` there instead.  Commit points are the moments
the store's state can be caught between: before a batch transaction starts, inside it (rows written, not yet
committed) and after its COMMIT.  Unset (always, outside the tests) it costs one dictionary lookup per point.
"""

from __future__ import annotations

import errno
import os
import signal
from dataclasses import dataclass, field

ENV = "NEWSGRAPH_FAULT"
_ERRNOS = {"enospc": errno.ENOSPC, "efbig": errno.EFBIG}


@dataclass
class _Injector:
    kind: str = ""
    at: int = 0
    seen: list[str] = field(default_factory=list)  # the points passed so far in this process

    def point(self, name: str) -> None:
        self.seen.append(name)
        if not self.kind or len(self.seen) != self.at:
            return
        if self.kind == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        code = _ERRNOS[self.kind]
        raise OSError(code, os.strerror(code), f"<injected at commit point {self.at}: {name}>")


def _from_env() -> _Injector:
    spec = os.environ.get(ENV, "").strip()
    kind, _, at = spec.partition("@")
    if kind not in ("kill", *_ERRNOS) or not at.isdigit():
        return _Injector()
    return _Injector(kind, int(at))


_INJECTOR = _from_env()


def arm(spec: str) -> None:
    """Set the fault for this process (``kill@N``, ``enospc@N``, ``efbig@N``; "" disarms); counting restarts."""
    global _INJECTOR
    os.environ[ENV] = spec
    _INJECTOR = _from_env()


def commit_point(name: str) -> None:
    """Called by the store at each commit point; acts only when ``NEWSGRAPH_FAULT`` asks for this one."""
    if _INJECTOR.kind:
        _INJECTOR.point(name)
