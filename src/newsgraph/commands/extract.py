"""`newsgraph extract` and `newsgraph eval`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from newsgraph.errors import IngestError
from newsgraph.records import Article, Result, Skip
from newsgraph.settings import Settings


def _settings(model: str | None, actors: str | None, **kw: Any) -> Settings:
    return Settings.load(model=model, actors_file=actors, **kw)


@click.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option("--date", "date", help="Publication date YYYY-MM-DD (overrides metadata).")
@click.option("--url", help="Source URL of the article.")
@click.option("--pretty", is_flag=True, help="A readable view instead of JSON Lines.")
@click.option(
    "--model", type=click.Choice(["md", "sm"]), default=None, help="spaCy English pipeline (default md)."
)
@click.option(
    "--actors", "actors", type=click.Path(), default=None, help="User actor dictionary (YAML or CSV)."
)
def extract_cmd(
    paths: tuple[str, ...],
    date: str | None,
    url: str | None,
    pretty: bool,
    model: str | None,
    actors: str | None,
) -> None:
    """Extract actors, events, quotes, claims, places and tone; print one JSON object per article.

    PATHS are files (.txt, .html, .jsonl, .warc, gzipped too), folders, or - for standard input.
    Exit codes: 0 at least one article extracted; 2 nothing could be read (each skip is explained on stderr).
    """
    if date:
        _check_date(date)
    settings = _settings(model, actors)
    from newsgraph.pipeline import default_extractor

    extractor = default_extractor(settings)
    printed = 0
    articles: list[Article] = []
    from newsgraph.runner import iter_articles

    for item in iter_articles(list(paths), settings, date=date, url=url):
        if isinstance(item, Skip):
            click.echo(f"newsgraph: skipped {_where(item)}: {item.reason}", err=True)
        else:
            articles.append(item)
    for out in extractor.process(articles):
        if isinstance(out, Skip):
            click.echo(f"newsgraph: failed {_where(out)}: {out.reason}", err=True)
            continue
        printed += 1
        if pretty:
            _pretty(out)
        else:
            sys.stdout.write(json.dumps(result_json(out), ensure_ascii=False) + "\n")
    if printed == 0:
        raise IngestError("no article could be extracted from the input")


def _where(s: Skip) -> str:
    return f"{s.input}" + (f" [{s.record}]" if s.record else "")


def _check_date(value: str) -> None:
    from datetime import date as _d

    try:
        _d.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form", param_hint="--date") from None


def result_json(r: Result) -> dict[str, Any]:
    """The JSON contract of docs/records.md."""
    d = r.to_dict()
    art = d["article"]
    art.pop("input", None)
    return {
        "article": art,
        "actors": d["actors"],
        "events": d["events"],
        "quotes": d["quotes"],
        "claims": d["claims"],
        "places": d["places"],
        "tone": round(r.tone, 3),
        "extractor": r.extractor,
    }


def _pretty(r: Result) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console()
    a = r.article
    con.rule(f"[bold]{a.title or '(untitled)'}")
    con.print(
        f"id {a.id}  published {a.published or '—'}{' (inferred)' if a.published_inferred else ''}  "
        f"source {a.source or '—'}  flags {', '.join(a.flags) or '—'}  tone {r.tone:+.2f}"
    )
    t = Table(
        "source", "event", "target", "CAMEO", "PLOVER", "date", "place", "flags", "evidence", title="Events"
    )
    for e in r.events:
        t.add_row(
            ", ".join(x.code for x in e.source) or "—",
            e.trigger,
            ", ".join(x.code for x in e.target) or "—",
            e.cameo,
            f"{e.plover or '—'}{'/' + e.mode if e.mode else ''}",
            e.date or "—",
            e.location.name if e.location else "—",
            ", ".join(e.flags),
            e.sentence[:70],
        )
    con.print(t)
    t = Table("text", "code", "name", "kind", "via", title="Actors")
    for x in r.actors:
        t.add_row(x.text, x.code, x.name, x.kind, x.via or "")
    con.print(t)
    t = Table("speaker", "direct", "quote", title="Quotes")
    for q in r.quotes:
        t.add_row(
            q.speaker.code if q.speaker else (q.speaker_text or "?"), "yes" if q.direct else "no", q.text[:90]
        )
    con.print(t)
    t = Table("text", "value", "unit", "subject", "year", "kind", title="Claims")
    for c in r.claims:
        t.add_row(
            c.text,
            f"{c.value:,.4g}",
            c.unit,
            c.subject or "",
            str(c.year or ""),
            c.kind + (" !" if c.flags else ""),
        )
    con.print(t)


@click.command("eval")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per file.")
@click.option(
    "--errors", "errors_out", type=click.Path(), default=None, help="Write mis-coded records (JSONL) here."
)
@click.option("--model", type=click.Choice(["md", "sm"]), default=None)
def eval_cmd(files: tuple[str, ...], as_json: bool, errors_out: str | None, model: str | None) -> None:
    """Score the event coder on gold files in ../shared/eval/FORMAT.md format."""
    from newsgraph.eval import evaluate
    from newsgraph.pipeline import Extractor

    extractor = Extractor(_settings(model, None), events_only=True)
    for f in files:
        res = evaluate(Path(f), extractor, errors=bool(errors_out))
        errs = res.pop("errors", [])
        if errors_out:
            with open(errors_out, "w", encoding="utf-8") as fh:
                for e in errs:
                    fh.write(json.dumps(e, ensure_ascii=False) + "\n")
        if as_json:
            click.echo(json.dumps(res))
        else:
            _eval_table(res)


def _eval_table(res: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    con = Console()
    if res["kind"] == "pentaclass":
        con.print(
            f"[bold]{res['file']}[/] records {res['records']}  accuracy {res['accuracy']:.3f}  "
            f"macro-F1 {res['macro_f1']:.3f}  source overlap {res['source_overlap']:.3f}  "
            f"target overlap {res['target_overlap']:.3f}"
        )
        t = Table("class", "precision", "recall", "F1", "support")
        for k, v in res["per_class"].items():
            t.add_row(k, f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}", str(v["support"]))
        con.print(t)
        return
    con.print(
        f"[bold]{res['file']}[/] ({res['kind']}) records {res['records']}  precision {res['precision']:.3f}  "
        f"recall {res['recall']:.3f}  F1 {res['f1']:.3f}"
    )
    t = Table("type", "precision", "recall", "F1", "support")
    for k, v in res["per_type"].items():
        t.add_row(k, f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}", str(v["support"]))
    con.print(t)


COMMANDS = [extract_cmd, eval_cmd]
