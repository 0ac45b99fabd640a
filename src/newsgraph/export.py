"""Exports: GDELT 2.0 Event table, PLOVER JSONL, CSV and Parquet (partitioned by year and month).

* ``gdelt``: one row per clustered event (``event_clusters``), the 61 columns of the GDELT 2.0 Event codebook
  in codebook order, tab-separated, no header, no quoting (tabs and newlines inside text become spaces).
  Country codes in the three ``*Geo_CountryCode`` columns are FIPS 10-4, read from the package's country lexicon
  (``data/actors/countries.yaml``); actor country codes stay CAMEO/ISO alpha-3 as in GDELT.  Undated events are
  left out (GDELT has no undated rows), and so are non-factual ones (negated, hypothetical, future) unless asked.
* ``plover``: one JSON object per line, one per event mention that has a PLOVER type and a date, with the PLOVER
  manual's field names (required: id, date, actor, event).  Negated mentions are left out, as the manual allows.
* ``csv``: ``OUT/<table>.csv`` for every table.  ``parquet``: ``OUT/<table>/year=YYYY/month=M/*.parquet`` (the
  row's date: event date, else publication date, else the day it was stored; ``claims.year`` is renamed
  ``claim_year`` there because ``year`` is the partition key).  Empty tables write no Parquet files.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa
import yaml

from newsgraph.errors import StoreError
from newsgraph.store.sql import one_line, scalar

if TYPE_CHECKING:
    from newsgraph.store import Store

FORMATS = ("gdelt", "plover", "csv", "parquet")

_ACTOR_FIELDS = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
_EVENT_FIELDS = (
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
)

GDELT_COLUMNS: tuple[str, ...] = (
    ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    + tuple(f"Actor1{f}" for f in _ACTOR_FIELDS)
    + tuple(f"Actor2{f}" for f in _ACTOR_FIELDS)
    + _EVENT_FIELDS
    + tuple(f"{who}Geo_{f}" for who in ("Actor1", "Actor2", "Action") for f in _GEO_FIELDS)
    + ("DATEADDED", "SOURCEURL")
)

PLOVER_REQUIRED = ("id", "date", "actor", "event")
PLOVER_OPTIONAL = (
    "has_event",
    "time",
    "enddate",
    "endtime",
    "recipient",
    "event_loc",
    "event_text",
    "quad_code",
    "event_scale",
    "mode",
    "context",
    "link",
    "text",
    "text_info",
    "cite_info",
    "coder",
    "coded_date",
    "coded_time",
    "comment",
)
PLOVER_EXTRA = ("cameo", "cameo_name")  # newsgraph's own fields beside the manual's (the CAMEO code and name)
PLOVER_ENTITY = (
    "code",
    "sector",
    "entity_text",
    "identifier_id",
    "identifier_text",
    "religion",
    "ethnicity",
    "office",
    "gender",
    "age",
)
PLOVER_LOCATION = (
    "extracted_place",
    "resolved_place",
    "geonameid",
    "lat",
    "lon",
    "city",
    "district",
    "province",
    "country",
    "country_code",
    "feature_class",
    "feature_code",
    "resolution",
)
PLOVER_RESOLUTION = {"landmark": 5, "city": 4, "admin1": 2, "country": 1}


@dataclass
class ExportStats:
    format: str
    path: str
    rows: dict[str, int] = field(default_factory=dict)  # rows written per table / file
    skipped: int = 0  # rows left out (undated, non-factual, no PLOVER type ...)
    left_out: dict[str, int] = field(default_factory=dict)  # why: {"undated": N, "negated": M, ...}
    date_by: str = "event"  # event | report: which date the rows carry

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format, "path": self.path, "rows": self.rows, "skipped": self.skipped,
            "left_out": self.left_out, "date_by": self.date_by,
        }  # fmt: skip

    def reasons(self) -> str:
        """ "undated 3, negated 2" (largest first), "" when nothing was left out."""
        return ", ".join(f"{k} {v:,}" for k, v in sorted(self.left_out.items(), key=lambda kv: -kv[1]))


DATE_BY = ("event", "report")
# Per cluster: the report date (first publication date of its articles) and which non-factual flags its mentions carry.
_CLUSTER_FACTS = """_ng_r AS (
    SELECT m.cluster_id, min(a.published) AS report_date,
           bool_or(list_contains(e.flags, 'negated')) AS negated,
           bool_or(list_contains(e.flags, 'hypothetical')) AS hypothetical,
           bool_or(list_contains(e.flags, 'future')) AS future
    FROM event_mentions m JOIN events e ON e.article_id = m.article_id AND e.id = m.event_id
    JOIN articles a ON a.id = m.article_id GROUP BY m.cluster_id
)"""


@lru_cache(maxsize=1)
def fips_table() -> dict[str, tuple[str, str]]:
    """ISO alpha-3 → (FIPS 10-4 code, English name), from the package's country lexicon."""
    text = resources.files("newsgraph.data").joinpath("actors/countries.yaml").read_text(encoding="utf-8")
    out: dict[str, tuple[str, str]] = {}
    for entry in yaml.safe_load(text) or []:
        if isinstance(entry, dict) and entry.get("code") and entry.get("fips"):
            out[str(entry["code"])] = (str(entry["fips"]), str(entry.get("name") or entry["code"]))
    return out


