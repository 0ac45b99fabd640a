"""Batch runs without a cluster: sharding reads what the readers read, the local engine, load, resume, poison."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.batch import BatchOptions, load_batch, plan_shards, read_shard, run_batch
from newsgraph.ingest import iter_inputs
from newsgraph.settings import Settings
from newsgraph.store import Store

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SETTINGS = Settings()
TABLE_KEYS = {"articles": ("run_id", "added_at"), "events": ("run_id",), "actors": (), "places": (),
              "quotes": (), "claims": ()}  # fmt: skip


def sample_texts(n: int) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))[:n]]


def write_jsonl(path: Path, lines: list[str]) -> None:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)


def jsonl_lines(n: int) -> list[str]:
    return [json.dumps({"text": t, "url": f"https://example.org/{i}"}) for i, t in enumerate(sample_texts(n))]


def write_warc(path: Path, count: int) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.suffix == ".gz")
        for i, text in enumerate(sample_texts(count)):
            body = "<html><body>" + "".join(f"<p>{p}</p>" for p in text.split("\n\n")) + "</body></html>"
            kind = "text/html" if i % 3 else "image/png"  # every third record is skipped as not-html
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://example.org/{i}",
                "response",
                payload=io.BytesIO(body.encode()),
                http_headers=headers,
            )
            writer.write_record(record)


def all_items(paths: list[str], size: int) -> list[Any]:
    return [item for shard in plan_shards(paths, size) for item in read_shard(shard, SETTINGS)]


@pytest.mark.parametrize("name", ["big.jsonl", "big.jsonl.gz", "crawl.warc", "crawl.warc.gz"])
@pytest.mark.parametrize("size", [1, 3, 100])
def test_record_ranges_read_exactly_what_the_readers_read(tmp_path: Path, name: str, size: int) -> None:
    path = tmp_path / name
    if "jsonl" in name:
        lines = jsonl_lines(7)
        lines.insert(2, "{broken")
        lines.insert(4, "")
        write_jsonl(path, lines)
    else:
        write_warc(path, 7)
    shards = plan_shards([str(path)], size)
    total = 9 if "jsonl" in name else 7  # 9 lines with the broken and the blank one
    assert sum(s.records for s in shards) == total and len(shards) == -(-total // size)
    assert all_items([str(path)], size) == list(iter_inputs([str(path)], SETTINGS))


def test_folders_group_small_files_and_keep_the_folder_skips(tmp_path: Path) -> None:
    for rel in ["b.txt", "a.txt", ".hidden/x.txt", "c/d.txt", "README.md", "notes.csv", "e.txt.gz"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(sample_texts(1)[0], encoding="utf-8")
    shards = plan_shards([str(tmp_path)], 2)
    assert [len(s.pieces) for s in shards] == [2, 2, 2, 1]
    assert {p.reason.split(":")[0] for s in shards for p in s.pieces if p.reason} == {
        "hidden",
        "documentation",
        "unsupported",
    }
    assert [s.id for s in shards] == [s.id for s in plan_shards([str(tmp_path)], 2)]  # stable ids
    assert all_items([str(tmp_path)], 2) == list(iter_inputs([str(tmp_path)], SETTINGS))


def test_the_samples_folder_reads_as_the_readers_read_it() -> None:
    assert all_items([str(SAMPLES)], 8) == list(iter_inputs([str(SAMPLES)], SETTINGS))


def store_rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Sorted rows of the result tables, without run ids and timestamps."""
    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for table, drop in TABLE_KEYS.items():
            cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in drop]
            rows = con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
            out[table] = sorted(rows, key=repr)
    return out


def run_and_load(paths: list[str], out: Path, db: Path, extractor: Any, size: int = 8) -> dict[str, Any]:
    stats = run_batch(paths, out, SETTINGS, BatchOptions(shard_size=size), extractor=extractor)
    with Store(db) as store:
        loaded = load_batch(out, store)
    return {"batch": stats.to_dict(), "load": loaded.to_dict()}


