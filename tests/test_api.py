"""The curated Python API: newsgraph.extract and newsgraph.Store."""

from __future__ import annotations

from pathlib import Path

import pytest

import newsgraph

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def test_extract_text_and_html() -> None:
    text = (SAMPLES / "state-visit-ankara.txt").read_text(encoding="utf-8")
    r = newsgraph.extract(text)
    assert isinstance(r, newsgraph.Result) and r.article.published == "2025-05-14"  # from the byline
    assert any(e.plover == "ACCUSE" for e in r.events) and r.actors and r.claims
    html = (SAMPLES / "pezeshkian-new-delhi.html").read_text(encoding="utf-8")
    r2 = newsgraph.extract(html, url="https://example.org/x", published="2025-02-18")
    assert r2.article.url == "https://example.org/x" and r2.article.published == "2025-02-18"
    assert r2.events


def test_extract_errors_are_newsgraph_errors() -> None:
    with pytest.raises(newsgraph.NewsgraphError):
        newsgraph.extract("")


def test_store_is_exported(tmp_path: Path) -> None:
    with newsgraph.Store(tmp_path / "s.duckdb") as s:
        assert s.summary()["articles"] == 0
    assert "extract" in newsgraph.__all__ and "Store" in newsgraph.__all__
