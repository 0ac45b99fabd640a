"""Exports: GDELT 2.0 (61 columns, FIPS geo codes), PLOVER JSONL, CSV and partitioned Parquet."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from newsgraph.export import (
    GDELT_COLUMNS,
    PLOVER_ENTITY,
    PLOVER_EXTRA,
    PLOVER_LOCATION,
    PLOVER_OPTIONAL,
    PLOVER_REQUIRED,
    export_store,
)
from newsgraph.records import Skip
from newsgraph.store import TABLES, Store
from newsgraph.testing import sample_results


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("x") / "x.duckdb"
    with Store(path) as s:
        run = s.start_run({})
        s.write(sample_results(), run_id=run)
        s.mark_input_done("in.jsonl", run)
        s.link_near_duplicates(sample_results()[0].article.id, ["k1"])
        s.record_failure("in.jsonl", "r9", "extract", RuntimeError("boom"), run)
        s.record_skip(Skip("in.jsonl", "r8", "ingest", "duplicate"), run)
        s.cluster_events()
        s.finish_run(run, {})
    return path


def test_gdelt_column_list_is_the_codebook_order() -> None:
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:6] == (
        "GLOBALEVENTID",
        "SQLDATE",
        "MonthYear",
        "Year",
        "FractionDate",
        "Actor1Code",
    )
    assert GDELT_COLUMNS[25:35] == (
        "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
        "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    )  # fmt: skip
    assert GDELT_COLUMNS[37] == "Actor1Geo_CountryCode" and GDELT_COLUMNS[39] == "Actor1Geo_ADM2Code"
    assert GDELT_COLUMNS[51:53] == ("ActionGeo_Type", "ActionGeo_FullName")
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


def _gdelt_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert all(len(r) == 61 for r in rows)
    return [dict(zip(GDELT_COLUMNS, r, strict=True)) for r in rows]


def test_gdelt_export(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.export.CSV"
    with Store(db, read_only=True) as s:
        stats = export_store(s, "gdelt", out)
    rows = _gdelt_rows(out)
    assert stats.rows["event_clusters"] == len(rows) == 6 and stats.skipped == 1  # the negated event
    strike = next(r for r in rows if r["EventCode"] == "190")
    assert (strike["NumMentions"], strike["NumSources"], strike["NumArticles"]) == ("2", "2", "2")
    assert strike["SQLDATE"] == "20240304" and strike["MonthYear"] == "202403" and strike["Year"] == "2024"
    assert (strike["Actor1Code"], strike["Actor1CountryCode"], strike["Actor1Type1Code"]) == (
        "RUSMIL",
        "RUS",
        "MIL",
    )
    assert strike["ActionGeo_CountryCode"] == "UP"  # FIPS for Ukraine (ISO UA / UKR)
    assert strike["ActionGeo_Type"] == "4" and strike["ActionGeo_FullName"] == "Kyiv, Ukraine"
    assert strike["Actor1Geo_CountryCode"] == "RS"  # FIPS for Russia
    assert strike["QuadClass"] == "4" and float(strike["GoldsteinScale"]) == -10
    aid = next(r for r in rows if r["EventRootCode"] == "07")
    assert aid["EventCode"] == "070" and aid["Actor2Geo_CountryCode"] == "UP"
    assert all(r["GLOBALEVENTID"].isdigit() and len(r["DATEADDED"]) == 14 for r in rows)
    assert {r["Actor1Geo_CountryCode"] for r in rows} <= {"RS", "UP", "US", "CH"}


def test_gdelt_export_can_include_nonfactual(db: Path, tmp_path: Path) -> None:
    with Store(db, read_only=True) as s:
        stats = export_store(s, "gdelt", tmp_path / "all.tsv", include_nonfactual=True)
    assert stats.rows["event_clusters"] == 7


def test_plover_export(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    with Store(db, read_only=True) as s:
        stats = export_store(s, "plover", out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == stats.rows["events"] == 7  # negated mention left out
    allowed = set(PLOVER_REQUIRED) | set(PLOVER_OPTIONAL) | set(PLOVER_EXTRA)
    for rec in records:
        assert set(PLOVER_REQUIRED) <= set(rec) and set(rec) <= allowed
        assert isinstance(rec["actor"], list) and isinstance(rec["event"], list)
        assert len(rec["date"]) == 10 and rec["quad_code"] in (1, 2, 3, 4)
        for ent in rec["actor"] + rec.get("recipient", []):
            assert set(ent) <= set(PLOVER_ENTITY)
    strike = next(r for r in records if r["id"] == "ev-1a")
    assert strike["event"] == ["ASSAULT"] and strike["actor"][0]["code"] == "RUS"
    assert strike["actor"][0]["sector"] == "MIL" and strike["recipient"][0]["code"] == "UKR"
    assert set(strike["event_loc"]) <= set(PLOVER_LOCATION) and strike["event_loc"]["resolution"] == 4
    assert strike["cite_info"]["url"].startswith("https://")


def test_csv_every_table(db: Path, tmp_path: Path) -> None:
    with Store(db, read_only=True) as s:
        stats = export_store(s, "csv", tmp_path / "csv")
    for table in TABLES:
        lines = (tmp_path / "csv" / f"{table}.csv").read_text(encoding="utf-8").splitlines()
        assert len(lines) == stats.rows[table] + 1 or stats.rows[table] > len(lines)  # multi-line text fields
    header = (tmp_path / "csv" / "events.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("id,article_id,source_code")


def test_parquet_partitions_every_table(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "pq"
    with Store(db, read_only=True) as s:
        stats = export_store(s, "parquet", out)
    for table in TABLES:
        assert stats.rows[table] > 0, table
        files = list((out / table).glob("year=*/month=*/*.parquet"))
        assert files, table
        assert sum(pq.read_table(f).num_rows for f in files) == stats.rows[table]
    months = sorted(p.name for p in (out / "events" / "year=2024").iterdir())
    assert months == ["month=3", "month=4", "month=5"]
    ev = pq.read_table(out / "events" / "year=2024" / "month=3")
    assert ev.column("cameo").type == "string"


def test_unknown_format_is_a_message(db: Path, tmp_path: Path) -> None:
    from newsgraph.errors import StoreError

    with Store(db, read_only=True) as s, pytest.raises(StoreError, match="unknown export format"):
        export_store(s, "xml", tmp_path / "x")


def test_cli_export_reclusters_when_stale(tmp_path: Path) -> None:
    from newsgraph.cli import main

    db = tmp_path / "stale.duckdb"
    with Store(db) as s:
        s.write(sample_results(), run_id=None)
    out = tmp_path / "g.tsv"
    assert main(["export", "--format", "gdelt", "--out", str(out), "--db", str(db)]) == 0
    assert len(_gdelt_rows(out)) == 6


def test_plover_export_of_real_articles_keeps_required_fields(extractor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Events with no known source (\"3,800 people have been killed\") still carry `actor: []`."""
    from newsgraph.runner import iter_articles
    from newsgraph.settings import Settings

    root = Path(__file__).resolve().parents[1] / "samples"
    files = [str(root / n) for n in ("lebanon-ceasefire-withdrawal.txt", "state-visit-ankara.txt")]
    articles = [a for a in iter_articles(files, Settings()) if not hasattr(a, "reason")]
    with Store(tmp_path / "real.duckdb") as s:
        s.write(list(extractor.process(articles)))
        export_store(s, "plover", tmp_path / "real.jsonl")
    records = [
        json.loads(line) for line in (tmp_path / "real.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert records
    for rec in records:
        assert set(PLOVER_REQUIRED) <= set(rec)
        assert isinstance(rec["actor"], list) and rec["event"] and len(rec["date"]) == 10
    assert any(rec["actor"] == [] for rec in records)


# -- header, names beside codes, column lists, spreadsheet-safe CSV -------------------------------------------


def test_gdelt_header_names_the_codebook_columns(db: Path, tmp_path: Path) -> None:
    from newsgraph.cli import main

    plain, named = tmp_path / "plain.tsv", tmp_path / "named.tsv"
    assert main(["export", "--format", "gdelt", "--out", str(plain), "--db", str(db)]) == 0
    assert main(["export", "--format", "gdelt", "--header", "--out", str(named), "--db", str(db)]) == 0
    first, *rest = named.read_text(encoding="utf-8").splitlines()
    assert first.split("\t") == list(GDELT_COLUMNS)
    assert rest == plain.read_text(encoding="utf-8").splitlines()


def test_cameo_names_beside_codes(db: Path, tmp_path: Path) -> None:
    with Store(db, read_only=True) as s:
        export_store(s, "csv", tmp_path / "csv")
        export_store(s, "parquet", tmp_path / "pq")
        export_store(s, "plover", tmp_path / "p.jsonl")
    with (tmp_path / "csv" / "events.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        names = reader.fieldnames or []
        rows = list(reader)
    assert names[names.index("cameo") + 1] == "cameo_name" and names[names.index("quad") + 1] == "quad_name"
    visit = next(r for r in rows if r["id"] == "ev-3a")
    assert (visit["cameo"], visit["cameo_name"], visit["quad_name"]) == (
        "042",
        "Make a visit",
        "verbal cooperation",
    )
    table = pq.read_table(next((tmp_path / "pq" / "event_clusters").glob("year=*/month=*/*.parquet")))
    assert {"cameo_name", "quad_name"} <= set(table.column_names)
    assert all(n for n in table.column("cameo_name").to_pylist())
    records = [json.loads(line) for line in (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()]
    assert next(r for r in records if r["id"] == "ev-3a")["cameo_name"] == "Make a visit"


@pytest.mark.parametrize("fmt", ["gdelt", "plover", "csv", "parquet"])
def test_columns_option_lists_what_is_written(
    db: Path, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsgraph.cli import main

    assert main(["export", "--columns", "--format", fmt]) == 0
    listed = {
        line.split(": ")[0].split(" ")[-1]: line.split(": ")[1].split(", ")
        for line in capsys.readouterr().out.splitlines()
    }
    if fmt == "csv":
        with Store(db, read_only=True) as s:
            export_store(s, "csv", tmp_path / "c")
        for table, cols in listed.items():
            header = (tmp_path / "c" / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0]
            assert header.split(",") == cols
    elif fmt == "gdelt":
        assert listed["gdelt"] == list(GDELT_COLUMNS)
    elif fmt == "plover":
        assert set(PLOVER_REQUIRED) <= set(listed["plover"])
    else:
        assert listed["claims"][-2:] == ["year", "month"] and "claim_year" in listed["claims"]


def test_export_needs_format_and_out(capsys: pytest.CaptureFixture[str]) -> None:
    from newsgraph.cli import main

    assert main(["export", "--format", "csv"]) == 1
    assert "--format and --out are required" in capsys.readouterr().err


def test_csv_cells_cannot_become_formulas_and_lose_nuls(tmp_path: Path) -> None:
    from newsgraph.records import Article, Result
    from newsgraph.testing import make_event, ref

    db = tmp_path / "f.duckdb"
    article = Article.from_text(
        "Officials met. Nothing else.", title="=HYPERLINK(\"http://x\")", url="https://x.example/a",
        source="@evil", published="2024-05-01",
    )  # fmt: skip
    ev = make_event(
        "-ev", ref("USAGOV", "+US", "USA"), ref("CHNGOV", "\tChina", "CHN"), "042", "2024-05-01", "-1 met."
    )
    with Store(db) as s:
        s.write([Result(article, events=[ev], extractor="synthetic/1")])
        s.con.execute("UPDATE articles SET text = 'a' || chr(0) || 'b'")
        export_store(s, "csv", tmp_path / "csv")
    with (tmp_path / "csv" / "articles.csv").open(encoding="utf-8", newline="") as fh:
        art = next(csv.DictReader(fh))
    assert art["title"] == '\'=HYPERLINK("http://x")' and art["source"] == "'@evil" and art["text"] == "ab"
    with (tmp_path / "csv" / "events.csv").open(encoding="utf-8", newline="") as fh:
        row = next(csv.DictReader(fh))
    assert row["id"] == "'-ev" and row["source_name"] == "'+US" and row["target_name"] == "'\tChina"
    assert row["sentence"] == "'-1 met." and row["goldstein"] == "1.9"  # numbers stay numbers
    assert "\x00" not in (tmp_path / "csv" / "articles.csv").read_text(encoding="utf-8")
