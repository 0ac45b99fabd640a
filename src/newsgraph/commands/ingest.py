"""`newsgraph ingest`: read, extract and store, with a progress bar and a closing summary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from newsgraph.errors import NewsgraphError
from newsgraph.settings import Settings


class PartialFailure(NewsgraphError):
    exit_code = 5


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--db", type=click.Path(path_type=Path), default=None, help="DuckDB file (default newsgraph.duckdb)."
)
@click.option("--workers", type=click.IntRange(min=1), default=None, help="NLP processes (default 1).")
@click.option("--model", type=click.Choice(["md", "sm"]), default=None)
@click.option(
    "--actors", "actors", type=click.Path(), default=None, help="User actor dictionary (YAML or CSV)."
)
@click.option(
    "--max-record-bytes", type=click.IntRange(min=1), default=None, help="Skip records larger than this."
)
@click.option(
    "--max-file-bytes", type=click.IntRange(min=1), default=None, help="Skip input files larger than this."
)
@click.option("--strict", is_flag=True, help="Exit 5 when any record failed or was skipped.")
@click.option("--json", "as_json", is_flag=True, help="Print the closing summary as JSON.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "--date", "default_date", default=None, help="Publication date (YYYY-MM-DD) for records that give none."
)
def ingest_cmd(
    paths: tuple[str, ...],
    db: Path | None,
    workers: int | None,
    model: str | None,
    actors: str | None,
    max_record_bytes: int | None,
    max_file_bytes: int | None,
    strict: bool,
    as_json: bool,
    quiet: bool,
    default_date: str | None,
) -> None:
    """Ingest files, folders, .jsonl, .warc(.gz) or - (stdin) into the DuckDB store.

    Resumable: rerun the same command after an interruption. Exit 0 when only some records failed or were
    skipped (they are listed in the `failures` table); 5 with --strict; 6 when the machine failed the run
    (disk full, no permission, out of memory): fix that and rerun the same command.
    """
    from newsgraph.errors import IngestError
    from newsgraph.store import Store

    settings = Settings.load(db=db, workers=workers, model=model, actors_file=actors,
                             max_record_bytes=max_record_bytes, max_file_bytes=max_file_bytes)  # fmt: skip
    if default_date is not None:
        default_date = _check_date(default_date)
    for p in paths:
        if p != "-" and not Path(p).exists():
            raise IngestError(f"no such file or folder: {p}")
    with Store(settings.db) as store:
        stats = _run(list(paths), settings, store, bar=not (quiet or as_json), default_date=default_date)
    if as_json:
        click.echo(json.dumps(stats.to_dict()))
    else:
        _summary(stats, settings)
    if stats.undated:
        click.echo(
            f"warning: {stats.undated} stored article(s) have no publication date (none in the input, none "
            "inferred from the text); their events are left out of GDELT/PLOVER exports. Give --date, a "
            'per-record "date" in JSONL, or a date in the file name (2025-05-07, 20250507).',
            err=True,
        )
    n_skipped = sum(stats.skipped.values())
    if strict and (stats.failed or n_skipped):
        raise PartialFailure(f"{stats.failed} record(s) failed, {n_skipped} skipped (see the failures table)")


def _run(
    paths: list[str], settings: Settings, store: Any, *, bar: bool, default_date: str | None = None
) -> Any:
    from newsgraph.runner import IngestStats, ingest, input_files

    sizes = dict(input_files(paths))
    if not bar:
        return ingest(paths, settings, store, sizes=sizes, default_date=default_date)
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    total = sum(sizes.values()) or 1
    fields = "{task.fields[articles]} articles · {task.fields[rate]:.1f}/s · {task.fields[events]} events"
    columns = [
        TextColumn("[bold]ingest"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn(fields),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, transient=False) as progress_bar:
        task = progress_bar.add_task("ingest", total=total, articles=0, rate=0.0, events=0)

        def progress(s: IngestStats, done_bytes: int) -> None:
            rate = s.read / s.seconds if s.seconds else 0.0
            progress_bar.update(task, completed=done_bytes, articles=s.read, rate=rate, events=s.events)

        stats = ingest(paths, settings, store, on_progress=progress, sizes=sizes, default_date=default_date)
        progress_bar.update(task, completed=total)
    return stats


def _summary(stats: Any, settings: Settings) -> None:
    out = stats.to_dict()
    skipped = ", ".join(f"{k} {v}" for k, v in sorted(stats.skipped.items())) or "none"
    click.echo(
        f"read {stats.read} · stored {stats.stored} · duplicates {stats.duplicates} · near-duplicates "
        f"{stats.near_duplicates} · skipped {sum(stats.skipped.values())} ({skipped}) · failed {stats.failed} · "
        f"events {stats.events} · {out['articles_per_s']} articles/s · inputs resumed {stats.inputs_resumed} · "
        f"records resumed {stats.records_resumed}"
    )
    click.echo(
        f"store: {settings.db}  (details: newsgraph summary --db {settings.db}; failures: "
        f'newsgraph query "SELECT * FROM failures")'
    )


def _check_date(value: str) -> str:
    from datetime import date

    from newsgraph.errors import ConfigError

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ConfigError(f"--date {value!r}: expected YYYY-MM-DD") from None


COMMANDS = [ingest_cmd]
