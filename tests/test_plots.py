"""Plots write non-empty PNG, SVG and HTML files with readable titles."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.errors import ConfigError
from newsgraph.store import Store
from newsgraph.testing import sample_results


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("p") / "p.duckdb"
    with Store(path) as s:
        s.write(sample_results(), run_id=None)
        s.cluster_events()
    return path


@pytest.mark.parametrize("suffix", [".png", ".svg", ".html"])
@pytest.mark.parametrize("kind", ["dyad", "network"])
def test_plot_files(db: Path, tmp_path: Path, kind: str, suffix: str) -> None:
    from newsgraph.cli import main

    out = tmp_path / f"{kind}{suffix}"
    args = ["plot", "dyad", "USA", "CHN"] if kind == "dyad" else ["plot", "network"]
    assert main([*args, "--out", str(out), "--db", str(db)]) == 0
    data = out.read_bytes()
    assert len(data) > 2000
    if suffix == ".png":
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
    else:
        text = data.decode("utf-8")
        title = "Cooperation and conflict between USA and CHN" if kind == "dyad" else "Actor network"
        assert title in text and "<svg" in text
        if suffix == ".html":
            assert f"<title>{title}" in text


def test_plot_empty_dyad_still_draws(db: Path, tmp_path: Path) -> None:
    from newsgraph import plots

    with Store(db, read_only=True) as s:
        table = s.dyad("FRA", "DEU")
    out = plots.plot_dyad(table, "FRA", "DEU", tmp_path / "empty.svg")
    assert "No events between these actors" in out.read_text(encoding="utf-8")


def test_plot_bad_suffix(db: Path, tmp_path: Path) -> None:
    from newsgraph import plots

    with Store(db, read_only=True) as s, pytest.raises(ConfigError, match=".png, .svg or .html"):
        plots.plot_network(*s.network(), tmp_path / "x.jpg")
