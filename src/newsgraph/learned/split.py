"""The sealed validation rule, fixed once for every training and dev file (docs/accuracy.md).

A record is sealed when the SHA-1 of its stripped text, read as an integer, is divisible by 5 (about 20 %).
Sealed records are never used for training or tuning; they are only scored.  The fifth with remainder 1 is the
held-out "dev" part for choices about the model: ``newsgraph train events --hold-out 1`` leaves it out and
benchmarks/heldout_eval.py scores it.  The same rule applies to page
file names (the trafilatura pages) and is shared with the article-level model.
"""

from __future__ import annotations

import hashlib


def fifth(text: str) -> int:
    """Which fifth (0-4) a record (by its text, or a page by its file name) falls in; 0 is the sealed one."""
    return int(hashlib.sha1(text.strip().encode("utf-8")).hexdigest(), 16) % 5


def is_sealed(text: str) -> bool:
    """Whether a record (by its text, or a page by its file name) belongs to the sealed part."""
    return fifth(text) == 0
