"""Queries: dyad, actor, top, events, articles, and the CLI output forms."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest
from click.testing import CliRunner

from newsgraph.cli import cli
from newsgraph.errors import StoreError
from newsgraph.store import Store
from newsgraph.testing import sample_results


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("q") / "q.duckdb"
    with Store(path) as s:
        s.write(sample_results(), run_id=None)
        s.cluster_events()
    return path


@pytest.fixture()
def reader(db: Path) -> Store:
    s = Store(db, read_only=True)
    yield s
    s.close()


def test_dyad_by_month_counts_quads_goldstein_and_evidence(reader: Store) -> None:
    rows = reader.dyad("USA", "CHN", by="month").to_pylist()
    assert [r["period"] for r in rows] == [date(2024, 4, 1), date(2024, 5, 1)]
    april, may = rows
    assert (april["events"], april["verbal_coop"], april["material_conflict"]) == (1, 1, 0)
    assert april["mean_goldstein"] == pytest.approx(1.9)
    assert april["evidence"] == ["ev-3a"]
    assert (may["events"], may["verbal_coop"], may["verbal_conflict"]) == (3, 1, 2)
    assert (may["a_to_b"], may["b_to_a"]) == (1, 2)
    assert may["mean_goldstein"] == pytest.approx((1.9 - 2.0 - 4.4) / 3, abs=1e-3)
    assert may["top_event_types"][0] == "042 x1"
    assert sorted(may["evidence"]) == ["ev-4a", "ev-4b", "ev-5a"]


@pytest.mark.parametrize(
    ("a", "b", "directed", "events"),
    [
        ("USA", "CHN", True, 2),
        ("CHN", "USA", True, 2),
        ("USAGOV", "CHNGOV", False, 4),
        ("RUS", "UKR", False, 3),
    ],
)
def test_dyad_matches_codes_and_countries(reader: Store, a: str, b: str, directed: bool, events: int) -> None:
    table = reader.dyad(a, b, by="year", directed=directed)
    assert sum(table.column("events").to_pylist()) == events


def test_dyad_by_week_and_day(reader: Store) -> None:
    weeks = reader.dyad("RUS", "UKR", by="week").column("period").to_pylist()
    assert weeks == [date(2024, 3, 4)]
    days = reader.dyad("RUS", "UKR", by="day").column("period").to_pylist()
    assert days == [date(2024, 3, 4), date(2024, 3, 5)]
    with pytest.raises(StoreError, match="unknown period"):
        reader.dyad("RUS", "UKR", by="decade")


def test_actor_counterparts_and_timeline(reader: Store) -> None:
    report = reader.actor("USA")
    cps = report.counterparts.to_pylist()
    assert cps[0]["counterpart"] == "CHNGOV" and cps[0]["events"] == 4
    assert (cps[0]["as_source"], cps[0]["as_target"]) == (2, 2)
    assert [r["period"] for r in report.timeline.to_pylist()] == [date(2024, 4, 1), date(2024, 5, 1)]


@pytest.mark.parametrize(
    ("what", "first"),
    [("dyads", ("CHNGOV", "USAGOV", 2)), ("actors", ("USAGOV", 5)), ("plover", ("ACCUSE", 2))],
)
def test_top(reader: Store, what: str, first: tuple[object, ...]) -> None:
    row = reader.top(what, n=3).to_pylist()[0]
    assert tuple(row[k] for k in list(row)[: len(first) - 1] + ["events"]) == first


def test_events_and_articles_are_arrow(reader: Store) -> None:
    ev = reader.events(actor="UKR", start="2024-03-01", end="2024-03-31")
    assert isinstance(ev, pa.Table) and ev.num_rows == 3
    arts = reader.articles(source="sample-wire.net")
    assert arts.num_rows == 2 and "text" not in arts.column_names
    assert reader.articles(with_text=True, limit=1).column("text")[0].as_py()


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=True)
    return result.exit_code, result.output


def test_cli_dyad_json_csv_table(db: Path) -> None:
    code, out = _run("dyad", "USA", "CHN", "--db", str(db), "--json")
    assert code == 0 and json.loads(out)[0]["evidence"] == ["ev-3a"]
    code, out = _run("dyad", "USA", "CHN", "--db", str(db), "--csv")
    assert code == 0 and out.splitlines()[0].startswith("period,events,a_to_b")
    code, out = _run("dyad", "USA", "CHN", "--db", str(db))
    assert code == 0 and "ev-3a" in out


def test_cli_query_error_is_a_message(db: Path) -> None:
    from newsgraph.cli import main

    assert main(["query", "SELECT nope", "--db", str(db)]) == 4
    assert main(["query", "DROP TABLE articles", "--db", str(db)]) == 4
    code, out = _run("query", "SELECT count(*) AS n FROM events", "--db", str(db), "--json")
    assert json.loads(out) == [{"n": 8}]


def test_cli_summary_actor_top(db: Path) -> None:
    code, out = _run("summary", "--db", str(db))
    assert code == 0 and "Events by PLOVER type" in out and "Top dyads" in out and "ASSAULT" in out
    code, out = _run("actor", "USA", "--db", str(db), "--json")
    assert code == 0 and json.loads(out)["counterparts"][0]["counterpart"] == "CHNGOV"
    code, out = _run("top", "clusters", "--db", str(db), "--csv")
    assert code == 0 and out.splitlines()[1].split(",")[7] == "2"


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_text('{outside}')",
        "COPY articles TO '{tmp}/copy.csv'",
        "ATTACH '{other}' AS o",
        "SELECT * FROM '{other}'",
        "INSTALL httpfs",
        "SET enable_external_access = true",
        "DELETE FROM articles",
    ],
)
def test_query_command_refuses_files_attach_copy_and_writes(db: Path, tmp_path: Path, sql: str) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("not for the query", encoding="utf-8")
    other = tmp_path / "other.duckdb"
    with Store(other) as s:
        s.write(sample_results()[:1], run_id=None)
    text = sql.format(outside=outside, tmp=tmp_path, other=other)
    res = CliRunner().invoke(cli, ["query", text, "--db", str(db), "--json"])
    assert res.exit_code != 0 and "not for the query" not in res.output
    assert not (tmp_path / "copy.csv").exists()
    with Store(other, read_only=True) as s:
        assert s.summary()["articles"] == 1
    with Store(db, read_only=True) as s:
        assert s.summary()["articles"] == len(sample_results())


def test_query_command_unsafe_reads_files(db: Path, tmp_path: Path) -> None:
    outside = tmp_path / "note.txt"
    outside.write_text("readable with --unsafe", encoding="utf-8")
    sql = f"SELECT content FROM read_text('{outside}')"
    res = CliRunner().invoke(cli, ["query", sql, "--db", str(db), "--json"])
    assert res.exit_code != 0
    res = CliRunner().invoke(cli, ["query", sql, "--db", str(db), "--json", "--unsafe"])
    assert res.exit_code == 0 and "readable with --unsafe" in res.output
    res = CliRunner().invoke(cli, ["query", "SELECT count(*) AS n FROM articles", "--db", str(db), "--json"])
    assert res.exit_code == 0 and json.loads(res.output)[0]["n"] == len(sample_results())
