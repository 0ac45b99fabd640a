"""Actor lexicon commands: ``newsgraph actors search TEXT``."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from newsgraph.errors import ConfigError
from newsgraph.lexicon import SearchHit, load_lexicon, search
from newsgraph.settings import Settings


@click.group("actors")
def actors() -> None:
    """Look up the actor lexicon (names, aliases, codes, dated roles)."""


@actors.command("search")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option(
    "--limit", type=click.IntRange(1, 500), default=25, show_default=True, help="Most entries to show."
)
def search_command(text: str, as_json: bool, limit: int) -> None:
    """Find actors by name, alias (any language) or code, case-insensitive: "Taliban", "Путин", "usagov".

    A code finds the state, the groups and organisations with that code (dated roles included) and the people
    whose roles carry it.  Uses the --actors dictionary from the settings too.
    """
    if not text.strip():
        raise ConfigError("actors search needs a name, alias or code")
    user = Settings.load().actors_file
    hits = search(text, load_lexicon(str(user) if user else None), limit=limit)
    if as_json:
        click.echo(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo(f"no actor matches {text!r}")
        return
    Console().print(_table(hits, text))


def _table(hits: list[SearchHit], text: str) -> Table:
    table = Table(title=f"actors matching {text!r}")
    for column in ("code", "name", "kind", "matched", "roles"):
        table.add_column(column)
    for h in hits:
        roles = "; ".join(
            f"{r['code']} {r['office'] or ''} {r['start'] or '…'}–{r['end'] or ''}".replace("  ", " ")
            for r in h.roles
        )
        table.add_row(h.code, h.name, h.kind, h.matched, roles)
    return table


COMMANDS = [actors]
