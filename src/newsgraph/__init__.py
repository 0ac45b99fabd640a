"""newsgraph: turn raw news into evidence-linked event data.

Public API::

    import newsgraph
    result = newsgraph.extract(text_or_html, url=None, published="2025-05-01")
    result.events[0].cameo, result.events[0].sentence
    store = newsgraph.Store("newsgraph.duckdb")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from newsgraph.errors import (
    ConfigError,
    ExtractionError,
    IngestError,
    NewsgraphError,
    StoreError,
)
from newsgraph.records import Actor, ActorRef, Article, Claim, Event, Place, Quote, Result, Section
from newsgraph.settings import Settings

if TYPE_CHECKING:
    from newsgraph.store import Store

__all__ = [
    "Actor",
    "ActorRef",
    "Article",
    "Claim",
    "ConfigError",
    "Event",
    "ExtractionError",
    "IngestError",
    "NewsgraphError",
    "Place",
    "Quote",
    "Result",
    "Section",
    "Settings",
    "Store",
    "StoreError",
    "__version__",
    "extract",
]


def extract(
    text_or_html: str,
    *,
    url: str | None = None,
    published: str | None = None,
    settings: Settings | None = None,
) -> Result:
    """Extract actors, events, quotes, claims, places and tone from one article (text or HTML)."""
    from newsgraph.pipeline import default_extractor

    return default_extractor(settings).extract(text_or_html, url=url, published=published)


def __getattr__(name: str) -> Any:
    if name == "Store":
        from newsgraph.store import Store

        return Store
    raise AttributeError(name)
