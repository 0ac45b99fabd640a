"""Build src/newsgraph/data/cameo.tsv from the public reference facts.

Usage: python scripts/build_cameo_table.py ../shared/reference

Inputs (facts from public standards, not shipped): cameo-eventcodes.tsv (codes and names, GDELT's CAMEO lookup),
cameo-goldstein.tsv (GDELT's Goldstein value per code), cameo-to-plover-2021.txt (PLOVER's 2021 draft table).
Output columns: code, name, root, base, goldstein, quad, plover, mode, context.

Choices (documented in docs/codes.md):
- QuadClass: the most-cited GDELT convention, roots 01-05 -> 1, 06-08 -> 2, 09-13 -> 3, 14-20 -> 4.
- PLOVER: a code missing from the PLOVER table inherits its closest listed ancestor; roots 01 and 02 have no
  PLOVER type (PLOVER drops them) and get an empty type.
- CAMEO 02 (appeal) -> PLOVER REQUEST with the REQUEST modes (assist/change/yield/meet); the 2021 table drops
  02, but an appeal ("called on Iran to let inspectors return") is a request in the PLOVER manual's own terms.
- Two overrides where the 2021 table disagrees with the PLOVER manual's definitions and the PLOVER gold-standard
  records: 163 (impose embargo, boycott or sanctions) -> SANCTION (the manual's SANCTION covers formal sanctions),
  1712 (destroy property) -> COERCE/destroy (the gold records code property destruction as COERCE).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HEADER = "# newsgraph CAMEO table v1 — built by scripts/build_cameo_table.py from GDELT's CAMEO lookup and Goldstein tables and PLOVER's CAMEO2PLOVER (Sept 2021 draft, CC BY-SA 4.0)\n"


APPEAL_MODES = {"021": "assist", "022": "assist", "023": "assist", "024": "change", "025": "yield", "026": "meet",
                "027": "meet", "028": "meet"}
OVERRIDES = {"163": ("SANCTION", "", "economic"), "1712": ("COERCE", "destroy", "human_security")}


def quad_of(root: str) -> int:
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


def read_plover(path: Path) -> dict[str, tuple[str, str, str]]:
    table: dict[str, tuple[str, str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or ":" not in line or line.startswith("~"):
            continue
        code, rest = line.split(":", 1)
        parts = [p.strip() for p in rest.split(",")]
        event = parts[0]
        mode = parts[1].replace(" ", "") if len(parts) > 1 else ""
        context = parts[2].replace(" ", "") if len(parts) > 2 else ""
        table.setdefault(code.strip(), (event, mode, context))
    return table


def main(ref: Path, out: Path) -> None:
    names = {r["cameo_code"]: r["description"] for r in csv.DictReader((ref / "cameo-eventcodes.tsv").open(), delimiter="\t")}
    gold = {r["cameo_code"]: float(r["goldstein"]) for r in csv.DictReader((ref / "cameo-goldstein.tsv").open(), delimiter="\t")}
    plover = read_plover(ref / "cameo-to-plover-2021.txt")
    rows = []
    for code, name in names.items():
        root = code[:2]
        base = code[:3] if len(code) >= 3 else code
        event, mode, context = "", "", ""
        for k in (code, code[:3], code[:2]):
            if k in plover:
                event, mode, context = plover[k]
                if k != code:
                    mode = mode if k == code[:3] else ""
                break
        if code in OVERRIDES:
            event, mode, context = OVERRIDES[code]
        if root == "01":
            event, mode, context = "", "", ""
        elif root == "02":  # appeals are requests (PLOVER REQUEST: requests, demands, orders); modes as for 10x
            event, mode, context = "REQUEST", APPEAL_MODES.get(code[:3], ""), ""
        rows.append([code, name, root, base, f"{gold[code]:.1f}", str(quad_of(root)), event, mode, context])
    with out.open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["code", "name", "root", "base", "goldstein", "quad", "plover", "mode", "context"])
        w.writerows(rows)
    print(f"wrote {len(rows)} codes to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).resolve().parents[1] / "src/newsgraph/data/cameo.tsv")
