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

db_option = click.option(  # the one --db option of every store command
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
@db_option
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
            ("Articles without a publication date", "undated"),
            ("Articles dated from their text", "dates_inferred"),
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
    langs = [[r["language"], f"{r['articles']:,}"] for r in data["articles_by_language"]]
    _rich(
        "Articles by language", ["language", "articles"], langs, "events are coded in English articles only"
    )
    plover = [[r["plover"], f"{r['events']:,}"] for r in data["events_by_plover"]]
    _rich(
        "Events by PLOVER type",
        ["PLOVER type", "events"],
        plover,
        "(none) = CAMEO 01 statements, no PLOVER type",
    )
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
@click.option(
    "--unsafe", is_flag=True, help="Allow file access, ATTACH, COPY and extensions (see docs/store.md)."
)
@db_option
@_output_options
def query(sql: str, unsafe: bool, db: Path | None, as_json: bool, as_csv: bool) -> None:
    """Run one SQL statement on a read-only store with file access, ATTACH and COPY off (unless --unsafe)."""
    with Store(_db(db), read_only=True, sandbox=not unsafe) as store:
        table = store.query(sql)
    emit(table, "Query result", as_json, as_csv)


def _dyad_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option(
        "--per-articles",
        is_flag=True,
        help="Add the period's article volume and events per 100 articles (normalised counts).",
    )(func)
    func = click.option(
        "--country-level",
        is_flag=True,
        help="Roll both actors up to their country (USAGOV, USAMIL → USA); same as writing USAGOV*.",
    )(func)
    return click.option(
        "--by", type=click.Choice(["day", "week", "month", "year"]), default="month", show_default=True
    )(func)


def dyad_table(
    store: Store, a: str, b: str, by: str, *, country_level: bool, per_articles: bool, fill: bool, **kw: Any
) -> pa.Table:
    """The checked dyad query, with zero rows for empty periods and/or article-volume columns."""
    from newsgraph import timeseries

    table = store.dyad(a, b, by=by, country_level=country_level, **kw)
    if not table.num_rows and not fill:
        click.echo(f"newsgraph: no dated events between {a} and {b} in the store", err=True)
    return timeseries.dyad_table(table, store.con, by, fill=fill, normalise=per_articles)


@click.command()
@click.argument("a")
@click.argument("b")
@_dyad_options
@click.option("--directed", is_flag=True, help="Only A → B (default: both directions).")
@click.option(
    "--fill", is_flag=True, help="Also list the empty periods between the first and last, as zeros."
)
@db_option
@_output_options
def dyad(
    a: str,
    b: str,
    by: str,
    country_level: bool,
    per_articles: bool,
    directed: bool,
    fill: bool,
    db: Path | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Events between actors A and B (codes such as USAGOV, or countries such as USA) per period.

    Codes are case-insensitive; an unknown code is an error naming the closest known codes.
    """
    with _open(db) as store:
        table = dyad_table(
            store,
            a,
            b,
            by,
            country_level=country_level,
            per_articles=per_articles,
            fill=fill,
            directed=directed,
        )
    emit(table, f"{a.upper()} {'→' if directed else '↔'} {b.upper()} by {by}", as_json, as_csv)


@click.command()
@click.argument("code")
@click.option("--by", type=click.Choice(["day", "week", "month", "year"]), default="month", show_default=True)
@db_option
@_output_options
def actor(code: str, by: str, db: Path | None, as_json: bool, as_csv: bool) -> None:
    """An actor's counterparts and its event mix over time (codes are case-insensitive and checked)."""
    from newsgraph.validate import actor_arg

    with _open(db) as store:
        code = actor_arg(code, store.con).code
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
@db_option
@_output_options
def top(what: str, n: int, db: Path | None, as_json: bool, as_csv: bool) -> None:
    """The most frequent dyads, actors, event codes, PLOVER types, sources, places or clustered events."""
    with _open(db) as store:
        table = store.top(what, n=n)
    if what in ("events", "clusters"):  # CAMEO names beside the codes
        from newsgraph.export import cameo_name

        names = [cameo_name(c) for c in table.column("cameo").to_pylist()]
        table = table.add_column(
            table.column_names.index("cameo") + 1, "cameo_name", pa.array(names, pa.string())
        )
    emit(table, f"Top {n} {what}", as_json, as_csv)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["gdelt", "plover", "csv", "parquet"]),
    default=None,
    help="Output format (required unless --columns lists every format).",
)
@click.option("--out", type=click.Path(path_type=Path), default=None, help="File (gdelt, plover) or folder.")
@click.option("--all-events", is_flag=True, help="GDELT: also negated, hypothetical and future events.")
@click.option(
    "--date-by",
    type=click.Choice(["event", "report"]),
    default="event",
    help="gdelt/plover: date rows by the event (background events by their year) or by the report.",
)
@click.option("--header", is_flag=True, help="GDELT: write the codebook column names as a first line.")
@click.option(
    "--columns", "list_columns", is_flag=True, help="Print the columns each format writes, then exit."
)
@db_option
def export(
    fmt: str | None,
    out: Path | None,
    all_events: bool,
    date_by: str,
    header: bool,
    list_columns: bool,
    db: Path | None,
) -> None:
    """Export the store: GDELT 2.0 events, PLOVER JSONL, or CSV / Parquet for every table.

    CSV text cells starting with = + - @ tab or CR get a leading apostrophe (no spreadsheet formulas) and NUL
    characters are removed; CAMEO and QuadClass names sit beside the codes in CSV, Parquet and PLOVER.
    """
    if list_columns:
        _print_columns(fmt)
        return
    if fmt is None or out is None:
        raise click.UsageError("--format and --out are required (or pass --columns)")
    if header and fmt != "gdelt":
        raise click.UsageError(
            "--header applies to --format gdelt (the other formats always name their columns)"
        )
    from newsgraph.export import export_store

    opts: dict[str, Any] = {"include_nonfactual": all_events, "date_by": date_by, "header": header}
    with _open(db) as store:
        fresh = store.clusters_fresh()
        if fresh or fmt != "gdelt":
            stats = export_store(store, fmt, out, **opts)
    if not fresh and fmt == "gdelt":
        with Store(_db(db)) as writer:  # recluster first (needs the writer lock)
            stats = export_store(writer, fmt, out, **opts)
    total = sum(stats.rows.values())
    note = f" ({stats.skipped:,} left out)" if stats.skipped else ""
    click.echo(f"wrote {total:,} rows as {fmt} to {out}{note}")
    if stats.left_out:
        click.echo(f"left out: {stats.reasons()}", err=True)


