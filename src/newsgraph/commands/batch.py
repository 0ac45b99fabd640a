"""`newsgraph batch` (shards → Parquet, locally or on Dask) and `newsgraph load` (Parquet shards → DuckDB)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from newsgraph.errors import NewsgraphError
from newsgraph.settings import Settings


class PartialFailure(NewsgraphError):
    exit_code = 5


def _with_bar(run: Any, started: Any) -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = [TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(), TextColumn("records"),
               TextColumn("{task.fields[shards]} shards · {task.fields[articles]} articles · {task.fields[rate]:.1f}/s"),
               TimeRemainingColumn()]  # fmt: skip
    with Progress(*columns, transient=False) as bar:
        task = bar.add_task("batch", total=None, articles=0, rate=0.0, shards="0/0")

        def progress(s: Any) -> None:  # per article, from every worker (Dask events) or this process
            rate = s.extracted / (s.seconds - s.startup) if s.seconds > s.startup else 0.0
            shards = f"{s.shards_done + s.shards_resumed + s.shards_failed}/{s.shards}"
            bar.update(
                task, completed=min(s.extracted, s.records), articles=s.extracted, rate=rate, shards=shards
            )

        def on_start(s: Any) -> None:
            started(bar.console.print)(s)
            bar.update(task, total=s.records or 1, completed=0, shards=f"{s.shards_resumed}/{s.shards}")

        stats = run(progress, on_start)
        bar.update(task, completed=stats.records or 1)
        return stats


def _summary(s: Any) -> str:
    d = s.to_dict()
    skipped = ", ".join(f"{k} {v}" for k, v in sorted(s.skipped.items())) or "none"
    return (
        f"shards {s.shards} (done {s.shards_done} · resumed {s.shards_resumed} · failed {s.shards_failed}) · "
        f"read {s.read} · articles {s.articles} · duplicates {s.duplicates} · skipped {sum(s.skipped.values())} "
        f"({skipped}) · failed {s.failed} · events {s.events} · {d['articles_per_s']} articles/s · "
        f"{s.engine} engine, {s.workers} worker(s)"
    )


@click.command("batch")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--out", "out", type=click.Path(path_type=Path), required=True, help="Folder for shards and markers."
)
@click.option("--engine", type=click.Choice(["local", "dask"]), default=None,
              help="local: in this process; dask: on a Dask cluster (default: dask with --scheduler or --workers > 1).")  # fmt: skip
@click.option("--scheduler", default=None, help="Address of a running Dask scheduler (tcp://host:8786).")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Workers of the local Dask cluster (default: CPU count).",
)
@click.option("--shard-size", type=click.IntRange(min=1), default=None,
              help="Records per shard (default: enough shards for every worker, at most 500 records each).")  # fmt: skip
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="Dask retries of a failing shard task.",
)
@click.option("--whole-files", is_flag=True, help="One shard per JSONL/WARC file (no pass to cut them).")
@click.option("--model", type=click.Choice(["md", "sm"]), default=None)
@click.option(
    "--actors", "actors", type=click.Path(), default=None, help="User actor dictionary (YAML or CSV)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the closing summary as JSON.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def batch_cmd(paths: tuple[str, ...], out: Path, engine: str | None, scheduler: str | None, workers: int | None,
              shard_size: int | None, retries: int, whole_files: bool, model: str | None, actors: str | None,
              as_json: bool, quiet: bool) -> None:  # fmt: skip
    """Extract PATHS into Parquet shards under --out, in this process or on a Dask cluster.

    Each shard (a group of files, or a range of JSONL lines / WARC records) becomes one Parquet file per
    table plus a marker in OUT/done/; rerunning the same command skips the shards already done.
    Then `newsgraph load OUT --db FILE` adds them to a store.
    """
    import os

    from newsgraph.batch import BatchOptions, run_batch

    settings = Settings.load(model=model, actors_file=actors)
    engine = engine or ("dask" if scheduler or (workers or 1) > 1 else "local")
    n = workers or (1 if engine == "local" else max(1, os.cpu_count() or 1))
    opts = BatchOptions(engine=engine, scheduler=scheduler, workers=n, shard_size=shard_size, retries=retries,
                        split=not whole_files)  # fmt: skip

    def started(echo: Any) -> Any:
        def on_start(s: Any) -> None:
            where = f"Dask scheduler {scheduler}" if scheduler else f"{s.engine} engine"
            echo(f"{s.shards} shards ({s.shards_resumed} already done) · {where} · {s.workers} worker(s)")
            if s.dashboard:
                echo(f"Dask dashboard: {s.dashboard}")

        return on_start

    if quiet or as_json:
        stats = run_batch(list(paths), out, settings, opts, on_start=None if as_json else started(click.echo))
    else:
        stats = _with_bar(lambda p, s: run_batch(list(paths), out, settings, opts, on_progress=p, on_start=s),
                          started)  # fmt: skip
    if as_json:
        click.echo(json.dumps(stats.to_dict()))
    else:
        click.echo(_summary(stats))
        click.echo(f"shards: {out}  (next: newsgraph load {out} --db newsgraph.duckdb)")
    if stats.shards_failed:
        raise PartialFailure(f"{stats.shards_failed} shard(s) failed ({', '.join(stats.failed_shards[:5])}); "
                             "rerun the same command to retry them")  # fmt: skip


@click.command("load")
@click.argument("folder", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option(
    "--db", type=click.Path(path_type=Path), default=None, help="DuckDB file (default newsgraph.duckdb)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def load_cmd(folder: Path, db: Path | None, as_json: bool) -> None:
    """Load the finished shards of a `batch` folder into the DuckDB store (running it again adds nothing)."""
    from newsgraph.batch import load_batch
    from newsgraph.store import Store

    settings = Settings.load(db=db)
    with Store(settings.db) as store:
        stats = load_batch(folder, store)
    if as_json:
        click.echo(json.dumps(stats.to_dict()))
        return
    click.echo(
        f"shards {stats.shards} · articles {stats.articles} new · duplicates {stats.duplicates} · events "
        f"{stats.events} · actors {stats.actors} · places {stats.places} · quotes {stats.quotes} · claims "
        f"{stats.claims} · failures {stats.failures} · near-duplicates {stats.near_duplicates} · "
        f"failed shards {stats.failed_shards} · shards not loaded {len(stats.bad_shards)} · {stats.seconds:.1f} s"
    )
    click.echo(f"store: {settings.db}")


COMMANDS = [batch_cmd, load_cmd]
