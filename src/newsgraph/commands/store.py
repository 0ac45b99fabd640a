"""Store commands: summary, query, dyad, actor, top, export, plot."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pyarrow as pa
from rich.console import Console
from rich.table import Table

from newsgraph.errors import ConfigError
from newsgraph.settings import Settings
from newsgraph.store import Store

_db_option = click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Store file (default: settings db, NEWSGRAPH_DB or newsgraph.duckdb).",
)


def _output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")(func)
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(func)


def _db(db: Path | None) -> Path:
    return db or Settings.load().db


def _open(db: Path | None) -> Store:
    return Store(_db(db), read_only=True)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.1f}"
    return str(value)


def emit(table: pa.Table, title: str, as_json: bool, as_csv: bool) -> None:
    """Print an Arrow table as JSON, CSV or a rich table."""
    if as_json and as_csv:
        raise ConfigError("choose one of --json and --csv")
    rows = table.to_pylist()
    if as_json:
        click.echo(json.dumps(rows, default=str, ensure_ascii=False, indent=2))
    elif as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(table.column_names)
        writer.writerows([_cell(v) for v in row.values()] for row in rows)
    else:
        _rich(title, table.column_names, [[_cell(v) for v in row.values()] for row in rows])


def _rich(title: str, columns: list[str], rows: list[list[str]], caption: str | None = None) -> None:
    out = Table(title=title, caption=caption, title_justify="left", header_style="bold")
    for col in columns:
        out.add_column(col.replace("_", " "), overflow="fold")
    for row in rows:
        out.add_row(*row)
    if not rows:
        out.add_row(*(["—"] + [""] * (len(columns) - 1)))
    Console().print(out)


@click.command()
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def summary(db: Path | None, as_json: bool) -> None:
    """What the store holds: articles, events by type, top dyads, quotes, claims, failures."""
    with _open(db) as store:
        data = store.summary()
    if as_json:
        click.echo(json.dumps(data, default=str, indent=2))
        return
    counts = [
        [name, f"{data[key]:,}"]
        for name, key in (
            ("Articles", "articles"),
            ("Events (mentions)", "events"),
            ("Events (clustered across articles)", "clusters"),
            ("Actor mentions", "actors"),
            ("Quotes", "quotes"),
            ("Claims", "claims"),
            ("Places", "places"),
            ("Runs", "runs"),
        )
    ]
    _rich(f"Store {_db(db)}", ["what", "count"], counts)
    plover = [[r["plover"], f"{r['events']:,}"] for r in data["events_by_plover"]]
    _rich("Events by PLOVER type", ["PLOVER type", "events"], plover, "(none) = CAMEO 01 statements, no PLOVER type")
    roots = [
        [r["cameo_root"], _root_name(r["cameo_root"]), f"{r['events']:,}"]
        for r in data["events_by_cameo_root"]
    ]
    _rich("Events by CAMEO root", ["root", "name", "events"], roots)
    dyads = [
        [r["source_code"], r["target_code"], f"{r['events']:,}", _cell(r["mean_goldstein"])]
        for r in data["top_dyads"]
    ]
    _rich("Top dyads", ["source", "target", "events", "mean Goldstein"], dyads)
    fails = [[r["kind"], r["reason"], f"{r['n']:,}"] for r in data["failures"]]
    _rich("Failures and skips by reason", ["kind", "reason", "records"], fails)


def _root_name(root: str) -> str:
    try:
        from newsgraph.codes import lookup

        return lookup(root).name.capitalize()
    except (ImportError, KeyError):
        return ""


@click.command()
@click.argument("sql")
@click.option("--unsafe", is_flag=True, help="Allow file access, ATTACH, COPY and extensions (see docs/store.md).")
@_db_option
@_output_options
def query(sql: str, unsafe: bool, db: Path | None, as_json: bool, as_csv: bool) -> None:
    """Run one SQL statement on a read-only store with file access, ATTACH and COPY off (unless --unsafe)."""
    with Store(_db(db), read_only=True, sandbox=not unsafe) as store:
        table = store.query(sql)
    emit(table, "Query result", as_json, as_csv)


@click.command()
@click.argument("a")
@click.argument("b")
@click.option("--by", type=click.Choice(["day", "week", "month", "year"]), default="month", show_default=True)
@click.option("--directed", is_flag=True, help="Only A → B (default: both directions).")
@_db_option
@_output_options
def dyad(a: str, b: str, by: str, directed: bool, db: Path | None, as_json: bool, as_csv: bool) -> None:
    """Events between actors A and B (codes such as USAGOV, or countries such as USA) per period."""
    with _open(db) as store:
        table = store.dyad(a, b, by=by, directed=directed)
    emit(table, f"{a} {'→' if directed else '↔'} {b} by {by}", as_json, as_csv)


@click.command()
@click.argument("code")
@click.option("--by", type=click.Choice(["day", "week", "month", "year"]), default="month", show_default=True)
@_db_option
@_output_options
def actor(code: str, by: str, db: Path | None, as_json: bool, as_csv: bool) -> None:
    """An actor's counterparts and its event mix over time."""
    with _open(db) as store:
        report = store.actor(code, by=by)
    if as_json:
        click.echo(json.dumps(report.to_dict(), default=str, ensure_ascii=False, indent=2))
        return
    emit(report.counterparts, f"Counterparts of {code}", False, as_csv)
    if as_csv:
        click.echo()
    emit(report.timeline, f"Events of {code} by {by}", False, as_csv)