def _register_fips(con: duckdb.DuckDBPyConnection) -> None:
    """Make the ISO→FIPS table visible to SQL as ``_ng_fips`` (an Arrow view: works on read-only stores)."""
    table = fips_table()
    con.register(
        "_ng_fips",
        pa.table(
            {
                "iso3": list(table),
                "fips": [f for f, _ in table.values()],
                "name": [n for _, n in table.values()],
            }
        ),
    )


def _clean(expr: str) -> str:
    return f"regexp_replace({expr}, '[\\t\\r\\n]+', ' ', 'g')"


def _actor_sql(side: str) -> list[str]:
    """Actor code split as GDELT does: country (or known group) + up to three role codes."""
    code, country = f"c.{side}_code", f"c.{side}_country"
    rest = f"substr({code}, 4)"
    return [
        code,
        _clean(f"c.{side}_name"),
        country,
        f"CASE WHEN {country} IS NULL THEN substr({code}, 1, 3) END",
        "NULL",
        "NULL",
        "NULL",
        f"nullif(substr({rest}, 1, 3), '')",
        f"nullif(substr({rest}, 4, 3), '')",
        f"nullif(substr({rest}, 7, 3), '')",
    ]


def _action_geo_sql() -> list[str]:
    usa = "c.place_country = 'USA'"
    gtype = (
        "CASE c.place_resolution WHEN 'country' THEN 1 "
        f"WHEN 'admin1' THEN (CASE WHEN {usa} THEN 2 ELSE 5 END) "
        f"WHEN 'city' THEN (CASE WHEN {usa} THEN 3 ELSE 4 END) "
        f"WHEN 'landmark' THEN (CASE WHEN {usa} THEN 3 ELSE 4 END) END"
    )
    full = (
        "CASE WHEN c.place_resolution = 'country' THEN coalesce(fg.name, c.place_name) "
        "ELSE concat_ws(', ', c.place_name, fg.name) END"
    )
    adm1 = (
        "CASE WHEN c.place_resolution <> 'country' AND regexp_full_match(c.place_admin1, '[A-Za-z0-9]{1,3}') "
        "THEN fg.fips || upper(c.place_admin1) ELSE fg.fips END"
    )
    feature = "CASE WHEN c.place_resolution = 'country' THEN fg.fips ELSE c.place_id END"
    return [gtype, _clean(full), "fg.fips", adm1, "NULL", "c.place_lat", "c.place_lon", feature]


def _actor_geo_sql(side: str, alias: str) -> list[str]:
    """The action place when it lies in the actor's country, else the actor's country (GDELT type 1)."""
    same = f"(c.place_country IS NOT NULL AND c.place_country = c.{side}_country)"
    country = [
        f"CASE WHEN {alias}.fips IS NOT NULL THEN 1 END",
        f"{alias}.name",
        f"{alias}.fips",
        f"{alias}.fips",
        "NULL",
        "NULL",
        "NULL",
        f"{alias}.fips",
    ]
    return [
        f"CASE WHEN {same} THEN {a} ELSE {b} END" for a, b in zip(_action_geo_sql(), country, strict=True)
    ]


