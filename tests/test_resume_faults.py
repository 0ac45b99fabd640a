"""Kills, full disks and dead workers, with a stand-in NLP step (newsgraph.testing.FakeExtractor) so they are fast.

Every case ends the same way: the rerun (or the run itself) leaves exactly the rows of a clean run.
"""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import duckdb
import pytest

from newsgraph.errors import ResourceError
from newsgraph.runner import ingest
from newsgraph.settings import Settings
from newsgraph.store import Store, faults
from newsgraph.testing import CLEAN_POISON, POISON, fake_extractor, poisoned_cleaner

WORDS = [
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliet",
    "kilo",
    "lima",
    "mike",
    "november",
    "oscar",
    "papa",
]


def _story(n: int) -> str:
    words = " ".join(WORDS[(n + i) % len(WORDS)] for i in range(40))
    return (f"Ministers met in the capital on day {n} to talk about trade. The talks lasted {n + 2} hours and "
            f"ended with a short statement. Observers noted {words}. Officials said more meetings would follow "
            f"later in the year, number {n}.")  # fmt: skip


def _poisoned_corpus(tmp_path: Path, name: str, body: str) -> Path:
    """Four plain stories and one file ``name`` whose text (``body``) kills the worker that handles it."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(4):
        (corpus / f"a{n}.txt").write_text(f"Report {n}\n\n{_story(n)}\n", encoding="utf-8")
    (corpus / name).write_text(f"Poisoned\n\n{body}\n", encoding="utf-8")
    return corpus


def make_corpus(folder: Path) -> None:
    """Text files, a JSONL file cut by batch boundaries (with a bad line), a near duplicate, a binary file."""
    folder.mkdir()
    for n in range(7):
        (folder / f"a{n:02d}.txt").write_text(f"Report {n}\n\n{_story(n)}\n", encoding="utf-8")
    (folder / "a99.txt").write_text(
        f"Report 0 again\n\n{_story(0)} One more line was added here.\n", encoding="utf-8"
    )
    lines = [json.dumps({"text": _story(100 + n), "url": f"https://example.org/{n}"}) for n in range(11)]
    lines.insert(5, "{not json")
    (folder / "b.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "c.bin").write_bytes(b"\x00\x01binary\x00" * 40)


def snapshot(db: Path) -> dict[str, object]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        q = {
            "articles": "SELECT id, story_id, input FROM articles ORDER BY id",
            "events": "SELECT article_id, id FROM events ORDER BY ALL",
            "keys": "SELECT count(*), count(DISTINCT article_id) FROM article_keys",
            "failures": "SELECT kind, input, record, stage, reason FROM failures ORDER BY ALL",
            "done": "SELECT input FROM inputs_done ORDER BY input",
            "progress": "SELECT count(*) FROM input_progress",
            "clusters": "SELECT count(*) FROM event_mentions",
        }
        return {name: con.execute(sql).fetchall() for name, sql in q.items()}
    finally:
        con.close()


SETTINGS = Settings(batch_size=3, workers=1)
# The killed runs are forked from this (warm) process: 0.5 s each instead of 3 s with spawn.  No store connection
# is open at the fork (DuckDB's threads end with its last connection); the only other native threads are
# pyarrow's jemalloc background thread and an idle one, both fork-safe, hence the silenced warning.
_CONTEXT = multiprocessing.get_context("fork")


def run(corpus: Path, db: Path, settings: Settings = SETTINGS) -> None:
    with Store(db) as store:
        ingest([str(corpus)], settings, store, make_extractor=fake_extractor)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    base = tmp_path_factory.mktemp("faults")
    corpus = base / "corpus"
    make_corpus(corpus)
    run(corpus, base / "clean.duckdb")
    return corpus, snapshot(base / "clean.duckdb")


def _no_model(settings: Settings) -> None:
    raise AssertionError("a run with nothing left to extract must not build the extractor")


def _killed_child(corpus: Path, db: Path, spec: str) -> None:
    faults.arm(spec)
    run(corpus, db)


def test_clean_run_has_everything(clean: tuple[Path, dict[str, object]]) -> None:
    _, snap = clean
    articles = snap["articles"]
    assert isinstance(articles, list) and len(articles) == 7 + 1 + 11
    assert any(a[1] != a[0] for a in articles)  # the near duplicate joined a story
    assert snap["progress"] == [(0,)]
    assert len(snap["done"]) == 10  # type: ignore[arg-type]
    records = {(Path(f[1]).name, f[2]) for f in snap["failures"]}  # type: ignore[union-attr]
    assert records == {("b.jsonl", "line:6"), ("c.bin", None)}


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
@pytest.mark.parametrize("point", [1, 2, 3, 4, 6, 8, 11, 14, 17, 20])
def test_kill_at_a_commit_point_resumes_to_the_clean_rows(
    point: int, clean: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    corpus, want = clean
    db = tmp_path / "killed.duckdb"
    child = _CONTEXT.Process(target=_killed_child, args=(corpus, db, f"kill@{point}"))
    child.start()
    child.join(120)
    if child.exitcode is None:
        child.kill()
    assert child.exitcode == -9  # it died at that point (SIGKILL), not before and not after the run
    run(corpus, db)
    assert snapshot(db) == want


def test_disk_full_stops_the_run_and_the_rerun_completes(
    clean: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    corpus, want = clean
    db = tmp_path / "full.duckdb"
    faults.arm("enospc@5")
    try:
        with pytest.raises(ResourceError, match="No space left on device"):
            run(corpus, db)
    finally:
        faults.arm("")
    partial = snapshot(db)
    assert len(partial["articles"]) < len(want["articles"])  # type: ignore[arg-type]
    assert not [f for f in partial["failures"] if "space" in str(f)]  # type: ignore[union-attr]
    run(corpus, db)
    assert snapshot(db) == want


def test_dead_worker_is_retried_then_its_records_fail(tmp_path: Path) -> None:
    corpus = _poisoned_corpus(tmp_path, "z.txt", f"{_story(50)} {POISON}.")
    db = tmp_path / "pool.duckdb"
    with Store(db) as store:
        stats = ingest([str(corpus)], Settings(batch_size=3, workers=2), store, make_extractor=fake_extractor)
    # the batch (a3, z) kills its worker, runs again alone, kills again, then goes article by article: only z
    # fails (more restarts when another batch shared the dying pool)
    assert stats.stored == 4 and stats.failed == 1 and stats.worker_restarts >= 3
    snap = snapshot(db)
    assert [f[3:] for f in snap["failures"]] == [("extract", "extract")]  # type: ignore[index]


def test_cli_refuses_bad_numbers_and_strict_counts_skips(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsgraph.runner
    from newsgraph.cli import main

    for args in (["--max-record-bytes", "-1"], ["--workers", "0"], ["--max-file-bytes", "0"]):
        assert main(["ingest", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), *args]) == 1
    monkeypatch.setattr(newsgraph.runner, "_default_maker", fake_extractor)
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "only.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    db = str(tmp_path / "s.duckdb")
    assert main(["ingest", str(folder), "--db", db, "--quiet"]) == 0
    assert (
        main(["ingest", str(folder / "only.txt"), "--db", str(tmp_path / "t.duckdb"), "--quiet", "--strict"])
        == 5
    )


def test_cli_disk_full_is_exit_6_with_one_line(
    clean: tuple[Path, dict[str, object]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import newsgraph.runner
    from newsgraph.cli import main

    corpus, want = clean
    monkeypatch.setattr(newsgraph.runner, "_default_maker", fake_extractor)
    monkeypatch.setenv("NEWSGRAPH_BATCH_SIZE", "3")
    db = tmp_path / "cli.duckdb"
    faults.arm("efbig@4")
    try:
        assert main(["ingest", str(corpus), "--db", str(db), "--quiet"]) == 6
    finally:
        faults.arm("")
    err = capsys.readouterr().err.strip()
    assert err.startswith("newsgraph: error:") and "File too large" in err and len(err.splitlines()) == 1
    assert main(["ingest", str(corpus), "--db", str(db), "--quiet"]) == 0
    assert snapshot(db) == want


def test_hostile_records_are_recorded_and_the_good_ones_stored(tmp_path: Path) -> None:
    import os

    corpus = tmp_path / "hostile"
    corpus.mkdir()
    good = [json.dumps({"text": _story(200 + n)}) for n in range(3)]
    deep = "[" * 100_000 + "]" * 100_000
    surrogate = '{"title": "bad \\udfff title", "text": ' + json.dumps(_story(300)) + "}"
    lines = [good[0], surrogate, good[1], deep, good[2]]
    (corpus / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    odd = os.fsencode(str(corpus)) + b"/caf\xe9-\xff.txt"  # a file name that is not UTF-8
    with open(odd, "wb") as f:
        f.write(f"Odd name\n\n{_story(400)}\n".encode())
    (corpus / "b.txt").write_text(f"Fine\n\n{_story(500)}\n", encoding="utf-8")
    db = tmp_path / "h.duckdb"
    with Store(db) as store:
        ingest([str(corpus)], SETTINGS, store, make_extractor=fake_extractor)
    snap = snapshot(db)
    inputs = [Path(str(a[2])).name for a in snap["articles"]]  # type: ignore[union-attr]
    assert {"b.txt", "caf\\xe9-\\xff.txt"} <= set(inputs)  # the odd name in its escaped form
    assert sum(i.startswith("a.jsonl") for i in inputs) >= 3  # the lines before the deep one at least
    assert any(Path(f[1]).name == "a.jsonl" for f in snap["failures"])  # type: ignore[union-attr]
    with duckdb.connect(str(db), read_only=True) as con:
        # the readers replace a lone surrogate with U+FFFD (and note it); the record is stored, not lost
        assert con.execute("SELECT count(*) FROM articles WHERE title = 'bad \ufffd title'").fetchall() == [
            (1,)
        ]
    with Store(db) as store:  # the rerun has nothing to do, so it loads no model either
        again = ingest([str(corpus)], SETTINGS, store, make_extractor=_no_model)
    assert again.stored == 0 and again.read == 0 and snapshot(db) == snap


def test_a_really_full_disk_stops_the_run_and_the_rerun_completes(tmp_path: Path) -> None:
    """A 1 MB tmpfs holds the store (where this process may mount one; else the injected fault above covers it)."""
    import subprocess

    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)], capture_output=True
    ).returncode:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        corpus = tmp_path / "corpus"
        corpus.mkdir()
        for n in range(120):  # about 1.7 MB of text: fills 1 MB with room to spare
            body = " ".join(_story(n * 7 + k) for k in range(20))
            (corpus / f"{n:03d}.txt").write_text(f"Report {n}\n\n{body}\n", encoding="utf-8")
        settings = Settings(batch_size=8)
        with pytest.raises(ResourceError, match="No space left on device"):
            run(corpus, mnt / "s.duckdb", settings)
        subprocess.run(["mount", "-o", "remount,size=64m", str(mnt)], check=True)  # the fault is fixed
        run(corpus, mnt / "s.duckdb", settings)
        run(corpus, tmp_path / "clean.duckdb", settings)
        assert snapshot(mnt / "s.duckdb") == snapshot(tmp_path / "clean.duckdb")
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)


@pytest.mark.parametrize(
    ("error", "stops"),
    [(PermissionError(13, "Permission denied"), False), (OSError(28, "No space left on device"), True)],
)
def test_a_reader_error_is_the_inputs_fault_unless_the_machine_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, stops: bool
) -> None:
    import newsgraph.batch.shards as shards

    corpus = tmp_path / "c"
    corpus.mkdir()
    for n in range(3):
        (corpus / f"a{n}.txt").write_text(f"Report {n}\n\n{_story(n)}\n", encoding="utf-8")
    real = shards.read_piece

    def read_piece(piece: object, settings: Settings) -> object:
        if str(getattr(piece, "path", "")).endswith("a1.txt"):
            raise error
        return real(piece, settings)  # type: ignore[arg-type]

    monkeypatch.setattr(shards, "read_piece", read_piece)
    db = tmp_path / "r.duckdb"
    if stops:
        with pytest.raises(ResourceError, match="No space left"):
            run(corpus, db)
        assert len(snapshot(db)["done"]) < 3  # type: ignore[arg-type]
        return
    run(corpus, db)
    snap = snapshot(db)
    assert len(snap["articles"]) == 2 and len(snap["done"]) == 3  # type: ignore[arg-type]
    assert [(Path(f[1]).name, f[3]) for f in snap["failures"]] == [("a1.txt", "read")]  # type: ignore[union-attr]


def test_two_workers_store_what_one_worker_stores(tmp_path: Path) -> None:
    """With workers > 1 the cleaning runs in its own pool (newsgraph.pools): same rows, same order of work."""
    corpus = tmp_path / "corpus"
    make_corpus(corpus)
    snaps = []
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.duckdb"
        with Store(db) as store:
            ingest(
                [str(corpus)], Settings(batch_size=3, workers=workers), store, make_extractor=fake_extractor
            )
        snaps.append(snapshot(db))
    assert snaps[0] == snaps[1]
    assert snaps[0]["failures"]  # the bad JSON line and the binary file are recorded either way


def test_dead_cleaning_worker_fails_only_its_record(tmp_path: Path) -> None:
    corpus = _poisoned_corpus(tmp_path, "b.txt", f"{_story(60)} {CLEAN_POISON}.")
    db = tmp_path / "clean-pool.duckdb"
    with Store(db) as store:
        stats = ingest([str(corpus)], Settings(batch_size=3, workers=2), store, make_extractor=fake_extractor,
                       cleaner=poisoned_cleaner)  # fmt: skip
    assert stats.stored == 4 and stats.worker_restarts >= 2  # the record, then the record alone again
    failures = snapshot(db)["failures"]
    assert len(failures) == 1 and "b.txt" in failures[0][1] and "cleaning worker died" in failures[0][4]  # type: ignore[index,arg-type]