@click.command()
@click.argument(
    "what",
    type=click.Choice(["dyads", "actors", "events", "plover", "sources", "places", "clusters"]),
    default="dyads",
)
@click.option("-n", "--limit", "n", type=int, default=10, show_default=True)
@_db_option
@_output_options
def top(what: str, n: int, db: Path | None, as_json: bool, as_csv: bool) -> None:
    """The most frequent dyads, actors, event codes, PLOVER types, sources, places or clustered events."""
    with _open(db) as store:
        table = store.top(what, n=n)
    emit(table, f"Top {n} {what}", as_json, as_csv)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["gdelt", "plover", "csv", "parquet"]),
    required=True,
    help="Output format.",
)
@click.option("--out", type=click.Path(path_type=Path), required=True, help="File (gdelt, plover) or folder.")
@click.option("--all-events", is_flag=True, help="GDELT: also negated, hypothetical and future events.")
@_db_option
def export(fmt: str, out: Path, all_events: bool, db: Path | None) -> None:
    """Export the store: GDELT 2.0 events, PLOVER JSONL, or CSV / Parquet for every table."""
    from newsgraph.export import export_store

    with _open(db) as store:
        fresh = store.clusters_fresh()
        if fresh or fmt != "gdelt":
            stats = export_store(store, fmt, out, include_nonfactual=all_events)
    if not fresh and fmt == "gdelt":
        with Store(_db(db)) as writer:  # recluster first (needs the writer lock)
            stats = export_store(writer, fmt, out, include_nonfactual=all_events)
    total = sum(stats.rows.values())
    note = f" ({stats.skipped:,} left out)" if stats.skipped else ""
    click.echo(f"wrote {total:,} rows as {fmt} to {out}{note}")


@click.group()
def plot() -> None:
    """Charts: a dyad over time, or the actor network (.png, .svg or .html)."""


@plot.command("dyad")
@click.argument("a")
@click.argument("b")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="FILE.png, FILE.svg or FILE.html")
@click.option("--by", type=click.Choice(["day", "week", "month", "year"]), default="month", show_default=True)
@_db_option
def plot_dyad(a: str, b: str, out: Path, by: str, db: Path | None) -> None:
    """Cooperation vs conflict between A and B over time."""
    from newsgraph import plots

    with _open(db) as store:
        table = store.dyad(a, b, by=by)
    click.echo(f"wrote {plots.plot_dyad(table, a, b, out, by=by)}")


@plot.command("network")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="FILE.png, FILE.svg or FILE.html")
@click.option("-n", "--actors", "n", type=int, default=25, show_default=True, help="How many actors.")
@_db_option
def plot_network(out: Path, n: int, db: Path | None) -> None:
    """The most active actors and their event counts."""
    from newsgraph import plots

    with _open(db) as store:
        actors, links = store.network(n=n)
    click.echo(f"wrote {plots.plot_network(actors, links, out)}")


COMMANDS = [summary, query, dyad, actor, top, export, plot]