def gdelt_select(include_nonfactual: bool = False, date_by: str = "event") -> str:
    """The SELECT that produces GDELT 2.0 Event rows (columns named as in the codebook).

    ``date_by="event"``: SQLDATE is the event's date (a background event's year, else the clause date, else the
    article's); ``"report"``: the publication date of the first article reporting it, as GDELT's DATEADDED day."""
    d = "c.date" if date_by == "event" else "r.report_date"
    exprs = [
        "c.global_event_id",
        f"strftime({d}, '%Y%m%d')",
        f"strftime({d}, '%Y%m')",
        f"year({d})",
        f"printf('%.4f', year({d}) + (month({d}) * 30 + day({d})) / 365.0)",
        *_actor_sql("source"),
        *_actor_sql("target"),
        "CASE WHEN c.is_root THEN 1 ELSE 0 END",
        "c.cameo",
        "c.cameo_base",
        "c.cameo_root",
        "c.quad",
        "c.goldstein",
        "c.num_mentions",
        "c.num_sources",
        "c.num_articles",
        "round(c.avg_tone, 4)",
        *_actor_geo_sql("source", "f1"),
        *_actor_geo_sql("target", "f2"),
        *_action_geo_sql(),
        "strftime(c.date_added, '%Y%m%d%H%M%S')",
        _clean("c.source_url"),
    ]
    assert len(exprs) == len(GDELT_COLUMNS) == 61
    cols = ",\n    ".join(f'{e} AS "{n}"' for e, n in zip(exprs, GDELT_COLUMNS, strict=True))
    where = f"{d} IS NOT NULL" + ("" if include_nonfactual else " AND c.factual")
    return f"""WITH {_CLUSTER_FACTS}
SELECT
    {cols}
FROM event_clusters c
LEFT JOIN _ng_r r ON r.cluster_id = c.cluster_id
LEFT JOIN _ng_fips f1 ON f1.iso3 = c.source_country
LEFT JOIN _ng_fips f2 ON f2.iso3 = c.target_country
LEFT JOIN _ng_fips fg ON fg.iso3 = c.place_country
WHERE {where}
ORDER BY {d}, c.global_event_id"""


def gdelt_left_out(con: duckdb.DuckDBPyConnection, include_nonfactual: bool, date_by: str) -> dict[str, int]:
    """Clusters the GDELT export leaves out, by reason: undated, negated, hypothetical, future."""
    d = "c.date" if date_by == "event" else "r.report_date"
    nonfactual = "NULL" if include_nonfactual else (
        "CASE WHEN c.factual THEN NULL WHEN r.negated THEN 'negated' WHEN r.hypothetical THEN 'hypothetical' "
        "WHEN r.future THEN 'future' ELSE 'non-factual' END"
    )  # fmt: skip
    sql = f"""WITH {_CLUSTER_FACTS}
SELECT reason, count(*) FROM (
    SELECT CASE WHEN {d} IS NULL THEN 'undated' ELSE {nonfactual} END AS reason
    FROM event_clusters c LEFT JOIN _ng_r r ON r.cluster_id = c.cluster_id
) WHERE reason IS NOT NULL GROUP BY reason"""
    return {str(k): int(v) for k, v in con.execute(sql).fetchall()}


def _quote_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export_gdelt(
    con: duckdb.DuckDBPyConnection,
    out: Path,
    *,
    include_nonfactual: bool = False,
    date_by: str = "event",
    header: bool = False,
) -> ExportStats:
    _register_fips(con)
    out.parent.mkdir(parents=True, exist_ok=True)
    con.execute(
        f"COPY ({gdelt_select(include_nonfactual, date_by)}) TO {_quote_path(out)} "
        f"(FORMAT CSV, DELIMITER '\t', HEADER {'true' if header else 'false'}, QUOTE '', ESCAPE '')"
    )
    total = int(scalar(con, "SELECT count(*) FROM event_clusters"))
    written = sum(1 for _ in out.open("rb")) - (1 if header else 0)
    left_out = gdelt_left_out(con, include_nonfactual, date_by)
    return ExportStats("gdelt", str(out), {"event_clusters": written}, total - written, left_out, date_by)


def check_clusters_fresh(con: duckdb.DuckDBPyConnection) -> bool:
    """True when every event belongs to a cluster (Store.cluster_events has run since the last write)."""
    sql = "SELECT (SELECT count(*) FROM events) = (SELECT count(*) FROM event_mentions)"
    return bool(scalar(con, sql))


