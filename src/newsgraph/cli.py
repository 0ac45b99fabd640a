"""The ``newsgraph`` command: a thin click group over the library.

Commands live in ``newsgraph.commands.<area>`` (each module exports ``COMMANDS``).  This module is the only
place that turns exceptions into one-line messages and exit codes (see newsgraph.errors).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import click

from newsgraph import __version__
from newsgraph.errors import NewsgraphError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsgraph")
def cli() -> None:
    """Turn raw news into evidence-linked event data."""


def _register() -> None:
    import newsgraph.commands as pkg

    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"newsgraph.commands.{info.name}")
        for command in getattr(module, "COMMANDS", []):
            cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, mapping NewsgraphError to a one-line message and an exit code."""
    try:
        cli.main(args=argv, prog_name="newsgraph", standalone_mode=False)
    except NewsgraphError as exc:
        click.echo(f"newsgraph: error: {exc}", err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("newsgraph: aborted", err=True)
        return 130
    except click.UsageError as exc:
        hint = f" (see newsgraph {exc.ctx.info_name if exc.ctx else ''} --help)".replace("  ", " ")
        click.echo(f"newsgraph: usage error: {exc.format_message()}{hint}", err=True)
        return 1
    except click.ClickException as exc:
        click.echo(f"newsgraph: error: {exc.format_message()}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("newsgraph: interrupted", err=True)
        return 130
    except BrokenPipeError:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
