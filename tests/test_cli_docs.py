"""docs/cli.md is the commands' own --help: regenerate it with scripts/gen_cli_docs.py when this fails."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_cli_docs_match_help(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("COLUMNS", "100")
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == mod.render(), (
        "docs/cli.md is out of date: run scripts/gen_cli_docs.py"
    )
    assert os.environ["COLUMNS"] == "100"