def _entity(ref: dict[str, Any]) -> dict[str, Any]:
    code, country = ref.get("code") or "", ref.get("country")
    if country and code.startswith(country):
        ent = {"code": country, "sector": code[3:6] or None}
    else:
        ent = {"code": code[:3] or None, "sector": code[3:6] or None}
    ent |= {"entity_text": ref.get("text"), "identifier_text": ref.get("name")}
    return {k: v for k, v in ent.items() if v}


def _location(row: dict[str, Any]) -> dict[str, Any] | None:
    if not row["place_name"] and not row["place_country"]:
        return None
    res = row["place_resolution"]
    loc = {
        "resolved_place": row["place_name"],
        "geonameid": row["place_id"],
        "lat": row["place_lat"],
        "lon": row["place_lon"],
        "city": row["place_name"] if res == "city" else None,
        "province": row["place_admin1"],
        "country_code": row["place_country"],
        "resolution": PLOVER_RESOLUTION.get(res or ""),
    }
    return {k: v for k, v in loc.items() if v is not None}


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """One PLOVER JSON record from a row of the PLOVER export query."""
    sentence = row["sentence"] or ""
    rec: dict[str, Any] = {
        "id": row["id"],
        "date": row["d"].isoformat(),
        "actor": [_entity(r) for r in json.loads(row["source_actors"] or "[]")],
        "event": [row["plover"]],
        "has_event": True,
        "recipient": [_entity(r) for r in json.loads(row["target_actors"] or "[]")],
        "event_loc": _location(row),
        "event_text": sentence,
        "quad_code": row["quad"],
        "mode": row["mode"],
        "context": list(row["context"] or []),
        "text_info": {"start": row["sentence_start"], "end": (row["sentence_start"] or 0) + len(sentence)},
        "cite_info": {
            k: v
            for k, v in {
                "url": row["url"],
                "title": row["title"],
                "publication": row["source"],
                "language": row["language"],
                "coder": row["extractor"],
                "codebook": "PLOVER 2.0 draft",
                "citation": f"newsgraph:article/{row['article_id']}",
            }.items()
            if v
        },
        "coder": row["extractor"],
        "cameo": row["cameo"],
        "cameo_name": cameo_name(row["cameo"]),
        "coded_date": row["added_at"].date().isoformat() if row["added_at"] else None,
        "comment": _comment(row),
    }
    # optional fields are left out when empty; the required ones stay ("actor": [] when the source is unknown)
    return {k: v for k, v in rec.items() if k in PLOVER_REQUIRED or v not in (None, [], "", {})}


def _comment(row: dict[str, Any]) -> str:
    parts = [f"CAMEO {row['cameo']}", f"trigger: {row['trigger']}"]
    if row["flags"]:
        parts.append("flags: " + ", ".join(row["flags"]))
    if row["cluster_id"]:
        parts.append(f"event cluster: {row['cluster_id']}")
    return "; ".join(parts)


_PLOVER_DATE = {"event": "coalesce(e.date, a.published)", "report": "a.published"}
_PLOVER_SQL = """
SELECT e.*, {d} AS d, a.url, a.title, a.source, a.language, a.added_at, m.cluster_id
FROM events e JOIN articles a ON a.id = e.article_id
LEFT JOIN event_mentions m ON m.article_id = e.article_id AND m.event_id = e.id
WHERE e.plover IS NOT NULL AND {d} IS NOT NULL AND NOT list_contains(e.flags, 'negated')
ORDER BY d, e.article_id, e.id
"""
_PLOVER_LEFT_OUT = """
SELECT reason, count(*) FROM (
    SELECT CASE WHEN e.plover IS NULL THEN 'no PLOVER type' WHEN {d} IS NULL THEN 'undated'
                WHEN list_contains(e.flags, 'negated') THEN 'negated' END AS reason
    FROM events e JOIN articles a ON a.id = e.article_id
) WHERE reason IS NOT NULL GROUP BY reason
"""


def _iter_rows(con: duckdb.DuckDBPyConnection, sql: str, size: int = 10_000) -> Iterator[dict[str, Any]]:
    reader = con.sql(sql).to_arrow_reader(size)
    for batch in reader:
        yield from batch.to_pylist()


