"""Store: schema and migrations, idempotent writes, read-only readers, runs, failures, stories, clustering."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsgraph.errors import StoreError
from newsgraph.records import Skip
from newsgraph.store import TABLES, Store
from newsgraph.store.migrations import migrations, parse_migrations
from newsgraph.testing import sample_results

DOCS = Path(__file__).resolve().parents[1] / "docs" / "store.md"


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "s.duckdb")
    yield s
    s.close()


@pytest.fixture()
def filled(tmp_path: Path) -> Path:
    path = tmp_path / "filled.duckdb"
    with Store(path) as s:
        run = s.start_run({"model": "md"})
        s.write(sample_results(), run_id=run)
        s.cluster_events()
        s.finish_run(run, {"articles": 5})
    return path


def test_schema_migrations_numbered_and_applied(store: Store) -> None:
    versions = [m.version for m in migrations()]
    assert versions == list(range(1, len(versions) + 1))
    applied = store.query("SELECT version FROM schema_migrations ORDER BY version").column(0).to_pylist()
    assert applied == versions
    names = set(store.query("SELECT table_name FROM information_schema.tables").column(0).to_pylist())
    assert set(TABLES) <= names


def test_migration_out_of_order_is_an_error() -> None:
    with pytest.raises(StoreError, match="out of order"):
        parse_migrations("-- migration 001: a\nSELECT 1;\n-- migration 003: c\nSELECT 1;\n")


def test_reopen_applies_nothing_twice(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    Store(path).close()
    with Store(path) as s:
        assert s.query("SELECT count(*) AS n FROM schema_migrations").column(0)[0].as_py() == len(
            migrations()
        )


def test_write_is_idempotent_per_article(store: Store) -> None:
    results = sample_results()
    first = store.write(results, run_id=None)
    assert (first.stored, first.duplicates, first.events) == (5, 0, 8)
    again = store.write(results + results[:1], run_id=None)
    assert (again.stored, again.duplicates, again.events) == (0, 6, 0)
    counts = store.summary()
    assert (counts["articles"], counts["events"], counts["quotes"], counts["claims"]) == (5, 8, 1, 1)
    assert store.has_article(results[0].article.id)
    assert not store.has_article("0" * 16)


def test_rows_keep_extractor_and_event_ids(store: Store) -> None:
    store.write(sample_results(), run_id="r1")
    ev = store.events(source="RUSMIL").to_pylist()
    assert sorted(e["id"] for e in ev) == ["ev-1a", "ev-2a"]
    assert all(e["extractor"] == "synthetic/1" and e["run_id"] == "r1" for e in ev)
    assert all(e["cameo"] == "190" and e["place_country"] == "UKR" for e in ev)


def test_read_only_store_cannot_write(filled: Path) -> None:
    with Store(filled, read_only=True) as reader:
        with pytest.raises(StoreError, match="read-only"):
            reader.write(sample_results(), run_id=None)
        with pytest.raises(StoreError, match="read-only"):
            reader.query("DELETE FROM articles")
        assert reader.summary()["articles"] == 5


def test_missing_store_read_only_is_a_message(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        Store(tmp_path / "nothing.duckdb", read_only=True)


def test_query_errors_are_one_line_messages(store: Store) -> None:
    with pytest.raises(StoreError) as err:
        store.query("SELECT nope FROM articles")
    assert "\n" not in str(err.value) and "nope" in str(err.value)
    with pytest.raises(StoreError, match="empty"):
        store.query("   ")


def test_query_on_writable_store_changes_nothing(store: Store) -> None:
    store.write(sample_results(), run_id=None)
    store.query("DELETE FROM articles")
    assert store.summary()["articles"] == 5


def test_runs_failures_skips_and_resume(store: Store) -> None:
    run = store.start_run({"model": "md", "workers": 2})
    store.record_failure("a.warc", "rec-3", "extract", ValueError("bad\nthing"), run)
    store.record_skip(Skip("a.warc", "rec-4", "ingest", "non-english"), run)
    store.mark_input_done("a.warc", run)
    store.mark_input_done("a.warc", run)
    store.finish_run(run, {"articles": 0})
    assert store.done_inputs() == {"a.warc"}
    failures = store.summary()["failures"]
    assert {(f["kind"], f["reason"]) for f in failures} == {
        ("failure", "ValueError"),
        ("skip", "non-english"),
    }
    msg = store.query("SELECT error FROM failures WHERE kind = 'failure'").column(0)[0].as_py()
    assert msg == "bad"
    row = store.query(f"SELECT finished_at, stats FROM runs WHERE run_id = '{run}'").to_pylist()[0]
    assert row["finished_at"] is not None and '"articles": 0' in row["stats"]


def test_near_duplicates_share_a_story(store: Store) -> None:
    results = sample_results()
    store.write(results, run_id=None)
    a, b, c = (r.article.id for r in results[:3])
    assert store.link_near_duplicates(a, ["k1", "k2"]) == a
    story = store.link_near_duplicates(b, ["k2", "k9"])
    assert story == min(a, b)
    assert store.link_near_duplicates(c, ["k7"]) == c
    stories = {r["id"]: r["story_id"] for r in store.articles().to_pylist()}
    assert stories[a] == stories[b] == min(a, b) and stories[c] == c


def test_keys_before_write_link_on_write(store: Store) -> None:
    results = sample_results()
    store.write(results[:1], run_id=None)
    store.link_near_duplicates(results[0].article.id, ["k1"])
    assert store.link_near_duplicates(results[1].article.id, ["k1"]) is None
    store.write(results[1:2], run_id=None)
    stories = store.query("SELECT DISTINCT story_id FROM articles").column(0).to_pylist()
    assert len(stories) == 1


def test_clustering_merges_mentions_across_articles(filled: Path) -> None:
    with Store(filled, read_only=True) as s:
        strike = s.query("SELECT * FROM event_clusters WHERE cameo_base = '190'").to_pylist()
        assert len(strike) == 1
        c = strike[0]
        assert (c["num_mentions"], c["num_articles"], c["num_sources"]) == (2, 2, 2)
        assert c["avg_tone"] == pytest.approx(-6.0)
        links = s.query(
            f"SELECT event_id FROM event_mentions WHERE cluster_id = '{c['cluster_id']}' ORDER BY event_id"
        )
        assert links.column(0).to_pylist() == ["ev-1a", "ev-2a"]
        total = s.query("SELECT count(*) FROM event_mentions").column(0)[0].as_py()
        assert total == 8  # every mention keeps its link
        negated = s.query("SELECT factual FROM event_clusters WHERE date = DATE '2024-05-21'").column(0)
        assert negated.to_pylist() == [False]


def test_clusters_are_stable_when_recomputed(filled: Path) -> None:
    with Store(filled) as s:
        before = s.query("SELECT cluster_id FROM event_clusters ORDER BY 1").column(0).to_pylist()
        assert s.cluster_events() == len(before)
        after = s.query("SELECT cluster_id FROM event_clusters ORDER BY 1").column(0).to_pylist()
        assert before == after


def test_write_of_32_results_takes_milliseconds(store: Store) -> None:
    import dataclasses

    base = sample_results()
    batch = []
    for i in range(32):
        r = base[i % len(base)]
        art = dataclasses.replace(r.article, id=f"{i:016x}")
        batch.append(dataclasses.replace(r, article=art))
    store.write(batch[:1], run_id=None)  # warm up schema caches
    stats = store.write(batch[1:], run_id=None)
    assert stats.stored == 31
    assert stats.seconds < 0.5


def test_every_column_is_documented(store: Store) -> None:
    doc = DOCS.read_text(encoding="utf-8")
    for table in TABLES:
        section = re.search(rf"^### `{table}`\n(.*?)(?=^### |\Z)", doc, re.S | re.M)
        assert section, f"docs/store.md has no section for {table}"
        for col in store.query(f"SELECT * FROM {table} LIMIT 0").column_names:
            assert f"| `{col}` |" in section.group(1), f"{table}.{col} is not documented"


def test_a_store_held_by_another_process_names_it(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "held.duckdb"
    Store(path).close()
    code = "import sys, duckdb; c = duckdb.connect(sys.argv[1]); print('held', flush=True); sys.stdin.read()"
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"held"
        with pytest.raises(StoreError) as err:
            Store(path)
        message = str(err.value)
        assert f"in use by process {holder.pid}" in message and "stop it" in message and "copy" in message
        assert "\n" not in message and "Conflicting lock" not in message
    finally:
        holder.communicate(b"", timeout=30)


def test_lone_surrogates_and_nuls_are_stored_not_lost(store: Store) -> None:
    from dataclasses import replace

    res = sample_results()[0]
    art = replace(
        res.article, title="bad \udfff title\x00", input="folder/caf\udce9.txt", id="surrogate0000001"
    )
    stats = store.write([replace(res, article=art)], run_id="r1")
    assert stats.stored == 1
    title, name = store.con.execute(
        "SELECT title, input FROM articles WHERE id = 'surrogate0000001'"
    ).fetchall()[0]
    assert title == "bad \\udfff title\x00" and name == "folder/caf\\xe9.txt"
    store.record_skip(Skip("caf\udce9.jsonl", "line:1", "read", "invalid-json"), "r1")
    assert store.con.execute("SELECT count(*) FROM failures WHERE input = 'caf\\xe9.jsonl'").fetchall() == [
        (1,)
    ]


def test_a_row_the_store_refuses_fails_alone_and_the_batch_is_written(store: Store) -> None:
    from dataclasses import replace

    from newsgraph.store.duckdb import Commit

    good, bad = sample_results()[2:4]
    broken = replace(bad, events=[replace(bad.events[0], quad=1000)])  # QuadClass does not fit a TINYINT
    stats = store.commit(Commit(results=[good, broken], progress={"in.jsonl": 2}), run_id="r9")
    assert stats.stored == 1 and store.existing([good.article.id, bad.article.id]) == {good.article.id}
    rows = store.con.execute(
        "SELECT kind, record, stage, reason FROM failures WHERE run_id = 'r9'"
    ).fetchall()
    assert rows == [("failure", bad.article.id, "store", "store")]
    assert store.progress() == {"in.jsonl": 2}
