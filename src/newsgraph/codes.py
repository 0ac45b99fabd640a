"""CAMEO codes with Goldstein values, QuadClass and PLOVER type/mode (data/cameo.tsv, built from public facts).

QuadClass convention (documented in docs/codes.md): roots 01-05 verbal cooperation (1), 06-08 material
cooperation (2), 09-13 verbal conflict (3), 14-20 material conflict (4).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

TABLE_VERSION = "cameo-table.v1"


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    root: str
    base: str
    goldstein: float
    quad: int
    plover: str | None
    mode: str | None
    context: tuple[str, ...]


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoCode]:
    text = resources.files("newsgraph.data").joinpath("cameo.tsv").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    table: dict[str, CameoCode] = {}
    for row in csv.DictReader(lines, delimiter="\t"):
        table[row["code"]] = CameoCode(
            code=row["code"],
            name=row["name"],
            root=row["root"],
            base=row["base"],
            goldstein=float(row["goldstein"]),
            quad=int(row["quad"]),
            plover=row["plover"] or None,
            mode=row["mode"] or None,
            context=tuple(c for c in row["context"].split(";") if c),
        )
    return table


def lookup(code: str) -> CameoCode:
    """The table entry for a CAMEO code; unknown codes fall back to their closest known ancestor."""
    table = cameo_table()
    for k in (code, code[:3], code[:2]):
        if k in table:
            return table[k]
    raise KeyError(f"unknown CAMEO code {code!r}")


def pentaclass(root: str) -> int:
    """The five-class reading of a CAMEO root used by the ConfliBERT sets (see ../shared/eval/FORMAT.md)."""
    r = int(root)
    if r <= 2:
        return 0
    if r <= 5:
        return 1
    if r <= 8:
        return 2
    if r <= 13:
        return 3
    return 4