def export_plover(con: duckdb.DuckDBPyConnection, out: Path, *, date_by: str = "event") -> ExportStats:
    out.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with out.open("w", encoding="utf-8") as fh:
        for row in _iter_rows(con, _PLOVER_SQL.format(d=_PLOVER_DATE[date_by])):
            fh.write(json.dumps(plover_record(row), ensure_ascii=False) + "\n")
            written += 1
    total = int(scalar(con, "SELECT count(*) FROM events"))
    rows = con.execute(_PLOVER_LEFT_OUT.format(d=_PLOVER_DATE[date_by])).fetchall()
    left_out = {str(k): int(v) for k, v in rows}
    return ExportStats("plover", str(out), {"events": written}, total - written, left_out, date_by)


# Date that places each table's rows in a year=/month= partition.
_PARTITION_DATE = {
    "articles": ("articles t", "coalesce(t.published, CAST(t.added_at AS DATE))"),
    "events": (
        "events t JOIN articles a ON a.id = t.article_id",
        "coalesce(t.date, a.published, CAST(a.added_at AS DATE))",
    ),
    "event_clusters": ("event_clusters t", "coalesce(t.date, CAST(t.date_added AS DATE))"),
    "failures": ("failures t", "CAST(t.failed_at AS DATE)"),
    "runs": ("runs t", "CAST(t.started_at AS DATE)"),
    "inputs_done": ("inputs_done t", "CAST(t.done_at AS DATE)"),
}
_BY_ARTICLE = ("actors", "places", "quotes", "claims", "event_mentions", "article_keys")


def _partition_source(table: str) -> tuple[str, str]:
    if table in _PARTITION_DATE:
        return _PARTITION_DATE[table]
    return (
        f"{table} t JOIN articles a ON a.id = t.article_id",
        "coalesce(a.published, CAST(a.added_at AS DATE))",
    )


def export_tables(con: duckdb.DuckDBPyConnection, fmt: str, out: Path) -> ExportStats:
    from newsgraph.store.duckdb import TABLES

    out.mkdir(parents=True, exist_ok=True)
    register_names(con)
    stats = ExportStats(fmt, str(out))
    for table in TABLES:
        stats.rows[table] = int(scalar(con, f"SELECT count(*) FROM {table}"))
        if fmt == "csv":
            con.execute(
                f"COPY ({csv_select(con, table)}) TO {_quote_path(out / f'{table}.csv')} (FORMAT CSV, HEADER true)"
            )
        elif stats.rows[table]:
            source, day = _partition_source(table)
            star = "t.* RENAME (year AS claim_year)" if table == "claims" else "t.*"  # year= is the partition
            star, source = _with_names(table, star, source)
            sql = f"SELECT {star}, year({day}) AS year, month({day}) AS month FROM {source}"
            con.execute(
                f"COPY ({sql}) TO {_quote_path(out / table)} "
                "(FORMAT PARQUET, PARTITION_BY (year, month), OVERWRITE_OR_IGNORE true)"
            )
    return stats


def export(
    con: duckdb.DuckDBPyConnection,
    fmt: str,
    out: str | Path,
    *,
    include_nonfactual: bool = False,
    date_by: str = "event",
    header: bool = False,
) -> ExportStats:
    """Write the store in one of FORMATS to ``out`` (a file for gdelt/plover, a folder for csv/parquet).

    ``date_by`` (gdelt, plover): ``event`` dates rows by the event (background events by their year),
    ``report`` by the publication date of the article(s) reporting them."""
    path = Path(out)
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    if date_by not in DATE_BY:
        raise StoreError(f"unknown date choice {date_by!r}: use event or report")
    try:
        if fmt == "gdelt":
            return export_gdelt(
                con, path, include_nonfactual=include_nonfactual, date_by=date_by, header=header
            )
        if fmt == "plover":
            return export_plover(con, path, date_by=date_by)
        return export_tables(con, fmt, path)
    except duckdb.Error as exc:
        raise StoreError(f"export to {path} failed: {one_line(exc)}") from None
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None


# -- code names beside codes, spreadsheet-safe CSV cells, the column lists -----------------------------------
# Tables with CAMEO codes get their names right after the code columns (CSV, Parquet).
NAMED_TABLES = ("events", "event_clusters")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a CSV text cell starting so gets a leading apostrophe
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


