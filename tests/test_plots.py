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


# -- actor codes, honest axes, normalised counts, country roll-up ----------------------------------------------


def _cli(*args: str) -> int:
    from newsgraph.cli import main

    return main(list(args))


@pytest.mark.parametrize("cmd", [["dyad"], ["plot", "dyad"]])
def test_unknown_actor_code_is_an_error_with_suggestions(
    db: Path, tmp_path: Path, cmd: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = ["--out", str(tmp_path / "x.png")] if cmd[0] == "plot" else []
    assert _cli(*cmd, "USAGOVV", "TUR", *out, "--db", str(db)) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "unknown actor code 'USAGOVV'" in err
    assert "closest known: USAGOV" in err
    assert not (tmp_path / "x.png").exists()


def test_codes_are_case_insensitive(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert _cli("dyad", "usa", "chn", "--json", "--db", str(db)) == 0
    lower = json.loads(capsys.readouterr().out)
    assert _cli("dyad", "USA", "CHN", "--json", "--db", str(db)) == 0
    upper = json.loads(capsys.readouterr().out)
    assert lower == upper and sum(r["events"] for r in upper) == 4


def test_store_dyad_validates(db: Path) -> None:
    with Store(db, read_only=True) as s, pytest.raises(ConfigError, match="closest known"):
        s.dyad("XYZ", "TUR")


def test_country_level_rolls_codes_up(db: Path) -> None:
    with Store(db, read_only=True) as s:
        exact = s.dyad("USAGOV", "CHNGOV").to_pylist()
        star = s.dyad("usagov*", "chngov*").to_pylist()
        flag = s.dyad("USAGOV", "CHNGOV", country_level=True).to_pylist()
        country = s.dyad("USA", "CHN").to_pylist()
    assert star == flag == country
    assert sum(r["events"] for r in country) >= sum(r["events"] for r in exact)


def test_fill_rows_adds_zero_periods() -> None:
    from datetime import date

    from newsgraph.timeseries import fill_rows

    rows = [
        {"period": date(2018, 1, 1), "events": 2, "mean_goldstein": 1.0, "evidence": ["a"]},
        {"period": date(2019, 11, 1), "events": 1, "mean_goldstein": -2.0, "evidence": ["b"]},
    ]
    filled = fill_rows(rows, "month")
    assert len(filled) == 23 and filled[0] == rows[0] and filled[-1] == rows[-1]
    assert filled[5] == {"period": date(2018, 6, 1), "events": 0, "mean_goldstein": None, "evidence": []}


def test_plot_draws_zero_bars_for_empty_periods(tmp_path: Path) -> None:
    from datetime import date

    import pyarrow as pa

    from newsgraph import plots

    base = dict.fromkeys(("a_to_b", "b_to_a", "material_coop", "material_conflict"), 0)
    rows = [
        {"period": date(2018, 1, 1), "events": 2, "verbal_coop": 2, "verbal_conflict": 0, **base},
        {"period": date(2019, 11, 1), "events": 1, "verbal_coop": 0, "verbal_conflict": 1, **base},
    ]
    for r in rows:
        r["mean_goldstein"] = 1.0
    fig, _ = plots.dyad_figure(pa.Table.from_pylist(rows), "USA", "CHN")
    top = fig.axes[0]
    assert not top.lines  # bars only: nothing can bridge a gap
    heights = [p.get_height() for p in top.patches]
    assert len(heights) == 2 * 23 and sum(1 for h in heights if h == 0) == 2 * 23 - 2
    assert top.get_ylim()[0] == 0


def test_per_articles_normalises(db: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import json

    assert _cli("dyad", "USA", "CHN", "--per-articles", "--json", "--db", str(db)) == 0
    rows = json.loads(capsys.readouterr().out)
    for r in rows:
        assert r["articles"] >= 1
        assert r["events_per_100_articles"] == round(100 * r["events"] / r["articles"], 3)
    out = tmp_path / "n.svg"
    assert _cli("plot", "dyad", "USA", "CHN", "--per-articles", "--out", str(out), "--db", str(db)) == 0
    assert "per 100 articles" in out.read_text(encoding="utf-8")


def test_known_code_without_events_says_so(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli("dyad", "FRA", "NZL", "--db", str(db)) == 0
    assert "no dated events between FRA and NZL" in capsys.readouterr().err


def test_actor_command_checks_codes(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli("actor", "usagov", "--json", "--db", str(db)) == 0
    assert '"code": "USAGOV"' in capsys.readouterr().out
    assert _cli("actor", "USAGOVV", "--db", str(db)) == 1
    assert "closest known: USAGOV" in capsys.readouterr().err
