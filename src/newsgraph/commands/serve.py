"""``newsgraph serve``: the read-only web explorer on uvicorn (loopback by default)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from newsgraph.commands.store import db_option
from newsgraph.errors import ConfigError
from newsgraph.settings import Settings


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command("serve")
@db_option
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default)."
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on."
)
@click.option(
    "--review",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Gold JSONL file: judge events in the article pages; judgements are appended there (eval format).",
)
def serve(db: Path | None, host: str, port: int, review: Path | None) -> None:
    """Browse a store in the web browser (read-only): articles, events, dyads, actors, map, search.

    With --review FILE, the article pages can mark events right, wrong or retyped and add missed ones; each
    judgement is appended to FILE (never to the store), which ``newsgraph eval FILE`` scores.
    """
    import uvicorn

    from newsgraph.web import create_app

    if not host.strip():
        raise ConfigError("--host must not be empty")
    # StoreError (one line) when the store is missing; the Host header must name this address (DNS rebinding)
    app = create_app(db or Settings.load().db, bind=(host, port), review=review)
    if not _is_loopback(host):
        click.echo(f"newsgraph: warning: listening on {host}, reachable from other machines", err=True)
    click.echo(f"newsgraph explorer on http://{host}:{port}/  (Ctrl+C to stop)", err=True)
    if review is not None:
        click.echo(f"review mode: judgements are appended to {review}", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


COMMANDS = [serve]