def cameo_name(code: str | None) -> str | None:
    """The CAMEO name of a code (None when unknown)."""
    from newsgraph.codes import cameo_table

    entry = cameo_table().get(code or "")
    return entry.name if entry else None


def register_names(con: duckdb.DuckDBPyConnection) -> None:
    """CAMEO and QuadClass names as Arrow views ``_ng_cameo`` and ``_ng_quad`` (work on read-only stores)."""
    from newsgraph.codes import cameo_table

    table = cameo_table()
    con.register("_ng_cameo", pa.table({"code": list(table), "name": [c.name for c in table.values()]}))
    con.register(
        "_ng_quad",
        pa.table({"quad": pa.array(list(QUAD_NAMES), pa.int8()), "name": list(QUAD_NAMES.values())}),
    )


_NAME_JOINS = " LEFT JOIN _ng_cameo _nc ON _nc.code = t.cameo LEFT JOIN _ng_quad _nq ON _nq.quad = t.quad"
_NAME_COLUMNS = {"cameo": "_nc.name AS cameo_name", "quad": "_nq.name AS quad_name"}


def _with_names(table: str, star: str, source: str) -> tuple[str, str]:
    """Parquet: the name columns appended to ``t.*`` and their joins to the FROM clause."""
    if table not in NAMED_TABLES:
        return star, source
    return f"{star}, {', '.join(_NAME_COLUMNS.values())}", source + _NAME_JOINS


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return [(str(r[0]), str(r[1])) for r in con.execute(f"DESCRIBE {table}").fetchall()]


def safe_text_sql(expr: str) -> str:
    """SQL making a text cell spreadsheet-safe: NULs stripped, formula-leading text prefixed with ``'``."""
    clean = f"replace({expr}, chr(0), '')"
    starts = ", ".join("chr(9)" if c == "\t" else "chr(13)" if c == "\r" else f"'{c}'" for c in FORMULA_START)
    return f"CASE WHEN left({clean}, 1) IN ({starts}) THEN '''' || {clean} ELSE {clean} END"


def csv_select(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """The CSV export of one table: every column, names beside codes, text cells made safe."""
    exprs = []
    for name, kind in _columns(con, table):
        col = f't."{name}"'
        exprs.append(f'{safe_text_sql(col)} AS "{name}"' if kind == "VARCHAR" else col)
        if table in NAMED_TABLES and name in _NAME_COLUMNS:
            exprs.append(_NAME_COLUMNS[name])
    joins = _NAME_JOINS if table in NAMED_TABLES else ""
    return f"SELECT {', '.join(exprs)} FROM {table} t{joins}"


def column_list(fmt: str, con: duckdb.DuckDBPyConnection | None = None) -> dict[str, list[str]]:
    """The columns each format writes, per file (``newsgraph export --columns``)."""
    if fmt == "gdelt":
        return {"gdelt": list(GDELT_COLUMNS)}
    if fmt == "plover":
        return {"plover": [*PLOVER_REQUIRED, *PLOVER_OPTIONAL, *PLOVER_EXTRA]}
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    from newsgraph.store.duckdb import TABLES
    from newsgraph.store.migrations import migrate

    if con is None:
        con = duckdb.connect()
        migrate(con)
    out = {}
    for table in TABLES:
        cols = []
        for name, _ in _columns(con, table):
            cols.append("claim_year" if (fmt, table, name) == ("parquet", "claims", "year") else name)
            if table in NAMED_TABLES and name in _NAME_COLUMNS and fmt == "csv":
                cols.append(f"{name}_name")
        if fmt == "parquet":
            cols += [f"{n}_name" for n in _NAME_COLUMNS if table in NAMED_TABLES] + ["year", "month"]
        out[table] = cols
    return out


def export_store(
    store: Store,
    fmt: str,
    out: str | Path,
    *,
    include_nonfactual: bool = False,
    date_by: str = "event",
    header: bool = False,
) -> ExportStats:
    """Export an open Store (see :func:`export`); reclusters first when the store is writable and stale."""
    if not store.clusters_fresh():
        if not store.read_only:
            store.cluster_events()
        elif fmt == "gdelt":
            raise StoreError(
                "event clusters are older than the events: export with a writable store "
                "(no other writer running) or call Store.cluster_events() first"
            )
    return export(store.con, fmt, out, include_nonfactual=include_nonfactual, date_by=date_by, header=header)
