"""Write docs/cli.md from the commands' own --help (tests/test_cli_docs.py fails when it drifts).

    .venv/bin/python scripts/gen_cli_docs.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

HEADER = """# Command line

Generated from `newsgraph COMMAND --help` by `scripts/gen_cli_docs.py`; `tests/test_cli_docs.py` fails when this
file and the commands drift apart.

Exit codes (all commands): 0 ok · 1 usage or configuration error · 2 input error (missing path, nothing
readable) · 3 extraction error · 4 store error (a store held by another process names it) · 5 some records
failed or were skipped under `--strict` (or shards failed in `batch`) · 6 the machine failed the run (disk or
temporary folder full, no permission, out of memory): fix it and rerun the same command, which completes the run.
Errors are one line on standard error, prefixed `newsgraph:`; never a traceback.
"""


def render() -> str:
    from newsgraph.cli import cli

    parts = [HEADER]
    ctx = cli.make_context("newsgraph", [], resilient_parsing=True)
    parts.append("## newsgraph\n\n```\n" + cli.get_help(ctx) + "\n```\n")
    for name in sorted(cli.commands):
        cmd = cli.commands[name]
        sub = cmd.make_context(f"newsgraph {name}", [], parent=ctx, resilient_parsing=True)
        parts.append(f"## newsgraph {name}\n\n```\n" + cmd.get_help(sub) + "\n```\n")
        if isinstance(cmd, click.Group):
            for sname in sorted(cmd.commands):
                scmd = cmd.commands[sname]
                ssub = scmd.make_context(f"newsgraph {name} {sname}", [], parent=sub, resilient_parsing=True)
                parts.append(f"### newsgraph {name} {sname}\n\n```\n" + scmd.get_help(ssub) + "\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    out = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
    out.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {out}\n")
