"""Shared fixtures: the spaCy pipeline and the Extractor are loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from newsgraph.pipeline import load_spacy

    return load_spacy("md")


@pytest.fixture(scope="session")
def extractor(nlp):  # type: ignore[no-untyped-def]
    from newsgraph.pipeline import Extractor
    from newsgraph.settings import Settings

    return Extractor(Settings(), nlp=nlp)
