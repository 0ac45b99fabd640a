"""Plots: cooperation vs conflict over time for a dyad, and the actor network.

The output format follows the file suffix: ``.png``, ``.svg`` or ``.html`` (a standalone page with the SVG
inline, a title and the numbers behind the chart).  Matplotlib is used without pyplot, so nothing global changes.
"""

from __future__ import annotations

import html
import io
import math
from datetime import timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from newsgraph.errors import ConfigError

SUFFIXES = (".png", ".svg", ".html")
COOP_COLOR = "#1b7837"
CONFLICT_COLOR = "#b2182b"
PERIOD_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


def _check_suffix(out: Path) -> str:
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise ConfigError(f"cannot plot to {out.name}: use a .png, .svg or .html file")
    return suffix


def save(fig: Figure, out: str | Path, title: str, table: pa.Table | None = None) -> Path:
    """Write a figure as PNG, SVG or an HTML page (inline SVG + the data table)."""
    path = Path(out)
    suffix = _check_suffix(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".png":
        fig.savefig(path, format="png", dpi=120, metadata={"Title": title})
    elif suffix == ".svg":
        fig.savefig(path, format="svg", metadata={"Title": title})
    else:
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Title": title})
        svg = buf.getvalue()
        svg = svg[svg.index("<svg") :]
        path.write_text(_html_page(title, svg, table), encoding="utf-8")
    return path


def _html_page(title: str, svg: str, table: pa.Table | None) -> str:
    rows = ""
    if table is not None and table.num_rows:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in table.column_names)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row.values()) + "</tr>"
            for row in table.to_pylist()
        )
        rows = f"<h2>Data</h2><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    esc = html.escape(title)
    style = (
        "body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px}"
        "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:2px 6px}"
    )
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{esc}</title>'
        f"<style>{style}</style></head>\n<body><h1>{esc}</h1>\n<figure>{svg}</figure>\n{rows}\n</body></html>\n"
    )


def _cell(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def dyad_figure(
    table: pa.Table, a: str, b: str, by: str = "month", normalised: bool = False
) -> tuple[Figure, str]:
    """Cooperation (QuadClass 1+2) and conflict (3+4) per period, with mean Goldstein below.

    Bars for every period between the first and last; empty periods are zero (no line bridges a gap).  With
    ``normalised`` the counts are events per 100 articles of the period (the table needs ``articles``).
    """
    from newsgraph.timeseries import fill_rows

    unit = "per 100 articles" if normalised else "events"
    title = f"Cooperation and conflict between {a} and {b}, by {by}" + (
        " (per 100 articles)" if normalised else ""
    )
    rows = fill_rows(table.to_pylist(), by)
    fig = Figure(figsize=(10, 6), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[2, 1])
    if not rows:
        _empty_axes(top, bottom, "No events between these actors")
        fig.suptitle(title, fontsize=14)
        return fig, title
    periods = [r["period"] for r in rows]
    coop, conflict = _sides(rows, normalised)
    span = timedelta(days=PERIOD_DAYS.get(by, 30))
    top.bar(
        [p + span * 0.1 for p in periods],
        coop,
        width=span * 0.4,
        align="edge",
        color=COOP_COLOR,
        label="Cooperation (verbal + material)",
    )
    top.bar(
        [p + span * 0.5 for p in periods],
        conflict,
        width=span * 0.4,
        align="edge",
        color=CONFLICT_COLOR,
        label="Conflict (verbal + material)",
    )
    top.set_ylabel("Events" if not normalised else "Events per 100 articles")
    top.set_ylim(bottom=0)
    if not normalised:
        top.yaxis.set_major_locator(MaxNLocator(integer=True))
    locator = AutoDateLocator()
    bottom.xaxis.set_major_locator(locator)
    bottom.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    top.legend(loc="best", title=unit if normalised else None)
    top.grid(alpha=0.3)
    _goldstein_panel(bottom, rows, periods, span, by)
    fig.suptitle(title, fontsize=14)
    return fig, title


def _goldstein_panel(
    bottom: Any, rows: list[dict[str, Any]], periods: list[Any], span: timedelta, by: str
) -> None:
    """Mean Goldstein per period as bars (green >= 0, red < 0); 0 where a period has no events."""
    goldstein = [r["mean_goldstein"] or 0.0 for r in rows]
    colors = [COOP_COLOR if g >= 0 else CONFLICT_COLOR for g in goldstein]
    bottom.bar(
        [p + span * 0.1 for p in periods],
        goldstein,
        width=span * 0.8,
        align="edge",
        color=colors,
        label="Mean Goldstein score (0 = no events)",
    )
    bottom.set_xlim(periods[0] - span * 0.2, periods[-1] + span * 1.2)
    bottom.axhline(0, color="black", linewidth=0.8)
    bottom.set_ylabel("Mean Goldstein (−10..+10)")
    bottom.set_xlabel(by.capitalize())
    bottom.legend(loc="upper left")


def _sides(rows: list[dict[str, object]], normalised: bool) -> tuple[list[float], list[float]]:
    coop, conflict = [], []
    for r in rows:
        c = float(r["verbal_coop"] or 0) + float(r["material_coop"] or 0)  # type: ignore[arg-type]
        k = float(r["verbal_conflict"] or 0) + float(r["material_conflict"] or 0)  # type: ignore[arg-type]
        if normalised:
            n = float(r.get("articles") or 0)  # type: ignore[arg-type]
            c, k = (100 * c / n, 100 * k / n) if n else (0.0, 0.0)
        coop.append(c)
        conflict.append(k)
    return coop, conflict


def _empty_axes(top: Any, bottom: Any, message: str) -> None:
    top.text(0.5, 0.5, message, ha="center", va="center", transform=top.transAxes, fontsize=13)
    for ax in (top, bottom):
        ax.set_xticks([])
        ax.set_yticks([])


def plot_dyad(
    table: pa.Table, a: str, b: str, out: str | Path, by: str = "month", normalised: bool = False
) -> Path:
    _check_suffix(Path(out))
    fig, title = dyad_figure(table, a, b, by, normalised)
    return save(fig, out, title, table)


def _layout(names: list[str]) -> dict[str, tuple[float, float]]:
    n = max(len(names), 1)
    return {
        name: (math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)) for i, name in enumerate(names)
    }