def test_local_run_load_is_idempotent_and_matches_the_shards(tmp_path: Path, extractor: Any) -> None:
    jsonl = tmp_path / "news.jsonl"
    write_jsonl(jsonl, jsonl_lines(6) + jsonl_lines(2))  # two repeated articles
    first = run_and_load([str(jsonl)], tmp_path / "out", tmp_path / "a.duckdb", extractor, size=3)
    assert first["batch"]["shards"] == 3 and first["batch"]["read"] == 8
    assert first["load"]["articles"] == 6 and first["load"]["duplicates"] == 2
    again = run_and_load([str(jsonl)], tmp_path / "out", tmp_path / "a.duckdb", extractor, size=3)
    assert again["batch"]["shards_resumed"] == 3 and again["batch"]["shards_done"] == 0
    assert again["load"]["articles"] == 0 and again["load"]["failures"] == 0
    with Store(tmp_path / "a.duckdb", read_only=True) as store:
        sql = "SELECT count(*), list(DISTINCT input ORDER BY input) FROM articles"
        n, inputs = store.con.execute(sql).fetchall()[0]
        assert n == 6 and inputs[0] == f"{jsonl}#line:1"
        assert store.done_inputs() == {str(jsonl)}


def test_a_poisoned_record_fails_only_itself(
    tmp_path: Path, extractor: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = jsonl_lines(4)
    lines[2] = json.dumps({"text": sample_texts(4)[2].replace("\n\n", "\n\nPOISON here.\n\n", 1)})
    lines.insert(1, "[not an object]")
    write_jsonl(tmp_path / "mixed.jsonl", lines)
    real = extractor.run_stages

    def run_stages(article: Any, doc: Any) -> Any:
        if "POISON" in article.text:
            raise RuntimeError("poisoned record")
        return real(article, doc)

    monkeypatch.setattr(extractor, "run_stages", run_stages)
    got = run_and_load([str(tmp_path / "mixed.jsonl")], tmp_path / "out", tmp_path / "p.duckdb", extractor, 2)
    assert got["batch"]["failed"] == 1 and got["batch"]["skipped"] == {"invalid-json": 1}
    assert got["load"]["articles"] == 3 and got["batch"]["shards_failed"] == 0
    with Store(tmp_path / "p.duckdb", read_only=True) as store:
        sql = "SELECT kind, input, record, stage, reason, error FROM failures ORDER BY kind DESC"
        skip, fail = store.con.execute(sql).fetchall()
    assert skip[:4] == ("skip", str(tmp_path / "mixed.jsonl"), "line:2", "read") and skip[4].startswith(
        "invalid-json"
    )
    # as in ingest: a failed article is recorded with its locator as input and its id as record
    assert (
        fail[0] == "failure" and fail[1].endswith("mixed.jsonl#line:4") and fail[3:5] == ("stages", "stages")
    )
    assert "poisoned record" in fail[5]


def test_a_failing_shard_is_reported_then_retried_by_a_rerun(
    tmp_path: Path, extractor: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsgraph.batch.work as work

    write_jsonl(tmp_path / "n.jsonl", jsonl_lines(4))
    real = work.shard_articles  # a fault outside the records (they are guarded one by one) fails the shard
    monkeypatch.setattr(work, "shard_articles", lambda shard, s: (_ for _ in ()).throw(RuntimeError("bug")))
    first = run_batch([str(tmp_path / "n.jsonl")], tmp_path / "out", SETTINGS, BatchOptions(shard_size=2),
                      extractor=extractor)  # fmt: skip
    assert first.shards_failed == 2 and len(list((tmp_path / "out" / "failed").glob("*.json"))) == 2
    with Store(tmp_path / "f.duckdb") as store:
        assert load_batch(tmp_path / "out", store).failed_shards == 2
    monkeypatch.setattr(work, "shard_articles", real)
    again = run_batch([str(tmp_path / "n.jsonl")], tmp_path / "out", SETTINGS, BatchOptions(shard_size=2),
                      extractor=extractor)  # fmt: skip
    assert again.shards_done == 2 and again.shards_failed == 0
    assert not list((tmp_path / "out" / "failed").glob("*.json"))


def test_cli_batch_then_load_prints_summaries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from newsgraph.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate(sample_texts(2)):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    out, db = str(tmp_path / "out"), str(tmp_path / "c.duckdb")
    assert main(["batch", str(folder), "--out", out, "--shard-size", "1", "--json"]) == 0
    batch = json.loads(capsys.readouterr().out)
    assert (batch["shards"], batch["read"], batch["engine"]) == (2, 2, "local")
    assert main(["load", out, "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == 2
    assert main(["batch", str(folder), "--out", out, "--workers", "2", "--engine", "local"]) == 1
    assert "use --engine dask" in capsys.readouterr().err


def test_batch_then_load_stores_what_ingest_stores(
    tmp_path: Path, extractor: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsgraph.pipeline
    from newsgraph.runner import ingest

    monkeypatch.setattr(newsgraph.pipeline, "default_extractor", lambda settings=None: extractor)
    with Store(tmp_path / "ingest.duckdb") as store:
        ingest([str(SAMPLES)], SETTINGS, store)
    run_and_load([str(SAMPLES)], tmp_path / "out", tmp_path / "batch.duckdb", extractor)
    expected, got = store_rows(tmp_path / "ingest.duckdb"), store_rows(tmp_path / "batch.duckdb")
    assert got["articles"] and got["events"]
    for table in TABLE_KEYS:
        assert got[table] == expected[table], table
    sql = "SELECT kind, input, record, stage, reason FROM failures ORDER BY ALL"
    with (
        Store(tmp_path / "ingest.duckdb", read_only=True) as a,
        Store(tmp_path / "batch.duckdb", read_only=True) as b,
    ):
        assert a.con.execute(sql).fetchall() == b.con.execute(sql).fetchall()
        assert a.done_inputs() == b.done_inputs()


def made_up_article(n: int) -> str:
    body = " ".join(f"The council met on day {n} and agreed plan {k} for the harbour." for k in range(12))
    return f"Council note {n}\n\n{body}\n\nMembers will meet again next month to review plan {n}.\n"


def test_shards_are_sized_so_every_worker_has_work(tmp_path: Path) -> None:
    from newsgraph.batch.run import shard_size_for
    from newsgraph.testing import FakeExtractor

    assert shard_size_for(181, 2) == 23 and shard_size_for(10**6, 8) == 500 and shard_size_for(3, 16) == 1
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        (folder / f"{i:03d}.txt").write_text(made_up_article(i))
    seen: list[int] = []
    opts = BatchOptions(workers=1)  # local: 40 files / (1 worker x 4) = shards of 10
    stats = run_batch([str(folder)], tmp_path / "out", Settings(batch_size=2), opts,
                      extractor=FakeExtractor(), on_progress=lambda s: seen.append(s.extracted))  # fmt: skip
    assert stats.shards == 4 and stats.records == 40
    assert seen == sorted(seen) and len(set(seen)) > stats.shards  # per-article steps, not per shard
    plan = json.loads((tmp_path / "out" / "plan.json").read_text())
    assert plan["shard_size"] == 10 and plan["auto"]
    # a rerun with more workers keeps the earlier shards (same size), so it resumes them all
    again = run_batch([str(folder)], tmp_path / "out", Settings(batch_size=2), BatchOptions(workers=1),
                      extractor=FakeExtractor())  # fmt: skip
    assert again.shards_resumed == 4 and again.shards_done == 0


def test_load_skips_a_damaged_shard_and_loads_the_rest(tmp_path: Path) -> None:
    from newsgraph.testing import FakeExtractor

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(4):
        (folder / f"{i}.txt").write_text(made_up_article(100 + i))
    out = tmp_path / "out"
    stats = run_batch([str(folder)], out, Settings(), BatchOptions(shard_size=2), extractor=FakeExtractor())
    assert stats.shards == 2
    damaged = sorted((out / "articles").glob("*.parquet"))[0]
    damaged.write_bytes(b"PAR1 this is not parquet")
    with Store(tmp_path / "d.duckdb") as store:
        got = load_batch(out, store)
        assert got.articles == 2 and len(got.bad_shards) == 1
        rows = store.con.execute("SELECT stage, reason FROM failures WHERE stage = 'load'").fetchall()
        assert len(rows) == 2 and rows[0][1].startswith(f"shard {got.bad_shards[0]} not loaded")
        assert len(store.done_inputs()) == 2


def test_a_shard_that_kills_its_workers_fails_record_by_record(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from distributed import KilledWorker

    from newsgraph.batch.run import _after_failure

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text(made_up_article(300 + i))
    (folder / "skip.bin").write_bytes(b"\x00binary\x00" * 30)
    out = tmp_path / "out"
    [shard] = plan_shards([str(folder)], 10)
    _, marker, error = _after_failure(shard, out, Settings(), "r1", RuntimeError("a bug"))
    assert marker is None and error == "RuntimeError: a bug"  # any other error: the shard stays to be retried
    _, marker, error = _after_failure(
        shard, out, Settings(), "r1", KilledWorker("task", SimpleNamespace(address="tcp://w:1"), 3)
    )
    assert error is None and marker is not None and marker["failed"] == 3 and marker["skipped"]
    with Store(tmp_path / "k.duckdb") as store:
        got = load_batch(out, store)
        rows = store.con.execute("SELECT kind, stage, error FROM failures ORDER BY kind, input").fetchall()
    assert got.articles == 0 and [r[0] for r in rows] == ["failure"] * 3 + ["skip"]
    assert all("WorkerDied" in r[2] for r in rows[:3])