def _print_columns(fmt: str | None) -> None:
    from newsgraph.export import FORMATS, column_list

    for name in [fmt] if fmt else list(FORMATS):
        for file, cols in column_list(name).items():
            label = name if file == name else f"{name} {file}"
            click.echo(f"{label}: {', '.join(cols)}")


@click.group()
def plot() -> None:
    """Charts: a dyad over time, or the actor network (.png, .svg or .html)."""


@plot.command("dyad")
@click.argument("a")
@click.argument("b")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="FILE.png, FILE.svg or FILE.html")
@_dyad_options
@db_option
def plot_dyad(
    a: str, b: str, out: Path, by: str, country_level: bool, per_articles: bool, db: Path | None
) -> None:
    """Cooperation vs conflict between A and B over time (empty periods drawn as zero)."""
    from newsgraph import plots

    with _open(db) as store:
        table = dyad_table(
            store, a, b, by, country_level=country_level, per_articles=per_articles, fill=False
        )
    click.echo(f"wrote {plots.plot_dyad(table, a.upper(), b.upper(), out, by=by, normalised=per_articles)}")


@plot.command("network")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="FILE.png, FILE.svg or FILE.html")
@click.option("-n", "--actors", "n", type=int, default=25, show_default=True, help="How many actors.")
@db_option
def plot_network(out: Path, n: int, db: Path | None) -> None:
    """The most active actors and their event counts."""
    from newsgraph import plots

    with _open(db) as store:
        actors, links = store.network(n=n)
    click.echo(f"wrote {plots.plot_network(actors, links, out)}")


COMMANDS = [summary, query, dyad, actor, top, export, plot]
