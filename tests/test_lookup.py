"""``newsgraph event ID``: the event, its evidence offsets, its article and cluster, as text or JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.cli import main
from newsgraph.store import Store
from newsgraph.testing import sample_results


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lookup") / "l.duckdb"
    with Store(path) as s:
        s.write(sample_results(), run_id=None)
        s.cluster_events()
    return path


def test_event_json_has_evidence_article_and_cluster(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["event", "ev-3a", "--json", "--db", str(db)]) == 0
    ev = json.loads(capsys.readouterr().out)
    assert ev["id"] == "ev-3a" and ev["cameo"] == "042" and ev["cameo_name"] == "Make a visit"
    evid = ev["evidence"]
    assert evid["sentence"][evid["trigger_start"] - evid["sentence_start"] :].startswith(evid["trigger"])
    assert evid["sentence_end"] - evid["sentence_start"] == len(evid["sentence"])
    with Store(db, read_only=True) as s:
        art = s.query(f"SELECT id, title FROM articles WHERE id = '{ev['article']['id']}'").to_pylist()[0]
        members = s.query(
            f"SELECT event_id FROM event_mentions WHERE cluster_id = '{ev['cluster']['cluster_id']}'"
        ).to_pylist()
    assert ev["article"]["title"] == art["title"]
    assert {"event_id": "ev-3a"} in members and ev["cluster"]["num_mentions"] == len(members)


def test_event_text_and_forms_of_the_id(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["event", "ev-3a", "--json", "--db", str(db)]) == 0
    article = json.loads(capsys.readouterr().out)["article"]["id"]
    assert main(["event", f"{article}/ev-3a", "--db", str(db)]) == 0
    text = capsys.readouterr().out
    assert "Make a visit" in text and "USAGOV" in text and article in text


@pytest.mark.parametrize("ident", ["nope", "ev-", "<script>"])
def test_unknown_event_is_one_line(db: Path, ident: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["event", ident, "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("newsgraph: error:") and err.count("\n") == 1


@pytest.mark.parametrize("what", ["events", "clusters"])
def test_top_lists_name_cameo_codes(db: Path, what: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["top", what, "--json", "--db", str(db)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all("cameo_name" in r for r in rows)
    assert {"cameo": "042", "name": "Make a visit"} in [
        {"cameo": r["cameo"], "name": r["cameo_name"]} for r in rows
    ]