def network_figure(actors: pa.Table, links: pa.Table) -> tuple[Figure, str]:
    """Actors on a circle (size = events), links between them (width = events, colour = mean Goldstein)."""
    title = f"Actor network: the {actors.num_rows} most active actors and their events"
    acts = actors.to_pylist()
    pos = _layout([r["code"] for r in acts])
    fig = Figure(figsize=(9, 9), layout="constrained")
    ax = fig.subplots()
    top_links = max([r["events"] for r in links.to_pylist()] or [1])
    for r in links.to_pylist():
        if r["a"] not in pos or r["b"] not in pos:
            continue
        (x1, y1), (x2, y2) = pos[r["a"]], pos[r["b"]]
        color = COOP_COLOR if (r["mean_goldstein"] or 0) >= 0 else CONFLICT_COLOR
        ax.plot([x1, x2], [y1, y2], color=color, alpha=0.6, linewidth=0.5 + 6 * r["events"] / top_links)
    most = max([r["events"] for r in acts] or [1])
    for r in acts:
        x, y = pos[r["code"]]
        ax.scatter([x], [y], s=80 + 1500 * r["events"] / most, color="#4575b4", alpha=0.8, zorder=3)
        ax.annotate(f"{r['code']}\n{r['events']}", (x, y), ha="center", va="center", fontsize=8, zorder=4)
    ax.plot([], [], color=COOP_COLOR, linewidth=3, label="Mostly cooperative (mean Goldstein ≥ 0)")
    ax.plot([], [], color=CONFLICT_COLOR, linewidth=3, label="Mostly conflictual (mean Goldstein < 0)")
    ax.scatter([], [], s=120, color="#4575b4", label="Actor (size and number = events)")
    ax.legend(loc="lower left", fontsize=9)
    ax.set_xlim(-1.35, 1.35)
    ax.set_ylim(-1.35, 1.35)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if not acts:
        ax.text(0.5, 0.5, "No events in the store", ha="center", transform=ax.transAxes)
    fig.suptitle(title, fontsize=14)
    return fig, title


def plot_network(actors: pa.Table, links: pa.Table, out: str | Path) -> Path:
    _check_suffix(Path(out))
    fig, title = network_figure(actors, links)
    return save(fig, out, title, actors)
