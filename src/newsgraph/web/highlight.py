"""Split an article's clean text into segments, each tagged with the annotations covering it.

The segments keep the text as plain strings: the template escapes them (Jinja autoescape), so article text,
however hostile, is shown and never interpreted as HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # actor | place | quote | claim | event
    label: str
    anchor: str | None = None  # event anchor id (events only)


@dataclass
class Segment:
    text: str
    kinds: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    anchor: str | None = None

    @property
    def css(self) -> str:
        return " ".join(f"hl-{k}" for k in self.kinds)


def anchor(event_id: str) -> str:
    """A safe HTML id for an event (its id with anything but letters, digits, '-' and '_' replaced)."""
    return "ev-" + re.sub(r"[^A-Za-z0-9_-]", "_", event_id)


def marks(art: dict[str, Any]) -> list[Mark]:
    """Every annotation of an article (as loaded by ``data.article``) as a character span."""
    out: list[Mark] = []
    for a in art["actors"]:
        out.append(Mark(a["start_char"], a["end_char"], "actor", f"actor {a['code']} ({a['name']})"))
    for p in art["places"]:
        out.append(Mark(p["start_char"], p["end_char"], "place", f"place {p['name']}, {p['country'] or '?'}"))
    for q in art["quotes"]:
        who = q["speaker_name"] or q["speaker_text"] or "unknown speaker"
        out.append(Mark(q["start_char"], q["end_char"], "quote", f"quote by {who}"))
    for c in art["claims"]:
        out.append(Mark(c["start_char"], c["end_char"], "claim", f"claim {c['value']:g} {c['unit']}"))
    for e in art["events"]:
        label = f"event {e['cameo']} {e['source_code'] or '?'} -> {e['target_code'] or '?'}"
        out.append(Mark(e["trigger_start"], e["trigger_end"], "event", label, anchor(e["id"])))
    return out


def segments(text: str, found: list[Mark]) -> list[Segment]:
    """Cut ``text`` at every mark boundary; invalid spans (missing, reversed, out of range) are ignored."""
    valid = [
        m
        for m in found
        if isinstance(m.start, int) and isinstance(m.end, int) and 0 <= m.start < m.end <= len(text)
    ]
    cuts = sorted({0, len(text), *(m.start for m in valid), *(m.end for m in valid)})
    out: list[Segment] = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        seg = Segment(text[lo:hi])
        for m in valid:
            if m.start <= lo and hi <= m.end:
                if m.kind not in seg.kinds:
                    seg.kinds.append(m.kind)
                seg.labels.append(m.label)
                if m.anchor and seg.anchor is None:
                    seg.anchor = m.anchor
        out.append(seg)
    return out
